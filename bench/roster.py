"""Roster at scale: first screen and filter keystrokes on a store of 100,000 members, and peak memory.

    python bench/roster.py [--members 100000] [--runs 7]

Targets (issue 2): first screen ≤ 300 ms, each filter keystroke ≤ 50 ms median, peak RSS ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import BENCH_PASSWORD, demo_store_dir, encrypted_copy, median_ms, report

SCREEN_ROWS = 40
KEYSTROKES = ("w", "wa", "wan", "wang", "wangj", "王", "wjg", "0012", "138", "li", "lim", "张")


def first_screen(model) -> None:  # type: ignore[no-untyped-def]
    for row in range(min(SCREEN_ROWS, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    directory = demo_store_dir(args.members, roster_only=True)

    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    from jiaomei_desktop.services.roster import RosterQuery
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.roster.model import RosterModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 (models need an application)
    store = open_store(directory, create=False)
    open_samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        model = RosterModel(store)
        model.set_query(RosterQuery())
        first_screen(model)
        open_samples.append(time.perf_counter() - start)
    from jiaomei_desktop.services.statistics.headcounts import store_stats

    members = store_stats(store).members
    listed = model.rowCount()
    filter_samples = []
    for _ in range(max(1, args.runs // 3)):
        for text in KEYSTROKES:
            start = time.perf_counter()
            model.set_query(replace(model.query, text=text))
            first_screen(model)
            filter_samples.append(time.perf_counter() - start)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store.close()
    encrypted_filter = filter_times(encrypted_copy(directory), args.runs)
    # the encrypted store keeps 64 MB of decrypted pages per connection (db/engine.py): peak memory with it too
    encrypted_peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures = {"members": members, "open_ms": median_ms(open_samples),
               "filter_ms_median": median_ms(filter_samples), "peak_rss_mb": peak_mb,
               "encrypted_filter_ms_median": median_ms(encrypted_filter), "encrypted_peak_rss_mb": encrypted_peak_mb,
               "encrypted_filter_ratio": round(median_ms(encrypted_filter) / median_ms(filter_samples), 2)}
    report(f"Roster benchmark ({members} members, {listed} people in the list, {args.runs} runs, medians)", [
        ("first screen (ms)", figures["open_ms"], "target ≤ 300"),
        ("filter keystroke (ms)", figures["filter_ms_median"], "target ≤ 50"),
        ("peak RSS (MB)", peak_mb, "target ≤ 400"),
        ("filter keystroke, encrypted store (ms)", figures["encrypted_filter_ms_median"], ""),
        ("peak RSS after the encrypted store too (MB)", encrypted_peak_mb, "target ≤ 400"),
        ("encrypted / plain", figures["encrypted_filter_ratio"], "target ≤ 1.3"),
    ], figures)


def filter_times(directory: Path, runs: int) -> list[float]:
    """The same keystrokes on the encrypted copy (SQLCipher decrypts each page it reads)."""
    from dataclasses import replace

    from jiaomei_desktop.services.encryption import unlock
    from jiaomei_desktop.services.roster import RosterQuery
    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui.roster.model import RosterModel

    unlock(directory, BENCH_PASSWORD)
    store = open_store(directory, create=False)
    model = RosterModel(store)
    model.set_query(RosterQuery())
    first_screen(model)
    samples = []
    for _ in range(max(1, runs // 3)):
        for text in KEYSTROKES:
            start = time.perf_counter()
            model.set_query(replace(model.query, text=text))
            first_screen(model)
            samples.append(time.perf_counter() - start)
    store.close()
    return samples


if __name__ == "__main__":
    main()
