"""亮明身份 at group scale, for bench/registers.py: posts_open_ms — a new 亮明身份 tab, constructed and painted with
the group's posts (hung now, the default), its figures line and wearers list; posts_filter_ms — one change (a kind,
every post, a search text, a mine's subtree, back), repainted, median. Baseline: the bare services.posts.list_posts
call for the group. Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from _common import median_ms

OPEN_TARGET_MS, FILTER_TARGET_MS = 100, 50


def bench_posts(
    app: Any, store: Any, today: date, runs: int
) -> tuple[list[tuple[str, object, str]], dict[str, object]]:
    from jiaomei_desktop.domain.posts import PostKind
    from jiaomei_desktop.services import posts as ps
    from jiaomei_desktop.services.org import find_unit_by_code
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.registers.posts_tab import PostsTab

    count = len(ps.list_posts(store))
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        ps.list_posts(store)
        baseline.append(time.perf_counter() - start)
    ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())
    open_samples, tab = [], None
    for _ in range(runs):
        if tab is not None:
            tab.deleteLater()
            app.processEvents()
        start = time.perf_counter()
        tab = PostsTab(ctx, None, today)
        tab.resize(1106, 658)
        tab.show()
        tab.set_unit(None)
        tab.wait_idle()  # the unit's posts are read on a worker thread: timed until they are shown
        tab.repaint()
        app.processEvents()
        open_samples.append(time.perf_counter() - start)
    assert tab is not None and tab.panel.model.rowCount() > 0
    mine = find_unit_by_code(store, "JM-01")

    def search(text: str) -> None:
        tab.search.setText(text)
        tab.panel.refresh()  # what the typing timer does 150 ms later

    changes = [
        lambda: tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(PostKind.COMMANDO.value)),
        lambda: tab.kind_filter.setCurrentIndex(0),
        lambda: tab.panel.year_combo.setCurrentIndex(0),
        lambda: search("综采"),
        lambda: search(""),
        lambda: tab.panel.year_combo.setCurrentIndex(1),
        lambda: tab.set_unit(mine.id if mine else None),
        lambda: tab.set_unit(None),
    ]
    filter_samples = []
    for _ in range(runs):
        for change in changes:
            start = time.perf_counter()
            change()
            tab.wait_idle()
            tab.repaint()
            app.processEvents()
            filter_samples.append(time.perf_counter() - start)
    base_ms, open_ms, filter_ms = median_ms(baseline), median_ms(open_samples), median_ms(filter_samples)
    rows = [
        (f"list_posts (baseline, {count} posts)", f"{base_ms} ms", ""),
        ("posts_open_ms", f"{open_ms} ms", f"≤ {OPEN_TARGET_MS} ms"),
        ("posts_filter_ms", f"{filter_ms} ms", f"≤ {FILTER_TARGET_MS} ms"),
    ]
    return rows, {
        "posts": count,
        "posts_list_baseline_ms": base_ms,
        "posts_open_ms": open_ms,
        "posts_filter_ms": filter_ms,
    }
