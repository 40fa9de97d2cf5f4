"""Sending a PDF to a printer at its true size.

QtPdf can only rasterise pages, so each page is rendered at a fixed resolution and drawn at 100 % on paper of the
PDF's own size (a GB/T 9704 notice keeps its 37 mm / 28 mm margins; an A3 board goes to A3). To keep the spool job
small and fast, the page is cut into tiles: white tiles are not sent at all (the paper is white) and a tile that
repeats (a certificate's border on every page) is sent once and referenced again — Qt's PDF and print engines keep
one copy per image. An A3 page on an A4-only printer is printed scaled to A4, or as two A4 halves that overlap by
`OVERLAP_MM` with marks to align them, as the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QMarginsF, QPointF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from jiaomei_desktop.i18n import N_, _

PRINT_DPI = 200  # sharp text on office lasers; 300 doubles the time and the job for no visible gain
TILE = 128  # pixels: about 16 mm at 200 dpi
OVERLAP_MM = 10.0  # two A4 halves of an A3 page share this strip, marked, for gluing
MM = 72 / 25.4
_TILE_CACHE = 512  # tiles kept for reuse within one job (a certificate border has about 100)


class PrintMode(StrEnum):
    ACTUAL = N_("实际大小（100%）")
    FIT = N_("缩放到纸张")
    HALVES = N_("分成两张拼接")


@dataclass
class PrintReport:
    pages: int = 0
    tiles_sent: int = 0
    tiles_reused: int = 0
    tiles_blank: int = 0
    warnings: list[str] = field(default_factory=list)


def page_size_of(document: QPdfDocument, index: int = 0) -> QPageSize:
    """The PDF page's paper as a QPageSize: a named size (A4, A3) when it is one, so drivers pick the right tray."""
    points = document.pagePointSize(index)
    w, h = sorted((points.width(), points.height()))
    size = QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    return size


def orientation_of(document: QPdfDocument, index: int = 0) -> QPageLayout.Orientation:
    points = document.pagePointSize(index)
    landscape = points.width() > points.height()
    return QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait


def set_actual_size(printer: QPrinter, document: QPdfDocument) -> None:
    """Paper of the PDF's size and orientation, no margins, full page: drawing at 100 % then lands where the PDF says."""
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            page_size_of(document), orientation_of(document), QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter
        )
    )


def ink_margins_mm(document: QPdfDocument, index: int = 0) -> tuple[float, float, float, float]:
    """How far the printed content stays from each edge (left, top, right, bottom), measured on a coarse render."""
    dpi = 25
    image = render_page(document, index, dpi).convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = image.width(), image.height()
    ink_rows = [y for y in range(h) if _row_has_ink(image, y)]
    if not ink_rows:
        return (w, h, w, h)
    ink_cols = [x for x in range(w) if any(image.pixelColor(x, y).lightness() < 245 for y in range(0, h, 2))]
    px = 25.4 / dpi
    return (min(ink_cols) * px, min(ink_rows) * px, (w - 1 - max(ink_cols)) * px, (h - 1 - max(ink_rows)) * px)


def _row_has_ink(image: QImage, y: int) -> bool:
    line = image.constScanLine(y)
    assert isinstance(line, memoryview)  # PySide6 hands a scan line back as a buffer over the image's bytes
    row = bytes(line)[: image.width()]
    return min(row) < 245


def margin_warning(printer: QPrinter, document: QPdfDocument, hard: QMarginsF | None = None) -> str | None:
    """A message when the printer's unprintable edge (`hard`, millimetres; by default what the driver reports) is
    wider than the document's blank edge, so printing at 100 % would cut it."""
    if hard is None:
        layout = printer.pageLayout()
        hard = layout.minimumMargins()
        if layout.units() != QPageLayout.Unit.Millimeter:
            hard = QMarginsF(*(v / MM for v in (hard.left(), hard.top(), hard.right(), hard.bottom())))
    left, top, right, bottom = ink_margins_mm(document)
    landscape = orientation_of(document) == QPageLayout.Orientation.Landscape
    edges = {"left": left, "top": top, "right": right, "bottom": bottom}
    needs = {"left": hard.left(), "top": hard.top(), "right": hard.right(), "bottom": hard.bottom()}
    cut = [k for k in edges if needs[k] > edges[k] + 0.5]
    if not cut:
        return None
    worst = max(needs[k] - edges[k] for k in cut)
    return _("这台打印机四周有 {margin:.0f} 毫米无法打印，会切掉文档边缘约 {cut:.0f} 毫米{hint}。").format(
        margin=max(needs.values()), cut=worst, hint=_("（横向页面）") if landscape else ""
    )


