"""Provisioning a child office at any depth works on the demo store, and is all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.sync import exporter
from tests.conftest import unit_id
from tests.sync.conftest import snapshot

PASS = "correct horse battery"


def _subtree(store: Store, unit: str) -> set[str]:
    with sqlite3.connect(store.db_path) as conn:
        (path,) = conn.execute("SELECT path FROM org_unit WHERE id = ?", (unit,)).fetchone()
        return {r[0] for r in conn.execute("SELECT id FROM org_unit WHERE path LIKE ? || '%'", (path,))}


def _people_and_honours(store: Store) -> tuple[set[str], set[str], set[str | None]]:
    with sqlite3.connect(store.db_path) as conn:
        branches = {r[0] for r in conn.execute("SELECT branch_id FROM person")}
        people = {r[0] for r in conn.execute("SELECT id FROM person")}
        honoured = {r[0] for r in conn.execute("SELECT person_id FROM honor")}
    return branches, people, honoured


def _busiest_branch(store: Store) -> str:
    with sqlite3.connect(store.db_path) as conn:
        return conn.execute(
            "SELECT branch_id FROM person GROUP BY branch_id ORDER BY count(*) DESC, branch_id"
        ).fetchone()[0]


@pytest.mark.parametrize(
    "codes",
    [
        ("JM-01", "JM-01-03"),  # group → 基层党委 → 党支部 (the case that failed)
        ("JM-Y01", "JM-Y01-01"),  # group → 党总支 → 党支部
        ("BUSIEST",),  # group → 党支部 directly (the branch with the most members)
    ],
)
def test_provisioning_at_any_depth_on_the_demo_store(demo_store, tmp_path: Path, codes) -> None:
    parent, opened = demo_store, []
    try:
        for depth, code in enumerate(codes):
            unit = _busiest_branch(parent) if code == "BUSIEST" else unit_id(parent, code)
            setup = bundles.provision_child(parent, unit, tmp_path / f"{depth}.jms", PASS)
            child, summary = bundles.setup_from_file(tmp_path / f"office{depth}", setup.path, PASS)
            opened.append(child)
            assert summary.totals()["rejected"] == 0
            # the child holds its own people and no one else's; every honour it holds is one of its people's
            branches, people, honoured = _people_and_honours(child)
            assert people, code
            assert branches <= _subtree(child, unit)
            assert honoured - {None} <= people
            parent = child
    finally:
        for store in opened:
            store.close()


def test_provisioning_is_all_or_nothing(demo_store, tmp_path: Path, monkeypatch) -> None:
    """A setup file the child could not use is never written, and the parent keeps its records (no re-owning
    that would leave them with no office able to edit them)."""
    real = exporter.rows_for_recipient

    def leaky(conn, office, recipient, owners):  # type: ignore[no-untyped-def]
        rows = real(conn, office, recipient, owners)
        # the old mistake: a group honour for a member of a branch the child will not hold
        columns = [r[1] for r in conn.execute("PRAGMA table_info(honor)")]
        ours = {r[0] for r in rows.get("honor", [])}
        foreign = [r for r in conn.execute("SELECT * FROM honor WHERE person_id IS NOT NULL") if r[0] not in ours]
        from jiaomei_desktop.sync.tables import table_by_name

        order = [columns.index(c) for c in table_by_name()["honor"].column_names]
        rows["honor"] = [*rows.get("honor", []), tuple(foreign[0][i] for i in order)]
        return rows

    monkeypatch.setattr(exporter, "rows_for_recipient", leaky)
    before = snapshot(demo_store)
    target = tmp_path / "c.jms"
    with pytest.raises(SyncFailed) as err:
        bundles.provision_child(demo_store, unit_id(demo_store, "JM-01"), target, PASS)
    message = str(err.value)
    assert "开通文件" in message and "没有" in message, message
    assert not target.exists() and not list(tmp_path.glob("*.jms*"))
    assert snapshot(demo_store) == before
    assert bundles.key_info(demo_store).trusted == bundles.key_info(demo_store).trusted  # readable, unchanged
    monkeypatch.setattr(exporter, "rows_for_recipient", real)
    done = bundles.provision_child(demo_store, unit_id(demo_store, "JM-01"), target, PASS)  # and works after
    assert done.handed_over > 0
