"""What a person who leaves the branch still holds in the registers, and what becomes of it (issue 19).

A 转出, 出党 or 去世 (services.membership) ends the person's part in the branch's work. A member takes part through
the branch she is 编入 (党章 第八条, from memory; 《中国共产党党员教育管理工作条例》(2019) 第二十五条: "每个党员都必须编入
党的一个支部、小组或者其他特定组织", and a change of workplace or residence "应当转移组织关系" — text found with the search
tool, e.g. https://www.wzsrmyy.com/news/show-39640.html); 出党 and 去世 end the 党籍 (党章 第九条、第四十一条, as
services.membership cites). A 党员责任区 and a 亮明身份 post are a party member's of the branch (domain.posts;
《中国共产党支部工作条例（试行）》第十条, from memory); a 传帮带 pair, a 督导组 seat, a studio's team and a 13710 item's
责任人 need someone who is there. `jiaomei check`
(services.audit_registers) reports the 责任区 and posts left behind; this module lists them when the change is
recorded, with the obvious handling ticked, and applies the ticked ones inside the change's own transaction
(services.membership.change_membership), so the change and its consequences are written together or not at all.

Decisions:
- Leaving takes effect on the change's day (services.statistics.roll.state_on counts her off the roll from it), so a
  责任区 ends the day before; one that would only start on or after that day never ran and is withdrawn (tombstoned).
  A post is 摘牌 and a pair 终止 on the change's day.
- A post left with no one on the roll (or a 突击队 without a member on the roll) is not kept 挂牌 silently: a
  separate line offers its 摘牌 with the reason filled in; unticking it keeps the post hung to add someone.
- A 转出 within the tree is still leaving the branch: by default she leaves every role of a unit her new branch is
  not under (the old branch's 责任区, posts, pairs…); roles of a unit above both branches (a 党委's 督导组, studio
  or 突击队) are listed unticked, since she may keep them.
- A 督导组's duty days name their member (inspection_duty.member_name): a member who has kept duty stays on the
  team's list so those days stay hers; only her duty days from the change's day on are cancelled.
- A studio's 领衔人 and a 督导组's only member cannot simply be removed: listed with what to do first.
- A 13710 item names its 责任人 as written (supervision_task.person_name): open items of her branch's line of units
  with her name are listed, and ticking clears the name for someone to be assigned.
- Another office's records are listed and never touched (services.ownership would refuse them anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import (
    IdentityPost,
    IdentityPostMember,
    InnovationStudio,
    InnovationStudioMember,
    InspectionDuty,
    InspectionTeam,
    InspectionTeamMember,
    MentorPair,
    OrgUnit,
    Person,
    ResponsibilityZone,
    SupervisionTask,
)
from jiaomei_desktop.domain import mentor as mentor_rules
from jiaomei_desktop.domain.enums import MembershipState, PairState, PoliticalStatus
from jiaomei_desktop.domain.inspections import TeamRole
from jiaomei_desktop.domain.posts import PostKind
from jiaomei_desktop.domain.studios import same_line
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import ownership
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.mentor.common import last_log_date
from jiaomei_desktop.services.office import touch
from jiaomei_desktop.services.store import Store

if TYPE_CHECKING:
    from jiaomei_desktop.services.membership import ChangeRequest

LEAVING = (MembershipState.TRANSFERRED_OUT, MembershipState.EXPELLED, MembershipState.DECEASED)
_MEMBERS = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
_ACTIVE = MembershipState.ACTIVE.value
DELIST_REASON_MAX = 200  # identity_post.delist_reason


class Kind(StrEnum):
    ZONE = N_("党员责任区")
    POST = N_("亮明身份岗位")
    DELIST = N_("岗位摘牌")
    TEAM = N_("督导组")
    PAIR = N_("传帮带结对")
    STUDIO = N_("创新工作室")
    TASK = N_("13710督办")


@dataclass(frozen=True)
class Holding:
    """One thing she holds, and what ticking it does. `key` is handed back to change_membership (ChangeRequest.follow)."""

    key: str
    kind: Kind
    record: str  # the record, named as its register names it
    role: str  # her part in it
    action: str  # what ticking does
    offered: bool  # False: listed for information, `note` says why
    ticked: bool  # the default
    note: str = ""
    reason: str = ""  # a 摘牌's proposed reason (editable)


def leaves(request: ChangeRequest) -> bool:
    return request.new_state in LEAVING


def holdings(store: Store, request: ChangeRequest) -> list[Holding]:
    """What the person of `request` still holds that the change concerns (empty when she does not leave)."""
    with store.reading() as session:
        person = session.get(Person, request.person_id)
        if person is None or person.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        return [h for h, _apply in _collect(session, person, request)]


def apply_choices(session: Session, person: Person, request: ChangeRequest) -> None:
    """Apply the ticked lines (request.follow) in the caller's transaction; ValidationFailed when one can no longer
    be applied, so the caller's transaction rolls back with everything else."""
    if not request.follow:
        return
    found = {h.key: (h, apply) for h, apply in _collect(session, person, request)}
    reasons = dict(request.delist_reasons)
    for key in request.follow:
        if key not in found:
            raise ValidationFailed({"holdings": _("登记簿中的记录已有变化，请关闭本窗口后重新办理")})
        holding, apply = found[key]
        if not holding.offered:
            raise ValidationFailed(
                {"holdings": _("“{record}”不能在这里处理：{note}").format(record=holding.record, note=holding.note)}
            )
        apply(reasons.get(key, holding.reason))


