"""Registers whose columns have fixed widths (measuring them cost their first showing) still show a term of a fixed
vocabulary whole, and the column's header, in either language: in English "Overdue (932 days overdue)" was cut to
"Overdue (932 ...", "Not self-assessed" to "Not ...", "Model worker innovation studio" to "Model work...", the
wearers' "Full member" to "Full ..."."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtWidgets import QTableView

from jiaomei_desktop import i18n
from jiaomei_desktop.services.org import unit_tree
from jiaomei_desktop.ui.widgets import CELL_PADDING

TODAY = date(2026, 6, 1)


@pytest.fixture(params=["zh_CN", "en"])
def language(request):  # type: ignore[no-untyped-def]
    i18n.install(request.param)
    yield request.param
    i18n.install(i18n.DEFAULT_LANGUAGE)


def _ledger(key: str, columns: tuple[int, ...]) -> Callable[..., tuple[QTableView, tuple[int, ...]]]:
    def table(qtbot, ctx):  # type: ignore[no-untyped-def]
        from jiaomei_desktop.ui.registers.ledger_tab import PARTS, LedgerTab

        tab = LedgerTab(ctx, None, today=TODAY)
        qtbot.addWidget(tab)
        tab.set_unit(unit_tree(ctx.store)[0].unit.id)
        panel = tab.part(next(i for i, (k, _title) in enumerate(PARTS) if k == key))
        panel.year_combo.setCurrentIndex(0)  # every year: the most rows
        panel.wait_idle()
        return panel.table, columns

    return table


def _wearers(qtbot, ctx):  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.registers.posts_tab import PostsTab

    tab = PostsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(unit_tree(ctx.store)[0].unit.id)
    tab.wait_idle()
    tab.pages.setCurrentIndex(1)
    return tab.wearer_table, (1, 4, 5)


TABLES = {
    "13710督办 state and time limit": _ledger("supervision", (0, 5)),
    "标准化建设 state": _ledger("standards", (3,)),
    "创新工作室 category, level and state": _ledger("studios", (1, 2, 10)),
    "亮明身份 wearers' status, category and role": _wearers,
}


@pytest.mark.parametrize("name", list(TABLES))
def test_terms_and_headers_are_shown_whole(name: str, qtbot, demo_ctx, language) -> None:  # type: ignore[no-untyped-def]
    table, columns = TABLES[name](qtbot, demo_ctx)
    model, metrics, header = table.model(), table.fontMetrics(), table.horizontalHeader()
    assert model.rowCount() > 0, name
    cut = []
    for column in columns:
        texts = {str(model.data(model.index(row, column)) or "") for row in range(model.rowCount())}
        needed = max(metrics.horizontalAdvance(text) for text in texts) + CELL_PADDING
        if table.columnWidth(column) < needed or table.columnWidth(column) < header.sectionSizeHint(column):
            cut.append(f"{model.headerData(column, header.orientation())}: {table.columnWidth(column)} < {needed}")
    assert not cut, f"{name} ({language}): {cut}"
