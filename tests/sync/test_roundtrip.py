"""The basic flow: provisioning, export up, import at the parent and relay to the group; replay does nothing."""

from __future__ import annotations

import json
import zipfile

import pytest

from jiaomei_desktop.services import bundles
from tests.sync.conftest import add_person, edit_person, export, person_row, snapshot, unit_id


def test_setup_files_made_each_office_its_unit(tree) -> None:
    assert tree.b1.get_setting("office_unit_id") == unit_id(tree.group, "C1-01")
    assert tree.c1.get_setting("office_unit_id") == unit_id(tree.group, "C1")
    info = bundles.key_info(tree.b1)
    assert info.fingerprint and len(info.fingerprint.split()) == 8
    # the branch trusts the chain above it: group (anchor), committee, itself
    assert {k.unit_name for k in info.trusted} >= {"测试集团党委", "一矿党委", "一矿综采队党支部"}


def test_handover_reowns_records_and_parent_shows_them_read_only(tree) -> None:
    # 王建国 was entered at the group for C1-01 before the offices existed; now C1-01 owns him everywhere.
    with tree.group.reading() as s:
        from jiaomei_desktop.db.models import Person

        row = s.query(Person).one()
    assert row.owner_unit_id == unit_id(tree.group, "C1")  # handed to C1, which handed it to C1-01 later
    assert not bundles.is_owned_here(tree.group, row.owner_unit_id)
    at_branch = person_row(tree.b1, row.id)
    assert at_branch is not None and at_branch.owner_unit_id == unit_id(tree.b1, "C1-01")
    assert bundles.is_owned_here(tree.b1, at_branch.owner_unit_id)


def test_branch_to_committee_to_group(tree, tmp_path) -> None:
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    up = export(tree.b1, tmp_path / "b1.jmb")
    summary = bundles.import_bundle(tree.c1, up)
    assert summary.totals()["new"] == 1
    relay = export(tree.c1, tmp_path / "c1.jmb")
    summary = bundles.import_bundle(tree.group, relay)
    assert summary.totals()["rejected"] == 0
    row = person_row(tree.group, pid)
    assert row is not None and row.name == "李四" and row.owner_unit_id == unit_id(tree.group, "C1-01")
    edit_person(tree.b1, pid, post="采煤机司机")
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1v2.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1v2.jmb"))
    assert summary.totals()["updated"] == 1
    assert person_row(tree.group, pid).post == "采煤机司机"


def test_manifest_carries_what_the_format_promises(tree, tmp_path) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    path = export(tree.b1, tmp_path / "b1.jmb")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    for key in ("format_version", "bundle_id", "source_unit_id", "schema_revision", "app_version", "files",
                "row_counts", "segments"):
        assert key in manifest
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert manifest["row_counts"]["person"] == 2


@pytest.mark.parametrize("times", [1, 2, 10])
def test_replay_changes_nothing(tree, tmp_path, times) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    path = export(tree.b1, tmp_path / "b1.jmb")
    first = bundles.import_bundle(tree.c1, path)
    after_first = snapshot(tree.c1)
    for _ in range(times):
        again = bundles.import_bundle(tree.c1, path)
        assert again.totals()["new"] == again.totals()["updated"] == 0
        assert again.totals()["unchanged"] == first.rows
    assert snapshot(tree.c1) == after_first


def test_replay_of_a_fresh_export_of_unchanged_data_is_unchanged(tree, tmp_path) -> None:
    add_person(tree.b1, "C1-01", "李四", 2)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "one.jmb"))
    summary = bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "two.jmb"))
    assert summary.totals()["new"] == summary.totals()["updated"] == 0
