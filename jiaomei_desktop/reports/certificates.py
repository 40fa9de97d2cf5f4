"""荣誉证书 / 出师证书 / 结业证书 on A4 landscape, one page per certificate, many per PDF."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.dates import format_document_date
from jiaomei_desktop.reports.errors import MissingGlyphsError, ReportError
from jiaomei_desktop.reports.fonts import get_fonts
from jiaomei_desktop.reports.linebreak import balanced_lines
from jiaomei_desktop.reports.pages import Progress, new_canvas, page_size, report_progress
from jiaomei_desktop.reports.text import draw_paragraph, draw_text, fit_size, nest_quotes, text_width, wrap_text

KINDS = ("荣誉证书", "出师证书", "结业证书")
MAX_LISTED = 30  # problems named in one message; the rest are counted
CLOSING = "特发此证，以资鼓励。"
RED = HexColor("#B3121F")
GOLD = HexColor("#C59A2E")
INK = HexColor("#1A1A1A")

_MARGIN_X = 45 * mm  # text block inside the border
_TEXT_ROLE = "kai"  # certificates are set in 楷体 throughout, as the printed blanks are
_NAME_SIZES = (28.0, 18.0)  # recipient line: shrink from/to, then wrap
_BODY_SIZES = (24.0, 14.0)
_ISSUER_SIZES = (22.0, 14.0)


@dataclass(frozen=True)
class CertificateData:
    kind: str  # "荣誉证书" | "出师证书" | "结业证书"
    recipient: str  # a person's name, or a unit's name for 先进集体
    is_collective: bool
    body: str  # the reason sentence, e.g. "在2026年度安全生产工作中成绩突出，被评为"
    title_awarded: str  # e.g. "优秀共产党员" (quoted on 荣誉证书), "准予出师"
    issuer: str
    issue_date: date
    number: str | None = None
    date_style: str = "hanzi"  # "hanzi" 二〇二六年… | "arabic" 2026年…


@dataclass(frozen=True)
class _Layout:
    """Everything measured before drawing, so a certificate that cannot fit fails before any byte is written."""

    name_lines: list[str]
    name_size: float
    body_lines: list[list[str]]  # paragraphs (reason, closing) as wrapped lines
    body_size: float
    issuer_lines: list[str]
    issuer_size: float
    date_text: str


def salutation(data: CertificateData) -> str:
    return f"{data.recipient}：" if data.is_collective else f"{data.recipient}同志："


_MEDALS = ("奖章", "勋章", "奖状", "奖杯", "奖牌", "奖", "证章")  # things one receives: 荣获
_VERBS = ("被授予", "被评为", "荣获", "授予", "评为", "获得")


def honour_verb(title: str) -> str:
    """The verb the honour takes: a medal or prize is 荣获, a 称号 is 被授予, any other title 被评为."""
    title = title.rstrip('”"')
    if title.endswith(_MEDALS):
        return "荣获"
    return "被授予" if title.endswith("称号") else "被评为"


def reason_sentence(data: CertificateData) -> str:
    """The reason and the title: 荣誉证书 quote the title with the verb it takes ("被评为“优秀共产党员”。",
    "荣获“全国五一劳动奖章”。"), whatever verb the stored reason ended with; others read on ("准予出师。")."""
    if data.kind != "荣誉证书":
        text = f"{data.body}{data.title_awarded}"
        return text if text.endswith(("。", "！")) else text + "。"
    body = data.body.rstrip()
    for verb in _VERBS:
        if body.endswith(verb):
            body = body[: -len(verb)]
            break
    text = f"{body}{honour_verb(data.title_awarded)}{quoted_title(data)}"
    return nest_quotes(text if text.endswith(("。", "！")) else text + "。")


def quoted_title(data: CertificateData) -> str:
    """The honour title as printed: quoted on 荣誉证书 (inner quotes nested), and never broken across lines."""
    if data.kind != "荣誉证书":
        return data.title_awarded
    title = data.title_awarded.strip()
    if title.startswith("“") and title.endswith("”") and title.count("“") == 1:
        return title  # already quoted by whoever typed it
    return nest_quotes(f"“{title}”")


def _fields(data: CertificateData, label: str) -> dict[str, str]:
    """Field names as the glyph check shows them to the user, prefixed by which certificate it is."""
    return {
        label + _("证书种类"): data.kind,
        label + (_("姓名") if not data.is_collective else _("单位名称")): data.recipient,
        label + _("事由"): data.body,
        label + _("称号"): data.title_awarded,
        label + _("颁发单位"): data.issuer,
        label + _("证书编号"): data.number or "",
    }


def _validate(data: CertificateData, label: str) -> None:
    if data.kind not in KINDS:
        raise ReportError(
            _("{label}证书种类应为 {kinds} 之一，而不是“{kind}”").format(
                label=label, kinds="、".join(KINDS), kind=data.kind
            )
        )
    for name, value in (
        (_("姓名或单位"), data.recipient),
        (_("称号"), data.title_awarded),
        (_("颁发单位"), data.issuer),
    ):
        if not value.strip():
            raise ReportError(_("{label}缺少{field}").format(label=label, field=name))


def _layout(data: CertificateData, width: float, height: float, label: str) -> _Layout:
    text_w = width - 2 * _MARGIN_X
    name = salutation(data)
    name_size = fit_size(name, "kai", text_w, *_NAME_SIZES)
    name_lines = balanced_lines(name, text_w, lambda t: text_width(t, "kai", name_size), min_last=3)
    issuer_size = fit_size(data.issuer, _TEXT_ROLE, text_w * 0.55, *_ISSUER_SIZES)
    issuer_lines = balanced_lines(data.issuer, text_w * 0.55, lambda t: text_width(t, _TEXT_ROLE, issuer_size))
    date_text = format_document_date(data.issue_date, data.date_style)
    body_room = _body_top(name_lines, name_size, height) - _issuer_top(issuer_lines, issuer_size) - 8 * mm
    size = _BODY_SIZES[0]
    while size >= _BODY_SIZES[1]:
        keep = (quoted_title(data),)  # “优秀共产党员” never breaks inside
        paras = [
            wrap_text(t, _TEXT_ROLE, size, text_w, first_indent=2 * size, keep=keep)
            for t in (reason_sentence(data), CLOSING)
        ]
        if sum(map(len, paras)) * size * 1.75 <= body_room:
            return _Layout(name_lines, name_size, paras, size, issuer_lines, issuer_size, date_text)
        size -= 1.0
    raise ReportError(
        _("{label}正文太长，缩小字号后仍排不下一页，请精简事由（{n}字）").format(label=label, n=len(data.body))
    )


def _body_top(name_lines: list[str], name_size: float, height: float) -> float:
    return height - 72 * mm - (len(name_lines) - 1) * name_size * 1.3 - name_size * 0.9


def _issuer_top(issuer_lines: list[str], issuer_size: float) -> float:
    return 48 * mm + len(issuer_lines) * issuer_size * 1.35


def render_certificates(items: Sequence[CertificateData], progress: Progress | None = None) -> bytes:
    """One page per certificate in one PDF. Raises ReportError/MissingGlyphsError before drawing, Cancelled if
    `progress(done, total)` returns False."""
    if not items:
        raise ReportError(_("没有要打印的证书"))
    width, height = page_size("A4", True)
    layouts = []
    problems: list[str] = []  # a batch names every bad certificate, not only the first
    fields: dict[str, str] = {}
    for i, data in enumerate(items, start=1):
        label = _("第{n}份证书 ").format(n=i) if len(items) > 1 else ""  # names the certificate in messages
        try:
            _validate(data, label)
            fields |= _fields(data, label)
            layouts.append(_layout(data, width, height, label))
        except ReportError as exc:
            problems.append(str(exc))
    missing = get_fonts().missing(fields)
    if missing and not problems:
        raise MissingGlyphsError(missing)
    if missing:
        problems.append(str(MissingGlyphsError(missing)))
    if problems:
        shown = problems[:MAX_LISTED]
        more = _("……另有 {n} 处问题").format(n=len(problems) - len(shown)) if len(problems) > len(shown) else ""
        raise ReportError(_("；").join(shown) + more)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), items[0].kind if len(items) == 1 else "证书")
    for i, (data, layout) in enumerate(zip(items, layouts, strict=True), start=1):
        _draw_page(canvas, data, layout, width, height)
        canvas.showPage()
        report_progress(progress, i, len(items))
    canvas.save()
    return buffer.getvalue()


def render_certificate(data: CertificateData) -> bytes:
    return render_certificates([data])


def _draw_page(canvas: Canvas, data: CertificateData, layout: _Layout, width: float, height: float) -> None:
    draw_border(canvas, width, height)
    canvas.setFillColor(RED)
    canvas.setStrokeColor(RED)
    title_size = 50.0
    spacing = title_size * 0.6
    draw_text(
        canvas,
        width / 2 + spacing / 2,
        height - 55 * mm,
        data.kind,
        "title",
        title_size,
        align="center",
        char_space=spacing,
    )
    canvas.setFillColor(INK)
    canvas.setStrokeColor(INK)
    y = height - 72 * mm
    for line in layout.name_lines:
        draw_text(canvas, _MARGIN_X, y, line, "kai", layout.name_size)
        y -= layout.name_size * 1.3
    y = _body_top(layout.name_lines, layout.name_size, height) - layout.body_size * 0.9
    text_w = width - 2 * _MARGIN_X
    for lines in layout.body_lines:
        y = draw_paragraph(
            canvas,
            lines,
            _MARGIN_X,
            y,
            text_w,
            _TEXT_ROLE,
            layout.body_size,
            layout.body_size * 1.75,
            first_indent=2 * layout.body_size,
        )
    _draw_signature(canvas, layout, width)
    if data.number:
        draw_text(canvas, _MARGIN_X, 30 * mm, f"证书编号：{data.number}", "body", 11)


def _draw_signature(canvas: Canvas, layout: _Layout, width: float) -> None:
    """Issuer centred over the date, the date's right edge four characters from the text block (as on 公文);
    the space around them stays clear for the red seal."""
    date_size = layout.issuer_size
    right = width - _MARGIN_X - 2 * date_size
    date_w = text_width(layout.date_text, _TEXT_ROLE, date_size)
    centre = right - date_w / 2
    y = _issuer_top(layout.issuer_lines, layout.issuer_size) - layout.issuer_size
    for line in layout.issuer_lines:
        w = text_width(line, _TEXT_ROLE, layout.issuer_size)
        x = min(centre + w / 2, width - _MARGIN_X)  # a long issuer grows leftwards, never past the text block
        draw_text(canvas, x, y, line, _TEXT_ROLE, layout.issuer_size, align="right")
        y -= layout.issuer_size * 1.35
    draw_text(canvas, right, 40 * mm, layout.date_text, _TEXT_ROLE, date_size, align="right")


def draw_border(canvas: Canvas, width: float, height: float) -> None:
    """A red frame with a gold chain of lozenges and corner knots, all vector paths (prints sharp at any size)."""
    canvas.saveState()
    _frame(canvas, width, height, 9 * mm, RED, 5.0)
    _frame(canvas, width, height, 12 * mm, GOLD, 1.2)
    _frame(canvas, width, height, 19 * mm, GOLD, 1.2)
    _frame(canvas, width, height, 20.5 * mm, RED, 0.6)
    _lozenge_chain(canvas, width, height, 15.5 * mm, 2.4 * mm)
    for cx, cy in (
        (15.5 * mm, 15.5 * mm),
        (width - 15.5 * mm, 15.5 * mm),
        (15.5 * mm, height - 15.5 * mm),
        (width - 15.5 * mm, height - 15.5 * mm),
    ):
        _corner_knot(canvas, cx, cy)
    canvas.restoreState()


def _frame(canvas: Canvas, width: float, height: float, inset: float, color: Color, line: float) -> None:
    canvas.setStrokeColor(color)
    canvas.setLineWidth(line)
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def _lozenge(canvas: Canvas, cx: float, cy: float, r: float, color: Color) -> None:
    path = canvas.beginPath()
    path.moveTo(cx, cy + r)
    path.lineTo(cx + r, cy)
    path.lineTo(cx, cy - r)
    path.lineTo(cx - r, cy)
    path.close()
    canvas.setFillColor(color)
    canvas.drawPath(path, stroke=0, fill=1)


def _lozenge_chain(canvas: Canvas, width: float, height: float, inset: float, r: float) -> None:
    """Lozenges evenly spaced along each edge between the corner knots."""
    for start, end, fixed, horizontal in (
        (inset, width - inset, inset, True),
        (inset, width - inset, height - inset, True),
        (inset, height - inset, inset, False),
        (inset, height - inset, width - inset, False),
    ):
        span = end - start - 10 * mm
        count = max(1, math.floor(span / (3.4 * r)))
        step = span / count
        for k in range(count + 1):
            pos = start + 5 * mm + k * step
            cx, cy = (pos, fixed) if horizontal else (fixed, pos)
            _lozenge(canvas, cx, cy, r * (0.55 if k % 2 else 0.8), GOLD)


def _corner_knot(canvas: Canvas, cx: float, cy: float) -> None:
    canvas.setFillColor(RED)
    canvas.rect(cx - 4 * mm, cy - 4 * mm, 8 * mm, 8 * mm, stroke=0, fill=1)
    _lozenge(canvas, cx, cy, 3.6 * mm, GOLD)
    _lozenge(canvas, cx, cy, 1.6 * mm, RED)
