"""光荣榜: a wall board of 1–48 photo cards on A3 or A4, laid out automatically, legible from two metres.

Names are never set below 21 pt (legible from 2 m): the layout is chosen from the count, and when the cards would
have to shrink below that the board is split into several sheets with equal cards instead."""

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
from jiaomei_desktop.reports.linebreak import balanced_lines
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.photos import PHOTO_ASPECT, check_image, photo_aspect, portrait_jpeg, read_photo_bytes
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


MIN_NAME_PT = 21.0  # a name read from 2 m: about 7.4 mm tall, whatever the paper
NAME_CHARS = 4  # a name line must hold four characters (欧阳晓明) at the name size
FEW = 2  # one or two entries get a feature layout that fills the sheet


def _scale(width: float, height: float) -> float:
    """1.0 on A3, 0.71 on A4: decoration and margins are designed for A3 and scale with the paper."""
    return min(width, height) / (297 * mm)


def _grid(n: int, left: float, bottom: float, right: float, top: float, k: float) -> _Grid:
    """Pick the column count whose cards come closest to a 2.2:1 card (photo left, text right) at the largest size;
    every card of a board has the same size."""
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
    card_h = (area_h - gap * (rows - 1)) / rows
    if n > FEW:
        card_h = min(card_h, 95 * mm * k)  # several cards stay card-sized, centred
    card_w = min((area_w - gap * (cols - 1)) / cols, card_h * (2.2 if n > FEW else 3.2))
    used_w = cols * card_w + (cols - 1) * gap
    used_h = rows * card_h + (rows - 1) * gap
    return _Grid(cols, rows, card_w, card_h, left + (area_w - used_w) / 2, top - (area_h - used_h) / 2, gap)


@dataclass(frozen=True)
class _CardBox:
    pad: float
    photo_w: float
    photo_h: float  # the portrait box; a landscape group photo keeps the width and its own shape
    text_w: float


def _card_box(w: float, h: float) -> _CardBox:
    pad = min(h, w) * 0.07
    photo_w = min((h - 2 * pad) * PHOTO_ASPECT, w * 0.34)
    return _CardBox(pad, photo_w, photo_w / PHOTO_ASPECT, w - photo_w - 3 * pad)


def name_size(grid: _Grid) -> float:
    """The size names are set at on this grid: a quarter of the card's height, four characters to the text column."""
    box = _card_box(grid.card_w, grid.card_h)
    return min(grid.card_h * 0.25, box.text_w / NAME_CHARS, 60.0)


def plan_pages(n: int, left: float, bottom: float, right: float, top: float, k: float) -> tuple[int, _Grid]:
    """Cards per page and the grid: as many per page as keep names ≥ 21 pt; beyond that the board is split into
    pages with the same card size rather than shrunk."""
    for pages in range(1, n + 1):
        per_page = math.ceil(n / pages)
        grid = _grid(per_page, left, bottom, right, top, k)
        if name_size(grid) >= MIN_NAME_PT:
            return per_page, grid
    return 1, _grid(1, left, bottom, right, top, k)


def _check(data: HonorBoardData) -> None:
    if not data.cards:
        raise ReportError(_("光荣榜上至少要有一名人员"))
    if len(data.cards) > MAX_CARDS:
        raise ReportError(
            _("一张光荣榜最多排 {max} 人，现有 {n} 人，请分成几张打印").format(max=MAX_CARDS, n=len(data.cards))
        )
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
    header_bottom = _header_bottom(height, margin, k)
    per_page, grid = plan_pages(len(data.cards), margin, margin, width - margin, header_bottom - 6 * mm * k, k)
    pages = math.ceil(len(data.cards) / per_page)
    size = name_size(grid)
    for page in range(pages):
        _draw_header(canvas, data, width, height, margin, k, (page + 1, pages))
        chunk = range(page * per_page, min(len(data.cards), (page + 1) * per_page))
        for slot, i in enumerate(chunk):
            row, col = divmod(slot, grid.cols)
            x = grid.x0 + col * (grid.card_w + grid.gap)
            y = grid.y_top - row * (grid.card_h + grid.gap) - grid.card_h
            _draw_card(canvas, data.cards[i], photos[i], x, y, grid.card_w, grid.card_h, k, size)
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


def _header_bottom(height: float, margin: float, k: float) -> float:
    band_y = height - margin - 34 * mm * k
    return band_y - 5 * mm * k - 22 * k * 1.2


