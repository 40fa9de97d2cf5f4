"""A member's 党员责任区 (current and past), opened from the roster for the selected person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import zones
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.registers.models import RowsModel
from jiaomei_desktop.ui.registers.zones_tab import ZONE_COLUMNS
from jiaomei_desktop.ui.widgets import close_buttons, list_table


class MemberZonesDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("{name}的责任区").format(name=name))
        fit_to_screen(self, 860, 360)
        rows = zones.zones_for_person(ctx.store, person_id)
        self.model = RowsModel(ZONE_COLUMNS[1:], self)  # all but 责任人: it is this member
        self.model.set_rows(rows)
        self.heading = QLabel(_("{name}：责任区 {n} 个（含已结束）").format(name=name, n=len(rows)), self)
        self.heading.setProperty("role", "heading")
        self.table = list_table(self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # 责任范围: the long text
        self.empty = QLabel(_("{name}还没有责任区 — 在“责任区”页点击“新建”为其划分责任区").format(name=name), self)
        self.empty.setProperty("role", "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)


def show_member_zones(parent: QWidget | None, ctx: AppContext, person_id: str, name: str) -> MemberZonesDialog:
    """Open a member's zones (non-modal); the roster tab calls this for the selected person."""
    dialog = MemberZonesDialog(ctx, person_id, name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
