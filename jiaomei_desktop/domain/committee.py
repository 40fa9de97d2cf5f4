"""Branch committees (支部委员会) as records: posts, terms, who may hold them, and whether a branch has one at all.

Sources, 《中国共产党支部工作条例（试行）》(2018):
- 第六章: 有正式党员7人以上的党支部，应当设立党支部委员会 (3 至 5 人，一般不超过7人；设书记和组织委员、宣传委员、纪检委员等，
  必要时可以设1名副书记). 正式党员不足7人的党支部，设1名书记，必要时可以设1名副书记 — no committee, so no 支委会.
- 第六章: 村、社区党支部委员会每届任期5年，其他基层单位党支部委员会一般每届任期3年 (a coal group's branches: 3 years);
  a term that falls due is followed by 换届 on time, a delay needs the higher committee's approval (届满 warning).
- 第十二条: 党支部委员会会议须有半数以上委员到会方可进行 (quorum counted over the committee, others attend as 列席).
《中国共产党章程》第七条: 预备党员 have no 表决权、选举权和被选举权, so only 正式党员 can be elected to a post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.i18n import _

COMMITTEE_MIN_FULL_MEMBERS = 7  # 条例 第六章: 7 正式党员 or more → a 支部委员会
TERM_YEARS = 3  # 条例 第六章: branches other than 村/社区 serve 3-year terms
MAX_COMMITTEE_SIZE = 7  # 条例 第六章: 一般不超过7人
DUE_WARNING_DAYS = 90  # warn a quarter ahead, time enough to prepare a 换届


class CommitteePost(StrEnum):
    SECRETARY = "书记"
    DEPUTY_SECRETARY = "副书记"
    ORGANIZATION = "组织委员"
    PUBLICITY = "宣传委员"
    DISCIPLINE = "纪检委员"


# A branch without a committee has only these posts (条例 第六章).
NO_COMMITTEE_POSTS = frozenset({CommitteePost.SECRETARY.value, CommitteePost.DEPUTY_SECRETARY.value})
SINGLE_POSTS = frozenset({CommitteePost.SECRETARY.value, CommitteePost.DEPUTY_SECRETARY.value})


def has_committee(full_members: int) -> bool:
    return full_members >= COMMITTEE_MIN_FULL_MEMBERS


def default_term_end(start: date) -> date:
    """Three years after the start, on the same day (29 February falls back to the 28th)."""
    try:
        return start.replace(year=start.year + TERM_YEARS)
    except ValueError:
        return start.replace(year=start.year + TERM_YEARS, day=28)


@dataclass(frozen=True)
class RoleRecord:
    """One post held by one person for one term (the service's rows as plain data)."""

    person_id: str
    role: str
    term_start: date
    term_end: date
    left_on: date | None = None
    id: str | None = None
    name: str = ""
    political_status: str = ""

    def held_on(self, day: date) -> bool:
        return self.term_start <= day and (self.left_on is None or day < self.left_on)


def members_on(roles: Iterable[RoleRecord], day: date) -> list[RoleRecord]:
    return [r for r in roles if r.held_on(day)]


def secretary_on(roles: Iterable[RoleRecord], day: date) -> str | None:
    for r in roles:
        if r.role == CommitteePost.SECRETARY.value and r.held_on(day):
            return r.person_id
    return None


def term_warning(roles: Sequence[RoleRecord], today: date) -> str | None:
    """届满 warning for the sitting committee: due within a quarter, or already past without a 换届."""
    sitting = members_on(roles, today)
    if not sitting:
        return None
    due = min(r.term_end for r in sitting)
    if due < today:
        return _("支部委员会已于{date}任期届满，应按期换届选举（延期须报上级党组织批准）").format(date=due.isoformat())
    if (due - today).days <= DUE_WARNING_DAYS:
        return _("支部委员会将于{date}任期届满，请及时准备换届选举").format(date=due.isoformat())
    return None


def validate_roles(roles: Sequence[RoleRecord], full_members: int, today: date) -> dict[str, str]:
    """Field → message for a branch's whole list of posts (current and past). Only the sitting posts (held today or
    starting later) are checked against the committee rules; past terms stay as they were recorded."""
    errors: dict[str, str] = {}
    posts = {p.value for p in CommitteePost}
    for r in roles:
        if r.role not in posts:
            errors.setdefault("role", _("职务“{role}”不是支部委员会的职务").format(role=r.role))
        if r.term_end <= r.term_start:
            errors.setdefault("term_end", _("{name}的任期届满日期必须晚于任职日期").format(name=r.name or _("委员")))
        if r.left_on is not None and r.left_on < r.term_start:
            errors.setdefault("left_on", _("{name}的离任日期不能早于任职日期").format(name=r.name or _("委员")))
    sitting = [r for r in roles if r.left_on is None or r.left_on > today]
    for r in sitting:
        if r.political_status and r.political_status != PoliticalStatus.FULL_MEMBER.value:
            errors.setdefault(
                "person",
                _("{name}是{status}，支部委员只能由正式党员担任").format(name=r.name, status=_(r.political_status)),
            )
    _check_overlaps(sitting, errors)
    if not has_committee(full_members):
        extra = sorted({r.role for r in sitting} - NO_COMMITTEE_POSTS)
        if extra:
            errors.setdefault(
                "role",
                _("正式党员不足7人的党支部不设支部委员会，只设书记（必要时设副书记），不能设{posts}").format(
                    posts=_("、").join(_(p) for p in extra)
                ),
            )
    elif len({r.person_id for r in sitting}) > MAX_COMMITTEE_SIZE:
        errors.setdefault("role", _("支部委员会一般不超过{n}人").format(n=MAX_COMMITTEE_SIZE))
    return errors


def _check_overlaps(sitting: Sequence[RoleRecord], errors: dict[str, str]) -> None:
    """One 书记 (and one 副书记) at a time; a person holds one post at a time."""
    for i, a in enumerate(sitting):
        for b in sitting[i + 1 :]:
            if not _overlap(a, b):
                continue
            if a.role == b.role and a.role in SINGLE_POSTS:
                errors.setdefault("role", _("一个党支部同一时间只能有一名{role}").format(role=_(a.role)))
            if a.person_id == b.person_id:
                errors.setdefault(
                    "person", _("{name}同一时间只能担任一个支部委员职务").format(name=a.name or _("该党员"))
                )


def _overlap(a: RoleRecord, b: RoleRecord) -> bool:
    a_end, b_end = a.left_on or date.max, b.left_on or date.max
    return a.term_start < b_end and b.term_start < a_end
