"""Unit pickers list the units in tree order and find one by name, pinyin or initials (issue 15)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org
from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
from jiaomei_desktop.ui.unit_picker import SEARCH_ROLE, searchable_units, tree_order
from tests.conftest import unit_id


def _units(store):  # type: ignore[no-untyped-def]
    root = unit_id(store, "T")
    mine = org.add_unit(store, root, "T-03", "机电队党总支", UnitKind.GENERAL_BRANCH)
    org.add_unit(store, mine.id, "T-03-01", "机电一队党支部", UnitKind.BRANCH)
    return org.list_units(store)


def test_tree_order_puts_each_unit_after_its_parent(store) -> None:  # type: ignore[no-untyped-def]
    units = _units(store)
    order = tree_order(units)
    by_code = {u.code: order[u.id] for u in units}
    assert by_code["T"] == 0
    assert by_code["T-03"] < by_code["T-03-01"]
    assert sorted(order.values()) == list(range(len(units)))


def test_a_combo_is_sorted_by_the_tree_and_found_by_pinyin_and_initials(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    units = _units(store)
    combo = QComboBox()
    qtbot.addWidget(combo)
    for unit in sorted(units, key=lambda u: u.id):  # storage order: by UUID
        combo.addItem(unit.name, unit.id)
    chosen = unit_id(store, "T-02")
    combo.setCurrentIndex(combo.findData(chosen))
    searchable_units(combo, units)
    order = tree_order(units)
    assert [order[combo.itemData(i)] for i in range(combo.count())] == list(range(len(units)))
    assert combo.currentData() == chosen  # the choice survives the sorting
    matching = combo.completer().model()
    for typed, expected in (("jd", ["机电队党总支", "机电一队党支部"]), ("zongcai", ["综采一队党支部"]),
                            ("掘进", ["掘进二队党支部"])):
        matching.set_text(typed)
        assert [matching.index(r, 0).data() for r in range(matching.rowCount())] == expected, typed
    assert "zcydd" in combo.itemData(combo.findData(unit_id(store, "T-01")), SEARCH_ROLE)
    combo.completer().activated.emit("")  # a stray signal without an index changes nothing
    assert combo.currentData() == chosen


def test_membership_transfer_target_is_searchable(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import roster
    from tests.core.test_roster import person

    person_id = roster.save_person(ctx.store, person(unit_id(ctx.store, "T-01"), "王建国", 1))
    dialog = MembershipDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    target = dialog._target
    assert target.isEditable() and target.completer() is not None
    assert target.itemData(0, SEARCH_ROLE)


def test_moving_a_unit_offers_targets_in_tree_order_by_search(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.org.unit_dialog import MoveUnitDialog

    units = _units(store)
    branch = next(u for u in units if u.code == "T-03-01")
    holder = QComboBox()  # any parent widget
    qtbot.addWidget(holder)
    dialog = MoveUnitDialog(holder, branch, units)
    target = dialog._target
    assert target.isEditable() and target.count() >= 1
    order = tree_order(units)
    positions = [order[target.itemData(i)] for i in range(target.count())]
    assert positions == sorted(positions)
    assert all(UnitKind.BRANCH.value not in target.itemText(i) for i in range(target.count()))


def test_a_path_too_wide_for_the_box_shows_the_unit_s_own_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    """English forms leave the unit box less room; the line edit scrolled to the end of “上级 / 名称” and showed
    “.关党总支 / 集团机关第一党支部”. Where the path does not fit, the box shows the unit's own name and the whole path
    in its tooltip; a search being typed is left alone; the choice is unchanged throughout."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    font = holder.font()
    font.setPixelSize(20)  # the offscreen platform's fallback font is narrow: make the path clearly wider than the box
    holder.setFont(font)
    combo = QComboBox(holder)
    other = QLineEdit(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(combo)
    layout.addWidget(other)
    full = "山西焦煤集团有限责任公司机关委员会集团机关党总支 / 集团机关第一党支部"
    combo.addItem("集团机关党总支", "u1")
    combo.addItem(full, "u2")
    searchable_units(combo)
    combo.setCurrentIndex(1)
    holder.resize(1200, 80)
    holder.show()
    holder.activateWindow()
    qtbot.waitActive(holder)
    other.setFocus()  # the box is not being typed in
    assert combo.lineEdit().text() == full  # room enough: the whole path
    combo.setMinimumWidth(0)
    combo.setMinimumContentsLength(4)
    holder.resize(170, 80)
    qtbot.waitUntil(lambda: combo.lineEdit().text() == "集团机关第一党支部")
    assert combo.lineEdit().fontMetrics().horizontalAdvance(full) > combo.lineEdit().width()
    assert combo.toolTip() == full and combo.currentData() == "u2"
    combo.lineEdit().setFocus()
    qtbot.waitUntil(combo.lineEdit().hasFocus)
    assert combo.lineEdit().text() == "集团机关第一党支部"  # focused at a dialog's opening, as 召开单位 is
    combo.lineEdit().selectAll()  # as Tab into the box does
    qtbot.keyClicks(combo.lineEdit(), "zc")  # a search typed is left alone
    holder.resize(1190, 80)
    qtbot.waitUntil(lambda: combo.lineEdit().width() > 600)
    assert combo.lineEdit().text() == "zc"
    other.setFocus()  # leaving the box puts the chosen unit back
    assert combo.lineEdit().text() == full and combo.currentData() == "u2"
