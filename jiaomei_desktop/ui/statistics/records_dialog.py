"""The records behind a figure: a read-only list, with the count in the title."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.statistics import RecordList
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.registers.models import Column, RowsModel
from jiaomei_desktop.ui.widgets import close_buttons, list_table


class RecordsDialog(QDialog):
    def __init__(self, records: RecordList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("{title}（{n}条）").format(title=_(records.title), n=len(records.rows)))
        fit_to_screen(self, 860, 520)
        self.model = RowsModel([Column(c, lambda row, i=i: row[i]) for i, c in enumerate(records.columns)], self)
        self.model.set_rows(records.rows)
        self.table = list_table(self.model, self)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel(_("这些记录合计即为该指标；如需修改，请到相应的页签中打开记录"), self)
        note.setProperty("role", "muted")
        buttons = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
