"""Damaged, forged and hostile bundles are refused before anything is written, with a message naming why."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import zipfile

import pytest

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.sync.container import Limits
from jiaomei_desktop.sync.keys import KeyPair
from tests.sync.conftest import add_person, export, snapshot, unit_id
from tests.sync.forge import edit_segment, read_entries, resign, resign_segment, segment_name


def _file_hash(store) -> str:  # type: ignore[no-untyped-def]
    """The store file's bytes once every committed page is in it: an earlier write still in the WAL would otherwise
    land in the file at some later checkpoint and look like a change."""
    store.engine.dispose()
    with sqlite3.connect(store.db_path) as conn:
        busy, _log, _moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0
    return hashlib.sha256(store.db_path.read_bytes()).hexdigest()


def test_every_byte_flip_and_truncation_is_rejected_before_any_write(tree, tmp_path) -> None:
    path = export(tree.b2, tmp_path / "small.jmb")
    data = path.read_bytes()
    assert len(data) < 8000
    bundles.import_bundle(tree.c1, path)  # the intact bundle is fine…
    before_bytes, before = _file_hash(tree.c1), snapshot(tree.c1)
    bad = tmp_path / "bad.jmb"
    accepted = []
    for i in range(len(data)):
        bad.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:])
        try:
            bundles.import_bundle(tree.c1, bad)
        except SyncFailed:
            continue
        accepted.append(i)
    assert accepted == [], f"flips accepted at {accepted[:10]}"
    for length in range(len(data)):
        bad.write_bytes(data[:length])
        with pytest.raises(SyncFailed):
            bundles.import_bundle(tree.c1, bad)
    assert snapshot(tree.c1) == before
    assert _file_hash(tree.c1) == before_bytes


def test_a_branch_cannot_submit_rows_in_another_branchs_name(tree, tmp_path) -> None:
    """b1 signs (validly) a segment in which one row claims to be owned by C1-02."""
    b1_unit, other = unit_id(tree.b1, "C1-01"), unit_id(tree.b1, "C1-02")
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    edit_segment(entries, b1_unit, lambda seg: seg.replace(f'"{pid}","{b1_unit}"'.encode(),
                                                           f'"{pid}","{other}"'.encode()))
    resign_segment(entries, tree.b1)
    before = snapshot(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "forged.jmb"))
    assert "不符" in str(err.value) and "李四" in str(err.value) and pid not in str(err.value)
    assert [r.row_id for r in err.value.rejections] == [pid]
    assert snapshot(tree.c1) == before


def test_a_branch_cannot_change_another_branchs_existing_record(tree, tmp_path) -> None:
    pid = add_person(tree.b2, "C1-02", "赵六", 3)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    bundles.import_bundle(tree.b1, export(tree.c1, tmp_path / "down.jmb", direction="down",
                                          recipient_unit_id=unit_id(tree.c1, "C1-01")))
    # b1 now writes a row with the same id as b2's person, as its own, with a higher version
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    import json

    b1_unit, other_line = unit_id(tree.b1, "C1-01"), None
    seg = entries[segment_name(entries, b1_unit)].decode().split("\n")
    for i, line in enumerate(seg):
        if line.startswith("[") and '"王建国"' in line:
            row = json.loads(line)
            row[0], row[2] = pid, 99
            seg[i] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            other_line = i
    assert other_line is not None
    seg_sorted = "\n".join(seg).encode()
    entries[segment_name(entries, b1_unit)] = seg_sorted
    resign_segment(entries, tree.b1)
    before = snapshot(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, resign(entries, tree.b1, tmp_path / "forged.jmb"))
    assert "无权修改" in str(err.value)
    assert snapshot(tree.c1) == before


@pytest.mark.parametrize("how", ["alter", "drop"])
def test_a_committee_cannot_alter_or_drop_a_branchs_rows_it_relays(tree, tmp_path, how) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    add_person(tree.b1, "C1-01", "周五", 4)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    entries = read_entries(export(tree.c1, tmp_path / "c1.jmb"))
    b1_unit = unit_id(tree.c1, "C1-01")

    def tamper(seg: bytes) -> bytes:
        if how == "alter":
            return seg.replace("李四".encode(), "李五".encode())
        lines = seg.split(b"\n")
        victim = next(i for i, line in enumerate(lines) if "周五".encode() in line)
        del lines[victim]
        return b"\n".join(lines).replace(b'"rows":3', b'"rows":2')

    edit_segment(entries, b1_unit, tamper)
    forged = resign(entries, tree.c1, tmp_path / "forged.jmb")  # the committee signs its container honestly
    before = snapshot(tree.group)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, forged)
    assert "签名不符" in str(err.value)
    assert snapshot(tree.group) == before


def test_unknown_office_is_refused(tree, tmp_path, store) -> None:
    # `store` is an unrelated standalone office (its own root key): nobody here provisioned it
    path = export(store, tmp_path / "stranger.jmb")
    before = snapshot(tree.group)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, path)
    assert "不认识" in str(err.value)
    assert snapshot(tree.group) == before


def test_wrong_key_is_refused(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    unit = unit_id(tree.b1, "C1-01")
    forged = resign(entries, (unit, KeyPair.generate()), tmp_path / "forged.jmb")
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged)
    assert "密钥不符" in str(err.value) or "签名" in str(err.value)


def test_a_key_inside_a_bundle_is_not_trusted_by_itself(tree, tmp_path) -> None:
    """A forged certificate for b1 (signed by an unknown key) travels in the bundle: ignored, bundle refused."""
    import json

    from jiaomei_desktop.sync.keys import Certificate

    unit = unit_id(tree.b1, "C1-01")
    rogue = KeyPair.generate()
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    certs = json.loads(entries["certificates.json"])
    fake_path = next(c["unit_path"] for c in certs if c["unit_id"] == unit)
    fake = Certificate(unit, fake_path, rogue.public_b64, unit, 99).signed_by(rogue)
    entries["certificates.json"] = json.dumps([*certs, fake.as_dict()]).encode()
    with pytest.raises(SyncFailed):
        bundles.import_bundle(tree.c1, resign(entries, (unit, rogue), tmp_path / "forged.jmb"))


def test_lost_key_is_replaced_through_the_parent(tree, tmp_path) -> None:
    old_bundle = export(tree.b1, tmp_path / "old.jmb")
    old_fp = bundles.key_info(tree.c1)
    from jiaomei_desktop.services import office_keys

    office_keys.revoke_child_key(tree.c1, unit_id(tree.c1, "C1-01"))  # a new key only after the old one is revoked
    setup = bundles.provision_child(tree.c1, unit_id(tree.c1, "C1-01"), tmp_path / "again.jms", "another pass phrase")
    new_b1, _ = bundles.setup_from_file(tmp_path / "new-b1", setup.path, "another pass phrase")
    try:
        assert bundles.key_info(new_b1).fingerprint == setup.fingerprint
        assert setup.fingerprint not in {k.fingerprint for k in old_fp.trusted}
        with pytest.raises(SyncFailed):
            bundles.import_bundle(tree.c1, old_bundle)  # the lost key no longer counts
        pid = add_person(new_b1, "C1-01", "新人", 7)
        bundles.import_bundle(tree.c1, export(new_b1, tmp_path / "new.jmb"))
        bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))  # group learns the new key via C1
        from tests.sync.conftest import person_row

        assert person_row(tree.group, pid) is not None
    finally:
        new_b1.close()


# -- zip safety ---------------------------------------------------------------------------------------------------
def _info(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("name,expected", [
    ("../x", "不安全"), ("/x", "不安全"), ("C:\\x", "不安全"), ("segments/../../evil.jsonl", "不安全"),
    ("manifest.json", "重复"),
])
def test_zip_slip_and_duplicate_names(tree, tmp_path, name, expected) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb", extra=[(_info(name), b"x")])
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged)
    assert expected in str(err.value)


def test_symlink_entry_is_refused(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    link = _info("photos/" + "a" * 64, stat.S_IFLNK | 0o777)
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb", extra=[(link, b"/etc/passwd")])
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged)
    assert "不是普通文件" in str(err.value)


def test_zip_bomb_is_refused(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    bomb = b"\0" * (64 * 1024**2)
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb",
                    extra=[(_info("photos/" + hashlib.sha256(bomb).hexdigest()), bomb)])
    assert forged.stat().st_size < 2 * 1024**2
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged)
    assert "压缩炸弹" in str(err.value)


def test_total_size_bomb_is_refused(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    parts = [(_info("photos/" + f"{i:064x}"), bytes(range(256)) * 4096) for i in range(5)]
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb", extra=parts)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged, limits=Limits(max_total_bytes=4 * 1024**2))
    assert "过大" in str(err.value)


def test_entry_count_bomb_is_refused(tree, tmp_path) -> None:
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    many = [(_info("photos/" + f"{i:064x}"), b"") for i in range(300)]
    forged = resign(entries, tree.b1, tmp_path / "forged.jmb", extra=many)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, forged, limits=Limits(max_entries=200))
    assert "数量过多" in str(err.value)


def _plant(tree, tmp_path, change):  # type: ignore[no-untyped-def]
    """b1 signs (validly) a segment whose person row was altered by `change(row) -> row`."""
    import json

    unit = unit_id(tree.b1, "C1-01")
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    entries = read_entries(export(tree.b1, tmp_path / "b1.jmb"))
    lines = entries[segment_name(entries, unit)].decode().split("\n")
    columns = None
    for i, line in enumerate(lines):
        if line.startswith('{"table":"person"'):
            columns = json.loads(line)["columns"]
        elif columns and line.startswith(f'["{pid}"'):
            row = dict(zip(columns, json.loads(line), strict=True))
            lines[i] = json.dumps(list(change(row).values()), ensure_ascii=False, separators=(",", ":"))
            columns = None
    entries[segment_name(entries, unit)] = "\n".join(lines).encode()
    resign_segment(entries, tree.b1)
    return pid, resign(entries, tree.b1, tmp_path / "planted.jmb")


@pytest.mark.parametrize("field,value,words", [
    ("birth_date", "1985-13-45", "不是有效日期"), ("version", "2", "应为整数"), ("name", None, "不能为空"),
    ("name", "名" * 61, "超过60个字符"), ("branch_id", "00000000-0000-4000-8000-000000000000", "记录不存在"),
])
def test_a_single_bad_record_rejects_the_bundle_and_is_named(tree, tmp_path, field, value, words) -> None:
    pid, path = _plant(tree, tmp_path, lambda row: {**row, field: value})
    before = snapshot(tree.c1)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.c1, path)
    assert words in str(err.value)
    assert pid in [r.row_id for r in err.value.rejections]
    assert snapshot(tree.c1) == before
