"""Schema migrations with Alembic, run from code when a store opens.

Migrations live inside the package (`db/migrations`), so the frozen build carries them. Before any upgrade the
file is copied aside; a store stamped with a revision this app does not know was written by a newer app and is
refused rather than guessed at.
"""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jiaomei_desktop.db.sqlite_connect import connect as connect_db

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/migrations/versions. Opening an up-to-date store (every start but the first after an
# upgrade) compares against this and never imports Alembic, which costs ~0.2 s of start-up.
# tests/core/test_store.py fails when a new migration is added and this is not moved with it.
LATEST_REVISION = "0018"


class StoreTooNewError(RuntimeError):
    """The store was written by a newer version of the app."""


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("jiaomei_desktop.db") / "migrations"))
    # ConfigParser interpolates "%": a folder such as "C:\\数据%备份" must reach the URL as it is.
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}".replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(Path("unused.sqlite3")))
    head = script.get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(Path("unused.sqlite3")))
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    # closing(): sqlite3's own context manager only commits; a connection left to the garbage collector keeps the
    # -wal open after the store is closed
    with closing(connect_db(db_path)) as conn:
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


# Backups are named `<stem>-<seq>-<YYYYmmdd-HHMMSS>-<reason>.sqlite3[.gz]`. The sequence number, not the clock,
# orders them: a PC whose clock jumped to 2035 and back still rotates the oldest copy away, never the newest.
# Names from before the sequence number (`<stem>-<stamp>[-<n>]-<reason>`) are still read, as older than any numbered one.
BACKUP_NAME = re.compile(
    r"^(?P<stem>.+?)-(?:(?P<seq>\d{6,})-)?(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[A-Za-z0-9_.-]+?)"
    r"\.sqlite3(?P<gz>\.gz)?$"
)


def backup_order(name: str) -> tuple[int, int, str, int]:
    """Sort key of a backup file name, oldest first: numbered backups after all unnumbered ones."""
    match = BACKUP_NAME.match(name)
    if match is None:
        return (-1, 0, "", 0)
    if match["seq"]:
        return (1, int(match["seq"]), "", 0)
    return (0, 0, match["stamp"], int(match["n"] or 0))


def next_backup_path(folder: Path, stem: str, reason: str, suffix: str = "") -> Path:
    """The name for a new backup in `folder`: one more than the highest sequence number there."""
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [int(m["seq"]) for p in folder.iterdir() if (m := BACKUP_NAME.match(p.name)) and m["seq"]]
    seq = max(numbers, default=0) + 1
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    while True:
        target = folder / f"{stem}-{seq:06d}-{stamp}-{reason}.sqlite3{suffix}"
        if not target.exists() and not target.with_name(target.name + ".gz").exists():
            return target
        seq += 1


def backup_copy(db_path: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL), kept beside the store under backups/."""
    target = next_backup_path(db_path.parent / "backups", db_path.stem, label)
    with closing(connect_db(db_path)) as source, closing(connect_db(target)) as dest:
        source.backup(dest)
    return target


def upgrade_to_head(db_path: Path) -> Path | None:
    """Bring the store to the newest schema. Returns the backup made, if one was needed."""
    current = current_revision(db_path)
    if current == LATEST_REVISION:
        return None
    from alembic import command

    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise StoreTooNewError(current)
    backup = backup_copy(db_path, f"before-{head}") if current is not None else None
    from jiaomei_desktop.db.engine import make_engine

    # The connection is handed over rather than the URL: a path with "%" or spaces is never re-parsed as a URL.
    engine = make_engine(db_path, pragmas=False)
    try:
        with engine.begin() as connection:
            config = alembic_config(db_path)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    return backup
