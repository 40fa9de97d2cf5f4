"""What a failed write means to a secretary: a full disk, a read-only folder, an unusable path or a store another
program holds, in plain words.

SQLite, the OS and SQLAlchemy each report these differently (errno 28 / "database or disk is full" / SQLITE_FULL, and
a rollback that fails because SQLite already rolled back hides the first error under "cannot rollback"): one place
tells them apart, so every write path (imports, consolidation, backups, store creation) says the same thing.
"database is locked" (SQLITE_BUSY after the busy timeout: another window, or an import or consolidation in another
process holding the write lock) is not damage either, and gets its own message.
"""

from __future__ import annotations

import errno
from pathlib import Path

from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError

FULL = "disk-full"
READ_ONLY = "read-only"
PATH = "path-unusable"
LOCKED = "locked"
# What a check (services.backups.quick_check) reports when it could not read the file because of a lock.
LOCKED_PROBLEM = "database is locked"

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_PATH_ERRNOS = {errno.ENAMETOOLONG, errno.ENOTDIR}
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION — another process has the file open exclusively.
_LOCKED_WINERRORS = {32, 33}


class StorageError(ServiceError):
    """A write failed because of the disk or another program holding the store, not the data; `kind` is FULL,
    READ_ONLY, PATH or LOCKED. Nothing was changed."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
        orig = getattr(seen[-1], "orig", None)  # SQLAlchemy's DBAPIError keeps the driver's error here
        if isinstance(orig, BaseException) and orig not in seen:
            seen.append(orig)
    return seen


def storage_kind(exc: BaseException) -> str | None:
    """FULL / READ_ONLY / PATH / LOCKED when `exc` (or an error it hides) is a disk problem or a lock, else None."""
    for err in _chain(exc):
        if isinstance(err, StorageError):
            return err.kind
        if isinstance(err, OSError) and getattr(err, "winerror", None) in _LOCKED_WINERRORS:
            return LOCKED
        if isinstance(err, OSError) and err.errno is not None:
            if err.errno in _FULL_ERRNOS:
                return FULL
            if err.errno in _READ_ONLY_ERRNOS:
                return READ_ONLY
            if err.errno in _PATH_ERRNOS:
                return PATH
        if isinstance(err, database_errors()):
            text = str(err).lower()
            if "disk is full" in text or "database or disk is full" in text:
                return FULL
            if "readonly" in text or "read-only" in text:
                return READ_ONLY
            if "is locked" in text:  # "database is locked", "database table is locked"
                return LOCKED
    return None


def storage_message(kind: str, folder: Path | None) -> str:
    where = str(folder) if folder is not None else _("数据文件夹")
    if kind == FULL:
        return _(
            "{folder} 所在的磁盘已满，写不进去了。这次操作没有保存，原有数据没有改动。"
            "请删除不需要的文件、清空回收站，腾出空间后再试。"
        ).format(folder=where)
    if kind == LOCKED:
        return locked_message(folder)
    if kind == READ_ONLY:
        return _(
            "{folder} 不能写入（只读的磁盘或文件夹，或没有写入权限）。这次操作没有保存，原有数据没有改动。"
            "请把数据放到可以写入的文件夹，或请管理员开放写入权限。"
        ).format(folder=where)
    return _(
        "文件夹路径 {folder} 无法使用（路径太长或含有系统不接受的字符）。这次操作没有保存，原有数据没有改动。"
        "请换一个较短的普通文件夹。"
    ).format(folder=where)


def locked_message(folder: Path | None) -> str:
    where = str(folder) if folder is not None else _("数据文件夹")
    return _(
        "{folder} 中的数据文件正被另一个程序占用（可能是本程序的另一个窗口，或另一个程序正在导入、汇总数据），"
        "暂时不能读写。这次操作没有保存，原有数据没有改动，数据文件没有损坏。请等它完成或关闭另一个窗口后再试。"
    ).format(folder=where)


def as_storage_error(exc: BaseException, folder: Path | None) -> StorageError | None:
    """The StorageError to raise instead of `exc`, or None when `exc` is not a disk problem."""
    if isinstance(exc, StorageError):
        return exc
    kind = storage_kind(exc)
    return StorageError(storage_message(kind, folder), kind) if kind else None


def is_damage(exc: BaseException) -> bool:
    """True when `exc` (or an error it hides) is SQLite finding the file malformed or not a database — damage, not a
    busy, full or read-only disk (those are OperationalError)."""
    return any(
        isinstance(err, database_errors("DatabaseError")) and not isinstance(err, database_errors("OperationalError"))
        for err in _chain(exc)
    )
