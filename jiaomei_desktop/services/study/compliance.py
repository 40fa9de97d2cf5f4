"""The compliance grid: every branch of a subtree × the months of a year, each cell telling whether the rules for
the periods containing that month are met (yearly rules have their own column)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, select, type_coerce

from jiaomei_desktop.db.models import OrgUnit, Person, StudySession
from jiaomei_desktop.domain.committee import has_committee, secretary_on
from jiaomei_desktop.domain.enums import MembershipState, SessionKind, UnitKind
from jiaomei_desktop.domain.study import (
    SECRETARY_LECTURE,
    YEAR_BOUND_KINDS,
    BranchSessions,
    CellState,
    HeldSession,
    Period,
    RuleCheck,
    Totals,
    cell_state,
    credited_year,
    effective_rules,
    evaluate_branch,
    totals,
    year_as_of,
)
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.statistics.roll import RollSource, load_full_member_source
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.committees import full_member_months, roles_by_branch
from jiaomei_desktop.services.study.model import SessionRow
from jiaomei_desktop.services.study.query import SessionQuery, fetch_rows, find_ids
from jiaomei_desktop.services.study.rules import stored_rules

_NONE = (0,) * 12


@dataclass(frozen=True)
class Cell:
    state: CellState | None  # None: no rule applies
    checks: tuple[RuleCheck, ...]

    @property
    def missed(self) -> list[str]:
        return [c.rule.kind for c in self.checks if c.state is CellState.MISSED]

    @property
    def open(self) -> list[str]:
        return [c.rule.kind for c in self.checks if c.state is CellState.OPEN]


@dataclass(frozen=True)
class ComplianceRow:
    branch_id: str
    branch_code: str
    branch_name: str
    parent_name: str
    months: tuple[Cell, ...]  # 12
    year: Cell
    totals: Totals


@dataclass(frozen=True)
class ComplianceGrid:
    unit_id: str
    unit_name: str
    year: int
    as_of: date
    rows: tuple[ComplianceRow, ...]
    month_met: tuple[int, ...]  # per month: branches whose cell is 达标
    month_missed: tuple[int, ...]  # per month: branches whose cell is 未达标
    total: Totals

    def as_dict(self) -> dict:
        return {
            "unit": self.unit_name, "year": self.year, "as_of": self.as_of.isoformat(),
            "branches": len(self.rows), "met": self.total.met, "due": self.total.due,
            "rate": round(self.total.rate, 4),
            "month_met": list(self.month_met), "month_missed": list(self.month_missed),
            "rows": [{
                "code": r.branch_code, "branch": r.branch_name, "parent": r.parent_name,
                "met": r.totals.met, "due": r.totals.due,
                "months": [c.state.value if c.state else None for c in r.months],
                "missed": {str(m + 1): c.missed for m, c in enumerate(r.months) if c.missed},
                "year_missed": r.year.missed,
            } for r in self.rows],
        }


def _cell(checks: list[RuleCheck]) -> Cell:
    return Cell(cell_state(checks) if checks else None, tuple(checks))


def compliance_grid(store: Store, unit_id: str, year: int, as_of: date | None = None,
                    source: RollSource | None = None) -> ComplianceGrid:
    """The grid as of `as_of` (default today); a past year is always judged as of its 12-31, so the year's report
    and any later look agree (a period ends on its last day: on 12-31 December and the year are closed).

    Whether a branch is asked for 支委会 follows the roll of each month (services.statistics.roll), not today's:
    `source` is that roll's people and changes when the caller (the 统计 dashboard) has read them already."""
    as_of = year_as_of(year, as_of or date.today())
    with store.reading() as session:
        top = session.get(OrgUnit, unit_id)
        if top is None or top.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        units = session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id,
                                       OrgUnit.path).where(OrgUnit.deleted.is_not(True))).all()
        rules = [s for s, _uid, _name in stored_rules(session)]
        by_id = {u.id: u for u in units}
        prefix = by_id[top.parent_id].path if top.kind == UnitKind.PARTY_GROUP.value and top.parent_id else top.path
        branches = sorted((u for u in units if u.kind == UnitKind.BRANCH.value and u.path.startswith(prefix)),
                          key=lambda u: u.code)
        # A per-group rule asks every party group that has members; an empty group cannot meet.
        staffed = set(session.scalars(select(Person.party_group_id).distinct().where(
            Person.party_group_id.is_not(None), Person.deleted.is_not(True),
            Person.membership_state == MembershipState.ACTIVE.value)))
        groups: dict[str, list[str]] = defaultdict(list)
        for u in units:
            if u.kind == UnitKind.PARTY_GROUP.value and u.parent_id and u.id in staffed:
                groups[u.parent_id].append(u.id)
        # The date as stored text, parsed by date.fromisoformat: SQLAlchemy's per-row Date processing was a
        # quarter of the grid's time for a group-wide year. A yearly meeting held next January for this year is
        # fetched by its 所属年度.
        # The covered index (unit, date, kind) answers the bulk; only 党课 (who lectured) and the yearly meetings
        # (所属年度, perhaps held next January) read their rows.
        special = (SessionKind.PARTY_LECTURE.value, *YEAR_BOUND_KINDS)
        in_units = StudySession.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(prefix)))
        held = session.execute(
            select(StudySession.unit_id, StudySession.kind, type_coerce(StudySession.session_date, String))
            .where(StudySession.deleted.is_not(True), in_units, StudySession.session_date >= date(year, 1, 1),
                   StudySession.session_date <= date(year, 12, 31), StudySession.kind.not_in(special))).all()
        details = session.execute(
            select(StudySession.unit_id, StudySession.kind, type_coerce(StudySession.session_date, String),
                   StudySession.belongs_year, StudySession.lecturer_id)
            .where(StudySession.deleted.is_not(True), in_units, StudySession.session_date >= date(year, 1, 1),
                   StudySession.session_date <= date(year + 1, 12, 31), StudySession.kind.in_(special))).all()
        branch_ids = [b.id for b in branches]
        # The roll's unit: a 党小组's members are recorded on its branch.
        roll_unit = top.parent_id if top.kind == UnitKind.PARTY_GROUP.value and top.parent_id else top.id
        if source is None or source.unit_id != roll_unit:
            source = load_full_member_source(session, roll_unit)
        full = full_member_months(source, branch_ids, year, as_of)
        roles = roles_by_branch(session, branch_ids)
    per_branch: dict[str, list[tuple]] = defaultdict(list)  # type: ignore[type-arg]
    fromisoformat = date.fromisoformat
    for session_unit, kind, day_text in held:
        unit = by_id.get(session_unit)
        if unit is None:
            continue
        if unit.kind == UnitKind.PARTY_GROUP.value:
            per_branch[unit.parent_id].append((kind, fromisoformat(day_text), unit.id))
        else:
            per_branch[session_unit].append((kind, fromisoformat(day_text), None))
    lecture = SessionKind.PARTY_LECTURE.value
    for session_unit, kind, day_text, belongs, lecturer in details:
        day = fromisoformat(day_text)
        unit = by_id.get(session_unit)
        if unit is None or (day.year > year and kind == lecture):
            continue
        branch_id, group = (unit.parent_id, unit.id) if unit.kind == UnitKind.PARTY_GROUP.value else (unit.id, None)
        by_secretary = bool(kind == lecture and lecturer and lecturer == secretary_on(roles.get(branch_id, ()), day))
        per_branch[branch_id].append(HeldSession(kind, day, group, belongs, by_secretary))
    rows = []
    for b in branches:
        evaluation = evaluate_branch(
            BranchSessions(b.id, effective_rules(b.path, rules), per_branch.get(b.id, []), groups.get(b.id, []),
                           [has_committee(n) for n in full.get(b.id, _NONE)]),
            year, as_of)
        parent = by_id.get(b.parent_id) if b.parent_id else None
        rows.append(ComplianceRow(b.id, b.code, b.name, parent.name if parent else "",
                                  tuple(_cell(m) for m in evaluation.months), _cell(evaluation.year),
                                  totals(evaluation.all_checks())))
    month_met = tuple(sum(r.months[m].state is CellState.MET for r in rows) for m in range(12))
    month_missed = tuple(sum(r.months[m].state is CellState.MISSED for r in rows) for m in range(12))
    total = Totals(sum(r.totals.met for r in rows), sum(r.totals.due for r in rows))
    return ComplianceGrid(top.id, top.name, year, as_of, tuple(rows), month_met, month_missed, total)


