"""The 1+1+3 registers at group scale: each register's list opens and filters in the 工作台账 tab.

    python bench/registers.py [--members 6419] [--runs 7]

supervision_open_ms: a new 13710督办 panel, from construction to the group's whole list painted (all years, every
state: ~2,900 items of the demo, overdue first). supervision_filter_ms: one filter change (state 逾期 / 进行中 /
全部, a year, a unit subtree), to the list repainted, median over the changes. Baseline in the same run: the bare
services.supervision.list_tasks call for the group, so the ratio shows what the panel adds.
contests_open_ms / contests_filter_ms: the same for the 技术比武 section (see bench_contests).
posts_open_ms / posts_filter_ms: the same for the 亮明身份 tab (see bench_posts.py).
inspections_open_ms / inspections_filter_ms: the 纪律作风督导 section with ~19,000 inspections (see bench_inspections.py).
standards_open_ms / standards_filter_ms: the same for the 标准化建设 section (see bench_standards.py).
studios_open_ms / studios_filter_ms: the same for the 创新工作室 section (see bench_studios.py).
Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import CACHE, ROOT, demo_store_dir, median_ms, report
from bench_inspections import bench_inspections
from bench_posts import bench_posts
from bench_standards import bench_standards
from bench_studios import bench_studios

DEMO_TODAY = date(2026, 11, 23)
OPEN_TARGET_MS, FILTER_TARGET_MS = 100, 50


def store_with_tasks(members: int) -> Path:
    """The shared cached demo, unless it was generated before the demo had 督办 items: then a demo of our own."""
    shared = demo_store_dir(members)
    with sqlite3.connect(shared / "jiaomei.sqlite3") as db:
        has = all(db.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0] and
                  db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
                  for table in ("supervision_task", "contest_event", "identity_post", "inspection"))
    if has:
        return shared
    from jiaomei_desktop.db.migrate import LATEST_REVISION

    # a newer schema brings newer demo rows; -i: migration 0015 gained supervision_task.inspection_id in place
    own = CACHE / f"demo-{members}-registers-{LATEST_REVISION}-i"
    if not (own / "jiaomei.sqlite3").exists():
        subprocess.run([sys.executable, "-m", "jiaomei_desktop.cli.main", "demo", "--data-dir", str(own),
                        "--members", str(members), "--json"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return own


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    directory = store_with_tasks(args.members)

    from PySide6.QtWidgets import QApplication

    from jiaomei_desktop.services import supervision as sv
    from jiaomei_desktop.services.org import find_unit_by_code
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.registers.supervision import SupervisionPanel
    from jiaomei_desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    store = open_store(directory, create=False)
    years = list(range(DEMO_TODAY.year, DEMO_TODAY.year - 6, -1))
    count = len(sv.list_tasks(store, None, today=DEMO_TODAY))

    baseline = []
    for _ in range(args.runs):
        start = time.perf_counter()
        sv.list_tasks(store, None, today=DEMO_TODAY)
        baseline.append(time.perf_counter() - start)

    def painted(panel: SupervisionPanel) -> None:
        panel.repaint()
        app.processEvents()

    open_samples = []
    panel = None
    for _ in range(args.runs):
        if panel is not None:
            panel.deleteLater()
            app.processEvents()
        start = time.perf_counter()
        panel = SupervisionPanel(store, years, lambda _d, _r: False, None, DEMO_TODAY)
        panel.resize(1080, 640)
        panel.show()
        panel.set_unit(None)
        painted(panel)
        open_samples.append(time.perf_counter() - start)
    assert panel is not None and panel.model.rowCount() == count

    mine = find_unit_by_code(store, "JM-01")  # a mine 党委 and its branches
    changes = [
        lambda: panel.state_combo.setCurrentIndex(panel.state_combo.findData(sv.OVERDUE)),
        lambda: panel.state_combo.setCurrentIndex(panel.state_combo.findData(sv.OPEN)),
        lambda: panel.state_combo.setCurrentIndex(0),
        lambda: panel.year_combo.setCurrentIndex(panel.year_combo.findData(DEMO_TODAY.year - 1)),
        lambda: panel.year_combo.setCurrentIndex(0),
        lambda: panel.set_unit(mine.id if mine else None),
        lambda: panel.set_unit(None),
    ]
    filter_samples = []
    for _ in range(args.runs):
        for change in changes:
            start = time.perf_counter()
            change()
            painted(panel)
            filter_samples.append(time.perf_counter() - start)
    contest_rows, contest_figures = bench_contests(app, store, years, args.runs)
    post_rows, post_figures = bench_posts(app, store, DEMO_TODAY, args.runs)
    inspection_rows, inspection_figures = bench_inspections(app, directory, DEMO_TODAY, args.runs, args.members)
    standard_rows, standard_figures = bench_standards(app, store, DEMO_TODAY, args.runs, args.members)
    studio_rows, studio_figures = bench_studios(app, directory, DEMO_TODAY, args.runs)
    store.close()

    base_ms, open_ms, filter_ms = median_ms(baseline), median_ms(open_samples), median_ms(filter_samples)
    figures = {"members": args.members, "supervision_items": count, "supervision_list_baseline_ms": base_ms,
               "supervision_open_ms": open_ms, "supervision_filter_ms": filter_ms,
               "supervision_open_ratio": round(open_ms / base_ms, 2) if base_ms else None, **contest_figures,
               **post_figures, **inspection_figures, **standard_figures,
               **studio_figures}
    report(f"13710督办 and 技术比武 at group scale ({count:,} items, {args.members:,} members, {args.runs} runs)", [
        ("list_tasks (baseline)", f"{base_ms} ms", ""),
        ("supervision_open_ms", f"{open_ms} ms", f"≤ {OPEN_TARGET_MS} ms"),
        ("supervision_filter_ms", f"{filter_ms} ms", f"≤ {FILTER_TARGET_MS} ms"),
        *contest_rows,
        *post_rows,
        *inspection_rows,
        *standard_rows,
        *studio_rows,
    ], figures)


def bench_contests(app, store, years: list[int], runs: int) -> tuple[list[tuple[str, object, str]], dict[str, object]]:  # type: ignore[no-untyped-def]
    """contests_open_ms: a new 技术比武 panel, constructed and painted with the group's contests of the demo year
    (the panel's default). contests_filter_ms: one change (all years, a trade, a year, a mine's subtree, back),
    repainted, median. Baseline: the bare services.contests.list_events call for the group, all years."""
    from jiaomei_desktop.services import contests as ct
    from jiaomei_desktop.services.org import find_unit_by_code
    from jiaomei_desktop.ui.registers.contests import ContestsPanel

    events = len(ct.list_events(store))
    entrants = sum(e.entrants for e in ct.list_events(store))
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        ct.list_events(store)
        baseline.append(time.perf_counter() - start)
    open_samples, panel = [], None
    for _ in range(runs):
        if panel is not None:
            panel.deleteLater()
            app.processEvents()
        start = time.perf_counter()
        panel = ContestsPanel(store, years, lambda _d, _r: False, None, DEMO_TODAY)
        panel.resize(1080, 640)
        panel.show()
        panel.set_unit(None)
        panel.repaint()
        app.processEvents()
        open_samples.append(time.perf_counter() - start)
    assert panel is not None and panel.model.rowCount() > 0
    mine = find_unit_by_code(store, "JM-01")
    trade = panel.trade_combo.itemData(1)
    changes = [
        lambda: panel.year_combo.setCurrentIndex(0),
        lambda: panel.trade_combo.setCurrentIndex(panel.trade_combo.findData(trade)),
        lambda: panel.trade_combo.setCurrentIndex(0),
        lambda: panel.year_combo.setCurrentIndex(panel.year_combo.findData(DEMO_TODAY.year - 1)),
        lambda: panel.set_unit(mine.id if mine else None),
        lambda: panel.set_unit(None),
        lambda: panel.year_combo.setCurrentIndex(panel.year_combo.findData(DEMO_TODAY.year)),
    ]
    filter_samples = []
    for _ in range(runs):
        for change in changes:
            start = time.perf_counter()
            change()
            panel.repaint()
            app.processEvents()
            filter_samples.append(time.perf_counter() - start)
    base_ms, open_ms, filter_ms = median_ms(baseline), median_ms(open_samples), median_ms(filter_samples)
    rows = [(f"list_events (baseline, {events} contests, {entrants:,} entrants)", f"{base_ms} ms", ""),
            ("contests_open_ms", f"{open_ms} ms", f"≤ {OPEN_TARGET_MS} ms"),
            ("contests_filter_ms", f"{filter_ms} ms", f"≤ {FILTER_TARGET_MS} ms")]
    return rows, {"contests": events, "contest_entrants": entrants, "contests_list_baseline_ms": base_ms,
                  "contests_open_ms": open_ms, "contests_filter_ms": filter_ms}


if __name__ == "__main__":
    main()
