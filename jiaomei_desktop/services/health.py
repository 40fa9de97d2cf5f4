"""The store's health at start-up: one diagnosis for the GUI and the command line alike.

`diagnose()` tells apart what can stand between a secretary and her data — missing, empty, not a database, damaged
(and in which tables), written by a newer program, a read-only folder, a full disk, a path the system cannot use, a
store another program holds locked, a journal (-wal) lost since the last run — each with its own plain message, and lists the newest backups that pass a
check wherever restoring one would help. The slow part (`PRAGMA quick_check` over the whole file) runs beside the
window's construction (`start_quick_check`; an encrypted store's check ends after the window is shown, see
PendingCheck); `diagnose_damage()` turns its result into the same Diagnosis.

Backups themselves live in services/backups.py; the names below are re-exported for the callers that used them here.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.sqlite_connect import connect as connect_db
from jiaomei_desktop.db.sqlite_connect import database_errors, key_for
from jiaomei_desktop.domain import years
from jiaomei_desktop.i18n import N_, _, join_list
from jiaomei_desktop.services.backups import (  # noqa: F401  (re-exported)
    BACKUP_DIR,
    COMPRESSED,
    KEEP_BACKUPS,
    KEEP_MANUAL,
    REASON_DAILY,
    REASON_DAMAGED,
    REASON_IMPORT,
    REASON_MANUAL,
    REASON_RESTORE,
    BackupInfo,
    RestoreFailed,
    backup_dir,
    backup_file,
    backup_in_background,
    backup_now,
    clean_leftovers,
    daily_backup,
    expand_backup,
    good_backups,
    list_backups,
    quick_check,
    restore_backup,
    rotate,
)
from jiaomei_desktop.services.storage_errors import FULL, LOCKED, LOCKED_PROBLEM, PATH, READ_ONLY, storage_kind
from jiaomei_desktop.services.store import DB_FILENAME, forget_wal_marker, wal_lost

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
# Below this much free space the store cannot even open its journal safely.
MIN_FREE_BYTES = 1 << 20
# The longest name the program writes under the data folder ("backups/jiaomei-000001-…-before-restore.sqlite3.
# copying-journal"); the folder plus this must stay within what SQLite (512 bytes) and Windows (260) accept.
LONGEST_NAME = 80
MAX_DIR_BYTES = 512 - 9 - LONGEST_NAME
MAX_DIR_CHARS_WINDOWS = 259 - LONGEST_NAME


class Kind(enum.StrEnum):
    OK = "ok"
    MISSING = "missing"
    EMPTY = "empty"
    NOT_DATABASE = "not-database"
    DAMAGED = "damaged"
    TOO_NEW = "too-new"
    READ_ONLY = "read-only"
    DISK_FULL = "disk-full"
    PATH_UNUSABLE = "path-unusable"
    WAL_LOST = "wal-lost"
    LOCKED = "locked"


# Kinds a restored backup mends; the others are about the disk or the program, and a backup would not help.
RESTORABLE = frozenset({Kind.MISSING, Kind.EMPTY, Kind.NOT_DATABASE, Kind.DAMAGED, Kind.WAL_LOST})
# Kinds the store can still be opened with (after telling the user).
OPENABLE = frozenset({Kind.OK, Kind.WAL_LOST})


@dataclass
class Diagnosis:
    kind: Kind
    data_dir: Path
    message: str = ""
    problems: list[str] = field(default_factory=list)  # SQLite's own words, for the log and `backup check --json`
    where: list[str] = field(default_factory=list)  # damaged tables, "文件头" or the schema table
    backups: list[BackupInfo] = field(default_factory=list)  # checked, newest first; only where a restore helps

    @property
    def ok(self) -> bool:
        return self.kind == Kind.OK

    @property
    def can_open(self) -> bool:
        return self.kind in OPENABLE

    @property
    def restore_helps(self) -> bool:
        return self.kind in RESTORABLE and bool(self.backups)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": str(self.kind),
            "message": self.message,
            "where": self.where,
            "problems": self.problems[:20],
            "backups": [
                {"path": str(b.path), "created": b.created.isoformat(), "reason": b.reason} for b in self.backups
            ],
        }


# -- the quick (synchronous) part ---------------------------------------------------------------------------------
def diagnose(data_dir: Path, deep: bool = True, offer: int = 3) -> Diagnosis:
    """Everything about the store in `data_dir` that decides whether it can be opened. With `deep`, also
    `PRAGMA quick_check` (seconds on a large store: the GUI runs that part in the background instead)."""
    data_dir = Path(data_dir)
    db_path = data_dir / DB_FILENAME
    found = _folder_problem(data_dir)
    # Before any connection: the first one to close after a crash checkpoints and removes the -wal it recovered.
    lost = found is None and wal_lost(data_dir)
    if found is None:
        clean_leftovers(data_dir)
        found = _file_problem(db_path)
    if found is None and deep:
        problems = quick_check(db_path)
        if problems:
            return diagnose_damage(data_dir, problems, offer)
    if found is None and lost:
        found = Kind.WAL_LOST, []
    if found is None:
        return Diagnosis(Kind.OK, data_dir)
    kind, problems = found
    if kind == Kind.DAMAGED:
        return diagnose_damage(data_dir, problems, offer)
    diagnosis = Diagnosis(kind, data_dir, problems=problems)
    if kind in RESTORABLE:
        diagnosis.backups = good_backups(data_dir, offer)
    if kind == Kind.NOT_DATABASE:
        diagnosis.where = [_("文件头")]
    diagnosis.message = _message(diagnosis)
    if kind != Kind.MISSING:
        log.info("store diagnosis: %s (%s)", kind, "; ".join(problems[:3]))
    return diagnosis


def diagnose_folder(data_dir: Path) -> Diagnosis:
    """Only the folder: a usable path, writable, with room (checked before anything, the log included, is written)."""
    found = _folder_problem(Path(data_dir))
    if found is None:
        return Diagnosis(Kind.OK, Path(data_dir))
    diagnosis = Diagnosis(found[0], Path(data_dir), problems=found[1])
    diagnosis.message = _message(diagnosis)
    return diagnosis


_STORAGE_KINDS = {FULL: Kind.DISK_FULL, READ_ONLY: Kind.READ_ONLY, PATH: Kind.PATH_UNUSABLE, LOCKED: Kind.LOCKED}


def _classify_os_error(exc: OSError) -> Kind:
    return _STORAGE_KINDS.get(storage_kind(exc) or "", Kind.PATH_UNUSABLE)


def _folder_problem(data_dir: Path) -> tuple[Kind, list[str]] | None:
    """The folder itself: a usable path, writable, with room to write."""
    if path_too_long(data_dir):
        return Kind.PATH_UNUSABLE, ["path too long"]
    if data_dir.exists() and not data_dir.is_dir():
        return Kind.PATH_UNUSABLE, ["not a folder"]
    # A folder not made yet is judged by the nearest one that exists (a diagnosis never creates folders).
    existing = data_dir.absolute()
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return Kind.PATH_UNUSABLE, ["not a folder"]
    try:
        write_probe(existing)
    except OSError as exc:
        return _classify_os_error(exc), [f"{exc.errno}: {exc.strerror}"]
    if free_bytes(existing) < MIN_FREE_BYTES:
        return Kind.DISK_FULL, ["free space below 1 MB"]
    return None


def path_too_long(data_dir: Path) -> bool:
    text = str(data_dir.absolute())
    if sys.platform == "win32" and not text.startswith("\\\\?\\"):
        return len(text) > MAX_DIR_CHARS_WINDOWS
    return len(os.fsencode(text)) > MAX_DIR_BYTES


def write_probe(data_dir: Path) -> None:
    """Create and remove a small file: the only test of "can write here" that holds on every OS and for root."""
    probe = data_dir / f".jiaomei-write-test-{os.getpid()}-{threading.get_ident()}"
    with probe.open("wb") as fh:
        fh.write(b"\0" * 4096)
        fh.flush()
        os.fsync(fh.fileno())
    probe.unlink()


def free_bytes(data_dir: Path) -> int:
    try:
        return shutil.disk_usage(data_dir).free
    except OSError:
        return MIN_FREE_BYTES  # unknown: let the writes themselves tell


def _file_problem(db_path: Path) -> tuple[Kind, list[str]] | None:
    """The file: present, not empty, an SQLite file, writable, not from a newer program."""
    if not db_path.exists():
        return Kind.MISSING, []
    if db_path.is_dir():
        return Kind.PATH_UNUSABLE, ["store is a folder"]
    try:
        size = db_path.stat().st_size
        if size == 0:
            return Kind.EMPTY, ["0 bytes"]
        with db_path.open("rb") as fh:
            header = fh.read(100)
        if header[:16] != SQLITE_MAGIC and key_for(db_path) is None:  # an unlocked encrypted store has no header
            return Kind.NOT_DATABASE, ["not a database"]
        if len(header) < 100:
            return Kind.DAMAGED, ["truncated header"]
        with db_path.open("r+b"):
            pass  # a read-only file (or one another program holds exclusively on Windows)
    except OSError as exc:
        return _classify_os_error(exc), [f"{exc.errno}: {exc.strerror}"]
    try:
        revision = migrate.current_revision(db_path)
    except database_errors("DatabaseError") as exc:
        # "database is locked" (another program holds the file) or a full disk is not damage
        return _STORAGE_KINDS.get(storage_kind(exc) or "", Kind.DAMAGED), [str(exc)]
    if revision is not None and revision != migrate.LATEST_REVISION and revision not in migrate.known_revisions():
        return Kind.TOO_NEW, [f"revision {revision}"]
    return None


# -- the slow part: quick_check and where the damage is -----------------------------------------------------------
class PendingCheck:
    """`quick_check` running on its own connection in a background thread (SQLite releases the GIL), so the check of
    a large store overlaps with building the main window. `result()` waits for it.

    `before_showing` says whether the window waits for the result before it is shown. A plain store's check (0.4–0.6
    s on the 340 MB demo store) ends while the window is built, so it does. An encrypted store's check decrypts and
    authenticates every page (2–3 s there), so the window is shown first and the result is taken from the event
    loop; meanwhile SQLCipher checks each page's HMAC as it is read, so damage in what the window reads is still
    reported at that read (a malformed-database error, handled like a failed check)."""

    def __init__(self, db_path: Path) -> None:
        self._problems: list[str] = []
        self.before_showing = key_for(db_path) is None
        self._thread = threading.Thread(target=self._run, args=(db_path,), name="quick_check", daemon=True)
        self._thread.start()

    def _run(self, db_path: Path) -> None:
        self._problems = quick_check(db_path)

    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the check to end (at most `timeout` seconds); True when it has."""
        self._thread.join(timeout)
        return self.done()

    def result(self) -> list[str]:
        self.wait()
        return self._problems


