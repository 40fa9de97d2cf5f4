"""The older registers at group scale, for bench/registers.py: 我为职工办实事 (deeds), 党建品牌 (brands) and 改革创新
(innovation) — sub-tabs of 工作台账 — and the 责任区 tab (zones, ~1,600 for the group, read on a worker thread).

<register>_open_ms: a new panel as the app builds it (ui/registers/ledger_tab.py's columns, reader and summary;
ZonesTab as it is), from construction to the group's rows painted. <register>_filter_ms: one change (every year,
last year, a mine's subtree, back; for 责任区 also a kind and a search text), repainted, median. Baseline: the bare
service call for the group and the panel's default year. Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _panels import BenchContext, Rows, figures, time_call, time_panel


def _year_changes(b: BenchContext) -> list[Callable[[Any], object]]:
    mine = b.mine()
    return [
        lambda p: p.year_combo.setCurrentIndex(0),
        lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(b.today.year - 1)),
        lambda p: p.set_unit(mine),
        lambda p: p.set_unit(None),
        lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(b.today.year)),
    ]


def _ledger_panel(b: BenchContext, name: str, label: str) -> tuple[Rows, dict[str, object]]:
    """One of LedgerTab's plain RegisterPanels, built with the tab's own columns, reader and summary."""
    from jiaomei_desktop.services import brands, deeds, innovation
    from jiaomei_desktop.ui.registers import ledger_tab as lt
    from jiaomei_desktop.ui.registers.panel import RegisterPanel

    store = b.store
    columns, read, summary = {
        "deeds": (lt.DEED_COLUMNS, deeds.list_deeds, lt.LedgerTab._deed_summary),
        "brands": (lt.BRAND_COLUMNS, brands.list_brands, lt.LedgerTab._brand_summary),
        "innovation": (lt.INNOVATION_COLUMNS, innovation.list_items, lt.LedgerTab._innovation_summary),
    }[name]
    count = len(read(store, None, b.today.year))
    baseline = time_call(lambda: read(store, None, b.today.year), b.runs)

    def make() -> RegisterPanel:
        panel = RegisterPanel(columns, lambda unit, year: read(store, unit, year), lambda _row: False,
                              lambda _row: None, summary, "", b.years, None, store=store)
        panel.resize(1080, 640)
        panel.show()
        panel.set_unit(None)
        return panel

    panel, opened, filtered = time_panel(b.app, name, make, _year_changes(b), b.runs)
    assert panel.model.rowCount() == count
    rows, found = figures(name, f"{label} ({count:,} this year)", baseline, opened, filtered)
    return rows, {name: count, **found}


def bench_deeds(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    return _ledger_panel(b, "deeds", "list_deeds")


def bench_brands(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    return _ledger_panel(b, "brands", "list_brands")


def bench_innovation(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    return _ledger_panel(b, "innovation", "innovation.list_items")


def bench_zones(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.domain.registers import ZoneKind
    from jiaomei_desktop.services import zones
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.registers.zones_tab import ZonesTab

    store = b.store
    current = zones.ZoneQuery(active_on=b.today)  # the tab's default: zones in force today
    count = len(zones.list_zones(store, current))
    baseline = time_call(lambda: zones.list_zones(store, current), b.runs)
    ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())

    def make() -> ZonesTab:
        tab = ZonesTab(ctx, None, b.today)
        tab.resize(1106, 658)
        tab.show()
        tab.set_unit(None)
        return tab

    def search(tab: ZonesTab, text: str) -> None:
        tab.search.setText(text)
        tab.panel.refresh()  # what the typing timer does 150 ms later

    mine = b.mine()
    kind = next(iter(ZoneKind)).value
    changes = [
        lambda t: t.kind_filter.setCurrentIndex(t.kind_filter.findData(kind)),
        lambda t: t.kind_filter.setCurrentIndex(0),
        lambda t: t.panel.year_combo.setCurrentIndex(0),
        lambda t: search(t, "li"),
        lambda t: search(t, ""),
        lambda t: t.panel.year_combo.setCurrentIndex(1),
        lambda t: t.set_unit(mine),
        lambda t: t.set_unit(None),
    ]
    tab, opened, filtered = time_panel(b.app, "zones", make, changes, b.runs)
    assert tab.panel.model.rowCount() == count
    rows, found = figures("zones", f"list_zones ({count:,} in force)", baseline, opened, filtered)
    return rows, {"zones": count, **found}
