"""技术比武 at group scale, for bench/registers.py: contests_open_ms — a new 技术比武 panel, constructed and painted
with the group's contests of the demo year (the panel's default); contests_filter_ms — one change (all years, a
trade, a year, a mine's subtree, back), repainted, median. Baseline: the bare services.contests.list_events call for
the group, all years."""

from __future__ import annotations

from _panels import BenchContext, Rows, figures, time_call, time_panel


def bench_contests(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.services import contests as ct
    from jiaomei_desktop.ui.registers.contests import ContestsPanel

    store, today = b.store, b.today
    events = ct.list_events(store)
    entrants = sum(e.entrants for e in events)
    baseline = time_call(lambda: ct.list_events(store), b.runs)

    def make() -> ContestsPanel:
        panel = ContestsPanel(store, b.years, lambda _d, _r: False, None, today)
        panel.resize(1080, 640)
        panel.show()
        panel.set_unit(None)
        return panel

    mine = b.mine()
    trade: list[object] = []  # the first trade offered, read from the first panel

    def pick_trade(p: ContestsPanel) -> None:
        trade[:] = trade or [p.trade_combo.itemData(1)]
        p.trade_combo.setCurrentIndex(p.trade_combo.findData(trade[0]))

    changes = [
        lambda p: p.year_combo.setCurrentIndex(0),
        pick_trade,
        lambda p: p.trade_combo.setCurrentIndex(0),
        lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year - 1)),
        lambda p: p.set_unit(mine),
        lambda p: p.set_unit(None),
        lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year)),
    ]
    panel, opened, filtered = time_panel(b.app, "contests", make, changes, b.runs)
    assert panel.model.rowCount() > 0
    rows, found = figures(
        "contests", f"list_events ({len(events)} contests, {entrants:,} entrants)", baseline, opened, filtered
    )
    return rows, {"contests": len(events), "contest_entrants": entrants, **found}
