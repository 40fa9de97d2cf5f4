"""Membership dates against 党章 第七条 and 发展党员工作细则 第三十二条: 转正 on the first anniversary of 入党, or at
the end of a recorded 延长预备期 of 6 to 12 months; 出党 only in the prescribed kinds; a 预备党员 past the 预备期
flagged in the roster."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain.enums import ExitKind, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData, add_months, is_past_probation, probation_end, validate_person
from jiaomei_desktop.services import membership, roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id

TODAY = date(2026, 11, 23)
FULL = PersonData(
    name="王建国",
    branch_id="b",
    political_status=PoliticalStatus.FULL_MEMBER,
    join_date=date(2020, 7, 1),
    full_member_date=date(2021, 7, 1),
)


def test_full_membership_on_the_first_anniversary_is_accepted() -> None:
    assert validate_person(FULL, TODAY).ok
    assert probation_end(date(2020, 7, 1)) == date(2021, 7, 1)


@pytest.mark.parametrize("full", [date(2021, 6, 30), date(2021, 7, 2), date(2021, 7, 20), date(2022, 1, 1)])
def test_any_other_full_membership_date_is_an_error_naming_the_right_one(full: date) -> None:
    result = validate_person(FULL.with_changes(full_member_date=full), TODAY)
    assert "full_member_date" in result.errors
    assert "2021-07-01" in result.errors["full_member_date"] and "一周年" in result.errors["full_member_date"]


@pytest.mark.parametrize(("months", "full"), [(6, date(2022, 1, 1)), (12, date(2022, 7, 1)), (9, date(2022, 4, 1))])
def test_a_recorded_extension_of_six_to_twelve_months_moves_the_date(months: int, full: date) -> None:
    extended = FULL.with_changes(probation_extension_months=months, full_member_date=full)
    assert validate_person(extended, TODAY).ok
    wrong = validate_person(extended.with_changes(full_member_date=date(2021, 7, 1)), TODAY)
    assert f"延长预备期{months}个月后" in wrong.errors["full_member_date"]


@pytest.mark.parametrize("months", [0, 3, 5, 13, 24])
def test_an_extension_outside_six_to_twelve_months_is_refused(months: int) -> None:
    result = validate_person(FULL.with_changes(probation_extension_months=months), TODAY)
    assert result.errors["probation_extension_months"] == "延长预备期应为6至12个月"


def test_an_extension_is_only_for_party_members() -> None:
    activist = PersonData(
        name="孙强", branch_id="b", political_status=PoliticalStatus.MASSES, probation_extension_months=6
    )
    assert "probation_extension_months" in validate_person(activist, TODAY).errors


def test_month_arithmetic_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 1, 31), 13) == date(2026, 2, 28)
    assert probation_end(date(2025, 8, 31), 6) == date(2027, 2, 28)


def test_a_probationary_member_past_the_year_is_flagged() -> None:
    prob = PersonData(
        name="张丽", branch_id="b", political_status=PoliticalStatus.PROBATIONARY, join_date=date(2025, 6, 1)
    )
    assert not is_past_probation(prob, date(2026, 6, 1))  # the anniversary itself: the 支部大会 meets that day
    assert is_past_probation(prob, date(2026, 6, 2))
    assert not is_past_probation(prob.with_changes(probation_extension_months=6), date(2026, 11, 23))
    assert is_past_probation(prob.with_changes(probation_extension_months=6), date(2026, 12, 2))
    assert not is_past_probation(FULL, TODAY)


def _probationary(store: Store, name: str, joined: date, extension: int | None = None) -> str:
    return roster.save_person(
        store,
        PersonData(
            name=name,
            branch_id=unit_id(store, "T-01"),
            political_status=PoliticalStatus.PROBATIONARY,
            join_date=joined,
            probation_extension_months=extension,
        ),
        today=TODAY,
    )


def test_the_roster_list_flags_a_probationary_member_past_the_year(store: Store) -> None:
    overdue = _probationary(store, "张丽", date(2025, 6, 1))
    in_time = _probationary(store, "李明", date(2026, 1, 10))
    extended = _probationary(store, "刘洋", date(2025, 8, 1), extension=6)
    rows = roster.fetch_rows(store, roster.find_ids(store, RosterQuery()), today=TODAY)
    assert rows[overdue].probation_overdue
    assert not rows[in_time].probation_overdue and not rows[extended].probation_overdue


def test_the_extension_is_stored_and_read_back(store: Store) -> None:
    pid = _probationary(store, "刘洋", date(2025, 8, 1), extension=6)
    assert roster.get_person(store, pid).probation_extension_months == 6


def _full(store: Store, name: str = "王建国") -> str:
    return roster.save_person(
        store,
        PersonData(
            name=name,
            branch_id=unit_id(store, "T-01"),
            political_status=PoliticalStatus.FULL_MEMBER,
            join_date=date(2010, 7, 1),
            full_member_date=date(2011, 7, 1),
        ),
        today=TODAY,
    )


def test_leaving_the_party_takes_a_prescribed_kind(store: Store) -> None:
    pid = _full(store)
    with pytest.raises(ValidationFailed) as err:
        membership.change_membership(
            store, ChangeRequest(pid, MembershipState.EXPELLED, date(2026, 1, 5), "严重违纪"), today=TODAY
        )
    assert "开除党籍" in err.value.errors["exit_kind"] and "取消预备党员资格" in err.value.errors["exit_kind"]
    assert roster.get_person(store, pid).membership_state is MembershipState.ACTIVE
    membership.change_membership(
        store,
        ChangeRequest(pid, MembershipState.EXPELLED, date(2026, 1, 5), "严重违纪", exit_kind=ExitKind.EXPELLED),
        today=TODAY,
    )
    record = membership.history(store, pid)[0]
    assert record.exit_kind == "开除党籍" and record.reason == "严重违纪"


def test_only_a_probationary_member_loses_the_probationary_status(store: Store) -> None:
    pid = _full(store)
    with pytest.raises(ValidationFailed) as err:
        membership.change_membership(
            store,
            ChangeRequest(pid, MembershipState.EXPELLED, date(2026, 1, 5), exit_kind=ExitKind.PROBATION_CANCELLED),
            today=TODAY,
        )
    assert err.value.errors["exit_kind"] == "取消预备党员资格只适用于预备党员"
    prob = _probationary(store, "张丽", date(2026, 1, 10))
    membership.change_membership(
        store,
        ChangeRequest(prob, MembershipState.EXPELLED, date(2026, 9, 1), exit_kind=ExitKind.PROBATION_CANCELLED),
        today=TODAY,
    )
    assert membership.history(store, prob)[0].exit_kind == "取消预备党员资格"


def test_a_non_member_cannot_leave_the_party(store: Store) -> None:
    pid = roster.save_person(
        store,
        PersonData(name="孙强", branch_id=unit_id(store, "T-01"), political_status=PoliticalStatus.MASSES),
        today=TODAY,
    )
    with pytest.raises(ValidationFailed) as err:
        membership.change_membership(
            store,
            ChangeRequest(pid, MembershipState.EXPELLED, date(2026, 1, 5), exit_kind=ExitKind.WITHDREW),
            today=TODAY,
        )
    assert "不是党员" in err.value.errors["new_state"]


def test_a_transfer_moves_the_organisation_not_the_party_membership(store: Store) -> None:
    pid = _full(store)
    membership.change_membership(
        store,
        ChangeRequest(pid, MembershipState.TRANSFERRED_OUT, date(2026, 1, 5), to_unit_name="某市机关党委"),
        today=TODAY,
    )
    person = roster.get_person(store, pid)
    assert person.political_status is PoliticalStatus.FULL_MEMBER  # still a party member elsewhere
    assert membership.history(store, pid)[0].exit_kind == ""
    with pytest.raises(ValidationFailed) as err:
        membership.change_membership(
            store,
            ChangeRequest(
                _full(store, "李明"),
                MembershipState.TRANSFERRED_OUT,
                date(2026, 1, 5),
                to_unit_name="某市机关党委",
                exit_kind=ExitKind.WITHDREW,
            ),
            today=TODAY,
        )
    assert "exit_kind" in err.value.errors
