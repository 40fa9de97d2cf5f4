"""Year-end figures are the roll as of the year's 12-31 (党内统计), rebuilt from membership dates and changes:
never today's roll under a past date."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.enums import ExitKind, Gender, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import roster, statistics
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.statistics.report import members_paragraph
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id

TODAY = date(2026, 11, 23)


def _member(store: Store, name: str, branch: str, join: date, full: date | None) -> str:
    status = PoliticalStatus.FULL_MEMBER if full and full <= TODAY else PoliticalStatus.PROBATIONARY
    return roster.save_person(
        store,
        PersonData(
            name=name,
            branch_id=branch,
            gender=Gender.MALE,
            birth_date=date(1985, 5, 5),
            political_status=status,
            join_date=join,
            full_member_date=full if status is PoliticalStatus.FULL_MEMBER else None,
        ),
        today=TODAY,
    )


def _build(store: Store) -> dict[str, str]:
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    p = {
        "old": _member(store, "王一", b1, date(2010, 7, 1), date(2011, 7, 1)),
        # 预备 on 2025-12-31, 正式 today
        "prob_then": _member(store, "王二", b1, date(2025, 6, 1), date(2026, 6, 1)),
        # joined after 2025: not a member on 2025-12-31
        "new": _member(store, "王三", b1, date(2026, 3, 1), None),
        # left in 2026: still a member on 2025-12-31
        "left_2026": _member(store, "王四", b1, date(2012, 7, 1), date(2013, 7, 1)),
        # expelled in 2025: gone by 2025-12-31, one 出党 in 2025
        "expelled_2025": _member(store, "王五", b2, date(2012, 7, 1), date(2013, 7, 1)),
        # moved from T-02 to T-01 in 2026: in T-02 on 2025-12-31
        "moved_2026": _member(store, "王六", b1, date(2014, 7, 1), date(2015, 7, 1)),
        # 转正 in 2025
        "full_2025": _member(store, "王七", b2, date(2024, 4, 1), date(2025, 4, 1)),
    }
    change_membership(
        store,
        ChangeRequest(p["left_2026"], MembershipState.TRANSFERRED_OUT, date(2026, 2, 1), to_unit_name="外单位党委"),
        today=TODAY,
    )
    change_membership(
        store,
        ChangeRequest(
            p["expelled_2025"],
            MembershipState.EXPELLED,
            date(2025, 5, 1),
            reason="严重违纪",
            exit_kind=ExitKind.EXPELLED,
        ),
        today=TODAY,
    )
    # 王六 started in T-02: record it there, then move to T-01 in 2026
    roster.save_person(store, roster.get_person(store, p["moved_2026"]).with_changes(branch_id=b2), today=TODAY)
    change_membership(
        store,
        ChangeRequest(p["moved_2026"], MembershipState.TRANSFERRED_OUT, date(2026, 4, 1), to_unit_id=b1),
        today=TODAY,
    )
    return p


def test_a_past_year_counts_the_roll_of_its_last_day(store: Store) -> None:
    people = _build(store)
    dash = statistics.dashboard(store, None, 2025, today=TODAY)
    assert dash.as_of == date(2025, 12, 31)
    # 王一, 王二 (预备 then), 王四 (left 2026), 王六 (moved 2026), 王七; not 王三 (joined 2026), not 王五 (出党 2025)
    assert dash.value("members.total") == 5
    assert dash.value("members.full") == 4 and dash.value("members.probationary") == 1
    assert set(dash.figure("members.probationary").ids) == {people["prob_then"]}
    assert people["new"] not in dash.figure("members.total").ids
    assert people["expelled_2025"] not in dash.figure("members.total").ids
    assert people["left_2026"] in dash.figure("members.total").ids
    by_unit = {f.label: f.value for f in dash.group("by_unit").figures}
    assert by_unit["综采一队党支部"] == 3 and by_unit["掘进二队党支部"] == 2  # 王六 still in T-02 then


def test_the_year_flows(store: Store) -> None:
    people = _build(store)
    y2025 = statistics.dashboard(store, None, 2025, today=TODAY)
    assert y2025.figure("flows.joined").ids == (people["prob_then"],)
    assert y2025.figure("flows.became_full").ids == (people["full_2025"],)
    assert y2025.figure("flows.expelled").ids == (people["expelled_2025"],)
    assert y2025.value("flows.transferred_out") == 0
    y2026 = statistics.dashboard(store, None, 2026, today=TODAY)
    assert y2026.figure("flows.joined").ids == (people["new"],)
    assert y2026.figure("flows.transferred_out").ids == (people["left_2026"],)
    # The move inside the store is neither 转入 nor 转出 for the committee, but is both for the branches.
    assert y2026.value("flows.transferred_in") == 0
    b1 = statistics.dashboard(store, unit_id(store, "T-01"), 2026, today=TODAY)
    b2 = statistics.dashboard(store, unit_id(store, "T-02"), 2026, today=TODAY)
    assert b1.figure("flows.transferred_in").ids == (people["moved_2026"],)
    assert b2.figure("flows.transferred_out").ids == (people["moved_2026"],)


def test_the_running_year_is_todays_roll(store: Store) -> None:
    _build(store)
    dash = statistics.dashboard(store, None, 2026, today=TODAY)
    assert dash.as_of == TODAY
    # 王一, 王二, 王三 (预备), 王六, 王七
    assert dash.value("members.total") == 5 and dash.value("members.probationary") == 1


def test_the_sentence_states_the_roll_of_the_date_it_names(store: Store) -> None:
    _build(store)
    text = members_paragraph(statistics.dashboard(store, None, 2025, today=TODAY))
    assert text.startswith("截至2025年12月31日，测试矿党委共有党员5名，其中正式党员4名、预备党员1名")
