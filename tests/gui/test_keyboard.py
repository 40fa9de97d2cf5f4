"""Keyboard use (issue 15): Enter on a row opens it, Ctrl+Tab switches tabs from inside a table, the menus show the
shortcuts, and the focus frame is clearly visible."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from jiaomei_desktop.services import roster
from jiaomei_desktop.ui.main_window import MainWindow
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from tests.conftest import unit_id
from tests.core.test_roster import person


def _window(qtbot, ctx, tmp_path) -> MainWindow:  # type: ignore[no-untyped-def]
    roster.save_person(ctx.store, person(unit_id(ctx.store, "T-01"), "王建国", 1))
    window = MainWindow(ctx, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts work in the active window
    return window


def test_enter_on_a_row_opens_it(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, tmp_path)
    tab = window.tab(0)
    tab.set_unit(None)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    forms = tab.findChildren(PersonFormDialog)
    assert len(forms) == 1 and forms[0]._fields["name"].text() == "王建国"
    forms[0].reject()


def test_ctrl_tab_switches_tabs_from_inside_a_table(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, tmp_path)
    table = window.tab(0).table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.currentIndex() == 0


def test_menus_show_the_shortcuts(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx, tmp_path)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "操作(&A)")
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}
    assert shortcuts["新建"] == "Ctrl+N" and shortcuts["打印…"] == "Ctrl+P"
    assert shortcuts["下一个标签页"] == "Ctrl+Tab"
    assert all(shortcuts.values())


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def test_the_focus_frame_stands_out(qapp) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.theme import apply_theme

    palette, style, sheet = qapp.palette(), qapp.style().name(), qapp.styleSheet()
    try:
        apply_theme(qapp)
        focus = qapp.palette().color(QPalette.ColorRole.Highlight)
        window = qapp.palette().color(QPalette.ColorRole.Base)
        light, dark = sorted((_luminance(focus), _luminance(window)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3  # WCAG 2.1 non-text contrast for a focus indicator
        assert "QAbstractItemView:focus" in qapp.styleSheet()
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setStyle(style)
