"""The main window builds a tab the first time it is shown, and every tab can be built."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui.main_window import MainWindow, load_tab_class
from jiaomei_desktop.ui.tabs import TABS


def test_registry_titles_match_the_tab_classes() -> None:
    for spec in TABS:
        assert load_tab_class(spec.path).title() == _(spec.title), spec.path  # type: ignore[attr-defined]


def test_tabs_are_built_when_first_shown_and_follow_the_unit(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    assert len(window.tab_widgets()) == 1  # only the tab on show
    built: list[object] = []
    window.tab_built.connect(built.append)
    window.tabs.setCurrentIndex(3)
    assert len(built) == 1 and type(built[0]).__name__ == "MentorTab"
    assert window.tab(3) is built[0]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [_(s.title) for s in TABS]


def test_the_last_used_tab_comes_back(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(ctx, settings)
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(2)
    first.close()
    second = MainWindow(ctx, settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 2
    assert [type(t).__name__ for t in second.tab_widgets()] == ["GalleryTab"]

