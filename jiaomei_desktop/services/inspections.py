"""纪律作风督导 register: 督导组 (members, period, unit), the duty roster, and inspection records (date, unit and place,
team, problem kind, description, a person involved, photos, 整改 required with its deadline and completion).

An inspection that requires 整改 is one 13710 督办 item pointing back at it (services.supervision.write_task, in the
same transaction): the item holds the deadline, the completion date and who confirmed it, whichever list it is
finished from, is filed where its inspection is (sync.authority), and is deleted with its inspection. Overdue is never stored: an open 整改 past its deadline on the day you look.
Rules (each a clear message, nothing written): see `_inspection_rules`, `_team_rules`, `_duty_rules`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import MembershipChange, OrgUnit, Person, Photo
from jiaomei_desktop.db.models.history import logged_on
from jiaomei_desktop.db.models.inspection import (
    Inspection,
    InspectionDuty,
    InspectionPhoto,
    InspectionTeam,
    InspectionTeamMember,
)
from jiaomei_desktop.db.models.supervision import SupervisionNote, SupervisionTask
from jiaomei_desktop.domain.enums import MembershipState, UnitKind
from jiaomei_desktop.domain.inspections import MAX_PHOTOS, ProblemKind, TeamRole
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.inspection_bulletin import BulletinLine, InspectionBulletinData, render_inspection_bulletin
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.ownership import check_row_here
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    delete_entry,
    in_subtree,
    live_row,
    live_unit,
    not_found,
    replace_named_members,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("督导检查记录")
TEAM_WHAT = N_("督导组")
DUTY_WHAT = N_("值班安排")
NO_RECTIFY = ""  # the state of an inspection without 整改
RECTIFY_STATES = (sv.OPEN, sv.OVERDUE, sv.DONE)
# the 13710 states as a rectification reads them
STATE_LABELS = {sv.OPEN: N_("整改中"), sv.OVERDUE: N_("逾期未整改"), sv.DONE: N_("已整改")}


def state_label(state: str) -> str:
    return _(STATE_LABELS[state]) if state in STATE_LABELS else ""


TASK_TITLE_CHARS = 40
EARLIEST = date(1990, 1, 1)


# -- 督导组 ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamMemberData:
    name: str = ""
    person_id: str | None = None  # None: a name typed in (a retired cadre, someone of another unit)
    role: str = TeamRole.MEMBER.value


@dataclass(frozen=True)
class TeamData:
    name: str
    unit_id: str | None
    start_date: date | None
    end_date: date | None
    members: tuple[TeamMemberData, ...] = ()
    notes: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    unit_id: str
    unit_name: str
    start_date: date
    end_date: date
    members: tuple[TeamMemberData, ...]
    notes: str
    owner_unit_id: str

    @property
    def member_names(self) -> str:
        return "、".join(m.name for m in self.members)

    @property
    def lead(self) -> str:
        return next((m.name for m in self.members if m.role == TeamRole.LEAD.value), "")

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


def _team_rules(data: TeamData) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.name, "name", N_("督导组名称"), 120, errors)
    check_text(data.notes, "notes", N_("备注"), 2000, errors, required=False)
    if not data.unit_id:
        errors["unit_id"] = _("请选择组建督导组的单位")
    if data.start_date is None:
        errors["start_date"] = _("请填写工作期开始日期")
    elif data.start_date < EARLIEST:
        errors["start_date"] = _("工作期开始日期应在1990年以后")
    if data.end_date is None:
        errors["end_date"] = _("请填写工作期结束日期")
    elif data.start_date is not None and data.end_date < data.start_date:
        errors["end_date"] = _("工作期结束日期不能早于开始日期")
    if not data.members:
        errors["members"] = _("请至少添加一名督导组成员")
    elif sum(1 for m in data.members if m.role == TeamRole.LEAD.value) > 1:
        errors["members"] = _("督导组只能有一名组长")
    return errors


def _check_team_links(session: Session, data: TeamData, errors: dict[str, str]) -> list[TeamMemberData]:
    """Members as the roster names them. One who has left the roll (转出, 去世…) may stay on a team saved before —
    her duty days name her (services.leaving) — but cannot be added, as on a studio's team or a post."""
    _check_unit(session, data.unit_id, "unit_id", errors)
    out: list[TeamMemberData] = []
    seen: set[str] = set()
    before = set(session.scalars(
        select(InspectionTeamMember.person_id).where(
            InspectionTeamMember.team_id == (data.id or ""), InspectionTeamMember.deleted.is_(False))
    ))
    for line, m in enumerate(data.members, start=1):
        key = f"members.{line}"
        if m.person_id:
            person = session.get(Person, m.person_id)
            if person is None or person.deleted:
                errors.setdefault(key, _("第{line}行：所选人员不存在或已删除").format(line=line))
                continue
            m = TeamMemberData(person.name, person.id, m.role)
            if person.membership_state != MembershipState.ACTIVE.value and person.id not in before:
                errors.setdefault(key, _("第{line}行：{name}已{state}，不能加入督导组").format(
                    line=line, name=person.name, state=_(person.membership_state)))
        elif len(m.name) > 60:
            errors.setdefault(key, _("第{line}行：姓名过长（最多60个字）").format(line=line))
        if m.role not in tuple(TeamRole):
            errors.setdefault(key, _("第{line}行：请选择组长、副组长或成员").format(line=line))
        ident = m.person_id or "name:" + m.name
        if ident in seen:
            errors.setdefault(key, _("第{line}行：{name}重复").format(line=line, name=m.name))
        seen.add(ident)
        out.append(m)
    return out


