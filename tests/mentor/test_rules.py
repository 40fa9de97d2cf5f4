"""domain.mentor: the pure rules, without a store."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.domain.mentor import LogData, PairData

TODAY = date(2026, 11, 23)


def test_only_active_party_members_may_mentor() -> None:
    assert rules.mentor_refusal("正式党员", "在册") is None
    assert rules.mentor_refusal("预备党员", "在册") is None
    assert "正式党员或预备党员" in (rules.mentor_refusal("入党积极分子", "在册") or "")
    assert "群众" in (rules.mentor_refusal("群众", "在册") or "")
    assert "转出" in (rules.mentor_refusal("正式党员", "转出") or "")


def test_pair_fields() -> None:
    ok = PairData("a", "b", date(2026, 1, 1), date(2026, 12, 31))
    assert rules.check_pair_fields(ok, TODAY) == {}
    same = PairData("a", "a", date(2026, 1, 1), date(2026, 12, 31))
    assert rules.check_pair_fields(same, TODAY)["mentee_id"] == "师傅和徒弟不能是同一个人"
    backwards = PairData("a", "b", date(2026, 6, 1), date(2026, 5, 1))
    assert rules.check_pair_fields(backwards, TODAY)["planned_end_date"] == "计划出师日期应晚于开始日期"
    equal = PairData("a", "b", date(2026, 6, 1), date(2026, 6, 1))
    assert "planned_end_date" in rules.check_pair_fields(equal, TODAY)
    future = PairData("a", "b", date(2026, 12, 1), date(2027, 6, 1))
    assert rules.check_pair_fields(future, TODAY)["start_date"] == "开始日期不能晚于今天"
    missing = PairData("", "b", None, None)
    assert set(rules.check_pair_fields(missing, TODAY)) == {"mentor_id", "start_date", "planned_end_date"}
    too_long = PairData("a", "b", date(2020, 2, 29), date(2026, 1, 1))
    assert "5年" in rules.check_pair_fields(too_long, TODAY)["planned_end_date"]


def test_log_rules() -> None:
    start, end = date(2026, 3, 1), None
    good = LogData("p", date(2026, 3, 1), "讲解采煤机操作规程", 2.0, "良好")
    assert rules.check_log(good, start, end, TODAY) == {}
    before = LogData("p", date(2026, 2, 28), "x", 1.0)
    assert rules.check_log(before, start, end, TODAY)["log_date"] == "辅导日期不能早于结对开始日期（2026-03-01）"
    future = LogData("p", date(2026, 11, 24), "x", 1.0)
    assert rules.check_log(future, start, end, TODAY)["log_date"] == "辅导日期不能晚于今天"
    after_end = LogData("p", date(2026, 10, 2), "x", 1.0)
    assert "结束" in rules.check_log(after_end, start, date(2026, 10, 1), TODAY)["log_date"]
    empty = LogData("p", None, "  ", 0.0)
    assert set(rules.check_log(empty, start, end, TODAY)) == {"log_date", "content", "hours"}
    assert "hours" in rules.check_log(LogData("p", date(2026, 4, 1), "x", 25.0), start, end, TODAY)


def test_transitions() -> None:
    start = date(2026, 1, 1)
    ok = rules.check_transition("进行中", PairState.COMPLETED, date(2026, 11, 1), "考核合格", start, None, TODAY)
    assert ok == {}
    assert rules.check_transition("进行中", PairState.TERMINATED, date(2026, 11, 1), "调岗", start, None, TODAY) == {}
    no_text = rules.check_transition("进行中", PairState.COMPLETED, date(2026, 11, 1), " ", start, None, TODAY)
    assert no_text == {"final_evaluation": "请填写出师评价"}
    no_reason = rules.check_transition("进行中", PairState.TERMINATED, date(2026, 11, 1), "", start, None, TODAY)
    assert no_reason == {"end_reason": "请填写终止原因"}
    done_twice = rules.check_transition("已出师", PairState.TERMINATED, date(2026, 11, 1), "x", start, None, TODAY)
    assert done_twice["state"] == "该结对已经“已出师”，不能再终止"
    back = rules.check_transition("终止", PairState.ACTIVE, date(2026, 11, 1), "x", start, None, TODAY)
    assert "state" in back
    early = rules.check_transition("进行中", PairState.COMPLETED, date(2025, 12, 31), "x", start, None, TODAY)
    assert "早于结对开始日期" in early["end_date"]
    before_log = rules.check_transition("进行中", PairState.COMPLETED, date(2026, 5, 1), "x", start,
                                        date(2026, 6, 1), TODAY)
    assert "最后一次辅导记录" in before_log["end_date"]
    future = rules.check_transition("进行中", PairState.TERMINATED, date(2026, 12, 1), "x", start, None, TODAY)
    assert future["end_date"] == "终止日期不能晚于今天"


def test_overdue_and_stale() -> None:
    assert rules.is_overdue("进行中", date(2026, 11, 22), TODAY)
    assert not rules.is_overdue("进行中", date(2026, 11, 23), TODAY)
    assert not rules.is_overdue("已出师", date(2026, 1, 1), TODAY)
    assert rules.is_stale("进行中", date(2026, 1, 1), date(2026, 9, 23), TODAY)  # 61 days
    assert not rules.is_stale("进行中", date(2026, 1, 1), date(2026, 9, 24), TODAY)  # 60 days
    assert not rules.is_stale("进行中", date(2026, 10, 1), None, TODAY)  # too young to be stale
    assert rules.is_stale("进行中", date(2026, 9, 1), None, TODAY)
    assert not rules.is_stale("终止", date(2020, 1, 1), None, TODAY)


def test_limit_and_rate() -> None:
    assert not rules.over_limit(2, 3)
    assert rules.over_limit(3, 3)
    assert rules.completion_rate(3, 1) == 0.75
    assert rules.completion_rate(0, 0) is None
    assert rules.parse_limit(None) == 3
    assert rules.parse_limit("5") == 5
    assert rules.parse_limit("abc") == 3
    assert rules.parse_limit("0") == 3
