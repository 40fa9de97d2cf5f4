"""创新工作室 register: 劳模 / 职工 / 党员创新工作室 and 技能大师工作室 with their leader (a roster person, optionally
linked to the model-worker honour of the gallery), team, level, alliance membership, founding and closing; their
output is the innovation register's entries linked to them. Rules: domain.studios.

A studio is filed under a party unit like the other registers (sync and ownership alike); its team rows are filed
where the studio is. Output links are checked on the innovation side (services.innovation calls `check_link`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import Honor, InnovationItem, OrgUnit, Person
from jiaomei_desktop.db.models.studio import InnovationStudio, InnovationStudioMember
from jiaomei_desktop.domain.enums import MembershipState, UnitKind
from jiaomei_desktop.domain.registers import YEAR_MIN, InnovationKind
from jiaomei_desktop.domain.studios import (
    OUTPUT_KINDS,
    PATENT_KINDS,
    RESULT_KINDS,
    StudioKind,
    StudioLevel,
    StudioRole,
    same_line,
)
from jiaomei_desktop.i18n import N_, _, join_list
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.ownership import check_row_here
from jiaomei_desktop.services.register_common import check_text, clean, in_subtree, live_row, live_unit, not_found
from jiaomei_desktop.services.store import Store

WHAT = N_("创新工作室")
_FIELDS = (
    "name",
    "kind",
    "level",
    "unit_id",
    "leader_id",
    "leader_honor_id",
    "founded_on",
    "focus",
    "alliance",
    "alliance_joined_on",
    "closed_on",
    "close_reason",
)
EXPORT_HEADERS = (
    N_("工作室名称"),
    N_("类别"),
    N_("级别"),
    N_("单位"),
    N_("领衔人"),
    N_("领衔人荣誉"),
    N_("成员"),
    N_("成员人数"),
    N_("成立日期"),
    N_("联盟"),
    N_("加入联盟日期"),
    N_("攻关方向"),
    N_("项目与成果"),
    N_("专利"),
    N_("获奖"),
    N_("撤销日期"),
    N_("撤销原因"),
)


@dataclass(frozen=True)
class StudioData:
    name: str
    kind: str
    level: str
    unit_id: str | None
    founded_on: date | None
    members: tuple[str, ...] = ()  # roster person ids, in order; the leader among them
    leader_id: str | None = None
    leader_honor_id: str | None = None  # the leader's 劳模 (or other) honour in the gallery
    focus: str | None = None  # 攻关方向
    alliance: str | None = None
    alliance_joined_on: date | None = None
    closed_on: date | None = None
    close_reason: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class StudioMemberRow:
    person_id: str
    name: str
    role: str
    party_status: str
    on_roll: bool = True


@dataclass(frozen=True)
class StudioRow:
    id: str
    name: str
    kind: str
    level: str
    unit_id: str
    unit_name: str
    leader_id: str
    leader_name: str
    leader_honor: str  # the linked honour's title, "" when none
    founded_on: date
    focus: str
    alliance: str
    alliance_joined_on: date | None
    closed_on: date | None
    close_reason: str
    members: tuple[StudioMemberRow, ...]
    results: int  # linked 技术创新项目 and 群众性创新成果, every year
    patents: int
    awards: int
    owner_unit_id: str

    def open_on(self, day: date) -> bool:
        return self.founded_on <= day and (self.closed_on is None or self.closed_on > day)

    def open_in(self, year: int) -> bool:
        """Working at some time in `year`."""
        return self.founded_on <= date(year, 12, 31) and (self.closed_on is None or self.closed_on >= date(year, 1, 1))

    def in_alliance_on(self, day: date) -> bool:
        return bool(self.alliance) and self.alliance_joined_on is not None and self.alliance_joined_on <= day

    @property
    def member_names(self) -> str:
        return "、".join(m.name for m in self.members)


@dataclass(frozen=True)
class StudioChoice:
    """A studio offered for an innovation entry's output link."""

    id: str
    label: str  # "名称（单位）"


