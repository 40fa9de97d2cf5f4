"""Change history: every change to a watched record is kept and a record can be put back (as a new change)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from jiaomei_desktop.db.models import ChangeLog, Person
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import history, office, roster
from jiaomei_desktop.services.errors import NotFoundError, ServiceError
from tests.conftest import unit_id
from tests.helpers import make_id_number


def _new_person(store, name: str = "王建国", **extra) -> str:  # type: ignore[no-untyped-def]
    data = PersonData(name=name, branch_id=unit_id(store, "T-01"), political_status=PoliticalStatus("群众"),
                      **extra)
    return roster.save_person(store, data)


def _edit(store, person_id: str, **changes) -> None:  # type: ignore[no-untyped-def]
    roster.save_person(store, roster.get_person(store, person_id).with_changes(**changes))


def test_creation_and_edits_are_logged_with_old_values_and_office(store) -> None:  # type: ignore[no-untyped-def]
    person_id = _new_person(store, post="采煤机司机")
    _edit(store, person_id, post="支架工", work_start_date=date(2010, 7, 1))
    entries = history.list_changes(store, "person", person_id)
    assert [e.action for e in entries] == ["update", "insert"]
    latest = entries[0]
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["post"] == ("采煤机司机", "支架工")
    assert changes["work_start_date"] == (None, "2010-07-01")
    assert "version" not in changes and "updated_at" not in changes
    assert latest.office_unit_id == office.office_unit_id(store)
    assert latest.office_name == "测试矿党委"
    assert latest.version == roster.get_person(store, person_id).version


def test_saving_without_changes_logs_nothing(store) -> None:  # type: ignore[no-untyped-def]
    person_id = _new_person(store)
    before = len(history.list_changes(store, "person", person_id))
    with store.transaction() as session:
        row = session.get(Person, person_id)
        row.post = row.post  # same value
    assert len(history.list_changes(store, "person", person_id)) == before


def test_put_back_to_an_earlier_state_is_a_new_versioned_change(store) -> None:  # type: ignore[no-untyped-def]
    id_number = make_id_number(date(1985, 6, 12), True)
    person_id = _new_person(store, post="采煤机司机", id_number=id_number, birth_date=date(1985, 6, 12))
    created = history.list_changes(store, "person", person_id)[-1]
    _edit(store, person_id, name="王建军", post="支架工")
    _edit(store, person_id, notes="调岗")
    version_before = roster.get_person(store, person_id).version
    new_version = history.restore(store, "person", person_id, created.id)
    person = roster.get_person(store, person_id)
    assert (person.name, person.post, person.notes) == ("王建国", "采煤机司机", None)
    assert person.version == new_version == version_before + 1
    entries = history.list_changes(store, "person", person_id)
    assert entries[0].action == "update" and entries[0].note and "恢复到" in entries[0].note
    # The search box finds the old name again: derived columns came back with it.
    assert roster.find_ids(store, roster.RosterQuery(text="王建国")) == [person_id]


def test_delete_is_logged_and_can_be_put_back(store) -> None:  # type: ignore[no-untyped-def]
    person_id = _new_person(store)
    first = history.list_changes(store, "person", person_id)[0]
    with store.transaction() as session:
        row = session.get(Person, person_id)
        row.deleted = True
        office.touch(row)
    assert history.list_changes(store, "person", person_id)[0].action == "delete"
    history.restore(store, "person", person_id, first.id)
    with store.reading() as session:
        assert session.get(Person, person_id).deleted is False


def test_restore_refuses_clearly_and_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    person_id = _new_person(store)
    latest = history.list_changes(store, "person", person_id)[0]
    with pytest.raises(ServiceError, match="无需恢复"):
        history.restore(store, "person", person_id, latest.id)
    with pytest.raises(NotFoundError):
        history.restore(store, "person", person_id, 999_999)
    with pytest.raises(ServiceError, match="没有修改记录"):
        history.list_changes(store, "attendance", person_id)
    with store.transaction() as session:
        session.get(Person, person_id).owner_unit_id = "someone-else"
    with pytest.raises(ServiceError, match="其他单位"):
        history.restore(store, "person", person_id, latest.id)
    with store.reading() as session:
        assert session.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1)) is not None


def test_restore_that_would_duplicate_an_id_number_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    id_number = make_id_number(date(1985, 6, 12), True)
    first = _new_person(store, id_number=id_number, birth_date=date(1985, 6, 12))
    created = history.list_changes(store, "person", first)[0]
    _edit(store, first, id_number=None)
    _new_person(store, name="李四", id_number=id_number, birth_date=date(1985, 6, 12))
    version = roster.get_person(store, first).version
    with pytest.raises(ServiceError, match="无法恢复：身份证号：该身份证号已登记给 李四"):
        history.restore(store, "person", first, created.id)
    assert roster.get_person(store, first).version == version
