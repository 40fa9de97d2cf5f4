"""纪律作风督导 at ~20,000 inspections, for bench/registers.py.

The demo holds about 3,800 inspections (three years of a 276-branch group); the issue asks for a list that opens in
≤ 100 ms and filters in ≤ 50 ms with ~20,000. So a private copy of the demo store gets four more copies of every
inspection (new ids, the date moved by 0–3 days within its year, each 整改 with its own 13710 item): ~19,000 records,
~1,600 a month for the group. That copy lives beside the bench cache, named after the schema head, and is reused.

inspections_open_ms: a new 纪律作风督导 panel, from construction to the group's records of the demo month (the
panel's default) painted. inspections_filter_ms: one change — a problem kind, an 整改 state, a search text, back,
the previous month, a mine's subtree, back — repainted, median. inspections_year_ms (reported, no target): the
group's whole year (~6,500 records) read and painted. Baseline: the bare services.inspections.list_inspections call
for the group's month.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import CACHE, ROOT, median_ms
from _panels import BenchContext, Rows, figures, painted, time_call, time_panel

COPIES = 4


def _current(store_dir: Path) -> bool:
    """The store has the 督导 demo in the present schema (a 整改 item points at its inspection)."""
    with sqlite3.connect(store_dir / "jiaomei.sqlite3") as db:
        columns = {r[1] for r in db.execute("PRAGMA table_info(supervision_task)")}
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return (
            "inspection_id" in columns
            and "inspection" in tables
            and bool(db.execute("SELECT count(*) FROM inspection").fetchone()[0])
        )


def demo_with_inspections(shared: Path, members: int) -> Path:
    """The shared demo when it has the 督导 demo in this schema, else a demo of our own (built once)."""
    if _current(shared):
        return shared
    own = CACHE / f"demo-{members}-inspections-b"
    if not (own / "built").exists():
        shutil.rmtree(own, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jiaomei_desktop.cli.main",
                "demo",
                "--data-dir",
                str(own),
                "--members",
                str(members),
                "--json",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        (own / "built").write_text("ok")
    return own


def store_with_inspections(source: Path) -> Path:
    """The demo store `source` (which has the 督导 demo) with COPIES more of every inspection; built once."""
    from jiaomei_desktop.db.migrate import LATEST_REVISION

    target = CACHE / f"inspections-x{COPIES + 1}-{source.name}-r{LATEST_REVISION}-b"  # -b: tasks point at inspections
    if (target / "done").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.open", "backups"))
    rng = random.Random(19)
    with sqlite3.connect(target / "jiaomei.sqlite3") as db:
        db.row_factory = sqlite3.Row
        inspections = [dict(r) for r in db.execute("SELECT * FROM inspection WHERE deleted = 0")]
        tasks = {
            r["inspection_id"]: dict(r)
            for r in db.execute("SELECT * FROM supervision_task WHERE deleted = 0 AND inspection_id IS NOT NULL")
        }
        new_rows, new_tasks = [], []
        for _copy in range(COPIES):
            for row in inspections:
                day = date.fromisoformat(row["inspection_date"])
                moved = min(date(day.year, 12, 31), day + timedelta(days=rng.randint(0, 3)), date(2026, 11, 23))
                shift = (moved - day).days
                copy = {**row, "id": str(uuid.uuid4()), "inspection_date": moved.isoformat()}
                if row["id"] in tasks:
                    task = tasks[row["id"]]
                    copied = {**task, "id": str(uuid.uuid4()), "inspection_id": copy["id"]}
                    for column in ("start_date", "deadline"):
                        copied[column] = (date.fromisoformat(task[column]) + timedelta(days=shift)).isoformat()
                    new_tasks.append(copied)
                new_rows.append(copy)
        _insert(db, "inspection", new_rows)
        _insert(db, "supervision_task", new_tasks)
    (target / "done").write_text("ok")
    return target


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    marks = ", ".join("?" for _ in columns)
    db.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", [tuple(r[c] for c in columns) for r in rows]
    )


def bench_inspections(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.domain.inspections import ProblemKind
    from jiaomei_desktop.services import inspections as ins
    from jiaomei_desktop.services import supervision as sv
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.registers.inspections import InspectionsPanel

    today = b.today
    store = open_store(store_with_inspections(demo_with_inspections(b.directory, b.members)), create=False)
    try:
        total = len(ins.list_inspections(store, None, today=today))
        month = (today.year, today.month)
        in_month = len(ins.list_inspections(store, None, month=month, today=today))
        baseline = time_call(lambda: ins.list_inspections(store, None, month=month, today=today), b.runs)

        def make() -> InspectionsPanel:
            panel = InspectionsPanel(store, b.years, lambda _d, _r: False, None, today)
            panel.resize(1080, 640)
            panel.show()
            panel.set_unit(None)
            return panel

        mine = b.mine(store)
        previous = today.month - 1 or 12
        changes = [
            lambda p: p.kind_combo.setCurrentIndex(p.kind_combo.findData(ProblemKind.VIOLATION.value)),
            lambda p: p.kind_combo.setCurrentIndex(0),
            lambda p: p.state_combo.setCurrentIndex(p.state_combo.findData(sv.OVERDUE)),
            lambda p: p.state_combo.setCurrentIndex(0),
            lambda p: p.search.setText("绞车"),
            lambda p: p.search.clear(),
            lambda p: p.month_combo.setCurrentIndex(p.month_combo.findData(previous)),
            lambda p: p.month_combo.setCurrentIndex(p.month_combo.findData(today.month)),
            lambda p: p.set_unit(mine),
            lambda p: p.set_unit(None),
        ]
        panel, opened, filtered = time_panel(b.app, "inspections", make, changes, b.runs)
        assert panel.model.rowCount() == in_month

        def whole_year() -> None:
            panel.month_combo.setCurrentIndex(0)
            painted(b.app, panel)

        def back() -> None:
            panel.month_combo.setCurrentIndex(panel.month_combo.findData(today.month))
            painted(b.app, panel)

        year_samples = []
        for _ in range(b.runs):
            year_samples += time_call(whole_year, 1)
            back()
        year_rows = len(ins.list_inspections(store, None, year=today.year, today=today))
    finally:
        store.close()
    rows, found = figures(
        "inspections", f"list_inspections (group month: {in_month:,} of {total:,})", baseline, opened, filtered
    )
    year_ms = median_ms(year_samples)
    rows.append((f"inspections_year_ms (whole year, {year_rows:,} records)", f"{year_ms} ms", ""))
    return rows, {"inspections": total, "inspections_month": in_month, **found, "inspections_year_ms": year_ms}
