"""三会一课 rules over plain data: session validation, votes and quorum, periods and compliance evaluation.

Defaults follow 《中国共产党支部工作条例（试行）》(2018): 第十一条 支部党员大会 quarterly; 第十二条 支委会 monthly (only
where a 支部委员会 exists: 7 正式党员 or more, 第六章); 第十三条 党小组会 monthly, each 党小组; 第十六条 党课 and 主题党日
(每月相对固定1天), and "党支部书记每年至少为党员讲1次党课"; 第十七条 组织生活会 at least once a year; 第十九条 民主评议党员
once a year. 党课 quarterly is local practice. Every rule can be changed per unit; a rule set on a unit covers its whole
subtree until a deeper unit sets its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from jiaomei_desktop.domain.enums import AttendanceStatus, LectureForm, PoliticalStatus, SessionKind
from jiaomei_desktop.i18n import N_, _

MAX_HOURS = 24.0
MIN_YEAR = 1990
_TIME = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")

# Meetings whose decisions need more than half of the voting members present: 支部党员大会 (条例 第十一条: 表决必须有
# 半数以上有表决权的党员到会方可进行) and 支委会 (第十二条: 须有半数以上委员到会方可进行).
QUORUM_KINDS = frozenset({SessionKind.GENERAL_MEETING.value, SessionKind.COMMITTEE_MEETING.value})

# Yearly meetings that may be held after their year (commonly in January) and then carry the year they belong to.
YEAR_BOUND_KINDS = frozenset({SessionKind.LIFE_MEETING.value, SessionKind.DEMOCRATIC_REVIEW.value})

# A rule, not a session kind: 党课 given by the branch's 书记 (条例 第十六条: 党支部书记每年至少为党员讲1次党课).
SECRETARY_LECTURE = N_("书记讲党课")

# What counts as 党员教育 学时: the branch's organised party life and study. 技术培训 and 安全生产学习 are work training
# and count for nothing here, nor do kinds users add (their nature is unknown).
PARTY_EDUCATION_KINDS = frozenset({
    SessionKind.GENERAL_MEETING.value, SessionKind.COMMITTEE_MEETING.value, SessionKind.GROUP_MEETING.value,
    SessionKind.PARTY_LECTURE.value, SessionKind.THEME_DAY.value, SessionKind.LIFE_MEETING.value,
    SessionKind.DEMOCRATIC_REVIEW.value, SessionKind.CENTRAL_GROUP_STUDY.value,
})
# 《2019—2023年全国党员教育培训工作规划》(issued under 《中国共产党党员教育管理工作条例》, 2019): 党员每年参加集中培训
# 和集体学习时间一般不少于32学时；基层党组织书记和班子成员每年一般不少于56学时.
MEMBER_HOURS_TARGET = 32.0
COMMITTEE_HOURS_TARGET = 56.0


class Period(StrEnum):
    MONTH = "每月"
    QUARTER = "每季度"
    HALF_YEAR = "每半年"
    YEAR = "每年"

    @property
    def months(self) -> int:
        return _PERIOD_MONTHS[self.value]


_PERIOD_MONTHS = {"每月": 1, "每季度": 3, "每半年": 6, "每年": 12}


@dataclass(frozen=True)
class Rule:
    """At least `min_count` sessions of `kind` in every period; per party group when `per_party_group`."""

    kind: str
    period: Period
    min_count: int = 1
    per_party_group: bool = False
    enabled: bool = True


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(SessionKind.GENERAL_MEETING.value, Period.QUARTER),
    Rule(SessionKind.COMMITTEE_MEETING.value, Period.MONTH),
    Rule(SessionKind.GROUP_MEETING.value, Period.MONTH, per_party_group=True),
    Rule(SessionKind.PARTY_LECTURE.value, Period.QUARTER),
    Rule(SECRETARY_LECTURE, Period.YEAR),
    Rule(SessionKind.THEME_DAY.value, Period.MONTH),
    Rule(SessionKind.LIFE_MEETING.value, Period.YEAR),
    Rule(SessionKind.DEMOCRATIC_REVIEW.value, Period.YEAR),
)
RULE_ONLY_KINDS = frozenset({SECRETARY_LECTURE})
_LECTURE = SessionKind.PARTY_LECTURE.value
_COMMITTEE = SessionKind.COMMITTEE_MEETING.value


# What a new session of each kind usually counts as (学时); the form pre-fills it, the secretary may change it.
TYPICAL_HOURS: dict[str, float] = {
    SessionKind.GENERAL_MEETING.value: 1.5, SessionKind.COMMITTEE_MEETING.value: 1.0,
    SessionKind.GROUP_MEETING.value: 1.0, SessionKind.PARTY_LECTURE.value: 2.0, SessionKind.THEME_DAY.value: 2.0,
    SessionKind.LIFE_MEETING.value: 3.0, SessionKind.DEMOCRATIC_REVIEW.value: 2.0,
    SessionKind.CENTRAL_GROUP_STUDY.value: 2.0, SessionKind.SAFETY_STUDY.value: 2.0,
    SessionKind.TECH_TRAINING.value: 4.0,
}


def hours_target(in_committee: bool) -> float:
    return COMMITTEE_HOURS_TARGET if in_committee else MEMBER_HOURS_TARGET


# --- validation ----------------------------------------------------------------------------------------------------


def parse_time(text: str | None) -> tuple[int, int] | None:
    """"8:30" / "08:30" / "8：30" → (8, 30); None for empty; ValueError for anything else."""
    if text is None or not text.strip():
        return None
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    return int(match.group(1)), int(match.group(2))


def normalize_time(text: str | None) -> str | None:
    parsed = parse_time(text)
    return f"{parsed[0]:02d}:{parsed[1]:02d}" if parsed else None


@dataclass(frozen=True)
class SessionFields:
    """What validation needs of a session (the service's SessionData carries more)."""

    kind: str | None
    session_date: date | None
    start_time: str | None
    end_time: str | None
    topic: str
    hours: float | None
    lecture_form: str | None
    known_kinds: frozenset[str] = field(default_factory=lambda: frozenset(k.value for k in SessionKind))
    belongs_year: int | None = None
    is_election: bool = False


def validate_session(s: SessionFields, today: date | None = None) -> dict[str, str]:
    """Field → message for every rule the session breaks; empty when it is fine."""
    errors: dict[str, str] = {}
    if not s.kind or not s.kind.strip():
        errors["kind"] = _("请选择会议类型")
    elif s.kind not in s.known_kinds:
        errors["kind"] = _("未知的会议类型“{kind}”，请先在类型设置中添加").format(kind=s.kind)
    if s.session_date is None:
        errors["session_date"] = _("请填写会议日期")
    elif s.session_date.year < MIN_YEAR:
        errors["session_date"] = _("会议日期不能早于{year}年").format(year=MIN_YEAR)
    elif today is not None and (s.session_date - today).days > 366:
        errors["session_date"] = _("会议日期不能晚于一年以后")
    start = end = None
    try:
        start = parse_time(s.start_time)
    except ValueError:
        errors["start_time"] = _("开始时间格式应为“时:分”，例如 08:30")
    try:
        end = parse_time(s.end_time)
    except ValueError:
        errors["end_time"] = _("结束时间格式应为“时:分”，例如 10:00")
    if start and end and end <= start:
        errors["end_time"] = _("结束时间必须晚于开始时间")
    if end and not start and "start_time" not in errors:
        errors["start_time"] = _("填写了结束时间，请同时填写开始时间")
    if not s.topic or not s.topic.strip():
        errors["topic"] = _("请填写会议主题（议题）")
    elif len(s.topic) > 300:
        errors["topic"] = _("会议主题不能超过300字")
    if s.hours is None or not (0 <= s.hours <= MAX_HOURS):
        errors["hours"] = _("学时应在 0 到 {n:g} 之间").format(n=MAX_HOURS)
    if s.lecture_form:
        if s.kind != SessionKind.PARTY_LECTURE.value:
            errors["lecture_form"] = _("只有党课需要选择党课形式")
        elif s.lecture_form not in {f.value for f in LectureForm}:
            errors["lecture_form"] = _("未知的党课形式“{form}”").format(form=s.lecture_form)
    if s.is_election and s.kind != SessionKind.GENERAL_MEETING.value:
        errors["is_election"] = _("只有支部党员大会可以进行选举（换届、选举代表）")
    _check_belongs_year(s, errors)
    return errors


def _check_belongs_year(s: SessionFields, errors: dict[str, str]) -> None:
    """所属年度: a 组织生活会 or 民主评议 belongs to the year it is held in or, held early next year, to the one before."""
    if s.belongs_year is None or s.session_date is None:
        return
    if s.kind not in YEAR_BOUND_KINDS:
        if s.belongs_year != s.session_date.year:
            errors["belongs_year"] = _("只有组织生活会和民主评议党员可以记入上一年度")
    elif s.belongs_year not in (s.session_date.year, s.session_date.year - 1):
        errors["belongs_year"] = _("所属年度应为会议当年（{year}）或上一年").format(year=s.session_date.year)


def credited_year(kind: str, day: date, belongs_year: int | None) -> int:
    """The year a session counts for: its 所属年度 for a yearly meeting held after its year, else its date's."""
    return belongs_year if belongs_year is not None and kind in YEAR_BOUND_KINDS else day.year


# --- attendance and quorum -------------------------------------------------------------------------------------------
#
# Who votes (党章 第七条: 预备党员 have no 表决权、选举权和被选举权; 党章 第四十一条: 党员在留党察看期间没有表决权、
# 选举权和被选举权; both again in 基层组织选举工作条例 (2020) 第五条). A 支部党员大会 deciding an ordinary matter needs more than half of the voters present (条例 第十一条); one
# that elects (换届, 选举代表) needs more than four fifths: 《中国共产党基层组织选举工作条例》(2020): 进行选举时，有选举权的
# 到会人数超过应到会人数的五分之四，会议有效. A 支委会 needs more than half of the committee members (条例 第十二条);
# anyone else on its list attends as 列席 and counts neither way.


@dataclass(frozen=True)
class Attendee:
    status: str
    political_status: str | None
    suspended: bool = False  # under 留党察看 on the day
    committee: bool = False  # a 支委 on the day


def has_vote(political_status: str | None, suspended: bool = False) -> bool:
    return political_status == PoliticalStatus.FULL_MEMBER.value and not suspended


@dataclass(frozen=True)
class AttendanceCounts:
    expected: int  # 应到: everyone expected (for a 支委会: the committee), including those on leave
    present: int  # 实到
    leave: int
    absent: int
    voting_expected: int  # 有表决权应到: 正式党员 not under 留党察看 (for a 支委会: the committee members)
    voting_present: int  # 有表决权实到
    observers: int = 0  # 列席: present at a 支委会 without being on the committee
    election: bool = False

    @property
    def quorum_met(self) -> bool:
        """Strictly more than half (ordinary decisions) or more than four fifths (an election) of the voters."""
        if self.election:
            return self.voting_present * 5 > self.voting_expected * 4
        return self.voting_present * 2 > self.voting_expected

    @property
    def rate(self) -> float:
        return self.present / self.expected if self.expected else 0.0


def count_attendance(entries: Iterable[Attendee | tuple[str, str | None]], kind: str = "",
                     election: bool = False) -> AttendanceCounts:
    """Counts for everyone on the list. For a 支委会 only committee members are expected; others are 列席."""
    committee_meeting = kind == SessionKind.COMMITTEE_MEETING.value
    present = leave = absent = voting = voting_present = observers = 0
    for entry in entries:
        person = entry if isinstance(entry, Attendee) else Attendee(entry[0], entry[1])
        is_present = person.status == AttendanceStatus.PRESENT.value
        if committee_meeting and not person.committee:
            observers += is_present
            continue
        is_voting = has_vote(person.political_status, person.suspended)
        voting += is_voting
        if is_present:
            present += 1
            voting_present += is_voting
        elif person.status == AttendanceStatus.LEAVE.value:
            leave += 1
        else:
            absent += 1
    return AttendanceCounts(present + leave + absent, present, leave, absent, voting, voting_present, observers,
                            election and kind == SessionKind.GENERAL_MEETING.value)


def quorum_warning(kind: str, counts: AttendanceCounts) -> str | None:
    if kind not in QUORUM_KINDS or counts.expected == 0 or counts.quorum_met:
        return None
    if kind == SessionKind.COMMITTEE_MEETING.value:
        return _("支委会应到委员{expected}人、实到{present}人，未超过半数，会议不能进行").format(
            expected=counts.voting_expected, present=counts.voting_present)
    if counts.election:
        return _("选举须有选举权的党员超过应到会人数的五分之四到会：应到{expected}人、实到{present}人，选举无效").format(
            expected=counts.voting_expected, present=counts.voting_present)
    return _("{kind}有表决权的正式党员应到{expected}人、实到{present}人，未超过半数，会议作出的决定无效").format(
        kind=_(kind), expected=counts.voting_expected, present=counts.voting_present)


# --- periods ---------------------------------------------------------------------------------------------------------


def period_index(day: date, period: Period) -> int:
    """0-based index of the period within its year that contains `day`."""
    return (day.month - 1) // period.months


@lru_cache(maxsize=256)
def period_bounds(year: int, period: Period, index: int) -> tuple[date, date]:
    first_month = index * period.months + 1
    last_month = first_month + period.months - 1
    end = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return date(year, first_month, 1), date.fromordinal(end.toordinal() - 1)


def periods_in_year(period: Period) -> int:
    return 12 // period.months


def period_label(year: int, period: Period, index: int) -> str:
    if period is Period.MONTH:
        return f"{year}年{index + 1}月"
    if period is Period.QUARTER:
        return f"{year}年第{'一二三四'[index]}季度"
    if period is Period.HALF_YEAR:
        return f"{year}年{'上下'[index]}半年"
    return f"{year}年"


# --- rules per unit --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredRule:
    """A rule as set on a unit (its materialised path tells which subtree it covers)."""

    unit_path: str
    rule: Rule


def effective_rules(unit_path: str, stored: Sequence[StoredRule]) -> list[Rule]:
    """The rules for a unit: for each kind the rule set on its deepest ancestor (itself included), else the default.
    A disabled rule hides the kind. Kinds without a default appear when some ancestor sets them."""
    best: dict[str, StoredRule] = {}
    for item in stored:
        if not unit_path.startswith(item.unit_path):
            continue
        current = best.get(item.rule.kind)
        if current is None or len(item.unit_path) > len(current.unit_path):
            best[item.rule.kind] = item
    result: list[Rule] = []
    for default in DEFAULT_RULES:
        chosen = best.pop(default.kind, None)
        rule = chosen.rule if chosen else default
        if rule.enabled:
            result.append(rule)
    result.extend(item.rule for item in best.values() if item.rule.enabled)
    return result


# --- compliance ------------------------------------------------------------------------------------------------------


class CellState(StrEnum):
    MET = "达标"
    MISSED = "未达标"
    OPEN = "进行中"  # the period has not ended and is not yet met: not a failure yet
    FUTURE = "未到期"


@dataclass(frozen=True)
class RuleCheck:
    rule: Rule
    period_index: int
    state: CellState
    held: int  # sessions counted (for per-group rules: groups that met)
    needed: int


class HeldSession(NamedTuple):
    """A session as the grid needs it: kind, date, the 党小组 that held it (None: the branch), the year it is
    credited to (None: its date's), and whether the lecturer was the branch's 书记 on the day."""

    kind: str
    day: date
    group: str | None = None
    year: int | None = None
    by_secretary: bool = False


@dataclass(frozen=True)
class BranchSessions:
    """One branch's sessions for the year, its party groups (those with members) and whether it has a committee
    (条例 第六章: 7 正式党员 or more; a branch without one is never asked for 支委会): one answer for the year, or
    twelve, one per month, each from the roll on that month's first day (a branch that grows to 7 正式党员 in
    April is asked from May; one that falls below 7 in June is no longer asked from July)."""

    branch_id: str
    rules: Sequence[Rule]
    sessions: Sequence[HeldSession | tuple[str, date, str | None]]
    party_groups: Sequence[str] = ()
    has_committee: bool | Sequence[bool] = True

    def committee_in(self, month: int) -> bool:
        """Whether the branch had a committee in `month` (0-based)."""
        flags = self.has_committee
        return flags if isinstance(flags, bool) else bool(flags[month])


def _state(held: int, needed: int, period_end: date, period_start: date, as_of: date) -> CellState:
    """A period is open only before its last day: on its last day and after, what was held is what counts (a year
    closes on 12-31, so the year's report and the next day's agree)."""
    if held >= needed:
        return CellState.MET
    if period_start > as_of:
        return CellState.FUTURE
    if period_end > as_of:
        return CellState.OPEN
    return CellState.MISSED


@dataclass(frozen=True)
class BranchEvaluation:
    """Month columns hold the rules shorter than a year (a quarterly rule shows in each of its three months);
    yearly rules have their own column, so a yearly meeting not yet held does not colour every month."""

    months: list[list[RuleCheck]]
    year: list[RuleCheck]

    def all_checks(self) -> list[RuleCheck]:
        return [c for month in self.months for c in month] + list(self.year)


def rule_applies(rule: Rule, has_committee: bool | Sequence[bool], party_groups: Sequence[str]) -> bool:
    """支委会 only where a committee exists (in some month of the year); per-group rules only where groups exist
    (each of them is asked)."""
    if rule.kind == _COMMITTEE and not (has_committee if isinstance(has_committee, bool) else any(has_committee)):
        return False
    return not (rule.per_party_group and not party_groups)


def _credited(data: BranchSessions, year: int) -> dict[str, list[tuple[int, str | None]]]:
    """kind → (month, group) of the sessions credited to `year`; a 党课 by the 书记 also counts for 书记讲党课. A
    yearly meeting held next year for this one counts in December."""
    by_kind: dict[str, list[tuple[int, str | None]]] = {}
    lecture = _LECTURE
    for entry in data.sessions:
        kind, day, group = entry[0], entry[1], entry[2]
        belongs = entry[3] if len(entry) > 3 else None  # plain (kind, date, group) tuples are the common case
        if (belongs if belongs is not None and kind in YEAR_BOUND_KINDS else day.year) != year:
            continue
        month = day.month if day.year == year else 12
        by_kind.setdefault(kind, []).append((month, group))
        if kind == lecture and len(entry) > 4 and entry[4]:
            by_kind.setdefault(SECRETARY_LECTURE, []).append((month, group))
    return by_kind


def evaluate_branch(data: BranchSessions, year: int, as_of: date) -> BranchEvaluation:
    months: list[list[RuleCheck]] = [[] for _ in range(12)]
    yearly: list[RuleCheck] = []
    by_kind = _credited(data, year)
    for rule in data.rules:
        if not rule_applies(rule, data.has_committee, data.party_groups):
            continue
        span = rule.period.months
        per_group = rule.per_party_group
        totals_by_period = [0] * (12 // span)
        group_counts: dict[tuple[int, str | None], int] = {}
        for month, group in by_kind.get(rule.kind, ()):
            index = (month - 1) // span
            totals_by_period[index] += 1
            if per_group:
                group_counts[(index, group)] = group_counts.get((index, group), 0) + 1
        committee_rule = rule.kind == _COMMITTEE
        for index in range(12 // span):
            if committee_rule and not data.committee_in(index * span):
                continue  # no committee when the period began: nothing asked of it
            start, end = period_bounds(year, rule.period, index)
            if per_group:
                held = sum(group_counts.get((index, g), 0) >= rule.min_count for g in data.party_groups)
                needed = len(data.party_groups)
            else:
                held, needed = totals_by_period[index], rule.min_count
            check = RuleCheck(rule, index, _state(held, needed, end, start, as_of), held, needed)
            if rule.period is Period.YEAR:
                yearly.append(check)
                continue
            for month in range(index * span, index * span + span):
                months[month].append(check)
    return BranchEvaluation(months, yearly)


def year_as_of(year: int, today: date) -> date:
    """A past year is judged as of its last day; the current year as of today; a future year before it begins."""
    return min(today, date(year, 12, 31))


def cell_state(checks: Sequence[RuleCheck]) -> CellState:
    """A missed rule colours the cell; a month not yet begun is 未到期 even if a quarter's meeting is already held."""
    states = {c.state for c in checks}
    for state in (CellState.MISSED, CellState.FUTURE, CellState.OPEN):
        if state in states:
            return state
    return CellState.MET


@dataclass(frozen=True)
class Totals:
    met: int  # rule-periods met
    due: int  # rule-periods ended or already met

    @property
    def rate(self) -> float:
        return self.met / self.due if self.due else 1.0


def totals(checks: Iterable[RuleCheck]) -> Totals:
    """Each rule-period counted once even though it shows in several months."""
    seen: set[tuple[str, int]] = set()
    met = due = 0
    for c in checks:
        key = (c.rule.kind, c.period_index)
        if key in seen:
            continue
        seen.add(key)
        if c.state is CellState.MET:
            met += 1
            due += 1
        elif c.state is CellState.MISSED:
            due += 1
    return Totals(met, due)


def missed_kinds(checks: Sequence[RuleCheck]) -> list[str]:
    return [c.rule.kind for c in checks if c.state is CellState.MISSED]


def rules_by_kind(rules: Iterable[Rule]) -> Mapping[str, Rule]:
    return {r.kind: r for r in rules}
