"""Merge rules (docs/design.md §4): versions decide, forks are resolved deterministically and kept, tombstones are changes
like any other, clocks decide nothing, and nobody but the owner changes a row."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime

import pytest

from jiaomei_desktop.db.models import Honor
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import open_store
from tests.sync.conftest import add_person, delete_person, edit_person, export, person_row, snapshot, unit_id


def _clone(tree, name: str, target) -> object:
    getattr(tree, name).engine.dispose()
    shutil.copytree(tree.root / name, target)
    return open_store(target, create=False)


def test_older_bundle_after_newer_is_stale(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    old = export(tree.b1, tmp_path / "old.jmb")
    edit_person(tree.b1, pid, post="班长")
    new = export(tree.b1, tmp_path / "new.jmb")
    bundles.import_bundle(tree.c1, new)
    summary = bundles.import_bundle(tree.c1, old)
    assert summary.totals()["stale"] == 1
    assert person_row(tree.c1, pid).post == "班长"


def test_fork_from_a_cloned_store_is_resolved_the_same_everywhere_and_the_loser_kept(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "base.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))  # group learns b1's key
    clone = _clone(tree, "b1", tmp_path / "clone")
    try:
        edit_person(tree.b1, pid, post="班长")
        edit_person(clone, pid, post="副班长")
        a, b = export(tree.b1, tmp_path / "a.jmb"), export(clone, tmp_path / "b.jmb")
        first = [bundles.import_bundle(tree.c1, p) for p in (a, b)]
        second = [bundles.import_bundle(tree.group, p) for p in (b, a)]  # other order, other route
        assert first[1].totals()["conflicts"] == 1 and second[1].totals()["conflicts"] == 1
        at_c1, at_group = person_row(tree.c1, pid), person_row(tree.group, pid)
        assert at_c1.post == at_group.post and at_c1.version == at_group.version == 2
        conflicts_c1 = bundles.list_conflicts(tree.c1)
        conflicts_g = bundles.list_conflicts(tree.group)
        assert len(conflicts_c1) == len(conflicts_g) == 1
        loser_post = conflicts_c1[0].other["post"]
        assert {loser_post, at_c1.post} == {"班长", "副班长"}  # nothing lost
        assert conflicts_g[0].other["post"] == loser_post
        assert not conflicts_c1[0].editable  # only the owner resolves
        with pytest.raises(SyncFailed):
            bundles.resolve_conflict(tree.c1, conflicts_c1[0].id, "other")
        # the branch sees the fork when its twin's bundle comes in, and resolves it with a new version
        bundles.import_bundle(tree.b1, b)
        own = bundles.list_conflicts(tree.b1)
        if own:  # b1's side lost at b1: resolve by taking the other side
            assert own[0].editable
            bundles.resolve_conflict(tree.b1, own[0].id, "other")
        else:  # b1's side won; b1 confirms its own side
            bundles.import_bundle(tree.b1, a)
        row = person_row(tree.b1, pid)
        if own:
            assert row.version == 3
            summary = bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "resolved.jmb"))
            assert summary.totals()["updated"] == 1
            assert bundles.list_conflicts(tree.c1) == []
    finally:
        clone.close()


def test_delete_versus_edit(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "base.jmb"))
    clone = _clone(tree, "b1", tmp_path / "clone")
    try:
        delete_person(tree.b1, pid)
        edit_person(clone, pid, post="班长")
        deleted, edited = export(tree.b1, tmp_path / "del.jmb"), export(clone, tmp_path / "edit.jmb")
        bundles.import_bundle(tree.c1, edited)
        bundles.import_bundle(tree.c1, deleted)
        row = person_row(tree.c1, pid)
        assert row.version == 2 and len(bundles.list_conflicts(tree.c1)) == 1  # same version: a kept fork
        # a later delete (higher version) wins over the edit, like any change
        with tree.b1.transaction() as session:
            from jiaomei_desktop.db.models import Person
            from jiaomei_desktop.services.office import touch

            p = session.get(Person, pid)
            p.deleted = True
            touch(p)
        bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "del2.jmb"))
        row = person_row(tree.c1, pid)
        assert row.deleted and row.version == 3
        assert bundles.list_conflicts(tree.c1) == []  # the fork was superseded by the owner's newer version
    finally:
        clone.close()


@pytest.mark.parametrize("first,second", [(datetime(2035, 1, 1), datetime(1999, 1, 1)),
                                          (datetime(1999, 1, 1), datetime(2035, 1, 1))])
def test_clock_skew_changes_nothing(tree, tmp_path, monkeypatch, first, second) -> None:
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    monkeypatch.setattr("jiaomei_desktop.services.office.utcnow", lambda: first)
    edit_person(tree.b1, pid, post="第一次")
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "one.jmb"))
    monkeypatch.setattr("jiaomei_desktop.services.office.utcnow", lambda: second)
    edit_person(tree.b1, pid, post="第二次")
    later = export(tree.b1, tmp_path / "two.jmb")
    bundles.import_bundle(tree.c1, later)
    bundles.import_bundle(tree.c1, tmp_path / "one.jmb")
    row = person_row(tree.c1, pid)
    assert row.post == "第二次" and row.version == 3 and row.updated_at == second


def test_group_owned_records_are_read_only_below_the_group(tree, tmp_path) -> None:
    group_unit, c1_unit = unit_id(tree.group, "G"), unit_id(tree.group, "C1")
    with tree.group.transaction() as session:
        honor = Honor(owner_unit_id=group_unit, unit_id=c1_unit, title="先进基层党组织", category="先进集体",
                      level="集团级", award_date=date(2026, 7, 1))
        session.add(honor)
        session.flush()
        hid = honor.id
    summary = bundles.import_bundle(tree.c1, export(tree.group, tmp_path / "down.jmb", direction="down",
                                                    recipient_unit_id=c1_unit))
    assert summary.totals()["new"] >= 1
    with sqlite3.connect(tree.c1.db_path) as conn:  # the committee takes the group's honour as its own
        conn.execute("UPDATE honor SET owner_unit_id = ?, version = 5, title = '改' WHERE id = ?", (c1_unit, hid))
    before = snapshot(tree.group)
    with pytest.raises(SyncFailed) as err:
        bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "up.jmb"))
    assert hid in [r.row_id for r in err.value.rejections] and hid not in str(err.value)
    assert "测试集团党委（G）" in str(err.value)
    assert snapshot(tree.group) == before
