"""Shared fixtures. GUI tests run offscreen; core tests never import Qt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JIAOMEI_FONTS", "bundled")  # identical document output on every machine

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org
from jiaomei_desktop.services.store import Store, open_store

DEMO_MEMBERS = 400

# Tests that exercise store creation itself (migrations run for real, faults injected while creating) keep the
# slow path; every other new store is a copy of one migrated once per session.
REAL_CREATION = (
    "tests/core/test_store.py",
    "tests/reliability/test_disk_faults.py",
    "tests/reliability/test_leftovers.py",
    "tests/reliability/test_startup_health.py",
)


@pytest.fixture(scope="session")
def _migrated_empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jiaomei_desktop.db import migrate

    template = tmp_path_factory.mktemp("empty-store") / "jiaomei.sqlite3"
    migrate.upgrade_to_head(template)
    return template


@pytest.fixture(autouse=True)
def _new_stores_from_template(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _migrated_empty_store: Path
) -> None:
    """Running every migration costs ~0.5 s a store; a byte copy of the same result costs ~1 ms."""
    from jiaomei_desktop.db import migrate

    if any(part in request.path.as_posix() for part in REAL_CREATION):
        return
    real = migrate.upgrade_to_head

    def from_template(db_path: Path) -> Path | None:
        if db_path.exists():
            return real(db_path)
        shutil.copyfile(_migrated_empty_store, db_path)
        return None

    monkeypatch.setattr(migrate, "upgrade_to_head", from_template)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store whose office is a 基层党委 with two branches (codes T, T-01, T-02)."""
    s = open_store(tmp_path / "data")
    root = org.create_office_unit(s, "T", "测试矿党委", UnitKind.COMMITTEE)
    org.add_unit(s, root.id, "T-01", "综采一队党支部", UnitKind.BRANCH)
    org.add_unit(s, root.id, "T-02", "掘进二队党支部", UnitKind.BRANCH)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jiaomei_desktop.services.demo import create_demo_store

    directory = tmp_path_factory.mktemp("demo-template")
    create_demo_store(directory, members=DEMO_MEMBERS).close()
    return directory


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Store:
    """A small demo store (seed structure, 400 members), copied fresh for each test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    s = open_store(target, create=False)
    yield s
    s.close()


def unit_id(s: Store, code: str) -> str:
    unit = org.find_unit_by_code(s, code)
    assert unit is not None, code
    return unit.id
