"""Order and route independence (property): whatever order the bundles arrive in, repeated or not, directly from
the branches or relayed through the committee, the group ends with the same database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiaomei_desktop.db.engine import make_engine, make_sessionmaker
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.store import Store, open_store
from tests.sync.conftest import add_person, delete_person, edit_person, export, snapshot


def _light_store(directory: Path) -> Store:
    """The store without the migration check (it is at head): hypothesis runs many examples."""
    engine = make_engine(directory / "jiaomei.sqlite3")
    return Store(directory, engine, make_sessionmaker(engine))


@pytest.fixture(scope="module")
def scenario(tree_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], dict]:
    root = tmp_path_factory.mktemp("routes")
    shutil.copytree(tree_template, root / "tree")
    out = root / "bundles"
    out.mkdir()
    stores = {n: open_store(root / "tree" / n, create=False) for n in ("c1", "b1", "b2")}
    c1, b1, b2 = stores["c1"], stores["b1"], stores["b2"]
    paths = []
    p1 = add_person(b1, "C1-01", "李四", 2)
    p2 = add_person(b1, "C1-01", "周五", 3)
    p4 = add_person(b1, "C1-01", "吴七", 5)  # forked below, then edited again: the fork is superseded
    paths.append(export(b1, out / "b1-a.jmb"))
    p3 = add_person(b2, "C1-02", "赵六", 4)
    paths.append(export(b2, out / "b2-a.jmb"))
    for p in paths:
        bundles.import_bundle(c1, p)
    paths.append(export(c1, out / "c1-a.jmb"))
    b1.engine.dispose()
    shutil.copytree(root / "tree" / "b1", root / "clone")  # a cloned PC: forks with b1 below
    clone = open_store(root / "clone", create=False)
    edit_person(b1, p1, post="班长")
    delete_person(b1, p2)
    edit_person(b1, p4, post="组长")
    paths.append(export(b1, out / "b1-b.jmb"))
    edit_person(clone, p1, post="安全员")
    edit_person(clone, p4, post="副组长")
    paths.append(export(clone, out / "b1-fork.jmb"))
    edit_person(b1, p4, trade="综采")
    paths.append(export(b1, out / "b1-c.jmb"))
    edit_person(b2, p3, trade="机电")
    paths.append(export(b2, out / "b2-b.jmb"))
    for p in paths[3:]:
        bundles.import_bundle(c1, p)
    paths.append(export(c1, out / "c1-b.jmb"))
    for s in (*stores.values(), clone):
        s.close()
    group_dir = root / "tree" / "group"
    expected_store = _copy_group(group_dir, root / "expected")
    for p in paths:
        bundles.import_bundle(expected_store, p)
    expected = snapshot(expected_store)
    expected_store.close()
    return group_dir, paths, expected


def _copy_group(group_dir: Path, target: Path) -> Store:
    shutil.copytree(group_dir, target)
    return _light_store(target)


def test_canonical_import_has_the_fork_and_all_rows(scenario) -> None:
    _group, _paths, expected = scenario
    assert len(expected["conflicts"]) == 1  # 李四's fork is open; 吴七's was superseded by a newer version
    assert len(expected["person"]) == 5  # 王建国 (handed over) and the four added


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_any_route_any_repetition_gives_the_same_database(scenario, tmp_path_factory, data) -> None:
    group_dir, paths, expected = scenario
    order = data.draw(st.permutations(paths), label="order")
    repeats = data.draw(st.lists(st.sampled_from(paths), max_size=3), label="repeats")
    sequence = list(order)
    for extra in repeats:
        sequence.insert(data.draw(st.integers(0, len(sequence)), label="at"), extra)
    store = _copy_group(group_dir, tmp_path_factory.mktemp("g") / "group")
    try:
        for path in sequence:
            bundles.import_bundle(store, path)
        assert snapshot(store) == expected
    finally:
        store.close()


@pytest.mark.parametrize("route", ["committee", "direct"])
def test_one_route_alone_gives_the_same_database(scenario, tmp_path, route) -> None:
    """Only the committee's bundles (which relay both of b1's forked twins), or only the branches' own."""
    group_dir, paths, expected = scenario
    store = _copy_group(group_dir, tmp_path / "group")
    try:
        for path in paths:
            if path.name.startswith("c1") == (route == "committee"):
                bundles.import_bundle(store, path)
        assert snapshot(store) == expected
    finally:
        store.close()