# -- rules ----------------------------------------------------------------------------------------------------------
def _normalized(data: StudioData) -> StudioData:
    members = tuple(m for m in data.members if m)  # duplicates kept: the rule names them
    return StudioData(
        name=(data.name or "").strip(),
        kind=(data.kind or "").strip(),
        level=(data.level or "").strip(),
        unit_id=data.unit_id or None,
        founded_on=data.founded_on,
        members=members,
        leader_id=data.leader_id or None,
        leader_honor_id=data.leader_honor_id or None,
        focus=clean(data.focus),
        alliance=clean(data.alliance),
        alliance_joined_on=data.alliance_joined_on,
        closed_on=data.closed_on,
        close_reason=clean(data.close_reason),
        id=data.id,
    )


def _rules(data: StudioData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.name, "name", N_("工作室名称"), 120, errors)
    if data.kind not in tuple(StudioKind):
        errors["kind"] = _("请选择类别（{kinds}）").format(kinds="、".join(_(k.value) for k in StudioKind))
    if data.level not in tuple(StudioLevel):
        errors["level"] = _("请选择级别（{levels}）").format(levels="、".join(_(v.value) for v in StudioLevel))
    check_text(data.focus, "focus", N_("攻关方向"), 2000, errors, required=False)
    check_text(data.alliance, "alliance", N_("联盟名称"), 120, errors, required=False)
    check_text(data.close_reason, "close_reason", N_("撤销原因"), 200, errors, required=False)
    if not data.unit_id:
        errors["unit_id"] = _("请选择单位")
    founded = data.founded_on
    if founded is None:
        errors["founded_on"] = _("请填写成立日期")
    elif founded > today:
        errors["founded_on"] = _("成立日期不能晚于今天")
    elif founded.year < YEAR_MIN:
        errors["founded_on"] = _("成立日期应在{first}年以后").format(first=YEAR_MIN)
    _alliance_rules(data, today, errors)
    _closing_rules(data, today, errors)
    if not data.members:
        errors["members"] = _("请至少添加一名成员（领衔人）")
    elif not data.leader_id:
        errors["leader_id"] = _("请指定领衔人")
    elif data.leader_id not in data.members:
        errors["leader_id"] = _("领衔人须是工作室成员")
    if data.leader_honor_id and not data.leader_id:
        errors.setdefault("leader_honor_id", _("请先指定领衔人，再关联其荣誉"))
    return errors


def _alliance_rules(data: StudioData, today: date, errors: dict[str, str]) -> None:
    joined = data.alliance_joined_on
    if data.alliance and joined is None:
        errors["alliance_joined_on"] = _("请填写加入联盟的日期")
    elif joined is not None and not data.alliance:
        errors["alliance"] = _("请填写联盟名称")
    elif joined is not None:
        if joined > today:
            errors["alliance_joined_on"] = _("加入联盟日期不能晚于今天")
        elif data.founded_on is not None and joined < data.founded_on:
            errors["alliance_joined_on"] = _("加入联盟日期不能早于成立日期")
        elif data.closed_on is not None and joined > data.closed_on:
            errors["alliance_joined_on"] = _("加入联盟日期不能晚于撤销日期")


def _closing_rules(data: StudioData, today: date, errors: dict[str, str]) -> None:
    closed = data.closed_on
    if closed is None:
        if data.close_reason:
            errors["closed_on"] = _("写了撤销原因，请同时填写撤销日期")
        return
    if data.founded_on is not None and closed < data.founded_on:
        errors["closed_on"] = _("撤销日期不能早于成立日期")
    elif closed > today:
        errors["closed_on"] = _("撤销日期不能晚于今天")
    elif not data.close_reason:
        errors["close_reason"] = _("撤销须写明原因")


def _check_unit(session: Session, data: StudioData, errors: dict[str, str]) -> OrgUnit | None:
    unit = live_unit(session, data.unit_id)
    if data.unit_id and unit is None:
        errors.setdefault("unit_id", _("所选单位不存在或已撤销"))
    elif unit is not None and unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("请选择党支部或上级单位，而不是党小组"))
        return None
    elif unit is not None and "name" not in errors:
        same = select(func.count()).where(
            InnovationStudio.deleted.is_(False),
            InnovationStudio.unit_id == unit.id,
            InnovationStudio.name == data.name,
            InnovationStudio.id != (data.id or ""),
        )
        if session.scalar(same):
            errors["name"] = _("本单位已有名为“{name}”的工作室").format(name=data.name)
    return unit