def needs_larger_paper(printer: QPrinter, document: QPdfDocument) -> bool:
    """True when the PDF's paper is larger than anything the printer offers (A3 on an A4 printer)."""
    wanted = page_size_of(document).size(QPageSize.Unit.Millimeter)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return False  # a PDF file takes any paper
    sizes = QPrinterInfo.printerInfo(printer.printerName()).supportedPageSizes()
    if not sizes:
        return False
    return all(
        s.size(QPageSize.Unit.Millimeter).width() + 1 < wanted.width()
        or s.size(QPageSize.Unit.Millimeter).height() + 1 < wanted.height()
        for s in sizes
    )


class _TileSender:
    """Draws a page image tile by tile: white tiles skipped, repeated tiles drawn from the same QImage (sent once).

    A tile is recognised by its bytes (Python's own hash, with the size: a collision needs equal length and a 64-bit
    hash match within one job's few hundred distinct tiles)."""

    def __init__(self, report: PrintReport) -> None:
        self.cache: dict[tuple[int, int, int], QImage] = {}
        self.report = report
        self._white: dict[int, bytes] = {}

    def draw(self, painter: QPainter, image: QImage, target: QRectF) -> None:
        sx = target.width() / image.width()
        sy = target.height() / image.height()
        for top in range(0, image.height(), TILE):
            for left in range(0, image.width(), TILE):
                rect = QRect(left, top, min(TILE, image.width() - left), min(TILE, image.height() - top))
                tile = image.copy(rect)
                data = bytes(tile.constBits())
                if data == self._white_bytes(len(data)):
                    self.report.tiles_blank += 1
                    continue
                key = (hash(data), rect.width(), rect.height())
                cached = self.cache.get(key)
                if cached is None:
                    if len(self.cache) >= _TILE_CACHE:
                        self.cache.pop(next(iter(self.cache)))
                    self.cache[key] = cached = tile
                    self.report.tiles_sent += 1
                else:
                    self.report.tiles_reused += 1
                painter.drawImage(
                    QRectF(target.x() + left * sx, target.y() + top * sy, rect.width() * sx, rect.height() * sy), cached
                )

    def _white_bytes(self, length: int) -> bytes:
        if length not in self._white:
            self._white[length] = b"\xff" * length  # RGB32 white is FF FF FF FF
        return self._white[length]


def render_page(document: QPdfDocument, index: int, dpi: int, clip: QRectF | None = None) -> QImage:
    """The page (or the part `clip`, in points) as an opaque RGB32 image at `dpi`."""
    points = document.pagePointSize(index)
    scale = dpi / 72
    rendered = document.render(index, QSize(round(points.width() * scale), round(points.height() * scale)))
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)  # opaque on white paper: no soft mask in the job
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    if clip is not None:
        image = image.copy(
            QRect(
                round(clip.x() * scale),
                round(clip.y() * scale),
                round(clip.width() * scale),
                round(clip.height() * scale),
            )
        )
    return image


