"""发展党员 figures of the 统计 tab: the people on the way into the party by 发展阶段 on the dashboard's day, and the
steps taken in the year. None of them is a member: the 党员 figures never count them.

The stage on a past day is rebuilt from the dates of the steps (申请入党, 确定为入党积极分子, 列为发展对象; 发展党员
工作细则 第二、三章) and 入党: someone admitted since was a 发展对象 then. A person whose current stage has no date (a
record carried over from the old 政治面貌 column) is counted at that stage, as the roll holds them today.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.development import STAGE_DATE_FIELDS, STAGE_ORDER
from jiaomei_desktop.domain.enums import DevelopmentStage, MembershipState
from jiaomei_desktop.i18n import N_
from jiaomei_desktop.services.register_common import in_subtree
from jiaomei_desktop.services.statistics.model import PERSON, Figure, FigureGroup
from jiaomei_desktop.services.statistics.roll import RollSource

U_PEOPLE = N_("人")
# Spelled out per stage so that each label is extracted for translation.
STAGE_LABELS: dict[DevelopmentStage, str] = {
    DevelopmentStage.APPLICANT: N_("入党申请人"),
    DevelopmentStage.ACTIVIST: N_("入党积极分子"),
    DevelopmentStage.TARGET: N_("发展对象"),
}


def stage_on(current: str | None, dates: dict[str, date | None], joined: date | None, day: date) -> str | None:
    """The 发展阶段 a person was at on `day`, or None (not applied yet, or already admitted)."""
    if joined is not None and joined <= day:
        return None
    if current and dates[STAGE_DATE_FIELDS[DevelopmentStage(current)]] is None:
        return current  # no date for the stage held today: counted as today
    reached = [s for s in STAGE_ORDER if (d := dates[STAGE_DATE_FIELDS[s]]) is not None and d <= day]
    return reached[-1].value if reached else None


def development_group(
    session: Session, unit_id: str, year: int, as_of: date, source: RollSource | None = None
) -> FigureGroup:
    """`source`: the roll's reads for a period of several years; the people on the way in are read once with it."""
    shared = source.extra if source is not None and source.unit_id == unit_id else {}
    rows = shared.get("development")
    if not isinstance(rows, list):
        rows = shared["development"] = _rows(session, unit_id)
    return _group(rows, year, as_of)


def _rows(session: Session, unit_id: str) -> list[tuple]:
    """(id, stage, applied, activist, target, joined) of the 在册 people of the subtree with a stage or a step date."""
    stmt = select(
        Person.id,
        Person.development_stage,
        Person.application_date,
        Person.activist_date,
        Person.target_date,
        Person.join_date,
    ).where(
        Person.deleted.is_(False),
        Person.membership_state == MembershipState.ACTIVE.value,
        in_subtree(Person.branch_id, unit_id),
        or_(
            Person.development_stage.is_not(None),
            Person.application_date.is_not(None),
            Person.activist_date.is_not(None),
            Person.target_date.is_not(None),
        ),
    )
    return [tuple(r) for r in session.execute(stmt)]


def _group(rows: list[tuple], year: int, as_of: date) -> FigureGroup:
    on_day: dict[str, list[str]] = defaultdict(list)
    steps: dict[str, list[str]] = defaultdict(list)  # date field -> people who took that step in the year
    first = date(year, 1, 1)
    for pid, current, applied, activist, target, joined in rows:
        dates = {"application_date": applied, "activist_date": activist, "target_date": target}
        stage = stage_on(current, dates, joined, as_of)
        if stage:
            on_day[stage].append(pid)
        for name, value in dates.items():
            if value is not None and first <= value <= as_of:
                steps[name].append(pid)
    figures = [
        Figure(
            f"development.{s.value}", STAGE_LABELS[s], len(on_day[s.value]), U_PEOPLE, PERSON, tuple(on_day[s.value])
        )
        for s in STAGE_ORDER
    ]
    figures += [
        Figure(
            "development.applied",
            N_("本年递交入党申请"),
            len(steps["application_date"]),
            U_PEOPLE,
            PERSON,
            tuple(steps["application_date"]),
        ),
        Figure(
            "development.new_activists",
            N_("本年确定入党积极分子"),
            len(steps["activist_date"]),
            U_PEOPLE,
            PERSON,
            tuple(steps["activist_date"]),
        ),
        Figure(
            "development.new_targets",
            N_("本年列为发展对象"),
            len(steps["target_date"]),
            U_PEOPLE,
            PERSON,
            tuple(steps["target_date"]),
        ),
    ]
    return FigureGroup(
        "development",
        N_("发展党员工作"),
        tuple(figures),
        chart="none",
        note=N_(
            "入党申请人、入党积极分子和发展对象不是党员，不计入党员人数；"
            "统计日的阶段按各步日期推算，未填日期的按当前阶段"
        ),
    )
