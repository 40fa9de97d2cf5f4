"""Down bundles by need to know: a branch receives its own people's records and the tree, never another branch's
people; a group honour for one branch's member reaches that branch (through its committee) and neither travels on
nor blocks another branch's stick."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id
from tests.sync.forge import read_entries

PASS = "correct horse battery"


def _honoured_branches(store: Store, committee_code: str) -> list[tuple[str, str]]:
    """(branch id, person id) of honoured members in branches of the committee, one per branch."""
    with sqlite3.connect(store.db_path) as conn:
        rows = conn.execute(
            "SELECT p.branch_id, h.person_id FROM honor h JOIN person p ON p.id = h.person_id "
            "JOIN org_unit u ON u.id = p.branch_id WHERE u.code LIKE ? || '-%' AND h.deleted = 0 "
            "ORDER BY u.code, h.id",
            (committee_code,),
        ).fetchall()
    seen: dict[str, str] = {}
    for branch, person in rows:
        seen.setdefault(branch, person)
    return list(seen.items())


def _rows_in(bundle: Path, table: str) -> list[dict[str, object]]:
    result = []
    for name, data in read_entries(bundle).items():
        if not name.endswith(".jsonl"):
            continue
        columns = None
        for line in data.decode().split("\n")[1:]:
            if line.startswith("{"):
                meta = json.loads(line)
                columns = meta.get("columns") if meta.get("table") == table else None
            elif line and columns:
                result.append(dict(zip(columns, json.loads(line), strict=True)))
    return result


def _people(store: Store) -> set[str]:
    with sqlite3.connect(store.db_path) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM person")}


def _honoured(store: Store) -> set[str]:
    with sqlite3.connect(store.db_path) as conn:
        return {r[0] for r in conn.execute("SELECT person_id FROM honor WHERE person_id IS NOT NULL")}


def test_group_honours_reach_their_branch_only(demo_store, tmp_path: Path) -> None:
    group = demo_store
    (b1_unit, b1_person), (b2_unit, b2_person) = _honoured_branches(group, "JM-01")[:2]
    setup = bundles.provision_child(group, unit_id(group, "JM-01"), tmp_path / "c.jms", PASS)
    committee, _ = bundles.setup_from_file(tmp_path / "c", setup.path, PASS)
    opened = [committee]
    try:
        branches = {}
        for name, unit in (("b1", b1_unit), ("b2", b2_unit)):
            branch_setup = bundles.provision_child(committee, unit, tmp_path / f"{name}.jms", PASS)
            branches[name], _ = bundles.setup_from_file(tmp_path / name, branch_setup.path, PASS)
            opened.append(branches[name])
        # the branches' keys reach the group; the group then writes down to the committee, segment by office
        bundles.import_bundle(group, bundles.export_bundle(committee, tmp_path / "up.jmb").path)
        down = bundles.export_bundle(
            group, tmp_path / "g-down.jmb", direction="down", recipient_unit_id=unit_id(group, "JM-01")
        ).path
        bundles.import_bundle(committee, down)
        assert {b1_person, b2_person} <= _honoured(committee)
        for name, unit, own, other in (("b1", b1_unit, b1_person, b2_person), ("b2", b2_unit, b2_person, b1_person)):
            path = bundles.export_bundle(
                committee, tmp_path / f"{name}-down.jmb", direction="down", recipient_unit_id=unit
            ).path
            travelling = {r["person_id"] for r in _rows_in(path, "honor")}
            people = {r["id"] for r in _rows_in(path, "person")}
            assert other not in travelling and other not in people  # nothing of the other branch on this stick
            summary = bundles.import_bundle(branches[name], path)  # and nothing blocks it
            assert summary.totals()["rejected"] == 0
            assert own in _honoured(branches[name])
            assert other not in _people(branches[name]) and other not in _honoured(branches[name])
    finally:
        for store in opened:
            store.close()


def test_a_down_bundle_to_a_branch_carries_only_its_people(demo_store, tmp_path: Path) -> None:
    group = demo_store
    branch = unit_id(group, "JM-01-03")
    path = bundles.export_bundle(group, tmp_path / "down.jmb", direction="down", recipient_unit_id=branch).path
    with sqlite3.connect(group.db_path) as conn:
        mine = {r[0] for r in conn.execute("SELECT id FROM person WHERE branch_id = ?", (branch,))}
    for row in _rows_in(path, "person"):
        assert row["id"] in mine
    for table in ("honor", "responsibility_zone", "committee_role", "party_discipline"):
        for row in _rows_in(path, table):
            assert row["person_id"] in (None, *mine), table