def print_document(
    printer: QPrinter,
    document: QPdfDocument,
    mode: PrintMode = PrintMode.ACTUAL,
    dpi: int = PRINT_DPI,
    progress: Callable[[int, int], bool] | None = None,
) -> PrintReport:
    """Print every page. ACTUAL and HALVES set the paper themselves; FIT keeps the paper the user chose.

    `progress(done, total)` returning False stops after the current page. Raises RuntimeError if the printer
    cannot start (the caller shows the message)."""
    report = PrintReport()
    if mode is PrintMode.ACTUAL:
        set_actual_size(printer, document)
    elif mode is PrintMode.HALVES:
        _set_halves_paper(printer, document)
    else:  # scaled onto A4 in the page's own orientation
        printer.setFullPage(True)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                orientation_of(document),
                QMarginsF(0, 0, 0, 0),
                QPageLayout.Unit.Millimeter,
            )
        )
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError(_("无法开始打印，请检查打印机"))
    sender = _TileSender(report)
    try:
        first = True
        for index in range(document.pageCount()):
            for clip, target in _placements(printer, document, index, mode):
                if not first:
                    printer.newPage()
                first = False
                image = render_page(document, index, dpi, clip)
                sender.draw(painter, image, target)
                if mode is PrintMode.HALVES:
                    _overlap_marks(painter, printer, clip, target)
            report.pages += 1
            if progress is not None and progress(index + 1, document.pageCount()) is False:
                break
    finally:
        painter.end()
    return report


def _device_per_point(printer: QPrinter) -> float:
    return printer.resolution() / 72


def _placements(
    printer: QPrinter, document: QPdfDocument, index: int, mode: PrintMode
) -> list[tuple[QRectF | None, QRectF]]:
    """(part of the page in points or None for all of it, where it goes on the sheet in device pixels) per sheet."""
    points = document.pagePointSize(index)
    k = _device_per_point(printer)
    if mode is PrintMode.ACTUAL:
        return [(None, QRectF(0, 0, points.width() * k, points.height() * k))]
    paper = printer.pageLayout().fullRectPoints()
    if mode is PrintMode.FIT:
        scale = min(paper.width() / points.width(), paper.height() / points.height())
        w, h = points.width() * scale * k, points.height() * scale * k
        return [(None, QRectF((paper.width() * k - w) / 2, (paper.height() * k - h) / 2, w, h))]
    # HALVES: the long side is cut in two with an overlap; each half at 100 % on its own sheet
    overlap = OVERLAP_MM * MM
    if points.width() >= points.height():
        half = (points.width() + overlap) / 2
        parts = [QRectF(0, 0, half, points.height()), QRectF(points.width() - half, 0, half, points.height())]
    else:
        half = (points.height() + overlap) / 2
        parts = [QRectF(0, 0, points.width(), half), QRectF(0, points.height() - half, points.width(), half)]
    return [(part, QRectF(0, 0, part.width() * k, part.height() * k)) for part in parts]


def _set_halves_paper(printer: QPrinter, document: QPdfDocument) -> None:
    """Each half of an A3 page goes on an A4 sheet turned so the half fits at 100 %."""
    points = document.pagePointSize(0)
    landscape_doc = points.width() >= points.height()
    orientation = QPageLayout.Orientation.Portrait if landscape_doc else QPageLayout.Orientation.Landscape
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    )


def _overlap_marks(painter: QPainter, printer: QPrinter, clip: QRectF | None, target: QRectF) -> None:
    """Short marks at the ends of the overlap strip: lay the second sheet so its marks cover the first's."""
    if clip is None:
        return
    k = _device_per_point(printer)
    overlap = OVERLAP_MM * MM * k
    tick = 6 * MM * k
    painter.save()
    painter.setPen(QPen(QColor("#444444"), max(1.0, 0.3 * MM * k)))
    horizontal_cut = clip.width() < clip.height() or target.width() < target.height()
    if horizontal_cut:  # left/right halves: the overlap is a vertical strip at the inner edge
        at_right = clip.x() == 0
        x = target.right() - overlap if at_right else target.left() + overlap
        for y in (target.top(), target.bottom() - tick):
            painter.drawLine(QPointF(x, y), QPointF(x, y + tick))
    else:
        at_bottom = clip.y() == 0
        y = target.bottom() - overlap if at_bottom else target.top() + overlap
        for x in (target.left(), target.right() - tick):
            painter.drawLine(QPointF(x, y), QPointF(x + tick, y))
    painter.restore()