def cell_sessions(store: Store, branch_id: str, year: int, month: int | None,
                  yearly_kinds: frozenset[str] = frozenset()) -> list[SessionRow]:
    """The sessions behind a cell: the branch's (and its party groups') sessions in that month, oldest first; for
    the year column (month None) those of the kinds with yearly rules credited to the year (a 组织生活会 held next
    January for this year included, one held this January for last year left out)."""
    if month is None:
        kinds = frozenset(SessionKind.PARTY_LECTURE.value if k == SECRETARY_LECTURE else k for k in yearly_kinds)
        query = SessionQuery(unit_id=branch_id, date_from=date(year, 1, 1), date_to=date(year + 1, 12, 31),
                             kinds=kinds, sort="session_date", descending=False)
        ids = _credited_to(store, find_ids(store, query), year)
    else:
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        query = SessionQuery(unit_id=branch_id, date_from=date(year, month, 1),
                             date_to=date.fromordinal(end.toordinal() - 1), sort="session_date", descending=False)
        ids = find_ids(store, query)
    rows = fetch_rows(store, ids)
    return [rows[i] for i in ids if i in rows]


def _credited_to(store: Store, ids: list[str], year: int) -> list[str]:
    with store.reading() as session:
        facts = {r[0]: r[1:] for r in session.execute(select(
            StudySession.id, StudySession.kind, StudySession.session_date, StudySession.belongs_year)
            .where(StudySession.id.in_(ids))).all()}
    return [i for i in ids if i in facts and credited_year(*facts[i]) == year]


def yearly_kinds(cells: tuple[Cell, ...] | Cell) -> frozenset[str]:
    cell = cells if isinstance(cells, Cell) else cells[0]
    return frozenset(c.rule.kind for c in cell.checks if c.rule.period is Period.YEAR)
