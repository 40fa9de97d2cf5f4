"""The known figures as the reader sees them: the annual report's text, the Excel sheet and the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.statistics.export import export_dashboard_xlsx
from jiaomei_desktop.services.statistics.report import render_report
from tests.registers.known import EXPECTED, EXPECTED_RATIOS, TODAY, YEAR
from tests.reports.pdfcheck import text_of


@pytest.fixture
def dash(known):  # type: ignore[no-untyped-def]
    store, k = known
    return statistics.dashboard(store, k.root, YEAR, today=TODAY)


def test_report_sentences_carry_the_figures(dash, known) -> None:  # type: ignore[no-untyped-def]
    text = re.sub(r"—\d+—", "", text_of(render_report(dash, store=known[0])))  # page numbers may fall mid-sentence
    text = re.sub(r"\s+", "", text)
    assert "测试矿党委2025年度党建工作统计报告" in text
    assert "党建品牌覆盖率达到67%" in text  # 2 of 3 branches, in whole percent like the seed's 73%
    assert "“一支部一品牌”达到33%" in text
    assert "开展我为职工办实事3件，救助困难职工130人次，发放救助资金1.7万余元" in text
    assert "共有党员6名，其中正式党员5名、预备党员1名；女党员2名，占33%；35岁及以下党员3名，占50%" in text
    assert "全年召开“三会一课”2次，开展中心组学习1次" in text
    assert "全年发展党员1名，转出1名" in text  # 张丽 joined 2025-07-01, 郑华 left 2025-03-01
    assert "累计学习5学时，党员人均学时1.7小时" in text
    assert "获评先进集体1个、先进个人2人次，其中省部级1项、集团级1项、矿级1项" in text
    assert "陈静获得省部级荣誉“劳动模范”。1名先进个人受到集团表彰。" in text
    assert "王建国" in text  # named in the table of 集团级 and above
    # Reform tasks recorded without a state are only identified: the verb does not claim more; 0 inventions left out
    assert "细化梳理改革任务2项，实施技术创新项目1项，取得群众性创新成果3项，获得实用新型专利1项，获奖1项" in text
    assert "设立党员责任区1个，1名党员认领责任区" in text
    assert "2025年12月31日" in text


def test_seed_style_sentences_at_group_scale(demo_store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.statistics.report import brands_paragraph, deeds_paragraph, money_text

    assert money_text(230_000_000) == "230万元"
    group = statistics.dashboard(demo_store, None, 2026, today=TODAY)
    assert "党建品牌覆盖率达到73%，“一支部一品牌”达到61%" in brands_paragraph(group)
    assert deeds_paragraph(group) == "开展我为职工办实事165件，救助困难职工1557人次，发放救助资金230余万元。"


def test_excel_has_every_figure(dash, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_dashboard_xlsx(dash, tmp_path / "统计.xlsx")
    sheet = load_workbook(path)["统计指标"]
    values = {row[5]: row[2] for row in sheet.iter_rows(min_row=3, values_only=True)}
    for key, expected in EXPECTED.items():
        wanted = expected / 100 if key == "deeds.amount_fen" else expected
        assert values[key] == pytest.approx(wanted), key
    for key, expected in EXPECTED_RATIOS.items():
        assert values[key] == pytest.approx(expected, abs=1e-4)


def test_cli_stats_year_prints_every_figure(known, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    assert main(["stats", "--data-dir", str(store.data_dir), "--unit", "T", "--year", str(YEAR), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["members"] == 6 and "units_by_kind" in out and "people_by_status" in out  # the lead's keys stay
    assert out["year"] == YEAR and out["unit"] == "测试矿党委"
    for key, expected in {**EXPECTED, **EXPECTED_RATIOS}.items():
        group, name = key.split(".", 1)
        assert out["figures"][group][name] == pytest.approx(expected, abs=1e-4), key
    assert main(["stats", "--data-dir", str(store.data_dir), "--unit", "T-01", "--year", str(YEAR)]) == 0
    text = capsys.readouterr().out
    assert "品牌覆盖率  100%" in text and "党员总数  4人" in text


def test_cli_register_lists(known, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    base = ["--data-dir", str(store.data_dir), "--json"]
    expected = {("deeds", "T"): 5, ("brands", "T"): 3, ("innovation", "T-01"): 6, ("zones", "T"): 3}
    for (name, unit), count in expected.items():
        assert main([name, "list", "--unit", unit, *base]) == 0
        assert json.loads(capsys.readouterr().out)["count"] == count, name
    assert main(["deeds", "list", "--unit", "T", "--year", str(YEAR), *base]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert sum(r["amount_fen"] for r in rows if r["state"] == "已办结") == 1_734_567
    assert main(["brands", "list", "--unit", "T", "--year", "2025", *base]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 2


def test_cli_errors_are_clear(known, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    assert main(["zones", "list", "--unit", "NOPE", "--data-dir", str(store.data_dir), "--json"]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]
    assert main(["stats", "--unit", "T", "--year", "20", "--data-dir", str(store.data_dir)]) == 2
    assert "年度 20 不在" in capsys.readouterr().err
