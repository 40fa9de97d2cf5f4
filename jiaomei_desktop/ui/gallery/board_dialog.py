"""Options for printing a 光荣榜: title, unit, period, paper size and orientation."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.honors import BoardOptions


class BoardOptionsDialog(QDialog):
    def __init__(self, unit_name: str, period: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("打印光荣榜（{n} 个）").format(n=count))
        self.title = QLineEdit(_("光荣榜"), self)
        self.unit = QLineEdit(unit_name, self)
        self.period = QLineEdit(period, self)
        self.period.setPlaceholderText(_("如 2026年度"))
        self.paper = QComboBox(self)
        self.paper.addItem(_("A3（张贴用）"), "A3")
        self.paper.addItem(_("A4"), "A4")
        self.landscape = QCheckBox(_("横向"), self)
        self.landscape.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("生成预览"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("标题"), self.title)
        form.addRow(_("单位"), self.unit)
        form.addRow(_("时间"), self.period)
        form.addRow(_("纸张"), self.paper)
        form.addRow("", self.landscape)
        form.addRow(buttons)

    def options(self) -> BoardOptions:
        return BoardOptions(title=self.title.text().strip() or _("光荣榜"), unit=self.unit.text().strip(),
                            period=self.period.text().strip(), paper=self.paper.currentData(),
                            landscape=self.landscape.isChecked())
