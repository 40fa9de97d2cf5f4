import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.base import Base
from jiaomei_desktop.services.store import DB_FILENAME, StoreError, open_store


def test_empty_store_upgraded_to_head_matches_models(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate.current_revision(tmp_path / DB_FILENAME) == migrate.head_revision()


def test_latest_revision_shortcut_names_the_real_head() -> None:
    # upgrade_to_head skips Alembic when a store is at LATEST_REVISION: a stale constant would leave stores unmigrated
    assert migrate.head_revision() == migrate.LATEST_REVISION


def test_upgrade_from_older_revision_makes_a_backup_first(tmp_path: Path) -> None:
    db = tmp_path / DB_FILENAME
    from alembic import command

    command.upgrade(migrate.alembic_config(db), "0001")
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO setting(key, value) VALUES ('marker', 'kept')")
    store = open_store(tmp_path)
    assert store.last_backup is not None and store.last_backup.exists()
    with sqlite3.connect(store.last_backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert store.get_setting("marker") == "kept"
    store.close()


def test_store_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    db = tmp_path / DB_FILENAME
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(tmp_path)
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).write_bytes(b"this is a spreadsheet, not a database" * 10)
    with pytest.raises(StoreError, match="损坏"):
        open_store(tmp_path)


def test_missing_store_is_reported_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="没有找到数据文件"):
        open_store(tmp_path / "nothing", create=False)


def test_failed_transaction_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.transaction() as session:
        from jiaomei_desktop.db.models import Setting

        session.add(Setting(key="half", value="done"))
        session.flush()
        raise RuntimeError("boom")
    assert store.get_setting("half") is None
