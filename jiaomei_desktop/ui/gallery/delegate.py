"""How a gallery card is drawn: photo on top, name, unit and post, the highest honour with its level."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from jiaomei_desktop.domain.enums import HonorLevel
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.honors import GalleryCard
from jiaomei_desktop.ui.gallery.model import CARD_ROLE, PHOTO_BOX
from jiaomei_desktop.ui.theme import MUTED_FG, PARTY_RED

CARD_SIZE = QSize(PHOTO_BOX.width() + 36, PHOTO_BOX.height() + 120)
_LEVEL_COLOURS = {HonorLevel.NATIONAL: "#9E0B22", HonorLevel.PROVINCIAL: "#C8102E", HonorLevel.MUNICIPAL: "#D2582A",
                  HonorLevel.GROUP: "#B8860B", HonorLevel.MINE: "#5F6B7A"}
_BORDER = QColor("#E2DDD6")
_SELECTED_BG = QColor("#FBEFF1")


class CardDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(CARD_SIZE)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        card: GalleryCard | None = index.data(CARD_ROLE)
        photo = index.data(Qt.ItemDataRole.DecorationRole)
        rect = option.rect.adjusted(4, 4, -4, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(PARTY_RED) if selected else _BORDER, 2 if selected else 1))
        painter.setBrush(_SELECTED_BG if selected else QColor("white"))
        painter.drawRoundedRect(rect, 6, 6)
        photo_rect = QRect(rect.x() + (rect.width() - PHOTO_BOX.width()) // 2, rect.y() + 10, PHOTO_BOX.width(),
                           PHOTO_BOX.height())
        if isinstance(photo, QPixmap):
            painter.drawPixmap(photo_rect, photo)
        if card is not None:
            self._paint_text(painter, option, card, rect, photo_rect.bottom() + 8)
        painter.restore()

    def _paint_text(self, painter: QPainter, option: QStyleOptionViewItem, card: GalleryCard, rect: QRect,
                    top: int) -> None:
        inner = rect.adjusted(10, 0, -10, 0)
        name_font = QFont(option.font)
        name_font.setPointSizeF(option.font.pointSizeF() * 1.2)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(QColor("#1A1A1A"))
        metrics = QFontMetrics(name_font)
        name_rect = QRect(inner.x(), top, inner.width(), metrics.height())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignHCenter,
                         metrics.elidedText(card.name, Qt.TextElideMode.ElideRight, inner.width()))
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        metrics = QFontMetrics(small)
        y = name_rect.bottom() + 4
        line = " · ".join(p for p in (card.unit_name, card.post) if p)
        painter.setPen(QColor(MUTED_FG))
        painter.drawText(QRect(inner.x(), y, inner.width(), metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                         metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, inner.width()))
        y += metrics.height() + 6
        badge = _(card.honor_level)
        badge_w = metrics.horizontalAdvance(badge) + 10
        badge_rect = QRect(inner.x(), y, badge_w, metrics.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_LEVEL_COLOURS.get(card.honor_level, MUTED_FG)))
        painter.drawRoundedRect(badge_rect, 3, 3)
        painter.setPen(QColor("white"))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        painter.setPen(QColor(PARTY_RED))
        title_rect = QRect(badge_rect.right() + 6, y + 1, inner.right() - badge_rect.right() - 6, metrics.height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(card.honor_title, Qt.TextElideMode.ElideRight, title_rect.width()))
        y += metrics.height() + 6
        month = _("{y}年{m}月").format(y=card.award_date.year, m=f"{card.award_date.month:02d}")
        if card.honor_count > 1:
            footer = _("{month} · 共{n}项荣誉").format(month=month, n=card.honor_count)
        else:
            footer = f"{month} · {_(card.honor_category)}"
        painter.setPen(QColor(MUTED_FG))
        painter.drawText(QRect(inner.x(), y, inner.width(), metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                         metrics.elidedText(footer, Qt.TextElideMode.ElideRight, inner.width()))
