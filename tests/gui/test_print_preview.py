import threading
from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.errors import Cancelled
from jiaomei_desktop.ui.print_preview import PrintPreviewDialog, render_in_background
from jiaomei_desktop.ui.tasks import is_cancel

CERT = CertificateData(
    "荣誉证书",
    "王𠇔",
    False,
    "在2026年度安全生产工作中成绩突出，被评为",
    "优秀共产党员",
    "中共焦煤集团某某矿委员会",
    date(2026, 11, 23),
)


def test_preview_shows_pages_saves_and_prints(qtbot, tmp_path: Path) -> None:
    pdf = render_certificates([CERT, CERT])
    dialog = PrintPreviewDialog(pdf, "荣誉证书")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() == 2
    dialog.save_to(tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    printed = (tmp_path / "printed.pdf").read_bytes()
    assert printed.startswith(b"%PDF") and len(printed) > 10_000


def test_batch_render_in_background(qtbot) -> None:
    task = render_in_background(
        None, "批量打印证书", lambda progress: render_certificates([CERT] * 4, progress), show_dialog=False
    )
    with qtbot.waitSignal(task.done, timeout=30000) as blocker:
        pass
    assert blocker.args[0].startswith(b"%PDF")


def test_batch_render_cancel(qtbot) -> None:
    holder: dict = {}
    ready = threading.Event()

    def render(progress):
        ready.wait(10)
        holder["task"].cancel()  # the user presses 取消 while the batch runs
        return render_certificates([CERT] * 4, progress)

    parent = QWidget()
    qtbot.addWidget(parent)
    task = render_in_background(parent, "批量打印证书", render, show_dialog=False)
    holder["task"] = task
    ready.set()
    with qtbot.waitSignal(task.error, timeout=30000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled) and is_cancel(blocker.args[0])
