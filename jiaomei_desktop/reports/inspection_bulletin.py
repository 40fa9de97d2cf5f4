"""督导通报: a month of 纪律作风督导 for a unit's subtree — inspections and problems by kind and by unit, the 整改
done and the 整改 overdue — written as natural Chinese and set as a GB/T 9704 notice (reports.notice).

The 整改 are judged as of the month's last day (or the issue day, for the month under way), so a month's 通报 says
the same whenever it is issued. Besides the month's own findings it reports the earlier months' 整改 finished during
the month and those still open and overdue on that day (each marked with the day it was found): a 通报 that dropped
last month's overdue items would let them leave the record by waiting. 13710 practice follows an item "直至事项办结"
and sends back one not finished on time to be carried on (a municipal 13710 督办 training report, 2018:
https://lnhwsj.com/html/contents41641445.html; the group's own 13710 text was not found, see services.supervision).

A month without inspections says so in its opening and reports only the earlier findings' 整改 (one with neither is
not issued: services.inspections.bulletin_data refuses it). The caller fills in the issuer: the unit whose 督导组
inspected, unless the user names another.

People's names appear only in the lines the caller fills them into (services.inspections.bulletin_data leaves them
out unless the user ticked that they may be named). Counts of zero are left out of the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from jiaomei_desktop.reports.dates import format_count, heading_mark
from jiaomei_desktop.reports.notice import Block, Heading, NoticeDocument, Paragraph, Table, render_notice

LINES_AS_PARAGRAPHS = 10  # more items than this are set as a table


@dataclass(frozen=True)
class BulletinLine:
    unit: str
    kind: str
    description: str
    deadline: date
    done_date: date | None = None
    days_over: int = 0  # on the bulletin's as_of day
    person: str = ""  # empty unless names may be shown
    found: date | None = None  # the inspection's day for a finding of an earlier month; None: found this month


@dataclass(frozen=True)
class InspectionBulletinData:
    unit_name: str
    year: int
    month: int
    inspections: int
    problems: int
    by_kind: dict[str, int]  # problem kind -> count (zeros left out of the text)
    by_unit: list[tuple[str, int]]  # (unit, problems), most first
    rectify: int
    fixed: list[BulletinLine] = field(default_factory=list)  # the month's findings, then earlier ones done in it
    overdue: list[BulletinLine] = field(default_factory=list)  # open past their deadline on as_of, any month's
    pending: int = 0  # the month's 整改 under way, not yet due
    issuer: str = ""
    issue_date: date = field(default_factory=date.today)
    recipients: str = "各基层党组织"
    as_of: date | None = None  # the day the 整改 are judged on; None: the issue day
    teams_of: str = ""  # the unit that set up the month's 督导组 when not unit_name (a branch's 通报: its 党委)

    @property
    def period(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def cutoff(self) -> date:
        return self.as_of or self.issue_date

    def own(self, lines: list[BulletinLine]) -> int:
        return sum(1 for x in lines if x.found is None)

    def earlier(self, lines: list[BulletinLine]) -> int:
        return sum(1 for x in lines if x.found is not None)


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _kinds(by_kind: dict[str, int]) -> str:
    return "、".join(f"{kind}问题{format_count(n)}个" for kind, n in by_kind.items() if n > 0)


def _overview(d: InspectionBulletinData) -> str:
    if not d.inspections:  # said in the opening; the earlier months' 整改 are the whole of it
        return ""
    text = f"{d.period}，各督导组共开展督导检查{format_count(d.inspections)}次，"
    if not d.problems:
        return text + "未发现违反纪律作风和安全行为规定的问题。"
    text += f"发现问题{format_count(d.problems)}个"
    kinds = _kinds(d.by_kind)
    text += f"，其中{kinds}" if kinds else ""
    if not d.rectify:
        return text + "。"
    fixed, overdue = d.own(d.fixed), d.own(d.overdue)
    clauses = [
        (fixed, f"已整改到位{format_count(fixed)}个"),
        (d.pending, f"正在整改{format_count(d.pending)}个"),
        (overdue, f"逾期未整改{format_count(overdue)}个"),
    ]
    done = "，".join(c for n, c in clauses if n)
    return text + f"。需要整改的{format_count(d.rectify)}个" + (f"，{done}" if done else "") + "。"


def _earlier(d: InspectionBulletinData) -> str:
    """The earlier months' 整改 in one sentence, zero clauses left out ("" when there is nothing to say)."""
    fixed, overdue = d.earlier(d.fixed), d.earlier(d.overdue)
    clauses = [
        (fixed, f"本月整改到位{format_count(fixed)}个"),
        (overdue, f"截至{_md(d.cutoff)}仍有{format_count(overdue)}个逾期未整改"),
    ]
    said = "，".join(c for n, c in clauses if n)
    return f"前期督导发现的问题中，{said}。" if said else ""


def _unit_blocks(d: InspectionBulletinData) -> list[Block]:
    if not d.by_unit:
        return []
    rows = [[unit, format_count(n)] for unit, n in d.by_unit]
    return [Heading("二、各单位问题情况"), Table(["被督导单位", "发现问题"], rows, [3.0, 1.0])]


