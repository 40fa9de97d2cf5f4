"""传帮带 rules that need nothing but the values themselves: who may mentor, dates, the pair's life, what stands out.

Store-wide rules (the mentor belongs to the unit, duplicates, how many mentees a mentor already has) live in
services.mentor, which calls these and adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jiaomei_desktop.domain.enums import MembershipState, PairState, PoliticalStatus
from jiaomei_desktop.i18n import N_, _

STALE_DAYS = 60  # a pair with no 辅导记录 for this long has probably stopped meeting
DEFAULT_MENTEE_LIMIT = 3
MAX_PLAN_YEARS = 5
MAX_LOG_HOURS = 24.0
MAX_TEXT = 2000
ASSESSMENTS = ("优秀", "良好", "合格", "需改进")

# Chinese source labels (N_): translated with _() where shown.
FIELD_LABELS: dict[str, str] = {
    "mentor_id": N_("师傅"), "mentee_id": N_("徒弟"), "unit_id": N_("所属单位"), "trade": N_("工种/技能方向"),
    "goals": N_("帮带目标"), "start_date": N_("开始日期"), "planned_end_date": N_("计划出师日期"),
    "end_date": N_("日期"), "final_evaluation": N_("出师评价"), "end_reason": N_("终止原因"),
    "log_date": N_("辅导日期"), "content": N_("辅导内容"), "hours": N_("学时"), "assessment": N_("考核情况"),
    "state": N_("状态"), "worker_name": N_("新职工姓名"), "worker_post": N_("新职工岗位"),
    "worker_trade": N_("新职工工种"), "worker_id_number": N_("新职工身份证号"), "worker_gender": N_("新职工性别"),
    "worker_birth_date": N_("新职工出生日期"),
}


@dataclass(frozen=True)
class PairData:
    """A pair as the form edits it; `id` is None for a new pair. `unit_id` None = the mentor's own branch."""

    mentor_id: str
    mentee_id: str | None
    start_date: date | None
    planned_end_date: date | None
    unit_id: str | None = None
    trade: str = ""
    goals: str = ""
    id: str | None = None


@dataclass(frozen=True)
class NewWorker:
    """A worker not yet in the store, added on the spot as the mentee (becomes a 群众 in the pair's branch)."""

    name: str
    post: str = ""
    trade: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class LogData:
    pair_id: str
    log_date: date | None
    content: str
    hours: float
    assessment: str = ""
    id: str | None = None


def mentor_refusal(political_status: str, membership_state: str) -> str | None:
    """Why this person cannot be a mentor, or None when they can (正式 or 预备 党员, 在册)."""
    if membership_state != MembershipState.ACTIVE.value:
        return _("师傅须为在册党员，该同志当前为“{state}”").format(state=_(membership_state))
    if political_status not in (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value):
        return _("师傅须为正式党员或预备党员，该同志是{status}").format(status=_(political_status))
    return None


def mentee_refusal(membership_state: str) -> str | None:
    if membership_state != MembershipState.ACTIVE.value:
        return _("徒弟须为在册职工，该同志当前为“{state}”").format(state=_(membership_state))
    return None


def check_pair_fields(pair: PairData, today: date) -> dict[str, str]:
    """The pair's own rules: both people chosen and different, dates present and in order, texts not too long."""
    errors: dict[str, str] = {}
    if not pair.mentor_id:
        errors["mentor_id"] = _("请选择师傅")
    if pair.mentee_id is not None and pair.mentee_id == pair.mentor_id:
        errors["mentee_id"] = _("师傅和徒弟不能是同一个人")
    if len(pair.trade.strip()) > 60:
        errors["trade"] = _("工种/技能方向过长（最多60个字）")
    if len(pair.goals) > MAX_TEXT:
        errors["goals"] = _("帮带目标过长（最多{n}个字）").format(n=MAX_TEXT)
    errors.update(check_pair_dates(pair.start_date, pair.planned_end_date, today))
    return errors


