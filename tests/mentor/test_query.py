"""Lists: filters and sorting in SQL, flags for pairs that need attention, a mentor who leaves keeps the history."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.enums import MembershipState, PairState
from jiaomei_desktop.domain.mentor import LogData
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.mentor import PairQuery
from jiaomei_desktop.services.store import Store
from tests.mentor.conftest import TODAY, People, make_pair


def _names(store: Store, query: PairQuery) -> list[str]:
    ids = mentor.find_ids(store, query)
    rows = mentor.fetch_rows(store, ids, TODAY)
    return [rows[i].mentee_name for i in ids]


def _setup(store: Store, people: People) -> dict[str, str]:
    pairs = {
        "sun": make_pair(store, people.wang, people.sun, start=date(2026, 1, 1), end=date(2026, 10, 1)),  # overdue
        "zhou": make_pair(store, people.li, people.zhou, start=date(2026, 10, 1), end=date(2027, 10, 1),
                          trade="液压支架工"),
        "wu": make_pair(store, people.zhao, people.wu, start=date(2026, 2, 1), end=date(2027, 2, 1)),  # stale
        "chen": make_pair(store, people.wang, people.chen, start=date(2026, 5, 1), end=date(2027, 5, 1)),
    }
    mentor.add_log(store, LogData(pairs["chen"], date(2026, 11, 1), "讲解", 2.0), today=TODAY)
    mentor.add_log(store, LogData(pairs["sun"], date(2026, 11, 10), "讲解", 1.0), today=TODAY)
    return pairs


def test_filters(store: Store, people: People) -> None:
    _setup(store, people)
    base = PairQuery(today=TODAY, sort="mentee", descending=False)
    assert _names(store, base) == ["陈晓东", "孙小兵", "吴俊", "周新宇"]
    assert _names(store, PairQuery(unit_id=people.t02, today=TODAY)) == ["吴俊"]
    assert len(_names(store, PairQuery(unit_id=people.root, today=TODAY))) == 4
    assert _names(store, PairQuery(trade="液压支架工", today=TODAY)) == ["周新宇"]
    assert sorted(_names(store, PairQuery(mentor_id=people.wang, today=TODAY))) == ["孙小兵", "陈晓东"]
    assert _names(store, PairQuery(flag="overdue", today=TODAY)) == ["孙小兵"]
    assert _names(store, PairQuery(flag="stale", today=TODAY)) == ["吴俊"]
    assert sorted(_names(store, PairQuery(flag="attention", today=TODAY))) == ["吴俊", "孙小兵"]
    assert mentor.count(store, PairQuery(states=frozenset({PairState.ACTIVE}), today=TODAY)) == 4
    assert mentor.count(store, PairQuery(states=frozenset({PairState.COMPLETED}), today=TODAY)) == 0


def test_search_either_name_with_pinyin(store: Store, people: People) -> None:
    _setup(store, people)
    assert sorted(_names(store, PairQuery(text="王建国", today=TODAY))) == ["孙小兵", "陈晓东"]  # mentor's name
    assert sorted(_names(store, PairQuery(text="wjg", today=TODAY))) == ["孙小兵", "陈晓东"]  # initials
    assert _names(store, PairQuery(text="sunxiao", today=TODAY)) == ["孙小兵"]  # mentee's full pinyin
    assert _names(store, PairQuery(text="ZXY", today=TODAY)) == ["周新宇"]
    assert _names(store, PairQuery(text="%", today=TODAY)) == []


def test_sorting(store: Store, people: People) -> None:
    _setup(store, people)
    by_start = _names(store, PairQuery(sort="start_date", descending=False, today=TODAY))
    assert by_start == ["孙小兵", "吴俊", "陈晓东", "周新宇"]
    by_hours = _names(store, PairQuery(sort="hours", descending=True, today=TODAY))
    assert by_hours[0] == "陈晓东"
    by_last = _names(store, PairQuery(sort="last_log", descending=True, today=TODAY))
    assert by_last[0] == "孙小兵"
    for column in mentor.SORT_COLUMNS:
        assert len(mentor.find_ids(store, PairQuery(sort=column, today=TODAY))) == 4


def test_row_flags(store: Store, people: People) -> None:
    pairs = _setup(store, people)
    rows = mentor.fetch_rows(store, list(pairs.values()), TODAY)
    assert rows[pairs["sun"]].overdue and not rows[pairs["sun"]].stale
    assert rows[pairs["wu"]].stale and not rows[pairs["wu"]].overdue
    assert not rows[pairs["zhou"]].needs_attention
    assert rows[pairs["sun"]].flag_texts() == ["逾期未出师"]
    assert rows[pairs["wu"]].flag_texts() == ["60天无辅导记录"]


def test_mentor_who_leaves_keeps_history_and_is_flagged(store: Store, people: People) -> None:
    pairs = _setup(store, people)
    change_membership(store, ChangeRequest(people.wang, MembershipState.TRANSFERRED_OUT, date(2026, 11, 20),
                                           to_unit_name="外省某矿"), today=TODAY)
    ids = mentor.find_ids(store, PairQuery(today=TODAY))
    assert len(ids) == 4  # nothing deleted
    rows = mentor.fetch_rows(store, ids, TODAY)
    assert rows[pairs["chen"]].mentor_left
    assert "师傅已离开本单位" in rows[pairs["chen"]].flag_texts()
    assert mentor.list_logs(store, pairs["chen"])  # logs kept
    assert set(mentor.find_ids(store, PairQuery(flag="mentor_left", today=TODAY))) == {pairs["sun"], pairs["chen"]}
    # the pair can still be closed
    mentor.terminate_pair(store, pairs["chen"], date(2026, 11, 21), "师傅调离", today=TODAY)


def test_mentor_moved_to_another_branch_is_flagged(store: Store, people: People) -> None:
    pairs = _setup(store, people)
    change_membership(store, ChangeRequest(people.li, MembershipState.TRANSFERRED_OUT, date(2026, 11, 20),
                                           to_unit_id=people.t02), today=TODAY)
    row = mentor.fetch_rows(store, [pairs["zhou"]], TODAY)[pairs["zhou"]]
    assert row.mentor_left and row.unit_id == people.t01


def test_choices(store: Store, people: People) -> None:
    _setup(store, people)
    mentors = mentor.mentor_choices(store, people.t01)
    assert [c.name for c in mentors] == ["李明", "王建国"]  # members of T-01 only, by pinyin
    assert {c.name: c.active_pairs for c in mentors} == {"李明": 1, "王建国": 2}
    assert [c.name for c in mentor.mentor_choices(store, people.root, "zq")] == ["赵强"]
    assert "王建国（综采一队党支部" in mentors[1].label()
    mentees = mentor.mentee_choices(store, people.t01, "")
    assert {c.name for c in mentees} >= {"孙小兵", "周新宇", "陈晓东"}
    assert mentor.trade_choices(store) == ["液压支架工", "采煤机司机"]
    assert [name for _id, name in mentor.mentor_filter_choices(store, people.t02)] == ["赵强"]