# -- collecting --------------------------------------------------------------------------------------------------
Apply = Callable[[str], None]
Found = tuple[Holding, Apply]


@dataclass(frozen=True)
class _Context:
    session: Session
    person: Person
    day: date
    state: str  # what the change records, as stored ("转出", "出党（开除党籍）", "去世")
    new_branch_path: str | None  # a 转出 within the tree
    branch_path: str
    offices: ownership.Offices | None
    names: Mapping[str, str]  # unit id → name

    def foreign(self, owner: str | None) -> str:
        """The read-only note for another office's row, else ""."""
        if self.offices is None or not owner or owner == self.offices.here:
            return ""
        return ownership.marker_text(ownership.office_name(self.session, owner))

    def keeps(self, unit_path: str) -> bool:
        """Her new branch (a 转出 within the tree) lies under the record's unit: she may keep the role."""
        new = self.new_branch_path
        return bool(new and unit_path and new.startswith(unit_path))


def _collect(session: Session, person: Person, request: ChangeRequest) -> list[Found]:
    if not leaves(request):
        return []
    units = session.execute(select(OrgUnit.id, OrgUnit.path, OrgUnit.name)).all()
    paths = {uid: path for uid, path, _name in units}
    state = request.new_state.value
    if request.exit_kind is not None and request.new_state is MembershipState.EXPELLED:
        state = f"{state}（{request.exit_kind.value}）"
    ctx = _Context(
        session, person, request.change_date, state,
        paths.get(request.to_unit_id) if request.to_unit_id else None,
        paths.get(person.branch_id, ""), ownership.offices(session), {uid: name for uid, _path, name in units},
    )
    found: list[Found] = []
    for collect in (_zones, _posts, _pairs, _teams, _studios, _tasks):
        found += collect(ctx, paths)
    return found


def _line(
    ctx: _Context, kind: Kind, row_id: str, owner: str | None, unit_path: str, record: str, role: str, action: str,
    apply: Apply, blocked: str = "", reason: str = "", note: str = "",
) -> Found:
    """One line: offered unless another office keeps the row or `blocked` says why not; ticked unless she may keep
    the role (see keeps)."""
    foreign = ctx.foreign(owner)
    why = foreign or blocked
    kept = ctx.keeps(unit_path)
    if kept and not why:
        keep = _("转入的支部仍在该单位之下，可以保留")
        note = _("转入的支部仍在该单位之下，可以保留；{note}").format(note=note) if note else keep
    holding = Holding(f"{kind.name.lower()}:{row_id}", kind, record, role, action, not why, not why and not kept,
                      why or note, reason)
    return holding, apply


