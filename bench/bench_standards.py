"""党支部标准化建设 at group scale, for bench/registers.py: standards_open_ms — a new 标准化建设 section, constructed
and painted with the group's 276 branches for the demo year (the default: self-assessments, acceptances and the
branches still to assess); standards_filter_ms — one change (a state, all states, the last full year, every year, a
mine's subtree, back), repainted, median. Baseline: the bare services.standards.list_assessments call for the group
and year. Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms.

A shared demo cache built before the demo had self-assessments (same schema revision) has none: then a demo of
our own is built once under the cache folder."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from _common import CACHE, ROOT
from _panels import BenchContext, Rows, figures, time_call, time_panel


def _has_assessments(directory: Path) -> bool:
    with sqlite3.connect(directory / "jiaomei.sqlite3") as db:
        if not db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'standard_assessment'").fetchone()[0]:
            return False
        return bool(db.execute("SELECT count(*) FROM standard_assessment").fetchone()[0])


def standards_store_dir(directory: Path, members: int) -> Path:
    if _has_assessments(directory):
        return directory
    from jiaomei_desktop.db.migrate import LATEST_REVISION

    own = CACHE / f"demo-{members}-standards-{LATEST_REVISION}"
    if not (own / "jiaomei.sqlite3").exists():
        subprocess.run([sys.executable, "-m", "jiaomei_desktop.cli.main", "demo", "--data-dir", str(own),
                        "--members", str(members), "--json"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return own


def bench_standards(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.services import standards as st
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.registers.standards import StandardsPanel

    today = b.today
    directory = standards_store_dir(b.directory, b.members)
    own = directory != b.directory
    store = open_store(directory, create=False) if own else b.store
    try:
        count = len(st.list_assessments(store, None, today.year))
        assessments = len(st.list_assessments(store, None, None))
        baseline = time_call(lambda: st.list_assessments(store, None, today.year), b.runs)

        def make() -> StandardsPanel:
            panel = StandardsPanel(store, b.years, lambda _d, _r: False, None, today)
            panel.resize(1080, 640)
            panel.show()
            panel.set_unit(None)
            return panel

        mine = b.mine(store)
        changes = [
            lambda p: p.state_combo.setCurrentIndex(p.state_combo.findData(st.PENDING)),
            lambda p: p.state_combo.setCurrentIndex(0),
            lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year - 1)),
            lambda p: p.year_combo.setCurrentIndex(0),
            lambda p: p.set_unit(mine),
            lambda p: p.set_unit(None),
            lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year)),
        ]
        panel, opened, filtered = time_panel(b.app, "standards", make, changes, b.runs)
        assert panel.model.rowCount() == count
    finally:
        if own:
            store.close()
    rows, found = figures(
        "standards", f"list_assessments ({count} branches, {assessments} self-assessments)", baseline, opened, filtered
    )
    return rows, {"standards_branches": count, "standards_assessments": assessments, **found}
