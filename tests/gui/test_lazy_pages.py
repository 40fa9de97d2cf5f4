"""A tab's pages built on their first showing: 工作台账's eight registers, 学习记录's compliance page; and the first
screen of 学习记录's list read on a worker thread with its ids."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import deeds, study
from jiaomei_desktop.ui.registers.ledger_tab import PARTS, LedgerTab
from jiaomei_desktop.ui.registers.panel import RegisterPanel
from jiaomei_desktop.ui.study.compliance_view import ComplianceView
from jiaomei_desktop.ui.study.tab import StudyTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _built(tab: LedgerTab) -> list[str]:
    return [type(p).__name__ for p in tab.findChildren(RegisterPanel)]


def test_only_the_register_on_screen_is_built_and_a_click_builds_the_next(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    tab.set_unit(k.root)
    assert _built(tab) == ["RegisterPanel"]  # 我为职工办实事 only
    bar = tab.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(5).center())  # 纪律作风督导, as a user does
    panel = tab.tabs.currentWidget()
    assert type(panel).__name__ == "InspectionsPanel" and panel is tab.inspections and panel.isVisible()
    assert panel.unit_id == k.root  # it took the unit chosen before it was built
    assert sorted(_built(tab)) == ["InspectionsPanel", "RegisterPanel"]
    assert [tab.tabs.tabText(i) for i in range(tab.tabs.count())] == [_(title) for _key, title in PARTS]
    assert tab.tabs.currentIndex() == 5
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert tab.tabs.currentWidget() is tab.deeds and len(_built(tab)) == 2


def test_a_register_built_later_is_read_once_when_shown(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import brands

    ctx, k = known_ctx
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    read: list[str] = []
    for module, name in ((deeds, "list_deeds"), (brands, "list_brands")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name: read.append(name) or real(*a))
    tab.set_unit(k.root)
    tab.set_unit(k.b2)  # brands not built yet: nothing to read for it
    assert read == ["list_deeds", "list_deeds"]
    tab.tabs.setCurrentIndex(1)
    assert read == ["list_deeds", "list_deeds", "list_brands"] and tab.brands.unit_id == k.b2
    ctx.data_changed.changed.emit("sync")  # the built registers reload, the others are read when built
    assert read.count("list_brands") == 2 and len(_built(tab)) == 2


def test_a_register_built_later_opens_rows_with_enter_in_the_main_window(qtbot, ctx, settings) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    built: list[object] = []
    window.tab_built.connect(built.append)
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == _("工作台账"))
    window.tabs.setCurrentIndex(index)
    ledger = window.tab(index)
    assert isinstance(ledger, LedgerTab) and built == [ledger]
    ledger.tabs.setCurrentIndex(6)  # 技术比武
    table = ledger.contests.table
    assert table.property("enterOpens") and table.objectName() == "contests0"
    assert built == [ledger, ledger]  # told again: the new table's column widths are remembered as well


def test_the_compliance_page_is_built_when_first_shown(qtbot, ctx, settings) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(1)
    study_tab = window.tab(1)
    assert isinstance(study_tab, StudyTab) and study_tab.findChildren(ComplianceView) == []
    qtbot.waitUntil(study_tab.isVisible)  # a tab just built is shown on the next turn of the event loop
    study_tab.pages.setCurrentIndex(1)
    view = study_tab.pages.currentWidget()
    assert isinstance(view, ComplianceView) and view is study_tab.compliance and view.isVisible()
    assert [study_tab.pages.tabText(i) for i in range(2)] == [_("会议记录"), _("落实情况")]
    assert view.table.property("enterOpens")  # Enter opens a cell's sessions, as in a tab built whole
    view.wait_idle()
    assert view.model.rowCount() > 0  # it took the tab's unit


def test_the_first_screen_of_sessions_is_read_with_the_ids_off_the_gui_thread(qtbot, demo_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    on_gui_thread: list[bool] = []
    real = study.fetch_rows

    def spy(*args):  # type: ignore[no-untyped-def]
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(study, "fetch_rows", spy)
    tab = StudyTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    tab.set_unit(None)
    tab.wait_idle()
    tab.grab()  # the first screen painted
    assert tab.model.rowCount() > 0 and tab.model.data(tab.model.index(0, 3))
    assert on_gui_thread and not any(on_gui_thread)


def test_a_roster_change_reloads_only_the_registers_a_leaver_changes(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 党籍变动 can take someone off a 督导组 or clear a 13710 责任人 (services.leaving): those two read again on a
    "roster" notice; the other registers do not read their lists again on every edit of a person. "org" reaches all."""
    ctx, k = known_ctx
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panels = {key: getattr(tab, key) for key in ("deeds", "supervision", "inspections", "contests")}
    refreshed: list[str] = []
    for key, panel in panels.items():
        monkeypatch.setattr(panel, "refresh", lambda key=key: refreshed.append(key))
    ctx.data_changed.changed.emit("roster")
    assert sorted(refreshed) == ["inspections", "supervision"]
    refreshed.clear()
    ctx.data_changed.changed.emit("org")
    assert sorted(refreshed) == sorted(panels)
