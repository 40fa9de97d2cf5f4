"""Pure rules: validation, attendance counts and quorum, periods, rule resolution and compliance evaluation."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.study import (
    DEFAULT_RULES,
    BranchSessions,
    CellState,
    Period,
    Rule,
    SessionFields,
    StoredRule,
    cell_state,
    count_attendance,
    effective_rules,
    evaluate_branch,
    period_bounds,
    period_index,
    quorum_warning,
    totals,
    validate_session,
)

FULL, PROB = "正式党员", "预备党员"


def _fields(**changes: object) -> SessionFields:
    values: dict[str, object] = dict(kind="支委会", session_date=date(2026, 3, 5), start_time="08:30",
                                     end_time="10:00", topic="研究季度工作", hours=1.5, lecture_form=None)
    values.update(changes)
    return SessionFields(**values)  # type: ignore[arg-type]


def test_valid_session_has_no_errors() -> None:
    assert validate_session(_fields()) == {}


def test_each_bad_field_gets_a_chinese_message() -> None:
    assert validate_session(_fields(kind=""))["kind"] == "请选择会议类型"
    assert "未知的会议类型" in validate_session(_fields(kind="喝茶会"))["kind"]
    assert validate_session(_fields(session_date=None))["session_date"] == "请填写会议日期"
    assert validate_session(_fields(end_time="08:00"))["end_time"] == "结束时间必须晚于开始时间"
    assert validate_session(_fields(end_time="08:30"))["end_time"] == "结束时间必须晚于开始时间"
    assert "格式" in validate_session(_fields(start_time="25:00"))["start_time"]
    assert "学时" in validate_session(_fields(hours=25))["hours"]
    assert "学时" in validate_session(_fields(hours=-1))["hours"]
    assert "主题" in validate_session(_fields(topic="  "))["topic"]
    assert "只有党课" in validate_session(_fields(lecture_form="微型党课"))["lecture_form"]
    assert validate_session(_fields(kind="党课", lecture_form="微型党课")) == {}
    assert "一年以后" in validate_session(_fields(session_date=date(2028, 1, 1)), today=date(2026, 11, 23))[
        "session_date"]


def test_counts_and_quorum_only_count_full_members_as_voting() -> None:
    counts = count_attendance([("出席", FULL), ("出席", PROB), ("出席", PROB), ("请假", FULL), ("缺席", FULL)])
    assert (counts.expected, counts.present, counts.leave, counts.absent) == (5, 3, 1, 1)
    assert (counts.voting_expected, counts.voting_present) == (3, 1)
    assert not counts.quorum_met
    assert "决定无效" in (quorum_warning("支部党员大会", counts) or "")
    assert quorum_warning("党课", counts) is None  # a lecture has no quorum


def test_exactly_half_is_not_enough() -> None:
    half = count_attendance([("出席", FULL), ("出席", FULL), ("缺席", FULL), ("请假", FULL)])
    assert not half.quorum_met
    more = count_attendance([("出席", FULL), ("出席", FULL), ("出席", FULL), ("请假", FULL)])
    assert more.quorum_met
    assert quorum_warning("支委会", more) is None


def test_periods_and_boundaries() -> None:
    assert period_index(date(2026, 3, 31), Period.QUARTER) == 0
    assert period_index(date(2026, 4, 1), Period.QUARTER) == 1
    assert period_bounds(2026, Period.QUARTER, 3) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_bounds(2024, Period.MONTH, 1) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds(2026, Period.HALF_YEAR, 1) == (date(2026, 7, 1), date(2026, 12, 31))


def test_rules_resolve_to_the_deepest_unit() -> None:
    stored = [StoredRule("/g/", Rule("党课", Period.MONTH, 2)), StoredRule("/g/c/", Rule("党课", Period.YEAR)),
              StoredRule("/g/c/", Rule("主题党日", Period.MONTH, enabled=False)),
              StoredRule("/other/", Rule("支委会", Period.YEAR))]
    rules = {r.kind: r for r in effective_rules("/g/c/b/", stored)}
    assert rules["党课"] == Rule("党课", Period.YEAR)
    assert "主题党日" not in rules  # disabled
    assert rules["支委会"].period is Period.MONTH  # the other subtree's rule does not apply
    assert {r.kind for r in effective_rules("/g/x/", stored)} == {r.kind for r in DEFAULT_RULES}


def test_evaluation_boundaries_open_and_missed_periods() -> None:
    rules = [Rule("支部党员大会", Period.QUARTER), Rule("支委会", Period.MONTH), Rule("组织生活会", Period.YEAR)]
    sessions = [("支部党员大会", date(2026, 3, 31), None), ("支部党员大会", date(2026, 4, 1), None),
                ("支委会", date(2026, 1, 1), None), ("支委会", date(2026, 1, 31), None), ("支委会", date(2025, 2, 3), None)]
    ev = evaluate_branch(BranchSessions("b", rules, sessions), 2026, as_of=date(2026, 5, 15))
    jan = {c.rule.kind: c for c in ev.months[0]}
    assert jan["支部党员大会"].state is CellState.MET and jan["支委会"].state is CellState.MET
    assert jan["支委会"].held == 2
    feb = {c.rule.kind: c.state for c in ev.months[1]}
    assert feb["支委会"] is CellState.MISSED  # the 2025 meeting does not count for 2026
    assert cell_state(ev.months[1]) is CellState.MISSED
    assert {c.rule.kind: c.state for c in ev.months[4]}["支委会"] is CellState.OPEN  # May is still running
    assert cell_state(ev.months[6]) is CellState.FUTURE
    # A quarter already met does not make a month that has not begun look done.
    early = evaluate_branch(BranchSessions("b", rules, sessions), 2026, as_of=date(2026, 4, 20))
    assert cell_state(early.months[4]) is CellState.FUTURE
    assert ev.year[0].state is CellState.OPEN
    t = totals(ev.all_checks())
    # 支部党员大会 Q1+Q2 met (quarter counted once, not per month), 支委会 Jan met, Feb-Apr missed.
    assert (t.met, t.due) == (3, 6)


def test_no_sessions_at_all_misses_every_ended_period() -> None:
    ev = evaluate_branch(BranchSessions("b", DEFAULT_RULES, []), 2025, as_of=date(2026, 1, 10))
    t = totals(ev.all_checks())
    # 党员大会 4, 支委会 12, 党课 4, 书记讲党课 1, 主题党日 12, 组织生活会 1, 民主评议 1; no 党小组 → no 党小组会.
    assert t.met == 0 and t.due == 4 + 12 + 4 + 1 + 12 + 1 + 1


def test_per_party_group_rule_needs_every_group() -> None:
    rule = Rule("党小组会", Period.MONTH, per_party_group=True)
    sessions = [("党小组会", date(2026, 1, 10), "g1"), ("党小组会", date(2026, 1, 12), "g1"),
                ("党小组会", date(2026, 2, 10), "g1"), ("党小组会", date(2026, 2, 11), "g2")]
    ev = evaluate_branch(BranchSessions("b", [rule], sessions, ["g1", "g2"]), 2026, as_of=date(2026, 12, 31))
    assert (ev.months[0][0].state, ev.months[0][0].held, ev.months[0][0].needed) == (CellState.MISSED, 1, 2)
    assert ev.months[1][0].state is CellState.MET
    # A branch without party groups is never asked for 党小组会 (条例 第十三条 asks it of each 党小组).
    ev = evaluate_branch(BranchSessions("b", [rule], [("党小组会", date(2026, 1, 3), None)]), 2026,
                         as_of=date(2026, 12, 31))
    assert ev.months[0] == [] and ev.year == []


def test_min_count_above_one() -> None:
    rule = Rule("安全生产学习", Period.MONTH, min_count=2)
    ev = evaluate_branch(BranchSessions("b", [rule], [("安全生产学习", date(2026, 1, 3), None)]), 2026,
                         as_of=date(2026, 12, 31))
    assert ev.months[0][0].state is CellState.MISSED and ev.months[0][0].needed == 2
