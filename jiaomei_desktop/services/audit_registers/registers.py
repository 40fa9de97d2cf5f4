"""The audit's rules on the older 1+1+3 registers beside what services.audit already reads from names (underground
责任区, 实用新型 titles): 党员责任区 held by party members on the roll, with dates in order; 办实事 marked 已办结 not
dated in the future; 党建品牌 on branches (一支部一品牌); a studio's output of the kinds a studio produces, from a unit
on the studio's own line of units (domain.studios). Each rule is the one the register's form applies on saving."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import (
    BranchBrand,
    InnovationItem,
    InnovationStudio,
    OrgUnit,
    Person,
    ResponsibilityZone,
    WorkerDeed,
)
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.registers import DeedState
from jiaomei_desktop.domain.studios import OUTPUT_KINDS, same_line
from jiaomei_desktop.i18n import N_, _

Found = tuple[str, str, str]

KINDS: dict[str, tuple[str, str]] = {
    "zone.holder": (N_("未结束的党员责任区由非党员或已转出、出党、去世的人承担"), "错误"),
    "zone.dates": (N_("党员责任区结束日期早于开始日期"), "错误"),
    "deed.done_in_future": (N_("已办结的实事日期晚于核查日期"), "错误"),
    "brand.not_branch": (N_("党建品牌登记在党支部以外的单位"), "错误"),
    "innovation.studio_output": (
        N_("创新工作室的成果类别不是成果、专利或获奖，或单位与工作室不在同一单位体系"),
        "错误",
    ),
}
_MEMBERS = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)


def register_problems(session: Session, today: date) -> list[Found]:
    return _zones(session, today) + _deeds(session, today) + _brands(session) + _studio_output(session)


def _zones(session: Session, today: date) -> list[Found]:
    z = ResponsibilityZone
    rows = session.execute(
        select(
            z.id, z.zone_name, z.start_date, z.end_date, Person.name, Person.political_status, Person.membership_state
        )
        .join(Person, Person.id == z.person_id)
        .where(
            z.deleted.is_(False),
            or_(
                z.end_date < z.start_date,
                and_(
                    or_(z.end_date.is_(None), z.end_date >= today),
                    or_(
                        Person.membership_state != MembershipState.ACTIVE.value,
                        Person.political_status.not_in(_MEMBERS),
                    ),
                ),
            ),
        )
    )
    found: list[Found] = []
    for zid, name, start, end, holder, status, state in rows:
        subject = _("{holder}：{zone}").format(holder=holder, zone=name)
        if start and end and end < start:
            found.append(
                (
                    "zone.dates",
                    zid,
                    _("{subject}（{start}至{end}）").format(
                        subject=subject, start=start.isoformat(), end=end.isoformat()
                    ),
                )
            )
        if (end is None or end >= today) and (state != MembershipState.ACTIVE.value or status not in _MEMBERS):
            shown = state if state != MembershipState.ACTIVE.value else status
            shown = _(shown) if shown else ""  # stored in Chinese: read in the output's language
            found.append(("zone.holder", zid, _("{subject}（{state}）").format(subject=subject, state=shown)))
    return found


def _deeds(session: Session, today: date) -> list[Found]:
    rows = session.execute(
        select(WorkerDeed.id, WorkerDeed.item, WorkerDeed.deed_date, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == WorkerDeed.unit_id)
        .where(WorkerDeed.deleted.is_(False), WorkerDeed.state == DeedState.DONE.value, WorkerDeed.deed_date > today)
    )
    return [
        ("deed.done_in_future", did, _("{unit}“{item}”（{day}）").format(unit=unit, item=item, day=day.isoformat()))
        for did, item, day, unit in rows
    ]


def _brands(session: Session) -> list[Found]:
    rows = session.execute(
        select(BranchBrand.id, BranchBrand.name, OrgUnit.name, OrgUnit.kind)
        .join(OrgUnit, OrgUnit.id == BranchBrand.unit_id)
        .where(BranchBrand.deleted.is_(False), OrgUnit.kind != UnitKind.BRANCH.value)
    )
    return [
        ("brand.not_branch", bid, _("{unit}（{kind}）：“{brand}”").format(unit=unit, kind=_(kind) if kind else "", brand=name))
        for bid, name, unit, kind in rows
    ]


def _studio_output(session: Session) -> list[Found]:
    entry_unit, studio_unit = aliased(OrgUnit), aliased(OrgUnit)
    rows = session.execute(
        select(
            InnovationItem.id,
            InnovationItem.title,
            InnovationItem.kind,
            InnovationItem.year,
            entry_unit.name,
            entry_unit.path,
            InnovationStudio.name,
            studio_unit.path,
        )
        .join(entry_unit, entry_unit.id == InnovationItem.unit_id)
        .join(InnovationStudio, InnovationStudio.id == InnovationItem.studio_id)
        .join(studio_unit, studio_unit.id == InnovationStudio.unit_id)
        .where(InnovationItem.deleted.is_(False))
    )
    found: list[Found] = []
    for iid, title, kind, year, unit, path, studio, studio_path in rows:
        if kind not in OUTPUT_KINDS or not same_line(path, studio_path):
            found.append(
                (
                    "innovation.studio_output",
                    iid,
                    _("{unit}“{title}”（{kind}，{year}）→“{studio}”").format(
                        unit=unit, title=title, kind=_(kind) if kind else "", year=year, studio=studio
                    ),
                )
            )
    return found
