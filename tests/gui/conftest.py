from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection


@pytest.fixture(scope="session", autouse=True)
def _own_settings_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`app.main` and windows built without settings use QSettings(): keep them out of the user's real settings and
    apart from the other xdist worker's (a language or layout saved by one test must not reach another)."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)


@pytest.fixture
def ctx(store: Store) -> AppContext:
    return AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())


@pytest.fixture
def demo_ctx(demo_store: Store) -> AppContext:
    return AppContext(store=demo_store, selection=UnitSelection(), data_changed=DataChanged())


@pytest.fixture
def settings(tmp_path) -> QSettings:  # type: ignore[no-untyped-def]
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def _no_modifier_key_left_down(qapp):  # type: ignore[no-untyped-def]
    """A simulated Ctrl+Tab leaves Qt believing Ctrl is still held (the application takes its modifier state from the
    last key event), and a later test's selectRow then toggles the row off instead of selecting it. One key event
    without modifiers after each test puts the state back."""
    yield
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        widget = QWidget()
        QTest.keyRelease(widget, Qt.Key.Key_Control)
        widget.deleteLater()
