"""Demo 创新工作室: about three dozen studios for the 276-branch group — a 劳模创新工作室 on most mines, led by one of
the gallery's 劳动模范 (linked to that honour), 职工 and 党员创新工作室 on 一线 branches, a few 技能大师工作室 led by a
技术能手 — of which 7 are in the provincial alliance (the seed: "7个劳模创新工作室加入省劳模创新工作室联盟"), one is
国家级 and two were closed (撤销) with a reason. Teams of 5–12 from the leader's mine; about a third of the mine's
projects, results, patents and awards since the studio was founded are linked to it as its output."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select, update

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Honor, InnovationItem, Person
from jiaomei_desktop.db.models.studio import InnovationStudio, InnovationStudioMember
from jiaomei_desktop.domain.enums import MembershipState, UnitKind
from jiaomei_desktop.domain.posts import is_front_line
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.studios import OUTPUT_KINDS, StudioKind, StudioLevel, StudioRole
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit

ALLIANCE = "河南省劳模创新工作室联盟"
IN_ALLIANCE = 7  # the seed's figure
BRANCH_STUDIOS = 14  # 职工 / 党员创新工作室 on 一线 branches, at seed size
SKILL_MASTERS = 3
CLOSED = 2
FOCUS = (
    "综采工作面设备维护与快速检修",
    "掘进工作面快速支护工艺",
    "矿井提升与运输系统节能改造",
    "瓦斯抽采与通风系统优化",
    "选煤工艺与煤质提升",
    "智能化工作面设备调试",
    "井下供电系统安全保护",
    "液压支架维修与再制造",
)
CLOSE_REASONS = ("领衔人退休，工作室撤销", "并入本矿劳模创新工作室")
# Share of the output of a studio's mine since its founding that is linked to the studio, by kind.
LINK_SHARE = {
    InnovationKind.TECH_PROJECT.value: 0.35,
    InnovationKind.MASS_RESULT.value: 0.15,
    InnovationKind.UTILITY_PATENT.value: 0.5,
    InnovationKind.INVENTION_PATENT.value: 0.6,
    InnovationKind.AWARD.value: 0.4,
}


@dataclass
class _Studio:
    """One demo studio while it is being made (levels, alliance and closing are set after all are chosen)."""

    id: str
    name: str
    kind: str
    unit_id: str
    leader_id: str
    leader_honor_id: str | None
    founded_on: date
    focus: str
    level: str = StudioLevel.MINE.value
    alliance: str | None = None
    alliance_joined_on: date | None = None
    closed_on: date | None = None
    close_reason: str | None = None


def build_studios(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 31)  # own generator: the other steps' numbers do not depend on this one
    now = utcnow()

    def sync() -> dict[str, object]:
        return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False}

    by_id = {u.id: u for u in ctx.units}
    mines = [u for u in ctx.units if u.kind == UnitKind.COMMITTEE.value and "矿" in u.name]
    if not mines:
        return
    mine_of = {b.id: m for b in ctx.branches if (m := _mine(b, by_id))}
    people = ctx.session.execute(
        select(Person.id, Person.name, Person.branch_id).where(
            Person.deleted.is_(False), Person.membership_state == MembershipState.ACTIVE.value
        )
    ).all()
    on_mine: dict[str, list[str]] = defaultdict(list)
    branch_of: dict[str, str] = {}
    name_of: dict[str, str] = {}
    for pid, person_name, branch_id in people:
        branch_of[pid], name_of[pid] = branch_id, person_name
        if branch_id in mine_of:
            on_mine[mine_of[branch_id]].append(pid)
    honours = _honours(ctx, ("劳动模范", "技术能手"))
    studios: list[_Studio] = []
    members: list[dict[str, object]] = []
    used: set[str] = set()

    def add(kind: StudioKind, unit: DemoUnit, mine_id: str, leader: str, honor: str | None, name: str) -> None:
        founded = date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
        studio = _Studio(
            new_id(),
            name,
            kind.value,
            unit.id,
            leader,
            honor,
            min(founded, ctx.today - timedelta(days=30)),
            rng.choice(FOCUS),
        )
        studios.append(studio)
        pool = [p for p in on_mine[mine_id] if p != leader]
        team = [leader, *rng.sample(pool, k=min(len(pool), rng.randint(4, 11)))]
        for position, person in enumerate(team):
            role = StudioRole.LEAD.value if person == leader else StudioRole.MEMBER.value
            members.append({**sync(), "studio_id": studio.id, "person_id": person, "role": role, "position": position})
        used.add(leader)

    # A 劳模创新工作室 on most mines, named after its leader, a 劳动模范 of the mine (the gallery's, where there is one).
    for mine in mines:
        model_workers = [h for h in honours["劳动模范"] if mine_of.get(branch_of.get(h[1], "")) == mine.id]
        if model_workers:
            honor_id, leader = model_workers[0]
        elif on_mine[mine.id] and rng.random() < 0.5:
            honor_id, leader = None, rng.choice(on_mine[mine.id])
        else:
            continue
        if leader not in used:
            add(StudioKind.MODEL_WORKER, mine, mine.id, leader, honor_id, f"{name_of[leader]}劳模创新工作室")
    # 技能大师工作室: led by a 技术能手, kept by the mine.
    for honor_id, leader in honours["技术能手"]:
        if sum(1 for s in studios if s.kind == StudioKind.SKILL_MASTER.value) >= SKILL_MASTERS:
            break
        mine_id = mine_of.get(branch_of.get(leader, ""))
        if mine_id and leader not in used:
            add(StudioKind.SKILL_MASTER, by_id[mine_id], mine_id, leader, honor_id, f"{name_of[leader]}技能大师工作室")
    # 职工 and 党员创新工作室 on 一线 branches, named after the branch's team.
    front = [b for b in ctx.branches if is_front_line(b.name) and b.id in mine_of]
    for branch in rng.sample(front, k=min(len(front), BRANCH_STUDIOS)):
        staff = [p for p in on_mine[mine_of[branch.id]] if branch_of[p] == branch.id and p not in used]
        if staff:
            kind = StudioKind.PARTY_MEMBER if rng.random() < 0.4 else StudioKind.WORKER
            add(kind, branch, mine_of[branch.id], staff[0], None, f"{branch.name.removesuffix('党支部')}{kind.value}")
    _levels_and_alliance(rng, studios, ctx.today)
    ctx.session.execute(insert(InnovationStudio), [{**sync(), **asdict(s)} for s in studios])
    ctx.session.execute(insert(InnovationStudioMember), members)
    _link_output(ctx, rng, studios, by_id)


def _mine(unit: DemoUnit, by_id: dict[str, DemoUnit]) -> str | None:
    """The mine's 党委 a branch lies under, if any."""
    current: DemoUnit | None = unit
    while current is not None:
        if current.kind == UnitKind.COMMITTEE.value and "矿" in current.name:
            return current.id
        current = by_id.get(current.parent_id or "")
    return None


