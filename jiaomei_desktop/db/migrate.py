"""Schema migrations with Alembic, run from code when a store opens.

Migrations live inside the package (`db/migrations`), so the frozen build carries them. Before any upgrade the
file is copied aside; a store stamped with a revision this app does not know was written by a newer app and is
refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/migrations/versions. Opening an up-to-date store (every start but the first after an
# upgrade) compares against this and never imports Alembic, which costs ~0.2 s of start-up.
# tests/core/test_store.py fails when a new migration is added and this is not moved with it.
LATEST_REVISION = "0011"


class StoreTooNewError(RuntimeError):
    """The store was written by a newer version of the app."""


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("jiaomei_desktop.db") / "migrations"))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
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
    with sqlite3.connect(db_path) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def backup_copy(db_path: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL), kept beside the store under backups/."""
    backup_dir = db_path.parent / "backups"
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{db_path.stem}-{stamp}-{label}.sqlite3"
    with sqlite3.connect(db_path) as source, sqlite3.connect(target) as dest:
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
    command.upgrade(alembic_config(db_path), "head")
    return backup


