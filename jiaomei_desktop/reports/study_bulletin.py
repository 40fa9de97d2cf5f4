"""学习通报: a unit's study record for a period, written as natural Chinese and set as a GB/T 9704 notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jiaomei_desktop.reports.dates import format_count, format_percent, heading_mark
from jiaomei_desktop.reports.notice import Block, Heading, NoticeDocument, Paragraph, Table, render_notice

GAPS_AS_PARAGRAPHS = 12  # more gaps than this are listed in a table
LOW_ATTENDANCE = 0.9  # below this the bulletin asks branches to raise attendance


@dataclass(frozen=True)
class StudyBulletinData:
    unit_name: str
    period_label: str  # e.g. "2026年第三季度"
    sessions_by_kind: dict[str, int]  # 支部党员大会 → 12, 党课 → 8, …
    attendance_rate: float  # 0..1
    safety_sessions: int  # sessions combined with 安全生产
    gaps: list[tuple[str, str]] = field(default_factory=list)  # (unit, the rule it missed)
    issuer: str = ""
    issue_date: date = field(default_factory=date.today)
    recipients: str = "各基层党组织"
    hours: float | None = None  # 学时 of the sessions, when known


def _kinds_sentence(kinds: dict[str, int]) -> str:
    held = [f"{kind}{format_count(n)}次" for kind, n in kinds.items() if n > 0]
    return "其中" + "、".join(held) if held else "各类会议均未开展"


def _overview(data: StudyBulletinData) -> str:
    total = sum(data.sessions_by_kind.values())
    share = format_percent(data.safety_sessions / total) if total else "0%"
    return (
        f"{data.period_label}，共开展“三会一课”及各类学习{format_count(total)}次，{_kinds_sentence(data.sessions_by_kind)}。"
        + (f"累计学习{format_count(round(data.hours))}学时，" if data.hours else "")
        + f"党员平均参会率为{format_percent(data.attendance_rate)}。"
        f"坚持“三会一课+安全生产”，结合安全生产开展学习{format_count(data.safety_sessions)}次，占{share}。"
    )


def _gap_blocks(gaps: list[tuple[str, str]]) -> list[Block]:
    if not gaps:
        return [Paragraph("经检查，各党组织均按要求落实了“三会一课”制度，未发现应开未开的情况。")]
    blocks: list[Block] = [Paragraph(f"经检查，共有{len(gaps)}项未按要求落实，具体如下：")]
    if len(gaps) > GAPS_AS_PARAGRAPHS:  # a 基层党委's many branches read better as a table than as （二十一）…
        return [*blocks, Table(["党组织", "存在问题"], [[u, r.rstrip("。")] for u, r in gaps], [2.0, 3.0])]
    for i, (unit, rule) in enumerate(gaps, start=1):
        # GB/T 9704-2012 7.3.4: the second level is （一）…（十）（十一）…, never an Arabic （11）
        blocks.append(Paragraph(f"{heading_mark(i, 2)}{unit}：{rule.rstrip('。')}。"))
    return blocks


def _requirements(data: StudyBulletinData) -> list[Block]:
    text = "各党组织要对照本通报查漏补缺，严格落实“三会一课”制度，把学习与安全生产中心工作紧密结合"
    if data.attendance_rate < LOW_ATTENDANCE:
        text += "，对因倒班等原因缺席的党员及时组织补学，切实提高参会率"
    if data.gaps:
        text += "；存在问题的单位要于下月底前整改到位，并将整改情况报党委组织部"
    return [Paragraph(text + "。")]


def build_study_bulletin(data: StudyBulletinData) -> NoticeDocument:
    table = Table(
        columns=["学习类别", "开展次数"],
        rows=[[kind, format_count(n)] for kind, n in data.sessions_by_kind.items()]
        + [["合计", format_count(sum(data.sessions_by_kind.values()))]],
        widths=[2.0, 1.0],
    )
    blocks: list[Block] = [
        Paragraph(f"为推动党员教育管理常态化，现将{data.unit_name}{data.period_label}学习开展情况通报如下。"),
        Heading("一、总体情况"),
        Paragraph(_overview(data)),
        table,
        Heading("二、存在问题"),
        *_gap_blocks(data.gaps),
        Heading("三、工作要求"),
        *_requirements(data),
    ]
    return NoticeDocument(
        title=f"关于{data.unit_name}{data.period_label}学习情况的通报",
        recipients=data.recipients,
        blocks=blocks,
        issuer=data.issuer,
        issue_date=data.issue_date,
    )


def render_study_bulletin(data: StudyBulletinData) -> bytes:
    return render_notice(build_study_bulletin(data))
