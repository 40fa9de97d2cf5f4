"""Demo roster: made-up names, valid ID checksums, birth dates that match them, plausible careers at a mine."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain import idnumber, pinyin
from jiaomei_desktop.domain.development import ACTIVIST_MIN_MONTHS
from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import add_months, probation_end
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.roster import search_text_for

# Non-members on the way into the party that a branch keeps on its roll, per member of the branch: the national
# 党内统计 counts roughly one 入党积极分子 per ten members and one 发展对象 per thirty-five (the year's intake), and
# the applicants not yet chosen as 积极分子 about as many as the 发展对象.
STAGE_SHARES: dict[DevelopmentStage, float] = {
    DevelopmentStage.APPLICANT: 0.03,
    DevelopmentStage.ACTIVIST: 0.10,
    DevelopmentStage.TARGET: 0.03,
}
NON_MEMBER_POSITIONS = ("班长", "副班长", "技术员", "安全员", "", "", "", "", "")
BATCH = 5000


def build_people(ctx: DemoContext) -> None:
    rng = ctx.rng
    weights = [rng.uniform(0.4, 1.6) for _ in ctx.branches]
    branch_of_member = rng.choices(range(len(ctx.branches)), weights=weights, k=ctx.members)
    used_ids: set[str] = set()
    rows: list[dict] = []
    now = utcnow()
    plan = [(i, None) for i in branch_of_member] + _development_plan(rng, branch_of_member, len(ctx.branches))
    for branch_index, stage in plan:
        is_member = stage is None
        branch = ctx.branches[branch_index]
        row = _person(ctx, rng, branch.id, is_member, used_ids)
        if stage is not None:
            row.update(_development(rng, stage, row["birth_date"], ctx.today))
        row.update(owner_unit_id=ctx.root_id, version=1, updated_at=now, deleted=False, membership_state="在册")
        rows.append(row)
        ctx.people_by_branch.setdefault(branch.id, []).append(row["id"])
        if is_member:
            ctx.member_ids.append(row["id"])
    _plant_overdue(ctx, rows)
    for start in range(0, len(rows), BATCH):
        ctx.session.execute(insert(Person), rows[start:start + BATCH])


def _development_plan(rng: random.Random, branch_of_member: list[int],
                      branches: int) -> list[tuple[int, DevelopmentStage | None]]:
    """(branch index, 发展阶段) of every non-member on the way in: each branch in proportion to its members
    (STAGE_SHARES), a fraction carried by chance so that small branches have one now and then."""
    size = [0] * branches
    for index in branch_of_member:
        size[index] += 1
    plan: list[tuple[int, DevelopmentStage | None]] = []
    for index, members in enumerate(size):
        for stage, share in STAGE_SHARES.items():
            expected = members * share
            plan += [(index, stage)] * (int(expected) + (rng.random() < expected - int(expected)))
    return plan


def _development(rng: random.Random, stage: DevelopmentStage, birth: date, today: date) -> dict:
    """政治面貌, 发展阶段 and the dates of the steps reached, in the order and intervals 发展党员工作细则 sets: an
    application at 18 or later (第五条), 积极分子 chosen one to twelve months after it (第八条), 发展对象 after more
    than a year as 积极分子 (第十三条), listed within the last year (the branch admits them within it). A worker too
    young to have gone that far is at an earlier stage."""
    activist = target = None
    if stage is DevelopmentStage.TARGET:
        target = today - timedelta(days=rng.randrange(15, 330))
        activist = add_months(target, -(ACTIVIST_MIN_MONTHS + rng.randrange(0, 18))) - timedelta(days=rng.randrange(1, 25))
    elif stage is DevelopmentStage.ACTIVIST:
        activist = today - timedelta(days=rng.randrange(20, 700))
    applied = add_months(activist, -rng.randrange(1, 12)) if activist else today - timedelta(days=rng.randrange(10, 300))
    earliest = add_months(birth, 12 * 18) + timedelta(days=rng.randrange(20, 200))
    if applied < earliest:  # the steps move along from the 18th birthday, as far as today allows
        applied = earliest
        activist = add_months(applied, rng.randrange(1, 6)) if activist else None
        target = add_months(activist, ACTIVIST_MIN_MONTHS) + timedelta(days=15) if target and activist else None
        if target and target > today:
            stage, target = DevelopmentStage.ACTIVIST, None
        if activist and activist > today:
            stage, activist = DevelopmentStage.APPLICANT, None
    age = (today - birth).days // 365
    league = age <= 28 and rng.random() < 0.7  # 28周岁以下的青年入党一般从共青团员中发展
    return {
        "political_status": (PoliticalStatus.YOUTH_LEAGUE if league else PoliticalStatus.MASSES).value,
        "development_stage": stage.value, "application_date": applied, "activist_date": activist,
        "target_date": target, "position": rng.choice(NON_MEMBER_POSITIONS) or None,
    }


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
    # Members joined at 20 at the earliest and have been in the party a while; those applying are mostly young.
    age = min(59, max(21, int(rng.gauss(41, 9)))) if is_member else min(50, max(19, int(rng.gauss(29, 6))))
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
        "probation_extension_months": extension, "development_stage": None,
        **_steps_before(rng, birth, join, ctx.today),
    }


def _steps_before(rng: random.Random, birth: date, join: date | None, today: date) -> dict[str, date | None]:
    """The 申请 / 积极分子 / 发展对象 dates of a member admitted in the last four years, kept as history (older
    members' files predate the register): 发展对象 some months before the 支部大会, after more than a year as
    积极分子 (细则 第十三条), the application at 18 or later (第五条). Omitted where they would not fit."""
    none: dict[str, date | None] = {"application_date": None, "activist_date": None, "target_date": None}
    if join is None or join < add_months(today, -48):
        return none
    target = join - timedelta(days=rng.randrange(60, 300))
    activist = add_months(target, -(ACTIVIST_MIN_MONTHS + rng.randrange(0, 12))) - timedelta(days=rng.randrange(1, 25))
    applied = add_months(activist, -rng.randrange(1, 12))
    if applied < add_months(birth, 12 * 18):
        return none
    return {"application_date": applied, "activist_date": activist, "target_date": target}


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
        return PoliticalStatus.MASSES, None, None, None  # build_people sets 政治面貌 and 发展阶段 (_development)
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
