"""The audit's rules on 创新工作室 (services.studios applies them when a studio or an innovation entry is saved).

Sources as in domain.studios: a 劳模 / 职工创新工作室 is led (领衔) by one named person who works in it with a team, so
the leader is on the team; it is founded on a day not in the future and closes (撤销) on or after it, with a reason;
an alliance is named with the day it was joined, not before the founding nor after the 撤销; its output is the
innovation register's entries of the years it worked (none after the year it closed, none before it was founded).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import InnovationItem, InnovationStudio, InnovationStudioMember, OrgUnit
from jiaomei_desktop.i18n import N_, _, join_list

Found = tuple[str, str, str]

KINDS: dict[str, tuple[str, str]] = {
    "studio.leader_not_member": (N_("创新工作室的领衔人不在工作室成员中"), "错误"),
    "studio.dates": (N_("创新工作室成立日期晚于核查日期，或撤销日期早于成立、没有原因"), "错误"),
    "studio.alliance": (N_("创新工作室加入联盟缺名称或日期，或日期不在工作室存续期内"), "错误"),
    "studio.output_after_close": (N_("创新工作室撤销以后的年度仍登记有成果"), "错误"),
    "studio.output_before_founding": (N_("创新工作室成立以前的年度登记有成果"), "错误"),
}


def studio_problems(session: Session, today: date) -> list[Found]:
    team: dict[str, set[str]] = defaultdict(set)
    for studio_id, person_id in session.execute(
        select(InnovationStudioMember.studio_id, InnovationStudioMember.person_id).where(
            InnovationStudioMember.deleted.is_(False)
        )
    ):
        team[studio_id].add(person_id)
    years: dict[str, list[int]] = defaultdict(list)
    for output_of, year in session.execute(
        select(InnovationItem.studio_id, InnovationItem.year).where(
            InnovationItem.deleted.is_(False), InnovationItem.studio_id.is_not(None)
        )
    ):
        years[str(output_of)].append(year)
    rows = session.execute(
        select(
            InnovationStudio.id,
            InnovationStudio.name,
            OrgUnit.name,
            InnovationStudio.leader_id,
            InnovationStudio.founded_on,
            InnovationStudio.closed_on,
            InnovationStudio.close_reason,
            InnovationStudio.alliance,
            InnovationStudio.alliance_joined_on,
        )
        .join(OrgUnit, OrgUnit.id == InnovationStudio.unit_id)
        .where(InnovationStudio.deleted.is_(False))
    )
    found: list[Found] = []
    for sid, name, unit, leader, founded, closed, reason, alliance, joined in rows:
        subject = _("{unit}“{name}”").format(unit=unit, name=name)
        if leader not in team.get(sid, set()):
            found.append(("studio.leader_not_member", sid, subject))
        if founded > today or (closed is not None and (closed < founded or not reason)) or (reason and not closed):
            found.append(
                (
                    "studio.dates",
                    sid,
                    _("{subject}：{founded}成立，撤销{closed}，原因“{reason}”").format(
                        subject=subject,
                        founded=founded.isoformat(),
                        closed=closed.isoformat() if closed else _("未填写"),
                        reason=reason or _("未填写"),
                    ),
                )
            )
        if bool(alliance) != (joined is not None) or (
            joined is not None and (joined < founded or joined > today or (closed is not None and joined > closed))
        ):
            found.append(
                (
                    "studio.alliance",
                    sid,
                    _("{subject}：联盟“{alliance}”，加入于{day}").format(
                        subject=subject,
                        alliance=alliance or _("未填写"),
                        day=joined.isoformat() if joined else _("未填写"),
                    ),
                )
            )
        output = years.get(sid, [])
        late = sorted({y for y in output if closed is not None and y > closed.year})
        if late and closed is not None:
            found.append(
                (
                    "studio.output_after_close",
                    sid,
                    _("{subject}：{closed}撤销，仍有{years}年的成果").format(
                        subject=subject, closed=closed.isoformat(), years=join_list(map(str, late))
                    ),
                )
            )
        early = sorted({y for y in output if y < founded.year})
        if early:
            found.append(
                (
                    "studio.output_before_founding",
                    sid,
                    _("{subject}：{founded}成立，却有{years}年的成果").format(
                        subject=subject, founded=founded.isoformat(), years=join_list(map(str, early))
                    ),
                )
            )
    return found
