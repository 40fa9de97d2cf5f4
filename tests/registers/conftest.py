from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org
from jiaomei_desktop.services.store import Store, open_store
from tests.conftest import built_once
from tests.registers.known import Known, build_known


def make_known(directory: Path) -> tuple[Store, Known]:
    """The conftest `store` layout (T, T-01, T-02) plus the known data set."""
    s = open_store(directory)
    root = org.create_office_unit(s, "T", "测试矿党委", UnitKind.COMMITTEE)
    org.add_unit(s, root.id, "T-01", "综采一队党支部", UnitKind.BRANCH)
    org.add_unit(s, root.id, "T-02", "掘进二队党支部", UnitKind.BRANCH)
    return s, build_known(s)


@pytest.fixture(scope="session")
def known_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Known]:
    def build(directory: Path) -> Known:
        s, k = make_known(directory)
        s.close()
        return k

    return built_once(tmp_path_factory, "known", build)


@pytest.fixture
def known(known_template: tuple[Path, Known], tmp_path: Path) -> Iterator[tuple[Store, Known]]:
    """A fresh copy of the known store for each test (tests may write)."""
    source, k = known_template
    target = tmp_path / "known"
    shutil.copytree(source, target)
    s = open_store(target, create=False)
    yield s, k
    s.close()
