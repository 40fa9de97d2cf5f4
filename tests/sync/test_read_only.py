"""Records another office keeps are read-only here (docs/design.md §4): after provisioning, the parent can neither change
the child's records nor file new ones under the child's units; the child, a standalone store and sync can."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.enums import MembershipState, UnitKind
from jiaomei_desktop.services import bundles, history, membership, org, ownership, roster, study, zones
from jiaomei_desktop.services.errors import ReadOnlyRecord
from jiaomei_desktop.services.membership import ChangeRequest
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.services.study.model import SessionData
from jiaomei_desktop.sync.tables import synced_tables
from tests.sync.conftest import add_person, delete_person, edit_person, export, person_row, synced_rows, unit_id

ROW_REFUSED = "该记录由“{office}”维护，本机只读。"
UNIT_REFUSED = "该单位的记录由“{office}”维护，本机只读，不能在其下新增或移入记录。"


def _handed_person(store) -> str:  # type: ignore[no-untyped-def]
    """王建国, entered at the group for C1-01 before the offices existed (tests/sync/conftest.py)."""
    with store.reading() as s:
        return s.query(Person).filter(Person.name == "王建国").one().id


def test_parent_cannot_edit_or_delete_a_handed_over_record(tree) -> None:
    pid = _handed_person(tree.group)
    before = synced_rows(tree.group)
    with pytest.raises(ReadOnlyRecord) as edit:
        edit_person(tree.group, pid, post="采煤机司机")
    assert str(edit.value) == ROW_REFUSED.format(office="一矿党委")
    with pytest.raises(ReadOnlyRecord):
        delete_person(tree.group, pid)
    assert synced_rows(tree.group) == before


def test_parent_cannot_file_new_records_under_a_provisioned_unit(tree) -> None:
    before = synced_rows(tree.group)
    with pytest.raises(ReadOnlyRecord) as refused:
        add_person(tree.group, "C1-01", "李四", 2)
    assert str(refused.value) == UNIT_REFUSED.format(office="一矿党委")
    with pytest.raises(ReadOnlyRecord):
        org.add_unit(tree.group, unit_id(tree.group, "C1"), "C1-03", "一矿机电队党支部", UnitKind.BRANCH)
    with pytest.raises(ReadOnlyRecord):
        study.save_session(tree.group, SessionData(unit_id=unit_id(tree.group, "C1-01"), kind="支委会",
                                                   session_date=date(2026, 3, 2), topic="学习安全规程"),
                           today=date(2026, 3, 3))
    with pytest.raises(ReadOnlyRecord):
        zones.save_zone(tree.group, zones.ZoneData(person_id=_handed_person(tree.group), zone_name="8101工作面"))
    assert synced_rows(tree.group) == before


def test_the_committee_refuses_its_branch_but_keeps_its_own_unit(tree) -> None:
    with pytest.raises(ReadOnlyRecord) as refused:
        add_person(tree.c1, "C1-02", "赵六", 4)
    assert str(refused.value) == UNIT_REFUSED.format(office="一矿掘进队党支部")
    pid = add_person(tree.c1, "C1", "钱七", 5)  # members kept at the committee itself
    edit_person(tree.c1, pid, post="党委书记")
    assert person_row(tree.c1, pid).post == "党委书记"


def test_units_not_handed_over_stay_editable(tree) -> None:
    pid = add_person(tree.group, "C2-01", "孙八", 6)
    edit_person(tree.group, pid, post="电工")
    delete_person(tree.group, pid)
    assert person_row(tree.group, pid).deleted
    org.retire_unit(tree.group, unit_id(tree.group, "C2-01"))


def test_moves_into_or_retiring_a_provisioned_unit_are_refused(tree) -> None:
    pid = add_person(tree.group, "C2-01", "孙八", 6)
    before = synced_rows(tree.group)
    with pytest.raises(ReadOnlyRecord):
        edit_person(tree.group, pid, branch_id=unit_id(tree.group, "C1-02"))
    with pytest.raises(ReadOnlyRecord):
        membership.change_membership(tree.group, ChangeRequest(pid, MembershipState.TRANSFERRED_OUT, date(2026, 1, 5),
                                                               to_unit_id=unit_id(tree.group, "C1-02")))
    with pytest.raises(ReadOnlyRecord):
        org.move_unit(tree.group, unit_id(tree.group, "C2-01"), unit_id(tree.group, "C1"))
    with pytest.raises(ReadOnlyRecord):
        org.retire_unit(tree.group, unit_id(tree.group, "C1-02"))
    assert synced_rows(tree.group) == before


def test_the_owner_edits_and_sync_still_carries_it_up(tree, tmp_path) -> None:
    pid = _handed_person(tree.b1)
    edit_person(tree.b1, pid, post="采煤机司机")
    new = add_person(tree.b1, "C1-01", "李四", 2)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    assert person_row(tree.group, pid).post == "采煤机司机"
    assert person_row(tree.group, new).name == "李四"
    # the group now knows the branch's key: the marker names the branch, not the committee
    assert ownership.record_foreign_owner(tree.group, "person", pid) == "一矿综采队党支部"
    with pytest.raises(ReadOnlyRecord, match="一矿综采队党支部"):
        edit_person(tree.group, pid, post="电工")


def test_history_restore_works_for_own_rows_only(tree) -> None:
    pid = _handed_person(tree.b1)
    edit_person(tree.b1, pid, post="采煤机司机")
    edit_person(tree.b1, pid, post="电工")
    first = history.list_changes(tree.b1, "person", pid)[-1]  # the row arrived by sync: the oldest entry is the edit
    history.restore(tree.b1, "person", pid, first.id)
    assert person_row(tree.b1, pid).post == "采煤机司机"
    at_group = _handed_person(tree.group)
    before = person_row(tree.group, at_group)
    entered = history.list_changes(tree.group, "person", at_group)[-1]  # the group typed it in before the handover
    with pytest.raises(ReadOnlyRecord, match="一矿党委"):
        history.restore(tree.group, "person", at_group, entered.id)
    assert person_row(tree.group, at_group).version == before.version
    assert not bundles.is_owned_here(tree.group, before.owner_unit_id)


def test_what_the_screens_ask(tree) -> None:
    pid = _handed_person(tree.group)
    row = person_row(tree.group, pid)
    assert ownership.foreign_owner(tree.group, row.owner_unit_id) == "一矿党委"
    assert ownership.record_foreign_owner(tree.group, "person", pid) == "一矿党委"
    assert ownership.record_foreign_owner(tree.b1, "person", pid) is None
    assert ownership.record_foreign_owner(tree.group, "person", "no-such-id") is None
    assert ownership.unit_foreign_maintainer(tree.group, unit_id(tree.group, "C1-01")) == "一矿党委"
    assert ownership.unit_foreign_maintainer(tree.group, unit_id(tree.group, "C2-01")) is None
    assert ownership.unit_foreign_maintainer(tree.b1, unit_id(tree.b1, "C1-01")) is None
    assert ownership.marker_text("一矿党委") == "由“一矿党委”维护 · 只读"
    # group-owned data is read-only below the group
    group_unit = unit_id(tree.b1, "G")
    assert ownership.unit_foreign_maintainer(tree.b1, group_unit) == "测试集团党委"
    with pytest.raises(ReadOnlyRecord):
        org.rename_unit(tree.b1, group_unit, "改名的集团党委")


def test_a_standalone_store_owns_and_edits_everything(demo_store) -> None:
    with demo_store.reading() as s:
        pid = s.query(Person).filter(Person.deleted.is_(False)).first().id
    roster.save_person(demo_store, roster.get_person(demo_store, pid).with_changes(post="检修工"))
    assert roster.get_person(demo_store, pid).post == "检修工"
    assert ownership.record_foreign_owner(demo_store, "person", pid) is None
    assert bundles.is_owned_here(demo_store, person_row(demo_store, pid).owner_unit_id)
    roster.save_person(demo_store, roster.get_person(demo_store, pid).with_changes(post="电工"))
    first = history.list_changes(demo_store, "person", pid)[-1]
    history.restore(demo_store, "person", pid, first.id)  # no office: putting a record back is an edit like any other
    assert roster.get_person(demo_store, pid).post == "检修工"
    branch = roster.get_person(demo_store, pid).branch_id
    assert ownership.unit_foreign_maintainer(demo_store, branch) is None


def test_a_store_without_an_office_owns_everything(tmp_path) -> None:
    store = open_store(tmp_path / "empty")
    try:
        assert ownership.foreign_owner(store, "any-unit") is None
        assert ownership.unit_foreign_maintainer(store, "any-unit") is None
        unit = org.create_office_unit(store, "X", "新单位党支部", UnitKind.BRANCH, parent_name="某矿党委")
        assert ownership.unit_foreign_maintainer(store, unit.parent_id) is None  # the recorded parent is no office
    finally:
        store.close()


def test_every_synced_table_has_a_filing_rule() -> None:
    """A new synced table must say how its new rows are filed, or the guard would let it through unchecked."""
    classified = set(ownership.UNIT_COLUMN) | set(ownership.PARENT_ROW) | ownership.UNFILED
    assert {t.name for t in synced_tables()} == classified


def test_roster_excel_import_leaves_the_child_offices_members_alone(tree, tmp_path) -> None:
    """The preview marks rows the office may not write; importing writes only the others."""
    from jiaomei_desktop.services.roster_excel import RowStatus, commit_roster_import, plan_roster_import
    from tests.excel_fixtures import ID_A, ID_B, write_sheet

    handed = person_row(tree.group, _handed_person(tree.group))
    path = write_sheet(tmp_path / "roster.xlsx", ("姓名", "身份证号", "人员类别", "所在支部", "岗位"), [
        ("李四", ID_A, "群众", "一矿综采队党支部", "检修工"),  # new, in a unit the committee's office keeps
        ("孙八", ID_B, "群众", "二矿机电队党支部", "电工"),  # new, in a unit the group keeps
        ("王建国", handed.id_number, None, "一矿综采队党支部", "采煤机司机"),  # the handed-over member, changed
    ], text_columns=(1,))
    plan = plan_roster_import(tree.group, path)
    by_name = {r.name: r for r in plan.rows}
    assert by_name["李四"].status is RowStatus.ERROR
    assert by_name["李四"].message == UNIT_REFUSED.format(office="一矿党委")
    assert by_name["王建国"].status is RowStatus.ERROR
    assert by_name["王建国"].message == ROW_REFUSED.format(office="一矿党委")
    assert by_name["孙八"].status is RowStatus.NEW
    summary = commit_roster_import(tree.group, plan)
    assert (summary.created, summary.updated, summary.skipped_errors) == (1, 0, 2)
    assert person_row(tree.group, handed.id).post is None
    with tree.group.reading() as s:
        assert {p.name for p in s.query(Person)} == {"王建国", "孙八"}


def test_a_unit_handed_over_after_the_preview_stops_the_whole_import(tree, tmp_path) -> None:
    from jiaomei_desktop.services.roster_excel import commit_roster_import, plan_roster_import
    from tests.excel_fixtures import ID_B, write_sheet

    path = write_sheet(tmp_path / "roster.xlsx", ("姓名", "身份证号", "人员类别", "所在支部"),
                       [("孙八", ID_B, "群众", "二矿机电队党支部")], text_columns=(1,))
    plan = plan_roster_import(tree.group, path)
    bundles.provision_child(tree.group, unit_id(tree.group, "C2"), tmp_path / "c2.jms", "correct horse battery")
    before = synced_rows(tree.group)
    with pytest.raises(ReadOnlyRecord) as refused:
        commit_roster_import(tree.group, plan)
    assert str(refused.value) == ("第4行（孙八）：该单位的记录由“二矿党委”维护，本机只读，不能在其下新增或移入记录。"
                                  "未导入任何记录。")
    assert synced_rows(tree.group) == before
