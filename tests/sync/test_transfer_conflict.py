"""A member moving between branches: the second branch enters the same ID number before the first records the
move. The committee lists one conflict naming both people and both offices, and takes everything else the second
branch sent; nothing is refused as a whole."""

from __future__ import annotations

from jiaomei_desktop.domain.idnumber import mask
from jiaomei_desktop.services import bundles
from tests.sync.conftest import add_person, export, person_row, unit_id


def test_same_id_number_from_a_second_branch_is_one_named_conflict(tree, tmp_path) -> None:
    first = add_person(tree.b2, "C1-02", "赵六", 5)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    number = person_row(tree.b2, first).id_number
    # b1 enters the same person (she moved) and one more member of its own
    moved = add_person(tree.b1, "C1-01", "赵六", 5)  # the same ID number
    other = add_person(tree.b1, "C1-01", "钱七", 6)
    summary = bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert summary.totals()["rejected"] == 0 and summary.totals()["conflicts"] == 1
    assert person_row(tree.c1, other) is not None  # the rest of the bundle is in
    assert person_row(tree.c1, moved) is None  # held back, the first record unchanged
    assert person_row(tree.c1, first).name == "赵六"
    (conflict,) = bundles.list_conflicts(tree.c1)
    assert conflict.row_id == moved
    text = conflict.description
    for words in ("赵六", "一矿综采队党支部", "一矿掘进队党支部", "C1-01", "C1-02", mask(number)):
        assert words in text, (words, text)
    assert number not in text  # the full ID number is never shown
    assert moved not in text and first not in text  # no UUIDs
    # a replay changes nothing, and the conflict is listed once
    bundles.import_bundle(tree.c1, tmp_path / "b1.jmb")
    assert len(bundles.list_conflicts(tree.c1)) == 1


def test_the_held_row_is_taken_once_the_number_is_free(tree, tmp_path) -> None:
    from tests.sync.conftest import delete_person, edit_person

    first = add_person(tree.b2, "C1-02", "赵六", 5)
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2.jmb"))
    moved = add_person(tree.b1, "C1-01", "赵六", 5)  # the same ID number
    assert person_row(tree.b1, moved).id_number == person_row(tree.b2, first).id_number
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    assert person_row(tree.c1, moved) is None
    delete_person(tree.b2, first)  # the first branch records that she left
    bundles.import_bundle(tree.c1, export(tree.b2, tmp_path / "b2-again.jmb"))
    edit_person(tree.b1, moved, phone="13800000000")  # the second branch saves her again
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1-again.jmb"))
    assert person_row(tree.c1, moved) is not None
    assert unit_id(tree.c1, "C1-01") == person_row(tree.c1, moved).branch_id
    assert bundles.list_conflicts(tree.c1) == []  # the held side is superseded by the newer version
