"""The report over several years (`jiaomei stats --from-year … --to-year …`): 创新工作室 and 标准化建设 said with
"先后…累计" and the stock on the last day, true to a small built store (exact numbers); every register has a group in
the 统计 tab and a sentence of its own in the annual report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import innovation, statistics
from jiaomei_desktop.services import standards as sd
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.statistics import report
from jiaomei_desktop.services.statistics.period import period_dashboards
from tests.registers.known import TODAY
from tests.registers.test_standards_figures import HAND
from tests.registers.test_studios_report import _build_studios, _studio


@pytest.fixture
def lenient(known):  # type: ignore[no-untyped-def]
    """Lines the known branches reach with what the system judges of them (55 达标, 62 示范)."""
    store, k = known
    sd.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=55, model_line=62))
    return store, k


def _assess(store, branch: str, year: int, result: str, accepting: str) -> None:  # type: ignore[no-untyped-def]
    saved = sd.save_assessment(store, sd.AssessmentData(branch, year, date(year, 12, 20), HAND), today=TODAY)
    sd.save_acceptance(store, sd.AcceptanceData(saved, accepting, result, date(year + 1, 1, 10), "验收组"), today=TODAY)


def _build(store, k) -> None:  # type: ignore[no-untyped-def]
    """Studios: the four of test_studios_report (founded 2021; output 2024 one patent, 2025 three results, two
    patents, one 行业协会 award; one closed on 2025-10-01) and one founded 2024-03-01 with a 2024 result.
    标准化建设: 2024 — 综采一队 示范, 掘进二队 达标 (机关 not assessed); 2025 — 综采一队 示范, the other two 达标."""
    _build_studios(store, k)
    new = st.save_studio(
        store,
        _studio(
            k,
            "D",
            "E",
            name="机电维修职工创新工作室",
            kind=StudioKind.WORKER.value,
            unit_id=k.b1,
            level=StudioLevel.MINE.value,
            founded_on=date(2024, 3, 1),
        ),
        TODAY,
    )
    innovation.save_item(
        store,
        innovation.InnovationData(InnovationKind.MASS_RESULT.value, "皮带机托辊快换装置", k.b1, 2024, studio_id=new),
        TODAY,
    )
    _assess(store, k.b1, 2024, Result.MODEL.value, k.root)
    _assess(store, k.b2, 2024, Result.PASSED.value, k.root)
    for branch, result in ((k.b1, Result.MODEL), (k.b2, Result.PASSED), (k.b3, Result.PASSED)):
        _assess(store, branch, 2025, result.value, k.root)


def test_period_states_studios_and_standards(lenient) -> None:  # type: ignore[no-untyped-def]
    store, k = lenient
    _build(store, k)
    years = period_dashboards(store, k.root, 2024, 2025, today=TODAY)
    t = report.period_totals(years)
    assert {key: t[key] for key in t if key.startswith(("studios", "standards")) and t[key]} == {
        "studios.founded": 1,
        "studios.results": 4,  # 2024: 皮带机托辊快换装置; 2025: 快速掘进工艺攻关, 采煤机截齿快换工具, 液压支架快速检修法
        "studios.patents": 3,
        "studios.awards": 1,
        "studios.获奖·行业协会": 1,
        "standards.model": 2,
        "standards.passed": 3,
    }
    text = report.period_paragraphs(years)
    assert (
        "2024年至2025年，先后新建创新工作室1个，工作室累计取得创新成果4项、获得专利3项，1项创新成果获行业协会技术奖；"
        "截至2025年12月31日，建成创新工作室4个（劳模创新工作室2个、职工创新工作室2个；省级1个、集团级2个、矿级1个），"
        "其中2个加入河南省劳模创新工作室联盟，工作室成员8名。"  # the four working teams: 陈静 周杰 吴刚, 王建国 李明,
    ) in text  # 张丽, 刘洋 孙强 (the closed studio's 刘洋 counted through the new one)
    assert (
        "2024年至2025年，党支部标准化建设覆盖率由2024年的67%提高到2025年的100%，累计验收示范党支部2个次、达标党支部3个次；"
        "2025年，3个党支部全部通过标准化建设验收，其中示范党支部1个。"
    ) in text
    # the sentences stand before the closing roll, in the PDF too
    assert text[-1].startswith("截至2025年12月31日，测试矿党委共有党员")
    blocks = [b.text for b in report.period_document(years).blocks if hasattr(b, "text")]
    assert blocks[1:] == text


def test_period_without_either_register_says_nothing_of_them(lenient) -> None:  # type: ignore[no-untyped-def]
    store, k = lenient
    text = "".join(report.period_paragraphs(period_dashboards(store, k.root, 2024, 2025, today=TODAY)))
    assert "工作室" not in text and "标准化" not in text


def test_one_year_assessed_of_the_period(lenient) -> None:  # type: ignore[no-untyped-def]
    """Only 2025 assessed, studios with no output in 2023: no trend, no 个次, no 累计 clause of nothing."""
    store, k = lenient
    for branch in (k.b1, k.b2, k.b3):
        _assess(store, branch, 2025, Result.PASSED.value, k.root)
    st.save_studio(store, _studio(k, "F", "G", founded_on=date(2022, 5, 1)), TODAY)
    text = report.period_paragraphs(period_dashboards(store, k.root, 2023, 2025, today=TODAY))
    assert "2025年，3个党支部全部通过标准化建设验收。" in text
    assert "截至2025年12月31日，建成劳模创新工作室1个（省级1个），工作室成员2名。" in text


REGISTERS = {  # group key in the 统计 tab -> the annual report's sentence for it
    "posts": report.posts_paragraph,
    "inspections": report.inspections_paragraph,
    "supervision": report.supervision_paragraph,
    "contests": report.contests_paragraph,
    "studios": report.studios_paragraph,
    "standards": report.standards_paragraph,
    "zones": report.zones_paragraph,
    "deeds": report.deeds_paragraph,
    "brands": report.brands_paragraph,
    "innovation": report.innovation_paragraph,
}


def test_every_register_has_a_group_and_an_annual_sentence(lenient) -> None:  # type: ignore[no-untyped-def]
    """With a record in each of the ten registers, the 统计 tab has each one's group and the annual report each one's
    own sentence (the known store brings 办实事, 品牌, 创新 and 责任区)."""
    from jiaomei_desktop.domain.posts import PostRole
    from jiaomei_desktop.services import inspections as ins
    from jiaomei_desktop.services import posts as ps
    from jiaomei_desktop.services import supervision as sv
    from tests.registers.test_inspections import _rectified, _team
    from tests.registers.test_studios_report import _contests, _post

    store, k = lenient
    _build(store, k)
    _contests(store, k)
    ps.save_post(store, _post(k.b1, ps.PostMemberData("", k.people["A"], PostRole.LEAD.value)))
    team = ins.save_team(store, _team(k, start_date=date(2025, 1, 1)))
    ins.save_inspection(store, _rectified(k, team, inspection_date=date(2025, 6, 3), deadline=date(2025, 6, 10)), TODAY)
    sv.save_task(store, sv.TaskData("清理巷道浮煤", k.b2, date(2025, 8, 1), 7), TODAY)
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    assert set(REGISTERS) <= {g.key for g in dash.groups}
    paragraphs = [b.text for b in report.report_document(dash).blocks if hasattr(b, "text")]
    for key, sentence in REGISTERS.items():
        text = sentence(dash)
        assert text and text in paragraphs, key
    assert sum(p.startswith("实行13710督办，全年交办督办事项2件") for p in paragraphs) == 1  # the 整改 is one of them


def test_coverage_moves_between_years_accepted(lenient) -> None:  # type: ignore[no-untyped-def]
    """The running year has a self-assessment and no acceptance yet: coverage is not said to fall to 0%, it moves
    from the first year accepted to the last; the running year is said as it stands."""
    store, k = lenient
    _build(store, k)
    sd.save_assessment(store, sd.AssessmentData(k.b1, 2026, date(2026, 11, 1), HAND), today=TODAY)
    text = report.period_paragraphs(period_dashboards(store, k.root, 2024, 2026, today=TODAY))
    assert (
        "2024年至2026年，党支部标准化建设覆盖率由2024年的67%提高到2025年的100%，累计验收示范党支部2个次、达标党支部3个次；"
        "2026年，3个党支部中1个完成标准化建设自评。"
    ) in text
