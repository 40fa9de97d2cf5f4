"""Command-line start-up: `jiaomei --help` and `jiaomei roster list --json` on the 6,419-member demo store, against
a bare `python -c pass` started the same way in the same run.

    python bench/cli.py [--runs 7] [--members 6419]

Targets (issue 15): both ≤ 400 ms median. Each sample is a fresh process, timed from spawn to exit, output
discarded; only the command's own module is imported (cli/main.py COMMANDS).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, demo_store_dir, median_ms, report


def _time(command: list[str], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--members", type=int, default=6419)
    args = parser.parse_args()
    store = demo_store_dir(args.members)
    cli = [sys.executable, "-m", "jiaomei_desktop.cli.main"]
    bare = median_ms(_time([sys.executable, "-c", "pass"], args.runs))
    help_ms = median_ms(_time([*cli, "--help"], args.runs))
    list_ms = median_ms(_time([*cli, "roster", "list", "--json", "--data-dir", str(store)], args.runs))
    report(
        f"jiaomei command line, {args.members:,} members, median of {args.runs} fresh processes",
        [("python -c pass", f"{bare} ms", "baseline"),
         ("jiaomei --help", f"{help_ms} ms", "≤ 400 ms"),
         ("jiaomei roster list --json", f"{list_ms} ms", "≤ 400 ms")],
        {"help_ms": help_ms, "roster_list_ms": list_ms, "bare_python_ms": bare,
         "help_ratio": round(help_ms / bare, 2), "roster_list_ratio": round(list_ms / bare, 2)},
    )


if __name__ == "__main__":
    main()
