"""Demo branch committees as the 条例 shapes them (第六章): a 支部委员会 of 3 to 5 正式党员 (书记, 组织委员, 宣传委员,
纪检委员, a 副书记 in larger branches) where the branch has 7 正式党员 or more; else a 书记 alone (a 副书记 in some).
Terms last three years: the sitting one began between the end of 2023 and the end of 2025, the one before it three years
earlier with the same people (连选连任), so the demo's three years of 支委会 always have a committee. Branches whose
sitting term began in December 2023 fall due within a quarter of the demo's today and show the 届满 warning.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.committee import CommitteePost, default_term_end, has_committee
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus
from jiaomei_desktop.services.demo.context import DemoContext

# Sitting terms began between December 2023 and the end of 2025: none is past due on the demo's today (a clean
# `jiaomei check`), those of the first weeks fall due within a quarter and show the 届满 warning.
FIRST_START, LAST_START = date(2023, 12, 1), date(2025, 12, 31)
COLUMNS = (
    "id",
    "owner_unit_id",
    "version",
    "updated_at",
    "deleted",
    "unit_id",
    "person_id",
    "role",
    "term_start",
    "term_end",
    "left_on",
)


@dataclass(frozen=True)
class DemoCommittee:
    """person id → post for a branch (the same people in both demo terms), 书记 first."""

    posts: tuple[tuple[str, str], ...]
    has_committee: bool

    @property
    def secretary(self) -> str | None:
        return self.posts[0][0] if self.posts else None

    @property
    def members(self) -> list[str]:
        return [pid for pid, _post in self.posts] if self.has_committee else []


def build_committees(ctx: DemoContext) -> dict[str, DemoCommittee]:
    rng = random.Random(ctx.seed + 17)
    full = _full_members(ctx)
    result: dict[str, DemoCommittee] = {}
    rows: list[tuple[object, ...]] = []
    now = utcnow().isoformat(sep=" ")
    span = (LAST_START - FIRST_START).days
    for branch in ctx.branches:
        people = full.get(branch.id, [])
        if not people:
            continue
        committee = _posts(rng, people)
        result[branch.id] = committee
        start = FIRST_START + timedelta(days=rng.randint(0, span))
        start = start.replace(day=min(start.day, 28))  # so the term three years earlier exists
        earlier = start.replace(year=start.year - 3)
        for pid, post in committee.posts:
            for term_start, left_on in ((earlier, start), (start, None)):
                rows.append(
                    (
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        ctx.root_id,
                        1,
                        now,
                        0,
                        branch.id,
                        pid,
                        post,
                        term_start.isoformat(),
                        default_term_end(term_start).isoformat(),
                        left_on.isoformat() if left_on else None,
                    )
                )
    if rows:
        sql = f"INSERT INTO committee_role ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        ctx.session.connection().exec_driver_sql(sql, rows)
    return result


def _full_members(ctx: DemoContext) -> dict[str, list[tuple[str, str]]]:
    """branch id → (id, 职务) of its active 正式党员, those whose 职务 names the branch secretary first."""
    stmt = select(Person.id, Person.position, Person.branch_id).where(
        Person.political_status == PoliticalStatus.FULL_MEMBER.value,
        Person.membership_state == MembershipState.ACTIVE.value,
        Person.deleted.is_not(True),
    )
    result: dict[str, list[tuple[str, str]]] = {}
    for pid, position, branch in ctx.session.execute(stmt):
        result.setdefault(branch, []).append((pid, position or ""))
    for people in result.values():
        people.sort(key=lambda p: "支部书记" not in p[1] or "副" in p[1])  # stable: keeps the demo's order
    return result


def _posts(rng: random.Random, people: list[tuple[str, str]]) -> DemoCommittee:
    ids = [pid for pid, _position in people]
    if not has_committee(len(ids)):
        posts = [CommitteePost.SECRETARY.value] + ([CommitteePost.DEPUTY_SECRETARY.value] if rng.random() < 0.3 else [])
        return DemoCommittee(tuple(zip(ids, posts, strict=False)), False)
    posts = [CommitteePost.SECRETARY.value, CommitteePost.ORGANIZATION.value, CommitteePost.PUBLICITY.value]
    if len(ids) >= 15:  # 3 to 5 members (条例 第六章); the larger branches elect all five posts
        posts += [CommitteePost.DISCIPLINE.value, CommitteePost.DEPUTY_SECRETARY.value]
    return DemoCommittee(tuple(zip(ids, posts, strict=False)), True)
