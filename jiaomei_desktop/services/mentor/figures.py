"""Per-unit figures: pairs by state, 出师率, logged hours, and how many stand out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from jiaomei_desktop.db.models import MentorLog, MentorPair, OrgUnit
from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.enums import PairState, UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.mentor.query import joined, mentor_left_expr, overdue_expr, stale_expr
from jiaomei_desktop.services.store import Store


@dataclass
class MentorFigures:
    unit_id: str | None
    unit_name: str
    by_state: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in PairState})
    hours: float = 0.0
    logs: int = 0
    overdue: int = 0
    stale: int = 0
    mentor_left: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def completion_rate(self) -> float | None:
        return rules.completion_rate(self.by_state[PairState.COMPLETED.value],
                                     self.by_state[PairState.TERMINATED.value])

    def add(self, other: MentorFigures) -> None:
        for key, value in other.by_state.items():
            self.by_state[key] += value
        self.hours += other.hours
        self.logs += other.logs
        self.overdue += other.overdue
        self.stale += other.stale
        self.mentor_left += other.mentor_left

    def as_dict(self) -> dict[str, object]:
        rate = self.completion_rate
        return {"unit": self.unit_name, "total": self.total, "by_state": dict(self.by_state),
                "completion_rate": round(rate, 4) if rate is not None else None, "hours": round(self.hours, 1),
                "logs": self.logs, "overdue": self.overdue, "stale": self.stale, "mentor_left": self.mentor_left}


@dataclass(frozen=True)
class FiguresReport:
    total: MentorFigures  # the whole unit (or the whole store)
    children: list[MentorFigures]  # one line per direct child unit that has pairs in its subtree


def unit_figures(store: Store, unit_id: str | None, today: date | None = None) -> FiguresReport:
    today = today or date.today()
    per_unit = _per_unit(store, today)
    with store.reading() as session:
        units = {r[0]: r[1:] for r in session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.path, OrgUnit.parent_id, OrgUnit.kind, OrgUnit.code)
            .where(OrgUnit.deleted.is_(False)))}
    if unit_id is None:  # the whole store: a single top unit (the group) is the natural root
        roots = [uid for uid, u in units.items() if u[2] is None or u[2] not in units]
        unit_id = roots[0] if len(roots) == 1 else None
    root_path = units[unit_id][1] if unit_id and unit_id in units else ""
    total = MentorFigures(unit_id, units[unit_id][0] if unit_id in units else _("全部单位"))
    children: dict[str, MentorFigures] = {}
    for pair_unit, figures in per_unit.items():
        if pair_unit not in units or not units[pair_unit][1].startswith(root_path):
            continue
        total.add(figures)
        child = _child_of(units, root_path, units[pair_unit][1])
        if child is not None:
            children.setdefault(child, MentorFigures(child, units[child][0])).add(figures)
    ordered = sorted(children.values(), key=lambda f: units[f.unit_id or ""][4])
    return FiguresReport(total, [c for c in ordered if units[c.unit_id or ""][3] != UnitKind.PARTY_GROUP.value])


def _child_of(units: dict, root_path: str, path: str) -> str | None:  # type: ignore[type-arg]
    """The direct child of the root (or a top-level unit when root is everything) on the way to `path`."""
    rest = path[len(root_path):].strip("/").split("/") if path.startswith(root_path) else []
    return rest[0] if rest and rest[0] and rest[0] in units else None


def _per_unit(store: Store, today: date) -> dict[str, MentorFigures]:
    """Two passes over the pairs (states and flags in one, logged hours in the other), grouped by the pair's unit."""
    figures: dict[str, MentorFigures] = defaultdict(lambda: MentorFigures(None, ""))
    left = (MentorPair.state == PairState.ACTIVE.value) & mentor_left_expr()
    counts = joined([MentorPair.unit_id, MentorPair.state, func.count(), _count_if(overdue_expr(today)),
                     _count_if(stale_expr(today)), _count_if(left)]).group_by(MentorPair.unit_id, MentorPair.state)
    hours = (select(MentorPair.unit_id, func.sum(MentorLog.hours), func.count())
             .join(MentorPair, MentorPair.id == MentorLog.pair_id)
             .where(MentorLog.deleted.is_(False), MentorPair.deleted.is_(False)).group_by(MentorPair.unit_id))
    with store.reading() as session:
        for unit, state, n, overdue, stale, mentor_left in session.execute(counts):
            f = figures[unit]
            f.by_state[state] = f.by_state.get(state, 0) + n
            f.overdue += overdue or 0
            f.stale += stale or 0
            f.mentor_left += mentor_left or 0
        for unit, total, n in session.execute(hours):
            figures[unit].hours = float(total or 0.0)
            figures[unit].logs = n
    return dict(figures)


def _count_if(condition):  # type: ignore[no-untyped-def]
    return func.sum(case((condition, 1), else_=0))
