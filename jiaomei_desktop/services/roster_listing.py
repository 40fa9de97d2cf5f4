"""The roster as a plain listing read straight through sqlite3, for `jiaomei roster list`.

Loading SQLAlchemy and the models costs ~0.4 s of a ~0.5 s command; a script that lists the roster (a report, a
check before an import) should not wait for that. This module reads the same rows as services/roster.py
(find_ids in display order, then fetch_rows) with the same filters — unit subtree, 政治面貌, 在册, search text — and
only when the store is plainly fine: present, at the current schema, not open in another program and on a believable
clock. Anything else returns None, and the caller opens the store the usual way, which diagnoses, upgrades and
explains. tests/core/test_roster_listing.py holds the two paths to the same result.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from jiaomei_desktop.db import migrate
from jiaomei_desktop.db.sqlite_connect import SQLITE_MAGIC, connect, database_errors, key_for
from jiaomei_desktop.domain import idnumber, years
from jiaomei_desktop.domain.enums import DevelopmentStage, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.person import probation_end
from jiaomei_desktop.services.store_paths import DB_FILENAME, OPEN_MARKER


class ListedPerson(NamedTuple):
    """A roster line with services.roster.RosterRow's attribute names; dates as the store holds them (YYYY-MM-DD).
    A NamedTuple: built once per person of a roster, where a frozen dataclass costs several times more."""

    name: str
    gender: str
    birth_date: str
    id_masked: str  # never the full number
    political_status: str
    join_date: str
    branch_name: str
    post: str
    phone: str
    membership_state: str
    probation_overdue: bool
    development_stage: str = ""  # 发展阶段 of a non-member, else empty


@dataclass(frozen=True)
class Listing:
    total: int  # every match; `people` holds the first `limit` of them
    people: list[ListedPerson]


class UnknownUnit(LookupError):
    """No live unit has the given code."""


_COLUMNS = """p.name, p.gender, p.birth_date, p.id_number, p.political_status, p.join_date, u.name, p.post, p.phone,
    p.membership_state, p.probation_extension_months, p.development_stage"""


def quick_listing(
    data_dir: Path,
    *,
    unit_code: str | None = None,
    statuses: Collection[PoliticalStatus] = (),
    text: str = "",
    limit: int = 0,
    stages: Collection[DevelopmentStage] = (),
    today: date | None = None,
) -> Listing | None:
    """The 在册 people matching the filters, in roster order (services.roster RosterQuery's defaults), or None when
    the store needs the full open (missing, older schema, open elsewhere, unreadable, a wrong clock to warn of).

    Raises UnknownUnit for a `unit_code` no live unit has."""
    today = today or date.today()
    db_path = data_dir / DB_FILENAME
    if not years.clock_plausible(today) or not _plainly_fine(data_dir, db_path):
        return None
    try:
        with closing(connect(db_path)) as conn:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            if _revision(conn) != migrate.LATEST_REVISION:
                return None
            where, params = _where(conn, unit_code, statuses, text, stages)
            total = conn.execute(f"SELECT count(*) FROM person p WHERE {where}", params).fetchone()[0]
            page = f" LIMIT {int(limit)}" if limit > 0 else ""
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM person p JOIN org_unit u ON u.id = p.branch_id WHERE {where} "
                f"ORDER BY p.name_sort, p.id{page}",
                params,
            ).fetchall()
    except database_errors():
        return None  # locked, damaged, not ours: the full open tells the user what is wrong
    return Listing(total, [_person(row, today) for row in rows])


def _plainly_fine(data_dir: Path, db_path: Path) -> bool:
    """No question a diagnosis would have to answer: the file is there and is an SQLite store (or an unlocked
    encrypted one), and no program has it open or left it open (services.store OPEN_MARKER: a -wal to check)."""
    try:
        if not db_path.is_file() or (data_dir / OPEN_MARKER).exists():
            return False
        with db_path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    return len(header) == 100 and (header[:16] == SQLITE_MAGIC or key_for(db_path) is not None)


def _revision(conn: sqlite3.Connection) -> str | None:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone():
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _where(
    conn: sqlite3.Connection,
    unit_code: str | None,
    statuses: Collection[PoliticalStatus],
    text: str,
    stages: Collection[DevelopmentStage] = (),
) -> tuple[str, list[object]]:
    """services.roster._filtered as SQL: live people, 在册, in the unit's subtree, with the statuses, matching text."""
    clauses = ["p.deleted = 0", "p.membership_state = ?"]
    params: list[object] = [MembershipState.ACTIVE.value]
    if unit_code:
        found = conn.execute("SELECT path FROM org_unit WHERE code = ? AND deleted = 0", (unit_code,)).fetchone()
        if found is None:
            raise UnknownUnit(unit_code)
        clauses.append("p.branch_id IN (SELECT id FROM org_unit WHERE path LIKE ? || '%')")
        params.append(found[0])
    if statuses:
        values = sorted(s.value for s in statuses)
        clauses.append(f"p.political_status IN ({', '.join('?' * len(values))})")
        params.extend(values)
    if stages:
        chosen = sorted(s.value for s in stages)
        clauses.append(f"p.development_stage IN ({', '.join('?' * len(chosen))})")
        params.extend(chosen)
    needle = text.strip().lower().replace(" ", "")
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("p.search_text LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return " AND ".join(clauses), params


def _person(row: tuple[Any, ...], today: date) -> ListedPerson:
    name, gender, birth, number, status, join, branch, post, phone, state, extension, stage = row
    overdue = status == _PROBATIONARY and _overdue(status, join, extension, state, today)
    return ListedPerson(
        name,
        gender or "",
        birth or "",
        idnumber.mask(number),
        status,
        join or "",
        branch,
        post or "",
        phone or "",
        state,
        overdue,
        stage or "",
    )


_PROBATIONARY = PoliticalStatus.PROBATIONARY.value


def _overdue(status: str, join: str | None, extension: int | None, state: str, today: date) -> bool:
    """services.roster._overdue: a 预备党员 past the 预备期 (党章 第七条) is flagged wherever members are listed."""
    if state != MembershipState.ACTIVE.value or status != PoliticalStatus.PROBATIONARY.value or not join:
        return False
    return probation_end(date.fromisoformat(join), extension) < today