def _normal_team(data: TeamData) -> TeamData:
    members = tuple(
        TeamMemberData((m.name or "").strip(), m.person_id or None, m.role or TeamRole.MEMBER.value)
        for m in data.members
        if (m.name or "").strip() or m.person_id
    )
    return TeamData(
        (data.name or "").strip(),
        data.unit_id or None,
        data.start_date,
        data.end_date,
        members,
        clean(data.notes),
        data.id,
    )


def check_team(store: Store, data: TeamData) -> dict[str, str]:
    data = _normal_team(data)
    errors = _team_rules(data)
    with store.reading() as session:
        _check_team_links(session, data, errors)
        _check_team_period(session, data, errors)
    return errors


def _check_team_period(session: Session, data: TeamData, errors: dict[str, str]) -> None:
    """A period shortened later must still hold the team's duty days and inspections."""
    if not data.id or data.start_date is None or data.end_date is None or "end_date" in errors:
        return
    outside = [
        *session.scalars(
            select(InspectionDuty.duty_date).where(InspectionDuty.team_id == data.id, InspectionDuty.deleted.is_(False))
        ),
        *session.scalars(
            select(Inspection.inspection_date).where(Inspection.team_id == data.id, Inspection.deleted.is_(False))
        ),
    ]
    outside = [d for d in outside if not data.start_date <= d <= data.end_date]
    if outside:
        errors["end_date"] = _("工作期外还有{n}条值班或督导记录（最早{day}），请先调整这些记录").format(
            n=len(outside), day=min(outside).isoformat()
        )


def save_team(store: Store, data: TeamData) -> str:
    data = _normal_team(data)
    errors = _team_rules(data)
    with store.transaction() as session:
        members = _check_team_links(session, data, errors)
        _check_team_period(session, data, errors)
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, InspectionTeam, data.id, TEAM_WHAT)
            touch(row)
        else:
            row = InspectionTeam(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        row.name, row.unit_id, row.notes = data.name, data.unit_id, data.notes
        row.start_date, row.end_date = data.start_date, data.end_date
        session.flush()
        _replace_members(session, row, members)
        return row.id


def _replace_members(session: Session, team: InspectionTeam, members: Sequence[TeamMemberData]) -> None:
    replace_named_members(session, InspectionTeamMember, "team_id", team, members)


def delete_team(store: Store, team_id: str) -> None:
    """A team with inspections is kept (they name it); its members and duty days go with it."""
    with store.transaction() as session:
        row = live_row(session, InspectionTeam, team_id, TEAM_WHAT)
        check_row_here(session, row)  # "本机只读" at a branch's office before the rule only the keeper acts on
        used = (
            session.scalar(
                select(func.count())
                .select_from(Inspection)
                .where(Inspection.team_id == team_id, Inspection.deleted.is_(False))
            )
            or 0
        )
        if used:
            raise ValidationFailed({"team": _("该督导组已有{n}条督导检查记录，不能删除").format(n=used)})
        row.deleted = True
        touch(row)
        children = [
            *session.scalars(
                select(InspectionTeamMember).where(
                    InspectionTeamMember.team_id == team_id, InspectionTeamMember.deleted.is_(False)
                )
            ),
            *session.scalars(
                select(InspectionDuty).where(InspectionDuty.team_id == team_id, InspectionDuty.deleted.is_(False))
            ),
        ]
        for r in children:
            r.deleted = True
            touch(r)


def list_teams(store: Store, unit_id: str | None = None, team_ids: Sequence[str] | None = None) -> list[TeamRow]:
    """Teams set up by units of the subtree, newest period first."""
    t, m = InspectionTeam, InspectionTeamMember
    stmt = (
        select(t.id, t.name, t.unit_id, OrgUnit.name, t.start_date, t.end_date, t.notes, t.owner_unit_id)
        .join(OrgUnit, OrgUnit.id == t.unit_id)
        .where(t.deleted.is_(False), in_subtree(t.unit_id, unit_id))
        .order_by(t.start_date.desc(), t.name)
    )
    if team_ids is not None:
        stmt = stmt.where(t.id.in_(list(team_ids)))
    with store.reading() as session:
        teams = session.execute(stmt).all()
        people: dict[str, list[TeamMemberData]] = defaultdict(list)
        ids = [r[0] for r in teams]
        for chunk in range(0, len(ids), 500):
            for team_id, name, person_id, role in session.execute(
                select(m.team_id, m.name, m.person_id, m.role)
                .where(m.team_id.in_(ids[chunk : chunk + 500]), m.deleted.is_(False))
                .order_by(m.team_id, m.position)
            ):
                people[team_id].append(TeamMemberData(name, person_id, role))
    return [TeamRow(r[0], r[1], r[2], r[3], r[4], r[5], tuple(people.get(r[0], ())), r[6] or "", r[7]) for r in teams]


def get_team(store: Store, team_id: str) -> TeamData:
    rows = list_teams(store, team_ids=(team_id,))
    if not rows:
        raise NotFoundError(not_found(TEAM_WHAT))
    r = rows[0]
    return TeamData(r.name, r.unit_id, r.start_date, r.end_date, r.members, r.notes or None, r.id)


def team_choices(store: Store, day: date | None = None, keep: str | None = None) -> list[tuple[str, str]]:
    """(id, "名称（开始至结束）") of the teams working on `day` (all when None), plus `keep` (the team a record already
    names). Teams are few (a handful per 党委 a year), so every one the store holds is offered."""
    return [
        (t.id, _("{name}（{start}至{end}）").format(
            name=t.name, start=t.start_date.isoformat(), end=t.end_date.isoformat()))  # translatable: not an f-string
        for t in list_teams(store)
        if day is None or t.covers(day) or t.id == keep
    ]


# -- duty roster ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DutyData:
    team_id: str | None
    duty_date: date | None
    member_name: str
    unit_person: str | None = None  # the inspected unit's own person on duty with the team member
    notes: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class DutyRow:
    id: str
    team_id: str
    duty_date: date
    member_name: str
    unit_person: str
    notes: str
    owner_unit_id: str


def _duty_rules(session: Session, data: DutyData) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.member_name, "member_name", N_("值班督导组成员"), 60, errors)
    check_text(data.unit_person, "unit_person", N_("单位值班人员"), 60, errors, required=False)
    check_text(data.notes, "notes", N_("备注"), 200, errors, required=False)
    if data.duty_date is None:
        errors["duty_date"] = _("请填写值班日期")
    if not data.team_id:
        errors["team_id"] = _("请选择督导组")
        return errors
    team = session.get(InspectionTeam, data.team_id)
    if team is None or team.deleted:
        errors["team_id"] = _("所选督导组不存在或已删除")
        return errors
    if data.duty_date is not None and not team.start_date <= data.duty_date <= team.end_date:
        errors["duty_date"] = _("值班日期不在督导组的工作期内（{start}至{end}）").format(
            start=team.start_date.isoformat(), end=team.end_date.isoformat()
        )
    names = set(
        session.scalars(
            select(InspectionTeamMember.name).where(
                InspectionTeamMember.team_id == data.team_id, InspectionTeamMember.deleted.is_(False)
            )
        )
    )
    if data.member_name and data.member_name not in names:
        errors.setdefault("member_name", _("{name}不是“{team}”的成员").format(name=data.member_name, team=team.name))
    if data.duty_date is not None and "member_name" not in errors:
        gone = _left_before(session, data.team_id, data.member_name, data.duty_date)
        if gone is not None:
            errors["duty_date"] = _("{name}已于{day}{state}，不能再安排值班").format(
                name=data.member_name, day=gone[0].isoformat(), state=_(gone[1])
            )
    if data.duty_date is not None and "member_name" not in errors and "duty_date" not in errors:
        clash = session.scalar(
            select(InspectionDuty.id).where(
                InspectionDuty.team_id == data.team_id,
                InspectionDuty.duty_date == data.duty_date,
                InspectionDuty.member_name == data.member_name,
                InspectionDuty.deleted.is_(False),
                InspectionDuty.id != (data.id or ""),
            )
        )
        if clash:
            errors["duty_date"] = _("{name}在{day}已有值班安排").format(
                name=data.member_name, day=data.duty_date.isoformat()
            )
    return errors


