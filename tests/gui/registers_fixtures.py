"""The known data set (tests/registers/known.py) behind an AppContext, for the registers' and statistics' GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from tests.registers.conftest import make_known
from tests.registers.known import Known


def known_context(tmp_path: Path) -> Iterator[tuple[AppContext, Known]]:
    store, k = make_known(tmp_path / "known")
    yield AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()), k
    store.close()
