"""Demo 纪律作风督导: for each of the last three years, two 督导组 of the group 党委 and one of each 基层党委 (three to
five members from the roster, now and then someone typed in by name), a duty roster of two days a week, and about
1,300 inspections a year of the branches — a 基层党委's team visits its own branches, the group's teams any branch.
Two in five visits find nothing; a problem is most often a 三违 or an unsafe act, and nine in ten problems are sent
for 整改 as a 13710 督办 item: most done on time, some late, a few never (overdue), the last ones still under way.
Seeded, so every demo store holds the same records."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.db.models.inspection import (
    Inspection,
    InspectionDuty,
    InspectionTeam,
    InspectionTeamMember,
)
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.inspections import ProblemKind, TeamRole
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit
from jiaomei_desktop.services.inspections import task_title

YEARS = 3
PER_YEAR = 1300
GROUP_TEAMS = 2
GROUP_SHARE = 0.15  # visits by the group 党委's teams
RECTIFY = 0.9
LATE, NEVER = 0.07, 0.03
KIND_WEIGHTS = (
    (ProblemKind.NONE, 40),
    (ProblemKind.VIOLATION, 20),
    (ProblemKind.SAFETY, 16),
    (ProblemKind.CONDUCT, 12),
    (ProblemKind.DISCIPLINE, 8),
    (ProblemKind.OTHER, 4),
)
FINDINGS = {
    ProblemKind.DISCIPLINE: (
        "班前会迟到，未履行请假手续",
        "值班人员擅离岗位",
        "岗位工在岗期间玩手机",
        "交接班记录代签、填写不全",
    ),
    ProblemKind.CONDUCT: (
        "跟班干部未按规定跟班作业",
        "学习记录照搬照抄，学习流于形式",
        "对职工反映的问题推诿拖延",
        "现场检查走过场，隐患登记不详",
    ),
    ProblemKind.SAFETY: (
        "行人未走人行道，违章穿越运输巷",
        "入井未按规定佩戴自救器",
        "设备检修未执行停电挂牌",
        "作业前未进行敲帮问顶",
    ),
    ProblemKind.VIOLATION: ("违章指挥职工在空顶下作业", "违章乘坐带式输送机", "无证操作绞车", "携带烟火入井"),
    ProblemKind.OTHER: ("公示栏内容未及时更新", "党员责任区标识牌缺失", "安全宣传标语破损未更换"),
}
REQUIREMENTS = {
    ProblemKind.DISCIPLINE: "对当事人批评教育，班前会通报，支部书记谈心谈话",
    ProblemKind.CONDUCT: "支部书记约谈责任人，限期整改并在支委会上说明",
    ProblemKind.SAFETY: "现场纠正，组织班组安全学习，党员包保帮教",
    ProblemKind.VIOLATION: "按“三违”管理办法处理，当事人脱岗培训，区队党支部跟踪帮教",
    ProblemKind.OTHER: "限期完善，整改后拍照留存报督导组",
}
Row = dict[str, Any]  # one row's column values, inserted in bulk
Sync = Callable[[], Row]  # the sync columns of a new row
PLACES = ("综采工作面", "掘进工作面", "主运输巷", "中央泵房", "井口候车室", "职工食堂", "机电车间", "调度室", "选煤厂")


def build_inspections(ctx: DemoContext, per_year: int = PER_YEAR) -> None:
    rng = random.Random(ctx.seed + 23)
    now = utcnow()

    def sync() -> Row:
        return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False}

    person_names = dict(ctx.session.execute(select(Person.id, Person.name)).all())
    root = next(u for u in ctx.units if u.id == ctx.root_id)
    committees = [u for u in ctx.units if u.kind == UnitKind.COMMITTEE.value]
    branches_of = {c.id: [b for b in ctx.branches if b.path.startswith(c.path)] for c in committees}
    branches_of[root.id] = list(ctx.branches)
    teams: list[Row] = []
    members: list[Row] = []
    duties: list[Row] = []
    by_year: dict[int, list[tuple[Row, list[str]]]] = {}
    first_year = ctx.today.year - YEARS + 1
    for year in range(first_year, ctx.today.year + 1):
        plan = [(root, f"集团党委第{'一二'[n]}督导组") for n in range(GROUP_TEAMS)]
        plan += [(c, f"{c.name}纪律作风督导组") for c in committees]
        for unit, name in plan:
            team = {
                **sync(),
                "name": f"{year}年{name}",
                "unit_id": unit.id,
                "start_date": date(year, 1, 1),
                "end_date": date(year, 12, 31),
                "notes": None,
            }
            crew = _crew(rng, ctx, branches_of[unit.id], person_names)
            teams.append(team)
            for position, (person_id, person_name, role) in enumerate(crew):
                members.append(
                    {
                        **sync(),
                        "team_id": team["id"],
                        "person_id": person_id,
                        "name": person_name,
                        "role": role,
                        "position": position,
                    }
                )
            duties += _duties(rng, team, [c[1] for c in crew], year, ctx.today, sync)
            by_year.setdefault(year, []).append((team, [c[1] for c in crew]))
    inspections, tasks = _inspections(rng, ctx, by_year, branches_of, root.id, per_year, sync, person_names)
    ctx.session.execute(insert(InspectionTeam), teams)
    ctx.session.execute(insert(InspectionTeamMember), members)
    ctx.session.execute(insert(InspectionDuty), duties)
    ctx.session.execute(insert(Inspection), inspections)
    if tasks:
        ctx.session.execute(insert(SupervisionTask), tasks)


def _crew(
    rng: random.Random, ctx: DemoContext, branches: list[DemoUnit], person_names: dict[str, str]
) -> list[tuple[str | None, str, str]]:
    """A 组长, maybe a 副组长, two or three members: party members of the unit's branches; one in three teams also
    has someone typed in by name (a retired cadre, a 纪委 member of another unit)."""
    pool = [p for b in rng.sample(branches, min(len(branches), 6)) for p in ctx.people_by_branch.get(b.id, ())[:3]]
    chosen = rng.sample(pool, min(len(pool), rng.randint(3, 5)))
    crew: list[tuple[str | None, str, str]] = [(p, person_names[p], TeamRole.MEMBER.value) for p in chosen]
    if not crew:  # a unit with no members on the roll yet: its secretary, typed in
        crew = [(None, rng.choice(names.SURNAMES) + rng.choice(names.GIVEN_MALE), TeamRole.MEMBER.value)]
    crew[0] = (crew[0][0], crew[0][1], TeamRole.LEAD.value)
    if len(crew) > 3:
        crew[1] = (crew[1][0], crew[1][1], TeamRole.DEPUTY.value)
    if rng.random() < 0.33:
        typed = rng.choice(names.SURNAMES) + "".join(rng.choice(names.GIVEN_MALE) for _ in range(2))
        if typed not in {c[1] for c in crew}:
            crew.append((None, typed, TeamRole.MEMBER.value))
    return crew


def _duties(rng: random.Random, team: Row, crew: list[str], year: int, today: date, sync: Sync) -> list[Row]:
    """Tuesdays and Thursdays of the year up to a month ahead of today, the members taking turns."""
    out = []
    day, last = date(year, 1, 1), min(date(year, 12, 31), today + timedelta(days=30))
    turn = rng.randrange(len(crew))
    while day <= last:
        if day.weekday() in (1, 3):
            unit_person = rng.choice(names.SURNAMES) + rng.choice(names.GIVEN_MALE)
            out.append(
                {
                    **sync(),
                    "team_id": team["id"],
                    "duty_date": day,
                    "member_name": crew[turn % len(crew)],
                    "unit_person": unit_person,
                    "notes": None,
                }
            )
            turn += 1
        day += timedelta(days=1)
    return out


def _inspections(
    rng: random.Random,
    ctx: DemoContext,
    by_year: dict[int, list[tuple[Row, list[str]]]],
    branches_of: dict[str, list[DemoUnit]],
    root_id: str,
    per_year: int,
    sync: Sync,
    person_names: dict[str, str],
) -> tuple[list[Row], list[Row]]:
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    inspections: list[Row] = []
    tasks: list[Row] = []
    seen: set[tuple[object, ...]] = set()  # a team's visit to one unit's place, for the same finding, once a day
    for year, teams in by_year.items():
        first = date(year, 1, 1)
        span = (min(date(year, 12, 31), ctx.today) - first).days
        group = [t for t in teams if t[0]["unit_id"] == root_id]
        local = [t for t in teams if t[0]["unit_id"] != root_id]
        for _ in range(round(per_year * (span + 1) / 365)):
            team, crew = rng.choice(group if rng.random() < GROUP_SHARE else local)
            branch = rng.choice(branches_of[team["unit_id"]])
            day = first + timedelta(days=rng.randint(0, span))
            kind = rng.choices(kinds, weights)[0]
            place = rng.choice(PLACES)
            if kind is ProblemKind.NONE:
                text = f"检查{place}，劳动纪律和现场作风良好，未发现问题"
            else:
                text = f"{place}{rng.choice(FINDINGS[kind])}"
            day = _free_day(seen, (team["id"], branch.id, kind, text), day, first, span)
            person_id = person_name = None
            people = ctx.people_by_branch.get(branch.id, ())
            if kind is not ProblemKind.NONE and people and rng.random() < 0.35:
                person_id = rng.choice(people)
                person_name = person_names[person_id]
            row = {
                **sync(),
                "inspection_date": day,
                "team_id": team["id"],
                "unit_id": branch.id,
                "place": place,
                "kind": kind.value,
                "description": text,
                "person_id": person_id,
                "person_name": person_name,
                "rectify": False,
                "requirement": None,
            }
            if kind is not ProblemKind.NONE and rng.random() < RECTIFY:
                task = _task(rng, ctx, row, kind, crew[0], sync)
                # No 责任人 yet: the worker involved is not the one answerable for the 整改 (services.inspections
                # leaves the 13710 side to name one), and naming them would print them in the 督办 list unticked.
                task.update(inspection_id=row["id"])
                tasks.append(task)
                row.update(rectify=True, requirement=task["content"])
            inspections.append(row)
    return inspections, tasks


def _free_day(seen: set[tuple[object, ...]], visit: tuple[object, ...], day: date, first: date, span: int) -> date:
    """`day`, or the nearest earlier (else later) day of the year on which the same visit was not drawn already: the
    same record twice on one day is a duplicate entry (services.audit_registers.duplicates). No random draw, so the
    rest of the demo stays as it was."""
    offset = (day - first).days
    shifts = (*range(0, -offset - 1, -1), *range(1, span - offset + 1))
    chosen = next((d for d in (day + timedelta(days=n) for n in shifts) if (*visit, d) not in seen), day)
    seen.add((*visit, chosen))
    return chosen


def _task(rng: random.Random, ctx: DemoContext, row: Row, kind: ProblemKind, lead: str, sync: Sync) -> Row:
    day: date = row["inspection_date"]
    days = rng.choice((3, 5, 7, 7, 10))
    deadline = day + timedelta(days=days)
    today = ctx.today
    if deadline >= today:
        done = day + timedelta(days=rng.randint(0, max(0, (today - day).days))) if rng.random() < 0.4 else None
    else:
        roll = rng.random()
        # A 整改 left open stays on the 督办 list for months, not years: by year-end review the 党委 closes or
        # re-issues it, so only the last half-year carries never-finished items.
        late_by = (today - deadline).days
        if late_by < 183 and roll < NEVER * (4 if late_by < 45 else 1):
            done = None
        elif roll < NEVER * 4 + LATE:
            done = min(today, deadline + timedelta(days=rng.randint(1, 8)))
        else:
            done = day + timedelta(days=rng.randint(1, days))
    return {
        **sync(),
        "title": task_title(row["description"], kind.value),
        "content": REQUIREMENTS[kind],
        "session_id": None,
        "unit_id": row["unit_id"],
        "person_name": None,
        "start_date": day,
        "tier_days": min(max(days, 1), sv.TIER_MAX_DAYS),
        "deadline": deadline,
        "done_date": done,
        "confirmed_by": lead if done else None,
    }