def _left_before(session: Session, team_id: str, member_name: str, day: date) -> tuple[date, str] | None:
    """(the day, 转出 / 出党 / 去世) when the team member of that name is a roster person who left the roll on or
    before `day`: services.leaving cancels her duty days from then on, and a 党委 whose team she sat on learns of it
    by bundle (its `jiaomei check` lists the days, audit_registers.inspections)."""
    m, p, c = InspectionTeamMember, Person, MembershipChange
    row = session.execute(
        select(p.membership_state, func.max(c.change_date))
        .join(m, m.person_id == p.id)
        .join(c, (c.person_id == p.id) & (c.new_state == p.membership_state) & c.deleted.is_(False))
        .where(m.team_id == team_id, m.name == member_name, m.deleted.is_(False),
               p.membership_state != MembershipState.ACTIVE.value)
        .group_by(p.id)
    ).first()
    if row is None or row[1] is None or row[1] > day:
        return None
    return row[1], row[0]


def _normal_duty(data: DutyData) -> DutyData:
    return DutyData(
        data.team_id or None,
        data.duty_date,
        (data.member_name or "").strip(),
        clean(data.unit_person),
        clean(data.notes),
        data.id,
    )


def check_duty(store: Store, data: DutyData) -> dict[str, str]:
    with store.reading() as session:
        return _duty_rules(session, _normal_duty(data))


def save_duty(store: Store, data: DutyData) -> str:
    data = _normal_duty(data)
    with store.transaction() as session:
        errors = _duty_rules(session, data)
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, InspectionDuty, data.id, DUTY_WHAT)
            touch(row)
        else:
            row = InspectionDuty(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        row.team_id, row.duty_date, row.member_name = data.team_id, data.duty_date, data.member_name
        row.unit_person, row.notes = data.unit_person, data.notes
        session.flush()
        return row.id


def delete_duty(store: Store, duty_id: str) -> None:
    delete_entry(store, InspectionDuty, duty_id, DUTY_WHAT)


def list_duties(store: Store, team_id: str) -> list[DutyRow]:
    d = InspectionDuty
    with store.reading() as session:
        rows = session.execute(
            select(d.id, d.team_id, d.duty_date, d.member_name, d.unit_person, d.notes, d.owner_unit_id)
            .where(d.team_id == team_id, d.deleted.is_(False))
            .order_by(d.duty_date, d.member_name)
        ).all()
    return [DutyRow(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6]) for r in rows]


# -- inspections ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InspectionData:
    inspection_date: date | None
    team_id: str | None
    unit_id: str | None
    kind: str
    description: str
    place: str | None = None
    person_id: str | None = None  # someone involved on the roster (a member or a worker)
    person_name: str | None = None  # or a worker's name typed in
    rectify: bool = False  # 整改 required
    requirement: str | None = None
    deadline: date | None = None
    done_date: date | None = None
    confirmed_by: str | None = None
    photos: tuple[str, ...] = ()  # SHA-256 of pictures in the photo store (services.photos)
    id: str | None = None


