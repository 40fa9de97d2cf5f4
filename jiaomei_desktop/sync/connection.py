"""Plain sqlite3 connections for sync: one explicit write transaction, or a throw-away copy for dry runs.

A dry run never opens the store for writing: it copies the store (read-only, through SQLite's backup API) into
memory, runs the very same import there and discards it, so its summary is the real import's summary and the
store file keeps every byte.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jiaomei_desktop.db.sqlite_connect import connect as connect_db

CACHE_KIB = 65536  # a consolidation touches every index of several large tables; the default 2 MB cache thrashes


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


@contextmanager
def write_transaction(db_path: Path) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT; any exception (including Cancelled) rolls everything back."""
    conn = connect_db(db_path, isolation_level=None)
    try:
        _pragmas(conn)
        conn.execute("PRAGMA synchronous = FULL")  # the commit that ends an import reaches the disk
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            # SQLite rolls back by itself after some errors (a full disk: SQLITE_FULL); a second ROLLBACK would
            # replace the real error with "cannot rollback - no transaction is active".
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def plain_indexes_deferred(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """Inside an open transaction: drop the tables' plain (non-unique) indexes and create them again at the end.

    Building an index once over the loaded rows is about twice as fast as updating it row by row at random ids.
    Only plain indexes: unique ones (and primary keys) must refuse a duplicate at the row that brings it. Nothing
    reads these tables through a plain index meanwhile, and the drop is part of the transaction: if the load fails
    or is cancelled, the rollback brings the indexes back with everything else.
    """
    names = list(tables)
    rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        f"AND tbl_name IN ({','.join('?' * len(names))}) ORDER BY name", names).fetchall()
    plain = [(name, sql) for name, sql in rows if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in plain:
        conn.execute(sql)


@contextmanager
def scratch_copy(db_path: Path) -> Iterator[sqlite3.Connection]:
    """An in-memory copy of the store inside an open transaction, thrown away afterwards."""
    source = connect_db(_read_only_uri(db_path), uri=True)
    copy = connect_db(":memory:", key_path=db_path, isolation_level=None)
    try:
        source.backup(copy)
        source.close()
        _pragmas(copy)
        copy.execute("BEGIN")
        yield copy
    finally:
        source.close()
        copy.close()


def _read_only_uri(db_path: Path) -> str:
    """Read-only, and creating no files: with no -wal file beside it the main file holds every committed change,
    so it can be opened as immutable (no -wal or -shm is created); otherwise those files already exist and are
    read, not changed."""
    wal = db_path.with_name(db_path.name + "-wal")
    mode = "ro" if wal.exists() else "ro&immutable=1"
    return f"file:{db_path.as_posix()}?mode={mode}"


@contextmanager
def read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect_db(_read_only_uri(db_path), uri=True)
    try:
        yield conn
    finally:
        conn.close()
