"""Table models of the 数据交换 tab: conflicts, import history and trusted keys (plain lists; they are short)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from jiaomei_desktop.i18n import _, join_phrases
from jiaomei_desktop.services.bundles import ConflictData, ImportLogEntry, TrustedKeyData
from jiaomei_desktop.ui.sync.labels import outcome_label, table_label

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str]]


class ListModel(QAbstractTableModel, Generic[T]):
    """Rows are items; each column is (header, item -> text)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[T] = []

    def columns(self) -> Sequence[Column]:
        """Built on call, so the headers follow the current language."""
        return ()

    def set_items(self, items: list[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns()[index.column()][1](self.items[index.row()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(self.items[index.row()])
        return None

    def tooltip(self, item: T) -> str | None:
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.columns()):
            return self.columns()[section][0]
        return None

    def item(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None


def local_time(value: datetime) -> str:
    """Stored times are UTC (docs/design.md §4: clocks decide nothing); people read their own clock."""
    return f"{value.replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M}"


def record_label(c: ConflictData) -> str:
    data = c.current or c.other
    for key in ("name", "title", "topic", "zone_name", "content"):
        if data.get(key):
            return str(data[key])[:30]
    return c.row_id[:8]


class ConflictModel(ListModel[ConflictData]):
    def columns(self) -> Sequence[Column]:
        return (
            (_("类别"), lambda c: table_label(c.table)),
            (_("记录"), record_label),
            (_("所属单位"), lambda c: c.owner_name),
            (_("版本"), lambda c: str(c.version)),
            (_("发现时间"), lambda c: local_time(c.detected_at)),
            (_("处理"), lambda c: _("本单位可处理") if c.editable else _("由所属单位处理")),
        )

    def tooltip(self, item: ConflictData) -> str:
        return item.description or _("同一版本在两处被改成了不同内容；已按固定规则选出当前内容，另一方保留在这里。")


class HistoryModel(ListModel[ImportLogEntry]):
    def columns(self) -> Sequence[Column]:
        return (
            (_("导入时间"), lambda e: local_time(e.imported_at)),
            (_("来源单位"), lambda e: e.source_name),
            (_("文件"), lambda e: e.file_name),
            (_("结果"), lambda e: join_phrases(f"{outcome_label(k)} {v}" for k, v in e.totals.items() if v)
             or _("无变化")),
        )


class KeysModel(ListModel[TrustedKeyData]):
    def columns(self) -> Sequence[Column]:
        return (
            (_("单位"), lambda k: k.unit_name),
            (_("密钥指纹"), lambda k: k.fingerprint),
            (_("签发单位"), lambda k: _("（根密钥）") if k.issuer_name == k.unit_name else k.issuer_name),
            (_("版本"), lambda k: str(k.serial)),
        )
