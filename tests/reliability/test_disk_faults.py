"""A full disk (ENOSPC, SQLITE_FULL) and a read-only one (EROFS, SQLITE_READONLY) on every write path: the right
message, never "已损坏" nor a raw errno, and the store exactly as it was."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db import migrate
from jiaomei_desktop.services import backups, org, roster_excel
from jiaomei_desktop.services.storage_errors import FULL, READ_ONLY, StorageError, storage_kind
from jiaomei_desktop.services.store import Store, StoreError, open_store
from jiaomei_desktop.sync import connection
from tests.conftest import unit_id
from tests.reliability.faults import os_error, unit_codes

CODES = {"T", "T-01", "T-02"}


def _limit_pages(store: Store, pragma: str) -> None:
    """From now on every connection of the store runs `pragma` (max_page_count: SQLite's own 'disk is full')."""
    event.listen(store.engine, "connect", lambda conn, _record: conn.execute(pragma))
    store.engine.dispose()


def _fill(store: Store) -> None:
    for n in range(400):
        org.add_unit(store, unit_id(store, "T"), f"T-5{n:03d}", f"填满第{n}党支部" * 8, org.UnitKind.BRANCH)


def test_a_full_disk_during_a_transaction_says_so_and_writes_nothing(store: Store) -> None:
    conn = sqlite3.connect(store.db_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    _limit_pages(store, f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StorageError) as err:
        _fill(store)
    assert err.value.kind == FULL and "磁盘已满" in str(err.value) and "已损坏" not in str(err.value)
    store.close()
    codes = unit_codes(store.db_path)
    assert codes >= CODES and len(codes) < 403  # whole additions only: each one committed or not at all


def test_a_read_only_store_during_a_transaction_says_so(store: Store) -> None:
    _limit_pages(store, "PRAGMA query_only = 1")
    with pytest.raises(StorageError) as err:
        org.add_unit(store, unit_id(store, "T"), "T-09", "只读党支部", org.UnitKind.BRANCH)
    assert err.value.kind == READ_ONLY and "不能写入" in str(err.value)
    store.close()
    assert unit_codes(store.db_path) == CODES


def test_a_full_disk_in_a_sync_transaction_is_not_hidden_by_rollback(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store.close()
    plain = connection._pragmas
    monkeypatch.setattr(connection, "_pragmas", lambda conn: (plain(conn), conn.execute("PRAGMA max_page_count = 1")))
    with pytest.raises(sqlite3.OperationalError) as err, connection.write_transaction(store.db_path) as conn:
        conn.execute("CREATE TABLE filler (x)")
        for _ in range(50):
            conn.execute("INSERT INTO filler VALUES (zeroblob(100000))")
    assert "cannot rollback" not in str(err.value) and storage_kind(err.value) == FULL
    assert unit_codes(store.db_path) == CODES


def test_a_full_disk_while_backing_up_leaves_no_half_copy(store: Store, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    good = backups.backup_now(store, backups.REASON_MANUAL)

    def full(_source: Path, target: Path) -> None:
        target.write_bytes(b"half a copy")
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(backups, "_copy_db", full)
    with pytest.raises(StorageError) as err:
        backups.backup_now(store, backups.REASON_MANUAL)
    assert err.value.kind == FULL and "磁盘已满" in str(err.value)
    assert [p.name for p in backups.backup_dir(store.data_dir).iterdir()] == [good.name]
    directory = str(store.data_dir)
    store.close()
    code = main(["backup", "now", "--data-dir", directory])
    out = capsys.readouterr()
    assert code != 0 and "磁盘已满" in out.err and "Traceback" not in out.err + out.out


def test_an_import_on_a_full_disk_changes_nothing(store: Store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.excel_fixtures import messy_roster

    plan = roster_excel.plan_roster_import(store, messy_roster(tmp_path / "m.xlsx"), None)
    monkeypatch.setattr(backups, "_copy_db", lambda _s, _t: (_ for _ in ()).throw(os_error(errno.ENOSPC)))
    with pytest.raises(StorageError, match="磁盘已满"):
        roster_excel.commit_roster_import(store, plan)
    store.close()
    conn = sqlite3.connect(store.db_path)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0  # the backup failed first: no row written
    conn.close()
    assert unit_codes(store.db_path) == CODES


def test_creating_a_store_on_a_full_or_read_only_disk(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full(_db: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade_to_head", full)
    with pytest.raises(StoreError, match="磁盘已满"):
        open_store(tmp_path / "new")

    def read_only(_db: Path) -> None:
        raise os_error(errno.EROFS)

    monkeypatch.setattr(migrate, "upgrade_to_head", read_only)
    with pytest.raises(StoreError, match="不能写入") as err:
        open_store(tmp_path / "new2")
    assert "已损坏" not in str(err.value) and "Errno" not in str(err.value)


def test_a_restore_on_a_full_disk_changes_nothing(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    backup = backups.backup_now(store, backups.REASON_MANUAL)
    data_dir = store.data_dir
    store.close()
    before = (data_dir / "jiaomei.sqlite3").read_bytes()

    def full(_backup: Path, target: Path) -> None:
        target.write_bytes(b"half")
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(backups, "expand_backup", full)
    with pytest.raises(backups.RestoreFailed, match="磁盘已满"):
        backups.restore_backup(data_dir, backup)
    assert (data_dir / "jiaomei.sqlite3").read_bytes() == before
    assert not (data_dir / "jiaomei.sqlite3.restoring").exists()


def test_an_unexpected_error_in_a_command_is_a_message_and_a_log_entry(store: Store, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.cli import backup_cmd

    def bug(_args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(backup_cmd, "run_list", bug)
    directory = store.data_dir
    store.close()
    code = main(["backup", "list", "--data-dir", str(directory)])
    out = capsys.readouterr()
    assert code == 70 and "程序内部错误" in out.err and "Traceback" not in out.err + out.out
    assert "KeyError" in (directory / "jiaomei.log").read_text(encoding="utf-8")
