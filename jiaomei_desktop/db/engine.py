"""SQLite engine with the pragmas the store relies on (WAL for a crash-safe journal, foreign keys on).

A store in a folder unlocked with its data key (db.sqlite_connect) is opened through SQLAlchemy's SQLCipher dialect
with the raw key, so SQLAlchemy maps sqlcipher3's errors like sqlite3's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
        event.listen(engine, "connect", _decrypted_page_cache)
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


# The OS file cache holds an encrypted store's pages still encrypted, so every page SQLite's own cache (2 MB by
# default) lets go is decrypted and authenticated again at its next read: a roster filter over 100,000 members took
# 1.6-2x the plain store's time. 64 MB per connection (filled only as pages are read) keeps them decrypted: ~1x.
DECRYPTED_CACHE_KIB = 65536


def _decrypted_page_cache(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA cache_size = -{DECRYPTED_CACHE_KIB}")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)
