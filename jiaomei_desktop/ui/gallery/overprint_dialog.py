"""套打设置: print the selected certificates' words onto a bought certificate book's inner sheet.

Choose the printer and the sheet (a preset or by hand), print the calibration page, type the measured positions of
crosses A and B; the offset and scale are computed and kept for that printer (reports.settings, in the data folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.certificates import CertificateData
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.overprint import SHEET_PRESETS, Overprint, calibrate, render_calibration, render_overprint
from jiaomei_desktop.reports.settings import load_overprint, save_overprint
from jiaomei_desktop.services.errors import ServiceError

if TYPE_CHECKING:  # the preview is imported when first shown (see _show)
    from jiaomei_desktop.ui.print_preview import PrintPreviewDialog

SETTINGS_FILE = "document_settings.json"


def _spin(parent: QWidget, low: float, high: float, value: float, decimals: int = 1) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setValue(value)
    return spin


class OverprintDialog(QDialog):
    def __init__(
        self,
        data_dir: Path,
        items: Callable[[], list[CertificateData]],
        printers: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("套打荣誉证书"))
        self._settings = Path(data_dir) / SETTINGS_FILE
        self._items = items
        self.printer = QComboBox(self)
        self.printer.setEditable(True)  # no printer installed yet: a name typed here still keeps its calibration
        self.printer.addItems(printers or [_("默认打印机")])
        self.preset = QComboBox(self)
        for name, size in SHEET_PRESETS.items():
            self.preset.addItem(_(name), size)
        self.preset.addItem(_("手动输入"), None)
        self.sheet_width = _spin(self, 80, 600, 285)
        self.sheet_height = _spin(self, 80, 600, 210)
        self.measured = [_spin(self, -50, 650, v) for v in (20, 20, 265, 190)]
        self.offset_x = _spin(self, -40, 40, 0)
        self.offset_y = _spin(self, -40, 40, 0)
        self.scale = _spin(self, 0.8, 1.2, 1.0, 4)
        calibration = QPushButton(_("打印校准页…"), self)
        calibration.clicked.connect(self.print_calibration)
        compute = QPushButton(_("按量得的数值计算并保存"), self)
        compute.clicked.connect(self.apply_measured)
        form = QFormLayout()
        form.addRow(_("打印机"), self.printer)
        form.addRow(_("内芯"), self.preset)
        size_row = QHBoxLayout()
        size_row.addWidget(self.sheet_width)
        size_row.addWidget(QLabel("×", self))
        size_row.addWidget(self.sheet_height)
        size_row.addWidget(QLabel(_("毫米"), self))
        form.addRow(_("尺寸"), size_row)
        form.addRow("", calibration)
        marks = QHBoxLayout()
        for label, spin in zip(("A→", "A↓", "B→", "B↓"), self.measured, strict=True):
            marks.addWidget(QLabel(label, self))
            marks.addWidget(spin)
        form.addRow(_("量得（毫米）"), marks)
        form.addRow("", compute)
        form.addRow(_("偏移 →"), self.offset_x)
        form.addRow(_("偏移 ↓"), self.offset_y)
        form.addRow(_("缩放"), self.scale)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(_("套打预览…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.clicked.connect(self.preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.printer.currentTextChanged.connect(self.load_printer)
        self._preset_changed()
        self.load_printer(self.printer.currentText())
        self._preview: PrintPreviewDialog | None = None

    def _preset_changed(self) -> None:
        size = self.preset.currentData()
        for spin in (self.sheet_width, self.sheet_height):
            spin.setEnabled(size is None)
        if size is not None:
            self.sheet_width.setValue(size[0])
            self.sheet_height.setValue(size[1])

    def load_printer(self, name: str) -> None:
        """The sheet and calibration kept for this printer, if any."""
        saved = load_overprint(self._settings, name) if name else None
        if saved is None:
            return
        index = next(
            (i for i in range(self.preset.count()) if self.preset.itemData(i) == (saved.width_mm, saved.height_mm)),
            self.preset.count() - 1,
        )
        self.preset.setCurrentIndex(index)
        self.sheet_width.setValue(saved.width_mm)
        self.sheet_height.setValue(saved.height_mm)
        self.offset_x.setValue(saved.offset_x_mm)
        self.offset_y.setValue(saved.offset_y_mm)
        self.scale.setValue(saved.scale)

    def sheet(self) -> Overprint:
        return Overprint(
            self.sheet_width.value(),
            self.sheet_height.value(),
            self.offset_x.value(),
            self.offset_y.value(),
            self.scale.value(),
        )

    def print_calibration(self) -> None:
        self._show(
            lambda: render_calibration(Overprint(self.sheet_width.value(), self.sheet_height.value())), _("套打校准页")
        )

    def apply_measured(self) -> bool:
        ax, ay, bx, by = (s.value() for s in self.measured)
        try:
            fixed = calibrate(Overprint(self.sheet_width.value(), self.sheet_height.value()), (ax, ay), (bx, by))
            save_overprint(self._settings, self.printer.currentText(), fixed)
        except ReportError as exc:
            QMessageBox.warning(self, _("校准"), str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self, _("校准"), _("无法保存套打校准：{error}").format(error=exc.strerror or exc))
            return False
        self.offset_x.setValue(fixed.offset_x_mm)
        self.offset_y.setValue(fixed.offset_y_mm)
        self.scale.setValue(fixed.scale)
        return True

    def render_pdf(self) -> bytes:
        return render_overprint(self._items(), self.sheet())

    def preview(self) -> None:
        self._show(self.render_pdf, _("荣誉证书（套打）"))

    def _show(self, render: Callable[[], bytes], title: str) -> None:
        try:
            pdf = render()
        except (ReportError, ServiceError) as exc:
            QMessageBox.warning(self, _("无法生成"), str(exc))
            return
        from jiaomei_desktop.ui.print_preview import show_preview

        self._preview = show_preview(self, pdf, title, f"{title}.pdf")
