"""Figures over a whole period of several years, as they stood on its last day: what the yearly dashboards cannot add
up (a 整改 found in 2024 and finished in 2025 is open at the end of 2024's dashboard), and the period's "先后" counts
the yearly groups do not hold (posts hung, zones set up, brands created, contests by organiser level).

Counting rules (the period report's sentences rely on them), for the subtree and the days from the period's first
1 January to `as_of` (its last year's end, or today):
- 纪律作风督导: statistics.inspection_figures over those days, so done, on time and overdue are judged on `as_of`.
- 13710督办: items assigned in the period; of them, done by `as_of` on time (by their deadline) or late, and still
  open on `as_of`, with those of them past their deadline (逾期).
- 亮明身份: posts and teams hung (挂牌) in the period, taken down since or not, by kind.
- 技术比武: events of the period by organiser level (省 / 集团 / 矿).
- 责任区: zones whose start falls in the period (a zone without a start date is not counted as set up in it).
- 党建品牌: brands of the subtree's branches created in one of the period's years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import BranchBrand, OrgUnit, ResponsibilityZone
from jiaomei_desktop.db.models.contest import ContestEvent
from jiaomei_desktop.db.models.post import IdentityPost
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.domain.contests import ContestLevel
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.posts import PostKind
from jiaomei_desktop.i18n import N_
from jiaomei_desktop.services.register_common import in_subtree
from jiaomei_desktop.services.statistics.inspection_figures import inspection_group
from jiaomei_desktop.services.statistics.model import (
    BRAND,
    CONTEST,
    TASK,
    ZONE,
    Dashboard,
    Figure,
    FigureGroup,
)

U_COUNT, U_ITEMS, U_TIMES = N_("个"), N_("件"), N_("场")


def _fig(key: str, label: str, ids: Iterable[str], unit: str, table: str | None, note: str = "") -> Figure:
    ids = tuple(ids)
    return Figure(key, label, len(ids), unit, table, ids, note)


def span_dashboard(session: Session, unit_id: str, unit_name: str, from_year: int, as_of: date) -> Dashboard:
    """The period's own figures for the subtree of `unit_id`, from `from_year`'s 1 January to `as_of`."""
    first = date(from_year, 1, 1)
    groups = (
        inspection_group(session, unit_id, from_year, as_of),
        _supervision(session, unit_id, first, as_of),
        _posts(session, unit_id, first, as_of),
        _contests(session, unit_id, first, as_of),
        _zones(session, unit_id, first, as_of),
        _brands(session, unit_id, from_year, as_of.year),
    )
    return Dashboard(unit_id, unit_name, as_of.year, as_of, groups)


def _supervision(session: Session, unit_id: str, first: date, as_of: date) -> FigureGroup:
    t = SupervisionTask
    rows = session.execute(
        select(t.id, t.deadline, t.done_date).where(
            t.deleted.is_(False), in_subtree(t.unit_id, unit_id), t.start_date >= first, t.start_date <= as_of
        )
    ).all()
    on_time: list[str] = []
    late: list[str] = []
    still_open: list[str] = []
    overdue: list[str] = []
    for tid, deadline, finished in rows:
        if finished is not None and finished <= as_of:
            (on_time if finished <= deadline else late).append(tid)
        else:
            still_open.append(tid)
            if deadline < as_of:
                overdue.append(tid)
    return FigureGroup(
        "supervision_span",
        N_("13710督办（统计期间）"),
        (
            _fig("supervision_span.assigned", N_("交办事项"), (r[0] for r in rows), U_ITEMS, TASK),
            _fig("supervision_span.on_time", N_("按时办结"), on_time, U_ITEMS, TASK, N_("办结日期不晚于办结时限")),
            _fig("supervision_span.late", N_("超时办结"), late, U_ITEMS, TASK),
            _fig("supervision_span.open", N_("未办结"), still_open, U_ITEMS, TASK, N_("统计截止日仍未办结")),
            _fig("supervision_span.overdue", N_("逾期未办结"), overdue, U_ITEMS, TASK, N_("统计截止日已过办结时限")),
        ),
        chart="none",
    )


def _posts(session: Session, unit_id: str, first: date, as_of: date) -> FigureGroup:
    p = IdentityPost
    rows = session.execute(
        select(p.id, p.kind).where(
            p.deleted.is_(False), in_subtree(p.unit_id, unit_id), p.listed_on >= first, p.listed_on <= as_of
        )
    ).all()
    by_kind: dict[str, list[str]] = defaultdict(list)
    for pid, kind in rows:
        by_kind[kind].append(pid)
    return FigureGroup(
        "posts_span",
        N_("亮明身份（统计期间挂牌）"),
        (
            _fig("posts_span.listed", N_("挂牌岗位"), (r[0] for r in rows), U_COUNT, None),
            *(_fig(f"posts_span.{k.name.lower()}", k.value, by_kind[k.value], U_COUNT, None) for k in PostKind),
        ),
        chart="none",
    )


def _contests(session: Session, unit_id: str, first: date, as_of: date) -> FigureGroup:
    e = ContestEvent
    rows = session.execute(
        select(e.id, e.level).where(
            e.deleted.is_(False), in_subtree(e.unit_id, unit_id), e.event_date >= first, e.event_date <= as_of
        )
    ).all()
    by_level: dict[str, list[str]] = defaultdict(list)
    for eid, level in rows:
        by_level[level].append(eid)
    return FigureGroup(
        "contests_span",
        N_("技术比武（统计期间，按主办级别）"),
        tuple(
            _fig(f"contests_span.{level.value}", level.value, by_level[level.value], U_TIMES, CONTEST)
            for level in reversed(ContestLevel)
        ),
        chart="none",
    )


def _zones(session: Session, unit_id: str, first: date, as_of: date) -> FigureGroup:
    z = ResponsibilityZone
    ids = session.scalars(
        select(z.id).where(
            z.deleted.is_(False), in_subtree(z.unit_id, unit_id), z.start_date >= first, z.start_date <= as_of
        )
    )
    return FigureGroup(
        "zones_span",
        N_("党员责任区（统计期间）"),
        (_fig("zones_span.started", N_("设立责任区"), ids, U_COUNT, ZONE, N_("开始日期在统计期间")),),
        chart="none",
    )


def _brands(session: Session, unit_id: str, from_year: int, to_year: int) -> FigureGroup:
    b = BranchBrand
    branches = select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH.value, in_subtree(OrgUnit.id, unit_id))
    ids = session.scalars(
        select(b.id).where(b.deleted.is_(False), b.unit_id.in_(branches), b.year >= from_year, b.year <= to_year)
    )
    return FigureGroup(
        "brands_span",
        N_("党建品牌（统计期间）"),
        (_fig("brands_span.created", N_("创建品牌"), ids, U_COUNT, BRAND, N_("创建年度在统计期间")),),
        chart="none",
    )