class InspectionRow(NamedTuple):
    """One listed inspection; a tuple rather than a dataclass: the group's tens of thousands are built per load."""

    id: str
    inspection_date: date
    team_id: str
    team_name: str
    unit_id: str
    unit_name: str
    place: str
    kind: str
    description: str
    person_name: str
    rectify: bool
    requirement: str
    task_id: str | None
    deadline: date | None
    done_date: date | None
    confirmed_by: str
    state: str  # NO_RECTIFY, or the 整改's sv.OPEN / sv.OVERDUE / sv.DONE on the day listed
    days_over: int
    photos: int
    owner_unit_id: str

    @property
    def on_time(self) -> bool:
        return self.done_date is not None and self.deadline is not None and self.done_date <= self.deadline


def _normal_inspection(data: InspectionData) -> InspectionData:
    rectify = bool(data.rectify)
    photos = tuple(dict.fromkeys(p for p in data.photos if p))
    return InspectionData(
        inspection_date=data.inspection_date,
        team_id=data.team_id or None,
        unit_id=data.unit_id or None,
        kind=(data.kind or "").strip(),
        description=(data.description or "").strip(),
        place=clean(data.place),
        person_id=data.person_id or None,
        person_name=None if data.person_id else clean(data.person_name),
        rectify=rectify,
        requirement=clean(data.requirement) if rectify else None,
        deadline=data.deadline if rectify else None,
        done_date=data.done_date if rectify else None,
        confirmed_by=clean(data.confirmed_by) if rectify else None,
        photos=photos,
        id=data.id,
    )


