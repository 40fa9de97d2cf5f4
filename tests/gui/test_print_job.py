"""Printing from the preview, measured on a PDF QPrinter: 100 % on the PDF's own paper, A3 halves or scaled to A4,
the hard-margin warning, and a job that stays small (white tiles skipped, repeated tiles sent once)."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from jiaomei_desktop.reports.certificates import CertificateData, render_certificates
from jiaomei_desktop.reports.honor_board import HonorBoardData, HonorCard, render_honor_board
from jiaomei_desktop.reports.notice import NoticeDocument, Paragraph, render_notice
from jiaomei_desktop.ui.print_job import PrintMode, margin_warning, print_document
from jiaomei_desktop.ui.print_preview import PrintPreviewDialog
from tests.reports.pdfcheck import needs_poppler, page_sizes_mm, render_pages

NOTICE = render_notice(
    NoticeDocument("关于做好安全生产工作的通知", "各党支部", [Paragraph("党" * 300)], "某矿党委", date(2026, 6, 1))
)


def cert(i: int) -> CertificateData:
    return CertificateData(
        "荣誉证书",
        f"王建国{i}",
        False,
        "在安全生产工作中成绩突出，被评为",
        "优秀共产党员",
        "中共焦煤集团某某矿委员会",
        date(2026, 11, 23),
    )


def load(pdf: bytes, parent) -> QPdfDocument:  # type: ignore[no-untyped-def]
    data = QByteArray(pdf)
    buffer = QBuffer(data, parent)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    parent._keep = (data, buffer)
    return document


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _ink_box(image, dpi: int) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    gray = image.convert("L").point(lambda v: 255 if v < 200 else 0)
    left, top, right, bottom = gray.getbbox()
    mm = 25.4 / dpi
    return left * mm, top * mm, right * mm, bottom * mm


@needs_poppler
def test_notice_prints_at_actual_size_on_a4(qtbot, tmp_path: Path) -> None:
    dialog = PrintPreviewDialog(NOTICE, "通知")
    qtbot.addWidget(dialog)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    dialog.print_to(printer)  # whatever paper was set before, the job takes the PDF's own (A4) at 100 %
    printed = out.read_bytes()
    assert set(page_sizes_mm(printed)) == {(210, 297)}
    for original, copy in zip(render_pages(NOTICE, 50), render_pages(printed, 50), strict=True):
        for a, b in zip(_ink_box(original, 50), _ink_box(copy, 50), strict=True):
            assert a == pytest.approx(b, abs=1.0)  # GB/T 9704 geometry kept: same place, same size


def board_pdf() -> bytes:
    cards = [HonorCard(f"王建国{i}", "综采一队", "优秀共产党员", "扎根井下一线二十年。") for i in range(6)]
    return render_honor_board(HonorBoardData("光荣榜", "某矿党委", "2026年度", cards, "A3", True))


def test_a3_goes_to_a3_paper(qtbot, tmp_path: Path) -> None:
    dialog = PrintPreviewDialog(board_pdf(), "光荣榜")
    qtbot.addWidget(dialog)
    out = tmp_path / "a3.pdf"
    dialog.print_to(pdf_printer(out))
    assert page_sizes_mm(out.read_bytes()) == [(420, 297)]


def test_a3_as_two_overlapping_a4_halves_or_scaled(qtbot, tmp_path: Path) -> None:
    dialog = PrintPreviewDialog(board_pdf(), "光荣榜")
    qtbot.addWidget(dialog)
    out = tmp_path / "halves.pdf"
    report = print_document(pdf_printer(out), dialog.document, PrintMode.HALVES)
    assert report.pages == 1
    assert page_sizes_mm(out.read_bytes()) == [(210, 297), (210, 297)]
    out = tmp_path / "fit.pdf"
    print_document(pdf_printer(out), dialog.document, PrintMode.FIT)
    assert page_sizes_mm(out.read_bytes()) == [(297, 210)]


def test_hard_margins_that_cut_the_document_are_named(qtbot) -> None:
    holder = PrintPreviewDialog(NOTICE, "x")
    qtbot.addWidget(holder)
    notice = load(NOTICE, holder)
    certificate = load(render_certificates([cert(1)]), holder)
    printer = QPrinter()
    assert margin_warning(printer, notice, QMarginsF(12, 12, 12, 12)) is None  # GB/T margins are ≥ 26 mm
    assert margin_warning(printer, certificate, QMarginsF(5, 5, 5, 5)) is None
    message = margin_warning(printer, certificate, QMarginsF(12, 12, 12, 12))
    assert message and "12 毫米" in message and "切掉" in message


def test_certificates_job_stays_small(qtbot, tmp_path: Path) -> None:
    pdf = render_certificates([cert(i) for i in range(12)])
    dialog = PrintPreviewDialog(pdf, "荣誉证书")
    qtbot.addWidget(dialog)
    out = tmp_path / "job.pdf"
    report = print_document(pdf_printer(out), dialog.document)
    assert report.pages == 12
    assert report.tiles_reused > report.tiles_sent  # the border is sent once
    assert report.tiles_blank > 0
    assert out.stat().st_size / 12 < 1024 * 1024  # under 1 MB a page (141 MB for 135 pages before)
    assert set(page_sizes_mm(out.read_bytes())) == {(297, 210)}


def test_preview_note_says_what_the_layout_did(qtbot) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.reports.placard import PlacardData, placard_notes, render_placard

    data = PlacardData("王建国", "综采一队 8101综采工作面", "采煤机及班组12名职工", ["每班开展一次隐患排查并整改"] * 5)
    dialog = PrintPreviewDialog(render_placard(data), "责任区标牌")
    qtbot.addWidget(dialog)
    assert dialog.page_count() >= 2 and not dialog.note.isVisibleTo(dialog)
    dialog.set_note(placard_notes(data)[0])
    assert dialog.note.isVisibleTo(dialog) and "10毫米" in dialog.note.text()
