"""The annual report (年度党建工作统计报告) as a GB/T 9704 notice, its sentences written from the figures in the
style of the group's own reports ("党建品牌覆盖率达到73%")."""

from __future__ import annotations

from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.reports.dates import format_count, format_percent
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.notice import Heading, NoticeDocument, Paragraph, Table, render_notice
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.statistics.model import Dashboard


def _n(dash: Dashboard, key: str) -> str:
    return format_count(int(dash.value(key)))


def _p(dash: Dashboard, key: str) -> str:
    """Whole percent, as the group's reports write it (72.83% → 73%); the dashboard keeps the exact ratio."""
    return format_percent(round(float(dash.value(key)), 2))


def money_text(fen: int) -> str:
    """230万元 / 8,500元: whole yuan through format_count."""
    return f"{format_count(round(fen / 100))}元"


def members_paragraph(d: Dashboard) -> str:
    return (f"截至{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日，{d.unit_name}共有党员{_n(d, 'members.total')}名，"
            f"其中正式党员{_n(d, 'members.full')}名、预备党员{_n(d, 'members.probationary')}名；"
            f"女党员{_n(d, 'members.female')}名，占{_p(d, 'members.female_share')}；"
            f"35岁及以下党员{_n(d, 'members.age_35_under')}名，占{_p(d, 'members.young_share')}；"
            f"大专及以上学历党员{_n(d, 'members.college')}名，占{_p(d, 'members.college_share')}。")


def study_paragraph(d: Dashboard) -> str:
    return (f"全年召开“三会一课”{_n(d, 'study.three_meetings')}次，开展中心组学习{_n(d, 'study.central_group')}次、"
            f"主题党日{_n(d, 'study.theme_days')}次，其中结合安全生产开展学习{_n(d, 'study.safety')}次；"
            f"累计学习{format_count(round(float(d.value('study.hours'))))}学时，党员人均学时"
            f"{d.value('study.member_hours'):g}小时；“三会一课”达标率为{_p(d, 'study.compliance_rate')}。")


def mentor_paragraph(d: Dashboard) -> str:
    return (f"深化“传帮带”，全年存续师徒结对{_n(d, 'mentor.total')}对，其中本年新结对{_n(d, 'mentor.started')}对、"
            f"本年出师{_n(d, 'mentor.graduated')}对，目前在带{_n(d, 'mentor.进行中')}对。")


def honors_paragraph(d: Dashboard) -> str:
    levels = [f"{label}{int(d.value(f'honors.{label}·个人')) + int(d.value(f'honors.{label}·集体'))}项"
              for label in ("国家级", "省部级", "市厅级", "集团级", "矿级")
              if d.value(f"honors.{label}·个人") or d.value(f"honors.{label}·集体")]
    tail = f"，其中{'、'.join(levels)}" if levels else ""
    return (f"选树先进典型，全年获评先进集体{_n(d, 'honors.collectives')}个、"
            f"先进个人{_n(d, 'honors.persons')}人次{tail}。")


def deeds_paragraph(d: Dashboard) -> str:
    return (f"开展我为职工办实事{_n(d, 'deeds.items')}件，发放救助资金{money_text(int(d.value('deeds.amount_fen')))}，"
            f"惠及职工{_n(d, 'deeds.person_times')}人次。")


def brands_paragraph(d: Dashboard) -> str:
    return (f"全面推进党建品牌创建，{_n(d, 'brands.branches')}个党支部中{_n(d, 'brands.with_brand')}个创建了党建品牌，"
            f"党建品牌覆盖率达到{_p(d, 'brands.coverage')}，“一支部一品牌”达到{_p(d, 'brands.own_share')}。")


def innovation_paragraph(d: Dashboard) -> str:
    def k(kind: InnovationKind) -> str:
        return _n(d, f"innovation.{kind.value}")

    return (f"完成改革任务{k(InnovationKind.REFORM_TASK)}项，实施技术创新项目{k(InnovationKind.TECH_PROJECT)}项，"
            f"取得群众性创新成果{k(InnovationKind.MASS_RESULT)}项，获得实用新型专利{k(InnovationKind.UTILITY_PATENT)}项、"
            f"发明专利{k(InnovationKind.INVENTION_PATENT)}项，获奖{k(InnovationKind.AWARD)}项。")


def zones_paragraph(d: Dashboard) -> str:
    return (f"设立党员责任区{_n(d, 'zones.zones')}个，{_n(d, 'zones.members')}名党员认领责任区，"
            f"占党员总数的{_p(d, 'zones.member_share')}。")


def report_document(d: Dashboard, issuer: str | None = None) -> NoticeDocument:
    unit_rows = [[f.label, format_count(int(f.value))] for f in d.group("by_unit").figures]
    blocks = [
        Paragraph(f"现将{d.unit_name}{d.year}年度党建工作主要数据统计如下。"),
        Heading("一、党员队伍基本情况"),
        Paragraph(members_paragraph(d)),
        *([Table(["单位", "党员人数"], unit_rows, [3, 1])] if 1 < len(unit_rows) <= 40 else []),
        Heading("二、党员素质提升"),
        Paragraph(study_paragraph(d)),
        Paragraph(mentor_paragraph(d)),
        Heading("三、党员责任落实"),
        Paragraph(zones_paragraph(d)),
        Paragraph(deeds_paragraph(d)),
        Heading("四、党员示范带动"),
        Paragraph(honors_paragraph(d)),
        Paragraph(brands_paragraph(d)),
        Paragraph(innovation_paragraph(d)),
    ]
    return NoticeDocument(title=f"{d.unit_name}{d.year}年度党建工作统计报告", recipients=None, blocks=blocks,
                          issuer=issuer or d.unit_name, issue_date=d.as_of)


def render_report(d: Dashboard, issuer: str | None = None) -> bytes:
    try:
        return render_notice(report_document(d, issuer))
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
