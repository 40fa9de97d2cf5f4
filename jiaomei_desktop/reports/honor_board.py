"""光荣榜: a wall board of 1–48 photo cards on A3 or A4, laid out automatically, legible from two metres."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.photos import PHOTO_ASPECT, check_image, portrait_jpeg, read_photo_bytes
from jiaomei_desktop.reports.text import draw_text, fit_size, text_width, trim_lines

MAX_CARDS = 48
RED = HexColor("#C8102E")
GOLD = HexColor("#F2C230")
INK = HexColor("#1A1A1A")
GREY = HexColor("#5A5A5A")
CARD_LINE = HexColor("#D9B46A")
PLACEHOLDER = HexColor("#ECE7E1")
PLACEHOLDER_INK = HexColor("#9C9188")


@dataclass(frozen=True)
class HonorCard:
    name: str
    post: str  # 岗位/职务, e.g. "综采一队 支部书记"
    honor: str  # e.g. "优秀共产党员"
    deeds: str  # 事迹, trimmed with “…” to the lines the card has
    photo: Path | bytes | None = None


@dataclass(frozen=True)
class HonorBoardData:
    title: str  # e.g. "光荣榜"
    unit: str
    period: str  # e.g. "2026年度"
    cards: tuple[HonorCard, ...] | list[HonorCard]
    paper: str = "A3"  # "A3" | "A4"
    landscape: bool = True


@dataclass(frozen=True)
class _Grid:
    cols: int
    rows: int
    card_w: float
    card_h: float
    x0: float
    y_top: float
    gap: float


def _scale(width: float, height: float) -> float:
    """1.0 on A3, 0.71 on A4: sizes are designed for A3 and scale with the paper."""
    return min(width, height) / (297 * mm)


def _grid(n: int, left: float, bottom: float, right: float, top: float, k: float) -> _Grid:
    """Pick the column count whose cards come closest to a 2.2:1 card (photo left, text right) at the largest size."""
    gap = 5 * mm * k
    area_w, area_h = right - left, top - bottom
    best: tuple[float, int] = (-1.0, 1)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        w = (area_w - gap * (cols - 1)) / cols
        h = (area_h - gap * (rows - 1)) / rows
        best = max(best, (min(w / 2.2, h), cols))
    cols = best[1]
    rows = math.ceil(n / cols)
    card_h = min((area_h - gap * (rows - 1)) / rows, 95 * mm * k)  # few cards stay card-sized, centred
    card_w = min((area_w - gap * (cols - 1)) / cols, card_h * 2.2)
    used_w = cols * card_w + (cols - 1) * gap
    used_h = rows * card_h + (rows - 1) * gap
    return _Grid(cols, rows, card_w, card_h, left + (area_w - used_w) / 2, top - (area_h - used_h) / 2, gap)


def _check(data: HonorBoardData) -> None:
    if not data.cards:
        raise ReportError(_("光荣榜上至少要有一名人员"))
    if len(data.cards) > MAX_CARDS:
        raise ReportError(_("一张光荣榜最多排 {max} 人，现有 {n} 人，请分成几张打印").format(
            max=MAX_CARDS, n=len(data.cards)))
    # Field names as the glyph check shows them to the user.
    fields = {_("标题"): data.title, _("单位"): data.unit, _("时间"): data.period}
    for i, card in enumerate(data.cards, start=1):
        person = _("第{n}人 ").format(n=i)
        fields |= {
            person + _("姓名"): card.name,
            person + _("岗位"): card.post,
            person + _("荣誉"): card.honor,
            person + _("事迹"): card.deeds,
        }
    check_glyphs(fields)


def render_honor_board(data: HonorBoardData) -> bytes:
    _check(data)
    width, height = page_size(data.paper, data.landscape)
    k = _scale(width, height)
    margin = 12 * mm * k
    photos = [_photo(card, i) for i, card in enumerate(data.cards, start=1)]
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), f"{data.unit}{data.period}{data.title}")
    header_bottom = _draw_header(canvas, data, width, height, margin, k)
    grid = _grid(len(data.cards), margin, margin, width - margin, header_bottom - 6 * mm * k, k)
    for i, (card, photo) in enumerate(zip(data.cards, photos, strict=True)):
        row, col = divmod(i, grid.cols)
        x = grid.x0 + col * (grid.card_w + grid.gap)
        y = grid.y_top - row * (grid.card_h + grid.gap) - grid.card_h
        _draw_card(canvas, card, photo, x, y, grid.card_w, grid.card_h, k)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _photo(card: HonorCard, index: int) -> bytes | None:
    if card.photo is None:
        return None
    try:
        data = read_photo_bytes(card.photo)
        check_image(data)
        return data
    except ReportError as exc:
        raise ReportError(_("第{n}人（{name}）：{error}").format(n=index, name=card.name, error=exc)) from exc


def _draw_header(canvas: Canvas, data: HonorBoardData, width: float, height: float, margin: float, k: float) -> float:
    """A red band with the title in gold, unit and period beneath; returns the y where the cards may start."""
    band_h = 34 * mm * k
    band_y = height - margin - band_h
    canvas.setFillColor(RED)
    canvas.rect(margin, band_y, width - 2 * margin, band_h, stroke=0, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.5 * k)
    inset = 2.5 * mm * k
    canvas.rect(margin + inset, band_y + inset, width - 2 * margin - 2 * inset, band_h - 2 * inset, stroke=1, fill=0)
    title_size = fit_size(data.title, "title", width - 2 * margin - 30 * mm * k, 64 * k, 28 * k)
    spacing = title_size * (0.5 if len(data.title) <= 4 else 0.1)
    canvas.setFillColor(GOLD)
    canvas.setStrokeColor(GOLD)
    draw_text(
        canvas,
        width / 2 + spacing / 2,
        band_y + band_h / 2 - title_size * 0.36,
        data.title,
        "title",
        title_size,
        align="center",
        char_space=spacing,
    )
    sub = f"{data.unit}　{data.period}"
    sub_size = fit_size(sub, "heading1", width - 2 * margin, 22 * k, 12 * k)
    canvas.setFillColor(RED)
    draw_text(canvas, width / 2, band_y - 5 * mm * k - sub_size * 0.8, sub, "heading1", sub_size, align="center")
    return band_y - 5 * mm * k - sub_size * 1.2


def _draw_card(
    canvas: Canvas, card: HonorCard, photo: bytes | None, x: float, y: float, w: float, h: float, k: float
) -> None:
    canvas.setStrokeColor(CARD_LINE)
    canvas.setLineWidth(1.0 * k)
    canvas.setFillColor(HexColor("#FFFDF8"))
    canvas.roundRect(x, y, w, h, 2 * mm * k, stroke=1, fill=1)
    pad = min(h, w) * 0.07
    photo_h = h - 2 * pad
    photo_w = min(photo_h * PHOTO_ASPECT, w * 0.34)
    photo_h = photo_w / PHOTO_ASPECT
    py = y + (h - photo_h) / 2
    if photo is None:
        _placeholder(canvas, card.name, x + pad, py, photo_w, photo_h)
    else:
        jpeg = portrait_jpeg(photo, photo_w, photo_h)
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), x + pad, py, photo_w, photo_h)
    tx = x + 2 * pad + photo_w
    _draw_card_text(canvas, card, tx, y + pad, w - photo_w - 3 * pad, h - 2 * pad, k)


def _placeholder(canvas: Canvas, name: str, x: float, y: float, w: float, h: float) -> None:
    """A plain box with the name's first character: says 'no photo yet' without pretending to be a face."""
    canvas.setFillColor(PLACEHOLDER)
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    initial = name.strip()[:1] or "?"
    size = w * 0.55
    canvas.setFillColor(PLACEHOLDER_INK)
    draw_text(canvas, x + w / 2, y + h / 2 - size * 0.36, initial, "heading1", size, align="center")


