"""Demo 技术比武: 40 contests a year over three years for the group — most held by a mine or company (矿级, organised
by its 工会), about a quarter by the group, a few by the province — across the roster's trades, 8 to 30 entrants
each drawn from the organiser's units (people of that trade first), scores out of 100 and placings 1..n with no
ties. Winners of contests older than two months already carry their honour in the gallery (技术能手, or 岗位能手 for
the operator trades), linked to the result; the most recent ones are still waiting for the 授予荣誉 step, and two
December contests have sign-ups but no scores yet."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Honor, HonorCategoryRow, Person
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent
from jiaomei_desktop.domain.contests import HONOUR_LEVEL, ContestLevel, honour_title
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.vocab import TRADES
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit
from jiaomei_desktop.services.demo.honors import PHOTO_SHARE

EVENTS_PER_YEAR = 40
YEARS = 3
LEVEL_WEIGHTS = ((ContestLevel.MINE, 70), (ContestLevel.GROUP, 25), (ContestLevel.PROVINCE, 5))
OPERATOR_TRADES = frozenset(
    {"绞车司机", "主提升机操作工", "带式输送机司机", "信号把钩工", "调度员", "选煤工", "采样工"}
)
UNGRANTED_DAYS = 60  # winners of contests younger than this still wait for the 授予荣誉 step
RULES = (
    "理论考试占30%，实际操作占70%，满分100分；实操超时按规定扣分。",
    "理论知识40分，实操技能60分；总分相同者以实操得分高者名次在前，不设并列。",
    "笔试、实操、故障排查三项，分别占20%、50%、30%，总分100分。",
)
EXTERNAL = ("河南能源集团", "平煤神马集团", "郑煤集团", "义煤集团")  # provincial contests bring outside entrants


def build_contests(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 19)
    now = utcnow()

    def sync() -> dict[str, object]:
        return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False}

    committees = [u for u in ctx.units if u.kind == UnitKind.COMMITTEE.value and u.id != ctx.root_id]
    if not committees or not ctx.branches:
        return
    people = ctx.session.execute(select(Person.id, Person.name, Person.branch_id, Person.trade)).all()
    # A winner's honour shows the portrait the gallery already has of that person, else one of the demo's drawn
    # portraits for most of them (as the honours step does); its own random stream keeps the rest of the demo as is.
    portraits: dict[str, str] = {
        person: sha
        for person, sha in ctx.session.execute(select(Honor.person_id, Honor.photo_sha256)).all()
        if person and sha
    }
    drawn = sorted(set(portraits.values()))
    photo_rng = random.Random(ctx.seed + 23)

    def portrait(person_id: str) -> str | None:
        if person_id in portraits:
            return portraits[person_id]
        return photo_rng.choice(drawn) if drawn and photo_rng.random() < PHOTO_SHARE else None

    by_committee: dict[str, list[Any]] = defaultdict(list)
    branch_committee = {b.id: _committee_of(b, committees) for b in ctx.branches}
    for row in people:
        by_committee[branch_committee.get(row[2]) or ""].append(row)
    events: list[dict[str, object]] = []
    entrants: list[dict[str, object]] = []
    honours: list[dict[str, object]] = []
    for offset in range(YEARS):
        year = ctx.today.year - offset
        for n in range(EVENTS_PER_YEAR):
            level = rng.choices([lv for lv, _w in LEVEL_WEIGHTS], [w for _lv, w in LEVEL_WEIGHTS])[0]
            trade = rng.choice(TRADES)
            committee = rng.choice(committees)
            held = _event_date(rng, year, n, ctx.today)
            organiser = {
                ContestLevel.MINE: f"{committee.name.removesuffix('党委')}工会",
                ContestLevel.GROUP: "焦煤集团工会",
                ContestLevel.PROVINCE: "河南省总工会",
            }[level]
            prefix = "" if level is ContestLevel.MINE else organiser.removesuffix("工会")
            event_name = f"{held.year}年{prefix}{trade}职业技能竞赛"
            rules = rng.choice(RULES)  # drawn before the winner count, as the demo's random stream always has been
            winner_places = 3 if level is ContestLevel.MINE else rng.choice((3, 5, 6))
            honour_category = "岗位能手" if trade in OPERATOR_TRADES else "技术能手"
            event = {
                **sync(),
                "name": event_name,
                "event_date": held,
                "trade": trade,
                "level": level.value,
                "organiser": organiser,
                "unit_id": committee.id if level is ContestLevel.MINE else ctx.root_id,
                "rules": rules,
                "ties_allowed": False,
                "percent_scale": True,
                "winner_places": winner_places,
                "honour_category": honour_category,
            }
            events.append(event)
            pool: Sequence[Any] = by_committee[committee.id] if level is ContestLevel.MINE else people
            lines = _entrants(rng, pool, trade, level, held <= ctx.today)
            for placing, (person_id, name, branch_id, score) in enumerate(lines, start=1):
                entrant = {
                    **sync(),
                    "event_id": event["id"],
                    "person_id": person_id,
                    "name": name,
                    "unit_id": branch_id,
                    "score": score,
                    "placing": placing if score is not None else None,
                    "honor_id": None,
                }
                if (
                    person_id
                    and score is not None
                    and placing <= winner_places
                    and (ctx.today - held).days > UNGRANTED_DAYS
                ):
                    honour = {
                        **sync(),
                        "person_id": person_id,
                        "unit_id": None,
                        "collective_name": None,
                        "title": honour_title(event_name, honour_category, placing),
                        "category": honour_category,
                        "level": HONOUR_LEVEL[level.value],
                        "awarding_body": organiser,
                        "award_date": held,
                        "photo_sha256": portrait(person_id),
                        "deeds": f"{name}同志在{event_name}（{trade}）中获得第{placing}名，成绩{score:g}分。",
                    }
                    honours.append(honour)
                    entrant["honor_id"] = honour["id"]
                entrants.append(entrant)
    ctx.session.execute(insert(ContestEvent), events)
    if honours:
        ctx.session.execute(insert(HonorCategoryRow), [{**sync(), "name": "岗位能手", "for_units": False}])
        ctx.session.execute(insert(Honor), honours)
    ctx.session.execute(insert(ContestEntrant), entrants)


def _committee_of(branch: DemoUnit, committees: list[DemoUnit]) -> str | None:
    return next((c.id for c in committees if branch.path.startswith(c.path)), None)


def _event_date(rng: random.Random, year: int, n: int, today: date) -> date:
    """Spread over the year (contests cluster in spring and autumn); this year's last two fall in December,
    after today: signed up, not yet held."""
    if year == today.year and n >= EVENTS_PER_YEAR - 2:
        return date(year, 12, 8 + 7 * (n - EVENTS_PER_YEAR + 2))
    month = rng.choice((3, 4, 4, 5, 5, 6, 8, 9, 9, 10, 10, 11))
    held = date(year, month, 1) + timedelta(days=rng.randint(0, 27))
    return min(held, today - timedelta(days=1)) if year == today.year else held


def _entrants(
    rng: random.Random, pool: Sequence[Any], trade: str, level: ContestLevel, held: bool
) -> list[tuple[str | None, str, str, float | None]]:
    """(person id or None, name, unit id, score) ranked by score; no score before the contest is held."""
    if not pool:
        return []
    same = [p for p in pool if p[3] == trade]
    count = rng.randint(8, 30)
    chosen = rng.sample(same, min(len(same), count))
    rest = [p for p in rng.sample(pool, min(len(pool), count * 2)) if p not in chosen]
    chosen += rest[: count - len(chosen)]
    lines: list[tuple[str | None, str, str, float | None]] = [(p[0], p[1], p[2], None) for p in chosen]
    if level is ContestLevel.PROVINCE:  # entrants from other groups, typed in under the group's own unit
        base = chosen[0][2] if chosen else ""
        lines += [
            (
                None,
                f"{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice('建伟强磊军杰涛明超')}（{rng.choice(EXTERNAL)}）",
                base,
                None,
            )
            for _ in range(rng.randint(3, 8))
        ]
    if not held:
        return lines
    scores = sorted({round(rng.uniform(55, 99), 1) for _ in range(len(lines) * 2)}, reverse=True)[: len(lines)]
    return [(p, name, unit, score) for (p, name, unit, _s), score in zip(lines, scores, strict=False)]
