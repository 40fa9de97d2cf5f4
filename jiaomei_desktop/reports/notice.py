"""通报 / notices in the GB/T 9704-2012 layout.

A4; top margin 37 mm, binding (left) margin 28 mm, text block 156 × 225 mm holding 22 lines of 28 characters of 3号
(16 pt) 仿宋; title 2号 (22 pt) in a 小标宋-like face; headings “一、” in 黑体 and “（一）” in 楷体; the date in Arabic
numerals 右空四字 with the issuer centred above it (room for the seal); page numbers “— 1 —” in 4号 below the block,
odd pages right and even pages left, one character in from the edge.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.dates import arabic_date
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs, glyph_ink_band
from jiaomei_desktop.reports.linebreak import balanced_lines
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.text import draw_text, nest_quotes, text_width, wrap_text

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


SEAL_DIAMETER = 42 * mm  # the round 党委 seal (Φ42 mm)
NO_MORE_TEXT = "（以下无正文）"
_FIXED = frozenset({"row", "header", "gap"})  # items whose height does not follow the line pitch
MAX_SQUEEZE = 0.9  # a last page may tighten its line pitch to 90 % to keep the signature with the body (7.3.5.4)


@dataclass
class _Item:
    """One thing on the line grid: a line of text, a blank line or a table row. `draw(canvas, top, pitch)` draws it
    with its top edge at `top`; `pitch` is the current line pitch (tightened on a squeezed last page)."""

    height: float
    draw: Callable[[Canvas, float, float], None]
    kind: str  # "line" (body text), "heading", "title", "blank", "row", "header"
    header: _Item | None = None  # a table row's header, repeated at the top of a new page


class _Pages:
    """Items placed on pages of the text block (GB/T 9704-2012 5.2.1: 37 mm top, 28 mm left, 156 × 225 mm)."""

    def __init__(self, height: float) -> None:
        self.top = height - TOP
        self.bottom = self.top - BLOCK_H
        self.pages: list[list[tuple[_Item, float]]] = [[]]
        self.pitch: list[float] = [PITCH]  # per page; a squeezed last page has a tighter one
        self.y = self.top

    def room(self) -> float:
        return self.y - self.bottom

    def new_page(self) -> None:
        self.pages.append([])
        self.pitch.append(PITCH)
        self.y = self.top

    def place(self, item: _Item) -> None:
        if item.kind == "blank" and not self.pages[-1]:
            return  # a blank line never opens a page
        if item.height > self.room() + 0.5:
            self.new_page()
            if item.header is not None:
                self.place(item.header)  # the header repeats on every page of a long table
            if item.kind == "blank":
                return
        self.pages[-1].append((item, self.y))
        self.y -= item.height

    def place_all(self, items: list[_Item]) -> None:
        for i, item in enumerate(items):
            starts_heading = item.kind == "heading" and (i == 0 or items[i - 1].kind != "heading")
            if starts_heading or (item.kind == "header" and i + 1 < len(items)):
                keep = _kept_with(items, i)
                if self.pages[-1] and keep <= BLOCK_H and keep > self.room() + 0.5:
                    self.new_page()  # a heading (or a table header) never stands alone at the foot of a page
            self.place(item)


def _kept_with(items: list[_Item], i: int) -> float:
    """The height that must fit below `items[i]` for it to stay on the page: a table header with its first row; a
    heading with all its lines and what follows — the first two lines of a paragraph, or a table's header and first
    row (checking only the gap above a table left the heading at the foot of the page, seen in a 督导通报)."""
    if items[i].kind == "header":
        return sum(item.height for item in items[i : i + 2])
    j = i
    while j < len(items) and items[j].kind == "heading":
        j += 1
    if j < len(items) and items[j].kind == "gap":
        j += 1
    if j < len(items) and items[j].kind == "header":
        j += 2
    else:
        lines = 0
        while j < len(items) and items[j].kind == "line" and lines < 2:
            j, lines = j + 1, lines + 1
    return sum(item.height for item in items[i:j])


def _line_item(
    text: str,
    role: str,
    size: float = BODY_SIZE,
    *,
    x: float = LEFT,
    align: str = "left",
    char_space: float = CHAR_SPACE,
    kind: str = "line",
) -> _Item:
    def draw(canvas: Canvas, top: float, pitch: float) -> None:
        baseline = top - (pitch + size * 0.72) / 2
        draw_text(canvas, x, baseline, text, role, size, align=align, char_space=char_space)

    return _Item(PITCH, draw, kind)


def _blank(lines: float = 1.0) -> _Item:
    return _Item(PITCH * lines, lambda _c, _t, _p: None, "blank")


def _page_number(canvas: Canvas, page: int, width: float, block_bottom: float) -> None:
    """GB/T 9704-2012 7.5: 4号半角宋体阿拉伯数字 below the block, a 一字线 each side, the dashes 7 mm below the block;
    odd pages 右空一字, even pages 左空一字."""
    text = f"— {page} —"
    dash_low, dash_high = glyph_ink_band("—", "song")
    baseline = block_bottom - 7 * mm - PAGE_NO_SIZE * (dash_low + dash_high) / 2
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
    items = _title(nest_quotes(doc.title))
    if doc.recipients:
        items.append(_line_item(f"{doc.recipients}：", "body"))
    for block in doc.blocks:
        items += _block(block)
    pages = _Pages(height)
    pages.place_all(items)
    _place_signature(pages, doc)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), doc.title)
    for number, (placed, pitch) in enumerate(zip(pages.pages, pages.pitch, strict=True), start=1):
        for item, top in placed:
            item.draw(canvas, top, pitch)
        _page_number(canvas, number, width, pages.bottom)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _title(title: str) -> list[_Item]:
    """GB/T 9704-2012 7.3.3: 2号小标宋, one or more centred lines broken between words in a balanced shape (回行时词意
    完整、排列对称、长短适宜), then one blank line."""
    lines = balanced_lines(title, BLOCK_W - 2 * CELL, lambda t: text_width(t, "title", TITLE_SIZE))
    items = [
        _line_item(line, "title", TITLE_SIZE, x=LEFT + BLOCK_W / 2, align="center", char_space=0, kind="title")
        for line in lines
    ]
    return [*items, _blank()]


def _block(block: Block) -> list[_Item]:
    if isinstance(block, Heading):
        role = "heading1" if block.level == 1 else "heading2"
        lines = _body_lines(nest_quotes(block.text), role)
        return [
            _line_item(line, role, x=LEFT + (2 * CELL if i == 0 else 0), kind="heading") for i, line in enumerate(lines)
        ]
    if isinstance(block, Paragraph):
        return _paragraph(nest_quotes(block.text))
    return _table(block)


def _body_lines(text: str, role: str) -> list[str]:
    return wrap_text(text, role, BODY_SIZE, BLOCK_W, first_indent=2 * CELL, char_space=CHAR_SPACE)


def _paragraph(text: str) -> list[_Item]:
    """GB/T 9704-2012 7.3.4: 每个自然段左空二字，回行顶格; full lines end flush with the block (撑满版心)."""
    items: list[_Item] = []
    for part in text.split("\n"):
        lines = _body_lines(part, "body")
        for i, line in enumerate(lines):
            indent = 2 * CELL if i == 0 else 0.0
            space = CHAR_SPACE
            if i < len(lines) - 1 and len(line) > 1:
                slack = BLOCK_W - indent - text_width(line, "body", BODY_SIZE, CHAR_SPACE)
                space += max(0.0, min(slack / (len(line) - 1), BODY_SIZE * 0.3))
            items.append(_line_item(line, "body", x=LEFT + indent, char_space=space))
    return items


def _table(table: Table) -> list[_Item]:
    widths = table.widths or [1.0] * len(table.columns)
    total = sum(widths)
    cols = [BLOCK_W * w / total for w in widths]
    pad = 2.5 * mm
    header = _row_item([[c] for c in table.columns], cols, pad, bold=True, kind="header")
    items = [_Item(PITCH * 0.25, lambda _c, _t, _p: None, "gap"), header]
    for row in table.rows:
        cells = [wrap_text(str(c), "body", TABLE_SIZE, w - 2 * pad) for c, w in zip(row, cols, strict=True)]
        item = _row_item(cells, cols, pad, bold=False, kind="row")
        item.header = header
        items.append(item)
    items.append(_Item(PITCH * 0.25, lambda _c, _t, _p: None, "gap"))
    return items


def _row_item(cells: list[list[str]], cols: list[float], pad: float, *, bold: bool, kind: str) -> _Item:
    height = max(len(c) for c in cells) * TABLE_SIZE * 1.4 + 2 * pad

    def draw(canvas: Canvas, top: float, _pitch: float) -> None:
        canvas.setLineWidth(0.75)
        x = LEFT
        role = "heading1" if bold else "body"
        for lines, w in zip(cells, cols, strict=True):
            canvas.rect(x, top - height, w, height, stroke=1, fill=0)
            y = top - pad - TABLE_SIZE * 0.95
            for line in lines:
                draw_text(canvas, x + w / 2, y, line, role, TABLE_SIZE, align="center")
                y -= TABLE_SIZE * 1.4
            x += w

    return _Item(height, draw, kind)


def _signature_items(doc: NoticeDocument) -> tuple[list[_Item], float]:
    """GB/T 9704-2012 7.3.5.1: the issuer centred over the date, the date 右空四字 in Arabic numerals (7.3.5.2 of the
    2012 text allows them), and room for the Φ42 mm seal: its top within one line below the body, the issuer and date in
    its lower half. Returns the items (two blank lines, issuer lines, date) and the height the seal needs."""
    date_text = arabic_date(doc.issue_date)
    right = LEFT + BLOCK_W - 4 * CELL
    date_w = text_width(date_text, "body", BODY_SIZE, CHAR_SPACE)
    centre = right - date_w / 2
    issuer_lines = wrap_issuer(doc.issuer, BLOCK_W * 0.6) if doc.issuer else []
    items = [_blank(2)]
    for line in issuer_lines:
        w = text_width(line, "body", BODY_SIZE, CHAR_SPACE)
        items.append(_line_item(line, "body", x=min(centre + w / 2, LEFT + BLOCK_W), align="right", kind="sig"))
    items.append(_line_item(date_text, "body", x=right, align="right", kind="sig"))
    group = len(issuer_lines) + 1
    seal_centre = 2 * PITCH + group * PITCH / 2 - PITCH / 2  # below the body's last line, above the group's centre
    return items, max((2 + group) * PITCH, seal_centre + SEAL_DIAMETER / 2)


def wrap_issuer(issuer: str, width: float) -> list[str]:
    return balanced_lines(issuer, width, lambda t: text_width(t, "body", BODY_SIZE, CHAR_SPACE))


def _place_signature(pages: _Pages, doc: NoticeDocument) -> None:
    """Keep 发文机关署名 and 成文日期 on the page of the body's last lines (7.3.5.4: when the space left cannot take the
    seal and the date, 调整行距、字距; we tighten the last page's pitch up to 10 %, else carry the body's last two lines
    over; only a body ending in a table gets “以下无正文” under it)."""
    items, need = _signature_items(doc)
    last = pages.pages[-1]
    if need > pages.room() + 0.5:
        used = pages.top - pages.y
        # Only lines of text tighten; table rows keep their height.
        lines = sum(item.height for item, _top in last if item.kind not in _FIXED)
        factor = (BLOCK_H - need - (used - lines)) / lines if lines else 0.0
        if factor >= MAX_SQUEEZE:
            y = pages.top
            placed = []
            for item, _top in last:
                placed.append((item, y))
                y -= item.height * (1.0 if item.kind in _FIXED else factor)
            last[:] = placed
            pages.pitch[-1] = PITCH * factor
            pages.y = y
        else:
            room = pages.room()
            tail = _carry(last, need)
            pages.new_page()
            if tail:
                for item in tail:
                    pages.place(item)
            elif room >= PITCH:  # the body ends with a table that cannot move: say nothing follows (以下无正文)
                last.append((_line_item(NO_MORE_TEXT, "body"), pages.bottom + room))
            else:
                pages.place(_line_item(NO_MORE_TEXT, "body"))
    pitch = pages.pitch[-1]
    for item in items:
        pages.pages[-1].append((item, pages.y))
        pages.y -= item.height * pitch / PITCH


def _carry(page: list[tuple[_Item, float]], need: float) -> list[_Item]:
    """Take the body's last two lines, a table's last row (under its header again) or a one-row table off a full page,
    so they go over with the signature: a signature never stands alone. Nothing moves when even that would not fit
    on a fresh page with the signature."""
    while page and page[-1][0].kind in ("gap", "blank"):
        page.pop()
    kinds = [item.kind for item, _top in page[-2:]]
    if len(page) >= 4 and kinds == ["line", "line"]:
        count, tail = 2, [item for item, _top in page[-2:]]
    elif len(page) >= 3 and kinds == ["row", "row"] and page[-1][0].header is not None:
        count, tail = 1, [page[-1][0].header, page[-1][0]]
    elif len(page) >= 3 and kinds == ["header", "row"]:
        count, tail = 2, [item for item, _top in page[-2:]]  # a one-row table goes over whole
    else:
        return []
    # A heading right above what goes over goes with it (with the gap above a table), never left at the page's foot.
    lead = count
    while lead < len(page) and page[-lead - 1][0].kind == "gap":
        lead += 1
    headings = 0
    while lead + headings < len(page) and page[-lead - headings - 1][0].kind == "heading":
        headings += 1
    if headings and lead + headings < len(page):
        tail = [item for item, _top in page[-lead - headings : -count]] + tail
        count = lead + headings
    if sum(item.height for item in tail) + need > BLOCK_H:
        return []
    del page[-count:]
    while page and page[-1][0].kind == "gap":
        page.pop()
    return tail
