"""The audit's rules on 亮明身份 posts (services.posts applies them when a post is saved; a post saved before its
people left the roll, or written by an older route, still breaks them).

Sources as in domain.posts: 《中国共产党支部工作条例（试行）》第十条 (a state-enterprise branch leads its members to set an
example in production; from memory — the search tool did not find the article's text) and the group's "1+1+3"
practice of 挂牌上岗 — 亮身份、亮职责、亮承诺, as a 党员先锋岗 notice describes it for the members on the post
(https://laobiganer.com/gehangye/121597.html: "引导机关党员干部“亮身份”、“亮职责”、“亮承诺”") — and 摘牌 with a reason
when a post no longer plays its part. A 示范岗 / 先锋岗 / 安全监督岗 is a party member's post; a 党员突击队 is led by members
and may take workers along (domain.posts.PostKind.team). So a post still hung names people on the roll: one who has
left (转出, 出党, 去世) no longer stands on it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import IdentityPost, IdentityPostMember, OrgUnit, Person
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus
from jiaomei_desktop.domain.posts import PostKind
from jiaomei_desktop.i18n import N_, _, join_list

Found = tuple[str, str, str]  # (kind, record id, text)

KINDS: dict[str, tuple[str, str]] = {
    "post.no_member": (N_("挂牌的亮明身份岗位没有成员"), "错误"),
    "post.member_left": (N_("挂牌岗位上的人员已转出、出党或去世"), "错误"),
    "post.not_party_member": (N_("党员示范岗、先锋岗、安全监督岗上有非党员"), "错误"),
    "post.team_without_member": (N_("党员突击队中没有一名在册党员"), "错误"),
    "post.delisting": (N_("摘牌没有日期或原因，或早于挂牌"), "错误"),
}
_MEMBERS = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
_ACTIVE = MembershipState.ACTIVE.value


def post_problems(session: Session, today: date) -> list[Found]:
    """Every post breaking a rule; the people rules are for posts still hung (挂牌) on `today`."""
    posts = session.execute(
        select(
            IdentityPost.id,
            IdentityPost.kind,
            IdentityPost.name,
            OrgUnit.name,
            IdentityPost.listed_on,
            IdentityPost.delisted_on,
            IdentityPost.delist_reason,
        )
        .join(OrgUnit, OrgUnit.id == IdentityPost.unit_id)
        .where(IdentityPost.deleted.is_(False))
    ).all()
    people: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for post_id, name, status, state in session.execute(
        select(IdentityPostMember.post_id, IdentityPostMember.name, Person.political_status, Person.membership_state)
        .outerjoin(Person, Person.id == IdentityPostMember.person_id)
        .where(IdentityPostMember.deleted.is_(False))
    ):
        people[post_id].append((name, status, state))
    found: list[Found] = []
    for post_id, kind, name, unit, listed, delisted, reason in posts:
        subject = _("{unit}“{name}”（{kind}）").format(unit=unit, name=name, kind=_(kind) if kind else "")
        if (delisted is None) != (not reason) or (delisted is not None and delisted < listed):
            found.append(
                (
                    "post.delisting",
                    post_id,
                    _("{subject}：摘牌日期{day}，原因“{reason}”").format(
                        subject=subject,
                        day=delisted.isoformat() if delisted else _("未填写"),
                        reason=reason or _("未填写"),
                    ),
                )
            )
        if delisted is not None and delisted <= today:
            continue
        found += _people_problems(post_id, kind, subject, people.get(post_id, []))
    return found


def _people_problems(
    post_id: str, kind: str, subject: str, people: list[tuple[str, str | None, str | None]]
) -> list[Found]:
    if not people:
        return [("post.no_member", post_id, subject)]
    found: list[Found] = []
    left = [(n, state) for n, _status, state in people if state is not None and state != _ACTIVE]
    if left:
        gone = join_list(_("{name}（已{state}）").format(name=n, state=_(state)) for n, state in left)
        found.append(("post.member_left", post_id, _("{subject}：{names}").format(subject=subject, names=gone)))
    if kind == PostKind.COMMANDO.value:
        if not any(status in _MEMBERS and state == _ACTIVE for _n, status, state in people):
            found.append(("post.team_without_member", post_id, subject))
    else:
        outside = [n for n, status, state in people if state is None or status not in _MEMBERS]
        if outside:
            names = join_list(outside)
            found.append(("post.not_party_member", post_id, _("{subject}：{names}").format(subject=subject, names=names)))
    return found
