"""Open-time check, rotating backups and restore."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from jiaomei_desktop.services import backups, health, org
from jiaomei_desktop.services.store import open_store
from tests.conftest import unit_id


def test_quick_check_passes_a_sound_store_and_flags_a_damaged_one(store) -> None:  # type: ignore[no-untyped-def]
    assert health.quick_check(store.db_path) == []
    store.close()
    _damage(store.db_path)
    problems = health.quick_check(store.db_path)
    assert problems
    assert "已损坏" in health.damaged_message(store.db_path)


def _damage(db_path: Path) -> None:
    """Overwrite pages in the middle of the file, as a power cut during a write can."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for start in range(page * 2, len(data) - page, page * 3):
        data[start:start + 200] = b"\xff" * 200
    db_path.write_bytes(bytes(data))


def test_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "jiaomei.sqlite3"
    path.write_bytes(b"this is a word document" * 10)
    assert health.quick_check(path) == ["not a database"]
    assert health.quick_check(tmp_path / "missing.sqlite3") == []


def test_backups_rotate_to_the_newest_fourteen(store) -> None:  # type: ignore[no-untyped-def]
    made = [health.backup_now(store, health.REASON_MANUAL) for _ in range(16)]
    kept = health.list_backups(store.data_dir)
    assert len(kept) == health.KEEP_BACKUPS
    assert kept[0].path == made[-1]
    assert not made[0].exists() and not made[1].exists()
    assert all(b.reason == "manual" and b.size_bytes > 0 for b in kept)
    assert health.quick_check(kept[0].path) == []


def test_daily_backup_once_per_day(store) -> None:  # type: ignore[no-untyped-def]
    assert health.daily_backup(store) is not None
    assert health.daily_backup(store) is None
    assert health.daily_backup(store, today=date(2030, 1, 1)) is not None


def test_restore_replaces_the_store_and_keeps_the_current_one(store) -> None:  # type: ignore[no-untyped-def]
    backup = health.backup_now(store, health.REASON_IMPORT)
    org.add_unit(store, unit_id(store, "T"), "T-03", "机电三队党支部", org.UnitKind.BRANCH)
    data_dir = store.data_dir
    store.close()
    saved = health.restore_backup(data_dir, backup)
    assert saved is not None and saved.exists() and "before-restore" in saved.name
    reopened = open_store(data_dir, create=False)
    try:
        assert org.find_unit_by_code(reopened, "T-03") is None
        assert org.find_unit_by_code(reopened, "T-01") is not None
    finally:
        reopened.close()
    # The pre-restore copy still has the later work.
    assert backup.exists()
    check = open_store(_copy_as_store(saved, data_dir.parent / "check"), create=False)
    try:
        assert org.find_unit_by_code(check, "T-03") is not None
    finally:
        check.close()


def _copy_as_store(backup: Path, directory: Path) -> Path:
    directory.mkdir()
    health.expand_backup(backup, directory / "jiaomei.sqlite3")
    return directory


def test_restore_over_a_damaged_store_sets_it_aside(store) -> None:  # type: ignore[no-untyped-def]
    backup = health.backup_now(store, health.REASON_DAILY)
    data_dir = store.data_dir
    store.close()
    _damage(data_dir / "jiaomei.sqlite3")
    saved = health.restore_backup(data_dir, backup)
    assert saved is not None and "damaged" in saved.name
    assert health.quick_check(data_dir / "jiaomei.sqlite3") == []
    reopened = open_store(data_dir, create=False)
    assert org.find_unit_by_code(reopened, "T-02") is not None
    reopened.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    data_dir = store.data_dir
    store.close()
    before = (data_dir / "jiaomei.sqlite3").read_bytes()
    with pytest.raises(health.RestoreFailed, match="也已损坏"):
        health.restore_backup(data_dir, bad)
    with pytest.raises(health.RestoreFailed, match="找不到"):
        health.restore_backup(data_dir, tmp_path / "missing.sqlite3")
    assert (data_dir / "jiaomei.sqlite3").read_bytes() == before


