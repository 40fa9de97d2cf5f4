"""Measuring, wrapping and drawing mixed-font CJK text on a ReportLab canvas.

Text is drawn in runs, one per font, as chosen by `FontSet.runs`; every function here assumes the caller has already
checked the glyphs (`check_glyphs`) so nothing is ever drawn as an empty box.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.reports.fonts import get_fonts
from jiaomei_desktop.reports.linebreak import NO_LINE_END, NO_LINE_START, units

FAKE_BOLD_STROKE = 0.03  # stroke width as a fraction of the font size when a Song face stands in for 小标宋
FALLBACK_BOLD_STROKE = 0.05  # a light face filling in for a heavy one (UMing digits in a 黑体 line) is stroked more
HEAVY_ROLES = frozenset({"title", "heading1", "sans"})


@lru_cache(maxsize=65536)
def _char_width(font_name: str, char: str) -> float:
    return stringWidth(char, font_name, 1.0)


def text_width(text: str, role: str, size: float, char_space: float = 0.0) -> float:
    fonts = get_fonts()
    width = 0.0
    for face, run in fonts.runs(text, role):
        width += sum(_char_width(face.name, ch) for ch in run) * size
    return width + char_space * len(text)


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    role: str,
    size: float,
    *,
    align: str = "left",
    char_space: float = 0.0,
) -> float:
    """Draw one line at baseline y; align is left|center|right relative to x. Returns the drawn width."""
    width = text_width(text, role, size, char_space)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    # Text state (render mode, char spacing) outlives BT/ET in PDF; q/Q keeps one line's settings off the next.
    canvas.saveState()
    obj = canvas.beginText(x, y)
    obj.setCharSpace(char_space)
    fonts = get_fonts()
    main = fonts.face(role)
    for face, run in fonts.runs(text, role):
        obj.setFont(face.name, size)
        # Digits and quotes the heavy face lacks come from a light fallback: stroke them so "8101" in a 黑体 line is
        # as heavy as the characters around it, not a hairline serif.
        borrowed = role in HEAVY_ROLES and face.name != main.name and not main.fake_bold
        stroke = FAKE_BOLD_STROKE if face.fake_bold else FALLBACK_BOLD_STROKE if borrowed else 0.0
        obj.setTextRenderMode(2 if stroke else 0)
        if stroke:
            fill = getattr(canvas, "_fillColorObj", None)  # the outline takes the text's colour, not the last line's
            if fill is not None:
                obj.setStrokeColor(fill)
            obj._code.append(f"{size * stroke:.2f} w")  # line width inside the text object, before the run
        obj.textOut(run)
    canvas.drawText(obj)
    canvas.restoreState()
    return width


def wrap_text(
    text: str,
    role: str,
    size: float,
    width: float,
    *,
    first_indent: float = 0.0,
    char_space: float = 0.0,
    keep: tuple[str, ...] = (),
) -> list[str]:
    """Break a paragraph into lines fitting `width` (the first line is `first_indent` narrower). Keeps 禁则, numbers
    with their units ("2.3万学时") and every `keep` text (an honour title) on one line."""
    lines: list[str] = []
    for para in text.split("\n"):
        lines += _wrap_paragraph(para, role, size, width, first_indent, char_space, keep)
    return lines


def _wrap_paragraph(
    text: str, role: str, size: float, width: float, indent: float, char_space: float, keep: tuple[str, ...]
) -> list[str]:
    lines: list[list[str]] = [[]]
    used = indent
    for tok in units(text, keep, words=False):
        w = text_width(tok, role, size, char_space)
        if lines[-1] and used + w > width + 0.01:
            carry = _carry_over(lines[-1], tok)
            lines.append(carry)
            used = sum(text_width(t, role, size, char_space) for t in carry)
        lines[-1].append(tok)
        used += w
    return ["".join(line) for line in lines]


def _carry_over(line: list[str], next_tok: str) -> list[str]:
    """Tokens moved from the end of a full line to the next one so punctuation lands where Chinese rules want it."""
    carry: list[str] = []
    # a run of closing marks ("），") moves with the character before it, so no line starts with one
    while next_tok[0] in NO_LINE_START and len(line) > 1:
        carry.insert(0, line.pop())
        next_tok = carry[0]
    while len(line) > 1 and line[-1][-1] in NO_LINE_END:
        carry.insert(0, line.pop())
    return carry


_OPEN = {"“": 0, "‘": 1}
_CLOSE = {"”": 0, "’": 1}


def nest_quotes(text: str) -> str:
    """Quotation marks nested as Chinese typesetting wants them: “…‘…’…”, a third level “ again.

    Straight quotes open and close by turn; curly ones keep their direction and only change level.
    """
    out: list[str] = []
    depth = 0
    straight_open: list[int] = []  # depths opened by a straight quote
    for ch in text:
        if ch in _OPEN or (ch == '"' and not (straight_open and straight_open[-1] == depth - 1)):
            out.append("“‘"[depth % 2])
            if ch == '"':
                straight_open.append(depth)
            depth += 1
        elif (ch in _CLOSE or ch == '"') and depth > 0:
            depth -= 1
            if ch == '"':
                straight_open.pop()
            out.append("”’"[depth % 2])
        else:
            out.append(ch)
    return "".join(out)


def fit_size(text: str, role: str, width: float, max_size: float, min_size: float, step: float = 0.5) -> float:
    """The largest size in [min_size, max_size] at which `text` fits on one line (min_size if none does)."""
    natural = text_width(text, role, 1.0)
    if natural <= 0:
        return max_size
    size = min(max_size, width / natural)
    size = max(min_size, (size // step) * step)
    return size


def trim_lines(text: str, role: str, size: float, width: float, max_lines: int) -> list[str]:
    """Wrap, keep at most `max_lines`, and end with “…” when something was cut (deeds on a 光荣榜 card)."""
    lines = wrap_text(text, role, size, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1].rstrip("，。、；： ")
    while last and text_width(last + "…", role, size) > width:
        last = last[:-1].rstrip("，。、；： ")
    kept[-1] = last + "…"
    return kept


def draw_paragraph(
    canvas: Canvas,
    lines: list[str],
    x: float,
    y: float,
    width: float,
    role: str,
    size: float,
    leading: float,
    *,
    first_indent: float = 0.0,
    justify: bool = True,
) -> float:
    """Draw pre-wrapped lines from baseline y downwards; full lines are justified to the box edge like set type.

    Returns the baseline of the line after the last one.
    """
    for i, line in enumerate(lines):
        indent = first_indent if i == 0 else 0.0
        space = 0.0
        if justify and i < len(lines) - 1 and len(line) > 1:
            natural = text_width(line, role, size)
            space = max(0.0, (width - indent - natural) / (len(line) - 1))
            space = min(space, size * 0.5)  # a short line before a forced break is not stretched absurdly
        draw_text(canvas, x + indent, y, line, role, size, char_space=space)
        y -= leading
    return y
