"""Backups of the store: consistent copies, kept in `backups/` beside it, rotated, checked, restored.

Copies are made with SQLite's backup API (safe while the store is open in WAL mode), gzip-compressed (a store
compresses to about a sixth: the group's 400 MB store takes 70 MB a copy) and named
`jiaomei-<seq>-YYYYmmdd-HHMMSS-<reason>.sqlite3.gz` (db/migrate.py: BACKUP_NAME). The sequence number orders them, not
the clock. The migration step leaves plain `.sqlite3` copies in the same folder and pattern; both kinds are listed and
restored alike.

Rotation keeps the newest KEEP_BACKUPS automatic ones; manual backups and set-aside damaged stores are counted apart
(an automatic backup never pushes a manual one out), and nothing is deleted unless a good (checked) backup stays.

Temporary files carry fixed suffixes (`.copying`, `.copying-journal`, `.partial`, `.checking-*`, `.restoring`), so a
copy cut short by a crash is found and removed at the next start (`clean_leftovers`).
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jiaomei_desktop.db.migrate import BACKUP_NAME, backup_order, next_backup_path
from jiaomei_desktop.db.sqlite_connect import SQLITE_MAGIC, database_errors, export_file, key_for
from jiaomei_desktop.db.sqlite_connect import connect as connect_db
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.storage_errors import (
    LOCKED,
    LOCKED_PROBLEM,
    PATH,
    as_storage_error,
    storage_kind,
    storage_message,
)
from jiaomei_desktop.services.store import DB_FILENAME, MAX_DB_PATH_BYTES, OPEN_MARKER, Store

log = logging.getLogger(__name__)

KEEP_BACKUPS = 14  # automatic ones (daily, before an import / restore / upgrade)
KEEP_MANUAL = 14
KEEP_DAMAGED = 3
BACKUP_DIR = "backups"
COMPRESSED = ".gz"
RESTORING_SUFFIX = ".restoring"
# A temporary file not written for this long belongs to a program that has ended (a copy being written is touched
# continuously; a check of the largest store reads its expanded copy for a few seconds).
LEFTOVER_AGE_S = 120

REASON_DAILY = "daily"
REASON_IMPORT = "before-import"
REASON_RESTORE = "before-restore"
REASON_MANUAL = "manual"
REASON_DAMAGED = "damaged"


class RestoreFailed(ServiceError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # local time, from the name (file times change when copied to a USB stick)
    reason: str  # daily / before-import / before-restore / manual / damaged / before-<revision>
    size_bytes: int

    @property
    def order(self) -> tuple[int, int, str, int]:
        return backup_order(self.path.name)


# -- checking a file --------------------------------------------------------------------------------------------
def quick_check(db_path: Path) -> list[str]:
    """SQLite's `PRAGMA quick_check`: [] when the file is sound, else the problems it found (or why it can't read).
    A compressed backup is checked through a temporary expanded copy."""
    if db_path.name.endswith(COMPRESSED) and db_path.exists():
        return _check_compressed(db_path)
    if not db_path.exists():
        return []
    try:
        with db_path.open("rb") as fh:
            header = fh.read(16)
        if header and header != b"SQLite format 3\x00" and key_for(db_path) is None:  # unlocked encrypted copy
            return ["not a database"]
        conn = connect_db(db_path)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except database_errors("DatabaseError") as exc:
        return [LOCKED_PROBLEM] if storage_kind(exc) == LOCKED else [str(exc)]
    except OSError as exc:
        return [exc.strerror or str(exc)]
    return [] if rows == ["ok"] else rows


def _check_compressed(path: Path) -> list[str]:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".checking-", suffix=".sqlite3")
    os.close(fd)
    plain = Path(name)
    try:
        try:
            expand_backup(path, plain)
        except database_errors(also=(OSError, EOFError)) as exc:
            return [f"compressed backup unreadable: {type(exc).__name__}"]
        return quick_check(plain)
    finally:
        for leftover in (plain, Path(f"{plain}-journal")):
            leftover.unlink(missing_ok=True)


# -- making backups ---------------------------------------------------------------------------------------------
def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def _safe_reason(reason: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", reason).strip("-")
    return cleaned or REASON_MANUAL


def _target(data_dir: Path, reason: str, suffix: str = COMPRESSED) -> Path:
    return next_backup_path(backup_dir(data_dir), Path(DB_FILENAME).stem, reason, suffix)


def _copy_db(source_path: Path, target_path: Path) -> None:
    """A consistent page-by-page copy through SQLite's backup API, flushed to disk."""
    source = connect_db(source_path)
    try:
        dest = connect_db(target_path)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    with target_path.open("rb+") as fh:
        os.fsync(fh.fileno())


