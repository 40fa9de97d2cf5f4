"""Where a store lives: the data folder and the names of its files.

Kept apart from services/store.py, which loads SQLAlchemy and every model (~0.4 s): the command line resolves the
folder, unlocks it and reads a plain listing (services/roster_listing.py) before it knows whether it needs the ORM.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

DB_FILENAME = "jiaomei.sqlite3"
APP_NAME = "jiaomei_desktop"
# Present while a program has the store open: which -wal file it writes to. Found at the next start with that -wal
# missing or replaced, it means edits in the journal were lost (a crash after someone deleted the -wal).
OPEN_MARKER = DB_FILENAME + ".open"
# services.encryption's key file beside an encrypted store (named here so that a folder without one is known to be
# plain without loading cryptography; tests/core/test_roster_listing.py holds the two names equal).
KEY_FILENAME = "jiaomei.key"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()