def start_quick_check(db_path: Path) -> PendingCheck:
    return PendingCheck(db_path)


def diagnose_damage(data_dir: Path, problems: list[str], offer: int = 3) -> Diagnosis:
    """A store that failed its check (or a read of it): where the damage is, and the backups to restore from."""
    db_path = data_dir / DB_FILENAME
    if problems == [LOCKED_PROBLEM]:  # the check could not read: another program holds the file, nothing is damaged
        diagnosis = Diagnosis(Kind.LOCKED, data_dir, problems=list(problems))
        diagnosis.message = _message(diagnosis)
        log.info("store diagnosis: locked by another program")
        return diagnosis
    kind = Kind.NOT_DATABASE if problems == ["not a database"] else Kind.DAMAGED
    diagnosis = Diagnosis(
        kind, data_dir, problems=list(problems), where=damaged_tables(db_path), backups=good_backups(data_dir, offer)
    )
    diagnosis.message = _message(diagnosis)
    log.info("store failed its check (%d problems) in %s", len(problems), ", ".join(diagnosis.where) or "?")
    return diagnosis


def damaged_tables(db_path: Path) -> list[str]:
    """The tables whose pages (or whose indexes' pages) fail a check, or the schema table when even that cannot be read.
    Each table is checked on a fresh connection: after one "malformed" SQLite distrusts the whole connection."""
    uri = f"{db_path.absolute().as_uri()}?mode=ro"
    try:
        conn = connect_db(uri, uri=True)
        try:
            names = [
                str(r[0])
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name"
                )
            ]
        finally:
            conn.close()
    except database_errors():
        return [_("表结构（sqlite_master）")]
    return [name for name in names if not _table_sound(uri, name)]