# Backups this process made and checked: rotation trusts them without expanding them again. Keyed by the whole path:
# two stores in one process (tests, a restore) name their backups alike, and a damaged copy in one folder must not
# pass for the good one of the same name in another.
_known_good: set[str] = set()
_known_lock = threading.Lock()


def _known_key(path: Path) -> str:
    return str(path.resolve())


def backup_file(
    db_path: Path,
    reason: str,
    keep: int = KEEP_BACKUPS,
    protect: frozenset[Path] = frozenset(),
    compress_later: bool = False,
) -> Path:
    """Copy the SQLite file at `db_path` into its backups folder through the backup API, compress it, rotate.

    The plain copy is written beside its final name and renamed, so it is a whole backup before anything else
    happens; checking and compressing it (in a background thread with `compress_later`, so an import does not wait)
    only ever replaces it with a smaller file of the same data. Returns the backup's path at the time of return.
    """
    target = _target(db_path.parent, _safe_reason(reason))
    plain = target.with_name(target.name.removesuffix(COMPRESSED))
    copying = target.with_name(target.name.removesuffix(".sqlite3" + COMPRESSED) + ".copying")
    try:
        _copy_db(db_path, copying)
        os.replace(copying, plain)
    except BaseException:
        for leftover in (copying, Path(f"{copying}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    log.info("backup made: %s", plain.name)
    protected = protect | {plain, target}

    def finish() -> Path:
        if not quick_check(plain):
            with _known_lock:
                _known_good.update({_known_key(plain), _known_key(target)})
        else:
            log.error("backup %s failed its check", plain.name)
        # an encrypted copy looks random and does not shrink: gzip would only spend the CPU
        encrypted = key_for(plain) is not None
        done = target if not encrypted and _compress(plain, target) else plain
        rotate(db_path.parent, keep, protect=protected)
        return done

    if compress_later:
        # not a daemon: a command-line import that ends meanwhile still leaves the compressed file
        threading.Thread(target=finish, name="compress-backup").start()
        return plain
    return finish()


def _compress(plain: Path, target: Path) -> bool:
    """Replace a plain backup by its gzip file; on failure (a full disk) the plain one simply stays."""
    temp = target.with_suffix(".partial")
    try:
        with plain.open("rb") as source, temp.open("wb") as raw:
            # level 1: five times smaller already, and fast (~250 MB/s)
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1, mtime=0) as packed:
                shutil.copyfileobj(source, packed, 1 << 20)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)
        log.warning("backup %s kept uncompressed", plain.name, exc_info=True)
        return False
    with contextlib.suppress(OSError):
        plain.unlink()
    return True