def _day(d: date, year: int) -> str:
    """ "11月5日" within the bulletin's year, "2025年11月5日" before it."""
    return _md(d) if d.year == year else f"{d.year}年{_md(d)}"


def _with_person(line: BulletinLine, year: int) -> str:
    """The finding with, in one bracket, the day an earlier month's was found and the person (when names may show)."""
    text = line.description.rstrip("。；;，, ")
    notes = [f"{_day(line.found, year)}督导发现"] if line.found is not None else []
    notes += [f"涉及人员：{line.person}"] if line.person else []
    return f"{text}（{'，'.join(notes)}）" if notes else text


def _found(line: BulletinLine, year: int) -> str:
    return _day(line.found, year) if line.found is not None else "本月"


def _fixed_blocks(d: InspectionBulletinData) -> list[Block]:
    lines, y = d.fixed, d.year
    if not lines:
        return [Paragraph("本月暂无整改到位的问题。")]
    if len(lines) > LINES_AS_PARAGRAPHS:
        rows = [
            [x.unit, x.kind, _with_person(replace(x, found=None), y), _found(x, y), _day(x.done_date or x.deadline, y)]
            for x in lines
        ]
        return [Table(["单位", "类别", "问题", "发现", "整改完成"], rows, [2.2, 1.0, 3.6, 1.4, 1.4])]
    return [
        Paragraph(
            f"{heading_mark(i, 3)}{x.unit}：{_with_person(x, y)}，已于{_day(x.done_date or x.deadline, y)}整改到位"
            + ("。" if x.done_date is not None and x.done_date <= x.deadline else "（超过整改期限）。")
        )
        for i, x in enumerate(lines, start=1)
    ]


def _overdue_blocks(d: InspectionBulletinData) -> list[Block]:
    lines, y = d.overdue, d.year
    if not lines:
        return [Paragraph(f"截至{_md(d.cutoff)}，没有逾期未整改的问题。")]
    if len(lines) > LINES_AS_PARAGRAPHS:
        rows = [
            [x.unit, x.kind, _with_person(replace(x, found=None), y), _found(x, y), _day(x.deadline, y),
             format_count(x.days_over)]
            for x in lines
        ]  # fmt: skip
        return [Table(["单位", "类别", "问题", "发现", "整改期限", "逾期天数"], rows, [2.2, 0.9, 2.7, 1.6, 1.6, 1.3])]
    return [
        Paragraph(
            f"{heading_mark(i, 3)}{x.unit}：{_with_person(x, y)}，整改期限为{_day(x.deadline, y)}，"
            f"截至{_md(d.cutoff)}已逾期{format_count(x.days_over)}天。"
        )
        for i, x in enumerate(lines, start=1)
    ]


def _requirements(d: InspectionBulletinData) -> Paragraph:
    text = "各党组织要以本通报为镜鉴，严明工作纪律，狠抓作风建设，坚决纠治“三违”行为，把纪律作风督导与安全生产紧密结合"
    if d.overdue:
        text += "；逾期未整改的单位要立即整改到位，并将整改情况报党委督导组，逾期事项按13710督办跟踪问效"
    return Paragraph(text + "。")


def _opening(d: InspectionBulletinData) -> Paragraph:
    """A month without inspections says so plainly and reports only the earlier findings' 整改 (services.inspections
    issues no 通报 when there is nothing of either)."""
    if not d.inspections:
        return Paragraph(
            f"{d.period}，{d.unit_name}范围内未开展纪律作风督导检查。为严明纪律、转变作风，保障安全生产，"
            "现将前期督导发现问题的整改情况通报如下。"
        )
    return Paragraph(
        f"为严明纪律、转变作风，保障安全生产，{d.period}，{d.teams_of or d.unit_name}纪律作风督导组深入基层开展督导检查，"
        "现将督导情况通报如下。"
    )


def build_inspection_bulletin(d: InspectionBulletinData) -> NoticeDocument:
    number = 3 if d.by_unit else 2
    blocks: list[Block] = [
        _opening(d),
        Heading("一、总体情况"),
        Paragraph(_overview(d) + _earlier(d)),
    ]
    if d.problems:
        rows = [[kind, format_count(n)] for kind, n in d.by_kind.items() if n > 0]
        blocks.append(Table(["问题类别", "问题数"], [*rows, ["合计", format_count(d.problems)]], [2.0, 1.0]))
    blocks += _unit_blocks(d)
    if d.rectify or d.fixed or d.overdue:
        blocks += [
            Heading(f"{heading_mark(number, 1)}整改情况"),
            Heading("（一）已整改到位的问题", level=2),
            *_fixed_blocks(d),
            Heading("（二）逾期未整改的问题", level=2),
            *_overdue_blocks(d),
        ]
        number += 1
    blocks += [Heading(f"{heading_mark(number, 1)}工作要求"), _requirements(d)]
    return NoticeDocument(
        title=f"关于{d.period}纪律作风督导情况的通报",
        recipients=d.recipients,
        blocks=blocks,
        issuer=d.issuer or d.unit_name,
        issue_date=d.issue_date,
    )


def render_inspection_bulletin(d: InspectionBulletinData) -> bytes:
    return render_notice(build_inspection_bulletin(d))