def _inspection_rules(data: InspectionData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in tuple(ProblemKind):
        errors["kind"] = _("请选择问题类别（{kinds}）").format(kinds="、".join(_(k.value) for k in ProblemKind))
    check_text(data.description, "description", N_("督导情况"), 2000, errors)
    check_text(data.place, "place", N_("地点"), 120, errors, required=False)
    check_text(data.person_name, "person_name", N_("涉及人员"), 60, errors, required=False)
    if not data.team_id:
        errors["team_id"] = _("请选择督导组")
    if not data.unit_id:
        errors["unit_id"] = _("请选择被督导单位")
    day = data.inspection_date
    if day is None:
        errors["inspection_date"] = _("请填写督导日期")
    elif day > today:
        errors["inspection_date"] = _("督导日期不能晚于今天（{today}）").format(today=today.isoformat())
    elif day < EARLIEST:
        errors["inspection_date"] = _("督导日期应在1990年以后")
    if len(data.photos) > MAX_PHOTOS:
        errors["photos"] = _("每条记录最多{n}张照片").format(n=MAX_PHOTOS)
    if not data.rectify:
        return errors
    if data.kind == ProblemKind.NONE.value:
        errors["rectify"] = _("未发现问题的记录无需整改；发现了问题请选择问题类别")
    check_text(data.requirement, "requirement", N_("整改要求"), 2000, errors)
    check_text(data.confirmed_by, "confirmed_by", N_("整改确认人"), 40, errors, required=False)
    if data.deadline is None:
        errors["deadline"] = _("请填写整改期限")
    elif day is not None and data.deadline < day:
        errors["deadline"] = _("整改期限不能早于督导日期")
    elif day is not None and (data.deadline - day).days > sv.TIER_MAX_DAYS:
        errors["deadline"] = _("整改期限不能超过督导日期后{n}天").format(n=sv.TIER_MAX_DAYS)
    if data.done_date is not None:
        if day is not None and data.done_date < day:
            errors["done_date"] = _("整改完成日期不能早于督导日期")
        elif data.done_date > today:
            errors["done_date"] = _("整改完成日期不能晚于今天")
        if not data.confirmed_by:
            errors["confirmed_by"] = _("请填写整改确认人")
    elif data.confirmed_by:
        errors["done_date"] = _("填写了确认人，请同时填写整改完成日期")
    return errors


def _check_unit(session: Session, unit_id: str | None, field: str, errors: dict[str, str]) -> OrgUnit | None:
    unit = live_unit(session, unit_id)
    if unit_id and unit is None:
        errors.setdefault(field, _("所选单位不存在或已撤销"))
    elif unit is not None and unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault(field, _("请选择党支部或上级单位，而不是党小组"))
    return unit


def _check_inspection_links(session: Session, data: InspectionData, errors: dict[str, str]) -> str | None:
    """Unit, team (working on the day), the person involved, the photos; returns the person's roster name."""
    unit = _check_unit(session, data.unit_id, "unit_id", errors)
    if data.team_id:
        team = session.get(InspectionTeam, data.team_id)
        if team is None or team.deleted:
            errors.setdefault("team_id", _("所选督导组不存在或已删除"))
        elif unit is not None and not _unit_under(session, unit, team.unit_id):
            # a 党委's team inspects its own subtree; other offices would refuse the record (sync.authority.SCOPED_UNIT)
            errors.setdefault(
                "unit_id",
                _("“{unit}”不在“{team}”所属单位之下，不能由该督导组检查").format(unit=unit.name, team=team.name),
            )
        elif data.inspection_date is not None and not team.start_date <= data.inspection_date <= team.end_date:
            errors.setdefault(
                "inspection_date",
                _("督导日期不在“{team}”的工作期内（{start}至{end}）").format(
                    team=team.name, start=team.start_date.isoformat(), end=team.end_date.isoformat()
                ),
            )
    name = None
    if data.person_id:
        person = session.get(Person, data.person_id)
        if person is None or person.deleted:
            errors.setdefault("person_name", _("所选人员不存在或已删除"))
        else:
            name = person.name
    for n, sha in enumerate(data.photos, start=1):
        if session.get(Photo, sha) is None:
            errors.setdefault("photos", _("第{n}张照片不在照片库中，请重新添加").format(n=n))
    if data.id and not data.rectify:
        _check_rectify_kept(session, data.id, errors)
    elif data.id and data.inspection_date is not None:
        _check_notes_after(session, data.id, data.inspection_date, errors)
    return name


def _check_notes_after(session: Session, inspection_id: str, day: date, errors: dict[str, str]) -> None:
    """The inspection's day is its 整改 item's 交办日期: moved later, it may not pass a progress note the 13710 side
    has already dated (add_note refuses a note before the item's start)."""
    task = _task_of(session, inspection_id)
    if task is None:
        return
    first_note = session.scalar(
        select(func.min(SupervisionNote.note_date)).where(
            SupervisionNote.task_id == task.id, SupervisionNote.deleted.is_(False)
        )
    )
    if first_note is not None and first_note < day:
        errors.setdefault(
            "inspection_date",
            _("整改事项已有{day}的进展记录，督导日期不能晚于该日").format(day=first_note.isoformat()),
        )


def _check_rectify_kept(session: Session, inspection_id: str, errors: dict[str, str]) -> None:
    """Unticking 整改 deletes its 13710 item; once the 13710 side has finished it or noted progress, that would erase
    their record, so the tick stays (a finding entered by mistake is deleted with its inspection)."""
    task = _task_of(session, inspection_id)
    if task is None:
        return
    notes = session.scalar(
        select(func.count())
        .select_from(SupervisionNote)
        .where(SupervisionNote.task_id == task.id, SupervisionNote.deleted.is_(False))
    )
    if task.done_date is not None or notes:
        errors["rectify"] = _("该整改事项已办结或已有进展记录，不能取消整改；确属误录的，请删除这条督导检查记录")


def _unit_under(session: Session, unit: OrgUnit, ancestor_id: str) -> bool:
    ancestor = session.get(OrgUnit, ancestor_id)
    return ancestor is not None and unit.path.startswith(ancestor.path)


def task_title(description: str, kind: str) -> str:
    text = " ".join(description.split())
    short = text if len(text) <= TASK_TITLE_CHARS else text[: TASK_TITLE_CHARS - 1] + "…"
    return f"督导整改（{kind}）：{short}"  # stored data, Chinese whatever the UI language


def _task_data(data: InspectionData, current: SupervisionTask | None) -> sv.TaskData:
    """The 整改 item as the inspection writes it. Who owns which field, so that neither form undoes the other:
    - the finding is the inspection's: the title (kind and description), the unit, the start (the inspection's day)
      and the content (the requirement) follow the inspection, and the 13710 form shows them read-only
      (sv.check_task refuses a change there);
    - the deadline and the completion (day, who confirmed) are shown and edited in both forms, each form loading
      the item's current values, so the last save wins;
    - the 责任人, the tier and the progress notes are the 13710 side's: the inspection never writes them once the
      item exists. A new item starts with no 责任人: the person involved in a finding (a worker who broke a rule)
      is not the one answerable for its 整改, and the 13710 list and its Excel sheet would name him without the
      tick the 督导 register asks for."""
    assert data.inspection_date is not None and data.deadline is not None  # checked by the rules before
    if current is None:
        days = (data.deadline - data.inspection_date).days
        tier, person = min(max(days, 1), sv.TIER_MAX_DAYS), None
    else:
        tier, person = current.tier_days, current.person_name
    return sv.TaskData(
        title=task_title(data.description, data.kind),
        unit_id=data.unit_id,
        start_date=data.inspection_date,
        tier_days=tier,
        deadline=data.deadline,
        content=data.requirement,
        person_name=person,
        done_date=data.done_date,
        confirmed_by=data.confirmed_by,
        id=current.id if current is not None else None,
    )


def check_inspection(store: Store, data: InspectionData, today: date | None = None) -> dict[str, str]:
    data = _normal_inspection(data)
    errors = _inspection_rules(data, today or date.today())
    with store.reading() as session:
        _check_inspection_links(session, data, errors)
    return errors


def save_inspection(store: Store, data: InspectionData, today: date | None = None) -> str:
    """Insert or update an inspection, its photos and its 整改 (a 13710 督办 item) in one transaction; any rule
    broken raises ValidationFailed and nothing is written. Returns the id."""
    today = today or date.today()
    data = _normal_inspection(data)
    errors = _inspection_rules(data, today)
    with store.transaction() as session:
        person = _check_inspection_links(session, data, errors)
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, Inspection, data.id, WHAT)
            touch(row)
        else:
            row = Inspection(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        for name in (
            "inspection_date",
            "team_id",
            "unit_id",
            "place",
            "kind",
            "description",
            "person_id",
            "rectify",
            "requirement",
        ):
            setattr(row, name, getattr(data, name))
        row.person_name = person or data.person_name
        session.flush()  # the 整改 item points at the inspection
        current = _task_of(session, row.id)
        # the deadline and completion written from this form go in the inspection's 修改记录 too (LINKED_ROWS)
        with logged_on("inspection", row.id):
            if data.rectify:
                task = _task_data(data, current)
                try:
                    sv.write_task(session, store, task, today, row.id)
                except ValidationFailed as exc:  # the 13710 rules in the inspection's words
                    raise ValidationFailed({_task_field(k): v for k, v in exc.errors.items()}) from exc
            elif current is not None:
                current.deleted = True
                touch(current)
            session.flush()
        _replace_photos(session, row, data.photos)
        return row.id


def _task_of(session: Session, inspection_id: str) -> SupervisionTask | None:
    """The live 13710 item of an inspection's 整改, if any."""
    return session.scalar(
        select(SupervisionTask).where(
            SupervisionTask.inspection_id == inspection_id, SupervisionTask.deleted.is_(False)
        )
    )


def _task_field(name: str) -> str:
    return {
        "start_date": "inspection_date",
        "title": "description",
        "content": "requirement",
    }.get(name, name)


def _replace_photos(session: Session, inspection: Inspection, photos: Sequence[str]) -> None:
    old = session.scalars(
        select(InspectionPhoto).where(
            InspectionPhoto.inspection_id == inspection.id, InspectionPhoto.deleted.is_(False)
        )
    ).all()
    by_sha = {p.photo_sha256: p for p in old}
    for position, sha in enumerate(photos):
        row = by_sha.pop(sha, None)
        if row is None:
            session.add(
                InspectionPhoto(
                    id=new_id(),
                    owner_unit_id=inspection.owner_unit_id,
                    version=1,
                    deleted=False,
                    inspection_id=inspection.id,
                    photo_sha256=sha,
                    position=position,
                )
            )
        elif row.position != position:
            row.position = position
            touch(row)
    for row in by_sha.values():
        row.deleted = True
        touch(row)


def delete_inspection(store: Store, inspection_id: str) -> None:
    """Tombstones for the inspection, its photos and its 整改 item, so the deletion travels with the next bundle."""
    with store.transaction() as session:
        row = live_row(session, Inspection, inspection_id, WHAT)
        row.deleted = True
        touch(row)
        for p in session.scalars(
            select(InspectionPhoto).where(
                InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.deleted.is_(False)
            )
        ):
            p.deleted = True
            touch(p)
        task = _task_of(session, inspection_id)
        if task is not None:
            task.deleted = True
            touch(task)


def get_inspection(store: Store, inspection_id: str) -> InspectionData:
    rows = list_inspections(store, ids=(inspection_id,))
    if not rows:
        raise NotFoundError(not_found(WHAT))
    r = rows[0]
    with store.reading() as session:
        person_id = session.scalar(select(Inspection.person_id).where(Inspection.id == inspection_id))
    return InspectionData(
        inspection_date=r.inspection_date,
        team_id=r.team_id,
        unit_id=r.unit_id,
        kind=r.kind,
        description=r.description,
        place=r.place or None,
        person_id=person_id,
        person_name=r.person_name or None,
        rectify=r.rectify,
        requirement=r.requirement or None,
        deadline=r.deadline,
        done_date=r.done_date,
        confirmed_by=r.confirmed_by or None,
        photos=tuple(inspection_photos(store, inspection_id)),
        id=r.id,
    )


def inspection_photos(store: Store, inspection_id: str) -> list[str]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(InspectionPhoto.photo_sha256)
                .where(InspectionPhoto.inspection_id == inspection_id, InspectionPhoto.deleted.is_(False))
                .order_by(InspectionPhoto.position)
            )
        )


