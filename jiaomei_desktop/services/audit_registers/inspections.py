"""The audit's rules on 纪律作风督导: 督导组, their duty roster and inspections with their 整改 (services.inspections
applies them when a record is saved; a record that came by an older route, or a team whose period was changed by a
bundle from its keeper, may still break them).

The rules are the register's own (docs/design.md §5, 纪律作风督导): an inspection lies within its team's working period
and not in the future, inspects a unit inside the unit that set the team up (sync.authority.SCOPED_UNIT); a problem
sent for 整改 has its 13710 item, whose deadline is not before the inspection and whose completion is dated between
the inspection and today and says who confirmed it; a team has members and at most one 组长; a duty day lies in the
team's period and is kept by a member of the team who is still on the roll that day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import (
    Inspection,
    InspectionDuty,
    InspectionTeam,
    InspectionTeamMember,
    MembershipChange,
    OrgUnit,
    Person,
    SupervisionTask,
)
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.inspections import ProblemKind, TeamRole
from jiaomei_desktop.i18n import N_, _

Found = tuple[str, str, str]

KINDS: dict[str, tuple[str, str]] = {
    "inspection.future": (N_("督导日期晚于核查日期"), "错误"),
    "inspection.outside_team_period": (N_("督导日期不在督导组工作期内（早于督导组成立或晚于结束）"), "错误"),
    "inspection.unit_outside_team": (N_("被督导单位不在组建督导组的单位之下"), "错误"),
    "inspection.rectify_without_task": (N_("要求整改的督导记录没有整改事项"), "错误"),
    "inspection.rectify_nothing_found": (N_("未发现问题的督导记录却要求整改"), "错误"),
    "inspection.deadline_before": (N_("整改期限早于督导日期"), "错误"),
    "inspection.completion": (N_("整改完成日期早于督导日期、晚于核查日期或没有确认人"), "错误"),
    "inspection_team.members": (N_("督导组没有成员或有两名以上组长"), "错误"),
    "inspection_duty.outside_period": (N_("值班日期不在督导组工作期内"), "错误"),
    "inspection_duty.not_member": (N_("值班人员不是该督导组成员"), "错误"),
    "inspection_duty.member_left": (N_("值班人员在值班日前已转出、出党或去世"), "错误"),
}
_UNITS = select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(OrgUnit.deleted.is_(False))


def inspection_problems(session: Session, today: date) -> list[Found]:
    units = {uid: (name, path) for uid, name, path in session.execute(_UNITS)}
    teams = {
        r[0]: r[1:]
        for r in session.execute(
            select(
                InspectionTeam.id,
                InspectionTeam.name,
                InspectionTeam.unit_id,
                InspectionTeam.start_date,
                InspectionTeam.end_date,
            ).where(InspectionTeam.deleted.is_(False))
        )
    }
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for team_id, name, role in session.execute(
        select(InspectionTeamMember.team_id, InspectionTeamMember.name, InspectionTeamMember.role).where(
            InspectionTeamMember.deleted.is_(False)
        )
    ):
        members[team_id].append((name, role))
    found = _team_problems(teams, members)
    found += _duty_problems(session, teams, members)
    found += _left_duty_problems(session, teams)
    found += _record_problems(session, today, teams, units)
    return found


def _team_problems(teams: dict, members: dict[str, list[tuple[str, str]]]) -> list[Found]:
    found: list[Found] = []
    for team_id, (name, _unit, _start, _end) in teams.items():
        people = members.get(team_id, [])
        leads = sum(role == TeamRole.LEAD.value for _n, role in people)
        if not people or leads > 1:
            text = _("“{team}”：成员{n}人，组长{leads}人").format(team=name, n=len(people), leads=leads)
            found.append(("inspection_team.members", team_id, text))
    return found


def _duty_problems(session: Session, teams: dict, members: dict[str, list[tuple[str, str]]]) -> list[Found]:
    """The group's roster has thousands of duty days: SQL picks those outside their team's period or kept by someone
    not on the team, and only those are read."""
    d, team = InspectionDuty, InspectionTeam
    on_team = (
        exists()
        .where(
            InspectionTeamMember.team_id == d.team_id,
            InspectionTeamMember.name == d.member_name,
            InspectionTeamMember.deleted.is_(False),
        )
        .correlate(d)
    )
    rows = session.execute(
        select(d.id, d.team_id, d.duty_date, d.member_name, on_team)
        .join(team, team.id == d.team_id)
        .where(
            d.deleted.is_(False),
            team.deleted.is_(False),
            or_(d.duty_date < team.start_date, d.duty_date > team.end_date, ~on_team),
        )
    )
    found: list[Found] = []
    for duty_id, team_id, day, who, member in rows:
        name, _unit, start, end = teams[team_id]
        subject = _("“{team}”{day}值班：{who}").format(team=name, day=day.isoformat(), who=who)
        if not start <= day <= end:
            period = _("（工作期{start}至{end}）").format(start=start.isoformat(), end=end.isoformat())
            found.append(("inspection_duty.outside_period", duty_id, subject + period))
        if not member:
            found.append(("inspection_duty.not_member", duty_id, subject))
    return found


def _left_duty_problems(session: Session, teams: dict) -> list[Found]:
    """Duty days from the day their member left the roll. The 党委's office keeps the team, her branch's office her
    roll: services.leaving cancels such days only where one office keeps both, so a 党委 that learns of the 转出 from
    a bundle is told here which of its days to cancel (the days she kept before stay, as the leaving keeps them)."""
    d, m, p, c = InspectionDuty, InspectionTeamMember, Person, MembershipChange
    left_on = (
        select(func.max(c.change_date))
        .where(c.person_id == p.id, c.new_state == p.membership_state, c.deleted.is_(False))
        .correlate(p)
        .scalar_subquery()
    )
    rows = session.execute(
        select(d.id, d.team_id, d.duty_date, d.member_name, p.membership_state, left_on)
        .join(m, and_(m.team_id == d.team_id, m.name == d.member_name, m.deleted.is_(False)))
        .join(p, p.id == m.person_id)
        .where(
            d.deleted.is_(False),
            p.deleted.is_(False),
            p.membership_state != MembershipState.ACTIVE.value,
            d.duty_date >= left_on,
        )
    )
    found: list[Found] = []
    for duty_id, team_id, day, who, state, since in rows:
        if team_id not in teams:
            continue
        text = _("“{team}”{day}值班：{who}（{since}已{state}）").format(
            team=teams[team_id][0], day=day.isoformat(), who=who, since=since.isoformat(), state=state
        )
        found.append(("inspection_duty.member_left", duty_id, text))
    return found


def _suspects(session: Session, today: date) -> Select:
    """Inspections that may break a rule, with their 整改 item: SQL reads the group's thousands and returns the few
    that do (the rules themselves are applied to each in Python)."""
    i, team, task = Inspection, InspectionTeam, SupervisionTask
    unit, team_unit = aliased(OrgUnit), aliased(OrgUnit)
    done = task.done_date
    return (
        select(
            i.id,
            i.inspection_date,
            i.team_id,
            i.unit_id,
            i.kind,
            i.rectify,
            task.id,
            task.deadline,
            done,
            task.confirmed_by,
        )
        .outerjoin(task, and_(task.inspection_id == i.id, task.deleted.is_(False)))
        .outerjoin(team, and_(team.id == i.team_id, team.deleted.is_(False)))
        .outerjoin(unit, unit.id == i.unit_id)
        .outerjoin(team_unit, team_unit.id == team.unit_id)
        .where(
            i.deleted.is_(False),
            or_(
                i.inspection_date > today,
                i.inspection_date < team.start_date,
                i.inspection_date > team.end_date,
                func.substr(unit.path, 1, func.length(team_unit.path)) != team_unit.path,
                and_(i.rectify.is_(True), or_(i.kind == ProblemKind.NONE.value, task.id.is_(None))),
                task.deadline < i.inspection_date,
                and_(done.is_(None), func.coalesce(task.confirmed_by, "") != ""),
                done < i.inspection_date,
                done > today,
                and_(done.is_not(None), func.coalesce(task.confirmed_by, "") == ""),
            ),
        )
    )


def _record_problems(session: Session, today: date, teams: dict, units: dict[str, tuple[str, str]]) -> list[Found]:
    found: list[Found] = []
    for iid, day, team_id, unit_id, kind, rectify, task_id, *task in session.execute(_suspects(session, today)):
        team = teams.get(team_id)
        unit_name, unit_path = units.get(unit_id, ("", ""))
        subject = _("{day} {unit}（{kind}）").format(day=day.isoformat(), unit=unit_name, kind=_(kind) if kind else "")
        if day > today:
            found.append(("inspection.future", iid, subject))
        if team is not None:
            name, team_unit, start, end = team
            if not start <= day <= end:
                text = _("{subject}：“{team}”工作期{start}至{end}").format(
                    subject=subject, team=name, start=start.isoformat(), end=end.isoformat()
                )
                found.append(("inspection.outside_team_period", iid, text))
            team_path = units.get(team_unit, ("", None))[1]
            if team_path is not None and not unit_path.startswith(team_path):
                text = _("{subject}：“{team}”由{unit}组建").format(subject=subject, team=name, unit=units[team_unit][0])
                found.append(("inspection.unit_outside_team", iid, text))
        if rectify and kind == ProblemKind.NONE.value:
            found.append(("inspection.rectify_nothing_found", iid, subject))
        if rectify and task_id is None:
            found.append(("inspection.rectify_without_task", iid, subject))
        elif task_id is not None:
            found += _rectification_problems(iid, subject, day, today, *task)
    return found


def _rectification_problems(
    iid: str, subject: str, day: date, today: date, deadline: date, done: date | None, confirmed: str | None
) -> list[Found]:
    found: list[Found] = []
    if deadline < day:
        found.append(
            (
                "inspection.deadline_before",
                iid,
                _("{subject}：整改期限{deadline}").format(subject=subject, deadline=deadline.isoformat()),
            )
        )
    if (done is None and confirmed) or (done is not None and (done < day or done > today or not confirmed)):
        text = _("{subject}：完成于{done}，确认人“{who}”").format(
            subject=subject, done=done.isoformat() if done else _("未填写"), who=confirmed or _("未填写")
        )
        found.append(("inspection.completion", iid, text))
    return found
