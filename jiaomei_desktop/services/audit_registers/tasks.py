"""The audit's rules on 13710 督办 items entered by hand or from a meeting (a 督导 整改 item is audited with its
inspection, audit_registers.inspections).

The 13710 rule as services.supervision cites it ("13710工作制度": 1日交办、3日反馈、7日办结、10日 for complex matters,
https://a.jinxun.cc/a/202508/3567144.html; the group's own text was not found): an item is given a tier and must be
finished within it, so its deadline is the day it was assigned plus its tier. An open item whose stored deadline lies
beyond its tier is not shown as overdue when the tier has run out: the audit points at it (a 提示: a deadline may be
set by hand). A completion is dated, not before the item's start nor after today, and names who confirmed it. An
open item, a 督导 整改 too, does not name as its 责任人 someone who has left the roll (matched by name on the item's
line of units, as services.leaving matches it; a 提示).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import OrgUnit, Person, StudySession, SupervisionTask
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.studios import same_line
from jiaomei_desktop.i18n import N_, _

Found = tuple[str, str, str]
# services.supervision.TIER_MAX_DAYS, spelled out: that module loads openpyxl for its export (a test holds the two
# equal)
TIER_MAX_DAYS = 365

KINDS: dict[str, tuple[str, str]] = {
    "task.start": (N_("督办事项的交办日期晚于核查日期，或时限档不在1至365天之间"), "错误"),
    "task.deadline_before_start": (N_("督办事项的办结时限早于交办日期"), "错误"),
    "task.deadline_past_tier": (N_("未办结的督办事项办结时限晚于其时限档，超过时限档也不显示逾期"), "提示"),
    "task.completion": (N_("督办事项的办结日期早于交办、晚于核查日期，或与确认人不全"), "错误"),
    "task.meeting": (N_("督办事项所依据的会议已删除或晚于交办日期"), "错误"),
    "task.person_left": (N_("未办结的督办事项的责任人已转出、出党或去世"), "提示"),
}


def _suspect(today: date) -> ColumnElement[bool]:
    """The items that may break a rule, picked in SQL from the group's thousands (the rules are applied to each in
    Python below). Dates are ISO text, so the tier's last day is SQLite's date(start, '+n days')."""
    t, meeting = SupervisionTask, StudySession
    confirmed = func.coalesce(t.confirmed_by, "") != ""
    return or_(
        t.start_date > today,
        t.tier_days < 1,
        t.tier_days > TIER_MAX_DAYS,
        t.deadline < t.start_date,
        and_(t.done_date.is_(None), t.deadline > func.date(t.start_date, "+" + cast(t.tier_days, String) + " days")),
        and_(t.done_date.is_(None), confirmed),
        and_(t.done_date.is_not(None), or_(t.done_date < t.start_date, t.done_date > today, ~confirmed)),
        and_(
            t.session_id.is_not(None),
            or_(meeting.id.is_(None), meeting.deleted.is_(True), meeting.session_date > t.start_date),
        ),
    )


def task_problems(session: Session, today: date) -> list[Found]:
    t = SupervisionTask
    rows = session.execute(
        select(
            t.id,
            t.title,
            OrgUnit.name,
            t.start_date,
            t.tier_days,
            t.deadline,
            t.done_date,
            t.confirmed_by,
            StudySession.session_date,
            StudySession.deleted,
            t.session_id,
        )
        .join(OrgUnit, OrgUnit.id == t.unit_id)
        .outerjoin(StudySession, StudySession.id == t.session_id)
        .where(t.deleted.is_(False), t.inspection_id.is_(None), _suspect(today))
    )
    found: list[Found] = []
    for tid, title, unit, start, tier, deadline, done, confirmed, met_on, met_gone, meeting in rows:
        subject = _("{unit}“{title}”（{day}交办）").format(unit=unit, title=title, day=start.isoformat())
        if start > today or not 1 <= tier <= TIER_MAX_DAYS:
            found.append(("task.start", tid, _("{subject}：时限{tier}天").format(subject=subject, tier=tier)))
        if deadline < start:
            found.append(
                (
                    "task.deadline_before_start",
                    tid,
                    _("{subject}：办结时限{deadline}").format(subject=subject, deadline=deadline.isoformat()),
                )
            )
        elif done is None and deadline > start + timedelta(days=tier):
            text = _("{subject}：时限{tier}天，办结时限却为{deadline}").format(
                subject=subject, tier=tier, deadline=deadline.isoformat()
            )
            found.append(("task.deadline_past_tier", tid, text))
        if (done is None and confirmed) or (done is not None and (done < start or done > today or not confirmed)):
            text = _("{subject}：办结于{done}，确认人“{who}”").format(
                subject=subject, done=done.isoformat() if done else _("未填写"), who=confirmed or _("未填写")
            )
            found.append(("task.completion", tid, text))
        if meeting is not None and (met_on is None or met_gone or met_on > start):
            text = _("{subject}：会议日期{day}").format(
                subject=subject, day=met_on.isoformat() if met_on and not met_gone else _("已删除")
            )
            found.append(("task.meeting", tid, text))
    return found + _left_person_problems(session)


def _left_person_problems(session: Session) -> list[Found]:
    """The item is often another office's (a 党委's 整改 of a branch's problem): services.leaving lists it to the
    branch read-only, and the office that keeps the item learns of the 转出 from a bundle and is told here."""
    t, p, home = SupervisionTask, Person, aliased(OrgUnit)
    rows = session.execute(
        select(t.id, t.title, OrgUnit.name, OrgUnit.path, t.person_name, p.membership_state, home.path)
        .join(OrgUnit, OrgUnit.id == t.unit_id)
        .join(p, and_(p.name == t.person_name, p.deleted.is_(False)))
        .join(home, home.id == p.branch_id)
        .where(t.deleted.is_(False), t.done_date.is_(None))
    )
    states: dict[str, list[str]] = {}
    subjects: dict[str, str] = {}
    for tid, title, unit, path, who, state, branch_path in rows:
        if same_line(path, branch_path or ""):  # the same name in another mine is someone else
            states.setdefault(tid, []).append(state)
            subjects[tid] = _("{unit}“{title}”：责任人{who}").format(unit=unit, title=title, who=who)
    return [
        ("task.person_left", tid, _("{subject}（已{state}）").format(subject=subjects[tid], state=found[0]))
        for tid, found in states.items()
        if MembershipState.ACTIVE.value not in found
    ]
