"""A register's figures as a dialog: a line that sums them up, one or more read-only tables, 关闭 — 技术比武's 统计,
标准化建设's 覆盖情况 and 13710督办's 各单位."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui.registers.models import Column, RowsModel


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    rows: Sequence[Any]
    caption: str = ""  # shown above the table when given
    stretch: int | None = None  # the column that takes the spare width (long names); None: the last


class TablesDialog(QDialog):
    """`models` holds the tables' models, in order."""

    def __init__(self, title: str, summary: str, tables: Sequence[Table], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(summary, self))
        self.models: list[RowsModel] = []
        for table in tables:
            if table.caption:
                layout.addWidget(QLabel(table.caption, self))
            layout.addWidget(self._view(table), 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _view(self, table: Table) -> QTableView:
        model = RowsModel(table.columns, self)
        model.set_rows(table.rows)
        self.models.append(model)
        view = QTableView(self)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.resizeColumnsToContents()
        if table.stretch is None:
            view.horizontalHeader().setStretchLastSection(True)
        else:
            view.horizontalHeader().setSectionResizeMode(table.stretch, QHeaderView.ResizeMode.Stretch)
        return view
