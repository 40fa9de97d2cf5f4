"""辅导记录 as a timeline: newest on top, a red dot per meeting on a thin line, date and hours above the content."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.mentor import LogRow
from jiaomei_desktop.ui.theme import MUTED_FG, PARTY_RED

LOG_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADING_ROLE = Qt.ItemDataRole.UserRole + 2
CONTENT_ROLE = Qt.ItemDataRole.UserRole + 3
GUTTER = 28
PADDING = 6

Index = QModelIndex | QPersistentModelIndex


class LogModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._logs: list[LogRow] = []

    def set_logs(self, logs: list[LogRow]) -> None:
        self.beginResetModel()
        self._logs = list(logs)
        self.endResetModel()

    def log_at(self, row: int) -> LogRow | None:
        return self._logs[row] if 0 <= row < len(self._logs) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._logs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._logs):
            return None
        log = self._logs[index.row()]
        if role == LOG_ID_ROLE:
            return log.id
        if role == HEADING_ROLE:
            return heading(log)
        if role == CONTENT_ROLE:
            return log.content
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{heading(log)}\n{log.content}"
        return None


def heading(log: LogRow) -> str:
    parts = [f"{log.log_date:%Y-%m-%d}", _("{hours}学时").format(hours=f"{log.hours:g}")]
    if log.assessment:
        parts.append(_("考核：{a}").format(a=log.assessment))
    return "  ·  ".join(parts)


class TimelineDelegate(QStyledItemDelegate):
    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, option.font

    def _content_rect(self, option: QStyleOptionViewItem, heading_height: int, width: int) -> QRect:
        return QRect(option.rect.left() + GUTTER, option.rect.top() + PADDING + heading_height + 2,
                     max(40, width - GUTTER - PADDING), 10_000)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        bold, normal = self._fonts(option)
        width = option.rect.width() if option.rect.width() > 0 else 360
        heading_height = QFontMetrics(bold).height()
        text = str(index.data(CONTENT_ROLE) or "")
        box = QFontMetrics(normal).boundingRect(self._content_rect(option, heading_height, width),
                                                int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, heading_height + box.height() + 2 * PADDING + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bold, normal = self._fonts(option)
        heading_height = QFontMetrics(bold).height()
        x = option.rect.left() + GUTTER // 2
        painter.setPen(QPen(QColor("#D9D9D9"), 2))
        painter.drawLine(x, option.rect.top(), x, option.rect.bottom())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PARTY_RED))
        painter.drawEllipse(x - 5, option.rect.top() + PADDING + heading_height // 2 - 5, 10, 10)
        painter.setPen(QColor("black"))
        painter.setFont(bold)
        painter.drawText(QRect(option.rect.left() + GUTTER, option.rect.top() + PADDING,
                               option.rect.width() - GUTTER - PADDING, heading_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         str(index.data(HEADING_ROLE) or ""))
        painter.setFont(normal)
        painter.setPen(QColor(MUTED_FG) if not option.state & QStyle.StateFlag.State_Selected else QColor("black"))
        rect = self._content_rect(option, heading_height, option.rect.width())
        rect.setBottom(option.rect.bottom())
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), str(index.data(CONTENT_ROLE) or ""))
        painter.restore()


class TimelineView(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_model = LogModel(self)
        self.setModel(self.log_model)
        self.setItemDelegate(TimelineDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def current_log(self) -> LogRow | None:
        index = self.currentIndex()
        return self.log_model.log_at(index.row()) if index.isValid() else None
