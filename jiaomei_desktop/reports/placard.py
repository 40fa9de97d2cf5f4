"""党员责任区 / 党员示范岗 / 党员先锋岗 placards: landscape A4/A3 (or the 60 × 40 cm board); red ground with yellow
text, or white with red.

Read at 3 m, no body text is set below 10 mm of ink height (the Han character's outline, read from the font): when the
duties do not fit at that size they move to a second panel (a second page), and `placard_notes` says so.
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
from jiaomei_desktop.reports.fonts import check_glyphs, glyph_ink_band
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.photos import read_photo_bytes
from jiaomei_desktop.reports.text import draw_text, text_width, wrap_text

SCHEMES = {"red": (HexColor("#C8102E"), HexColor("#FFD700")), "white": (HexColor("#FFFFFF"), HexColor("#C8102E"))}
HEADING = "党员责任区"
KINDS = ("党员责任区", "党员示范岗", "党员先锋岗", "党员突击队", "党员安全监督岗")
MIN_INK_MM = 10.0  # ink height of a Han character read from 3 m
MAX_PANELS = 3  # more than this is a notice, not a placard
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
    kind: str = HEADING  # one of KINDS


def min_size(role: str = _VALUE_ROLE) -> float:
    """The smallest point size whose Han characters are MIN_INK_MM tall in ink in this role's font."""
    low, high = glyph_ink_band("责", role)
    return MIN_INK_MM * mm / max(0.5, high - low)


def _labels(kind: str) -> tuple[str, str, str, str]:
    """Row labels: a 责任区 names its area and duties; a 示范岗 / 先锋岗 names the post and the member's pledge."""
    if kind == HEADING:
        return ("责 任 人：", "责 任 区：", "责任范围：", "责任内容：")
    if kind == "党员突击队":  # a team: its people, its name and its task
        return ("队　　员：", "队　　名：", "任　　务：", "承诺内容：")
    return ("党　　员：", "岗　　位：", "岗位职责：", "承诺内容：")


def _validate(data: PlacardData) -> None:
    if data.kind not in KINDS:
        raise ReportError(_("标牌种类应为 {kinds} 之一，而不是“{kind}”").format(kinds="、".join(KINDS), kind=data.kind))
    if data.scheme not in SCHEMES:
        raise ReportError(
            _("配色应为 red（红底黄字）或 white（白底红字），而不是“{scheme}”").format(scheme=data.scheme)
        )
    if not data.member_name.strip() or not data.zone.strip():
        raise ReportError(_("责任区标牌需要党员姓名和责任区"))
    # Field names as the glyph check shows them to the user.
    fields = {_("党员姓名"): data.member_name, _("责任区"): data.zone, _("责任范围"): data.scope, _("单位"): data.unit}
    fields |= {_("第{n}条职责").format(n=i): d for i, d in enumerate(data.duties, start=1)}
    check_glyphs(fields)


@dataclass(frozen=True)
class _Panel:
    rows: list[tuple[str, list[str]]]  # (label, value lines)
    duties: list[list[str]]
    size: float


def render_placard(data: PlacardData) -> bytes:
    _validate(data)
    emblem = read_photo_bytes(data.emblem) if data.emblem else None
    width, height = page_size(data.paper, True)
    k = min(width, height) / (210 * mm)  # sizes designed for A4, scaled up for A3 and the 60 × 40 board
    ground, ink = SCHEMES[data.scheme]
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), f"{data.kind} {data.member_name}")
    panels = _panels(data, width, height, k, emblem is not None)
    for number, panel in enumerate(panels, start=1):
        canvas.setFillColor(ground)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)  # full-bleed ground; printers leave their own white edge
        _frame(canvas, width, height, ink, k)
        top = height - 16 * mm * k
        if emblem:
            top = _emblem(canvas, emblem, width, top, k)
        canvas.setFillColor(ink)
        canvas.setStrokeColor(ink)
        heading = data.kind if len(panels) == 1 else f"{data.kind}（{number}/{len(panels)}）"
        heading_size = 54 * k
        spacing = heading_size * (0.3 if len(panels) == 1 else 0.1)
        draw_text(
            canvas,
            width / 2 + spacing / 2,
            top - heading_size,
            heading,
            "title",
            heading_size,
            align="center",
            char_space=spacing,
        )
        _body(canvas, data, panel, width, top - heading_size - 14 * mm * k, k)
        if data.unit:
            size = 16 * k
            draw_text(canvas, width - 24 * mm * k, 18 * mm * k, data.unit, "heading1", size, align="right")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def placard_notes(data: PlacardData) -> list[str]:
    """What the layout had to do to keep the text legible, for the user to read before printing."""
    _validate(data)
    width, height = page_size(data.paper, True)
    k = min(width, height) / (210 * mm)
    panels = _panels(data, width, height, k, data.emblem is not None)
    if len(panels) == 1:
        return []
    return [
        _("“{name}”的标牌内容较多，为保证3米外可读（字高不小于10毫米），职责分到第2块标牌，共{n}块").format(
            name=data.member_name, n=len(panels)
        )
    ]


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


