"""SQLite engine with the pragmas the store relies on (WAL for a crash-safe journal, foreign keys on).

A store in a folder unlocked with its data key (db.sqlite_connect) is opened through SQLAlchemy's SQLCipher dialect
with the raw key, so SQLAlchemy maps sqlcipher3's errors like sqlite3's."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from jiaomei_desktop.db.sqlite_connect import key_for


def make_engine(db_path: Path, pragmas: bool = True) -> Engine:
    # URL.create, not an f-string: a folder named "a%20b" or "50%" must not be URL-decoded into another path.
    key = key_for(db_path)
    if key is None:
        engine = create_engine(URL.create("sqlite", database=str(db_path)), future=True)
    else:
        # The dialect sends `PRAGMA key = "<password>"`; "x'…'" there is SQLCipher's raw-key form. QueuePool as for
        # plain files (the dialect would pick one connection per thread).
        url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(db_path))
        engine = create_engine(url, future=True, poolclass=QueuePool)
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
