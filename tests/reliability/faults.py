"""Ways to hurt a store on purpose, for the fault-injection tests."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
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


# Another process holding the store's lock: `write` is a sync or an import in its write transaction (BEGIN IMMEDIATE:
# readers go on, writers wait); `exclusive` is a program that took the file to itself (nobody can even read).
_HOLDER = """
import sys
from pathlib import Path
from jiaomei_desktop.db.sqlite_connect import connect
key = bytes.fromhex(sys.argv[3]) if sys.argv[3] else None
conn = connect(Path(sys.argv[1]), key=key, isolation_level=None) if key else connect(Path(sys.argv[1]), isolation_level=None)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE setting SET value = value WHERE 0")
else:
    conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextlib.contextmanager
def held_by_another_process(db_path: Path, how: str = "write", key: bytes | None = None) -> Iterator[None]:
    """The store locked by another process (`how`: "write" or "exclusive") for the length of the block."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db_path), how, key.hex() if key else ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "held"
        yield
    finally:
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=30)
