"""创新工作室 at group scale, for bench/registers.py.

The demo holds about 30 studios (the seed's group: 7 in the provincial alliance); the list is small, but each row
carries its team and its output counts over ~1,900 innovation entries. A demo store built before the 创新工作室 step
existed gets the step run on a private copy (beside the bench cache, reused).

studios_open_ms: a new 创新工作室 section, from construction to the group's studios (all years) painted, with its
summary line. studios_filter_ms: one change — a kind, a level, a search text, back, a year, a mine's subtree,
back — repainted, median. Baseline: the bare services.studios.list_studios call for the group.
Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

from _common import CACHE, median_ms

OPEN_TARGET_MS, FILTER_TARGET_MS = 100, 50


def store_with_studios(source: Path) -> Path:
    """`source` when its demo has studios; else a private copy with the demo's 创新工作室 step run on it (once)."""
    with sqlite3.connect(source / "jiaomei.sqlite3") as db:
        if (
            db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'innovation_studio'").fetchone()[0]
            and db.execute("SELECT count(*) FROM innovation_studio").fetchone()[0]
        ):
            return source
    from jiaomei_desktop.db.migrate import LATEST_REVISION
    from jiaomei_desktop.db.models import OrgUnit, Setting
    from jiaomei_desktop.domain.enums import UnitKind
    from jiaomei_desktop.services.demo.context import DEMO_TODAY, DemoContext, DemoUnit
    from jiaomei_desktop.services.demo.studios import build_studios
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.services.store import open_store

    target = CACHE / f"studios-{source.name}-r{LATEST_REVISION}"
    if (target / "done").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.open", "backups"))
    store = open_store(target, create=False)
    try:
        with store.transaction() as session:
            units = [
                DemoUnit(u.id, u.code, u.name, u.kind, u.parent_id, u.path)
                for u in session.query(OrgUnit).filter(OrgUnit.deleted.is_(False)).order_by(OrgUnit.code)
            ]
            office = session.get(Setting, OFFICE_UNIT_KEY)
            ctx = DemoContext(store=store, session=session, members=0, seed=20261123, today=DEMO_TODAY)
            ctx.units = units
            ctx.branches = [u for u in units if u.kind == UnitKind.BRANCH.value]
            ctx.root_id = office.value if office else units[0].id
            build_studios(ctx)
    finally:
        store.close()
    (target / "done").write_text("built\n")
    return target


def bench_studios(
    app: Any, directory: Path, today: date, runs: int
) -> tuple[list[tuple[str, object, str]], dict[str, object]]:
    from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
    from jiaomei_desktop.services import studios as st
    from jiaomei_desktop.services.org import find_unit_by_code
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.registers.studios import StudiosPanel

    store = open_store(store_with_studios(directory), create=False)
    try:
        count = len(st.list_studios(store))
        baseline = []
        for _ in range(runs):
            start = time.perf_counter()
            st.list_studios(store)
            baseline.append(time.perf_counter() - start)
        ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())
        years = list(range(today.year, today.year - 6, -1))
        open_samples, panel = [], None
        for _ in range(runs):
            if panel is not None:
                panel.deleteLater()
                app.processEvents()
            start = time.perf_counter()
            panel = StudiosPanel(ctx, years, lambda _d, _r: False, None, today)
            panel.year_combo.setCurrentIndex(0)  # every year: the whole register
            panel.resize(1106, 658)
            panel.show()
            panel.set_unit(None)
            panel.repaint()
            app.processEvents()
            open_samples.append(time.perf_counter() - start)
        assert panel is not None and panel.model.rowCount() == count
        mine = find_unit_by_code(store, "JM-01")

        def search(text: str) -> None:
            panel.search.setText(text)
            panel.refresh()  # what the typing timer does 150 ms later

        changes = [
            lambda: panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(StudioKind.MODEL_WORKER.value)),
            lambda: panel.level_filter.setCurrentIndex(panel.level_filter.findData(StudioLevel.PROVINCIAL.value)),
            lambda: panel.kind_filter.setCurrentIndex(0),
            lambda: panel.level_filter.setCurrentIndex(0),
            lambda: search("综采"),
            lambda: search(""),
            lambda: panel.year_combo.setCurrentIndex(panel.year_combo.findData(today.year - 1)),
            lambda: panel.year_combo.setCurrentIndex(0),
            lambda: panel.set_unit(mine.id if mine else None),
            lambda: panel.set_unit(None),
        ]
        filter_samples = []
        for _ in range(runs):
            for change in changes:
                start = time.perf_counter()
                change()
                panel.repaint()
                app.processEvents()
                filter_samples.append(time.perf_counter() - start)
    finally:
        store.close()
    base_ms, open_ms, filter_ms = median_ms(baseline), median_ms(open_samples), median_ms(filter_samples)
    rows = [
        (f"list_studios (baseline, {count} studios)", f"{base_ms} ms", ""),
        ("studios_open_ms", f"{open_ms} ms", f"≤ {OPEN_TARGET_MS} ms"),
        ("studios_filter_ms", f"{filter_ms} ms", f"≤ {FILTER_TARGET_MS} ms"),
    ]
    return rows, {
        "studios": count,
        "studios_list_baseline_ms": base_ms,
        "studios_open_ms": open_ms,
        "studios_filter_ms": filter_ms,
    }
