"""A row of buttons and filters that wraps onto a second line when the window is narrow.

A tab's action row used to be a QHBoxLayout: its minimum width was the sum of every button, and the tab stack's
minimum width the widest such row of any tab built so far (责任区: 1,222 px in Chinese, 1,493 in English), which
squeezed the unit tree and pushed the window past a 1366-px screen. `FlowLayout` keeps the QHBoxLayout calls the tabs
use (addWidget with a stretch, insertWidget, addStretch) and lays the items out in as many rows as the width needs;
its minimum width is that of its widest single item. Within a row, spare width goes to the items with a stretch, so
on a wide screen the row looks as before (search box wide, export buttons pushed right by a stretch).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: list[int] = []
        self._spacing = spacing
        self._heights: dict[int, int] = {}  # heightForWidth, asked for hundreds of times per layout pass
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # -- the QHBoxLayout calls the tabs make -------------------------------------------------------------------
    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:
        self.insertWidget(len(self._items), widget, stretch)

    def insertWidget(self, index: int, widget: QWidget, stretch: int = 0) -> None:
        self.addChildWidget(widget)
        self._insert(index, QWidgetItem(widget), stretch)

    def addStretch(self, stretch: int = 1) -> None:
        spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._insert(len(self._items), spacer, stretch)

    def _insert(self, index: int, item: QLayoutItem, stretch: int) -> None:
        index = max(0, min(index, len(self._items)))
        self._items.insert(index, item)
        self._stretch.insert(index, stretch)
        self.invalidate()

    # -- QLayout -----------------------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._insert(len(self._items), item, 0)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self._stretch.pop(index)
        item = self._items.pop(index)
        self.invalidate()
        return item

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if width not in self._heights:
            self._heights[width] = self._layout(QRect(0, 0, width, 0), apply=False)
        return self._heights[width]

    def invalidate(self) -> None:
        """Qt calls this on every item before laying a window out again (and when an item changes)."""
        if hasattr(self, "_heights"):  # not yet during QLayout's own __init__
            self._heights.clear()
        super().invalidate()

    def sizeHint(self) -> QSize:
        """All items on one line, as a QHBoxLayout would want."""
        visible = [item for item in self._items if not item.isEmpty()]
        width = sum(item.sizeHint().width() for item in visible) + self._spacing * max(0, len(visible) - 1)
        height = max((item.sizeHint().height() for item in visible), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest single item: everything else can go onto the next line."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._layout(rect, apply=True)

    # -- placing ----------------------------------------------------------------------------------------------
    def _shown(self, width: int) -> list[tuple[QLayoutItem, int]]:
        """The items placed at this width, with their stretch (ui.toolbar_row leaves out those folded into its menu).
        A stretch is "empty" to Qt but takes spare width."""
        return [
            (item, stretch)
            for item, stretch in zip(self._items, self._stretch, strict=True)
            if not item.isEmpty() or item.spacerItem() is not None
        ]

    def _hint(self, item: QLayoutItem) -> QSize:
        return item.sizeHint()

    def _minimum(self, item: QLayoutItem) -> QSize:
        return item.minimumSize()

    def _rows(
        self, shown: list[tuple[QLayoutItem, int]], width: int, hint: Callable[[QLayoutItem], QSize] | None = None
    ) -> list[list[tuple[QLayoutItem, int]]]:
        hint = hint or self._hint
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item, stretch in shown:
            wanted = hint(item).width()
            if rows[-1] and used + self._spacing + wanted > width:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wanted
            rows[-1].append((item, stretch))
        return [row for row in rows if row]

    def _layout(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        # each item measured once per pass (a button's size hint goes through the style sheet; a pass asked four
        # times per item, and a tab's row is laid out dozens of times while the tab is built and shown)
        hints: dict[int, QSize] = {}
        minimums: dict[int, QSize] = {}

        def hint(item: QLayoutItem) -> QSize:
            if (size := hints.get(id(item))) is None:
                size = hints[id(item)] = self._hint(item)
            return size

        def minimum(item: QLayoutItem) -> QSize:
            if (size := minimums.get(id(item))) is None:
                size = minimums[id(item)] = self._minimum(item)
            return size

        for row in self._rows(self._shown(area.width()), area.width(), hint):
            items = [item for item, _stretch in row]
            stretches = [stretch for _item, stretch in row]
            widths = [min(hint(item).width(), area.width()) for item in items]
            widths = [
                max(w, min(minimum(item).width(), area.width())) for w, item in zip(widths, items, strict=True)
            ]
            spare = area.width() - sum(widths) - self._spacing * (len(row) - 1)
            stretch = sum(stretches)
            if spare > 0 and stretch:
                # spare width to the stretching items, in proportion; the last one takes what rounding left over
                shares = [spare * s // stretch for s in stretches]
                last = max(n for n, s in enumerate(stretches) if s)
                shares[last] += spare - sum(shares)
                widths = [w + s for w, s in zip(widths, shares, strict=True)]
            height = max(hint(item).height() for item in items)
            x = area.x()
            for item, width in zip(items, widths, strict=True):
                item_height = min(height, max(hint(item).height(), minimum(item).height()))
                if apply:
                    top = y + (height - item_height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
                x += width + self._spacing
            y += height + self._spacing
        used = y - area.y() - self._spacing if y > area.y() else 0
        return used + margins.top() + margins.bottom()
