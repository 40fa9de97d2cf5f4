"""Alembic environment: runs against the store's SQLite file with batch mode (SQLite cannot ALTER most things)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from jiaomei_desktop.db import models  # noqa: F401  (registers the tables)
from jiaomei_desktop.db.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
