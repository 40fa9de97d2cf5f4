from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

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