def check_pair_dates(start: date | None, planned_end: date | None, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    elif start > today:
        errors["start_date"] = _("开始日期不能晚于今天")
    if planned_end is None:
        errors["planned_end_date"] = _("请填写计划出师日期")
    elif start is not None and planned_end <= start:
        errors["planned_end_date"] = _("计划出师日期应晚于开始日期")
    elif start is not None and planned_end > _add_years(start, MAX_PLAN_YEARS):
        errors["planned_end_date"] = _("结对期限不应超过{n}年").format(n=MAX_PLAN_YEARS)
    return errors


# 劳动法 第六十四条: 不得安排未成年工从事矿山井下……劳动 (未成年工 = 16 to 18, 第五十八条). Every trade that works
# below ground is listed, and names that say so (井下…, 采煤…, 掘进…) count too.
UNDERGROUND_TRADES = frozenset({
    "采煤机司机", "液压支架工", "掘进机司机", "综采维修电工", "瓦斯检查工", "安全检查工", "通风工", "绞车司机",
    "带式输送机司机", "爆破工", "探放水工", "井下电钳工", "矿井泵工", "信号把钩工", "矿山救护工", "支护工",
    "刮板输送机司机", "防突工", "测风工", "注浆注氮工", "测量工", "地质工",  # 矿井测量, 矿井地质: below ground
})
_UNDERGROUND_WORDS = ("井下", "采煤", "掘进", "综采", "综掘", "支护", "爆破", "瓦斯", "通风", "探放水", "工作面", "巷道")
ADULT_AGE = 18
# Skill grades of 国家职业资格 from lowest to highest (五级 to 一级).
SKILL_ORDER: tuple[str, ...] = ("初级工", "中级工", "高级工", "技师", "高级技师")


def is_underground(trade: str | None) -> bool:
    text = (trade or "").strip()
    return bool(text) and (text in UNDERGROUND_TRADES or any(word in text for word in _UNDERGROUND_WORDS))


def skill_rank(grade: str | None) -> int | None:
    return SKILL_ORDER.index(grade) if grade in SKILL_ORDER else None


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_mentee_start(start: date | None, work_start: date | None) -> dict[str, str]:
    """A pair mentors someone at work: it cannot start before the mentee's 参加工作日期."""
    if start is not None and work_start is not None and start < work_start:
        return {"start_date": _("开始日期不能早于徒弟的参加工作日期（{date}）").format(date=work_start.isoformat())}
    return {}


def pair_warnings(start: date | None, trades: tuple[str | None, ...], mentee_birth: date | None,
                  mentor_grade: str | None, mentee_grade: str | None) -> list[str]:
    """What a 组织部 clerk would question but the form still lets through: a minor in an underground trade
    (劳动法 第六十四条), a mentor whose skill grade is below the mentee's."""
    warnings: list[str] = []
    underground = next((t for t in trades if is_underground(t)), None)
    if underground and mentee_birth and start and age_on(mentee_birth, start) < ADULT_AGE:
        warnings.append(_("徒弟在结对开始时未满十八周岁，不得从事井下作业（“{trade}”；劳动法第六十四条）").format(
            trade=underground))
    mentor_rank, mentee_rank = skill_rank(mentor_grade), skill_rank(mentee_grade)
    if mentor_rank is not None and mentee_rank is not None and mentor_rank < mentee_rank:
        warnings.append(_("师傅的技能等级（{mentor}）低于徒弟（{mentee}）").format(
            mentor=mentor_grade, mentee=mentee_grade))
    return warnings


def check_log(log: LogData, pair_start: date, pair_end: date | None, today: date) -> dict[str, str]:
    """A 辅导记录: dated within the pair's life and not in the future, with content and sensible hours."""
    errors: dict[str, str] = {}
    if log.log_date is None:
        errors["log_date"] = _("请填写辅导日期")
    elif log.log_date > today:
        errors["log_date"] = _("辅导日期不能晚于今天")
    elif log.log_date < pair_start:
        errors["log_date"] = _("辅导日期不能早于结对开始日期（{date}）").format(date=pair_start.isoformat())
    elif pair_end is not None and log.log_date > pair_end:
        errors["log_date"] = _("结对已于{date}结束，辅导日期不能晚于结束日期").format(date=pair_end.isoformat())
    if not log.content.strip():
        errors["content"] = _("请填写辅导内容")
    elif len(log.content) > MAX_TEXT:
        errors["content"] = _("辅导内容过长（最多{n}个字）").format(n=MAX_TEXT)
    if not 0 < log.hours <= MAX_LOG_HOURS:
        errors["hours"] = _("学时应大于0且不超过{n:g}").format(n=MAX_LOG_HOURS)
    if len(log.assessment.strip()) > 200:
        errors["assessment"] = _("考核情况过长（最多200个字）")
    return errors


def check_transition(current: str, target: PairState, end_date: date | None, text: str, start: date,
                     last_log: date | None, today: date) -> dict[str, str]:
    """进行中 → 已出师 (needs a final evaluation) or → 终止 (needs a reason); nothing else moves."""
    errors: dict[str, str] = {}
    completing = target is PairState.COMPLETED
    text_field = "final_evaluation" if completing else "end_reason"
    if target is PairState.ACTIVE:
        errors["state"] = _("结对只能出师或终止")
        return errors
    if current != PairState.ACTIVE.value:
        message = _("该结对已经“{state}”，不能再出师") if completing else _("该结对已经“{state}”，不能再终止")
        errors["state"] = message.format(state=_(current))
        return errors
    # Whole sentences for 出师 and 终止 each, so that every message translates as one sentence.
    if end_date is None:
        errors["end_date"] = _("请填写出师日期") if completing else _("请填写终止日期")
    elif end_date > today:
        errors["end_date"] = _("出师日期不能晚于今天") if completing else _("终止日期不能晚于今天")
    elif end_date < start:
        message = _("出师日期不能早于结对开始日期（{date}）") if completing else _("终止日期不能早于结对开始日期（{date}）")
        errors["end_date"] = message.format(date=start.isoformat())
    elif last_log is not None and end_date < last_log:
        message = (_("出师日期不能早于最后一次辅导记录（{date}）") if completing
                   else _("终止日期不能早于最后一次辅导记录（{date}）"))
        errors["end_date"] = message.format(date=last_log.isoformat())
    if not text.strip():
        errors[text_field] = _("请填写出师评价") if completing else _("请填写终止原因")
    elif len(text) > MAX_TEXT:
        errors[text_field] = _("内容过长（最多{n}个字）").format(n=MAX_TEXT)
    return errors


def is_overdue(state: str, planned_end: date | None, today: date) -> bool:
    """Past the planned end and still 进行中."""
    return state == PairState.ACTIVE.value and planned_end is not None and planned_end < today


def is_stale(state: str, start: date, last_log: date | None, today: date, days: int = STALE_DAYS) -> bool:
    """Still 进行中 and nothing logged in the last `days` days (a pair younger than that is not stale yet)."""
    if state != PairState.ACTIVE.value:
        return False
    latest = max(start, last_log) if last_log else start
    return latest < stale_cutoff(today, days)


def stale_cutoff(today: date, days: int = STALE_DAYS) -> date:
    return today - timedelta(days=days)


def over_limit(active_mentees: int, limit: int) -> bool:
    """True when taking one more mentee would put the mentor over the limit (a warning, never a refusal)."""
    return active_mentees + 1 > limit


def completion_rate(completed: int, terminated: int) -> float | None:
    """出师率: share of finished pairs that ended in 出师 (None while none has finished)."""
    finished = completed + terminated
    return completed / finished if finished else None


def parse_limit(raw: str | None) -> int:
    try:
        value = int(raw) if raw is not None else DEFAULT_MENTEE_LIMIT
    except ValueError:
        return DEFAULT_MENTEE_LIMIT
    return value if value > 0 else DEFAULT_MENTEE_LIMIT


def summary(errors: dict[str, str]) -> str:
    return _("；").join(_("{field}：{message}").format(field=_(FIELD_LABELS[k]) if k in FIELD_LABELS else k, message=v)
                       for k, v in errors.items())


def _add_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)
