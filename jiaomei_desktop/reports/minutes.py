"""三会一课 会议记录: one session on a ruled A4 form like the paper 会议记录本, continued on further pages if long."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jiaomei_desktop.i18n import _
from jiaomei_desktop.reports.dates import arabic_date, format_percent
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.fonts import check_glyphs
from jiaomei_desktop.reports.pages import new_canvas, page_size
from jiaomei_desktop.reports.text import draw_text, fit_size, wrap_text

MARGIN = 18 * mm
LABEL_W = 27 * mm
SIZE = 12.0
RULE = 8.5 * mm  # ruled line pitch of the writing area
PAD = 2.2 * mm
_SIGN_H = 16 * mm  # room kept at the foot of the last page for the two signatures
SHADE = HexColor("#F3ECE4")
RULE_COLOR = HexColor("#B9AFA5")
INDENT = "\u3000\u3000"  # 段首空两字


@dataclass(frozen=True)
class MeetingRecordData:
    unit: str
    kind: str  # 支部党员大会 | 支委会 | 党小组会 | 党课 | 主题党日 | …
    lecture_form: str | None  # 微型 | 现场 | 领导干部讲 | 党员轮流讲 (党课 only)
    topic: str
    start: datetime
    end: datetime | None
    place: str
    host: str
    recorder: str
    lecturer: str | None
    expected: int
    present: int
    absentees: list[tuple[str, str, str]] = field(default_factory=list)  # (name, 请假|缺席, reason)
    content: str = ""
    resolutions: str = ""
    safety_flag: bool = False
    hours: float = 0.0
    # 有表决权应到 / 实到 (正式党员 not under 留党察看; for a 支委会 the committee): None where the app has no count
    voting_expected: int | None = None
    voting_present: int | None = None
    observers: int = 0  # 列席 at a 支委会
    election: bool = False  # the meeting elected: the 五分之四 quorum applies


def time_text(data: MeetingRecordData) -> str:
    start = f"{arabic_date(data.start.date())} {data.start:%H:%M}"
    if data.end is None:
        return start
    end = (
        f"{data.end:%H:%M}"
        if data.end.date() == data.start.date()
        else f"{arabic_date(data.end.date())} {data.end:%H:%M}"
    )
    return f"{start}—{end}"


def absentee_text(data: MeetingRecordData) -> str:
    if not data.absentees:
        return "无"
    return "；".join(f"{name}（{state}{'：' + reason if reason else ''}）" for name, state, reason in data.absentees)


def attendance_text(data: MeetingRecordData) -> str:
    rate = format_percent(data.present / data.expected) if data.expected else "—"
    text = f"应到{data.expected}人，实到{data.present}人，出席率{rate}"
    if data.voting_expected is not None and data.voting_present is not None:
        voter = "有选举权" if data.election else "委员" if data.kind == "支委会" else "有表决权"
        text += f"；{voter}应到{data.voting_expected}人，实到{data.voting_present}人"
    if data.observers:
        text += f"；列席{data.observers}人"
    return text


def _kind_text(data: MeetingRecordData) -> str:
    return f"{data.kind}（{data.lecture_form}党课）" if data.lecture_form else data.kind


def _hours_text(hours: float) -> str:
    return f"{hours:g}学时"


def _fields(data: MeetingRecordData) -> dict[str, str]:
    """Field names as the glyph check shows them to the user (the values are what the record prints)."""
    return {
        _("单位"): data.unit,
        _("会议类型"): _kind_text(data),
        _("会议主题"): data.topic,
        _("地点"): data.place,
        _("主持人"): data.host,
        _("记录人"): data.recorder,
        _("授课人"): data.lecturer or "",
        _("缺席人员"): absentee_text(data),
        _("会议内容"): data.content,
        _("会议决议"): data.resolutions,
    }


def _validate(data: MeetingRecordData) -> None:
    if data.expected < 0 or data.present < 0 or data.present > data.expected:
        raise ReportError(_("实到人数（{present}）不能多于应到人数（{expected}），也不能为负数").format(
            present=data.present, expected=data.expected))
    if data.voting_present is not None and not (
            0 <= data.voting_present <= min(data.voting_expected or 0, data.present)):
        raise ReportError(_("有表决权实到人数（{n}）不能多于有表决权应到人数或实到人数").format(n=data.voting_present))
    if data.end is not None and data.end < data.start:
        raise ReportError(_("会议结束时间早于开始时间"))
    check_glyphs(_fields(data))


class _Form:
    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.canvas, self.width, self.height = canvas, width, height
        self.y = height - MARGIN
        self.page = 1

    @property
    def inner_w(self) -> float:
        return self.width - 2 * MARGIN

    def cell(self, x: float, w: float, h: float, lines: list[str], *, label: bool) -> None:
        c = self.canvas
        c.setStrokeColor(black)
        c.setLineWidth(0.8)
        if label:
            c.setFillColor(SHADE)
            c.rect(x, self.y - h, w, h, stroke=1, fill=1)
        else:
            c.rect(x, self.y - h, w, h, stroke=1, fill=0)
        c.setFillColor(black)
        # Lines are centred vertically in the cell, as on a printed form.
        y = self.y - h / 2 + (len(lines) * SIZE * 1.4) / 2 - SIZE * 1.05
        for line in lines:
            if label:
                draw_text(c, x + w / 2, y, line, "heading1", SIZE, align="center")
            else:
                draw_text(c, x + PAD, y, line, "body", SIZE)
            y -= SIZE * 1.4

    def row(self, pairs: list[tuple[str, str]], min_h: float = 10 * mm) -> None:
        """A row of label/value pairs sharing the width; values wrap and the row grows to hold them."""
        value_w = (self.inner_w - LABEL_W * len(pairs)) / len(pairs)
        wrapped = [wrap_text(v, "body", SIZE, value_w - 2 * PAD) for _label, v in pairs]
        h = max(min_h, max(len(w) for w in wrapped) * SIZE * 1.4 + 2 * PAD)
        x = MARGIN
        for (label, _value), lines in zip(pairs, wrapped, strict=True):
            self.cell(x, LABEL_W, h, [label], label=True)
            self.cell(x + LABEL_W, value_w, h, lines, label=False)
            x += LABEL_W + value_w
        self.y -= h

    def ruled(self, label: str, lines: list[str], reserve: float) -> list[str]:
        """A writing area whose ruled lines fill the page down to `reserve` above the bottom margin, like a printed
        form; returns the lines that did not fit."""
        count = int((self.y - MARGIN - reserve) // RULE)
        if count <= 0:
            return lines
        h = count * RULE
        c = self.canvas
        self.cell(MARGIN, LABEL_W, h, list(label) if h > len(label) * SIZE * 1.5 else [label], label=True)
        value_x = MARGIN + LABEL_W
        c.rect(value_x, self.y - h, self.inner_w - LABEL_W, h, stroke=1, fill=0)
        c.setStrokeColor(RULE_COLOR)
        c.setLineWidth(0.4)
        for i in range(count):
            base = self.y - (i + 1) * RULE
            if i < count - 1:
                c.line(value_x + PAD, base, self.width - MARGIN - PAD, base)
            if i < len(lines):
                c.setFillColor(black)
                draw_text(c, value_x + PAD, base + RULE * 0.28, lines[i], "body", SIZE)
        self.y -= h
        return lines[count:]

    def new_page(self, heading: str) -> None:
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN
        draw_text(self.canvas, self.width / 2, self.y - 14, heading, "heading1", 14, align="center")
        self.y -= 24

    def footer(self) -> None:
        draw_text(self.canvas, self.width / 2, MARGIN / 2, f"第 {self.page} 页", "body", 9, align="center")


def render_meeting_record(data: MeetingRecordData) -> bytes:
    _validate(data)
    width, height = page_size("A4", False)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (width, height), f"{data.unit}{data.kind}会议记录")
    form = _Form(canvas, width, height)
    title = f"{data.unit}会议记录"
    size = fit_size(title, "title", form.inner_w, 20, 14)
    draw_text(canvas, width / 2, form.y - size, title, "title", size, align="center")
    form.y -= size + 6 * mm
    _head_rows(form, data)
    text_w = form.inner_w - LABEL_W - 2 * PAD
    content = paragraph_lines(data.content, text_w)
    resolutions = paragraph_lines(data.resolutions, text_w)
    heading = f"{data.unit}{data.kind}会议记录（续）"
    after = max(2, len(resolutions)) * RULE + _SIGN_H  # what should follow the content on its last page
    rest = content
    while True:
        # Content that ends on this page leaves room for the resolutions; content that goes on fills the page, so
        # page 1 never has an empty band above a continuation.
        ends_here = len(rest) * RULE + after <= form.y - MARGIN
        rest = form.ruled("会议内容", rest, after if ends_here else 0)
        if not rest:
            break
        form.new_page(heading)
    rest = form.ruled("会议决议", resolutions, _SIGN_H)
    while rest:
        form.new_page(heading)
        rest = form.ruled("会议决议", rest, _SIGN_H)
    _signatures(form)
    form.footer()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paragraph_lines(text: str, width: float) -> list[str]:
    """Each paragraph's first line indented two characters (two 全角 spaces, so the indent survives copying)."""
    lines: list[str] = []
    for para in text.split("\n"):
        if para.strip():
            lines += wrap_text(INDENT + para.strip(), "body", SIZE, width)
    return lines


def _head_rows(form: _Form, data: MeetingRecordData) -> None:
    form.row([("会议类型", _kind_text(data)), ("学时", _hours_text(data.hours))])
    form.row([("时间", time_text(data))])
    form.row([("地点", data.place), ("结合安全生产", "是" if data.safety_flag else "否")])
    form.row([("主持人", data.host), ("记录人", data.recorder)])
    if data.lecturer:
        form.row([("授课人", data.lecturer)])
    form.row([("出席情况", attendance_text(data))])
    form.row([("缺席人员", absentee_text(data))])
    form.row([("会议主题", data.topic)])


def _signatures(form: _Form) -> None:
    y = form.y - 10 * mm
    c = form.canvas
    for i, label in enumerate(("主持人签字：", "记录人签字：")):
        x = MARGIN + i * form.inner_w / 2
        draw_text(c, x, y, label, "body", SIZE)
        c.setStrokeColor(black)
        c.line(x + 6 * SIZE, y - 2, x + form.inner_w / 2 - 8 * mm, y - 2)
