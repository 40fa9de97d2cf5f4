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
from pathlib import Path

from _common import CACHE
from _panels import BenchContext, Rows, figures, time_call, time_panel


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


def bench_studios(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
    from jiaomei_desktop.services import studios as st
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.registers.studios import StudiosPanel

    today = b.today
    store = open_store(store_with_studios(b.directory), create=False)
    try:
        count = len(st.list_studios(store))
        baseline = time_call(lambda: st.list_studios(store), b.runs)
        ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())

        def make() -> StudiosPanel:
            panel = StudiosPanel(ctx, b.years, lambda _d, _r: False, None, today)
            panel.year_combo.setCurrentIndex(0)  # every year: the whole register
            panel.resize(1106, 658)
            panel.show()
            panel.set_unit(None)
            return panel

        def search(panel: StudiosPanel, text: str) -> None:
            panel.search.setText(text)
            panel.filter_changed()  # what the typing timer does 150 ms later

        mine = b.mine(store)
        changes = [
            lambda p: p.kind_filter.setCurrentIndex(p.kind_filter.findData(StudioKind.MODEL_WORKER.value)),
            lambda p: p.level_filter.setCurrentIndex(p.level_filter.findData(StudioLevel.PROVINCIAL.value)),
            lambda p: p.kind_filter.setCurrentIndex(0),
            lambda p: p.level_filter.setCurrentIndex(0),
            lambda p: search(p, "综采"),
            lambda p: search(p, ""),
            lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year - 1)),
            lambda p: p.year_combo.setCurrentIndex(0),
            lambda p: p.set_unit(mine),
            lambda p: p.set_unit(None),
        ]
        panel, opened, filtered = time_panel(b.app, "studios", make, changes, b.runs)
        assert panel.model.rowCount() == count
    finally:
        store.close()
    rows, found = figures("studios", f"list_studios ({count} studios)", baseline, opened, filtered)
    return rows, {"studios": count, **found}
