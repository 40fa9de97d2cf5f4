"""13710督办 at group scale, for bench/registers.py: supervision_open_ms — a new 13710督办 panel, from construction to
the group's whole list painted (all years, every state: the demo's ~5,000 items, overdue first);
supervision_filter_ms — one filter change (state 逾期 / 进行中 / 全部, a year, a unit subtree), repainted, median.
Baseline: the bare services.supervision.list_tasks call for the group, so the ratio shows what the panel adds."""

from __future__ import annotations

from _panels import BenchContext, Rows, figures, time_call, time_panel


def bench_supervision(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.services import supervision as sv
    from jiaomei_desktop.ui.registers.supervision import SupervisionPanel

    store, today = b.store, b.today
    count = len(sv.list_tasks(store, None, today=today))
    baseline = time_call(lambda: sv.list_tasks(store, None, today=today), b.runs)

    def make() -> SupervisionPanel:
        panel = SupervisionPanel(store, b.years, lambda _d, _r: False, None, today)
        panel.resize(1080, 640)
        panel.show()
        panel.set_unit(None)
        return panel

    mine = b.mine()
    changes = [
        lambda p: p.state_combo.setCurrentIndex(p.state_combo.findData(sv.OVERDUE)),
        lambda p: p.state_combo.setCurrentIndex(p.state_combo.findData(sv.OPEN)),
        lambda p: p.state_combo.setCurrentIndex(0),
        lambda p: p.year_combo.setCurrentIndex(p.year_combo.findData(today.year - 1)),
        lambda p: p.year_combo.setCurrentIndex(0),
        lambda p: p.set_unit(mine),
        lambda p: p.set_unit(None),
    ]
    panel, opened, filtered = time_panel(b.app, "supervision", make, changes, b.runs)
    assert panel.model.rowCount() == count
    rows, found = figures("supervision", f"list_tasks ({count:,} items)", baseline, opened, filtered)
    ratio = found["supervision_open_ms"] / found["supervision_list_baseline_ms"]  # type: ignore[operator]
    return rows, {"supervision_items": count, **found, "supervision_open_ratio": round(ratio, 2)}
