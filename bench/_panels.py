"""How bench/registers.py times a register: open (a new panel built, shown with the group and painted) and filter
(one change of the filters, repainted), as medians over several runs, beside a baseline (the bare service call).

Every register's bench module calls `time_panel` and `figures`; `PROFILE` (set by `registers.py --profile NAME`)
wraps the open and filter runs of that register in cProfile and prints where the time went to stderr.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from _common import median_ms

OPEN_TARGET_MS, FILTER_TARGET_MS = 100, 50  # issue 19
PROFILE: set[str] = set()  # register names to profile (registers.py --profile)
# registers.py --cpu: the process's CPU time (every thread) instead of the wall clock — steadier on a machine shared
# with other work, where the wall clock mostly measures the wait for a core; not the figure the targets are for
CLOCK: list[Callable[[], float]] = [time.perf_counter]

Panel = TypeVar("Panel")
Rows = list[tuple[str, object, str]]


@dataclass(frozen=True)
class BenchContext:
    """What every register's bench is given: the QApplication, the group demo store open (and its folder: some
    benches measure a copy with more rows), the demo's today, the runs and the demo's member count."""

    app: Any
    store: Any
    directory: Path
    today: date
    runs: int
    members: int

    @property
    def years(self) -> list[int]:
        """The years a 工作台账 panel offers (LedgerTab's: this year and five before)."""
        return list(range(self.today.year, self.today.year - 6, -1))

    def mine(self, store: Any = None) -> str | None:
        """A mine 党委 (JM-01) of the demo, whose subtree is the unit-filter change."""
        from jiaomei_desktop.services.org import find_unit_by_code

        unit = find_unit_by_code(store or self.store, "JM-01")
        return unit.id if unit else None


def painted(app: Any, panel: Any, until_loaded: bool = True) -> None:
    """Until the panel is on screen as it now is: its background read (if any, `until_loaded`) shown, then
    painted."""
    wait = getattr(panel, "wait_idle", None) if until_loaded else None
    if wait is not None:
        wait()
    panel.repaint()
    app.processEvents()


def time_call(call: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = CLOCK[0]()
        call()
        samples.append(CLOCK[0]() - start)
    return samples


def time_panel(
    app: Any,
    name: str,
    make: Callable[[], Panel],
    changes: Sequence[Callable[[Panel], object]],
    runs: int,
    until_loaded: bool = True,
    rounds: int | None = None,
) -> tuple[Panel, list[float], list[float]]:
    """`make()` builds the panel, sizes it, shows it and gives it the group (the unit None); timed with its
    painting, `runs` times (each new panel replaces the last). Then each of `changes` is timed with the repaint that
    follows, `rounds` (default `runs`) rounds over all of them. Returns the last panel and the open and filter
    samples (seconds). Without `until_loaded`, the clock stops at the first repaint, not waiting for the rows a
    background read brings (结对帮带: the screen as first painted)."""
    profiler = cProfile.Profile() if name in PROFILE else None
    open_samples: list[float] = []
    panel: Any = None
    for _ in range(runs):
        if panel is not None:
            panel.deleteLater()
            app.processEvents()
        if profiler:
            profiler.enable()
        start = CLOCK[0]()
        panel = make()
        painted(app, panel, until_loaded)
        open_samples.append(CLOCK[0]() - start)
        if profiler:
            profiler.disable()
    _print_profile(profiler, f"{name}: open × {runs}")
    profiler = cProfile.Profile() if name in PROFILE else None
    filter_samples: list[float] = []
    for _ in range(runs if rounds is None else rounds):
        for change in changes:
            if profiler:
                profiler.enable()
            start = CLOCK[0]()
            change(panel)
            painted(app, panel, until_loaded)
            filter_samples.append(CLOCK[0]() - start)
            if profiler:
                profiler.disable()
    _print_profile(profiler, f"{name}: filter × {runs * len(changes)}")
    return panel, open_samples, filter_samples


def _print_profile(profiler: cProfile.Profile | None, title: str) -> None:
    if profiler is None:
        return
    print(f"--- profile {title}", file=sys.stderr)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def figures(
    name: str, baseline_label: str, baseline: list[float], open_samples: list[float], filter_samples: list[float]
) -> tuple[Rows, dict[str, object]]:
    """The table rows and the JSON figures `<name>_list_baseline_ms`, `<name>_open_ms`, `<name>_filter_ms`."""
    base_ms, open_ms, filter_ms = median_ms(baseline), median_ms(open_samples), median_ms(filter_samples)
    rows: Rows = [
        (f"{baseline_label} (baseline)", f"{base_ms} ms", ""),
        (f"{name}_open_ms", f"{open_ms} ms", f"≤ {OPEN_TARGET_MS} ms"),
        (f"{name}_filter_ms", f"{filter_ms} ms", f"≤ {FILTER_TARGET_MS} ms"),
    ]
    return rows, {f"{name}_list_baseline_ms": base_ms, f"{name}_open_ms": open_ms, f"{name}_filter_ms": filter_ms}
