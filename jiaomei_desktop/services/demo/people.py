"""Demo roster: made-up names, valid ID checksums, birth dates that match them, plausible careers at a mine."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain import idnumber, pinyin
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import probation_end
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.roster import search_text_for

# Share of non-members (activists, development targets) added on top of the members, as branches also track them.
NON_MEMBER_SHARE = 0.06
BATCH = 5000


def build_people(ctx: DemoContext) -> None:
    rng = ctx.rng
    weights = [rng.uniform(0.4, 1.6) for _ in ctx.branches]
    branch_of_member = rng.choices(range(len(ctx.branches)), weights=weights, k=ctx.members)
    extra = int(ctx.members * NON_MEMBER_SHARE)
    branch_of_extra = rng.choices(range(len(ctx.branches)), weights=weights, k=extra)
    used_ids: set[str] = set()
    rows: list[dict] = []
    now = utcnow()
    plan = [(i, True) for i in branch_of_member] + [(i, False) for i in branch_of_extra]
    for branch_index, is_member in plan:
        branch = ctx.branches[branch_index]
        row = _person(ctx, rng, branch.id, is_member, used_ids)
        row.update(owner_unit_id=ctx.root_id, version=1, updated_at=now, deleted=False, membership_state="在册")
        rows.append(row)
        ctx.people_by_branch.setdefault(branch.id, []).append(row["id"])
        if is_member:
            ctx.member_ids.append(row["id"])
    _plant_overdue(ctx, rows)
    for start in range(0, len(rows), BATCH):
        ctx.session.execute(insert(Person), rows[start:start + BATCH])


PLANTED_OVERDUE = 2


def _plant_overdue(ctx: DemoContext, rows: list[dict]) -> None:
    """On purpose: two 预备党员 whose 预备期 ended a few weeks ago and whose branch has not decided on 转正 yet, so
    the roster's "预备期已满，待转正" flag and `jiaomei check` have something to show (listed as planted)."""
    members = [r for r in rows if r["political_status"] == PoliticalStatus.FULL_MEMBER.value
               and r["probation_extension_months"] is None and r["full_member_date"]
               and ctx.today - timedelta(days=120) <= r["full_member_date"] < ctx.today - timedelta(days=7)]
    for row in members[:PLANTED_OVERDUE]:
        row.update(political_status=PoliticalStatus.PROBATIONARY.value, full_member_date=None)
        ctx.planted.append({"kind": "person.probation_overdue", "id": row["id"],
                            "note": "演示：预备期已满、支部尚未讨论转正的预备党员"})


def _person(ctx: DemoContext, rng: random.Random, branch_id: str, is_member: bool, used: set[str]) -> dict:
    female = rng.random() < 0.14  # coal mines employ mostly men underground
    name = rng.choice(names.SURNAMES) + "".join(
        rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE) for _ in range(rng.choice((1, 2, 2)))
    )
    # Members joined at 20 at the earliest and have been in the party a while; workers outside it can be younger.
    age = min(59, max(21 if is_member else 19, int(rng.gauss(41, 9))))
    birth = ctx.today - timedelta(days=age * 365 + rng.randrange(365))
    number = _id_number(rng, birth, female, used)
    status, join, full, extension = _membership(rng, birth, ctx.today, is_member)
    work_start = _clamp(birth + timedelta(days=365 * rng.randint(18, 23) + rng.randrange(365)), ctx.today)
    groups = ctx.party_groups.get(branch_id) or []
    phone = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
    return {
        "id": new_id(), "name": name, "name_sort": pinyin.sort_key(name),
        "search_text": search_text_for(name, number, phone), "gender": "女" if female else "男",
        "ethnicity": _weighted(rng, names.ETHNICITY_WEIGHTS), "birth_date": birth, "id_number": number,
        "education": _weighted(rng, names.EDUCATION_WEIGHTS), "political_status": status.value,
        "join_date": join, "full_member_date": full, "branch_id": branch_id,
        "party_group_id": rng.choice(groups).id if groups and is_member else None,
        "post": rng.choice(names.POSTS), "trade": rng.choice(names.TRADES), "position": rng.choice(names.POSITIONS) or None,
        "title": rng.choice(names.TITLES) or None, "skill_grade": rng.choice(names.SKILL_GRADES) or None,
        "phone": phone, "work_start_date": work_start, "photo_sha256": None, "notes": None,
        "probation_extension_months": extension,
    }


def _id_number(rng: random.Random, birth: date, female: bool, used: set[str]) -> str:
    while True:
        sequence = rng.randrange(0, 1000)
        if (sequence % 2 == 0) != female:  # odd 17th digit = male
            sequence = (sequence + 1) % 1000
        first17 = f"{rng.choice(names.REGION_CODES)}{birth:%Y%m%d}{sequence:03d}"
        number = first17 + idnumber.check_digit(first17)
        if number not in used:
            used.add(number)
            return number


def _membership(rng: random.Random, birth: date, today: date, is_member: bool):  # type: ignore[no-untyped-def]
    """(status, 入党, 转正, 延长预备期): 转正 on the first anniversary of 入党, or after a recorded extension of 6 to 12
    months for about one member in a hundred (党章 第七条, 发展党员工作细则 第三十二条). A 预备党员 is one whose
    预备期 has not ended yet: none is left past it (the demo plants a few on purpose, see build_people)."""
    if not is_member:
        return rng.choice((PoliticalStatus.ACTIVIST, PoliticalStatus.DEVELOPMENT_TARGET)), None, None, None
    earliest = birth + timedelta(days=365 * 20)
    latest = today - timedelta(days=60)
    join = earliest + timedelta(days=rng.randrange((latest - earliest).days))
    extension = rng.choice((6, 12)) if rng.random() < 0.01 else None
    full = probation_end(join, extension)
    if full >= today:
        return PoliticalStatus.PROBATIONARY, join, None, extension
    return PoliticalStatus.FULL_MEMBER, join, full, extension


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _clamp(value: date, today: date) -> date:
    return min(value, today - timedelta(days=30))
