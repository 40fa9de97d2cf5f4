"""Rows of a bundle written by an older schema, read the way the store's own migrations read them: a bundle from
an office that has not upgraded yet must merge into the same rows that office will have once it upgrades (its
versions are unchanged by the migration, so the rows compare equal and nothing conflicts)."""

from __future__ import annotations

from collections.abc import Sequence

from jiaomei_desktop.domain.development import split_legacy_status
from jiaomei_desktop.sync.tables import TableInfo

Row = tuple[object, ...]


def upgrade_rows(table: TableInfo, bundle_columns: Sequence[str], rows: list[Row]) -> list[Row]:
    """`rows` already in our column order (new columns at their defaults)."""
    if table.name == "person" and "development_stage" not in bundle_columns:
        return _development_stage(table, rows)
    return rows


def _development_stage(table: TableInfo, rows: list[Row]) -> list[Row]:
    """Before revision 0018, 入党积极分子 and 发展对象 were written as 政治面貌 (db migration 0018 moves them to
    development_stage, with 群众 or 共青团员 as 政治面貌)."""
    status_at, stage_at = table.index("political_status"), table.index("development_stage")
    position_at, notes_at = table.index("position"), table.index("notes")
    upgraded = []
    for row in rows:
        status = row[status_at]
        new_status, stage = (
            split_legacy_status(status, row[position_at], row[notes_at]) if isinstance(status, str) else (status, None)
        )
        if stage is None:
            upgraded.append(row)
            continue
        values = list(row)
        values[status_at], values[stage_at] = new_status, stage.value
        upgraded.append(tuple(values))
    return upgraded
