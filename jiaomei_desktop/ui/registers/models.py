"""A read-only table model over a list of plain rows, with columns given as (header, value function, right-aligned),
and optionally a row's colours (13710督办 and 督导 paint an overdue row red on pink, a finished one grey).

The registers hold hundreds to a few thousand rows per unit, so a plain list (re-read on every change) is enough;
the roster-style lazy id model is for the 100,000-person lists. A view asks about ten roles of every cell it paints
or measures, most of them answered None: so a row's texts are made once, when first asked, and kept until the next
`set_rows`, and the roles answered are tested first (the generic lookups took a third of a register's filter change).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from jiaomei_desktop.i18n import _

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND, _BACKGROUND = int(Qt.ItemDataRole.ForegroundRole.value), int(Qt.ItemDataRole.BackgroundRole.value)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True)
class Column:
    header: str  # marked with N_() where defined, translated when shown
    value: Callable[[Any], object]
    right: bool = False


# a row's (text, background) colours, None for the view's own; asked on every paint, so cheap
RowColours = Callable[[Any], tuple[QColor | None, QColor | None]]


class RowsModel(QAbstractTableModel):
    def __init__(  # type: ignore[no-untyped-def]
        self, columns: Sequence[Column], parent=None, colours: RowColours | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._colours = colours
        self._rows: list[Any] = []
        self._texts: list[tuple[str, ...] | None] = []  # a row's cell texts, made when first asked
        self._alignments = tuple(_RIGHT if c.right else _LEFT for c in self._columns)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._columns):
            return _(self._columns[section].header)
        return None

    def data(self, index: Index, role: int = _DISPLAY):  # type: ignore[no-untyped-def]
        role = int(role)
        if role in (_DISPLAY, _TOOLTIP):
            r, c = index.row(), index.column()
            if not (0 <= r < len(self._rows) and 0 <= c < len(self._alignments)):
                return None
            texts = self._texts[r]
            if texts is None:
                row = self._rows[r]
                texts = self._texts[r] = tuple("" if (v := col.value(row)) is None else str(v) for col in self._columns)
            return texts[c]
        if role == _ALIGN:
            c = index.column()
            return self._alignments[c] if index.isValid() and 0 <= c < len(self._alignments) else None
        if self._colours is not None and role in (_FOREGROUND, _BACKGROUND):
            r, c = index.row(), index.column()
            if not (0 <= r < len(self._rows) and 0 <= c < len(self._alignments)):
                return None
            return self._colours(self._rows[r])[0 if role == _FOREGROUND else 1]
        return None
