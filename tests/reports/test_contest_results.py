"""技术比武成绩公布: exact text in ranked order, the organiser and date at the foot, fonts embedded, long lists on
more pages with the head repeated, refusals with a clear message; and the sheet built from a stored event."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.reports.contest_results import ContestSheetData, ResultLine, render_contest_results
from jiaomei_desktop.reports.errors import ReportError
from tests.reports.pdfcheck import assert_fonts_embedded, page_sizes_mm, pages_text, text_of, text_runs


def _data(n: int = 5) -> ContestSheetData:
    lines = [
        ResultLine(1, "王建国", "综采一队党支部", 95.5, "技术能手"),
        ResultLine(2, "吴刚", "掘进二队党支部", 91.0, "技术能手"),
        ResultLine(3, "赵外矿", "外矿", 88.0, "技术能手"),
    ]
    lines += [ResultLine(None, f"选手{i}", "机电队党支部", 60.0 + i / 2) for i in range(n - 3)]
    return ContestSheetData(
        "2026年采煤机司机技术比武",
        "采煤机司机",
        "集团",
        date(2026, 9, 20),
        "焦煤集团工会",
        lines,
        "理论40分，实操60分",
        issue_date=date(2026, 9, 25),
    )


def test_one_page_sheet_has_exact_text_in_order() -> None:
    pdf = render_contest_results(_data())
    assert page_sizes_mm(pdf) == [(210, 297)]
    assert text_of(pdf) == (
        "技术比武成绩公布2026年采煤机司机技术比武工种：采煤机司机级别：集团级比武日期：2026年9月20日"
        "评分办法：理论40分，实操60分名次姓名单位成绩所获荣誉"
        "第1名王建国综采一队党支部95.5技术能手第2名吴刚掘进二队党支部91技术能手第3名赵外矿外矿88技术能手"
        "选手0机电队党支部60选手1机电队党支部60.5"
        "焦煤集团工会二〇二六年九月二十五日"
    )
    assert_fonts_embedded(pdf)
    runs = text_runs(pdf)[0]
    foot = [r for r in runs if r[0] in ("焦煤集团工会", "二〇二六年九月二十五日")]
    assert len(foot) == 2 and all(r[2] > 250 for r in foot)  # at the bottom of the page (mm from the top)


def test_long_list_continues_with_head_and_foot_on_last_page() -> None:
    pdf = render_contest_results(_data(60))
    texts = pages_text(pdf)
    assert len(texts) >= 2
    assert all(t.startswith("技术比武成绩公布2026年采煤机司机技术比武") for t in texts)
    assert all("名次姓名单位成绩所获荣誉" in t for t in texts)
    assert "评分办法" in texts[0] and "评分办法" not in texts[1]
    assert "焦煤集团工会" in texts[-1] and "焦煤集团工会" not in texts[0]
    assert sum(t.count("机电队党支部") for t in texts) == 57


def test_refusals() -> None:
    empty = ContestSheetData("比武", "电工", "矿", date(2026, 9, 1), "某矿", [])
    with pytest.raises(ReportError, match="还没有参赛选手"):
        render_contest_results(empty)
    with pytest.raises(ReportError, match="需要比武名称和主办单位"):
        render_contest_results(ContestSheetData(" ", "电工", "矿", date(2026, 9, 1), "某矿", _data().lines))
