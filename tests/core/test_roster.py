from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.roster import DuplicateIdNumber, RosterQuery
from tests.conftest import unit_id
from tests.helpers import make_id_number

_VALID = make_id_number(date(1980, 1, 6), sequence=5)
WRONG_CHECK_DIGIT = _VALID[:-1] + ("1" if _VALID[-1] != "1" else "2")


def person(branch_id: str, full_name: str, seq: int, /, **changes: object) -> PersonData:
    birth = date(1980, 1, 1 + seq % 27)
    base = PersonData(
        name=full_name, branch_id=branch_id, id_number=make_id_number(birth, sequence=seq), birth_date=birth,
        political_status=PoliticalStatus.FULL_MEMBER, join_date=date(2005, 7, 1), full_member_date=date(2006, 7, 1),
        phone=f"1380000{seq:04d}",
    )
    return replace(base, **changes)


@pytest.fixture
def filled(store):  # type: ignore[no-untyped-def]
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    ids = {
        "王建国": roster.save_person(store, person(b1, "王建国", 1)),
        "吴家光": roster.save_person(store, person(b1, "吴家光", 2, political_status=PoliticalStatus.PROBATIONARY,
                                                   full_member_date=None, join_date=date(2026, 3, 1))),
        "李明": roster.save_person(store, person(b2, "李明", 3)),
        "张丽": roster.save_person(store, person(b2, "张丽", 4, id_number=None, phone="13912345678")),
    }
    return store, ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [("王建国", {"王建国"}), ("wangjianguo", {"王建国"}), ("wjg", {"王建国", "吴家光"}), ("WJG", {"王建国", "吴家光"}),
     ("0030", set()), ("13912345678", {"张丽"}), ("%", set()), ("li", {"李明", "张丽"})],
)
def test_search_by_name_pinyin_initials_id_digits_phone(filled, text, expected) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    found = set(roster.find_ids(store, RosterQuery(text=text)))
    assert found == {ids[n] for n in expected}


def test_search_by_last_digits_of_id_number(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    number = roster.get_person(store, ids["李明"]).id_number
    assert roster.find_ids(store, RosterQuery(text=number[-6:])) == [ids["李明"]]  # type: ignore[index]


def test_filters_by_subtree_status_and_state(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    b1 = unit_id(store, "T-01")
    assert set(roster.find_ids(store, RosterQuery(unit_id=b1))) == {ids["王建国"], ids["吴家光"]}
    probationary = RosterQuery(statuses=frozenset({PoliticalStatus.PROBATIONARY}))
    assert roster.find_ids(store, probationary) == [ids["吴家光"]]
    assert roster.count(store, RosterQuery(unit_id=unit_id(store, "T"))) == 4


def test_sorted_by_pinyin_and_reversible(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    names = [roster.fetch_rows(store, [i])[i].name for i in roster.find_ids(store, RosterQuery())]
    assert names == ["李明", "王建国", "吴家光", "张丽"]
    desc = roster.find_ids(store, RosterQuery(descending=True))
    assert desc[0] == ids["张丽"]


def test_rows_mask_id_numbers(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    row = roster.fetch_rows(store, [ids["王建国"]])[ids["王建国"]]
    assert "*" * 8 in row.id_masked and len(row.id_masked) == 18


def test_duplicate_id_number_is_refused_naming_the_holder(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    existing = roster.get_person(store, ids["王建国"])
    with pytest.raises(DuplicateIdNumber) as err:
        roster.save_person(store, person(unit_id(store, "T-02"), "王建设", 9, id_number=existing.id_number))
    assert err.value.existing_id == ids["王建国"]
    assert "王建国" in str(err.value)
    assert roster.count(store, RosterQuery()) == 4


def test_edit_bumps_the_version_and_keeps_the_id(filled) -> None:  # type: ignore[no-untyped-def]
    store, ids = filled
    before = roster.get_person(store, ids["李明"])
    roster.save_person(store, before.with_changes(post="调度室"))
    after = roster.get_person(store, ids["李明"])
    assert after.post == "调度室" and after.version == before.version + 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "姓名"),
        ({"id_number": WRONG_CHECK_DIGIT}, "id_number", "校验位"),
        ({"birth_date": date(1981, 5, 5)}, "birth_date", "不一致"),
        ({"full_member_date": date(2004, 1, 1)}, "full_member_date", "晚于入党日期"),
        ({"political_status": PoliticalStatus.PROBATIONARY}, "full_member_date", "预备党员"),
        ({"join_date": date(2099, 1, 1), "full_member_date": None}, "join_date", "晚于今天"),
        ({"phone": "12ab"}, "phone", "电话"),
        ({"branch_id": "no-such-unit"}, "branch_id", "不存在"),
    ],
)
def test_each_rule_has_a_clear_message_and_nothing_is_written(store, changes, field, message) -> None:  # type: ignore[no-untyped-def]
    bad = person(unit_id(store, "T-01"), "赵强", 5, **changes)
    with pytest.raises(ValidationFailed) as err:
        roster.save_person(store, bad)
    assert message in err.value.errors[field]
    assert roster.count(store, RosterQuery(states=frozenset())) == 0


def test_gender_and_birth_date_are_filled_from_the_id_number(store) -> None:  # type: ignore[no-untyped-def]
    data = person(unit_id(store, "T-01"), "钱芳", 6, birth_date=None, gender=None)
    saved = roster.get_person(store, roster.save_person(store, data))
    assert saved.birth_date == date(1980, 1, 7)
    assert saved.gender is not None and saved.membership_state is MembershipState.ACTIVE
