"""Roster through Excel at the seed's size: export the whole roster, preview the file against the same store (all
unchanged), preview and commit it into a store with the same units and no people (all new).

    python bench/roster_excel.py [--members 6419] [--runs 3]

Final JSON keys: members, export_s, plan_same_s, plan_new_s, commit_new_s, peak_rss_mb.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import demo_store_dir, report


def seconds(samples: list[float]) -> float:
    return round(statistics.median(samples), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = demo_store_dir(args.members)

    from sqlalchemy import insert, select

    from jiaomei_desktop.db.models import OrgUnit, Setting
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.services.roster import RosterQuery
    from jiaomei_desktop.services.roster_excel import commit_roster_import, export_roster, plan_roster_import
    from jiaomei_desktop.services.store import open_store

    work = Path(tempfile.mkdtemp(prefix="jiaomei-bench-excel-"))
    try:
        shutil.copytree(source, work / "demo")
        store = open_store(work / "demo", create=False)
        out = work / "roster.xlsx"
        export_times, same_times, new_times, commit_times = [], [], [], []
        for _run in range(args.runs):
            start = time.perf_counter()
            rows = export_roster(store, RosterQuery(states=frozenset()), out)
            export_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            plan = plan_roster_import(store, out, None)
            same_times.append(time.perf_counter() - start)
            assert plan.counts["无变化"] == rows, plan.counts
        with store.reading() as session:
            units = [{c.name: getattr(u, c.name) for c in OrgUnit.__table__.columns}
                     for u in session.scalars(select(OrgUnit))]
        office = store.get_setting(OFFICE_UNIT_KEY)
        for run in range(args.runs):
            empty = open_store(work / f"empty{run}")
            with empty.transaction() as session:
                session.execute(insert(OrgUnit), units)
                session.add(Setting(key=OFFICE_UNIT_KEY, value=office))
            start = time.perf_counter()
            plan = plan_roster_import(empty, out, None)
            new_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            summary = commit_roster_import(empty, plan)
            commit_times.append(time.perf_counter() - start)
            assert summary.created == plan.importable, plan.counts
            empty.close()
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures = {"members": rows, "import_errors": len(plan.rows) - plan.importable, "export_s": seconds(export_times), "plan_same_s": seconds(same_times),
               "plan_new_s": seconds(new_times), "commit_new_s": seconds(commit_times), "peak_rss_mb": peak}
    report(f"Roster ⇄ Excel, {rows} people (median of {args.runs} runs)", [
        ("export to .xlsx", f"{figures['export_s']} s", ""),
        ("preview, all unchanged", f"{figures['plan_same_s']} s", ""),
        ("preview, all new", f"{figures['plan_new_s']} s", ""),
        ("commit, all new", f"{figures['commit_new_s']} s", "one transaction"),
        ("peak RSS", f"{peak} MB", ""),
    ], figures)


if __name__ == "__main__":
    main()
