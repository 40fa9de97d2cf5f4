"""Demo 传帮带 pairs: party-member backbones with new hires and younger non-members, in every state, with logs.

About one pair per fifteen members (a few hundred across the group), mostly in the mines' production teams. Half of
the mentees are new workers (群众) added to their branch as a secretary would on the pair form; a few pairs are
overdue and a few have had no 辅导记录 for months, so the tab shows what stands out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import MentorLog, MentorPair, Person
from jiaomei_desktop.domain import pinyin
from jiaomei_desktop.domain.enums import PairState, PoliticalStatus
from jiaomei_desktop.domain.mentor import ADULT_AGE, ASSESSMENTS, age_on, skill_rank
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext
from jiaomei_desktop.services.demo.people import _id_number
from jiaomei_desktop.services.roster import search_text_for

MEMBERS_PER_PAIR = 15
NEW_WORKER_SHARE = 0.5
LOG_TOPICS = (
    "讲解{trade}安全操作规程，逐条对照岗位作业标准",
    "井下现场示范{trade}交接班检查要点",
    "带领徒弟开展设备点检，讲解常见故障判断方法",
    "学习《煤矿安全规程》相关章节，结合本岗位讨论",
    "现场指导徒弟独立操作，纠正不规范动作三处",
    "组织应急处置演练，讲解避灾路线和自救器使用",
    "讲解{trade}技能等级鉴定应知应会内容",
    "复盘本月隐患排查情况，讲解“手指口述”要领",
    "师徒共同完成检修任务，讲解质量标准化要求",
    "观看事故案例警示片，谈体会、找差距",
)
GOALS = (
    "掌握{trade}岗位操作规程，能够独立顶岗作业",
    "半年内通过{trade}中级工技能鉴定",
    "熟练掌握设备日常点检和常见故障处理，安全无违章",
    "熟悉本工作面安全风险，能独立完成交接班检查",
)
EVALUATIONS = (
    "已能独立、规范完成{trade}岗位作业，考核合格，同意出师。",
    "理论和实操考核均为优秀，安全意识强，同意出师。",
    "能够独立顶岗，技能鉴定合格，同意出师。",
)
# The first pairs take each state for sure, so even a tiny demo shows 已出师, 终止 and 进行中.
# A roll this high is an active pair past its planned end; the fourth pair gets one, so that even a small demo
# shows an overdue pair however the earlier draws fell.
OVERDUE_ROLL = 0.99
FIRST_ROLLS = (0.1, 0.4, 0.9, OVERDUE_ROLL)
TERMINATION_REASONS = ("徒弟调往其他岗位", "师傅调往其他单位工作", "徒弟离职", "工作面搬家，班组调整")


@dataclass
class _Candidate:
    id: str
    birth: date | None
    trade: str | None
    status: str
    work_start: date | None = None
    grade: str | None = None


def build_mentor_pairs(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 4)  # own generator: earlier steps' draws don't change these pairs
    people = {r.id: _Candidate(r.id, r.birth_date, r.trade, r.political_status, r.work_start_date, r.skill_grade)
              for r in ctx.session.execute(select(Person.id, Person.birth_date, Person.trade, Person.political_status,
                                                  Person.work_start_date, Person.skill_grade))}
    used_numbers = {n for n in ctx.session.scalars(select(Person.id_number)) if n}
    branches = [b for b in ctx.branches if ctx.people_by_branch.get(b.id)]
    weights = [len(ctx.people_by_branch[b.id]) * (1.0 if "-Z" not in b.code else 0.2) for b in branches]
    total = max(12, ctx.members // MEMBERS_PER_PAIR)
    pairs: list[dict] = []
    logs: list[dict] = []
    workers: list[dict] = []
    load: dict[str, int] = {}
    taken: set[str] = set()
    now = utcnow()
    for _attempt in range(total * 6):  # small demos have branches without a possible mentor: draw again
        if len(pairs) >= total:
            break
        branch = rng.choices(branches, weights=weights)[0]
        ids = ctx.people_by_branch[branch.id]
        mentor = _pick_mentor(rng, [people[i] for i in ids], load, ctx.today)
        if mentor is None:
            continue
        forced = FIRST_ROLLS[len(pairs):len(pairs) + 1]
        if rng.random() < NEW_WORKER_SHARE:
            trade = rng.choice(names.TRADES)
            pair = _pair(ctx, rng, mentor.id, "", branch.id, trade, now, forced)
            # A new hire is mentored from the day they start work, as an adult (劳动法 第六十四条: no minor below
            # ground), with a grade no higher than the mentor's.
            worker = _new_worker(ctx, rng, branch.id, used_numbers, now, pair["start_date"], trade)
            workers.append(worker)
            pair["mentee_id"] = worker["id"]
        else:
            mentee = _pick_mentee(rng, [people[i] for i in ids], mentor, taken, ctx.today)
            if mentee is None:
                continue
            trade = mentor.trade or mentee.trade or rng.choice(names.TRADES)
            pair = _pair(ctx, rng, mentor.id, mentee.id, branch.id, trade, now, forced)
            if not _fits(mentor, mentee, pair["start_date"]):
                continue
        taken.add(pair["mentee_id"])
        load[mentor.id] = load.get(mentor.id, 0) + (pair["state"] == PairState.ACTIVE.value)
        pairs.append(pair)
        logs.extend(_logs(ctx, rng, pair, now))
    if workers:
        ctx.session.execute(insert(Person), workers)
    ctx.session.execute(insert(MentorPair), pairs)
    for start in range(0, len(logs), 5000):
        ctx.session.execute(insert(MentorLog), logs[start:start + 5000])


def _fits(mentor: _Candidate, mentee: _Candidate, start: date) -> bool:
    """The mentee already works and is an adult on the first day; the mentor's grade is not below the mentee's."""
    if mentee.work_start is None or mentee.work_start > start:
        return False
    if mentee.birth is None or age_on(mentee.birth, start) < ADULT_AGE:
        return False
    mentor_rank, mentee_rank = skill_rank(mentor.grade), skill_rank(mentee.grade)
    return mentor_rank is None or mentee_rank is None or mentor_rank >= mentee_rank


def _age(person: _Candidate, today: date) -> int:
    return (today - person.birth).days // 365 if person.birth else 40


def _pick_mentor(rng: random.Random, people: list[_Candidate], load: dict[str, int],
                 today: date) -> _Candidate | None:
    members = [p for p in people if p.status in (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
               and _age(p, today) >= 32 and load.get(p.id, 0) < 3]
    return rng.choice(members) if members else None


def _pick_mentee(rng: random.Random, people: list[_Candidate], mentor: _Candidate, taken: set[str],
                 today: date) -> _Candidate | None:
    # Non-members first (activists, development targets), then the branch's youngest members.
    pool = [p for p in people if p.id != mentor.id and p.id not in taken]
    non_members = [p for p in pool if p.status not in (PoliticalStatus.FULL_MEMBER.value,
                                                       PoliticalStatus.PROBATIONARY.value)]
    young = [p for p in pool if _age(p, today) <= 30]
    candidates = non_members or young
    return rng.choice(candidates) if candidates else None


def _new_worker(ctx: DemoContext, rng: random.Random, branch_id: str, used: set[str], now,  # type: ignore[no-untyped-def]
                hired: date, trade: str) -> dict:
    female = rng.random() < 0.08
    name = rng.choice(names.SURNAMES) + "".join(
        rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE) for _ in range(rng.choice((1, 2, 2))))
    birth = hired - timedelta(days=rng.randint(ADULT_AGE + 1, 26) * 365 + rng.randrange(365))
    number = _id_number(rng, birth, female, used)
    work_start = hired - timedelta(days=rng.randint(0, 20))
    return {
        "id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False,
        "name": name, "name_sort": pinyin.sort_key(name), "search_text": search_text_for(name, number, None),
        "gender": "女" if female else "男", "ethnicity": "汉族", "birth_date": birth, "id_number": number,
        "education": rng.choice(("技工学校", "中专", "大学专科", "高中")), "political_status": _status_of_new_hire(rng, birth, ctx.today),
        "join_date": None, "full_member_date": None, "branch_id": branch_id, "party_group_id": None,
        "post": rng.choice(names.POSTS), "trade": trade, "position": None, "title": None,
        "skill_grade": rng.choice(("初级工", "")) or None, "phone": None, "work_start_date": work_start,
        "photo_sha256": None, "notes": "新入职职工", "membership_state": "在册",
    }


def _status_of_new_hire(rng: random.Random, birth: date, today: date) -> str:
    """Young new hires are often still 共青团员 (the league's age limit is 28); the others are 群众."""
    young = age_on(birth, today) <= 28
    return (PoliticalStatus.YOUTH_LEAGUE if young and rng.random() < 0.6 else PoliticalStatus.MASSES).value


def _pair(ctx: DemoContext, rng: random.Random, mentor_id: str, mentee_id: str, unit_id: str, trade: str,
          now, forced: tuple[float, ...]) -> dict:  # type: ignore[no-untyped-def]
    roll = forced[0] if forced else rng.random()
    today = ctx.today
    end_date = evaluation = reason = None
    if roll < 0.35:  # finished with 出师 in the last two years
        state = PairState.COMPLETED.value
        start = today - timedelta(days=rng.randint(220, 900))
        planned = start + timedelta(days=rng.choice((180, 270, 365)))
        end_date = min(planned + timedelta(days=rng.randint(-20, 30)), today - timedelta(days=3))
        evaluation = rng.choice(EVALUATIONS).format(trade=trade)
    elif roll < 0.43:
        state = PairState.TERMINATED.value
        start = today - timedelta(days=rng.randint(120, 700))
        planned = start + timedelta(days=rng.choice((180, 365)))
        end_date = start + timedelta(days=rng.randint(40, 110))
        reason = rng.choice(TERMINATION_REASONS)
    else:
        state = PairState.ACTIVE.value
        overdue = rng.random() < 0.08 or roll >= OVERDUE_ROLL
        start = today - timedelta(days=rng.randint(250, 420) if overdue else rng.randint(10, 300))
        planned = start + timedelta(days=180 if overdue else rng.choice((180, 270, 365)))
        if not overdue and planned < today:
            planned = today + timedelta(days=rng.randint(20, 120))
    return {
        "id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False,
        "mentor_id": mentor_id, "mentee_id": mentee_id, "unit_id": unit_id, "trade": trade,
        "goals": rng.choice(GOALS).format(trade=trade), "start_date": start, "planned_end_date": planned,
        "state": state, "end_date": end_date, "final_evaluation": evaluation, "end_reason": reason,
    }


def _logs(ctx: DemoContext, rng: random.Random, pair: dict, now) -> list[dict]:  # type: ignore[no-untyped-def]
    start: date = pair["start_date"]
    last = pair["end_date"] or ctx.today
    if pair["state"] == PairState.ACTIVE.value and rng.random() < 0.08:
        last = ctx.today - timedelta(days=rng.randint(65, 150))  # stopped meeting: stands out as 久未辅导
    rows = []
    day = start + timedelta(days=rng.randint(2, 12))
    while day <= last:
        rows.append({
            "id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False,
            "pair_id": pair["id"], "log_date": day, "hours": rng.choice((1.0, 1.5, 2.0, 2.0, 3.0, 4.0)),
            "content": rng.choice(LOG_TOPICS).format(trade=pair["trade"]),
            "assessment": rng.choices(ASSESSMENTS, weights=(3, 5, 4, 1))[0],
        })
        day += timedelta(days=rng.randint(18, 40))
    return rows
