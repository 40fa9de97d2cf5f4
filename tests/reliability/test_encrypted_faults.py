"""Faults on an encrypted store and on a store another process holds: sqlcipher3 raises its own exception classes
(not sqlite3's), and "database is locked" is neither damage nor a full disk — each still gets its own Chinese
message, on the start-up path (GUI and CLI) and when writing."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from jiaomei_desktop.cli.errors import unexpected_error
from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db import migrate, sqlite_connect
from jiaomei_desktop.db.sqlite_connect import key_for, lock_folder
from jiaomei_desktop.services import backups, bundles, encryption, health, org
from jiaomei_desktop.services.health import Kind
from jiaomei_desktop.services.storage_errors import FULL, LOCKED, StorageError, is_damage, storage_kind
from jiaomei_desktop.services.store import DB_FILENAME, Store, open_store
from jiaomei_desktop.sync import connection
from tests.conftest import unit_id
from tests.reliability.faults import held_by_another_process, zero_page

PASSWORD = "mima1234"
CODE = "ABCD-EFGH-JKMN-PQRS"
CODES = {"T", "T-01", "T-02"}


def _codes(data_dir: Path) -> set[str]:
    conn = sqlite_connect.connect(data_dir / DB_FILENAME)  # keyed when the folder is unlocked
    try:
        return {str(r[0]) for r in conn.execute("SELECT code FROM org_unit")}
    finally:
        conn.close()


def _root_page(data_dir: Path, table: str) -> int:
    conn = sqlite_connect.connect(data_dir / DB_FILENAME)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def encrypted(store: Store) -> Iterator[Path]:
    """A closed, encrypted store (unlocked in this process) with one good backup: returns the data folder."""
    data_dir = store.data_dir
    backups.backup_now(store, backups.REASON_DAILY)
    store.close()
    encryption.encrypt_store(data_dir, PASSWORD, CODE)
    assert encryption.is_encrypted(data_dir) and key_for(data_dir / DB_FILENAME) is not None
    yield data_dir
    lock_folder(data_dir)


@pytest.fixture(params=["plain", "encrypted"])
def either(request: pytest.FixtureRequest, store: Store) -> Iterator[Path]:
    """A closed store, plain or encrypted."""
    data_dir = store.data_dir
    store.close()
    if request.param == "encrypted":
        encryption.encrypt_store(data_dir, PASSWORD, CODE)
    yield data_dir
    lock_folder(data_dir)


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up checks wait 0.1 s for a lock instead of SQLite's 5 s (the outcome is the same, only sooner)."""
    quick = functools.partial(sqlite_connect.connect, timeout=0.1)
    for module in (migrate, backups, health):
        monkeypatch.setattr(module, "connect_db", quick)


def _short_busy(store: Store, extra: str = "") -> None:
    event.listen(store.engine, "connect", lambda conn, _record: conn.execute("PRAGMA busy_timeout = 100"))
    if extra:
        event.listen(store.engine, "connect", lambda conn, _record: conn.execute(extra))
    store.engine.dispose()


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


# -- sqlcipher3's errors are caught where sqlite3's are -----------------------------------------------------------
def test_a_damaged_page_of_an_encrypted_store_is_found_and_named(encrypted: Path) -> None:
    zero_page(encrypted / DB_FILENAME, _root_page(encrypted, "org_unit"))
    diagnosis = health.diagnose(encrypted)
    assert diagnosis.kind == Kind.DAMAGED and "org_unit" in diagnosis.where
    assert "已损坏" in diagnosis.message and "组织机构" in diagnosis.message and diagnosis.restore_helps
    assert backups.quick_check(diagnosis.backups[0].path) == []  # the offered backup is encrypted and sound


