"""Demo 13710 督办: about a thousand items a year over three years for the group, as a 276-branch group's 党委 and
branches would log them. About one in five comes from a 支委会, 党员大会, 主题党日 or 中心组学习 the responsible unit
held up to two weeks before (linked to that session), the rest are entered by hand. Almost all the older ones are
done, most on time, some late; a handful were never closed and stay overdue, and the last week's items are still
open, some already past their deadline. Each item has up to three progress notes."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import StudySession
from jiaomei_desktop.db.models.supervision import SupervisionNote, SupervisionTask
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.supervision import TIERS

ITEMS_PER_YEAR = 1000
YEARS = 3
FROM_MEETING = 0.35
TIER_WEIGHTS = (10, 25, 45, 20)  # 1 / 3 / 7 / 10 days
NEVER_CLOSED = 0.012  # older items left open: the long-overdue tail a 督办 list exists to show
LATE = 0.12  # done after the deadline
MEETING_KINDS = ("支委会", "支部党员大会", "主题党日", "中心组学习")  # where a branch or 党委 decides work
TASKS = (
    ("落实{place}隐患整改", "对检查发现的问题逐项销号，留存整改前后影像资料"),
    ("完成{place}班组安全活动记录规范化", "统一记录格式，支部书记每周检查一次"),
    ("组织党员学习{topic}", "支部书记领学，党员撰写心得体会"),
    ("督促{place}“三违”人员帮教", "党员一对一帮教，落实跟班写实"),
    ("报送{topic}工作总结", "按党委办公室模板报送，附佐证材料"),
    ("整理{topic}台账资料", "资料按月归档，做到可查可考"),
    ("开展{topic}谈心谈话", "支委与党员逐一谈话，形成谈话记录"),
    ("解决{place}职工反映的问题", "答复职工并在支部公示栏公开办理结果"),
    ("完成{place}党员先锋岗挂牌", "明确岗位职责和承诺事项"),
    ("核对党费收缴情况", "逐人核对基数和月缴额，差额补缴"),
)
PLACES = ("综采工作面", "掘进工作面", "主运输系统", "中央泵房", "井口浴室", "职工食堂", "机电车间", "通风区", "选煤厂")
TOPICS = (
    "主题教育",
    "党纪学习教育",
    "安全生产月",
    "“三会一课”",
    "意识形态工作",
    "发展党员",
    "党风廉政建设",
    "民主评议党员",
)
NOTES = (
    "已召开支委会专题研究，明确责任人",
    "已完成现场核查，正在整改",
    "整改完成过半，剩余部分本周完成",
    "已向党委办公室书面反馈",
    "材料已报送，等待审核",
    "已完成，待党委确认",
)


def build_supervision(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 19)
    now = utcnow()
    units = [u for u in ctx.units if u.kind in (UnitKind.COMMITTEE.value, UnitKind.BRANCH.value)]
    meetings = _meetings(ctx, {u.id for u in units})
    first = date(ctx.today.year - YEARS + 1, 1, 1)
    span = (ctx.today - first).days
    count = round(ITEMS_PER_YEAR * span / 365)
    tasks: list[dict[str, object]] = []
    notes: list[dict[str, object]] = []
    for _ in range(count):
        unit = rng.choice(units)
        start = first + timedelta(days=rng.randint(0, span))
        session_id = None
        if rng.random() < FROM_MEETING:
            held = [m for m in meetings.get(unit.id, ()) if start - timedelta(days=14) <= m[1] <= start]
            if held:
                session_id, meeting_day = rng.choice(held)
                start = meeting_day + timedelta(days=rng.randint(0, 2))
        days = rng.choices([d for _n, d in TIERS], weights=TIER_WEIGHTS)[0]
        deadline = start + timedelta(days=days)
        done = _done_date(rng, start, deadline, ctx.today)
        title, content = rng.choice(TASKS)
        task_id = new_id()
        tasks.append(
            {
                "id": task_id,
                "owner_unit_id": ctx.root_id,
                "version": 1,
                "updated_at": now,
                "deleted": False,
                "title": title.format(place=rng.choice(PLACES), topic=rng.choice(TOPICS)),
                "content": content,
                "session_id": session_id,
                "unit_id": unit.id,
                "person_name": _name(rng),
                "start_date": start,
                "tier_days": days,
                "deadline": deadline,
                "done_date": done,
                "confirmed_by": _name(rng) if done else None,
            }
        )
        last = min(done or ctx.today, ctx.today)
        for _n in range(rng.choice((0, 1, 1, 2, 3))):
            if last <= start:
                break
            notes.append(
                {
                    "id": new_id(),
                    "owner_unit_id": ctx.root_id,
                    "version": 1,
                    "updated_at": now,
                    "deleted": False,
                    "task_id": task_id,
                    "text": rng.choice(NOTES),
                    "note_date": start + timedelta(days=rng.randint(1, (last - start).days)),
                }
            )
    ctx.session.execute(insert(SupervisionTask), tasks)
    if notes:
        ctx.session.execute(insert(SupervisionNote), notes)


def _meetings(ctx: DemoContext, unit_ids: set[str]) -> dict[str, list[tuple[str, date]]]:
    out: dict[str, list[tuple[str, date]]] = defaultdict(list)
    rows = ctx.session.execute(
        select(StudySession.id, StudySession.unit_id, StudySession.session_date).where(
            StudySession.kind.in_(MEETING_KINDS), StudySession.deleted.is_(False)
        )
    )
    for session_id, unit_id, day in rows:
        if unit_id in unit_ids:
            out[unit_id].append((session_id, day))
    return out


def _done_date(rng: random.Random, start: date, deadline: date, today: date) -> date | None:
    """On time mostly, late sometimes, never for a few; an item not yet due may already be done."""
    if deadline >= today:
        return start + timedelta(days=rng.randint(0, (today - start).days)) if rng.random() < 0.4 else None
    if rng.random() < NEVER_CLOSED * (3 if (today - deadline).days < 30 else 1):
        return None
    if rng.random() < LATE:
        return min(today, deadline + timedelta(days=rng.randint(1, 10)))
    return start + timedelta(days=rng.randint(0, (deadline - start).days))


def _name(rng: random.Random) -> str:
    return rng.choice(names.SURNAMES) + "".join(rng.choice(names.GIVEN_MALE) for _ in range(rng.choice((1, 2, 2))))
