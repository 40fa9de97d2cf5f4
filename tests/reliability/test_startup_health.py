"""The start-up diagnosis under faults: each case gets its own kind and message, a restore offer where a backup helps
(only backups that pass a check), and nothing is lost or re-created. The command line says the same, never a trace."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import backups, health, org
from jiaomei_desktop.services.health import Kind
from jiaomei_desktop.services.store import Store, open_store
from tests.conftest import unit_id
from tests.reliability.faults import checkpoint, os_error, root_page, unit_codes, zero_page
from tests.reliability.test_backups import _damage

CODES = {"T", "T-01", "T-02"}


@pytest.fixture
def backed_up(store: Store) -> Path:
    """A closed store with one good backup (before T-03 was added): returns the data folder."""
    backups.backup_now(store, backups.REASON_DAILY)
    org.add_unit(store, unit_id(store, "T"), "T-03", "机电三队党支部", org.UnitKind.BRANCH)
    directory = store.data_dir
    store.close()
    checkpoint(directory / "jiaomei.sqlite3")
    return directory


def _cli(capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


def test_a_sound_store_is_ok(backed_up: Path) -> None:
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.OK and diagnosis.can_open and diagnosis.message == ""


def test_missing_store_without_backups_is_a_first_start(tmp_path: Path) -> None:
    diagnosis = health.diagnose(tmp_path / "new")
    assert diagnosis.kind == Kind.MISSING and not diagnosis.backups and not diagnosis.restore_helps


def test_missing_store_with_backups_offers_them(backed_up: Path) -> None:
    (backed_up / "jiaomei.sqlite3").unlink()
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.MISSING and diagnosis.restore_helps
    assert "没有找到数据文件" in diagnosis.message and "完好的备份" in diagnosis.message


def test_a_zero_byte_store_with_backups_is_empty_not_new_and_is_kept(backed_up: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = backed_up / "jiaomei.sqlite3"
    db.write_bytes(b"")
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.EMPTY and diagnosis.restore_helps
    assert "0 字节" in diagnosis.message
    code, text = _cli(capsys, "backup", "check", "--data-dir", str(backed_up))
    assert code == 3 and "空的" in text and "数据文件完好" not in text and "backup restore" in text
    code, text = _cli(capsys, "org", "list", "--data-dir", str(backed_up))
    assert code == 3 and "空的" in text
    assert db.stat().st_size == 0  # never re-created over
    backups.restore_backup(backed_up, diagnosis.backups[0].path)
    assert unit_codes(db) == CODES


def test_not_a_database(backed_up: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = backed_up / "jiaomei.sqlite3"
    db.write_bytes(b"PK\x03\x04 a zip file copied over the store" + b"\0" * 5000)
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.NOT_DATABASE and diagnosis.where == ["文件头"] and diagnosis.restore_helps
    code, text = _cli(capsys, "roster", "list", "--data-dir", str(backed_up))
    assert code == 3 and "不是本程序的数据文件" in text


def test_a_zeroed_header_page(backed_up: Path) -> None:
    zero_page(backed_up / "jiaomei.sqlite3", 1)
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.NOT_DATABASE and diagnosis.restore_helps


def test_a_zeroed_table_root_page_names_the_table(backed_up: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = backed_up / "jiaomei.sqlite3"
    zero_page(db, root_page(db, "org_unit"))
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.DAMAGED and diagnosis.where == ["org_unit"]
    assert "org_unit" in diagnosis.message and diagnosis.restore_helps
    # a command that reads that table: the diagnosis and the restore command, not a traceback
    code, text = _cli(capsys, "org", "list", "--data-dir", str(backed_up), "--json")
    payload = json.loads(text.strip().splitlines()[-1])
    assert code == 3 and payload["diagnosis"]["kind"] == "damaged" and payload["diagnosis"]["where"] == ["org_unit"]
    assert "backup restore" in payload["error"]
    backups.restore_backup(backed_up, Path(payload["diagnosis"]["backups"][0]["path"]))
    assert unit_codes(db) == CODES
    assert health.diagnose(backed_up).ok


def test_damage_spread_over_random_pages(backed_up: Path) -> None:
    _damage(backed_up / "jiaomei.sqlite3")
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind in (Kind.DAMAGED, Kind.NOT_DATABASE) and diagnosis.where and diagnosis.restore_helps


def test_a_truncated_store(backed_up: Path) -> None:
    db = backed_up / "jiaomei.sqlite3"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.DAMAGED and diagnosis.restore_helps


def test_a_damaged_backup_is_never_offered(backed_up: Path) -> None:
    db = backed_up / "jiaomei.sqlite3"
    zero_page(db, root_page(db, "org_unit"))
    only = backups.list_backups(backed_up)[0].path
    only.write_bytes(only.read_bytes()[:-300])  # the only backup is cut short as well
    backups._known_good.clear()
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.DAMAGED and diagnosis.backups == [] and not diagnosis.restore_helps
    assert "没有找到完好的备份" in diagnosis.message


def test_a_store_from_a_newer_program(backed_up: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(backed_up / "jiaomei.sqlite3")
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.TOO_NEW and not diagnosis.restore_helps and "升级" in diagnosis.message
    code, text = _cli(capsys, "org", "list", "--data-dir", str(backed_up))
    assert code == 3 and "更新版本" in text


def test_a_read_only_folder(backed_up: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    def refuse(_folder: Path) -> None:
        raise os_error(errno.EROFS)

    monkeypatch.setattr(health, "write_probe", refuse)
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.READ_ONLY and not diagnosis.restore_helps
    assert "不能写入" in diagnosis.message and "已损坏" not in diagnosis.message
    code, text = _cli(capsys, "backup", "check", "--data-dir", str(backed_up))
    assert code == 3 and "不能写入" in text and "已损坏" not in text
    assert health.diagnose_folder(backed_up).kind == Kind.READ_ONLY


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="chmod does not stop root from writing")
def test_a_read_only_folder_by_permissions(backed_up: Path) -> None:
    backed_up.chmod(0o555)
    try:
        assert health.diagnose(backed_up).kind == Kind.READ_ONLY
    finally:
        backed_up.chmod(0o755)


def test_a_full_disk(backed_up: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(health, "free_bytes", lambda _folder: 16 * 1024)
    diagnosis = health.diagnose(backed_up)
    assert diagnosis.kind == Kind.DISK_FULL and "磁盘已满" in diagnosis.message and "已损坏" not in diagnosis.message
    monkeypatch.setattr(health, "free_bytes", lambda _folder: 1 << 30)

    def full(_folder: Path) -> None:
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(health, "write_probe", full)
    assert health.diagnose(backed_up).kind == Kind.DISK_FULL
    assert unit_codes(backed_up / "jiaomei.sqlite3") == CODES | {"T-03"}


def test_a_path_too_long(tmp_path: Path) -> None:
    deep = tmp_path
    while len(os.fsencode(str(deep))) <= health.MAX_DIR_BYTES:
        deep = deep / ("长路径" * 10)
    diagnosis = health.diagnose(deep)
    assert diagnosis.kind == Kind.PATH_UNUSABLE and "路径" in diagnosis.message
    assert not deep.exists()  # nothing half-made


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    assert health.diagnose(tmp_path / "data").kind == Kind.PATH_UNUSABLE


@pytest.mark.parametrize("name", ["50%进度", "a%20b", "百分号%%"])
def test_a_folder_with_percent_signs_holds_a_store(tmp_path: Path, name: str) -> None:
    directory = tmp_path / name
    store = open_store(directory)
    org.create_office_unit(store, "P", "百分号党支部", org.UnitKind.BRANCH)
    backups.backup_now(store)
    store.close()
    assert (directory / "jiaomei.sqlite3").exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # not a URL-decoded twin such as "a b"
    assert health.diagnose(directory).ok
    assert unit_codes(directory / "jiaomei.sqlite3") == {"P"}


def test_leftover_temporary_files_are_cleaned_at_the_next_start(backed_up: Path) -> None:
    folder = backups.backup_dir(backed_up)
    leftovers = [
        folder / "jiaomei-000009-20261203-101010-manual.copying",
        folder / "jiaomei-000009.copying-journal",
        folder / "jiaomei-000008-20261203-101010-daily.sqlite3.partial",
        folder / ".checking-abc.sqlite3",
        backed_up / "jiaomei.sqlite3.restoring",
        backed_up / "jiaomei.sqlite3.restoring-journal",
        backed_up / "jiaomei.sqlite3.open.tmp",
        backed_up / ".jiaomei-write-test-1-2",
    ]
    for path in leftovers:
        path.write_bytes(b"half")
        os.utime(path, (1, 1))  # long untouched: its program has ended
    fresh = folder / "jiaomei-000010-20261203-101010-manual.copying"
    fresh.write_bytes(b"being written now")
    assert health.diagnose(backed_up).ok
    assert not any(p.exists() for p in leftovers)
    assert fresh.exists()  # another program may be writing it this second
    assert len(backups.list_backups(backed_up)) == 1


def test_a_restore_into_a_path_too_long_blames_the_path_not_the_backup(backed_up: Path, tmp_path: Path) -> None:
    backup = backups.list_backups(backed_up)[0].path
    deep = tmp_path
    while len(os.fsencode(str(deep / "jiaomei.sqlite3.restoring"))) <= 503:
        deep = deep / "深"
    deep.mkdir(parents=True)
    with pytest.raises(backups.RestoreFailed) as err:
        backups.restore_backup(deep, backup)
    assert "路径" in str(err.value) and "也已损坏" not in str(err.value)
    assert list(deep.iterdir()) == []
