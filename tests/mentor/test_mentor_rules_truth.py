"""Mentoring rules a 组织部 clerk checks: a pair starts only once the mentee works (参加工作日期); nobody under 18
works underground (劳动法 第六十四条), on every underground trade; a mentor below the mentee's skill grade is a
warning."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.domain.vocab import TRADES
from jiaomei_desktop.services import mentor, roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.store import Store
from tests.mentor.conftest import TODAY, People, pair_of

SURFACE = ("调度员", "选煤工", "机修钳工", "采样工", "主提升机操作工")


def _worker(
    store: Store, people: People, birth: date, work_start: date, grade: str | None = None, trade: str = "采煤机司机"
) -> str:
    from jiaomei_desktop.domain.enums import PoliticalStatus

    return roster.save_person(
        store,
        PersonData(
            name="赵小军",
            branch_id=people.t01,
            political_status=PoliticalStatus.MASSES,
            birth_date=birth,
            work_start_date=work_start,
            skill_grade=grade,
            trade=trade,
        ),
        today=TODAY,
    )


def test_a_pair_cannot_start_before_the_mentee_works(store: Store, people: People) -> None:
    mentee = _worker(store, people, date(2000, 5, 1), work_start=date(2026, 4, 1))
    with pytest.raises(ValidationFailed) as err:
        mentor.create_pair(store, pair_of(people.wang, mentee, start=date(2026, 3, 1)), today=TODAY)
    assert err.value.errors["start_date"] == "开始日期不能早于徒弟的参加工作日期（2026-04-01）"
    assert mentor.find_ids(store, mentor.PairQuery()) == []
    mentor.create_pair(store, pair_of(people.wang, mentee, start=date(2026, 4, 1)), today=TODAY)


@pytest.mark.parametrize("trade", sorted(rules.UNDERGROUND_TRADES))
def test_a_minor_in_any_underground_trade_is_warned_about(trade: str) -> None:
    warnings = rules.pair_warnings(date(2026, 3, 1), (trade,), date(2008, 6, 1), None, None)
    assert warnings == [f"徒弟在结对开始时未满十八周岁，不得从事井下作业（“{trade}”；劳动法第六十四条）"]
    assert rules.pair_warnings(date(2026, 6, 1), (trade,), date(2008, 6, 1), None, None) == []  # 18 that day


def test_every_form_trade_is_either_underground_or_known_surface() -> None:
    for trade in TRADES:
        assert rules.is_underground(trade) != (trade in SURFACE), trade
    assert rules.is_underground("井下运输工") and rules.is_underground("综掘机司机")
    assert not rules.is_underground("") and not rules.is_underground(None)


def test_the_service_warns_for_the_pairs_and_the_mentees_trade(store: Store, people: People) -> None:
    minor = _worker(store, people, date(2008, 9, 1), work_start=date(2026, 1, 5), trade="瓦斯检查工")
    surface = pair_of(people.wang, minor, start=date(2026, 3, 1), trade="调度员")
    assert mentor.pair_warnings(store, surface) == [
        "徒弟在结对开始时未满十八周岁，不得从事井下作业（“瓦斯检查工”；劳动法第六十四条）"
    ]


def test_a_mentor_below_the_mentees_skill_grade_is_a_warning(store: Store, people: People) -> None:
    roster.save_person(store, roster.get_person(store, people.wang).with_changes(skill_grade="中级工"), today=TODAY)
    mentee = _worker(store, people, date(1995, 5, 1), work_start=date(2015, 7, 1), grade="技师", trade="调度员")
    pair = pair_of(people.wang, mentee, trade="调度员")
    assert mentor.pair_warnings(store, pair) == ["师傅的技能等级（中级工）低于徒弟（技师）"]
    mentor.create_pair(store, pair, today=TODAY)  # a warning: the pair may still be saved
    assert rules.pair_warnings(None, (), None, "高级技师", "技师") == []
    assert rules.pair_warnings(None, (), None, "技师", None) == []