def _draw_header(
    canvas: Canvas, data: HonorBoardData, width: float, height: float, margin: float, k: float, page: tuple[int, int]
) -> None:
    """A red band with the title in gold, unit and period beneath (and the sheet's number when split)."""
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
    if page[1] > 1:
        sub += _("　（第{n}张，共{total}张）").format(n=page[0], total=page[1])
    sub_size = fit_size(sub, "heading1", width - 2 * margin, 22 * k, 12 * k)
    canvas.setFillColor(RED)
    draw_text(canvas, width / 2, band_y - 5 * mm * k - sub_size * 0.8, sub, "heading1", sub_size, align="center")


def _draw_card(
    canvas: Canvas, card: HonorCard, photo: bytes | None, x: float, y: float, w: float, h: float, k: float, size: float
) -> None:
    canvas.setStrokeColor(CARD_LINE)
    canvas.setLineWidth(1.0 * k)
    canvas.setFillColor(HexColor("#FFFDF8"))
    canvas.roundRect(x, y, w, h, 2 * mm * k, stroke=1, fill=1)
    box = _card_box(w, h)
    photo_w, photo_h = box.photo_w, box.photo_h
    if photo is None:
        _placeholder(canvas, card.name, x + box.pad, y + (h - photo_h) / 2, photo_w, photo_h)
    else:
        aspect = photo_aspect(photo)
        if aspect > 1.05:  # a group photo keeps its landscape shape, as wide as a portrait would be
            photo_h = photo_w / min(aspect, 2.0)
        jpeg = portrait_jpeg(photo, photo_w, photo_h)
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), x + box.pad, y + (h - photo_h) / 2, photo_w, photo_h)
    tx = x + 2 * box.pad + box.photo_w
    _draw_card_text(canvas, card, tx, y + box.pad, box.text_w, h - 2 * box.pad, k, size)


def _placeholder(canvas: Canvas, name: str, x: float, y: float, w: float, h: float) -> None:
    """A plain box with the name's first character: says 'no photo yet' without pretending to be a face."""
    canvas.setFillColor(PLACEHOLDER)
    canvas.rect(x, y, w, h, stroke=0, fill=1)
    initial = name.strip()[:1] or "?"
    size = w * 0.55
    canvas.setFillColor(PLACEHOLDER_INK)
    draw_text(canvas, x + w / 2, y + h / 2 - size * 0.36, initial, "heading1", size, align="center")


def card_lines(card: HonorCard, w: float, h: float, k: float, size: float) -> list[tuple[str, str, float, str]]:
    """The card's text as (text, role, size, colour) lines: the name large (≥ 21 pt; a long collective name wraps
    between words, never “…”), the honour in red, the post, then as many lines of deeds as remain (trimmed “…”)."""
    lines: list[tuple[str, str, float, str]] = []
    name_lines = balanced_lines(card.name, w, lambda t: text_width(t, "heading1", size), min_last=2)
    lines += [(line, "heading1", size, "ink") for line in name_lines]
    small = max(9 * k, min(size * 0.5, 28.0))
    for text, role, colour in ((card.honor, "heading1", "red"), (card.post, "body", "grey")):
        if text:
            fitted = fit_size(text, role, w, small, 9 * k)  # one line if it can be read, else broken between words
            wrapped = balanced_lines(text, w, lambda t, r=role, z=fitted: text_width(t, r, z), min_last=2)
            lines += [(line.strip(), role, fitted, colour) for line in wrapped]
    deeds_size = max(8 * k, small * 0.9)
    if card.deeds:
        room = 0
        while _height([*lines, *[("", "body", deeds_size, "ink")] * (room + 1)]) <= h:
            room += 1
        if room:
            lines += [(line, "body", deeds_size, "ink") for line in trim_lines(card.deeds, "body", deeds_size, w, room)]
    return lines


def _steps(lines: list[tuple[str, str, float, str]]) -> list[float]:
    """Baseline offsets from the top of the text column: 1.3 leading, a little air where the size changes."""
    out: list[float] = []
    y = 0.0
    previous = None
    for _text, _role, size, _colour in lines:
        y += size * 0.95 if previous is None else size * 1.3 + (size * 0.3 if size != previous else 0.0)
        out.append(y)
        previous = size
    return out


def _height(lines: list[tuple[str, str, float, str]]) -> float:
    return _steps(lines)[-1] + lines[-1][2] * 0.25 if lines else 0.0


def _draw_card_text(
    canvas: Canvas, card: HonorCard, x: float, y: float, w: float, h: float, k: float, size: float
) -> None:
    colours = {"ink": INK, "red": RED, "grey": GREY}
    lines = card_lines(card, w, h, k, size)
    for (text, role, line_size, colour), step in zip(lines, _steps(lines), strict=True):
        canvas.setFillColor(colours[colour])
        draw_text(canvas, x, y + h - step, text, role, line_size)
