"""Study log benchmark: the seed's 276 branches × 3 years of sessions (demo generator).

Measures, as medians of several runs:
- compliance_ms: the compliance grid for the whole group and one year (target ≤ 500 ms);
- list_open_ms: the session list's first screen — all ids sorted in SQL plus the first block of rows (≤ 200 ms);
- baseline_ms: the bare SQLite read of what the grid needs (unit, kind, date of the year's sessions), for a ratio.

    python bench/study.py [--members 6419] [--runs 7] [--year 2025]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, ROOT, median_ms, report

from jiaomei_desktop.services import study
from jiaomei_desktop.services.org import unit_tree
from jiaomei_desktop.services.store import open_store

BLOCK = 128  # the session list model's block: what the first screen reads (ui.study.models.BLOCK)


def store_dir(members: int) -> Path:
    directory = CACHE / f"demo-study-{members}"
    if not (directory / "jiaomei.sqlite3").exists():
        directory.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jiaomei_desktop.cli.main", "demo", "--data-dir", str(directory),
                        "--members", str(members), "--json"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"demo store generated in {time.perf_counter() - started:.1f} s")
    return directory


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    directory = store_dir(args.members)
    store = open_store(directory, create=False)
    with sqlite3.connect(directory / "jiaomei.sqlite3") as raw:
        sessions = raw.execute("SELECT count(*) FROM study_session WHERE deleted = 0").fetchone()[0]
        attendance = raw.execute("SELECT count(*) FROM attendance WHERE deleted = 0").fetchone()[0]
        branches = raw.execute("SELECT count(*) FROM org_unit WHERE kind = '党支部'").fetchone()[0]
        baseline = timed(lambda: raw.execute(
            "SELECT unit_id, kind, session_date FROM study_session WHERE deleted IS NOT 1 AND session_date "
            "BETWEEN ? AND ?", (f"{args.year}-01-01", f"{args.year}-12-31")).fetchall(), args.runs)
    root = unit_tree(store)[0].unit.id
    as_of = date(args.year + 1, 1, 15)
    grid = study.compliance_grid(store, root, args.year, as_of)  # warm-up (first read of the file)
    compliance = timed(lambda: study.compliance_grid(store, root, args.year, as_of), args.runs)

    def open_list() -> None:
        ids = study.find_ids(store, study.SessionQuery())
        study.fetch_rows(store, ids[:BLOCK])

    list_open = timed(open_list, args.runs)
    unit_list = timed(lambda: study.fetch_rows(store, study.find_ids(
        store, study.SessionQuery(unit_id=root, text="安全"))[:BLOCK]), args.runs)
    store.close()
    compliance_ms, list_open_ms, baseline_ms = median_ms(compliance), median_ms(list_open), median_ms(baseline)
    figures = {"sessions": sessions, "attendance_rows": attendance, "compliance_ms": compliance_ms,
               "list_open_ms": list_open_ms, "baseline_ms": baseline_ms,
               "compliance_vs_baseline": round(compliance_ms / baseline_ms, 1) if baseline_ms else None,
               "filtered_list_ms": median_ms(unit_list), "branches": branches, "runs": args.runs}
    report(f"学习记录 benchmark — {branches} branches, {sessions} sessions, {attendance} attendance rows, "
           f"grid {grid.year}: {grid.total.met}/{grid.total.due} met", [
               ("compliance grid (group, 1 year)", f"{compliance_ms} ms", "target ≤ 500 ms"),
               ("session list first screen", f"{list_open_ms} ms", "target ≤ 200 ms"),
               ("filtered list (text '安全')", f"{median_ms(unit_list)} ms", ""),
               ("baseline: raw read of the year", f"{baseline_ms} ms", f"grid = {figures['compliance_vs_baseline']}×"),
           ], figures)


if __name__ == "__main__":
    main()