def expand_backup(backup: Path, target: Path) -> None:
    """A backup as a plain SQLite file at `target` (compressed ones are expanded, plain ones copied)."""
    if backup.name.endswith(COMPRESSED):
        with gzip.open(backup, "rb") as packed, target.open("wb") as out:
            shutil.copyfileobj(packed, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    else:
        _copy_db(backup, target)


def backup_now(store: Store, reason: str = REASON_MANUAL, compress_later: bool = False) -> Path:
    """A backup of the open store, e.g. before an import (`reason="before-import"`, `compress_later=True` so the
    import starts as soon as the copy is whole). A full or read-only disk gets its own message."""
    try:
        return backup_file(store.db_path, reason, compress_later=compress_later)
    except database_errors(also=(OSError,)) as exc:
        storage = as_storage_error(exc, backup_dir(store.data_dir))
        if storage is not None:
            raise storage from exc
        raise ServiceError(_("无法备份数据：{error}").format(error=exc)) from exc


def daily_backup(store: Store, today: date | None = None) -> Path | None:
    """The first open of a day makes a backup; later opens that day don't."""
    today = today or date.today()
    if any(b.created.date() == today and b.reason == REASON_DAILY for b in list_backups(store.data_dir)):
        return None
    return backup_now(store, REASON_DAILY)


def backup_in_background(store: Store, reason: str = REASON_DAILY) -> threading.Thread:
    """The daily backup of a large store takes a while: make it on a thread, after the window is up."""

    def run() -> None:
        try:
            daily_backup(store) if reason == REASON_DAILY else backup_now(store, reason)
        except ServiceError:
            log.warning("background backup failed", exc_info=True)

    thread = threading.Thread(target=run, name="backup", daemon=True)
    thread.start()
    return thread


# -- listing and rotating ---------------------------------------------------------------------------------------
def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups beside the store, newest first by sequence number (a backup being compressed is listed once)."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found: dict[str, BackupInfo] = {}
    for path in folder.glob("*.sqlite3*"):
        match = BACKUP_NAME.match(path.name)
        if not match:
            continue
        packed = path if match["gz"] else path.with_name(path.name + COMPRESSED)
        try:
            created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            if not match["gz"] and packed.exists():
                # Compressed meanwhile: the .gz stands for it (it may have appeared after the folder was listed, so it
                # is taken here rather than left to its own entry in the listing).
                path = packed
            size = path.stat().st_size
        except ValueError:
            continue
        except OSError:  # the plain copy was just replaced by its compressed file
            if path is packed or not packed.exists():
                continue
            path, size = packed, packed.stat().st_size
        found[path.name.removesuffix(COMPRESSED)] = BackupInfo(path, created, match["reason"], size)
    return sorted(found.values(), key=lambda b: b.order, reverse=True)


def _is_good(backup: BackupInfo) -> bool:
    with _known_lock:
        if _known_key(backup.path) in _known_good:
            return True
    good = not quick_check(backup.path)
    if good:
        with _known_lock:
            _known_good.add(_known_key(backup.path))
    return good


def good_backups(data_dir: Path, limit: int = 3) -> list[BackupInfo]:
    """The newest `limit` backups that pass a check (each expanded and checked before it is offered)."""
    good: list[BackupInfo] = []
    for backup in list_backups(data_dir):
        if backup.reason == REASON_DAMAGED:
            continue
        if _is_good(backup):
            good.append(backup)
            if len(good) >= limit:
                break
    return good


def _zero_unless_linked(path: Path) -> None:
    """Overwrite a leftover with zeros, unless it is still another name of a live file (a conversion stopped between
    linking the old store and moving the new one over it): then only the name goes."""
    info = path.stat()
    if info.st_nlink > 1:
        return
    with path.open("r+b") as fh:
        for _start in range(0, info.st_size, 1 << 20):
            fh.write(b"\0" * min(1 << 20, info.st_size - fh.tell()))
        fh.flush()
        os.fsync(fh.fileno())


def clean_leftovers(data_dir: Path, min_age_s: float = LEFTOVER_AGE_S) -> list[Path]:
    """Remove temporary files a program that ended mid-copy left beside the store and in backups/."""
    folder = backup_dir(data_dir)
    candidates = [
        *folder.glob("*.partial"),
        *folder.glob("*.copying"),
        *folder.glob("*.copying-journal"),
        *folder.glob(".checking-*"),
        *data_dir.glob(f"*{RESTORING_SUFFIX}"),
        *data_dir.glob(f"*{RESTORING_SUFFIX}-journal"),
        *data_dir.glob("*.open.tmp"),  # services/store.py writes the open marker through it
        *data_dir.glob(".jiaomei-write-test-*"),  # services/health.py's probe of a writable folder
        *data_dir.glob(".converting-*"),  # services/encryption.py: copies of a conversion that did not finish
        *folder.glob(".converting-*"),
    ]
    removed: list[Path] = []
    now = time.time()
    for path in candidates:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= min_age_s:  # not one being written right now
                if path.name.startswith(".converting-"):
                    _zero_unless_linked(path)  # it may hold plain data the password was meant to protect
                path.unlink()
                removed.append(path)
    if removed:
        log.info("removed %d leftover temporary files", len(removed))
    return removed


def rotate(data_dir: Path, keep: int = KEEP_BACKUPS, protect: frozenset[Path] = frozenset()) -> list[Path]:
    """Delete all but the newest `keep` automatic backups (manual ones and damaged stores are counted apart, and
    those in `protect` are never deleted). Nothing goes while no kept backup passes a check. Returns what was
    deleted."""
    clean_leftovers(data_dir)
    backups = list_backups(data_dir)
    groups = {
        REASON_MANUAL: ([b for b in backups if b.reason == REASON_MANUAL], KEEP_MANUAL),
        REASON_DAMAGED: ([b for b in backups if b.reason == REASON_DAMAGED], KEEP_DAMAGED),
        "": ([b for b in backups if b.reason not in (REASON_MANUAL, REASON_DAMAGED)], keep),
    }
    surplus = [b for members, limit in groups.values() for b in members[limit:] if b.path not in protect]
    if not surplus:
        return []
    kept = [b for b in backups if b not in surplus and b.reason != REASON_DAMAGED]
    if not any(_is_good(b) for b in kept):
        log.error("no kept backup passes its check: none rotated away")
        return []
    removed: list[Path] = []
    for backup in surplus:
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            log.warning("could not remove old backup %s", backup.path.name)
    return removed


# -- restore ----------------------------------------------------------------------------------------------------
def _set_aside_damaged(db_path: Path) -> Path:
    """Keep an unreadable store as it is (with its journal files) in backups/, never delete it."""
    target = _target(db_path.parent, REASON_DAMAGED, suffix="")  # as it is: whatever can be saved from it
    shutil.copy2(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            shutil.copy2(side, Path(f"{target}{suffix}"))
    return target


def restore_backup(data_dir: Path, backup: Path) -> Path | None:
    """Replace the store in `data_dir` with `backup`. The store must be closed (Store.close()) first.

    The backup is first expanded into a temporary file and checked (a damaged one changes nothing); then the current
    file is saved (a normal backup, or set aside as-is when it is damaged) and the temporary file moved over it, so a
    power cut leaves either the old or the new file, never half of one. Returns the saved copy of the previous store
    (None if there was no store, or it was empty).
    """
    db_path = data_dir / DB_FILENAME
    backup = Path(backup)
    if not backup.is_file():
        raise RestoreFailed(_("找不到备份文件 {path}").format(path=backup))
    damaged = RestoreFailed(_("备份文件 {name} 也已损坏，请选择另一个备份").format(name=backup.name))
    temp = data_dir / (DB_FILENAME + RESTORING_SUFFIX)
    if len(os.fsencode(str(temp.absolute()))) > MAX_DB_PATH_BYTES:
        # SQLite cannot open a file this deep: that is the path's fault, never "the backup is damaged too"
        raise RestoreFailed(_("恢复失败：") + storage_message(PATH, data_dir))
    try:
        temp.unlink(missing_ok=True)
        _expand_for_restore(backup, temp, key_for(db_path))  # expanded and checked before the store is touched
        if quick_check(temp):
            raise damaged
    except database_errors(also=(OSError, EOFError)) as exc:
        _remove_temp(temp)
        storage = as_storage_error(exc, data_dir)
        if storage is not None:
            raise RestoreFailed(_("恢复失败：") + str(storage)) from exc
        if isinstance(exc, OSError) and not isinstance(exc, gzip.BadGzipFile):
            raise RestoreFailed(_("恢复失败：{error}").format(error=exc)) from exc
        raise damaged from exc
    except RestoreFailed:
        _remove_temp(temp)
        raise
    saved: Path | None = None
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            try:
                saved = (
                    backup_file(db_path, REASON_RESTORE, protect=frozenset({backup}))
                    if not quick_check(db_path)
                    else _set_aside_damaged(db_path)
                )
            except database_errors():
                saved = _set_aside_damaged(db_path)
        # A journal left by the old file must not be replayed into the restored one.
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        (data_dir / OPEN_MARKER).unlink(missing_ok=True)  # it described the old file's journal
        os.replace(temp, db_path)
    except OSError as exc:
        _remove_temp(temp)
        storage = as_storage_error(exc, data_dir)
        raise RestoreFailed(_("恢复失败：") + (str(storage) if storage else str(exc))) from exc
    log.info("store restored from %s", backup.name)
    return saved


def _expand_for_restore(backup: Path, temp: Path, key: bytes | None) -> None:
    """expand_backup, except that a plain backup restored into an encrypted store is encrypted on the way (an old
    backup from before the password must not take the password away)."""
    if key is None or not _is_plain_backup(backup):
        expand_backup(backup, temp)
        return
    source = backup
    plain = temp.with_name(temp.name + ".plain")
    try:
        if backup.name.endswith(COMPRESSED):
            with gzip.open(backup, "rb") as packed, plain.open("wb") as out:
                shutil.copyfileobj(packed, out, 1 << 20)
            source = plain
        export_file(source, temp, None, key)
    finally:
        plain.unlink(missing_ok=True)


def _is_plain_backup(backup: Path) -> bool:
    opener = gzip.open if backup.name.endswith(COMPRESSED) else open
    with opener(backup, "rb") as fh:
        return bool(fh.read(16) == SQLITE_MAGIC)


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, Path(f"{temp}-journal")):
        leftover.unlink(missing_ok=True)