def _check_members(session: Session, data: StudioData, errors: dict[str, str]) -> dict[str, str]:
    """Each member a live roster person; one who has left (转出, 去世…) may stay on a studio saved before but cannot
    be added. Returns person id -> name."""
    before: set[str] = set()
    if data.id:
        before = set(
            session.scalars(
                select(InnovationStudioMember.person_id).where(
                    InnovationStudioMember.studio_id == data.id, InnovationStudioMember.deleted.is_(False)
                )
            )
        )
    names: dict[str, str] = {}
    for line, person_id in enumerate(data.members, start=1):
        key = f"members.{line}"
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            errors.setdefault(key, _("第{line}行：所选人员不在花名册中或已删除").format(line=line))
            continue
        if person_id in names:
            errors.setdefault(key, _("第{line}行：{name}重复").format(line=line, name=person.name))
        elif person.membership_state != MembershipState.ACTIVE.value and person_id not in before:
            errors.setdefault(
                key,
                _("第{line}行：{name}已{state}，不能加入工作室").format(
                    line=line, name=person.name, state=_(person.membership_state)
                ),
            )
        names[person_id] = person.name
    return names


def _check_honor(session: Session, data: StudioData, names: dict[str, str], errors: dict[str, str]) -> None:
    if not data.leader_honor_id or "leader_honor_id" in errors:
        return
    honor = session.get(Honor, data.leader_honor_id)
    if honor is None or honor.deleted:
        errors["leader_honor_id"] = _("所选荣誉不存在或已删除")
    elif honor.person_id != data.leader_id:
        errors["leader_honor_id"] = _("所选荣誉“{title}”不是领衔人{name}的荣誉").format(
            title=honor.title, name=names.get(data.leader_id or "", "")
        )


def _check_output(session: Session, data: StudioData, unit: OrgUnit | None, errors: dict[str, str]) -> None:
    """A studio changed after its output was linked must still fit it: founded no later than its first result's
    year, closed no earlier than its last one's, on the same line of units."""
    if not data.id:
        return
    rows = session.execute(
        select(InnovationItem.year, OrgUnit.path, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == InnovationItem.unit_id)
        .where(InnovationItem.studio_id == data.id, InnovationItem.deleted.is_(False))
    ).all()
    if not rows:
        return
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)
    if data.founded_on is not None and "founded_on" not in errors and data.founded_on.year > first:
        errors["founded_on"] = _("工作室已登记有{year}年的成果，成立日期不能晚于该年").format(year=first)
    if data.closed_on is not None and "closed_on" not in errors and data.closed_on.year < last:
        errors["closed_on"] = _("工作室已登记有{year}年的成果，撤销日期不能早于该年").format(year=last)
    if unit is not None and "unit_id" not in errors:
        other = next((r[2] for r in rows if not same_line(r[1], unit.path)), None)
        if other:
            errors["unit_id"] = _("工作室已关联“{unit}”的成果，不能改到与其不在同一单位体系的“{name}”").format(
                unit=other, name=unit.name
            )


def _all_checks(session: Session, data: StudioData, errors: dict[str, str]) -> dict[str, str]:
    unit = _check_unit(session, data, errors)
    names = _check_members(session, data, errors)
    _check_honor(session, data, names, errors)
    _check_output(session, data, unit, errors)
    return names


def check_studio(store: Store, data: StudioData, today: date | None = None) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.reading() as session:
        _all_checks(session, data, errors)
    return errors


def save_studio(store: Store, data: StudioData, today: date | None = None) -> str:
    """Insert or update a studio and its team in one transaction; ValidationFailed (nothing written) when a rule
    fails. Returns the id."""
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.transaction() as session:
        _all_checks(session, data, errors)
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, InnovationStudio, data.id, WHAT)
            if any(getattr(row, name) != getattr(data, name) for name in _FIELDS):
                touch(row)
        else:
            row = InnovationStudio(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(data, name))
        session.flush()
        _replace_members(session, row, data.members, data.leader_id)
        return row.id


