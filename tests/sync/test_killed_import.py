"""A process killed at random moments during an import leaves the store either untouched or fully imported, and
SQLite's integrity check passes."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid

from jiaomei_desktop.services.store import open_store
from tests.sync.conftest import export, snapshot, unit_id

PEOPLE = 20_000


def _bulk_people(store, count: int) -> None:
    """Many rows quickly (straight SQL, owned by the branch) so the import takes long enough to be interrupted."""
    branch = unit_id(store, "C1-01")
    now = "2026-11-23 08:00:00.000000"
    rows = [(str(uuid.UUID(int=random.Random(i).getrandbits(128))), branch, 1, now, 0, f"测试{i}", f"ceshi{i}",
             f"测试{i} ceshi{i}", "正式党员", branch, "在册") for i in range(count)]
    with sqlite3.connect(store.db_path) as conn:
        conn.executemany(
            "INSERT INTO person (id, owner_unit_id, version, updated_at, deleted, name, name_sort, search_text, "
            "political_status, branch_id, membership_state) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def _run_import(data_dir, bundle) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jiaomei_desktop.cli.main", "bundle", "import", str(bundle),
                             "--data-dir", str(data_dir), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_killed_import_is_all_or_nothing(tree, tmp_path) -> None:
    _bulk_people(tree.b1, PEOPLE)
    bundle = export(tree.b1, tmp_path / "big.jmb")
    tree.c1.engine.dispose()
    template = tmp_path / "c1-template"
    shutil.copytree(tree.root / "c1", template)
    before = snapshot(tree.c1)
    done_dir = tmp_path / "done"
    shutil.copytree(template, done_dir)
    started = time.monotonic()
    proc = _run_import(done_dir, bundle)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    full_time = time.monotonic() - started
    done = open_store(done_dir, create=False)
    after = snapshot(done)
    done.close()
    assert len(after["person"]) == len(before["person"]) + PEOPLE

    rng = random.Random(7)
    outcomes = []
    for attempt in range(5):
        target = tmp_path / f"kill{attempt}"
        shutil.copytree(template, target)
        proc = _run_import(target, bundle)
        time.sleep(rng.uniform(0.3, full_time * 0.95))
        proc.kill()
        proc.wait()
        with sqlite3.connect(target / "jiaomei.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store = open_store(target, create=False)
        state = snapshot(store)
        store.close()
        assert state in (before, after), f"attempt {attempt}: a partial import"
        outcomes.append("after" if state == after else "before")
    # the kill points are spread over the run: at least one killed the import before it committed
    assert "before" in outcomes
