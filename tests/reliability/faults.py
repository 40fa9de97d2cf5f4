"""Ways to hurt a store on purpose, for the fault-injection tests."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

PAGE = 4096


def checkpoint(db_path: Path) -> None:
    """Move everything from the -wal into the main file, so damage to the file is damage to the data."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def root_page(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def zero_page(db_path: Path, page: int) -> None:
    """Overwrite one page with zeros, as a sector that came back empty after a power cut."""
    with db_path.open("r+b") as fh:
        fh.seek((page - 1) * PAGE)
        fh.write(b"\0" * PAGE)


def unit_codes(db_path: Path) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {str(r[0]) for r in conn.execute("SELECT code FROM org_unit")}
    finally:
        conn.close()


def os_error(code: int) -> OSError:
    return OSError(code, errno.errorcode.get(code, str(code)))
