"""通报 / notices in the GB/T 9704-2012 layout.

A4; top margin 37 mm, binding (left) margin 28 mm, text block 156 × 225 mm holding 22 lines of 28 characters of 3号
(16 pt) 仿宋; title 2号 (22 pt) in a 小标宋-like face; headings “一、” in 黑体 and “（一）” in 楷体; the date in Arabic
numerals 右空四字 with the issuer centred above it (room for the seal); page numbers “— 1 —” in 4号 below the block,
odd pages right and even pages left, one character in from the edge.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.dates import arabic_date
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.text import draw_text, text_width, wrap_text

LEFT = 28 * mm
TOP = 37 * mm
BLOCK_W = 156 * mm
BLOCK_H = 225 * mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NO_SIZE = 14.0  # 4号
TABLE_SIZE = 12.0  # 小4号 inside tables, so a few columns fit the 156 mm block
PITCH = BLOCK_H / LINES_PER_PAGE  # ≈ 29 pt
CELL = BLOCK_W / CHARS_PER_LINE  # ≈ 15.8 pt: each 16 pt character is set slightly tight to get 28 per line
CHAR_SPACE = CELL - BODY_SIZE


@dataclass(frozen=True)
class Heading:
    text: str  # with its number: "一、总体情况" (level 1, 黑体) or "（一）会议开展情况" (level 2, 楷体)
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths; equal when None


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class NoticeDocument:
    title: str
    recipients: str | None  # 主送机关, e.g. "各党支部"; the colon is added
    blocks: list[Block] = field(default_factory=list)
    issuer: str = ""
    issue_date: date = field(default_factory=date.today)


class _Flow:
    """A cursor on the text block that starts new pages (with their page numbers) as it runs out of room."""

    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.canvas = canvas
        self.page_w, self.page_h = width, height
        self.top = height - TOP
        self.bottom = self.top - BLOCK_H
        self.y = self.top
        self.page = 1

    def need(self, height: float) -> None:
        if self.y - height < self.bottom - 0.5:
            self.new_page()

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = self.top

    def finish_page(self) -> None:
        _page_number(self.canvas, self.page, self.page_w, self.bottom)

    def line(
        self,
        text: str,
        role: str,
        size: float = BODY_SIZE,
        *,
        x: float = LEFT,
        align: str = "left",
        char_space: float = CHAR_SPACE,
    ) -> None:
        self.need(PITCH)
        baseline = self.y - (PITCH + size * 0.72) / 2
        draw_text(self.canvas, x, baseline, text, role, size, align=align, char_space=char_space)
        self.y -= PITCH


def _page_number(canvas: Canvas, page: int, width: float, block_bottom: float) -> None:
    text = f"— {page} —"
    baseline = block_bottom - 7 * mm - PAGE_NO_SIZE * 0.8
    canvas.setFillColor(black)
    if page % 2:
        draw_text(canvas, LEFT + BLOCK_W - PAGE_NO_SIZE, baseline, text, "song", PAGE_NO_SIZE, align="right")
    else:
        draw_text(canvas, LEFT + PAGE_NO_SIZE, baseline, text, "song", PAGE_NO_SIZE)


def _fields(doc: NoticeDocument) -> dict[str, str]:
    """Field names as the glyph check shows them to the user."""
    fields = {_("标题"): doc.title, _("主送机关"): doc.recipients or "", _("发文机关"): doc.issuer}
    for i, block in enumerate(doc.blocks, start=1):
        if isinstance(block, Table):
            cells = [*block.columns, *(c for row in block.rows for c in row)]
            fields[_("第{n}段（表格）").format(n=i)] = "".join(cells)
        else:
            fields[_("第{n}段").format(n=i)] = block.text
    return fields


def _validate(doc: NoticeDocument) -> None:
    if not doc.title.strip():
        raise ReportError(_("通知缺少标题"))
    for block in doc.blocks:
        if isinstance(block, Table):
            bad = [r for r in block.rows if len(r) != len(block.columns)]
            if bad or not block.columns:
                detail = str(bad[0]) if bad else _("没有列")
                raise ReportError(_("表格每行应有 {n} 列：{row}").format(n=len(block.columns), row=detail))
    check_glyphs(_fields(doc))


def render_notice(doc: NoticeDocument) -> bytes:
    _validate(doc)
    width, height = page_size("A4", False)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), doc.title)
    flow = _Flow(canvas, width, height)
    _title(flow, doc.title)
    if doc.recipients:
        flow.line(f"{doc.recipients}：", "body")
    for block in doc.blocks:
        _block(flow, block)
    _signature(flow, doc)
    flow.finish_page()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _title(flow: _Flow, title: str) -> None:
    """Centred 2号 lines (a long title wraps onto several), then one blank line."""
    for line in wrap_text(title, "title", TITLE_SIZE, BLOCK_W - 2 * CELL):
        flow.line(line, "title", TITLE_SIZE, x=LEFT + BLOCK_W / 2, align="center", char_space=0)
    flow.y -= PITCH


def _block(flow: _Flow, block: Block) -> None:
    if isinstance(block, Heading):
        role = "heading1" if block.level == 1 else "heading2"
        for i, line in enumerate(_body_lines(block.text, role)):
            flow.line(line, role, x=LEFT + (2 * CELL if i == 0 else 0))
    elif isinstance(block, Paragraph):
        _paragraph(flow, block.text)
    else:
        _table(flow, block)


def _body_lines(text: str, role: str) -> list[str]:
    return wrap_text(text, role, BODY_SIZE, BLOCK_W, first_indent=2 * CELL, char_space=CHAR_SPACE)


def _paragraph(flow: _Flow, text: str) -> None:
    for part in text.split("\n"):
        lines = _body_lines(part, "body")
        for i, line in enumerate(lines):
            indent = 2 * CELL if i == 0 else 0.0
            space = CHAR_SPACE
            if i < len(lines) - 1 and len(line) > 1:  # full lines end flush with the block, as typeset 公文 do
                slack = BLOCK_W - indent - text_width(line, "body", BODY_SIZE, CHAR_SPACE)
                space += max(0.0, min(slack / (len(line) - 1), BODY_SIZE * 0.3))
            flow.line(line, "body", x=LEFT + indent, char_space=space)


def _table(flow: _Flow, table: Table) -> None:
    widths = table.widths or [1.0] * len(table.columns)
    total = sum(widths)
    cols = [BLOCK_W * w / total for w in widths]
    pad = 2.5 * mm
    header = [[c] for c in table.columns]
    flow.y -= PITCH * 0.25
    _table_row(flow, header, cols, pad, bold=True)
    for row in table.rows:
        cells = [wrap_text(str(c), "body", TABLE_SIZE, w - 2 * pad) for c, w in zip(row, cols, strict=True)]
        height = _row_height(cells, pad)
        if flow.y - height < flow.bottom:
            flow.new_page()
            _table_row(flow, header, cols, pad, bold=True)  # the header repeats on every page of a long table
        _table_row(flow, cells, cols, pad, bold=False)
    flow.y -= PITCH * 0.25


def _row_height(cells: list[list[str]], pad: float) -> float:
    return max(len(c) for c in cells) * TABLE_SIZE * 1.4 + 2 * pad


def _table_row(flow: _Flow, cells: list[list[str]], cols: list[float], pad: float, *, bold: bool) -> None:
    height = _row_height(cells, pad)
    flow.need(height)
    canvas = flow.canvas
    canvas.setLineWidth(0.75)
    x = LEFT
    role = "heading1" if bold else "body"
    for lines, w in zip(cells, cols, strict=True):
        canvas.rect(x, flow.y - height, w, height, stroke=1, fill=0)
        y = flow.y - pad - TABLE_SIZE * 0.95
        for line in lines:
            draw_text(canvas, x + w / 2, y, line, role, TABLE_SIZE, align="center")
            y -= TABLE_SIZE * 1.4
        x += w
    flow.y -= height


def _signature(flow: _Flow, doc: NoticeDocument) -> None:
    """One blank line, the issuer centred over the date, the date 右空四字; kept together on one page."""
    date_text = arabic_date(doc.issue_date)
    right = LEFT + BLOCK_W - 4 * CELL
    date_w = text_width(date_text, "body", BODY_SIZE, CHAR_SPACE)
    centre = right - date_w / 2
    issuer_lines = wrap_text(doc.issuer, "body", BODY_SIZE, BLOCK_W * 0.6) if doc.issuer else []
    flow.need(PITCH * (2 + len(issuer_lines)))
    flow.y -= PITCH
    for line in issuer_lines:
        w = text_width(line, "body", BODY_SIZE, CHAR_SPACE)
        flow.line(line, "body", x=min(centre + w / 2, LEFT + BLOCK_W), align="right")
    flow.line(date_text, "body", x=right, align="right")