def _text_top(height: float, k: float, emblem: bool) -> float:
    top = height - 16 * mm * k - (26 * mm * k if emblem else 0)
    return top - 54 * k - 14 * mm * k


def _panels(data: PlacardData, width: float, height: float, k: float, emblem: bool) -> list[_Panel]:
    """The largest size (from 40 pt × k down to the 10 mm ink minimum) at which everything fits one panel; if none,
    the rows stay on the first panel and the duties continue on more panels at the minimum size."""
    text_w = width - 2 * 32 * mm * k
    room = _text_top(height, k, emblem) - 30 * mm * k
    labels = _labels(data.kind)
    values = [data.member_name, data.zone, data.scope]
    duties = [f"{i}. {d}" for i, d in enumerate(data.duties, start=1)]
    smallest = min_size() / 0.85  # the duties are set at 85 % of the rows and must stay legible too
    size = 40 * k
    while True:
        label_w = text_width(labels[2], "heading1", size)
        rows = [
            (lab, wrap_text(v, _VALUE_ROLE, size, text_w - label_w)) for lab, v in zip(labels, values, strict=False)
        ]
        duty_lines = [wrap_text(d, _VALUE_ROLE, size * 0.85, text_w - label_w) for d in duties]
        if _needed(rows, duty_lines, size) <= room:
            return [_Panel(rows, duty_lines, size)]
        if size - 1 < smallest:
            break
        size -= 1
    size = max(size, smallest)
    if _needed(rows, [], size) > room or any(_needed([], [d], size) > room for d in duty_lines):
        raise ReportError(
            _("标牌内容太长，在保证3米外可读（字高不小于10毫米）时排不下，请精简“{name}”的责任区或责任范围").format(
                name=data.member_name
            )
        )
    panels: list[_Panel] = []
    current: list[list[str]] = []
    first_rows = rows
    for duty in duty_lines:
        if _needed(first_rows, [*current, duty], size) > room:
            panels.append(_Panel(first_rows, current, size))
            first_rows, current = [], []
        current.append(duty)
    panels.append(_Panel(first_rows, current, size))
    panels = [p for p in panels if p.rows or p.duties]
    if len(panels) > MAX_PANELS:
        raise ReportError(
            _("责任区标牌内容太多，分成{n}块标牌也排不下，请精简职责条目或改用更大的纸张").format(n=MAX_PANELS)
        )
    return panels


def _needed(rows: list[tuple[str, list[str]]], duties: list[list[str]], size: float) -> float:
    return sum(len(v) for _lab, v in rows) * size * 1.5 + sum(map(len, duties)) * size * 0.85 * 1.45 + size * 1.5


def _body(canvas: Canvas, data: PlacardData, panel: _Panel, width: float, y: float, k: float) -> None:
    """Label/value lines, then the duties numbered; spare room goes mostly below the text."""
    left = 32 * mm * k
    size = panel.size
    labels = _labels(data.kind)
    label_w = text_width(labels[2], "heading1", size)
    needed = _needed(panel.rows, panel.duties, size)
    y -= max(0.0, (y - needed - 30 * mm * k) / 3)
    for label, value_lines in panel.rows:
        draw_text(canvas, left, y, label, "heading1", size)
        for line in value_lines:
            draw_text(canvas, left + label_w, y, line, _VALUE_ROLE, size)
            y -= size * 1.5
    if panel.duties:
        draw_text(canvas, left, y, labels[3] if panel.rows else _("（续）"), "heading1", size)
        small = size * 0.85
        for lines_of_duty in panel.duties:
            for line in lines_of_duty:
                draw_text(canvas, left + label_w, y, line, _VALUE_ROLE, small)
                y -= small * 1.45
