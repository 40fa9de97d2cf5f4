"""套打: certificate text printed onto the inner sheet of a bought red 荣誉证书 book (the border and title are already
printed there), and the calibration page that measures how a printer shifts and scales such a sheet.

Printers feed odd sizes with an offset (and drivers sometimes scale): the user prints the calibration page, measures
where the two crosses landed, and `calibrate` turns the four numbers into the offset and scale the overprint then
undoes. Positions are in millimetres from the sheet's top-left corner.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.reports.certificates import CLOSING, CertificateData, quoted_title, reason_sentence, salutation
from jiaomei_desktop.reports.dates import format_document_date
from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.fonts import get_fonts
from jiaomei_desktop.reports.linebreak import balanced_lines
from jiaomei_desktop.reports.pages import new_canvas
from jiaomei_desktop.reports.text import draw_paragraph, draw_text, fit_size, text_width, wrap_text

# Inner sheets of the certificate books on sale (measure yours: the size is printed on the book's wrapper).
SHEET_PRESETS: dict[str, tuple[float, float]] = {
    N_("A4 横向 297×210"): (297.0, 210.0),
    N_("12开内芯 285×210"): (285.0, 210.0),
    N_("16开内芯 250×180"): (250.0, 180.0),
    N_("8开内芯 370×260"): (370.0, 260.0),
}
MARK_INSET = 20.0  # the calibration crosses sit this far in from the top-left and bottom-right corners
_ROLE = "kai"


@dataclass(frozen=True)
class Overprint:
    """The sheet and where the printer really puts things: measured offset (mm) and scale, from `calibrate`."""

    width_mm: float = 285.0
    height_mm: float = 210.0
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    scale: float = 1.0
    # Text block on the sheet (fractions of the sheet, so one layout serves every size; editable per book)
    left: float = 0.14
    right: float = 0.86
    name_top: float = 0.34
    issuer_top: float = 0.70

    def check(self) -> None:
        if not (80 <= self.width_mm <= 600 and 80 <= self.height_mm <= 600):
            raise ReportError(_("内芯尺寸应在 80—600 毫米之间：{w}×{h}").format(w=self.width_mm, h=self.height_mm))
        if not (0.8 <= self.scale <= 1.2) or abs(self.offset_x_mm) > 40 or abs(self.offset_y_mm) > 40:
            raise ReportError(_("校准数值不合理（偏移超过40毫米或缩放超出0.8—1.2），请重新打印校准页测量"))
        if not (0 <= self.left < self.right <= 1 and 0 < self.name_top < self.issuer_top < 1):
            raise ReportError(_("文字位置应在内芯之内，且姓名在落款之上"))


def calibrate(sheet: Overprint, a: tuple[float, float], b: tuple[float, float]) -> Overprint:
    """Offset and scale from the measured centres of crosses A and B (mm from the sheet's left and top edges) on a
    calibration page printed with no correction."""
    nominal = (sheet.width_mm - 2 * MARK_INSET, sheet.height_mm - 2 * MARK_INSET)
    scale_x = (b[0] - a[0]) / nominal[0]
    scale_y = (b[1] - a[1]) / nominal[1]
    scale = round((scale_x + scale_y) / 2, 4)
    offset_x = round(a[0] - MARK_INSET * scale, 2)
    offset_y = round(a[1] - MARK_INSET * scale, 2)
    result = Overprint(**{**sheet.__dict__, "offset_x_mm": offset_x, "offset_y_mm": offset_y, "scale": scale})
    result.check()
    return result


def _begin_page(canvas: Canvas, sheet: Overprint, correct: bool) -> None:
    """Origin at the sheet's top-left, y downwards in points, with the printer's measured shift and scale undone."""
    canvas.translate(0, sheet.height_mm * mm)
    if correct:
        s = 1 / sheet.scale
        canvas.translate(-sheet.offset_x_mm * mm * s, sheet.offset_y_mm * mm * s)
        canvas.scale(s, s)
    canvas.scale(1, -1)


def _text(canvas: Canvas, x: float, y: float, text: str, size: float, **kw: object) -> None:
    """Text at (x, y) in the flipped page (y downwards): flip back locally so the glyphs stand upright."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(1, -1)
    draw_text(canvas, 0, 0, text, _ROLE, size, **kw)  # type: ignore[arg-type]
    canvas.restoreState()


def render_calibration(sheet: Overprint) -> bytes:
    """One page the size of the inner sheet: crosses A and B and how to measure them."""
    sheet.check()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (sheet.width_mm * mm, sheet.height_mm * mm), _("套打校准页"))
    _begin_page(canvas, sheet, correct=False)
    canvas.setLineWidth(0.3)
    for label, (x, y) in (
        ("A", (MARK_INSET, MARK_INSET)),
        ("B", (sheet.width_mm - MARK_INSET, sheet.height_mm - MARK_INSET)),
    ):
        cx, cy = x * mm, y * mm
        canvas.line(cx - 8 * mm, cy, cx + 8 * mm, cy)
        canvas.line(cx, cy - 8 * mm, cx, cy + 8 * mm)
        canvas.circle(cx, cy, 3 * mm)
        _text(canvas, cx + 4 * mm, cy - 4 * mm, label, 14)
    lines = [
        _("套打校准页（内芯 {w}×{h} 毫米）").format(w=f"{sheet.width_mm:g}", h=f"{sheet.height_mm:g}"),
        _("1. 用证书内芯纸按平时的方向放入打印机，以“实际大小”打印本页。"),
        _("2. 用尺子量出十字A、B的中心到纸张左边和上边的距离（毫米）。"),
        _("3. 把四个数填入“套打设置”，程序会算出偏移和缩放，并按打印机记住。"),
        _("应为：A（{a}，{a}），B（{bx}，{by}）").format(
            a=f"{MARK_INSET:g}", bx=f"{sheet.width_mm - MARK_INSET:g}", by=f"{sheet.height_mm - MARK_INSET:g}"
        ),
    ]
    y = sheet.height_mm * 0.35 * mm
    for line in lines:
        _text(canvas, sheet.width_mm * 0.15 * mm, y, line, 12)
        y += 8 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_overprint(items: Sequence[CertificateData], sheet: Overprint) -> bytes:
    """The certificates' words only, one inner sheet per certificate, positioned with the calibration undone."""
    if not items:
        raise ReportError(_("没有要打印的证书"))
    sheet.check()
    fields: dict[str, str] = {}
    for i, data in enumerate(items, start=1):
        label = _("第{n}份证书 ").format(n=i) if len(items) > 1 else ""
        fields |= {
            label + _("姓名"): data.recipient,
            label + _("事由"): data.body,
            label + _("称号"): data.title_awarded,
            label + _("颁发单位"): data.issuer,
        }
    missing = get_fonts().missing(fields)
    if missing:
        raise MissingGlyphsError(missing)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (sheet.width_mm * mm, sheet.height_mm * mm), _("荣誉证书（套打）"))
    for data in items:
        canvas.saveState()
        _begin_page(canvas, sheet, correct=True)
        _sheet_text(canvas, data, sheet)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _sheet_text(canvas: Canvas, data: CertificateData, sheet: Overprint) -> None:
    k = sheet.width_mm / 297.0  # sizes designed for an A4-wide sheet
    left, right = sheet.left * sheet.width_mm * mm, sheet.right * sheet.width_mm * mm
    width = right - left
    name = salutation(data)
    name_size = fit_size(name, _ROLE, width, 26 * k, 16 * k)
    y = sheet.name_top * sheet.height_mm * mm
    for line in balanced_lines(name, width, lambda t: text_width(t, _ROLE, name_size)):
        _text(canvas, left, y, line, name_size)
        y += name_size * 1.3
    size = 22 * k
    room = sheet.issuer_top * sheet.height_mm * mm - y - size
    while True:
        paras = [
            wrap_text(t, _ROLE, size, width, first_indent=2 * size, keep=(quoted_title(data),))
            for t in (reason_sentence(data), CLOSING)
        ]
        if sum(map(len, paras)) * size * 1.7 <= room or size <= 12 * k:
            break
        size -= 1
    y += size * 0.6
    for lines in paras:
        canvas.saveState()
        canvas.translate(left, y)
        canvas.scale(1, -1)
        end = draw_paragraph(canvas, lines, 0, 0, width, _ROLE, size, size * 1.7, first_indent=2 * size)
        canvas.restoreState()
        y += -end
    issuer_size = fit_size(data.issuer, _ROLE, width * 0.5, 20 * k, 12 * k)
    date_text = format_document_date(data.issue_date, data.date_style)
    y = sheet.issuer_top * sheet.height_mm * mm
    for line in balanced_lines(data.issuer, width * 0.5, lambda t: text_width(t, _ROLE, issuer_size)):
        _text(canvas, right - 2 * issuer_size, y, line, issuer_size, align="right")
        y += issuer_size * 1.35
    _text(canvas, right - 2 * issuer_size, y + issuer_size * 0.3, date_text, issuer_size, align="right")
