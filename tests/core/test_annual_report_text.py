"""The annual report writes numbers as 党政公文 do and reproduces the group's own sentences (seed §4) when the data
says so: 救助 from the relief categories with "余", the 集团表彰 sentence, the reform verb by state, award levels,
half-up percentages, no comma under 10,000, zero clauses left out, a period with "先后…累计"."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.statistics import report
from jiaomei_desktop.services.statistics.model import Dashboard, Figure, FigureGroup
from jiaomei_desktop.services.statistics.period import period_dashboards
from jiaomei_desktop.services.store import Store
from tests.reports.pdfcheck import text_of

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (0.605, "61%"),
        (0.725, "73%"),
        (0.7283, "73%"),
        (0.6049, "60%"),
        (121 / 200, "61%"),
        (1.0, "100%"),
        (0.0, "0%"),
        (0.005, "1%"),
    ],
)
def test_percentages_round_half_up(ratio: float, text: str) -> None:
    assert report.percent_text(ratio) == text


@pytest.mark.parametrize(("n", "text"), [(6419, "6419"), (1557, "1557"), (9999, "9999"), (0, "0")])
def test_counts_under_ten_thousand_have_no_comma(n: int, text: str) -> None:
    assert report.count_text(n) == text
    assert "," not in report.count_text(12_345) and "万" in report.count_text(12_345)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (230_450_000, "230余万元"),
        (230_000_000, "230万元"),
        (1_734_567, "1.7万余元"),
        (5_000_000, "5万元"),
        (850_000, "8500元"),
        (850_050, "8501元"),
        (100_000_000, "100万元"),
    ],
)
def test_money_in_wan_with_yu_for_a_rounded_down_amount(fen: int, text: str) -> None:
    assert report.money_text(fen) == text


@pytest.mark.parametrize(
    ("states", "text"),
    [
        ((133, 0, 0), "细化梳理改革任务133项"),
        ((0, 0, 40), "完成改革任务40项"),
        ((0, 12, 0), "推进改革任务12项"),
        ((100, 21, 12), "细化梳理改革任务133项，其中已完成12项、正在推进21项"),
        ((0, 0, 0), ""),
    ],
)
def test_the_reform_verb_follows_the_registers_state(states: tuple[int, int, int], text: str) -> None:
    assert report.reform_clause(*states) == text


def test_award_levels_name_the_awards() -> None:
    assert report.awards_clause({"省部级": 30, "行业协会": 19}, 49) == "49项创新成果获省部级和行业协会技术奖"
    assert (
        report.awards_clause({"国家级": 1, "省部级": 2, "行业协会": 3}, 6)
        == "6项创新成果获国家级、省部级和行业协会技术奖"
    )
    assert report.awards_clause({}, 3) == "获奖3项"
    assert report.awards_clause({}, 0) == ""


def _dash(**values: float) -> Dashboard:
    figures = tuple(Figure(k, k, v) for k, v in values.items())
    return Dashboard("u", "测试矿党委", 2025, date(2025, 12, 31), (FigureGroup("all", "all", figures),))


def test_zero_clauses_are_left_out() -> None:
    d = _dash(**{"deeds.items": 12, "deeds.relief_person_times": 0, "deeds.relief_amount_fen": 0})
    assert report.deeds_paragraph(d) == "开展我为职工办实事12件。"
    assert report.deeds_paragraph(_dash(**{"deeds.items": 0})) == ""
    members = _dash(
        **{
            "members.total": 8,
            "members.full": 8,
            "members.probationary": 0,
            "members.female": 0,
            "members.female_share": 0.0,
            "members.age_35_under": 2,
            "members.young_share": 0.25,
            "members.college": 0,
            "members.college_share": 0.0,
        }
    )
    assert (
        report.roll_text(members)
        == "截至2025年12月31日，测试矿党委共有党员8名，均为正式党员；35岁及以下党员2名，占25%。"
    )


def test_the_group_sentences_of_seed_section_4(demo_store: Store) -> None:
    """The demo is shaped like the seed (scaled for 400 members except the group-wide registers)."""
    d = statistics.dashboard(demo_store, None, 2026, today=TODAY)
    assert report.deeds_paragraph(d) == "开展我为职工办实事165件，救助困难职工1557人次，发放救助资金230余万元。"
    innovation = report.innovation_paragraph(d)
    assert innovation.startswith("细化梳理改革任务133项，")
    assert "49项创新成果获省部级和行业协会技术奖" in innovation
    honors = report.honors_paragraph(d, report.honoured(demo_store, d))
    units, people = int(d.value("honors.集团级·集体")), int(d.value("honors.集团级·个人"))
    assert units and people and f"{units}个先进集体和{people}名先进个人受到集团表彰。" in honors
    assert "获得省部级荣誉“省劳动模范”" in honors  # named: 集团级 and above


def test_relief_counts_relief_categories_only(demo_store: Store) -> None:
    d = statistics.dashboard(demo_store, None, 2026, today=TODAY)
    assert d.value("deeds.person_times") > d.value("deeds.relief_person_times") == 1557


def test_the_pdf_names_the_honoured_and_states_the_year_end_roll(demo_store: Store) -> None:
    d = statistics.dashboard(demo_store, None, 2025, today=TODAY)
    text = re.sub(r"\s+", "", re.sub(r"—\d+—", "", text_of(report.render_report(d, store=demo_store))))
    assert "截至2025年12月31日" in text and f"共有党员{int(d.value('members.total'))}名" in text
    named = report.honoured(demo_store, d)
    assert named and named[0].name in text


def test_a_period_says_successively_and_in_total(demo_store: Store) -> None:
    years = period_dashboards(demo_store, None, 2022, 2026, today=TODAY)
    assert [d.year for d in years] == [2022, 2023, 2024, 2025, 2026]
    assert years[0].as_of == date(2022, 12, 31) and years[-1].as_of == TODAY
    totals = report.period_totals(years)
    assert totals["deeds.items"] == sum(int(d.value("deeds.items")) for d in years)
    text = report.period_paragraphs(years)
    assert text[0].startswith("2022年至2026年，先后发展党员")
    assert f"累计开展我为职工办实事{totals['deeds.items']}件" in text[0]
    assert text[-1].startswith("截至2026年11月23日")


def test_a_bad_period_is_refused(demo_store: Store) -> None:
    from jiaomei_desktop.services.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="起始年度不能晚于截止年度"):
        period_dashboards(demo_store, None, 2026, 2022, today=TODAY)
    with pytest.raises(ValidationFailed, match="最长10年"):
        period_dashboards(demo_store, None, 2010, 2026, today=TODAY)


def test_the_stats_command_reports_a_period(demo_template, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "period.pdf"
    assert (
        main(
            [
                "stats",
                "--data-dir",
                str(demo_template),
                "--from-year",
                "2022",
                "--to-year",
                "2025",
                "--report",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["from_year"] == 2022 and sorted(data["years"]) == ["2022", "2023", "2024", "2025"]
    assert data["as_of"]["2025"] == "2025-12-31"
    assert data["sentences"][0].startswith("2022年至2025年，")
    assert "先后" in re.sub(r"\s+", "", text_of(out.read_bytes()))
    assert main(["stats", "--data-dir", str(demo_template), "--from-year", "2022"]) == 2
    assert "请同时给出" in capsys.readouterr().err
