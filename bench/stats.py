"""统计 dashboard at group scale: every figure for the whole group and one year, on the seed-sized demo.

    python bench/stats.py [--members 6419] [--runs 7] [--year 2026]

stats_ms: statistics.dashboard(store, group, year) — members by status/age/education/gender/unit, 三会一课
compliance and study hours, mentor pairs, honours, deeds, brands, innovation, zones — median of the runs.
Baseline in the same run: the lead's headline counts (services.statistics.headcounts.store_stats) for the same store, so the ratio
shows what the full dashboard costs beyond a plain count. Also the annual report PDF and the Excel export (once).
Target (issue 9): stats_ms ≤ 1000.
stats_5y_ms: the 5-year period (statistics.period.period_dashboards, --from-year 2022 --to-year 2026): each year's
figures as of its year-end, without the study group, the people and changes read once — median of the runs.
Target (issue 17): stats_5y_ms ≤ 1500.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("JIAOMEI_FONTS", "bundled")

from _common import CACHE, demo_store_dir, median_ms, report

DEMO_TODAY = date(2026, 11, 23)


def store_with_registers(members: int) -> Path:
    """The shared cached demo, unless it predates the registers (migration 0007 / the demo step): then our own."""
    shared = demo_store_dir(members)
    with sqlite3.connect(shared / "jiaomei.sqlite3") as db:
        has = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'worker_deed'").fetchone()[0]
        has = has and db.execute("SELECT count(*) FROM worker_deed").fetchone()[0] > 0
    if has:
        return shared
    own = CACHE / f"demo-{members}-registers"
    if not (own / "jiaomei.sqlite3").exists():
        from jiaomei_desktop.services.demo import create_demo_store

        create_demo_store(own, members=members).close()
    return own


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=DEMO_TODAY.year)
    args = parser.parse_args()

    from jiaomei_desktop.services import statistics
    from jiaomei_desktop.services.statistics.export import export_dashboard_xlsx
    from jiaomei_desktop.services.statistics.headcounts import store_stats
    from jiaomei_desktop.services.statistics.period import period_dashboards
    from jiaomei_desktop.services.statistics.report import period_paragraphs, render_report
    from jiaomei_desktop.services.store import open_store

    store = open_store(store_with_registers(args.members), create=False)
    root = statistics.root_unit_id(store)
    statistics.dashboard(store, root, args.year, today=DEMO_TODAY)  # warm the page cache like a second click
    dash_times, base_times = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        dash = statistics.dashboard(store, root, args.year, today=DEMO_TODAY)
        dash_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        store_stats(store, root)
        base_times.append(time.perf_counter() - t)
    period_times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        years = period_dashboards(store, root, args.year - 4, args.year, today=DEMO_TODAY)
        period_paragraphs(years)
        period_times.append(time.perf_counter() - t)
    stats_5y_ms = median_ms(period_times)
    t = time.perf_counter()
    pdf = render_report(dash, store=store)
    report_ms = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        export_dashboard_xlsx(dash, Path(tmp) / "stats.xlsx")
    excel_ms = round((time.perf_counter() - t) * 1000, 1)
    stats_ms, base_ms = median_ms(dash_times), median_ms(base_times)
    with store.reading() as session:
        from sqlalchemy import func, select

        from jiaomei_desktop.db.models import OrgUnit

        units = session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.deleted.is_(False)))
    members = int(dash.value("members.total"))
    store.close()
    rows = [
        ("units (live, incl. 党小组)", units, ""),
        ("members (正式+预备, 在册)", members, ""),
        ("figures", sum(len(g.figures) for g in dash.groups), ""),
        ("stats_ms (median)", stats_ms, "target ≤ 1000"),
        ("baseline store_stats ms", base_ms, f"ratio {stats_ms / base_ms:.1f}×" if base_ms else ""),
        (f"stats_5y_ms ({args.year - 4}–{args.year}, median)", stats_5y_ms, "target ≤ 1500"),
        ("annual report PDF ms", report_ms, f"{len(pdf) // 1024} KB"),
        ("Excel export ms", excel_ms, ""),
    ]
    report(f"统计 dashboard, group, {args.year}, {args.runs} runs", rows,
           {"stats_ms": stats_ms, "stats_5y_ms": stats_5y_ms, "units": units, "members": members, "baseline_ms": base_ms,
            "report_ms": report_ms, "excel_ms": excel_ms})


if __name__ == "__main__":
    main()
