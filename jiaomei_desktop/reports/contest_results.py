"""技术比武成绩公布: the results sheet put up on the wall after a contest (a Chinese document whatever the UI language,
like the other templates; only the messages to the user are translated) — A4 (or A3) portrait, the title, the
event, its trade and date, the ranked table (名次, 姓名, 单位, 成绩, 所获荣誉), and the organiser and the date of
issue at the bottom right. Long lists continue on more pages, each with the table head repeated."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.dates import format_document_date
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.text import draw_text, fit_size, text_width, trim_lines, wrap_text

RED = HexColor("#C8102E")
BLACK = HexColor("#000000")
RULE_GREY = HexColor("#666666")
WINNER_FILL = HexColor("#FDF0F0")
COLUMNS = ("名次", "姓名", "单位", "成绩", "所获荣誉")
WIDTHS = (0.11, 0.17, 0.34, 0.12, 0.26)  # shares of the table width
ROW_PT = 22.0  # row height on A4; body text 12 pt reads from 1.5 m
MARGIN_MM = 20.0


@dataclass(frozen=True)
class ResultLine:
    placing: int | None
    name: str
    unit: str
    score: float | None
    honour: str = ""  # e.g. 技术能手, for a winner


@dataclass(frozen=True)
class ContestSheetData:
    event_name: str
    trade: str
    level: str  # 矿 / 集团 / 省
    event_date: date
    organiser: str
    lines: list[ResultLine] = field(default_factory=list)
    rules: str = ""
    issue_date: date | None = None  # default: the event's date
    paper: str = "A4"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _validate(data: ContestSheetData) -> None:
    if not data.event_name.strip() or not data.organiser.strip():
        raise ReportError(_("成绩公布需要比武名称和主办单位"))
    if not data.lines:
        raise ReportError(_("“{name}”还没有参赛选手，无法生成成绩公布").format(name=data.event_name))
    fields = {
        _("比武名称"): data.event_name,
        _("工种"): data.trade,
        _("主办单位"): data.organiser,
        _("评分办法"): data.rules,
    }
    fields |= {_("第{n}行").format(n=i): f"{r.name}{r.unit}{r.honour}" for i, r in enumerate(data.lines, start=1)}
    check_glyphs(fields)


def render_contest_results(data: ContestSheetData) -> bytes:
    _validate(data)
    width, height = page_size(data.paper, False)
    k = width / (210 * mm)
    margin = MARGIN_MM * mm * k
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), f"{data.event_name} 成绩公布")
    table_w = width - 2 * margin
    row_h = ROW_PT * k
    pages = _pages(data, height, margin, row_h, k)
    for number, lines in enumerate(pages, start=1):
        y = _head(canvas, data, width, height, margin, k, first=number == 1)
        y = _table(canvas, lines, margin, y, table_w, row_h, k)
        if number == len(pages):
            _foot(canvas, data, width, margin, k)
        if len(pages) > 1:
            draw_text(canvas, width / 2, margin / 2, f"— {number} / {len(pages)} —", "song", 9 * k, align="center")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rules_lines(data: ContestSheetData, width: float, k: float) -> list[str]:
    if not data.rules.strip():
        return []
    return trim_lines(f"评分办法：{data.rules.strip()}", "song", 11 * k, width, 3)


def _head_height(data: ContestSheetData, width: float, k: float, first: bool) -> float:
    base = 30 * k + 20 * k + 16 * k + 14 * mm * k
    return base + (len(_rules_lines(data, width, k)) * 16 * k if first else 0)


def _pages(data: ContestSheetData, height: float, margin: float, row_h: float, k: float) -> list[list[ResultLine]]:
    width = page_size(data.paper, False)[0] - 2 * margin
    foot = 40 * mm * k
    pages: list[list[ResultLine]] = []
    rest = list(data.lines)
    while rest:
        room = height - 2 * margin - _head_height(data, width, k, not pages) - row_h  # the head row
        fits = max(1, int(room // row_h))
        if len(rest) <= fits and room - len(rest) * row_h < foot and len(rest) > 1:
            fits = len(rest) - 1  # keep room for the organiser's signature under the last rows
        elif len(rest) <= fits:
            fits = len(rest)
        pages.append(rest[:fits])
        rest = rest[fits:]
    return pages


def _head(
    canvas: Canvas, data: ContestSheetData, width: float, height: float, margin: float, k: float, first: bool
) -> float:
    y = height - margin - 30 * k
    canvas.setFillColor(RED)
    draw_text(canvas, width / 2, y, "技术比武成绩公布", "title", 30 * k, align="center", char_space=4 * k)
    canvas.setFillColor(BLACK)
    y -= 20 * k + 8 * k
    size = fit_size(data.event_name, "heading1", width - 2 * margin, 18 * k, 11 * k)
    draw_text(canvas, width / 2, y, data.event_name, "heading1", size, align="center")
    y -= 16 * k + 4 * k
    sub = "工种：{trade}　　级别：{level}级　　比武日期：{day}".format(
        trade=data.trade, level=data.level, day=format_document_date(data.event_date, "arabic")
    )
    draw_text(canvas, width / 2, y, sub, "song", 12 * k, align="center")
    y -= 8 * mm * k
    if first:
        for line in _rules_lines(data, width - 2 * margin, k):
            draw_text(canvas, margin, y, line, "song", 11 * k)
            y -= 16 * k
    return y - 2 * mm * k


def _table(
    canvas: Canvas, lines: list[ResultLine], left: float, top: float, table_w: float, row_h: float, k: float
) -> float:
    xs = [left]
    for share in WIDTHS:
        xs.append(xs[-1] + share * table_w)
    canvas.setFillColor(RED)
    canvas.rect(left, top - row_h, table_w, row_h, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#FFFFFF"))
    size = 12 * k
    for i, title in enumerate(COLUMNS):
        draw_text(canvas, (xs[i] + xs[i + 1]) / 2, top - row_h + row_h * 0.32, title, "heading1", size, align="center")
    y = top - row_h
    for line in lines:
        if line.honour:
            canvas.setFillColor(WINNER_FILL)
            canvas.rect(left, y - row_h, table_w, row_h, stroke=0, fill=1)
        canvas.setFillColor(BLACK)
        cells = [
            "" if line.placing is None else f"第{line.placing}名",
            line.name,
            line.unit,
            _score(line.score),
            line.honour,
        ]
        for i, text in enumerate(cells):
            cell_w = xs[i + 1] - xs[i] - 3 * mm * k
            role = "heading1" if i in (0, 1) and line.honour else "song"
            fitted = fit_size(text, role, cell_w, size, 8 * k) if text else size
            shown = text if text_width(text, role, fitted) <= cell_w else wrap_text(text, role, fitted, cell_w)[0]
            draw_text(canvas, (xs[i] + xs[i + 1]) / 2, y - row_h * 0.68, shown, role, fitted, align="center")
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.4 * k)
        canvas.line(left, y - row_h, left + table_w, y - row_h)
        y -= row_h
    canvas.setStrokeColor(BLACK)
    canvas.setLineWidth(0.8 * k)
    canvas.rect(left, y, table_w, top - y, stroke=1, fill=0)
    for x in xs[1:-1]:
        canvas.line(x, y, x, top)
    return y


def _foot(canvas: Canvas, data: ContestSheetData, width: float, margin: float, k: float) -> None:
    """The organiser and the date of issue, bottom right, as under any notice put up on the wall."""
    right = width - margin - 8 * mm * k
    day = format_document_date(data.issue_date or data.event_date)
    canvas.setFillColor(BLACK)
    draw_text(canvas, right, margin + 22 * k, data.organiser, "song", 14 * k, align="right")
    draw_text(canvas, right, margin + 4 * k, day, "song", 14 * k, align="right")
