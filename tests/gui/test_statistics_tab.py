"""统计 tab on the known data set: figures, charts, click-through, Excel and the annual report."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.ui.statistics.model import FiguresModel
from jiaomei_desktop.ui.statistics.tab import StatisticsTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY, YEAR


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _loaded(qtbot, known_ctx) -> StatisticsTab:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    tab = StatisticsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.year_spin.setValue(YEAR)
    tab.show()
    tab.set_unit(k.root)
    qtbot.waitUntil(lambda: tab.dashboard is not None and not tab.busy and tab.dashboard.year == YEAR, timeout=15000)
    return tab


def test_figures_model_passes_the_model_tester(qtbot, qtmodeltester, known_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _loaded(qtbot, known_ctx)
    model = FiguresModel()
    model.set_dashboard(tab.dashboard)
    qtmodeltester.check(model)


def test_tab_shows_the_known_figures(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _loaded(qtbot, known_ctx)
    model = tab.model
    row = model.row_of("brands.coverage")
    assert model.index(row, 0).data().strip() == "品牌覆盖率" and model.index(row, 1).data() == "66.7%"
    row = model.row_of("deeds.amount_fen")
    assert model.index(row, 1).data() == "17,345.67" and model.index(row, 2).data() == "元"
    assert tab.heading.text() == "测试矿党委 2025年度统计"
    assert tab.export_button.isEnabled() and tab.report_button.isEnabled()


def test_charts_follow_the_selected_group_and_click_through(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _loaded(qtbot, known_ctx)
    tab.table.selectRow(tab.model.row_of("by_age.36至45岁"))
    assert tab.chart.keys[0] == "by_age.35岁及以下"
    tab.table.selectRow(tab.model.row_of("by_gender"))
    assert tab.chart.chart().series()[0].count() == 2  # a pie of 男 / 女
    dialog = tab.open_records(tab.model.row_of("members.female"))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2 and dialog.windowTitle() == "女党员（2条）"
    dialog = tab.open_figure("innovation.群众性创新成果")
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3


def test_nothing_is_computed_while_hidden(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    tab = StatisticsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    assert not tab.busy and tab.dashboard is None
    tab.show()
    qtbot.waitUntil(lambda: tab.dashboard is not None and not tab.busy, timeout=15000)


def test_year_change_recomputes(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _loaded(qtbot, known_ctx)
    tab.year_spin.setValue(2026)
    qtbot.waitUntil(lambda: tab.dashboard.year == 2026 and not tab.busy, timeout=15000)
    assert tab.dashboard.value("brands.coverage") == 1.0


def test_excel_and_report(qtbot, known_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = _loaded(qtbot, known_ctx)
    target = tmp_path / "stats.xlsx"
    tab.export_excel(target)
    qtbot.waitUntil(target.exists, timeout=15000)
    qtbot.waitUntil(lambda: "已导出" in tab.status.text(), timeout=15000)
    assert load_workbook(target)["统计指标"]["A1"].value.startswith("测试矿党委2025年度")
    tab.print_current()
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=20000)
    assert tab.last_pdf.startswith(b"%PDF")


def test_the_export_button_asks_where_to_save(qtbot, known_ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """导出Excel… clicked (or chosen from 更多): the save dialog is asked (connected straight, the slot got clicked's
    False as its target)."""
    from PySide6.QtWidgets import QFileDialog

    tab = _loaded(qtbot, known_ctx)
    target = tmp_path / "clicked.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **kw: (str(target), ""))
    tab.export_button.click()
    qtbot.waitUntil(target.exists, timeout=15000)
    qtbot.waitUntil(lambda: "已导出" in tab.status.text(), timeout=15000)


def test_period_report_over_several_years(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    import re

    from tests.reports.pdfcheck import text_of

    tab = _loaded(qtbot, known_ctx)
    tab.from_spin.setValue(2024)
    tab.print_period()
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=20000)
    text = re.sub(r"\s+", "", text_of(tab.last_pdf))
    assert "2024年至2025年，先后发展党员1名" in text  # 张丽, admitted 2025-07-01
    assert "累计开展我为职工办实事4件" in text  # 2024: 1, 2025: 3