def _replace_members(session: Session, studio: InnovationStudio, members: Sequence[str], leader: str | None) -> None:
    """Keep the rows of people still on the team, tombstone the rest: a change travels as the fewest row changes."""
    old = session.scalars(
        select(InnovationStudioMember).where(
            InnovationStudioMember.studio_id == studio.id, InnovationStudioMember.deleted.is_(False)
        )
    ).all()
    by_person = {m.person_id: m for m in old}
    for position, person_id in enumerate(members):
        role = StudioRole.LEAD.value if person_id == leader else StudioRole.MEMBER.value
        row = by_person.pop(person_id, None)
        if row is None:
            session.add(
                InnovationStudioMember(
                    id=new_id(),
                    owner_unit_id=studio.owner_unit_id,
                    version=1,
                    deleted=False,
                    studio_id=studio.id,
                    person_id=person_id,
                    role=role,
                    position=position,
                )
            )
        elif (row.role, row.position) != (role, position):
            row.role, row.position = role, position
            touch(row)
    for gone in by_person.values():
        gone.deleted = True
        touch(gone)


def delete_studio(store: Store, studio_id: str) -> None:
    """Tombstones for the studio and its team. A studio with linked output is not deleted (the results would lose
    their studio): close it (撤销) instead, or unlink the results first."""
    with store.transaction() as session:
        row = live_row(session, InnovationStudio, studio_id, WHAT)
        check_row_here(session, row)  # "本机只读" at another office before the rule only the keeper acts on
        linked = session.scalar(
            select(func.count()).where(InnovationItem.studio_id == studio_id, InnovationItem.deleted.is_(False))
        )
        if linked:
            raise ValidationFailed(
                {
                    "": _("“{name}”已关联{n}项创新成果，不能删除；工作室停止运行请填写撤销日期和原因").format(
                        name=row.name, n=linked
                    )
                }
            )
        row.deleted = True
        touch(row)
        for m in session.scalars(
            select(InnovationStudioMember).where(
                InnovationStudioMember.studio_id == studio_id, InnovationStudioMember.deleted.is_(False)
            )
        ):
            m.deleted = True
            touch(m)


def get_studio(store: Store, studio_id: str) -> StudioData:
    rows = list_studios(store, studio_ids=(studio_id,))
    if not rows:
        raise NotFoundError(not_found(WHAT))
    r = rows[0]
    with store.reading() as session:
        honor_id = session.scalar(select(InnovationStudio.leader_honor_id).where(InnovationStudio.id == studio_id))
    return StudioData(
        name=r.name,
        kind=r.kind,
        level=r.level,
        unit_id=r.unit_id,
        founded_on=r.founded_on,
        members=tuple(m.person_id for m in r.members),
        leader_id=r.leader_id,
        leader_honor_id=honor_id,
        focus=r.focus or None,
        alliance=r.alliance or None,
        alliance_joined_on=r.alliance_joined_on,
        closed_on=r.closed_on,
        close_reason=r.close_reason or None,
        id=r.id,
    )