def _honours(ctx: DemoContext, categories: tuple[str, ...]) -> dict[str, list[tuple[str, str]]]:
    """(honour id, person id) of each category, the highest level and the earliest first; one per person."""
    rank = {"国家级": 0, "省部级": 1, "市厅级": 2, "集团级": 3, "矿级": 4}
    rows = ctx.session.execute(
        select(Honor.id, Honor.person_id, Honor.category, Honor.level, Honor.award_date).where(
            Honor.deleted.is_(False), Honor.person_id.is_not(None), Honor.category.in_(categories)
        )
    ).all()
    name_of = dict(ctx.session.execute(select(Person.id, Person.name_sort)).all())
    out: dict[str, list[tuple[str, str]]] = {c: [] for c in categories}
    seen: set[tuple[str, str]] = set()
    for hid, person, category, _level, _day in sorted(
        rows, key=lambda r: (rank.get(r[3], 9), r[4], name_of.get(r[1] or "", ""))
    ):
        if person is not None and (category, person) not in seen:
            seen.add((category, person))
            out[category].append((hid, person))
    return out


def _levels_and_alliance(rng: random.Random, studios: list[_Studio], today: date) -> None:
    """The oldest 劳模 studios are recognised highest: one 国家级, then 省级 up to the alliance's seven (each in it),
    then 集团级 for about a third of the rest; two of the others were closed."""
    oldest = sorted(studios, key=lambda s: (s.kind != StudioKind.MODEL_WORKER.value, s.founded_on))
    for i, studio in enumerate(oldest):
        if i < IN_ALLIANCE:
            studio.level = StudioLevel.NATIONAL.value if i == 0 else StudioLevel.PROVINCIAL.value
            joined = max(studio.founded_on, date(2019, 5, 1)) + timedelta(days=rng.randint(60, 400))
            studio.alliance, studio.alliance_joined_on = ALLIANCE, min(joined, today - timedelta(days=7))
        elif rng.random() < 0.4:
            studio.level = StudioLevel.GROUP.value
    closable = [s for s in oldest[IN_ALLIANCE:] if s.founded_on < date(2022, 1, 1)]
    for studio, reason in zip(rng.sample(closable, k=min(CLOSED, len(closable))), CLOSE_REASONS, strict=False):
        studio.closed_on = studio.founded_on + timedelta(days=rng.randint(800, 1400))
        studio.close_reason = reason


def _link_output(ctx: DemoContext, rng: random.Random, studios: list[_Studio], by_id: dict[str, DemoUnit]) -> None:
    """Link a share of the innovation entries of each studio's units (its subtree) dated while it worked."""
    items = ctx.session.execute(
        select(InnovationItem.id, InnovationItem.kind, InnovationItem.unit_id, InnovationItem.year).where(
            InnovationItem.deleted.is_(False), InnovationItem.kind.in_(OUTPUT_KINDS)
        )
    ).all()
    taken: set[str] = set()
    links: dict[str, list[str]] = defaultdict(list)
    for studio in studios:  # in the order built: the same links for the same seed
        path = by_id[studio.unit_id].path
        first = studio.founded_on.year
        last = studio.closed_on.year if studio.closed_on else ctx.today.year
        for iid, kind, unit_id, year in items:
            unit = by_id.get(unit_id)
            if iid in taken or unit is None or not unit.path.startswith(path) or not first <= year <= last:
                continue
            if rng.random() < LINK_SHARE[kind]:
                taken.add(iid)
                links[studio.id].append(iid)
    for studio_id, ids in links.items():
        ctx.session.execute(update(InnovationItem).where(InnovationItem.id.in_(ids)).values(studio_id=studio_id))
