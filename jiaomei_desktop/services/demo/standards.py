"""Demo 党支部标准化建设: every branch assessed itself for the three years before the demo's "today" and was accepted by
its 基层党委 (or the group, for a branch directly under it) early the next year; in the running year about one
branch in six has already done its self-assessment and waits for the committee.

The system-judged items are judged from the demo's own records (services.standards.judge, reading through the open
demo transaction); the hand items lose a few half points where the branch is weaker. The committee's word follows
the lines: 示范 for about half of those at 90 or more, 达标 from 80, 未达标 below — a few branches in the earlier
years, none in the last full year (the seed's "标准化建设全覆盖"), where a weaker branch's hand items are kept high
enough to pass when its judged items allow it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models.standards import StandardAcceptance, StandardAssessment
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score, scores_to_json
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit
from jiaomei_desktop.services.demo.names import GIVEN_MALE, SURNAMES
from jiaomei_desktop.services.standards import judge

YEARS_BACK = 2  # the demo's study records begin two years before its today
RUNNING_YEAR_SHARE = 1 / 6
NOTES = ("活动场所标识需更新", "党费收缴台账不够规范", "制度上墙不全", "学习资料归档不及时", "经费使用记录不完整")
FAILED_NOTES = ("组织生活开展不规范，限期整改后重新验收", "台账资料缺失较多，限期整改", "支部班子不健全，限期整改")


def build_standards(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 23)
    now = utcnow()
    ctx.session.flush()
    units = {u.id: u for u in ctx.units}
    last_full = ctx.today.year - 1
    assessments: list[dict[str, object]] = []
    acceptances: list[dict[str, object]] = []
    weakness = {b.id: rng.random() for b in ctx.branches}  # a branch's standing, steady over the years
    for year in range(last_full - YEARS_BACK + 1, ctx.today.year + 1):
        running = year == ctx.today.year
        branches = [b for b in ctx.branches if not running or rng.random() < RUNNING_YEAR_SHARE]
        judged = judge(
            ctx.store, [b.id for b in branches], year, ctx.today, DEFAULT_CHECKLIST, ctx.session, ctx.root_id
        )
        for branch in branches:
            auto = judged[branch.id]
            hand, note = _hand_scores(rng, weakness[branch.id], sum(s.score for s in auto.values()), year == last_full)
            scores = {**auto, **hand}
            total = round(sum(s.score for s in scores.values()), 1)
            assessed = _assessed_on(rng, year, ctx.today)
            row = {
                "id": new_id(),
                "owner_unit_id": ctx.root_id,
                "version": 1,
                "updated_at": now,
                "deleted": False,
                "branch_id": branch.id,
                "year": year,
                "assessed_on": assessed,
                "assessor": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_MALE)}",
                "scores": scores_to_json(scores),
                "total": total,
                "note": note,
            }
            assessments.append(row)
            if running:
                continue
            result = (
                Result.MODEL
                if total >= DEFAULT_CHECKLIST.model_line and rng.random() < 0.5
                else Result.PASSED
                if total >= DEFAULT_CHECKLIST.pass_line
                else Result.FAILED
            )
            acceptances.append(
                {
                    "id": new_id(),
                    "owner_unit_id": ctx.root_id,
                    "version": 1,
                    "updated_at": now,
                    "deleted": False,
                    "assessment_id": row["id"],
                    "unit_id": _committee(units, branch).id,
                    "result": result.value,
                    "accepted_on": min(ctx.today, assessed + timedelta(days=rng.randint(10, 45))),
                    "accepted_by": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN_MALE)}",
                    "note": rng.choice(FAILED_NOTES) if result is Result.FAILED else None,
                }
            )
    if assessments:
        ctx.session.execute(insert(StandardAssessment), assessments)
    if acceptances:
        ctx.session.execute(insert(StandardAcceptance), acceptances)


def _hand_scores(
    rng: random.Random, weakness: float, judged: float, must_pass: bool
) -> tuple[dict[str, Score], str | None]:
    """Hand items at full points less half-point deductions, more of them for a weaker branch; in the last full year
    the deductions stop where the total would fall under the 达标 line (when the judged items leave room)."""
    items = [i for i in DEFAULT_CHECKLIST.items if not i.auto]
    scores = {i.key: i.weight for i in items}
    deductions = rng.randint(0, 4) + int(weakness**2 * 16)  # most branches lose little, a few much
    room = sum(scores.values()) + judged - DEFAULT_CHECKLIST.pass_line
    notes: list[str] = []
    for _ in range(deductions):
        if must_pass and room < 0.5:
            break
        item = rng.choice(items)
        cut = 1.0 if rng.random() < 0.4 and (room >= 1 or not must_pass) else 0.5
        if scores[item.key] >= cut:
            scores[item.key] -= cut
            room -= cut
            if len(notes) < 2 and rng.random() < 0.2:
                notes.append(rng.choice(NOTES))
    note = "；".join(dict.fromkeys(notes)) or None
    return {k: Score(v) for k, v in scores.items()}, note


def _assessed_on(rng: random.Random, year: int, today: date) -> date:
    """Late in the year assessed, or early in the next one (never after the demo's today)."""
    day = date(year, 12, 1) + timedelta(days=rng.randint(0, 50))
    return min(day, today - timedelta(days=rng.randint(1, 20)))


def _committee(units: dict[str, DemoUnit], branch: DemoUnit) -> DemoUnit:
    """The 基层党委 (or 集团党委) above the branch: who accepts it."""
    parent = units.get(branch.parent_id or "")
    while parent is not None and parent.kind not in (UnitKind.COMMITTEE.value, UnitKind.GROUP_COMMITTEE.value):
        parent = units.get(parent.parent_id or "")
    return parent or branch
