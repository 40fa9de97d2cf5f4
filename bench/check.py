"""`jiaomei check` on the 6,419-member demo store: the whole audit in process, the 1+1+3 registers' rules alone
(services.audit_registers, added in issue 19), and the command as a fresh process.

    python bench/check.py [--runs 5] [--members 6419] [--data-dir DIR]

The baseline is the audit without the registers' rules, measured in the same process (the whole audit less the
registers' share): `registers_share` is the registers' rules ÷ the whole audit, `check_ratio` the whole audit ÷
the baseline. In-process figures are CPU time (time.process_time: SQLite runs in this process), steadier than the
wall clock on a shared machine; the command's is wall time and includes the interpreter, the imports and opening
the store.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, demo_store_dir, median_ms, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=6419)
    parser.add_argument("--data-dir", type=Path, default=None, help="a demo store to read (default: the bench cache)")
    args = parser.parse_args()
    source = args.data_dir or demo_store_dir(args.members)
    with tempfile.TemporaryDirectory(prefix="jm-check-") as scratch:
        directory = Path(scratch) / "demo"  # a private copy: the command writes its open marker and log beside it
        shutil.copytree(source, directory, ignore=shutil.ignore_patterns("*.open", "backups", "photos"))
        figures = _measure(directory, args.runs)
    report(
        "jiaomei check on the demo store (median ms; in process: CPU time)",
        [
            ("audit_ms", figures["audit_ms"], "whole audit, in process"),
            ("registers_ms", figures["registers_ms"], "1+1+3 registers' rules"),
            ("baseline_ms", figures["baseline_ms"], "audit without them"),
            ("command_ms", figures["command_ms"], "jiaomei check --json, fresh process"),
        ],
        figures,
    )


def _measure(directory: Path, runs: int) -> dict[str, object]:
    from datetime import date

    from jiaomei_desktop.services.audit import audit_store
    from jiaomei_desktop.services.audit_registers import register_problems_in
    from jiaomei_desktop.services.store import open_store

    store = open_store(directory, create=False)
    try:
        report_ = audit_store(store)  # warm: the page cache and SQLAlchemy's compiled statements
        today = report_.as_of or date.today()
        whole, registers = [], []
        for _ in range(runs):
            start = time.process_time()
            audit_store(store, today)
            whole.append(time.process_time() - start)
            with store.reading() as session:
                start = time.process_time()
                register_problems_in(session, today)
                registers.append(time.process_time() - start)
    finally:
        store.close()
    command = []
    for _ in range(max(3, runs // 2)):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "jiaomei_desktop.cli.main", "check", "--data-dir", str(directory), "--json"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        command.append(time.perf_counter() - start)
    audit_ms, registers_ms = median_ms(whole), median_ms(registers)
    baseline_ms = round(audit_ms - registers_ms, 1)
    return {
        "audit_ms": audit_ms,
        "registers_ms": registers_ms,
        "baseline_ms": baseline_ms,
        "registers_share": round(registers_ms / audit_ms, 3) if audit_ms else None,
        "check_ratio": round(audit_ms / baseline_ms, 3) if baseline_ms > 0 else None,
        "command_ms": median_ms(command),
        "problems": len(report_.real),
        "planted": len(report_.planted),
    }


if __name__ == "__main__":
    main()
