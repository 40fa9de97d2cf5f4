"""The 1+1+3 registers and the older ones at group scale: each register's list opens and filters as in the app.

    python bench/registers.py [--members 6419] [--runs 7] [--only NAME …] [--profile NAME …]

For each register NAME: NAME_open_ms — a new panel (or tab), from construction to the group's list painted;
NAME_filter_ms — one filter change (state, year, kind, search text, a mine's subtree, back), to the list repainted,
median over the changes; NAME_list_baseline_ms — the bare service call for the same rows, in the same run. The
timing itself is bench/_panels.py's; each register's panel and changes are in its bench module:
supervision (13710督办, bench_supervision.py), contests (技术比武, bench_contests.py), posts (亮明身份,
bench_posts.py), inspections (纪律作风督导 with ~19,000 inspections, bench_inspections.py), standards (标准化建设,
bench_standards.py), studios (创新工作室, bench_studios.py), deeds / brands / innovation (办实事, 党建品牌, 改革创新)
and zones (责任区) in bench_ledger.py. --only runs some of them; --profile prints a cProfile of a register's open
and filter runs to stderr; --cpu times with the process's CPU time, steadier on a busy machine. Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms.
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

import _panels
from _common import CACHE, ROOT, demo_store_dir, report
from _panels import BenchContext
from bench_contests import bench_contests
from bench_inspections import bench_inspections
from bench_ledger import bench_brands, bench_deeds, bench_innovation, bench_zones
from bench_posts import bench_posts
from bench_standards import bench_standards
from bench_studios import bench_studios
from bench_supervision import bench_supervision

DEMO_TODAY = date(2026, 11, 23)
REGISTERS = {
    "supervision": bench_supervision,
    "contests": bench_contests,
    "posts": bench_posts,
    "inspections": bench_inspections,
    "standards": bench_standards,
    "studios": bench_studios,
    "deeds": bench_deeds,
    "brands": bench_brands,
    "innovation": bench_innovation,
    "zones": bench_zones,
}


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
    parser.add_argument("--only", action="append", choices=sorted(REGISTERS), help="measure only these registers")
    parser.add_argument("--profile", action="append", choices=sorted(REGISTERS), default=[],
                        help="print a cProfile of this register's open and filter runs to stderr")
    parser.add_argument("--cpu", action="store_true", help="time with the process's CPU time (a loaded machine)")
    args = parser.parse_args()
    _panels.PROFILE.update(args.profile)
    if args.cpu:
        _panels.CLOCK[0] = time.process_time
    directory = store_with_tasks(args.members)

    from PySide6.QtWidgets import QApplication

    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    store = open_store(directory, create=False)
    context = BenchContext(app, store, directory, DEMO_TODAY, args.runs, args.members)
    rows: list[tuple[str, object, str]] = []
    figures: dict[str, object] = {"members": args.members, "runs": args.runs}
    try:
        for name, bench in REGISTERS.items():
            if args.only and name not in args.only:
                continue
            register_rows, register_figures = bench(context)
            rows += register_rows
            figures.update(register_figures)
    finally:
        store.close()
    clock = "CPU time" if args.cpu else "wall clock"
    figures["clock"] = "cpu" if args.cpu else "wall"
    report(f"The registers at group scale ({args.members:,} members, {args.runs} runs, {clock})", rows, figures)


if __name__ == "__main__":
    main()
