from datetime import date

import pytest

from jiaomei_desktop.domain.enums import ExitKind, MembershipState
from jiaomei_desktop.services import membership, roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest
from jiaomei_desktop.services.roster import RosterQuery
from tests.conftest import unit_id
from tests.core.test_roster import person


@pytest.fixture
def member(store):  # type: ignore[no-untyped-def]
    return store, roster.save_person(store, person(unit_id(store, "T-01"), "王建国", 1))


def test_transfer_within_the_tree_moves_the_person_and_keeps_them_active(member) -> None:  # type: ignore[no-untyped-def]
    store, pid = member
    b2 = unit_id(store, "T-02")
    membership.change_membership(store, ChangeRequest(pid, MembershipState.TRANSFERRED_OUT, date(2026, 1, 5),
                                                      to_unit_id=b2))
    moved = roster.get_person(store, pid)
    assert moved.branch_id == b2 and moved.membership_state is MembershipState.ACTIVE
    (record,) = membership.history(store, pid)
    assert record.from_unit == "综采一队党支部" and record.to_unit == "掘进二队党支部"


def test_transfer_out_of_the_tree_leaves_the_active_list_but_keeps_the_record(member) -> None:  # type: ignore[no-untyped-def]
    store, pid = member
    membership.change_membership(store, ChangeRequest(pid, MembershipState.TRANSFERRED_OUT, date(2026, 1, 5),
                                                      to_unit_name="某市机关党委"))
    assert roster.find_ids(store, RosterQuery()) == []
    assert roster.find_ids(store, RosterQuery(states=frozenset())) == [pid]
    assert roster.get_person(store, pid).membership_state is MembershipState.TRANSFERRED_OUT


def test_a_change_is_reversible_by_a_new_change(member) -> None:  # type: ignore[no-untyped-def]
    store, pid = member
    membership.change_membership(store, ChangeRequest(pid, MembershipState.DECEASED, date(2026, 1, 5), "因病"))
    membership.change_membership(store, ChangeRequest(pid, MembershipState.ACTIVE, date(2026, 1, 6), "登记错误"))
    assert roster.get_person(store, pid).membership_state is MembershipState.ACTIVE
    assert [r.new_state for r in membership.history(store, pid)] == ["去世", "在册"]


@pytest.mark.parametrize(
    ("request_args", "field"),
    [
        ((MembershipState.EXPELLED, date(2026, 1, 5), ""), "exit_kind"),
        ((MembershipState.EXPELLED, date(2026, 1, 5), "", None, None, ExitKind.PROBATION_CANCELLED), "exit_kind"),
        ((MembershipState.DECEASED, date(2026, 1, 5), "因病", None, None, ExitKind.WITHDREW), "exit_kind"),
        ((MembershipState.TRANSFERRED_OUT, date(2026, 1, 5), ""), "to_unit"),
        ((MembershipState.DECEASED, date(2099, 1, 5), "因病"), "change_date"),
        ((MembershipState.DECEASED, date(2000, 1, 5), "因病"), "change_date"),
        ((MembershipState.ACTIVE, date(2026, 1, 5), ""), "new_state"),
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(member, request_args, field) -> None:  # type: ignore[no-untyped-def]
    store, pid = member
    with pytest.raises(ValidationFailed) as err:
        membership.change_membership(store, ChangeRequest(pid, *request_args))
    assert field in err.value.errors
    assert membership.history(store, pid) == []
    assert roster.get_person(store, pid).membership_state is MembershipState.ACTIVE
