"""Figures of the 纪律作风督导 register for the dashboard (statistics.figures adds the group; the records dialog lists
the inspections behind a figure through `inspection_records`).

Counting rules (the report's sentence relies on them): inspections of units in the subtree dated in the year up to
`as_of`; problems = those that found one (any kind but 未发现问题), by kind; of those sent for 整改, the ones done by
`as_of`, done on time (by their deadline), and the ones still open on `as_of` past their deadline (逾期). The 整改's
state is its 13710 item's (services.inspections).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import OrgUnit
from jiaomei_desktop.db.models.inspection import Inspection
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.domain.inspections import PROBLEM_KINDS, ProblemKind
from jiaomei_desktop.i18n import N_
from jiaomei_desktop.services.register_common import in_subtree
from jiaomei_desktop.services.statistics.model import Figure, FigureGroup

INSPECTION = "inspection"  # a figure's table: the inspections behind it
U_TIMES, U_COUNT = N_("次"), N_("个")
INSPECTION_COLUMNS = (N_("督导日期"), N_("被督导单位"), N_("问题类别"), N_("督导情况"), N_("整改期限"), N_("完成日期"))


def _fig(key: str, label: str, value: int | float, unit: str, ids: Iterable[str] = (), note: str = "") -> Figure:
    return Figure(key, label, value, unit, INSPECTION, tuple(ids), note)


def inspection_group(session: Session, unit_id: str, year: int, as_of: date) -> FigureGroup:
    i, t = Inspection, SupervisionTask
    rows = session.execute(
        select(i.id, i.kind, i.rectify, t.deadline, t.done_date)
        .outerjoin(t, (t.inspection_id == i.id) & t.deleted.is_(False))
        .where(
            i.deleted.is_(False),
            in_subtree(i.unit_id, unit_id),
            i.inspection_date >= date(year, 1, 1),
            i.inspection_date <= as_of,
        )
    ).all()
    problems = [r for r in rows if r[1] != ProblemKind.NONE.value]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for r in problems:
        by_kind[r[1]].append(r[0])
    rectify = [r for r in rows if r[2] and r[3] is not None]
    done = [r[0] for r in rectify if r[4] is not None and r[4] <= as_of]
    on_time = [r[0] for r in rectify if r[4] is not None and r[4] <= min(as_of, r[3])]
    overdue = [r[0] for r in rectify if (r[4] is None or r[4] > as_of) and r[3] < as_of]
    return FigureGroup(
        "inspections",
        N_("纪律作风督导"),
        (
            _fig(
                "inspections.inspections",
                N_("督导检查"),
                len(rows),
                U_TIMES,
                [r[0] for r in rows],
                N_("督导日期在本年度的检查记录"),
            ),
            _fig(
                "inspections.problems",
                N_("发现问题"),
                len(problems),
                U_COUNT,
                [r[0] for r in problems],
                N_("未发现问题的检查不计"),
            ),
            *(
                _fig(
                    f"inspections.{k.value}",
                    k.value,
                    len(by_kind[k.value]),
                    U_COUNT,
                    by_kind[k.value],
                    N_("按问题类别"),
                )
                for k in PROBLEM_KINDS
            ),
            _fig(
                "inspections.rectify",
                N_("需整改"),
                len(rectify),
                U_COUNT,
                [r[0] for r in rectify],
                N_("作为13710督办事项跟踪的整改"),
            ),
            _fig("inspections.done", N_("已整改"), len(done), U_COUNT, done),
            _fig("inspections.on_time", N_("按期整改"), len(on_time), U_COUNT, on_time, N_("完成日期不晚于整改期限")),
            _fig(
                "inspections.on_time_rate",
                N_("按期整改率"),
                len(on_time) / len(done) if done else 0.0,
                "%",
                on_time,
                N_("按期整改 ÷ 已整改"),
            ),
            _fig(
                "inspections.overdue",
                N_("逾期未整改"),
                len(overdue),
                U_COUNT,
                overdue,
                N_("统计截止日已过整改期限仍未整改"),
            ),
        ),
        chart="none",
    )


def inspection_records(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    """(id, cells in INSPECTION_COLUMNS order, sort key) of the inspections, for the records dialog."""
    i, t = Inspection, SupervisionTask
    stmt = (
        select(i.id, i.inspection_date, OrgUnit.name, i.kind, i.description, t.deadline, t.done_date)
        .join(OrgUnit, OrgUnit.id == i.unit_id)
        .outerjoin(t, (t.inspection_id == i.id) & t.deleted.is_(False))
        .where(i.id.in_(ids))
    )
    return [
        (
            r[0],
            (r[1].isoformat(), r[2], r[3], r[4], r[5].isoformat() if r[5] else "", r[6].isoformat() if r[6] else ""),
            r[1].isoformat(),
        )
        for r in session.execute(stmt)
    ]