def _draw_card_text(canvas: Canvas, card: HonorCard, x: float, y: float, w: float, h: float, k: float) -> None:
    """Name large (≥16 pt on A3), then honour in red, post, and as many lines of deeds as remain."""
    name_size = fit_size(card.name, "heading1", w, min(h * 0.26, 30 * k), 16 * k)
    top = y + h
    canvas.setFillColor(INK)
    baseline = top - name_size * 0.95
    draw_text(canvas, x, baseline, _fit_line(card.name, "heading1", name_size, w), "heading1", name_size)
    small = max(9 * k, name_size * 0.55)
    baseline -= name_size * 0.45 + small * 1.05
    if card.honor:
        canvas.setFillColor(RED)
        draw_text(canvas, x, baseline, _fit_line(card.honor, "heading1", small, w), "heading1", small)
        baseline -= small * 1.35
    if card.post:
        canvas.setFillColor(GREY)
        draw_text(canvas, x, baseline, _fit_line(card.post, "body", small, w), "body", small)
        baseline -= small * 1.45
    deeds_size = max(8 * k, small * 0.9)
    lines_left = int((baseline - y + deeds_size * 0.2) // (deeds_size * 1.35)) + 1
    if card.deeds and lines_left > 0:
        canvas.setFillColor(INK)
        for line in trim_lines(card.deeds, "body", deeds_size, w, lines_left):
            draw_text(canvas, x, baseline, line, "body", deeds_size)
            baseline -= deeds_size * 1.35


def _fit_line(text: str, role: str, size: float, width: float) -> str:
    """One line, cut with “…” if even the smallest allowed size does not fit (a very long post or honour)."""
    if text_width(text, role, size) <= width:
        return text
    return trim_lines(text, role, size, width, 1)[0]
