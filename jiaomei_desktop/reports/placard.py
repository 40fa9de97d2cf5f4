"""党员责任区 placard: landscape A4/A3 (or the 60 × 40 cm board); red ground with yellow text, or white with red.

No party emblem is ever drawn here: only an image the user supplies (official artwork) is placed, top centre.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.photos import read_photo_bytes
from jiaomei_desktop.reports.text import draw_text, text_width, wrap_text

SCHEMES = {"red": (HexColor("#C8102E"), HexColor("#FFD700")), "white": (HexColor("#FFFFFF"), HexColor("#C8102E"))}
HEADING = "党员责任区"
_VALUE_ROLE = "heading1"  # 黑体 values: strokes thick enough to read across a coal-dusty workshop


@dataclass(frozen=True)
class PlacardData:
    member_name: str
    zone: str  # 责任区, e.g. "综采一队 8101工作面"
    scope: str  # 责任范围: people and equipment
    duties: list[str] = field(default_factory=list)
    unit: str = ""
    scheme: str = "red"  # "red" (yellow text) | "white" (red text)
    paper: str = "A4"  # "A4" | "A3" | "600x400"
    emblem: Path | None = None  # the user's official artwork; never drawn by us


def _validate(data: PlacardData) -> None:
    if data.scheme not in SCHEMES:
        raise ReportError(_("配色应为 red（红底黄字）或 white（白底红字），而不是“{scheme}”").format(scheme=data.scheme))
    if not data.member_name.strip() or not data.zone.strip():
        raise ReportError(_("责任区标牌需要党员姓名和责任区"))
    # Field names as the glyph check shows them to the user.
    fields = {_("党员姓名"): data.member_name, _("责任区"): data.zone, _("责任范围"): data.scope, _("单位"): data.unit}
    fields |= {_("第{n}条职责").format(n=i): d for i, d in enumerate(data.duties, start=1)}
    check_glyphs(fields)


def render_placard(data: PlacardData) -> bytes:
    _validate(data)
    emblem = read_photo_bytes(data.emblem) if data.emblem else None
    width, height = page_size(data.paper, True)
    k = min(width, height) / (210 * mm)  # sizes designed for A4, scaled up for A3 and the 60 × 40 board
    ground, ink = SCHEMES[data.scheme]
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), f"{HEADING} {data.member_name}")
    canvas.setFillColor(ground)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)  # full-bleed ground; printers leave their own white edge
    _frame(canvas, width, height, ink, k)
    top = height - 16 * mm * k
    if emblem:
        top = _emblem(canvas, emblem, width, top, k)
    canvas.setFillColor(ink)
    canvas.setStrokeColor(ink)
    heading_size = 54 * k
    draw_text(
        canvas,
        width / 2 + heading_size * 0.15,
        top - heading_size,
        HEADING,
        "title",
        heading_size,
        align="center",
        char_space=heading_size * 0.3,
    )
    y = top - heading_size - 14 * mm * k
    _body(canvas, data, width, y, k)
    if data.unit:
        size = 16 * k
        draw_text(canvas, width - 24 * mm * k, 18 * mm * k, data.unit, "heading1", size, align="right")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas, width: float, height: float, ink: HexColor, k: float) -> None:
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(3 * k)
    inset = 8 * mm * k
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    canvas.setLineWidth(0.8 * k)
    inset += 2.5 * mm * k
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def _emblem(canvas: Canvas, emblem: bytes, width: float, top: float, k: float) -> float:
    try:
        reader = ImageReader(io.BytesIO(emblem))
        iw, ih = reader.getSize()
    except Exception as exc:  # ReportLab raises a bare OSError/ValueError mix for unreadable images
        raise ReportError(_("党徽图片无法读取，请选择 PNG 或 JPEG 图片")) from exc
    h = 24 * mm * k
    w = h * iw / ih
    canvas.drawImage(reader, (width - w) / 2, top - h, w, h, mask="auto")
    return top - h - 2 * mm * k


def _body(canvas: Canvas, data: PlacardData, width: float, y: float, k: float) -> None:
    """Label/value lines, then the duties numbered; sizes shrink together until everything fits above the unit."""
    left = 32 * mm * k
    text_w = width - 2 * left
    rows = [("责 任 人：", data.member_name), ("责 任 区：", data.zone), ("责任范围：", data.scope)]
    duties = [f"{i}. {d}" for i, d in enumerate(data.duties, start=1)]
    bottom = 30 * mm * k
    size = 40 * k
    while size > 12 * k:
        label_w = text_width("责任范围：", "heading1", size)
        lines = [wrap_text(v, _VALUE_ROLE, size, text_w - label_w) for _label, v in rows]
        duty_lines = [wrap_text(d, _VALUE_ROLE, size * 0.85, text_w - label_w) for d in duties]
        needed = sum(map(len, lines)) * size * 1.5 + sum(map(len, duty_lines)) * size * 0.85 * 1.45 + size * 1.5
        if y - needed >= bottom:
            break
        size -= 1
    else:
        raise ReportError(_("责任区标牌内容太多，请精简职责条目或改用更大的纸张"))
    y -= (y - needed - bottom) / 3  # spare room goes mostly below the text, a little above it
    for (label, _value), value_lines in zip(rows, lines, strict=True):  # not `_`: that is the translation call
        draw_text(canvas, left, y, label, "heading1", size)
        for line in value_lines:
            draw_text(canvas, left + label_w, y, line, _VALUE_ROLE, size)
            y -= size * 1.5
    if duties:
        draw_text(canvas, left, y, "责任内容：", "heading1", size)
        small = size * 0.85
        for lines_of_duty in duty_lines:
            for line in lines_of_duty:
                draw_text(canvas, left + label_w, y, line, _VALUE_ROLE, small)
                y -= small * 1.45