def _zones(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    z = ResponsibilityZone
    rows = ctx.session.scalars(
        select(z).where(z.person_id == ctx.person.id, z.deleted.is_(False), or_(z.end_date.is_(None),
                                                                                 z.end_date >= ctx.day))
        .order_by(z.start_date, z.zone_name)
    ).all()
    names = ctx.names
    last = ctx.day - timedelta(days=1)
    found: list[Found] = []
    for row in rows:
        never = row.start_date is not None and row.start_date >= ctx.day
        action = _("尚未开始，作废该责任区") if never else _("于{day}结束（变动前一天）").format(day=last.isoformat())

        def end(_reason: str, row: ResponsibilityZone = row, never: bool = never) -> None:
            if never:
                row.deleted = True
            else:
                row.end_date = last
            touch(row)

        record = _("“{zone}”（{unit}）").format(zone=row.zone_name, unit=names.get(row.unit_id, ""))
        found.append(_line(ctx, Kind.ZONE, row.id, row.owner_unit_id, paths.get(row.unit_id, ""), record,
                           _("责任人"), action, end))
    return found


def _posts(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    p, m = IdentityPost, IdentityPostMember
    rows = ctx.session.execute(
        select(p, m).join(m, m.post_id == p.id)
        .where(m.person_id == ctx.person.id, m.deleted.is_(False), p.deleted.is_(False),
               or_(p.delisted_on.is_(None), p.delisted_on >= ctx.day))
        .order_by(p.listed_on, p.name)
    ).all()
    names = ctx.names
    found: list[Found] = []
    for post, member in rows:
        record = _("{unit}“{name}”（{kind}）").format(unit=names.get(post.unit_id, ""), name=post.name,
                                                    kind=_(post.kind))
        path = paths.get(post.unit_id, "")

        def remove(_reason: str, member: IdentityPostMember = member) -> None:
            member.deleted = True
            touch(member)

        found.append(_line(ctx, Kind.POST, member.id, member.owner_unit_id, path, record, _(member.role),
                           _("撤下本岗"), remove))
        emptied = _emptied(ctx, post)
        if emptied:
            found.append(_delist_line(ctx, post, record, path, emptied))
    return found


def _emptied(ctx: _Context, post: IdentityPost) -> str:
    """Why the post breaks its rule once she is off it (services.audit_registers.posts), else ""."""
    others = ctx.session.execute(
        select(IdentityPostMember.person_id, Person.political_status, Person.membership_state)
        .outerjoin(Person, Person.id == IdentityPostMember.person_id)
        .where(IdentityPostMember.post_id == post.id, IdentityPostMember.deleted.is_(False),
               or_(IdentityPostMember.person_id.is_(None), IdentityPostMember.person_id != ctx.person.id))
    ).all()
    on_roll = [(pid, status) for pid, status, state in others if pid is None or state == _ACTIVE]
    if not on_roll:
        return _("该同志撤下后岗位上没有在册人员")
    if post.kind == PostKind.COMMANDO.value and not any(status in _MEMBERS for pid, status in on_roll if pid):
        return _("该同志撤下后突击队中没有在册党员")
    return ""


def _delist_line(ctx: _Context, post: IdentityPost, record: str, path: str, emptied: str) -> Found:
    day = max(ctx.day, post.listed_on)
    reason = _("{name}{state}，岗位暂无人员").format(name=ctx.person.name, state=ctx.state)

    def delist(text: str, post: IdentityPost = post) -> None:
        text = text.strip()
        if not text:
            raise ValidationFailed({"holdings": _("请填写“{record}”摘牌的原因").format(record=record)})
        if len(text) > DELIST_REASON_MAX:
            raise ValidationFailed({"holdings": _("“{record}”摘牌的原因过长（最多{n}个字）").format(
                record=record, n=DELIST_REASON_MAX)})
        post.delisted_on, post.delist_reason = day, text
        touch(post)

    note = _("{why}；不摘牌则保留挂牌，请另行补充人员").format(why=emptied)
    return _line(ctx, Kind.DELIST, post.id, post.owner_unit_id, path, record, "",
                 _("于{day}摘牌").format(day=day.isoformat()), delist, reason=reason, note=note)


def _pairs(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    rows = ctx.session.scalars(
        select(MentorPair).where(
            or_(MentorPair.mentor_id == ctx.person.id, MentorPair.mentee_id == ctx.person.id),
            MentorPair.state == PairState.ACTIVE.value, MentorPair.deleted.is_(False),
        ).order_by(MentorPair.start_date)
    ).all()
    people = dict(ctx.session.execute(
        select(Person.id, Person.name).where(Person.id.in_([r.mentor_id for r in rows] + [r.mentee_id for r in rows]))
    ).all())
    found: list[Found] = []
    for row in rows:
        mentoring = row.mentor_id == ctx.person.id
        other = people.get(row.mentee_id if mentoring else row.mentor_id, "")
        record = _("与{other}结对（{start}起）").format(other=other, start=row.start_date.isoformat())
        errors = mentor_rules.check_transition(row.state, PairState.TERMINATED, ctx.day, ctx.state, row.start_date,
                                               last_log_date(ctx.session, row.id), ctx.day)
        blocked = "；".join(errors.values())

        def end(_reason: str, row: MentorPair = row) -> None:
            row.state, row.end_date = PairState.TERMINATED.value, ctx.day
            row.end_reason, row.final_evaluation = ctx.state, None
            touch(row)

        action = _("于{day}终止，原因“{reason}”").format(day=ctx.day.isoformat(), reason=ctx.state)
        found.append(_line(ctx, Kind.PAIR, row.id, row.owner_unit_id, paths.get(row.unit_id, ""), record,
                           _("师傅") if mentoring else _("徒弟"), action, end, blocked))
    return found


def _teams(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    t, m, d = InspectionTeam, InspectionTeamMember, InspectionDuty
    rows = ctx.session.execute(
        select(t, m).join(m, m.team_id == t.id)
        .where(m.person_id == ctx.person.id, m.deleted.is_(False), t.deleted.is_(False), t.end_date >= ctx.day)
        .order_by(t.start_date, t.name)
    ).all()
    found: list[Found] = []
    for team, member in rows:
        duties = ctx.session.scalars(
            select(d).where(d.team_id == team.id, d.member_name == member.name, d.deleted.is_(False))
        ).all()
        kept = sum(duty.duty_date < ctx.day for duty in duties)
        coming = [duty for duty in duties if duty.duty_date >= ctx.day]
        others = ctx.session.scalar(
            select(func.count()).select_from(m).where(m.team_id == team.id, m.deleted.is_(False), m.id != member.id)
        )

        def leave(_reason: str, member: InspectionTeamMember = member, coming: Sequence[InspectionDuty] = coming,
                  kept: int = kept) -> None:
            for duty in coming:
                duty.deleted = True
                touch(duty)
            if not kept:
                member.deleted = True
                touch(member)

        blocked, note = "", ""
        if kept:
            action = _("取消{day}起的{n}个值班安排").format(day=ctx.day.isoformat(), n=len(coming))
            note = _("已值班{n}天，为保留值班记录仍列在组员名单中").format(n=kept)
            if not coming:
                blocked = note
        elif not others:
            action, blocked = _("退出督导组"), _("该同志是该督导组唯一的成员，请先在督导组中补充成员")
        else:
            action = _("退出督导组，取消{n}个值班安排").format(n=len(coming)) if coming else _("退出督导组")
            if member.role == TeamRole.LEAD.value:
                note = _("督导组将没有组长，请另行指定")
        record = _("“{team}”（{start}至{end}）").format(team=team.name, start=team.start_date.isoformat(),
                                                     end=team.end_date.isoformat())
        found.append(_line(ctx, Kind.TEAM, member.id, member.owner_unit_id, paths.get(team.unit_id, ""), record,
                           _(member.role), action, leave, blocked, note=note))
    return found


def _studios(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    s, m = InnovationStudio, InnovationStudioMember
    rows = ctx.session.execute(
        select(s, m).join(m, m.studio_id == s.id)
        .where(m.person_id == ctx.person.id, m.deleted.is_(False), s.deleted.is_(False),
               or_(s.closed_on.is_(None), s.closed_on >= ctx.day))
        .order_by(s.founded_on, s.name)
    ).all()
    found: list[Found] = []
    for studio, member in rows:
        leader = studio.leader_id == ctx.person.id
        blocked = _("该同志是工作室的领衔人，请先在创新工作室中另选领衔人") if leader else ""

        def leave(_reason: str, member: InnovationStudioMember = member) -> None:
            member.deleted = True
            touch(member)

        found.append(_line(ctx, Kind.STUDIO, member.id, member.owner_unit_id, paths.get(studio.unit_id, ""),
                           f"“{studio.name}”", _(member.role), _("退出工作室团队"), leave, blocked))
    return found


def _tasks(ctx: _Context, paths: Mapping[str, str]) -> list[Found]:
    rows = ctx.session.scalars(
        select(SupervisionTask).where(
            SupervisionTask.person_name == ctx.person.name, SupervisionTask.done_date.is_(None),
            SupervisionTask.deleted.is_(False),
        ).order_by(SupervisionTask.deadline)
    ).all()
    names = ctx.names
    found: list[Found] = []
    for row in rows:
        path = paths.get(row.unit_id, "")
        if not same_line(path, ctx.branch_path):
            continue  # the same name in another mine's item is someone else

        def clear(_reason: str, row: SupervisionTask = row) -> None:
            row.person_name = None
            touch(row)

        record = _("{unit}“{title}”（{deadline}前办结）").format(unit=names.get(row.unit_id, ""), title=row.title,
                                                              deadline=row.deadline.isoformat())
        found.append(_line(ctx, Kind.TASK, row.id, row.owner_unit_id, path, record, _("责任人"),
                           _("清空责任人，待重新指定"), clear, note=_("按姓名对应")))
    return found

