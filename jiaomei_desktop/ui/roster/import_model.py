"""Table model for an import preview: one line per Excel row, its status in words and colour, and why.

Works for any plan row with `row_number`, `status` (services.excel_io.RowStatus) and the attributes its columns name,
so the roster and the org-tree import share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.ui.theme import ERROR_FG, MUTED_FG

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the plan row object itself

# Status colours (text, background): the word is always there too, so colour is never the only signal.
STATUS_COLORS: dict[RowStatus, tuple[str, str]] = {
    RowStatus.NEW: ("#1E7B34", "#E6F4EA"),
    RowStatus.UPDATE: ("#1A5FB4", "#E8F0FE"),
    RowStatus.UNCHANGED: (MUTED_FG, "#F1F3F4"),
    RowStatus.ERROR: (ERROR_FG, "#FCE8E6"),
}
STATUS_SYMBOLS = {RowStatus.NEW: "＋", RowStatus.UPDATE: "✎", RowStatus.UNCHANGED: "＝", RowStatus.ERROR: "✕"}

# (header, attribute) — "row_number" and "status" are formatted specially.
ROSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("行号"), "row_number"), (N_("状态"), "status"), (N_("姓名"), "name"), (N_("身份证号"), "id_masked"),
    (N_("说明"), "message"),
)


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, rows: Sequence[Any] = (), columns: Sequence[tuple[str, str]] = ROSTER_COLUMNS,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._all: tuple[Any, ...] = tuple(rows)
        self._shown: tuple[Any, ...] = self._all
        self._only: RowStatus | None = None
        self._muted = QBrush(QColor(MUTED_FG))
        self._brushes = {s: (QBrush(QColor(fg)), QBrush(QColor(bg))) for s, (fg, bg) in STATUS_COLORS.items()}

    # -- content -----------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = tuple(rows)
        self._shown = self._filtered()
        self.endResetModel()

    def show_only(self, status: RowStatus | None) -> None:
        """Filter to one status (None = every row)."""
        self.beginResetModel()
        self._only = status
        self._shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> tuple[Any, ...]:
        return self._all if self._only is None else tuple(r for r in self._all if r.status is self._only)

    def row_at(self, row: int) -> Any:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def column_of(self, attribute: str) -> int:
        return next(i for i, (_h, a) in enumerate(self._columns) if a == attribute)

    # -- the view's questions ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._columns):
            return _(self._columns[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.column() < len(self._columns)):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        attribute = self._columns[index.column()][1]
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, attribute, role)
        if role == Qt.ItemDataRole.ForegroundRole and attribute == "name" and not item.name:
            return self._muted
        if role == Qt.ItemDataRole.ForegroundRole and attribute in ("status", "message"):
            if attribute == "message" and item.status not in (RowStatus.ERROR,):
                return None
            return self._brushes[item.status][0]
        if role == Qt.ItemDataRole.BackgroundRole and attribute == "status":
            return self._brushes[item.status][1]
        if role == Qt.ItemDataRole.TextAlignmentRole and attribute in ("row_number", "status"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, item: Any, attribute: str, role: int) -> str | None:
        if attribute == "status":
            return f"{STATUS_SYMBOLS[item.status]} {_(item.status.value)}"
        value = getattr(item, attribute)
        if attribute == "row_number":
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole and attribute != "message":
            return None
        text = str(value or "")
        if attribute == "name" and not text:
            return _("（无姓名）") if role == Qt.ItemDataRole.DisplayRole else None
        if attribute == "kind" and text:
            return _(text)  # a UnitKind value: stored vocabulary, shown in the user's language
        return text