def _table_sound(uri: str, name: str) -> bool:
    try:
        conn = connect_db(uri, uri=True)
    except database_errors():
        return False
    try:
        escaped = name.replace('"', '""')
        return conn.execute(f'PRAGMA quick_check("{escaped}")').fetchall() == [("ok",)]
    except database_errors("DatabaseError"):
        return False
    finally:
        conn.close()


# -- messages -----------------------------------------------------------------------------------------------------
def damaged_message(db_path: Path) -> str:
    return _(
        "数据文件 {path} 已损坏（可能是上次使用时突然断电或强制关机）。"
        "可以从自动备份中恢复；损坏的文件会另外保存，不会被删除。"
    ).format(path=db_path)


def _message(d: Diagnosis) -> str:
    db_path = d.data_dir / DB_FILENAME
    folder = d.data_dir
    text = {
        Kind.MISSING: _("在 {folder} 中没有找到数据文件，可能被移动或删除了。").format(folder=folder),
        Kind.EMPTY: _(
            "数据文件 {path} 是空的（0 字节），里面的数据已经没有了（可能是复制中断或磁盘故障）。"
            "程序不会在它上面重新建库。"
        ).format(path=db_path),
        Kind.NOT_DATABASE: _(
            "{path} 不是本程序的数据文件（文件开头被改写了，可能是被其他程序覆盖、"
            "或被病毒或加密软件改写）。这个文件会原样保留。"
        ).format(path=db_path),
        Kind.DAMAGED: damaged_message(db_path),
        Kind.TOO_NEW: _(
            "这个数据文件是由更新版本的程序保存的，当前程序无法安全打开。数据没有损坏，请升级本程序后再打开。"
        ),
        Kind.READ_ONLY: _(
            "数据文件夹 {folder} 不能写入（只读的磁盘或文件夹，或没有写入权限）。数据没有损坏。"
            "请把数据放到可以写入的文件夹，或请管理员开放写入权限后再打开。"
        ).format(folder=folder),
        Kind.DISK_FULL: _(
            "{folder} 所在的磁盘已满（剩余不到 1 MB）。数据没有损坏。请删除不需要的文件、清空回收站，腾出空间后再打开。"
        ).format(folder=folder),
        Kind.PATH_UNUSABLE: _(
            "数据文件夹的路径无法使用（路径太长、不是文件夹或含有系统不接受的字符）：{folder}。"
            "请换一个较短的普通文件夹，例如 D:\\党建数据。"
        ).format(folder=folder),
        Kind.LOCKED: _(
            "数据文件 {path} 正被另一个程序占用（可能是本程序的另一个窗口，或另一个程序正在导入、汇总数据），"
            "现在读不了。数据文件没有损坏。请等它完成或关闭另一个窗口后再打开。"
        ).format(path=db_path),
        Kind.WAL_LOST: _(
            "上次使用时，数据的日志文件（{name}-wal）被删除或替换了，而程序没有正常关闭："
            "上次关闭前的最后一些修改可能已经丢失。请核对最近录入的内容。"
        ).format(name=DB_FILENAME),
    }.get(d.kind, "")
    if d.where and d.kind == Kind.DAMAGED:
        text += _("损坏的位置：{where}。").format(where=join_list(_where_label(name) for name in d.where))
    if d.kind in RESTORABLE:
        if d.backups:
            text += _("找到 {n} 份完好的备份，最近一份是 {time}，可以从备份恢复。").format(
                n=len(d.backups), time=f"{d.backups[0].created:%Y-%m-%d %H:%M}"
            )
        elif d.kind not in (Kind.MISSING, Kind.WAL_LOST):
            text += _("没有找到完好的备份。请联系上级单位，用开通文件或数据包重新设置本机。")
    return text


