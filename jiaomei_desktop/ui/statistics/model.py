"""The dashboard's figures as one table: a bold line per group, then its figures (指标, 数值, 单位)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.statistics import Dashboard, Figure, FigureGroup

Index = QModelIndex | QPersistentModelIndex
HEADERS = (N_("指标"), N_("数值"), N_("单位"))
GROUP_BG = QColor("#F6ECEE")
LINK = QColor("#9E0B22")


class FiguresModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[FigureGroup | Figure] = []

    def set_dashboard(self, dash: Dashboard | None) -> None:
        self.beginResetModel()
        self._rows = [] if dash is None else [item for g in dash.groups for item in (g, *g.figures)]
        self.endResetModel()

    def item(self, row: int) -> FigureGroup | Figure | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < 3):
            return None
        item = self._rows[index.row()]
        if isinstance(item, FigureGroup):
            return self._group_data(item, index.column(), role)
        return self._figure_data(item, index.column(), role)

    @staticmethod
    def _group_data(group: FigureGroup, column: int, role: int):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(group.title) if column == 0 else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return GROUP_BG
        if role == Qt.ItemDataRole.ToolTipRole and group.note:
            return _(group.note)
        return None

    @staticmethod
    def _figure_data(figure: Figure, column: int, role: int):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole:
            return ("    " + _(figure.label), figure.display(), "" if figure.unit == "%" else _(figure.unit))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and figure.clickable:
            return LINK
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = _("双击查看这{n}条记录").format(n=len(figure.ids)) if figure.clickable else ""
            return "\n".join(t for t in (_(figure.note) if figure.note else "", hint) if t) or None
        return None