def test_backups_are_compressed_and_expand_to_the_same_data(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for n in range(200):  # some bulk, so the size comparison means something
        org.add_unit(store, unit_id(store, "T"), f"T-9{n:03d}", f"测试第{n}党支部", org.UnitKind.BRANCH)
    backup = health.backup_now(store, health.REASON_MANUAL)
    assert backup.name.endswith(".sqlite3.gz") and backup.read_bytes()[:2] == b"\x1f\x8b"
    assert backup.stat().st_size < store.db_path.stat().st_size / 3
    assert not [p for p in backup.parent.iterdir() if p.suffix in (".partial", ".copying")]
    check = open_store(_copy_as_store(backup, tmp_path / "check"), create=False)
    try:
        assert org.find_unit_by_code(check, "T-9199") is not None
    finally:
        check.close()


def test_a_truncated_compressed_backup_is_refused_and_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    backup = health.backup_now(store, health.REASON_MANUAL)
    backup.write_bytes(backup.read_bytes()[:-200])  # a copy cut short, as on a pulled USB stick
    data_dir = store.data_dir
    store.close()
    before = (data_dir / "jiaomei.sqlite3").read_bytes()
    assert health.quick_check(backup)
    with pytest.raises(health.RestoreFailed, match="也已损坏"):
        health.restore_backup(data_dir, backup)
    assert (data_dir / "jiaomei.sqlite3").read_bytes() == before
    assert not (data_dir / "jiaomei.sqlite3.restoring").exists()


def test_plain_backups_from_a_migration_are_listed_and_restored(store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.db import migrate

    plain = migrate.backup_copy(store.db_path, "before-0009")
    assert plain.suffix == ".sqlite3"
    assert [b.path for b in health.list_backups(store.data_dir)] == [plain]
    org.add_unit(store, unit_id(store, "T"), "T-03", "机电三队党支部", org.UnitKind.BRANCH)
    data_dir = store.data_dir
    store.close()
    health.restore_backup(data_dir, plain)
    reopened = open_store(data_dir, create=False)
    try:
        assert org.find_unit_by_code(reopened, "T-03") is None
    finally:
        reopened.close()


def _wait_for_compression() -> None:
    import threading

    for thread in threading.enumerate():
        if thread.name == "compress-backup":
            thread.join(60)


def test_an_import_backup_is_whole_at_once_and_compressed_behind_it(store) -> None:  # type: ignore[no-untyped-def]
    plain = health.backup_now(store, health.REASON_IMPORT, compress_later=True)
    assert plain.name.endswith("-before-import.sqlite3")
    # the import may start now: whatever the compression does, a sound backup is on disk
    assert plain.exists() or plain.with_name(plain.name + ".gz").exists()
    _wait_for_compression()
    packed = plain.with_name(plain.name + ".gz")
    assert packed.exists() and not plain.exists()
    assert [b.path for b in health.list_backups(store.data_dir)] == [packed]
    assert health.quick_check(packed) == []


def test_a_full_disk_while_compressing_keeps_the_plain_backup(store, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    import errno

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.gzip, "GzipFile", full)
    backup = health.backup_now(store, health.REASON_MANUAL)
    assert backup.suffix == ".sqlite3" and health.quick_check(backup) == []
    assert not [p for p in backup.parent.iterdir() if p.suffix in (".partial", ".gz")]
    assert "kept uncompressed" in caplog.text


def test_a_backup_caught_mid_compression_is_listed_once(store) -> None:  # type: ignore[no-untyped-def]
    packed = health.backup_now(store, health.REASON_IMPORT)
    plain = packed.with_name(packed.name.removesuffix(".gz"))
    health.expand_backup(packed, plain)  # both files present, as between the rename and the removal
    assert [b.path for b in health.list_backups(store.data_dir)] == [packed]


def test_a_backup_compressed_after_the_folder_was_listed_is_still_listed(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The listing saw only the plain copy; by the time it looked at it, the .gz had appeared (a compression finishing
    in between). It must list the .gz, not drop the backup (seen once: a backup count of 0 in a full run)."""
    packed = health.backup_now(store, health.REASON_IMPORT)
    plain = packed.with_name(packed.name.removesuffix(".gz"))
    health.expand_backup(packed, plain)
    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: [p for p in real_glob(self, pattern) if p != packed])
    assert [b.path for b in health.list_backups(store.data_dir)] == [packed]


def test_a_damaged_backup_named_like_a_good_one_of_another_store_is_not_trusted(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two stores in one process name their backups alike (sequence number and second): the check made for one
    must not vouch for the other's copy, or rotation deletes the last good backup."""
    good = backups.backup_now(store, backups.REASON_DAILY)
    other = open_store(tmp_path / "other")
    try:
        folder = backups.backup_dir(other.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        twin = folder / good.name
        twin.write_bytes(b"\xff" * 8192)  # same name, damaged
        assert [b.path for b in health.list_backups(other.data_dir)] == [twin]
        assert backups.good_backups(other.data_dir) == []
        assert [b.path for b in backups.good_backups(store.data_dir)] == [good]
    finally:
        other.close()
