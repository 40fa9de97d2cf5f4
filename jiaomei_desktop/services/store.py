"""Opening the local store: folder, SQLite file, migrations, transactions.

A Store is what every service function takes first. It hides the engine; services open a transaction with
`store.transaction()` and hand back plain dataclasses, never ORM objects.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.engine import make_engine, make_sessionmaker
from jiaomei_desktop.db.models import Setting
from jiaomei_desktop.db.sqlite_connect import database_errors, key_for
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership  # noqa: F401  (registers the guard on every store session)
from jiaomei_desktop.services.storage_errors import as_storage_error
from jiaomei_desktop.services.store_paths import (  # noqa: F401  (re-exported)
    APP_NAME,
    DB_FILENAME,
    OPEN_MARKER,
    default_data_dir,
    resolve_data_dir,
)

log = logging.getLogger(__name__)


class StoreError(Exception):
    """The store cannot be opened; the message says why in words a secretary understands."""


@dataclass
class Store:
    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    last_backup: Path | None = None
    _settings_cache: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block finishes, rolled back (nothing written) if it raises."""
        session = self.session_factory()
        try:
            with session.begin():
                yield session
        except database_errors(also=(SQLAlchemyError,)) as exc:
            storage = as_storage_error(exc, self.data_dir)  # a full or read-only disk: say so; nothing was written
            if storage is not None:
                raise storage from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = self.session_factory()
        try:
            yield session
        finally:
            session.close()

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        if key in self._settings_cache:
            return self._settings_cache[key]
        with self.reading() as session:
            row = session.get(Setting, key)
            value = row.value if row else None
        if value is not None:
            self._settings_cache[key] = value
        return value if value is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as session:
            session.merge(Setting(key=key, value=value))
        self._settings_cache[key] = value

    def close(self) -> None:
        _closed(self.engine, self.data_dir)

    def reconnect(self) -> None:
        """A new engine after the file was replaced under a closed store (encryption switched on or off)."""
        self.engine = make_engine(self.db_path)
        self.session_factory = make_sessionmaker(self.engine)
        _mark_open(self.engine, self.data_dir)


def _wal_identity(db_path: Path) -> list[int] | None:
    try:
        info = os.stat(f"{db_path}-wal")
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


def _mark_open(engine: Engine, data_dir: Path) -> None:
    """Record which -wal file this program writes to (the pool keeps a connection, so the -wal stays)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
    identity = _wal_identity(data_dir / DB_FILENAME)
    if identity is None:
        return
    marker = data_dir / OPEN_MARKER
    temp = marker.with_name(marker.name + ".tmp")
    with contextlib.suppress(OSError):
        temp.write_text(json.dumps({"wal": identity, "pid": os.getpid()}), encoding="utf-8")
        os.replace(temp, marker)


def _closed(engine: Engine, data_dir: Path) -> None:
    engine.dispose()
    # The last program to close checkpoints and removes the -wal; only then is the marker no longer needed.
    if _wal_identity(data_dir / DB_FILENAME) is None:
        with contextlib.suppress(OSError):
            (data_dir / OPEN_MARKER).unlink(missing_ok=True)


def wal_lost(data_dir: Path) -> bool:
    """True when the store was not closed cleanly and the -wal it was writing to is gone or another file now."""
    try:
        recorded = json.loads((data_dir / OPEN_MARKER).read_text(encoding="utf-8")).get("wal")
    except (OSError, ValueError, AttributeError):
        return False
    return recorded is not None and _wal_identity(data_dir / DB_FILENAME) != list(recorded)


def forget_wal_marker(data_dir: Path) -> None:
    """The user has been told about a lost -wal: do not say it again."""
    with contextlib.suppress(OSError):
        (data_dir / OPEN_MARKER).unlink(missing_ok=True)


def store_exists(data_dir: Path) -> bool:
    return (data_dir / DB_FILENAME).is_file()


def open_store(data_dir: Path, create: bool = True) -> Store:
    """Open (and if needed create or upgrade) the store in `data_dir`. A full or read-only disk and an unusable path
    get their own message (services.health.diagnose tells every case apart before a program opens the store)."""
    db_path = data_dir / DB_FILENAME
    if not db_path.exists() and not create:
        raise StoreError(
            _("在 {folder} 中没有找到数据文件。请先创建单位或生成演示数据（jiaomei demo）。").format(folder=data_dir)
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        _check_is_database(db_path)
        backup = migrate.upgrade_to_head(db_path)
        engine = make_engine(db_path)
        _mark_open(engine, data_dir)
    except migrate.StoreTooNewError as exc:
        raise StoreError(
            _("这个数据文件是由更新版本的程序保存的，当前程序无法安全打开。请升级本程序后再打开。")
        ) from exc
    except database_errors(also=(OSError, SQLAlchemyError)) as exc:
        storage = as_storage_error(exc, data_dir)
        if storage is not None:
            raise StoreError(str(storage)) from exc
        if isinstance(exc, OSError):
            raise StoreError(
                _("无法打开数据文件夹 {folder}：{error}").format(folder=data_dir, error=exc.strerror or exc)
            ) from exc
        if _unopenable(db_path):
            raise StoreError(
                _("无法打开数据文件 {path}（路径太长或含有系统不接受的字符）。请换一个较短的普通文件夹。").format(
                    path=db_path
                )
            ) from exc
        raise StoreError(_("数据文件已损坏或不是本程序的数据文件：{path}").format(path=db_path)) from exc
    if backup:
        log.info("store upgraded; backup at %s", backup)
    store = Store(data_dir=data_dir, engine=engine, session_factory=make_sessionmaker(engine), last_backup=backup)
    # A program that ends without close() (a script, an exception) still checkpoints and clears the marker.
    weakref.finalize(store, _closed, engine, data_dir)
    return store


def _unopenable(db_path: Path) -> bool:
    """SQLite cannot even open the path (too long for it, or a folder where the file should be)."""
    return db_path.is_dir() or len(os.fsencode(str(db_path))) > MAX_DB_PATH_BYTES


# SQLite's limit on a file name (512 bytes with the "-journal" it adds); the store and its backups must fit.
MAX_DB_PATH_BYTES = 503


def _check_is_database(db_path: Path) -> None:
    if not db_path.exists():
        return
    with db_path.open("rb") as fh:
        header = fh.read(16)
    if header and header != b"SQLite format 3\x00" and key_for(db_path) is None:  # unlocked encrypted store
        raise sqlite3.DatabaseError("not a database")