# -- lists -----------------------------------------------------------------------------------------------------------
def list_inspections(
    store: Store,
    unit_id: str | None = None,
    year: int | None = None,
    month: tuple[int, int] | None = None,
    today: date | None = None,
    ids: Sequence[str] | None = None,
) -> list[InspectionRow]:
    """Inspections of units in the subtree of `unit_id` (in a year, or a (year, month)), newest first."""
    today = today or date.today()
    i, t = Inspection, SupervisionTask
    team = aliased(InspectionTeam)
    photos = (
        select(InspectionPhoto.inspection_id, func.count().label("n"))
        .where(InspectionPhoto.deleted.is_(False))
        .group_by(InspectionPhoto.inspection_id)
        .subquery()
    )
    stmt = (
        select(
            i.id,
            type_coerce(i.inspection_date, String),
            i.team_id,
            team.name,
            i.unit_id,
            OrgUnit.name,
            i.place,
            i.kind,
            i.description,
            i.person_name,
            i.rectify,
            i.requirement,
            t.id,
            type_coerce(t.deadline, String),
            type_coerce(t.done_date, String),
            t.confirmed_by,
            photos.c.n,
            i.owner_unit_id,
        )
        .join(OrgUnit, OrgUnit.id == i.unit_id)
        .join(team, team.id == i.team_id)
        .outerjoin(t, (t.inspection_id == i.id) & t.deleted.is_(False))
        .outerjoin(photos, photos.c.inspection_id == i.id)
        .where(i.deleted.is_(False), in_subtree(i.unit_id, unit_id))
        .order_by(i.inspection_date.desc(), OrgUnit.path)
    )
    first, last = _period(year, month)
    if first is not None:
        stmt = stmt.where(i.inspection_date >= first, i.inspection_date <= last)
    if ids is not None:
        stmt = stmt.where(i.id.in_(list(ids)))
    with store.reading() as session:
        raw: Sequence[Any] = session.execute(stmt).all()
    day = date.fromisoformat
    out = []
    for (
        id_,
        day_text,
        team_id,
        team_name,
        unit,
        unit_name,
        place,
        kind,
        text,
        person,
        rectify,
        requirement,
        task_id,
        deadline_text,
        done_text,
        confirmed,
        n_photos,
        owner,
    ) in raw:
        deadline = day(deadline_text) if deadline_text else None
        done = day(done_text) if done_text else None
        if rectify and deadline is not None:
            state = sv.state_of(deadline, done, today)
            over = max(0, ((done or today) - deadline).days)
        else:
            state, over = NO_RECTIFY, 0
        out.append(
            InspectionRow(
                id_,
                day(day_text),
                team_id,
                team_name,
                unit,
                unit_name,
                place or "",
                kind,
                text,
                person or "",
                bool(rectify),
                requirement or "",
                task_id,
                deadline,
                done,
                confirmed or "",
                state,
                over,
                n_photos or 0,
                owner,
            )
        )
    return out


