"""Demo 亮明身份: 2–4 posts on every 一线 branch (domain.posts.is_front_line) — a 党员示范岗 or 先锋岗 of one or two
members, often a 党员安全监督岗, and on about a third of them a 党员突击队 of 6–10 people led by members with one to
three non-member workers — plus a 先锋岗 on one office branch in four. About one post in twelve was taken down
(摘牌) with a reason, most often because its member moved to another post."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.db.models.post import IdentityPost, IdentityPostMember
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus
from jiaomei_desktop.domain.posts import PostKind, PostRole, is_front_line
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit

_MEMBER = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
MODEL_POSTS = (
    "采煤机司机岗",
    "液压支架操作岗",
    "掘进机司机岗",
    "皮带集控岗",
    "井下变电所值守岗",
    "主排水泵房岗",
    "绞车操作岗",
    "设备检修岗",
    "质量验收岗",
    "钻探岗",
)
SAFETY_POSTS = ("工作面安全监督岗", "迎头安全监督岗", "运输巷安全监督岗", "车间安全监督岗")
COMMANDO_TASKS = ("抢险救灾", "设备搬家倒面", "雨季三防", "复杂地质攻坚", "抢修保产")
PLACES = ("8101综采工作面", "12041掘进工作面", "主井提升机房", "中央变电所", "东翼大巷", "21采区轨道巷", "检修车间")
# Placard-length duties (the placard sets them in one row at ≥ 10 mm ink height; longer text belongs in 承诺).
DUTIES = ("严守操作规程", "带头排查隐患", "传帮带新工人", "确保工程质量", "抢险攻坚在前")
PLEDGES = (
    "安全生产我带头，不违章、不蛮干",
    "工作质量我带头，岗位工作零差错",
    "急难险重我带头，关键时刻站得出、冲得上",
    "服务职工我带头，身边困难主动帮",
)
DELIST_REASONS = ("岗位调整，党员调离本岗位", "工作面回采结束，岗位撤销", "考评不合格，予以摘牌")
OFFICE_POSTS = ("党员服务窗口先锋岗", "党建工作先锋岗", "业务服务先锋岗")


def build_posts(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 21)
    now = utcnow()

    def sync() -> dict[str, object]:
        return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False}

    people = ctx.session.execute(
        select(Person.id, Person.name, Person.branch_id, Person.political_status).where(
            Person.membership_state == MembershipState.ACTIVE.value
        )
    ).all()
    members: dict[str, list] = defaultdict(list)
    workers: dict[str, list] = defaultdict(list)
    for row in people:
        (members if row[3] in _MEMBER else workers)[row[2]].append(row)
    posts: list[dict[str, object]] = []
    lines: list[dict[str, object]] = []
    for branch in ctx.branches:
        pool = list(members[branch.id])
        rng.shuffle(pool)
        if is_front_line(branch.name):
            plan = [rng.choice((PostKind.MODEL, PostKind.VANGUARD))]
            plan += [PostKind.SAFETY] if rng.random() < 0.6 else [PostKind.MODEL]
            plan += [PostKind.COMMANDO] if rng.random() < 0.35 else []
            plan += [PostKind.VANGUARD] if rng.random() < 0.3 else []
        elif rng.random() < 0.25:
            plan = [PostKind.VANGUARD]
        else:
            continue
        for kind in plan:
            post = _post(ctx, rng, branch, kind, sync)
            if kind is PostKind.COMMANDO:
                crew = [pool.pop() for _ in range(min(len(pool), rng.randint(4, 7)))]
                extra = rng.sample(workers[branch.id], min(len(workers[branch.id]), rng.randint(1, 3)))
                crew += extra
            else:
                crew = [pool.pop() for _ in range(min(len(pool), 1 if rng.random() < 0.7 else 2))]
            if not crew or crew[0][3] not in _MEMBER:
                continue
            posts.append(post)
            for position, (pid, name, _branch, _status) in enumerate(crew):
                lines.append(
                    {
                        **sync(),
                        "post_id": post["id"],
                        "person_id": pid,
                        "name": name,
                        "role": PostRole.LEAD.value if position == 0 else PostRole.MEMBER.value,
                        "position": position,
                    }
                )
    if posts:
        ctx.session.execute(insert(IdentityPost), posts)
        ctx.session.execute(insert(IdentityPostMember), lines)


def _post(ctx: DemoContext, rng: random.Random, branch: DemoUnit, kind: PostKind, sync) -> dict[str, object]:  # type: ignore[no-untyped-def]
    team = branch.name.removesuffix("党支部")
    if kind is PostKind.COMMANDO:
        name = f"{team}{rng.choice(COMMANDO_TASKS)}党员突击队"
    elif kind is PostKind.SAFETY:
        name = rng.choice(SAFETY_POSTS)
    elif is_front_line(branch.name):
        name = rng.choice(MODEL_POSTS)
    else:
        name = rng.choice(OFFICE_POSTS)
    listed = ctx.today - timedelta(days=rng.randint(30, 3 * 365))
    delisted = None
    if rng.random() < 1 / 12:
        delisted = min(ctx.today, listed + timedelta(days=rng.randint(90, 720)))
    return {
        **sync(),
        "kind": kind.value,
        "name": name,
        "unit_id": branch.id,
        "place": rng.choice(PLACES) if is_front_line(branch.name) and "矿" in branch.name else None,
        "duties": "\n".join(rng.sample(DUTIES, 2)),
        "pledge": "\n".join(rng.sample(PLEDGES, 3)),
        "listed_on": date(listed.year, listed.month, 1 if kind is not PostKind.COMMANDO else listed.day),
        "delisted_on": delisted,
        "delist_reason": rng.choice(DELIST_REASONS) if delisted else None,
    }
