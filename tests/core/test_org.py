import pytest

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from tests.conftest import unit_id
from tests.core.test_roster import person


def test_tree_counts_active_members_of_the_subtree(store) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(store, "T-01")
    roster.save_person(store, person(b1, "王建国", 1))
    roster.save_person(store, person(b1, "李明", 2))
    (root,) = org.unit_tree(store)
    assert root.member_count == 2
    assert {c.unit.code: c.member_count for c in root.children} == {"T-01": 2, "T-02": 0}


def test_add_rename_and_move_keep_paths_consistent(store) -> None:  # type: ignore[no-untyped-def]
    root = org.find_unit_by_code(store, "T")
    assert root
    general = org.add_unit(store, root.id, "T-Y1", "机关党总支", UnitKind.GENERAL_BRANCH)
    moved = org.move_unit(store, unit_id(store, "T-02"), general.id)
    assert moved.path == f"{general.path}{moved.id}/"
    renamed = org.rename_unit(store, moved.id, "掘进二队第一党支部", "T-Y1-01")
    assert renamed.code == "T-Y1-01" and renamed.name == "掘进二队第一党支部"
    assert moved.id in org.subtree_ids(store, general.id)


@pytest.mark.parametrize(
    ("parent_code", "kind", "message"),
    [("T-01", UnitKind.COMMITTEE, "不能设立"), ("T", UnitKind.PARTY_GROUP, "不能设立")],
)
def test_kinds_must_fit_the_parent(store, parent_code, kind, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=message):
        org.add_unit(store, unit_id(store, parent_code), "X", "某单位", kind)


def test_duplicate_code_and_empty_name_are_refused(store) -> None:  # type: ignore[no-untyped-def]
    root_id = unit_id(store, "T")
    with pytest.raises(ValidationFailed, match="已被使用"):
        org.add_unit(store, root_id, "T-01", "重复", UnitKind.BRANCH)
    with pytest.raises(ValidationFailed, match="名称"):
        org.add_unit(store, root_id, "T-09", "  ", UnitKind.BRANCH)


def test_cannot_move_a_unit_under_itself(store) -> None:  # type: ignore[no-untyped-def]
    root = org.find_unit_by_code(store, "T")
    general = org.add_unit(store, root.id, "T-Y1", "机关党总支", UnitKind.GENERAL_BRANCH)  # type: ignore[union-attr]
    branch = org.add_unit(store, general.id, "T-Y1-01", "一支部", UnitKind.BRANCH)
    with pytest.raises(ServiceError):
        org.move_unit(store, general.id, branch.id)


def test_a_unit_holding_people_cannot_be_deleted(store) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(store, "T-01")
    roster.save_person(store, person(b1, "王建国", 1))
    with pytest.raises(ServiceError, match="不能删除"):
        org.retire_unit(store, b1)
    org.retire_unit(store, unit_id(store, "T-02"))
    assert org.find_unit_by_code(store, "T-02") is None