def _period(year: int | None, month: tuple[int, int] | None) -> tuple[date | None, date | None]:
    if month is not None:
        y, m = month
        following = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        return date(y, m, 1), date.fromordinal(following.toordinal() - 1)
    if year is not None:
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


def filter_inspections(
    rows: Sequence[InspectionRow],
    text: str = "",
    kind: str | None = None,
    state: str | None = None,
    month: tuple[int, int] | None = None,
    year: int | None = None,
) -> list[InspectionRow]:
    """The list's filters, in memory: text (description, place, unit, team, person), kind, 整改 state, month, year."""
    needle = text.strip().lower()
    out = []
    for r in rows:
        if kind and r.kind != kind:
            continue
        if state and r.state != state:
            continue
        d = r.inspection_date
        if year is not None and d.year != year:
            continue
        if month is not None and (d.year, d.month) != month:
            continue
        if (
            needle
            and needle not in f"{r.description}\n{r.place}\n{r.unit_name}\n{r.team_name}\n{r.person_name}".lower()
        ):
            continue
        out.append(r)
    return out


def overdue(rows: Sequence[InspectionRow]) -> list[InspectionRow]:
    return [r for r in rows if r.state == sv.OVERDUE]


# -- figures ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class InspectionFigures:
    inspections: int
    problems: int  # inspections that found a problem (any kind but 未发现问题)
    by_kind: dict[str, int]
    by_unit: list[tuple[str, int]]  # (unit name, problems), most first
    rectify: int  # 整改 required
    done: int
    on_time: int
    open: int  # not done, overdue included
    overdue: int

    def as_dict(self) -> dict[str, object]:
        return {
            "inspections": self.inspections,
            "problems": self.problems,
            "by_kind": self.by_kind,
            "by_unit": dict(self.by_unit),
            "rectify": self.rectify,
            "done": self.done,
            "on_time": self.on_time,
            "open": self.open,
            "overdue": self.overdue,
        }


def figures_of(rows: Sequence[InspectionRow]) -> InspectionFigures:
    problems = [r for r in rows if r.kind != ProblemKind.NONE.value]
    kinds = Counter(r.kind for r in problems)
    by_kind = {k.value: kinds.get(k.value, 0) for k in ProblemKind if k.is_problem}
    units = Counter(r.unit_name for r in problems)
    rect = [r for r in rows if r.rectify]
    return InspectionFigures(
        inspections=len(rows),
        problems=len(problems),
        by_kind=by_kind,
        by_unit=sorted(units.items(), key=lambda x: (-x[1], x[0])),
        rectify=len(rect),
        done=sum(1 for r in rect if r.state == sv.DONE),
        on_time=sum(1 for r in rect if r.on_time),
        open=sum(1 for r in rect if r.state in (sv.OPEN, sv.OVERDUE)),
        overdue=sum(1 for r in rect if r.state == sv.OVERDUE),
    )


# -- Excel -----------------------------------------------------------------------------------------------------------
EXPORT_HEADERS = (
    N_("督导日期"),
    N_("督导组"),
    N_("被督导单位"),
    N_("地点"),
    N_("问题类别"),
    N_("督导情况"),
    N_("涉及人员"),
    N_("整改要求"),
    N_("整改期限"),
    N_("整改状态"),
    N_("超期天数"),
    N_("完成日期"),
    N_("确认人"),
    N_("照片"),
)


