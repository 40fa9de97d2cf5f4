from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection


@pytest.fixture
def ctx(store: Store) -> AppContext:
    return AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())


@pytest.fixture
def demo_ctx(demo_store: Store) -> AppContext:
    return AppContext(store=demo_store, selection=UnitSelection(), data_changed=DataChanged())


@pytest.fixture
def settings(tmp_path) -> QSettings:  # type: ignore[no-untyped-def]
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
