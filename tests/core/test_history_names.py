"""修改记录 names the units and people a change points to, not their ids (issue 15: "UUID → UUID")."""

from __future__ import annotations

from dataclasses import replace

from jiaomei_desktop.services import history, roster
from tests.conftest import unit_id
from tests.core.test_roster import person


def test_a_moved_member_shows_the_branch_names(store) -> None:  # type: ignore[no-untyped-def]
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    person_id = roster.save_person(store, person(b1, "王建国", 1))
    moved = replace(roster.get_person(store, person_id), branch_id=b2)
    roster.save_person(store, moved)
    newest = history.list_changes(store, "person", person_id)[0]
    change = next(c for c in newest.changes if c.field == "branch_id")
    assert (change.old, change.new) == (b1, b2)  # the ids stay for putting the record back
    assert (change.old_name, change.new_name) == ("综采一队党支部", "掘进二队党支部")
    assert newest.office_name == "测试矿党委"


def test_plain_fields_and_unknown_ids_have_no_name(store) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(store, "T-01")
    person_id = roster.save_person(store, person(b1, "李明", 2))
    roster.save_person(store, replace(roster.get_person(store, person_id), post="采煤班组"))
    change = next(c for c in history.list_changes(store, "person", person_id)[0].changes if c.field == "post")
    assert change.old_name is None and change.new_name is None
    assert history._ids([({"branch_id": "gone"}, {"post": "x"})], history.UNIT_FIELDS) == {"gone"}
