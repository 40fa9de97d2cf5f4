"""Print preview for every document: the PDF bytes shown with QtPdf, Save as PDF, Print through Qt's print dialog;
and batch rendering (e.g. 135 certificates into one PDF) in the background with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui import print_job
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.tasks import BackgroundTask

RenderProgress = Callable[[int, int], bool]


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
        self.note = QLabel(self)  # what the layout had to do, e.g. a placard continued on a second panel
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

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
        """Qt's print dialog on paper of the PDF's own size; A3 on an A4 printer offers halves or scaling; a printer
        whose hard margins would cut the document is named before anything is sent."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if self.page_count():
            print_job.set_actual_size(printer, self.document)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mode = print_job.PrintMode.ACTUAL
        if print_job.needs_larger_paper(printer, self.document):
            mode = self._ask_small_paper()
            if mode is None:
                return
        if mode is print_job.PrintMode.ACTUAL:
            print_job.set_actual_size(printer, self.document)
            warning = print_job.margin_warning(printer, self.document)
            if warning and QMessageBox.warning(
                self, _("打印边距"), warning + _("是否仍然打印？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            ) != QMessageBox.StandardButton.Yes:
                return
        self.print_to(printer, mode)

    def _ask_small_paper(self) -> print_job.PrintMode | None:
        box = QMessageBox(QMessageBox.Icon.Question, _("纸张"), _("这台打印机没有本文档的纸张（如 A3）。"), parent=self)
        halves = box.addButton(_("分成两张 A4 拼接（原大）"), QMessageBox.ButtonRole.AcceptRole)
        fit = box.addButton(_("缩小到 A4"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is halves:
            return print_job.PrintMode.HALVES
        return print_job.PrintMode.FIT if clicked is fit else None

    def print_to(self, printer: QPrinter, mode: print_job.PrintMode = print_job.PrintMode.ACTUAL) -> None:
        """Print every page at 100 % on paper of the PDF's size (see print_job)."""
        try:
            print_job.print_document(printer, self.document, mode)
        except RuntimeError as exc:
            QMessageBox.warning(self, _("打印失败"), str(exc))


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
