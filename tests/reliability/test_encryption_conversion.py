"""Setting or removing the password converts the store and every backup all or nothing: a full disk or 取消 half-way
leaves each file byte for byte as it was (and no key file without an encrypted store), with progress reported."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jiaomei_desktop.db.sqlite_connect import lock_folder
from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.services import backups, encryption, org, security
from jiaomei_desktop.services.storage_errors import FULL, StorageError
from jiaomei_desktop.services.store import DB_FILENAME, Store
from tests.reliability.faults import os_error

PASSWORD = "mima1234"


def _files(data_dir: Path) -> dict[str, bytes]:
    """Every file of the folder and its backups/, by name (the store closed: no -wal to miss)."""
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file()}


@pytest.fixture
def with_backups(store: Store) -> Iterator[Store]:
    """A store with two backups (so a conversion has three files to rewrite)."""
    backups.backup_now(store, backups.REASON_MANUAL)
    backups.backup_now(store, backups.REASON_DAILY)
    yield store
    lock_folder(store.data_dir)


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, number: int, error: BaseException) -> list[int]:
    """encryption.export_file does its real work until its `number`-th call, which fails with `error` after writing
    part of its file (as a disk that fills up mid-copy)."""
    real = encryption.export_file
    calls: list[int] = []

    def export(source: Path, target: Path, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == number:
            target.write_bytes(b"\0" * 8192)
            raise error
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(encryption, "export_file", export)
    return calls


def _sqlcipher_full() -> Exception:
    import sqlcipher3

    return sqlcipher3.OperationalError("database or disk is full")  # what SQLCipher raises at ENOSPC


@pytest.mark.parametrize("error", [_sqlcipher_full, lambda: os_error(errno.ENOSPC)], ids=["sqlcipher", "oserror"])
def test_a_full_disk_while_setting_the_password_leaves_every_file_as_it_was(
    with_backups: Store, monkeypatch, error
) -> None:  # type: ignore[no-untyped-def]
    store = with_backups
    data_dir = store.data_dir
    store.close()
    before = _files(data_dir)
    store.reconnect()
    calls = _fail_on_call(monkeypatch, 2, error())  # the store's copy is made, the first backup's fails
    with pytest.raises(StorageError) as err:
        security.set_password(store, PASSWORD)
    assert len(calls) == 2 and err.value.kind == FULL and "磁盘已满" in str(err.value)
    assert not encryption.is_encrypted(data_dir) and not (data_dir / encryption.KEY_FILENAME).exists()
    assert not security.has_password(store) and len(org.list_units(store)) == 3  # the store is open and plain
    store.close()
    assert _files(data_dir) == before  # no file changed, no copy left behind
    store.reconnect()


def test_a_full_disk_writing_the_key_file_changes_nothing(with_backups: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = with_backups
    store.close()
    before = _files(store.data_dir)

    def full(*_args: object) -> None:
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(encryption, "_write_key_file", full)
    with pytest.raises(StorageError):
        encryption.encrypt_store(store.data_dir, PASSWORD, "ABCD-EFGH-JKMN-PQRS")
    assert _files(store.data_dir) == before


def test_a_full_disk_while_removing_the_password_keeps_it_encrypted(with_backups: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = with_backups
    security.set_password(store, PASSWORD)
    data_dir = store.data_dir
    store.close()
    before = _files(data_dir)
    store.reconnect()
    _fail_on_call(monkeypatch, 3, _sqlcipher_full())
    with pytest.raises(StorageError, match="磁盘已满"):
        security.clear_password(store, PASSWORD)
    assert encryption.is_encrypted(data_dir) and security.has_password(store) and len(org.list_units(store)) == 3
    store.close()
    assert _files(data_dir) == before
    store.reconnect()


def test_cancelling_half_way_changes_nothing_and_progress_is_reported(with_backups: Store) -> None:
    store = with_backups
    store.close()
    before = _files(store.data_dir)
    steps: list[tuple[int, int, str]] = []

    def cancel_after_the_store(done: int, total: int, text: str) -> None:
        steps.append((done, total, text))
        if done > 0 and len({s[0] for s in steps}) > 2:
            progress.cancel()

    progress = Progress(cancel_after_the_store)
    with pytest.raises(Cancelled):
        encryption.encrypt_store(store.data_dir, PASSWORD, "ABCD-EFGH-JKMN-PQRS", progress)
    assert _files(store.data_dir) == before
    steps.clear()
    encryption.encrypt_store(store.data_dir, PASSWORD, "ABCD-EFGH-JKMN-PQRS", Progress(lambda *s: steps.append(s)))
    done = [s[0] for s in steps]
    assert done == sorted(done) and done[-1] == 1000 and {s[1] for s in steps} == {1000}
    assert all("加密" in s[2] for s in steps)
    assert encryption.is_encrypted(store.data_dir)


def test_leftovers_of_a_stopped_conversion_are_cleaned_and_a_live_file_is_never_zeroed(store: Store) -> None:
    data_dir = store.data_dir
    store.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    # stopped between linking the old store and moving the new one over it: the link is the live store
    os.link(data_dir / DB_FILENAME, data_dir / f".converting-{DB_FILENAME}.old")
    plain_copy = data_dir / f".converting-{DB_FILENAME}.new"
    plain_copy.write_bytes(before)
    removed = backups.clean_leftovers(data_dir, min_age_s=0)
    assert {p.name for p in removed} == {f".converting-{DB_FILENAME}.old", plain_copy.name}
    assert not plain_copy.exists() and (data_dir / DB_FILENAME).read_bytes() == before
