"""The one place that opens raw SQLite connections: plain sqlite3 for a store without a password, SQLCipher for an
encrypted one.

A store folder is unlocked once per process with its 32-byte data key (`unlock_folder`); from then on every file
in it and below it (the store, its backups, temporary copies) is opened through sqlcipher3 with that raw key
(`PRAGMA key = "x'…'"`: no key derivation per connection, so opening costs the same as plain SQLite). A folder
that is not unlocked is opened with the standard sqlite3 module exactly as before — no password, no cost.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

KEY_BYTES = 32
_FOLDER_KEYS: dict[Path, bytes] = {}


def unlock_folder(folder: Path, key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    _FOLDER_KEYS[folder.resolve()] = key


def lock_folder(folder: Path) -> None:
    _FOLDER_KEYS.pop(folder.resolve(), None)


def key_for(path: Path) -> bytes | None:
    """The data key of the unlocked folder holding `path` (or one of its parents), else None."""
    resolved = path.resolve()
    for folder in (resolved, *resolved.parents):
        if folder in _FOLDER_KEYS:
            return _FOLDER_KEYS[folder]
    return None


def _quiet(conn: Any) -> None:
    # SQLCipher logs a failed page check to stderr; a wrong key is reported through the exception instead
    conn.execute("PRAGMA cipher_log_level = NONE")


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _path_of(target: str | Path) -> Path | None:
    if isinstance(target, Path):
        return target
    if target == ":memory:" or target == "":
        return None
    if target.startswith("file:"):
        path = unquote(target[len("file:") :].split("?", 1)[0])
        if path.startswith("//"):  # file:///abs/path
            path = path[2:]
        return Path(path)
    return Path(target)


def connect(
    target: str | Path, *, key_path: Path | None = None, key: bytes | None = None, **kwargs: Any
) -> sqlite3.Connection:
    """sqlite3.connect(target, **kwargs), keyed when the file lies in an unlocked folder.

    `key_path` names the store whose key applies when `target` itself says nothing (":memory:" copies of a store:
    SQLCipher's backup API only copies between connections with the same key). `key` forces a key (conversions).
    """
    if key is None:
        where = key_path or _path_of(target)
        key = key_for(where) if where is not None else None
    if key is None:
        return sqlite3.connect(target, **kwargs)
    import sqlcipher3  # only an encrypted store needs the binding loaded

    conn = sqlcipher3.connect(str(target), **kwargs)
    _quiet(conn)
    conn.execute(key_pragma(key))
    return cast(sqlite3.Connection, conn)  # the same DB-API; its own exception classes: see database_errors


def database_errors(*names: str, also: tuple[type[BaseException], ...] = ()) -> tuple[type[BaseException], ...]:
    """sqlite3's exception classes `names` ("Error" when none, "DatabaseError", "OperationalError", …) and, once
    loaded, sqlcipher3's classes of the same names — they are different classes, so code that may meet a keyed
    connection (directly, or as SQLAlchemy's `.orig`) catches both — plus the classes `also`:
    `except database_errors("DatabaseError", also=(OSError,)) as exc:`."""
    import sys

    wanted = names or ("Error",)
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    # Not loaded means no keyed connection was ever opened in this process, so none of its errors can exist.
    modules = (sqlite3, cipher) if cipher is not None else (sqlite3,)
    return (*also, *(getattr(module, name) for module in modules for name in wanted))


SQLITE_MAGIC = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """The file starts with SQLite's header (an encrypted file starts with its random salt)."""
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


def export_file(
    source: Path,
    target: Path,
    source_key: bytes | None,
    target_key: bytes | None,
    on_progress: Callable[[], bool] | None = None,
) -> None:
    """Copy every table, index, trigger and the user_version of `source` into the new file `target`, changing its
    encryption (SQLCipher's sqlcipher_export: None = plain). `target` must not exist; it is fsynced.

    `on_progress` is called now and then while the export runs (SQLite's progress handler); returning True stops
    the export (it then raises sqlcipher3.OperationalError "interrupted" and `target` is incomplete)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(source), isolation_level=None)
    try:
        _quiet(conn)
        if on_progress is not None:
            conn.set_progress_handler(on_progress, 200_000)  # ~ every few MB copied
        if source_key is not None:
            conn.execute(key_pragma(source_key))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        attach_key = f"x'{target_key.hex()}'" if target_key is not None else ""
        conn.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), attach_key))
        conn.execute("SELECT sqlcipher_export('converted')")
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        # The export is a rollback-journal file; the store is WAL. Left as it is, the first open after a conversion
        # made in another process (the CLI, a restore) must switch modes, which needs the file to itself: the
        # start-up check reading beside it made that open fail with "database is locked".
        conn.execute("PRAGMA converted.journal_mode = WAL")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())