def export_inspections(rows: Sequence[InspectionRow], path: Path, names: bool = True) -> int:
    """The listed inspections as an Excel sheet (people's names only with `names`); returns the rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("纪律作风督导"))
    sheet.append(safe_row(sheet, [_(h) for h in EXPORT_HEADERS]))
    for r in rows:
        sheet.append(
            safe_row(
                sheet,
                [
                    r.inspection_date,
                    r.team_name,
                    r.unit_name,
                    r.place,
                    _(r.kind),
                    r.description,
                    r.person_name if names else "",
                    r.requirement,
                    r.deadline,
                    state_label(r.state),
                    r.days_over or None,
                    r.done_date,
                    r.confirmed_by if names else "",
                    r.photos or None,
                ],
            )
        )
    save_workbook_safely(book, path)
    return len(rows)


# -- 督导通报 ------------------------------------------------------------------------------------------------------
def bulletin_data(
    store: Store,
    unit_id: str | None,
    year: int,
    month: int,
    names: bool = False,
    today: date | None = None,
    issuer: str | None = None,
) -> InspectionBulletinData:
    """The monthly 督导通报 of a unit subtree, issued on `today`: the month's inspections, and the 整改 as they stood on
    the month's last day (or today, for the month under way) — the month's own, the earlier months' finished during
    the month and those still open past their deadline. People's names are left out unless `names` (the user ticked
    that they may be named). Signed by `issuer`, else by the unit whose 督导组 inspected (_teams_of). A month with no
    inspection and no earlier 整改 to report is not issued (ValidationFailed): a 通报 of nothing is not sent."""
    today = today or date.today()
    if not 1 <= month <= 12:
        raise ValidationFailed({"month": _("月份应为1至12")})
    if date(year, month, 1) > today:
        raise ValidationFailed({"month": _("{year}年{month}月还没有到，不能通报").format(year=year, month=month)})
    with store.reading() as session:
        unit = live_unit(session, unit_id) if unit_id else None
        if unit_id and unit is None:
            raise NotFoundError(_("单位不存在或已删除"))
        unit_name = unit.name if unit is not None else _root_name(session)
    first, last = _period(None, (year, month))
    assert first is not None and last is not None
    as_of = min(last, today)
    rows = sorted(
        list_inspections(store, unit_id, month=(year, month), today=as_of),
        key=lambda r: (r.inspection_date, r.unit_name),
    )
    f = figures_of(rows)
    own = [_bulletin_line(r.unit_name, r, r.person_name if names else "", as_of) for r in rows if r.rectify]
    earlier_rows = _earlier_rectifications(store, unit_id, first, as_of)
    earlier = [
        _bulletin_line(unit, r, r.person_name if names else "", as_of, found=r.inspection_date)
        for unit, r in earlier_rows
    ]
    fixed = [x for x, state in own if state == sv.DONE]
    fixed += sorted((x for x, state in earlier if state == sv.DONE), key=lambda x: (x.done_date, x.unit))
    late = [x for x, state in [*own, *earlier] if state == sv.OVERDUE]
    if not rows and not fixed and not late:
        raise ValidationFailed({"month": _(
            "{unit}{year}年{month}月没有督导检查记录，前期督导发现的问题也没有需要通报的整改情况，无需通报"
        ).format(unit=unit_name, year=year, month=month)})
    teams_of = _teams_of(store, {r.team_id for r in rows})
    # signed by the body whose 督导组 inspected: the month's, or for a month without inspections the earlier
    # findings' (a branch's 通报 of the 党委's inspection is the 党委's word, not the branch's)
    signer = teams_of if rows else _teams_of(store, {r.team_id for _unit, r in earlier_rows})
    return InspectionBulletinData(
        unit_name=unit_name,
        year=year,
        month=month,
        inspections=f.inspections,
        problems=f.problems,
        by_kind=f.by_kind,
        by_unit=f.by_unit,
        rectify=f.rectify,
        fixed=fixed,
        overdue=sorted(late, key=lambda x: (-x.days_over, x.unit)),
        pending=sum(1 for _x, state in own if state == sv.OPEN),
        issuer=issuer or signer or unit_name,
        issue_date=today,
        as_of=as_of,
        teams_of=teams_of,
    )


def _teams_of(store: Store, team_ids: set[str]) -> str:
    """The unit that set up the teams of these inspections when they are all of one: a 党委's 督导组 inspects its
    branches, so a branch's 通报 (at the branch's office, or the 党委's for one branch) names the 党委's team rather
    than a team of the branch that does not exist, and is signed by the 党委. Teams of several units: "" (the
    bulletin's own unit, above them, names and signs it)."""
    if not team_ids:
        return ""
    with store.reading() as session:
        names = set(session.scalars(
            select(OrgUnit.name).join(InspectionTeam, InspectionTeam.unit_id == OrgUnit.id)
            .where(InspectionTeam.id.in_(team_ids))
        ))
    return names.pop() if len(names) == 1 else ""


def _bulletin_line(unit: str, r: Any, person: str, as_of: date, found: date | None = None) -> tuple[BulletinLine, str]:
    """A 整改 as the bulletin states it on `as_of`, with its state then: a completion after that day does not count
    yet (the month's 通报 reads the same whenever it is issued)."""
    deadline, done = r.deadline, r.done_date
    assert deadline is not None  # a row with 整改 always has its item's deadline
    if done is not None and done > as_of:
        done = None
    state = sv.state_of(deadline, done, as_of)
    over = (as_of - deadline).days if state == sv.OVERDUE else max(0, ((done or as_of) - deadline).days)
    return BulletinLine(unit, r.kind, r.description, deadline, done, over, person, found), state


class _Earlier(NamedTuple):
    inspection_date: date
    kind: str
    description: str
    person_name: str
    deadline: date
    done_date: date | None
    team_id: str


def _earlier_rectifications(store: Store, unit_id: str | None, first: date, as_of: date) -> list[tuple[str, _Earlier]]:
    """(unit name, finding) of the 整改 of inspections before `first` in the subtree that were finished between `first`
    and `as_of`, or were still open on `as_of` past their deadline; oldest finding first."""
    i, t = Inspection, SupervisionTask
    finished_in_month = t.done_date.between(first, as_of)
    late_on_the_day = (t.done_date.is_(None) | (t.done_date > as_of)) & (t.deadline < as_of)
    stmt = (
        select(OrgUnit.name, i.inspection_date, i.kind, i.description, i.person_name, t.deadline, t.done_date,
               i.team_id)
        .join(t, (t.inspection_id == i.id) & t.deleted.is_(False))
        .join(OrgUnit, OrgUnit.id == i.unit_id)
        .where(
            i.deleted.is_(False),
            i.rectify.is_(True),
            i.inspection_date < first,
            in_subtree(i.unit_id, unit_id),
            finished_in_month | late_on_the_day,
        )
        .order_by(i.inspection_date, OrgUnit.path)
    )
    with store.reading() as session:
        return [
            (unit, _Earlier(day, kind, text, person or "", deadline, done, team))
            for unit, day, kind, text, person, deadline, done, team in session.execute(stmt)
        ]


def _root_name(session: Session) -> str:
    names = session.execute(select(OrgUnit.name, OrgUnit.parent_id).where(OrgUnit.deleted.is_(False))).all()
    return next((n for n, parent in names if parent is None), "")


def render_bulletin(data: InspectionBulletinData) -> bytes:
    """The 督导通报 as PDF bytes; a document problem (a character the fonts lack) is a ServiceError."""
    try:
        return render_inspection_bulletin(data)
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
