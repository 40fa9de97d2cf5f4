"""SQLite engine with the pragmas the store relies on (WAL for a crash-safe journal, foreign keys on)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(db_path: Path, pragmas: bool = True) -> Engine:
    # URL.create, not an f-string: a folder named "a%20b" or "50%" must not be URL-decoded into another path.
    engine = create_engine(URL.create("sqlite", database=str(db_path)), future=True)
    if pragmas:
        event.listen(engine, "connect", _set_pragmas)
    return engine


def _set_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)
