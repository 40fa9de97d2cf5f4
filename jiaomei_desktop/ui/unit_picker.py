"""Unit choices the way the tree shows them, found by typing: 开通下级单位, 党籍变动, 所在支部 and every other list
of units. A group has ~300 units; in storage (UUID) order nobody finds "综采一队党支部" in a drop-down.

`searchable_units(combo, units)` takes any QComboBox whose items carry a unit id as their data, puts the items in
tree order (each unit after its parent, siblings as the tree lists them) and makes the box searchable: typing
"综采", "zongcai" or "zc" lists the units whose name matches, in that order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from jiaomei_desktop.domain import pinyin
from jiaomei_desktop.services.org import UnitData

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 40
PATH_SEPARATOR = " / "  # services.register_common.unit_choices names a unit "上级 / 名称"


def tree_order(units: Sequence[UnitData]) -> dict[str, int]:
    """Each unit's position in the tree read top to bottom (depth first, siblings in the order given)."""
    children: dict[str | None, list[UnitData]] = defaultdict(list)
    known = {u.id for u in units}
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    order: dict[str, int] = {}
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        order[unit.id] = len(order)
        stack.extend(reversed(children.get(unit.id, [])))
    return order


def search_key(text: str) -> str:
    """What typing can match: the text itself, its full pinyin and its initials ("综采一队" → zongcaiyidui, zcyd)."""
    return f"{text.lower()}\n{pinyin.full_pinyin(text)}\n{pinyin.initials(text)}"


class _Matching(QSortFilterProxyModel):
    def __init__(self, parent: QComboBox) -> None:
        super().__init__(parent)
        self._text = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower().replace(" ", "")
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._text:
            return True
        key = self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE) or ""
        return self._text in key


class _OwnNameWhenNarrow(QObject):
    """A chosen "上级 / 名称" that does not fit the box shows the unit's own name, the whole path in the tooltip.
    In English the labels take more room and the line edit scrolled to the end of the text, showing
    “.关党总支 / 集团机关第一党支部”. What the secretary is typing to search is left alone."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        line = combo.lineEdit()
        assert line is not None  # made editable by searchable_units before this
        line.installEventFilter(self)
        combo.currentIndexChanged.connect(lambda _i: self.fit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        line, index = self.combo.lineEdit(), self.combo.currentIndex()
        if line is None or index < 0:
            return
        full = self.combo.itemText(index)
        own = full.rsplit(PATH_SEPARATOR, 1)[-1]
        if line.text() not in (full, own):  # a search being typed
            return
        self.combo.setToolTip(full)
        margins = line.textMargins()
        room = line.contentsRect().width() - margins.left() - margins.right() - 4  # the edit's own text margin
        shown = full if line.fontMetrics().horizontalAdvance(full) <= room else own
        if line.text() != shown:
            line.setText(shown)
        line.setCursorPosition(0)  # a name wider still reads from its start


def searchable_units(combo: QComboBox, units: Sequence[UnitData] = ()) -> QComboBox:
    """Sort `combo`'s unit items by the tree of `units` (items whose id is not among them keep their place at the
    end) and let the secretary type to find one. The current choice is kept."""
    current = combo.currentData()
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    if units:
        order = tree_order(units)
        items.sort(key=lambda item: order.get(item[1], len(order)))
    combo.blockSignals(True)
    combo.clear()
    for n, (text, data) in enumerate(items):
        combo.addItem(text, data)
        combo.setItemData(n, search_key(text), SEARCH_ROLE)
    combo.setCurrentIndex(combo.findData(current) if current is not None else combo.currentIndex())
    combo.blockSignals(False)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # a long unit name must not make the dialog wider than the screen
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    matching = _Matching(combo)
    matching.setSourceModel(combo.model())
    completer = QCompleter(matching, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    assert line is not None  # editable since setEditable(True) above
    line.textEdited.connect(matching.set_text)
    line.textEdited.connect(lambda _text: completer.complete())

    def chosen(index: QModelIndex) -> None:
        # the completer hands an index of its own model; the unit id travels through every proxy
        combo.setCurrentIndex(combo.findData(index.data(Qt.ItemDataRole.UserRole)))
        matching.set_text("")

    # the QModelIndex overload of activated (the default one hands only the text, and unit names repeat)
    cast(Any, completer.activated)[QModelIndex].connect(chosen)
    # leaving the box with text that names no unit puts the chosen unit's name back
    line.editingFinished.connect(
        lambda: combo.setEditText(combo.itemText(combo.currentIndex())) if combo.currentIndex() >= 0 else None)
    line.setPlaceholderText(combo.placeholderText())
    narrow = _OwnNameWhenNarrow(combo)
    line.editingFinished.connect(narrow.fit)  # after the line above has put the whole text back
    return combo