# -- output links (called by services.innovation) -------------------------------------------------------------------
def check_link(
    session: Session, studio_id: str | None, kind: str, unit_id: str | None, year: int | None, errors: dict[str, str]
) -> None:
    """An innovation entry may name a studio as its source: a live studio, an output kind (not a 改革任务), on the
    same line of units as the entry (a studio of another mine is refused), working in the entry's year."""
    if not studio_id:
        return
    studio = session.get(InnovationStudio, studio_id)
    if studio is None or studio.deleted:
        errors.setdefault("studio_id", _("所选创新工作室不存在或已删除"))
        return
    if kind and kind not in OUTPUT_KINDS:
        errors.setdefault("studio_id", _("{kind}不是工作室的创新成果，不能关联创新工作室").format(kind=_(kind)))
        return
    unit, own = live_unit(session, unit_id), live_unit(session, studio.unit_id)
    if unit is not None and own is not None and not same_line(unit.path, own.path):
        errors.setdefault(
            "studio_id",
            _("“{studio}”属于“{owner}”，与本成果的单位“{unit}”不在同一单位体系，不能关联").format(
                studio=studio.name, owner=own.name, unit=unit.name
            ),
        )
    elif year is not None and year < studio.founded_on.year:
        errors.setdefault(
            "studio_id",
            _("“{studio}”{founded}年才成立，不能登记为其{year}年的成果").format(
                studio=studio.name, founded=studio.founded_on.year, year=year
            ),
        )
    elif year is not None and studio.closed_on is not None and year > studio.closed_on.year:
        errors.setdefault(
            "studio_id",
            _("“{studio}”已于{day}撤销，不能登记为其{year}年的成果").format(
                studio=studio.name, day=studio.closed_on.isoformat(), year=year
            ),
        )


def studio_choices(store: Store) -> list[StudioChoice]:
    """Every live studio, for the innovation form's studio picker (the link rule says which fit)."""
    stmt = (
        select(InnovationStudio.id, InnovationStudio.name, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == InnovationStudio.unit_id)
        .where(InnovationStudio.deleted.is_(False))
        .order_by(OrgUnit.code, InnovationStudio.name)
    )
    with store.reading() as session:
        return [StudioChoice(r[0], _("{name}（{unit}）").format(name=r[1], unit=r[2])) for r in session.execute(stmt)]


# -- lists ----------------------------------------------------------------------------------------------------------
def list_studios(
    store: Store, unit_id: str | None = None, year: int | None = None, studio_ids: Sequence[str] | None = None
) -> list[StudioRow]:
    """Studios of a unit subtree (working and closed; with `year`, those working at some time in it), by unit, then
    level from the highest, then name (units by code: the group's codes read in the tree's order); with their team
    and output counts (every year)."""
    s = InnovationStudio
    leader = select(Person.name).where(Person.id == s.leader_id).scalar_subquery()
    honor = select(Honor.title).where(Honor.id == s.leader_honor_id, Honor.deleted.is_(False)).scalar_subquery()
    i = InnovationItem
    outputs = (
        select(
            i.studio_id,
            func.sum(case((i.kind.in_(RESULT_KINDS), 1), else_=0)).label("results"),
            func.sum(case((i.kind.in_(PATENT_KINDS), 1), else_=0)).label("patents"),
            func.sum(case((i.kind == InnovationKind.AWARD.value, 1), else_=0)).label("awards"),
        )
        .where(i.deleted.is_(False), i.studio_id.is_not(None))
        .group_by(i.studio_id)
        .subquery()
    )
    stmt = (
        select(
            s.id,
            s.name,
            s.kind,
            s.level,
            s.unit_id,
            OrgUnit.name,
            s.leader_id,
            leader,
            honor,
            s.founded_on,
            s.focus,
            s.alliance,
            s.alliance_joined_on,
            s.closed_on,
            s.close_reason,
            outputs.c.results,
            outputs.c.patents,
            outputs.c.awards,
            s.owner_unit_id,
            OrgUnit.code,
        )
        .join(OrgUnit, OrgUnit.id == s.unit_id)
        .outerjoin(outputs, outputs.c.studio_id == s.id)
        .where(s.deleted.is_(False), in_subtree(s.unit_id, unit_id))
    )
    if year is not None:
        stmt = stmt.where(
            s.founded_on <= date(year, 12, 31), (s.closed_on.is_(None)) | (s.closed_on >= date(year, 1, 1))
        )
    if studio_ids is not None:
        stmt = stmt.where(s.id.in_(list(studio_ids)))
    m = InnovationStudioMember
    members_stmt = (
        select(m.studio_id, m.person_id, Person.name, m.role, Person.political_status, Person.membership_state)
        .join(s, s.id == m.studio_id)
        .join(Person, Person.id == m.person_id)
        .where(m.deleted.is_(False), s.deleted.is_(False), in_subtree(s.unit_id, unit_id))
        .order_by(m.studio_id, m.position)
    )
    if studio_ids is not None:
        members_stmt = members_stmt.where(m.studio_id.in_(list(studio_ids)))
    with store.reading() as session:
        rows = session.execute(stmt).all()
        team: dict[str, list[StudioMemberRow]] = defaultdict(list)
        for studio_id, person_id, name, role, status, state in session.execute(members_stmt):
            team[studio_id].append(
                StudioMemberRow(person_id, name, role, status or "", state == MembershipState.ACTIVE.value)
            )
    rank = {v.value: i for i, v in enumerate(reversed(StudioLevel))}
    rows = sorted(rows, key=lambda r: (r[19], rank.get(r[3], 9), r[1]))
    return [
        StudioRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7] or "",
            r[8] or "",
            r[9],
            r[10] or "",
            r[11] or "",
            r[12],
            r[13],
            r[14] or "",
            tuple(team.get(r[0], ())),
            int(r[15] or 0),
            int(r[16] or 0),
            int(r[17] or 0),
            r[18],
        )
        for r in rows
    ]


