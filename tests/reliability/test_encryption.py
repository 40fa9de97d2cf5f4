"""Data at rest: with a password the store and its backups are SQLCipher files whose key only the password or the
recovery code unwraps; removing the password converts everything back."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from jiaomei_desktop.db.sqlite_connect import SQLITE_MAGIC, lock_folder
from jiaomei_desktop.services import backups, encryption
from jiaomei_desktop.services.store import DB_FILENAME, Store, open_store

PASSWORD = "mima1234"
CODE = "ABCD-EFGH-JKMN-PQRS"


def _units(data_dir: Path) -> list[tuple[str, str]]:
    store = open_store(data_dir, create=False)
    try:
        with store.reading() as session:
            from sqlalchemy import text

            return [tuple(r) for r in session.execute(text("SELECT code, name FROM org_unit ORDER BY code"))]
    finally:
        store.close()


def _plain_readable(path: Path) -> bool:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    try:
        with sqlite3.connect(path) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


@pytest.fixture
def encrypted(store: Store) -> Path:
    data_dir = store.data_dir
    backups.backup_now(store)  # a plain backup from before the password: it must be converted too
    store.close()
    before = _units(data_dir)
    encryption.encrypt_store(data_dir, PASSWORD, CODE)
    assert _units(data_dir) == before
    yield data_dir
    lock_folder(data_dir)


def test_sqlite3_reads_neither_the_store_nor_any_backup(encrypted: Path) -> None:
    assert encryption.is_encrypted(encrypted)
    files = [encrypted / DB_FILENAME, *(b.path for b in backups.list_backups(encrypted))]
    assert len(files) >= 2
    for path in files:
        assert not _plain_readable(path), path.name
    assert not list(encrypted.rglob(".converting-*"))


def test_a_wrong_password_opens_nothing_and_the_recovery_code_opens_it(encrypted: Path) -> None:
    expected = _units(encrypted)
    lock_folder(encrypted)
    with pytest.raises(encryption.WrongSecret, match="密码或恢复码不正确"):
        encryption.unlock(encrypted, "wrong-password")
    with pytest.raises(Exception):  # noqa: B017 - locked: the store is not a database to anyone
        open_store(encrypted, create=False)
    encryption.unlock(encrypted, CODE.lower().replace("-", ""))
    assert _units(encrypted) == expected
    lock_folder(encrypted)
    encryption.unlock(encrypted, PASSWORD)
    assert _units(encrypted) == expected


def test_backups_of_an_encrypted_store_stay_encrypted_and_restore_keeps_it(encrypted: Path) -> None:
    store = open_store(encrypted, create=False)
    made = backups.backup_now(store)
    store.close()
    assert not _plain_readable(made)
    assert backups.quick_check(made) == []
    expected = _units(encrypted)
    backups.restore_backup(encrypted, made)
    assert not _plain_readable(encrypted / DB_FILENAME)
    assert _units(encrypted) == expected


def test_restoring_a_plain_backup_into_an_encrypted_store_encrypts_it(encrypted: Path, tmp_path: Path) -> None:
    expected = _units(encrypted)
    plain = tmp_path / "jiaomei-000099-20260101-120000-manual.sqlite3"
    key = encryption.read_data_key(encrypted, PASSWORD)
    from jiaomei_desktop.db.sqlite_connect import export_file

    export_file(encrypted / DB_FILENAME, plain, key, None)  # e.g. a copy kept elsewhere before the password
    assert _plain_readable(plain)
    backups.restore_backup(encrypted, plain)
    assert not _plain_readable(encrypted / DB_FILENAME)
    assert _units(encrypted) == expected


def test_removing_the_password_gives_plain_files_and_loses_nothing(encrypted: Path) -> None:
    expected = _units(encrypted)
    with pytest.raises(encryption.WrongSecret):
        encryption.decrypt_store(encrypted, "wrong-password")
    assert encryption.is_encrypted(encrypted)
    encryption.decrypt_store(encrypted, PASSWORD)
    assert not encryption.is_encrypted(encrypted)
    assert not (encrypted / encryption.KEY_FILENAME).exists()
    for path in [encrypted / DB_FILENAME, *(b.path for b in backups.list_backups(encrypted))]:
        assert _plain_readable(path), path.name
    assert _units(encrypted) == expected


def test_a_new_password_rewraps_the_same_key(encrypted: Path) -> None:
    key = encryption.read_data_key(encrypted, PASSWORD)
    encryption.rewrap(encrypted, CODE, "neuesmima", "WXYZ-2345-6789-ABCD")
    assert encryption.read_data_key(encrypted, "neuesmima") == key
    assert encryption.read_data_key(encrypted, "WXYZ23456789ABCD") == key
    for old in (PASSWORD, CODE):
        with pytest.raises(encryption.WrongSecret):
            encryption.read_data_key(encrypted, old)


def test_a_damaged_key_file_says_so(encrypted: Path) -> None:
    (encrypted / encryption.KEY_FILENAME).write_text("{", encoding="utf-8")
    with pytest.raises(encryption.WrongSecret, match="密钥文件"):
        encryption.read_data_key(encrypted, PASSWORD)


def test_cli_reads_the_password_from_the_environment_and_refuses_without_it(
    encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiaomei_desktop.cli.main import main

    lock_folder(encrypted)
    args = ["org", "list", "--data-dir", str(encrypted), "--json"]
    monkeypatch.delenv("JIAOMEI_PASSWORD", raising=False)
    assert main(args) == 2
    out = capsys.readouterr()
    assert "JIAOMEI_PASSWORD" in out.out and "加密" in out.out and "测试矿党委" not in out.out
    monkeypatch.setenv("JIAOMEI_PASSWORD", "wrong-password")
    assert main(args) == 2
    assert "密码或恢复码不正确" in capsys.readouterr().out
    monkeypatch.setenv("JIAOMEI_PASSWORD", PASSWORD)
    assert main(args) == 0
    assert "测试矿党委" in capsys.readouterr().out


def test_setting_the_password_encrypts_the_open_store_and_removing_it_decrypts(store: Store) -> None:
    from jiaomei_desktop.services import org, security

    data_dir = store.data_dir
    units = len(org.list_units(store))
    code = security.set_password(store, PASSWORD)
    try:
        assert encryption.is_encrypted(data_dir)
        assert security.verify_password(store, PASSWORD)  # the same Store object works on the new file
        assert len(org.list_units(store)) == units == 3
        lock_folder(data_dir)
        with pytest.raises(encryption.WrongSecret):
            encryption.unlock(data_dir, "wrong-password")
        encryption.unlock(data_dir, code)
        next_code = security.reset_with_recovery_code(store, code, "neuesmima")
        lock_folder(data_dir)
        with pytest.raises(encryption.WrongSecret):
            encryption.unlock(data_dir, PASSWORD)
        encryption.unlock(data_dir, next_code)
        security.clear_password(store, "neuesmima")
        assert not encryption.is_encrypted(data_dir)
        assert _plain_readable(data_dir / DB_FILENAME)
        assert not security.has_password(store)
    finally:
        lock_folder(data_dir)


def test_sync_connections_read_and_write_an_encrypted_store(encrypted: Path) -> None:
    from jiaomei_desktop.sync.connection import read_only, scratch_copy, write_transaction

    db_path = encrypted / DB_FILENAME
    expected = len(_units(encrypted))
    with read_only(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM org_unit").fetchone()[0] == expected
    with scratch_copy(db_path) as copy:  # the in-memory dry-run copy is keyed too
        copy.execute("DELETE FROM setting")
    with write_transaction(db_path) as conn:
        conn.execute("UPDATE org_unit SET name = name || '' WHERE 1")
    assert len(_units(encrypted)) == expected
    assert not _plain_readable(db_path)
