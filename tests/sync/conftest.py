"""A small three-level tree of offices for sync tests: group G → committee C1 → branches C1-01, C1-02.

Built once per session (provisioning runs scrypt and migrations) and copied for each test, so tests can write.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import bundles, org, roster
from jiaomei_desktop.services.office import touch
from jiaomei_desktop.services.store import Store, open_store
from jiaomei_desktop.sync.tables import synced_tables
from tests.conftest import built_once
from tests.helpers import make_id_number

PASS = "correct horse battery"
OFFICES = ("group", "c1", "b1", "b2")


def _build(root: Path) -> None:
    group = open_store(root / "group")
    g = org.create_office_unit(group, "G", "测试集团党委", UnitKind.GROUP_COMMITTEE)
    c1 = org.add_unit(group, g.id, "C1", "一矿党委", UnitKind.COMMITTEE)
    org.add_unit(group, c1.id, "C1-01", "一矿综采队党支部", UnitKind.BRANCH)
    org.add_unit(group, c1.id, "C1-02", "一矿掘进队党支部", UnitKind.BRANCH)
    c2 = org.add_unit(group, g.id, "C2", "二矿党委", UnitKind.COMMITTEE)
    org.add_unit(group, c2.id, "C2-01", "二矿机电队党支部", UnitKind.BRANCH)
    add_person(group, "C1-01", "王建国", 1)  # kept by the group for C1-01 before provisioning: handed over
    setup = bundles.provision_child(group, c1.id, root / "c1.jms", PASS)
    committee, _ = bundles.setup_from_file(root / "c1", setup.path, PASS)
    for code, name in (("C1-01", "b1"), ("C1-02", "b2")):
        branch_setup = bundles.provision_child(committee, unit_id(committee, code), root / f"{name}.jms", PASS)
        branch, _ = bundles.setup_from_file(root / name, branch_setup.path, PASS)
        branch.close()
    committee.close()
    group.close()


@pytest.fixture(scope="session")
def tree_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(root: Path) -> None:
        root.mkdir(parents=True)
        _build(root)

    return built_once(tmp_path_factory, "tree", build)[0]


@dataclass
class Tree:
    root: Path
    group: Store
    c1: Store
    b1: Store
    b2: Store

    def reopen(self, name: str) -> Store:
        getattr(self, name).close()
        store = open_store(self.root / name, create=False)
        setattr(self, name, store)
        return store


@pytest.fixture
def tree(tree_template: Path, tmp_path: Path) -> Tree:
    root = tmp_path / "tree"
    shutil.copytree(tree_template, root)
    stores = {name: open_store(root / name, create=False) for name in OFFICES}
    t = Tree(root, **stores)
    yield t
    for name in OFFICES:
        getattr(t, name).close()


def unit_id(store: Store, code: str) -> str:
    unit = org.find_unit_by_code(store, code)
    assert unit is not None, code
    return unit.id


def add_person(store: Store, branch_code: str, name: str, seq: int, **fields: object) -> str:
    number = make_id_number(date(1980, 1, 1 + seq % 28), sequence=seq)
    data = PersonData(name=name, branch_id=unit_id(store, branch_code), id_number=number, join_date=date(2005, 7, 1),
                      full_member_date=date(2006, 7, 1), **fields)  # type: ignore[arg-type]
    return roster.save_person(store, data)


def edit_person(store: Store, person_id: str, **changes: object) -> None:
    roster.save_person(store, roster.get_person(store, person_id).with_changes(**changes))


def delete_person(store: Store, person_id: str) -> None:
    with store.transaction() as session:
        row = session.get(Person, person_id)
        row.deleted = True
        touch(row)


def person_row(store: Store, person_id: str) -> Person | None:
    with store.reading() as session:
        return session.get(Person, person_id)


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every synced row plus the open conflicts: what order/route independence must keep equal."""
    result: dict[str, list[tuple[object, ...]]] = {}
    with sqlite3.connect(store.db_path) as conn:
        for table in synced_tables():
            result[table.name] = conn.execute(f'SELECT * FROM "{table.name}" ORDER BY id').fetchall()
        result["conflicts"] = conn.execute(
            "SELECT table_name, row_id, version, winner_hash, loser_hash FROM sync_conflict WHERE status = 'open' "
            "ORDER BY table_name, row_id, version, loser_hash").fetchall()
    return result


def synced_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    snap = snapshot(store)
    snap.pop("conflicts")
    return snap


def export(store: Store, path: Path, **kwargs: object) -> Path:
    return bundles.export_bundle(store, path, **kwargs).path  # type: ignore[arg-type]


def now() -> object:
    return utcnow()