def filter_studios(
    rows: Sequence[StudioRow],
    text: str = "",
    kind: str | None = None,
    level: str | None = None,
    open_on: date | None = None,
    alliance_only: bool = False,
) -> list[StudioRow]:
    """The list's filter, in memory: name / leader / unit / member / alliance text, kind, level, working on a day,
    in an alliance."""
    needle = text.strip().lower()
    out = []
    for r in rows:
        if kind and r.kind != kind:
            continue
        if level and r.level != level:
            continue
        if open_on and not r.open_on(open_on):
            continue
        if alliance_only and not r.alliance:
            continue
        if needle and needle not in f"{r.name}\n{r.unit_name}\n{r.member_names}\n{r.alliance}\n{r.focus}".lower():
            continue
        out.append(r)
    return out


def leader_honors(store: Store, person_id: str | None) -> list[tuple[str, str]]:
    """(honour id, "年份 级别 称号") of a person's honours, newest first: what a leader's model-worker link may be."""
    if not person_id:
        return []
    stmt = (
        select(Honor.id, Honor.award_date, Honor.level, Honor.title)
        .where(Honor.person_id == person_id, Honor.deleted.is_(False))
        .order_by(Honor.award_date.desc())
    )
    with store.reading() as session:
        return [(r[0], f"{r[1].year} {r[2]} {r[3]}") for r in session.execute(stmt)]


def alliances(store: Store) -> list[str]:
    """The alliance names already used, for the form's choices."""
    stmt = select(InnovationStudio.alliance).where(
        InnovationStudio.deleted.is_(False), InnovationStudio.alliance.is_not(None)
    )
    with store.reading() as session:
        return sorted({a for a in session.scalars(stmt) if a})


def count_studios(store: Store, unit_id: str | None = None) -> int:
    with store.reading() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(InnovationStudio)
                .where(InnovationStudio.deleted.is_(False), in_subtree(InnovationStudio.unit_id, unit_id))
            )
            or 0
        )


# -- Excel ----------------------------------------------------------------------------------------------------------
def export_studios(rows: Sequence[StudioRow], path: Path) -> int:
    """One line per studio, the team as "姓名（领衔人）、姓名…". Returns the number of lines."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("创新工作室"))
    sheet.append(safe_row(sheet, [_(h) for h in EXPORT_HEADERS]))
    for r in rows:
        team = join_list(_("{name}（{role}）").format(name=m.name, role=_(m.role)) if m.role == StudioRole.LEAD.value
                         else m.name for m in r.members)
        sheet.append(
            safe_row(
                sheet,
                [
                    r.name,
                    _(r.kind),
                    _(r.level),
                    r.unit_name,
                    r.leader_name,
                    r.leader_honor,
                    team,
                    len(r.members),
                    r.founded_on,
                    r.alliance,
                    r.alliance_joined_on,
                    r.focus,
                    r.results,
                    r.patents,
                    r.awards,
                    r.closed_on,
                    r.close_reason,
                ],
            )
        )
    save_workbook_safely(book, path)
    return len(rows)
