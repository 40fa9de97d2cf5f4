"""Import pipeline and export: schema skew, dry run, consolidation, encryption, full and pulled sticks."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3

import pytest

from jiaomei_desktop.db.migrate import head_revision
from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.sync import container
from tests.sync.conftest import add_person, edit_person, export, person_row, snapshot, unit_id
from tests.sync.forge import edit_segment, read_entries, resign, resign_segment


def _store_files(store) -> dict[str, str]:
    store.engine.dispose()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(store.db_path.parent.glob("jiaomei*"))}


# -- schema skew -------------------------------------------------------------------------------------------------
def test_bundle_from_a_newer_schema_asks_for_an_upgrade(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    manifest = json.loads(entries["manifest.json"])
    manifest["schema_revision"] = "9999"
    entries["manifest.json"] = json.dumps(manifest).encode()
    before = snapshot(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "newer.jmb"))
    assert "升级程序" in str(err.value)
    assert snapshot(tree.c1) == before


def test_segment_from_a_newer_schema_asks_for_an_upgrade(tree, tmp_path) -> None:
    unit = unit_id(tree.b1, "C1-01")
    add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    edit_segment(entries, unit, lambda seg: seg.replace(b'"schema_revision":"', b'"schema_revision":"9', 1))
    resign_segment(entries, tree.b1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "newer.jmb"))
    assert "升级程序" in str(err.value)


def test_bundle_from_an_older_schema_is_brought_up_to_date(tree, tmp_path) -> None:
    """An office still on revision 0004 whose person table lacked `membership_state` (it has a default)."""
    unit = unit_id(tree.b1, "C1-01")
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))

    def downgrade(seg: bytes) -> bytes:
        lines = seg.decode().split("\n")
        head = f'"schema_revision":"{head_revision()}"'
        assert head in lines[0]
        lines[0] = lines[0].replace(head, '"schema_revision":"0004"')
        for i, line in enumerate(lines):
            if line.startswith('{"table":"person"'):
                meta = json.loads(line)
                drop = meta["columns"].index("membership_state")
                meta["columns"].pop(drop)
                lines[i] = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
                for j in range(i + 1, i + 1 + meta["rows"]):
                    row = json.loads(lines[j])
                    row.pop(drop)
                    lines[j] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        return "\n".join(lines).encode()

    edit_segment(entries, unit, downgrade)
    resign_segment(entries, tree.b1)
    manifest = json.loads(entries["manifest.json"])
    manifest["schema_revision"] = "0004"
    entries["manifest.json"] = json.dumps(manifest).encode()
    summary = bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "older.jmb"))
    assert summary.upgraded and summary.totals()["new"] == 1
    assert person_row(tree.c1, pid).membership_state == "在册"


# -- dry run -----------------------------------------------------------------------------------------------------
def test_dry_run_equals_the_real_import_and_leaves_the_file_byte_identical(tree, tmp_path) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    add_person(tree.b1, "C1-01", "周五", 4)
    path = export(tree.b1, tmp_path / "b1.jmb")
    before = _store_files(tree.c1)
    dry = bundles.import_bundle(tree.c1, path, dry_run=True)
    assert _store_files(tree.c1) == before
    real = bundles.import_bundle(tree.c1, path)
    assert dry.as_dict() == real.as_dict()
    assert _store_files(tree.c1) != before


def test_dry_run_reports_rejections_like_the_real_import(tree, tmp_path) -> None:
    unit, other = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "C1-02")
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    edit_segment(entries, unit, lambda seg: seg.replace(f'"{pid}","{unit}"'.encode(), f'"{pid}","{other}"'.encode()))
    resign_segment(entries, tree.b1)
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb")
    messages = []
    for dry in (True, False):
        with pytest.raises(SyncFailed) as err:
            bundles.import_bundle(tree.c1, forged, dry_run=dry)
        messages.append(str(err.value))
    assert messages[0] == messages[1]


# -- consolidation -----------------------------------------------------------------------------------------------
def test_consolidated_totals_equal_the_sum_of_the_branches(tree, tmp_path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    for i in range(3):
        add_person(tree.b1, "C1-01", "甲乙丙"[i] + "某", 10 + i)
    for i in range(2):
        add_person(tree.b2, "C1-02", "丁戊"[i] + "某", 20 + i)
    counts = []
    for name, store in (("b1", tree.b1), ("b2", tree.b2)):
        path = export(store, folder / f"{name}.jmb")
        counts.append(sum(json.loads(read_entries(path)["manifest.json"])["row_counts"].values()))
    (folder / "broken.jmb").write_bytes(b"not a bundle")
    report = bundles.consolidate(tree.c1, folder)
    assert report.imported == 2 and report.failed == 1
    assert "broken.jmb" in [n for n, s, e in report.files if s is None]
    assert sum(report.totals().values()) == sum(counts)
    assert report.totals()["new"] == 5  # the five new people; the handed-over person is unchanged


def _schema_objects(store) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(store.db_path) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def test_a_bundle_refused_while_merging_is_undone_alone(tree, tmp_path) -> None:
    """Bundles share a savepoint; one refused after others of its batch were merged must not take them along."""
    folder = tmp_path / "stick"
    folder.mkdir()
    first = add_person(tree.b1, "C1-01", "甲某", 10)
    export(tree.b1, folder / "a.jmb")
    b1_unit, other = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "C1-02")
    forged_pid = add_person(tree.b1, "C1-01", "乙某", 11)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    edit_segment(entries, b1_unit, lambda seg: seg.replace(f'"{forged_pid}","{b1_unit}"'.encode(),
                                                           f'"{forged_pid}","{other}"'.encode()))
    resign_segment(entries, tree.b1)
    resign(entries, tree.b1, folder / "b.jmb")
    last = add_person(tree.b2, "C1-02", "丙某", 20)
    export(tree.b2, folder / "c.jmb")
    schema = _schema_objects(tree.c1)
    report = bundles.consolidate(tree.c1, folder)
    assert [(n, s is not None) for n, s, _e in report.files] == [("a.jmb", True), ("b.jmb", False), ("c.jmb", True)]
    assert "乙某" in report.files[1][2] and forged_pid not in report.files[1][2]
    assert person_row(tree.c1, first) is not None and person_row(tree.c1, last) is not None
    assert person_row(tree.c1, forged_pid) is None
    assert report.totals()["new"] == 2
    assert _schema_objects(tree.c1) == schema  # the indexes built after the load are all back, unchanged


def test_rows_merged_earlier_in_a_consolidation_are_found_by_later_bundles(tree, tmp_path) -> None:
    """The second export of the same branch updates the rows the first one inserted, in the same transaction."""
    folder = tmp_path / "stick"
    folder.mkdir()
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    export(tree.b1, folder / "1-old.jmb")
    edit_person(tree.b1, pid, post="班长")
    export(tree.b1, folder / "2-new.jmb")
    report = bundles.consolidate(tree.c1, folder)
    assert report.failed == 0
    assert [s.totals()["new"] for _n, s, _e in report.files] == [1, 0]
    assert report.files[1][1].totals()["updated"] == 1
    assert person_row(tree.c1, pid).post == "班长"


def test_cancelled_consolidation_leaves_the_store_as_it_was(tree, tmp_path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    add_person(tree.b1, "C1-01", "甲", 10)
    add_person(tree.b2, "C1-02", "乙", 20)
    export(tree.b1, folder / "a.jmb")
    export(tree.b2, folder / "b.jmb")
    before = snapshot(tree.c1)
    progress = Progress(lambda done, total, text: progress.cancel() if done == 1 else None)
    schema = _schema_objects(tree.c1)
    with pytest.raises(Cancelled):
        bundles.consolidate(tree.c1, folder, progress=progress)
    assert snapshot(tree.c1) == before
    assert _schema_objects(tree.c1) == schema


# -- export -----------------------------------------------------------------------------------------------------
def test_encrypted_bundle(tree, tmp_path) -> None:
    add_person(tree.b1, "C1-01", "李四", 2, phone="13800000000")
    path = export(tree.b1, tmp_path / "b1.jmb", passphrase="stick passphrase")
    data = path.read_bytes()
    assert data.startswith(b"JMENC1") and "李四".encode() not in data and b"manifest" not in data
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, path)
    assert "已加密" in str(err.value)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, path, passphrase="wrong passphrase")
    assert "密码不正确" in str(err.value)
    assert bundles.import_bundle(tree.c1, path, passphrase="stick passphrase").totals()["new"] == 1


def test_short_passphrase_is_refused(tree, tmp_path) -> None:
    with pytest.raises(SyncFailed) as err:
        bundles.export_bundle(tree.b1, tmp_path / "b1.jmb", passphrase="123")
    assert "至少" in str(err.value)
    assert not (tmp_path / "b1.jmb").exists()


@pytest.mark.parametrize("code,words,where", [(errno.ENOSPC, "空间不足", "fsync"), (errno.EIO, "拔出", "replace")])
def test_full_or_pulled_stick_leaves_no_half_file(tree, tmp_path, monkeypatch, code, words, where) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    export(tree.b1, tmp_path / "first.jmb")
    seq_before = tree.b1.get_setting("sync.own_seq")
    add_person(tree.b1, "C1-01", "周五", 3)

    def fail(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(container.os, where, fail)
    target = tmp_path / "stick" / "b1.jmb"
    target.parent.mkdir()
    with pytest.raises(SyncFailed) as err:
        bundles.export_bundle(tree.b1, target)
    assert words in str(err.value)
    assert list(target.parent.iterdir()) == []  # neither the bundle nor a temp file
    tree.b1._settings_cache.clear()
    assert tree.b1.get_setting("sync.own_seq") == seq_before  # the segment number was not used up


def test_export_to_a_missing_folder_says_so(tree, tmp_path) -> None:
    with pytest.raises(SyncFailed) as err:
        bundles.export_bundle(tree.b1, tmp_path / "nope" / "b1.jmb")
    assert "不存在" in str(err.value)


def test_downward_bundle_carries_no_other_branchs_people(tree, tmp_path) -> None:
    pid_b2 = add_person(tree.b2, "C1-02", "赵六", 3)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    down = export(tree.c1, tmp_path / "down.jmb", direction="down", recipient_unit_id=unit_id(tree.c1, "C1-01"))
    assert "赵六".encode() not in b"".join(read_entries(down).values())
    bundles.import_bundle(tree.b1, down)
    assert person_row(tree.b1, pid_b2) is None


def test_dry_run_consolidation_changes_nothing(tree, tmp_path) -> None:
    folder = tmp_path / "stick"
    folder.mkdir()
    add_person(tree.b1, "C1-01", "甲某", 10)
    export(tree.b1, folder / "a.jmb")
    before = _store_files(tree.c1)
    dry = bundles.consolidate(tree.c1, folder, dry_run=True)
    assert _store_files(tree.c1) == before
    assert dry.as_dict() == bundles.consolidate(tree.c1, folder).as_dict()