# What a secretary calls the tables the damage is most often found in (the table name stays, for whoever repairs it).
TABLE_LABELS = {
    "org_unit": N_("组织机构"),
    "person": N_("党员名册"),
    "membership_change": N_("组织关系变动"),
    "study_session": N_("学习记录"),
    "attendance": N_("出勤记录"),
    "honor": N_("先进典型"),
    "mentor_pair": N_("传帮带结对"),
    "mentor_log": N_("帮带记录"),
    "change_log": N_("修改记录"),
    "setting": N_("设置"),
}


def _where_label(name: str) -> str:
    return f"{_(TABLE_LABELS[name])}（{name}）" if name in TABLE_LABELS else name


def clock_warning(today: date | None = None) -> str | None:
    """A PC clock that cannot be right (a flat CMOS battery shows 1999; a typo shows 2099): say so before anything is
    dated by it. Dates in the future are refused by the forms and imports, so a wrong clock would refuse real data."""
    today = today or date.today()
    if years.clock_plausible(today):
        return None
    return _(
        "这台电脑的日期是 {today}，看起来不对。新录入的记录会按这个日期保存，正确的日期也可能被当作“未来的日期”拒绝。"
        "请先在系统设置中校正日期和时间。"
    ).format(today=today.isoformat())


def acknowledge(diagnosis: Diagnosis) -> None:
    """The user has read a warning the store can be opened with (a lost -wal): do not repeat it at every start."""
    if diagnosis.kind == Kind.WAL_LOST:
        forget_wal_marker(diagnosis.data_dir)