def test_reading_a_damaged_encrypted_page_is_damage_and_the_cli_offers_the_backup(encrypted: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    zero_page(encrypted / DB_FILENAME, _root_page(encrypted, "org_unit"))
    store = open_store(encrypted, create=False)
    try:
        with pytest.raises(Exception) as err:  # whatever class the driver raises, it must read as damage
            org.list_units(store)
    finally:
        store.close()
    assert type(err.value).__module__.startswith(("sqlcipher3", "sqlalchemy"))
    assert is_damage(err.value) and storage_kind(err.value) is None
    code, text = _cli(capsys, "org", "list", "--data-dir", str(encrypted))
    assert code == 3 and "已损坏" in text and "jiaomei backup restore" in text


def test_a_full_disk_under_an_encrypted_store_says_so_and_writes_nothing(encrypted: Path) -> None:
    store = open_store(encrypted, create=False)
    try:
        pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
        _short_busy(store, f"PRAGMA max_page_count = {int(pages or 0) + 1}")
        with pytest.raises(StorageError) as err:
            for n in range(400):
                org.add_unit(store, unit_id(store, "T"), f"T-5{n:03d}", f"填满第{n}党支部" * 8, org.UnitKind.BRANCH)
    finally:
        store.close()
    assert err.value.kind == FULL and "磁盘已满" in str(err.value) and "已损坏" not in str(err.value)
    codes = _codes(encrypted)
    assert codes >= CODES and len(codes) < 403


def test_a_full_disk_in_an_encrypted_sync_transaction_is_named(encrypted: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plain = connection._pragmas
    monkeypatch.setattr(connection, "_pragmas", lambda conn: (plain(conn), conn.execute("PRAGMA max_page_count = 1")))
    with (
        pytest.raises(bundles.SyncFailed) as err,
        bundles._failing_clearly(),
        connection.write_transaction(encrypted / DB_FILENAME) as conn,
    ):
        conn.execute("CREATE TABLE filler (x)")
        for _ in range(50):
            conn.execute("INSERT INTO filler VALUES (zeroblob(100000))")
    assert "磁盘已满" in str(err.value) and "cannot rollback" not in str(err.value)
    driver_error = err.value.__cause__
    assert driver_error is not None and type(driver_error).__module__.startswith("sqlcipher3")
    assert storage_kind(driver_error) == FULL
    cli = unexpected_error(driver_error, argparse.Namespace(data_dir=str(encrypted)))
    assert cli.exit_code == 4 and "磁盘已满" in str(cli)
    assert _codes(encrypted) == CODES


# -- a store another process holds ---------------------------------------------------------------------------------
def test_a_write_while_another_process_writes_says_locked_and_changes_nothing(either: Path) -> None:
    store = open_store(either, create=False)
    try:
        _short_busy(store)
        with (
            held_by_another_process(store.db_path, "write", key_for(store.db_path)),
            pytest.raises(StorageError) as err,
        ):
            org.add_unit(store, unit_id(store, "T"), "T-09", "等待中的党支部", org.UnitKind.BRANCH)
        assert err.value.kind == LOCKED
        assert "另一个程序占用" in str(err.value) and "已损坏" not in str(err.value) and "磁盘" not in str(err.value)
        assert _codes(either) == CODES
        org.add_unit(store, unit_id(store, "T"), "T-09", "等待中的党支部", org.UnitKind.BRANCH)  # free again: it works
    finally:
        store.close()
    assert _codes(either) == CODES | {"T-09"}


def test_a_sync_write_under_another_process_lock_says_locked(either: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plain = connection._pragmas
    monkeypatch.setattr(connection, "_pragmas", lambda conn: (plain(conn), conn.execute("PRAGMA busy_timeout = 100")))
    db_path = either / DB_FILENAME
    with (
        held_by_another_process(db_path, "write", key_for(db_path)),
        pytest.raises(bundles.SyncFailed) as err,
        bundles._failing_clearly(),
        connection.write_transaction(db_path) as conn,
    ):
        conn.execute("DELETE FROM org_unit WHERE code = 'T-02'")
    assert "另一个程序占用" in str(err.value) and "已损坏" not in str(err.value)
    assert _codes(either) == CODES


def test_start_up_diagnosis_of_a_store_another_process_took_says_locked(either: Path, short_waits: None) -> None:
    db_path = either / DB_FILENAME
    with held_by_another_process(db_path, "exclusive", key_for(db_path)):
        quick = health.diagnose(either, deep=False)
        deep = health.diagnose(either)
        checked = health.diagnose_damage(either, backups.quick_check(db_path))  # the start-up check's own path
    for diagnosis in (quick, deep, checked):
        assert diagnosis.kind == Kind.LOCKED and not diagnosis.can_open and not diagnosis.restore_helps
        assert "另一个程序占用" in diagnosis.message and "没有损坏" in diagnosis.message
        assert "已损坏" not in diagnosis.message
    assert health.diagnose(either).kind == Kind.OK  # released: nothing was wrong with the file


def test_cli_on_a_store_another_process_took_says_locked(either: Path, short_waits: None, capsys) -> None:  # type: ignore[no-untyped-def]
    db_path = either / DB_FILENAME
    with held_by_another_process(db_path, "exclusive", key_for(db_path)):
        check_code, check_text = _cli(capsys, "backup", "check", "--data-dir", str(either))
        list_code, list_text = _cli(capsys, "org", "list", "--data-dir", str(either))
    for code, text in ((check_code, check_text), (list_code, list_text)):
        assert code != 0 and "另一个程序占用" in text and "已损坏" not in text and "backup restore" not in text


def test_an_encrypted_store_keeps_its_decrypted_pages_in_a_larger_cache(encrypted: Path, tmp_path: Path) -> None:
    """The OS caches an encrypted store's pages still encrypted: SQLite's own cache is where they stay decrypted."""
    from jiaomei_desktop.db.engine import DECRYPTED_CACHE_KIB

    open_store(tmp_path / "plain").close()
    for directory, expected in ((encrypted, -DECRYPTED_CACHE_KIB), (tmp_path / "plain", -2000)):
        store = open_store(directory, create=False)
        try:
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == expected
        finally:
            store.close()
