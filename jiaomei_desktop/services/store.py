"""Opening the local store: folder, SQLite file, migrations, transactions.

A Store is what every service function takes first. It hides the engine; services open a transaction with
`store.transaction()` and hand back plain dataclasses, never ORM objects.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.engine import make_engine, make_sessionmaker
from jiaomei_desktop.db.models import Setting
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership  # noqa: F401  (registers the guard on every store session)

log = logging.getLogger(__name__)

DB_FILENAME = "jiaomei.sqlite3"
APP_NAME = "jiaomei_desktop"


class StoreError(Exception):
    """The store cannot be opened; the message says why in words a secretary understands."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


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
        self.engine.dispose()


def store_exists(data_dir: Path) -> bool:
    return (data_dir / DB_FILENAME).is_file()


def open_store(data_dir: Path, create: bool = True) -> Store:
    """Open (and if needed create or upgrade) the store in `data_dir`."""
    db_path = data_dir / DB_FILENAME
    if not db_path.exists() and not create:
        raise StoreError(_("在 {folder} 中没有找到数据文件。请先创建单位或生成演示数据（jiaomei demo）。").format(
            folder=data_dir))
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        _check_is_database(db_path)
        backup = migrate.upgrade_to_head(db_path)
    except migrate.StoreTooNewError as exc:
        raise StoreError(
            _("这个数据文件是由更新版本的程序保存的，当前程序无法安全打开。请升级本程序后再打开。")
        ) from exc
    except PermissionError as exc:
        raise StoreError(_("没有权限读写数据文件夹 {folder}。").format(folder=data_dir)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(_("数据文件已损坏或不是本程序的数据文件：{path}").format(path=db_path)) from exc
    except OSError as exc:
        raise StoreError(_("无法打开数据文件夹 {folder}：{error}").format(folder=data_dir, error=exc.strerror or exc)) from exc
    if backup:
        log.info("store upgraded; backup at %s", backup)
    engine = make_engine(db_path)
    return Store(data_dir=data_dir, engine=engine, session_factory=make_sessionmaker(engine), last_backup=backup)


def _check_is_database(db_path: Path) -> None:
    if not db_path.exists():
        return
    with db_path.open("rb") as fh:
        header = fh.read(16)
    if header and header != b"SQLite format 3\x00":
        raise sqlite3.DatabaseError("not a database")


