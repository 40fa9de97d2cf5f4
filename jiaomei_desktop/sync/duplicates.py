"""Two offices holding the same person: a member moved from one branch to another and the second branch entered
the same ID number before the first recorded the move. Refusing the whole bundle would stop every other record of
the second branch; instead the later row is held back and listed as one conflict naming both people and both
offices, for review in the conflicts list. The first row stays as it was.

Which row is first depends on arrival here (the row already in the store, then rows in id order): the held row is
merged as soon as its owner sends a newer version and the ID number is free (the first branch recorded the move).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Protocol

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.sync.summary import ImportSummary
from jiaomei_desktop.sync.tables import TableInfo, encode_value

Row = tuple[object, ...]
ID, OWNER, VERSION = 0, 1, 2
# table -> the column a partial unique index keeps unique among live rows (see models: uq_person_id_number_live)
UNIQUE_LIVE = {"person": "id_number"}
DUPLICATE_KEY = "_duplicate_of"  # in a held-back row's loser_data: the id of the row that holds the value
_CHUNK = 500


class Plan(Protocol):
    state: dict[str, Row]
    in_db: set[str]
    changed: set[str]


def hold_back_duplicates(conn: sqlite3.Connection, table: TableInfo, plan: Plan, summary: ImportSummary) -> None:
    column = UNIQUE_LIVE.get(table.name)
    if column is None or not plan.changed:
        return
    at, deleted = table.index(column), table.index("deleted")
    live = sorted(
        (plan.state[i] for i in plan.changed if plan.state[i][at] is not None and not plan.state[i][deleted]),
        key=lambda r: (r[ID] not in plan.in_db, str(r[ID])),
    )
    if not live:
        return
    holders = {
        number: row
        for number, row in _stored_holders(conn, table, column, {r[at] for r in live}).items()
        if row[ID] not in plan.changed
    }
    held: list[tuple[Row, Row]] = []
    for row in live:
        holder = holders.get(row[at])
        if holder is None or holder[ID] == row[ID]:
            holders[row[at]] = row
            continue
        held.append((row, holder))
    for row, holder in held:
        _hold(conn, table, plan, row, holder, summary)


def _stored_holders(conn: sqlite3.Connection, table: TableInfo, column: str, values: set[object]) -> dict[object, Row]:
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    found: dict[object, Row] = {}
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        sql = f'SELECT {cols} FROM "{table.name}" WHERE "{column}" IN ({",".join("?" * len(chunk))}) AND deleted = 0'
        for row in conn.execute(sql, chunk):
            found[row[table.index(column)]] = tuple(row)
    return found


def _hold(
    conn: sqlite3.Connection, table: TableInfo, plan: Plan, row: Row, holder: Row, summary: ImportSummary
) -> None:
    row_id = str(row[ID])
    plan.changed.discard(row_id)
    if row_id in plan.in_db:  # an update that would take the value: the stored version stays
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        plan.state[row_id] = tuple(
            conn.execute(f'SELECT {cols} FROM "{table.name}" WHERE id = ?', (row_id,)).fetchone()
        )
        outcome = "updated"
    else:
        del plan.state[row_id]
        outcome = "new"
    owner = str(row[OWNER])
    if summary.by_table[table.name][outcome] > 0:
        summary.count(table.name, owner, outcome, -1)
    summary.count(table.name, owner, "conflicts")
    data = dict(zip(table.column_names, map(encode_value, row), strict=True))
    data[DUPLICATE_KEY] = holder[ID]
    from jiaomei_desktop.sync.merge import row_hash  # merge imports this module

    conn.execute(
        "INSERT OR IGNORE INTO sync_conflict (table_name, row_id, owner_unit_id, version, winner_hash, loser_hash, "
        "loser_data, status, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)",
        (
            table.name,
            row_id,
            owner,
            row[VERSION],
            row_hash(holder),
            row_hash(row),
            json.dumps(data, ensure_ascii=False),
            utcnow().isoformat(sep=" "),
        ),
    )
