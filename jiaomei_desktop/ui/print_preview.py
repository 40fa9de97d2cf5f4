"""Print preview for every document: the PDF bytes shown with QtPdf, Save as PDF, Print through Qt's print dialog;
and batch rendering (e.g. 135 certificates into one PDF) in the background with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageLayout, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.tasks import BackgroundTask

RenderProgress = Callable[[int, int], bool]
PRINT_DPI_CAP = 300  # pages are rasterised for the printer; more than this only costs memory


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None, file_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 1000)  # a whole A4 page where the screen has room; its buttons always in view
        self.pdf = pdf
        self._file_name = file_name or f"{title}.pdf"
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.save_button = QPushButton(_("保存为 PDF…"), self)
        self.print_button = QPushButton(_("打印…"), self)
        close_button = QPushButton(_("关闭"), self)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_dialog)
        close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_as)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_dialog)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.save_button, self.print_button, close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def page_count(self) -> int:
        return self.document.pageCount()

    def save_as(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("保存为 PDF"), self._file_name, _("PDF 文件 (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, _("保存失败"), _("无法保存到 {path}：{error}").format(path=path, error=exc))

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setPageOrientation(self._orientation())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("打印"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def _orientation(self) -> QPageLayout.Orientation:
        size = self.document.pagePointSize(0) if self.page_count() else None
        if size is not None and size.width() > size.height():
            return QPageLayout.Orientation.Landscape
        return QPageLayout.Orientation.Portrait

    def print_to(self, printer: QPrinter) -> None:
        """Rasterise each page at the printer's resolution (capped) and fit it to the printable area."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, _("打印失败"), _("无法开始打印，请检查打印机"))
            return
        try:
            dpi = min(printer.resolution(), PRINT_DPI_CAP)
            for index in range(self.page_count()):
                if index:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                image = self.document.render(
                    index, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                )
                area = QRectF(painter.viewport())
                scale = min(area.width() / image.width(), area.height() / image.height())
                target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                target.moveCenter(area.center())
                painter.drawImage(target, image)
        finally:
            painter.end()


def render_in_background(
    parent: QWidget, title: str, render: Callable[[RenderProgress], bytes], show_dialog: bool = True
) -> BackgroundTask:
    """Start `render(progress)` in a worker thread; `progress(done, total)` returns False once the user cancels.

    Connect to the task's `done(bytes)` and `error(exc)` (a Cancelled when cancelled) and keep the task referenced.
    """

    def job(progress: Progress) -> bytes:
        def report(done: int, total: int) -> bool:
            if progress.cancelled:
                return False
            progress.step(done, total, _("正在生成 {done}/{total}").format(done=done, total=total))
            return True

        return render(report)

    task = BackgroundTask(parent, title, job, show_dialog=show_dialog)
    task.start()
    return task


def show_preview(parent: QWidget | None, pdf: bytes, title: str, file_name: str = "") -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf, title, parent, file_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
