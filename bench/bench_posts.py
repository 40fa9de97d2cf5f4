"""亮明身份 at group scale, for bench/registers.py: posts_open_ms — a new 亮明身份 tab, constructed and painted with
the group's posts (hung now, the default), its figures line and wearers list; posts_filter_ms — one change (a kind,
every post, a search text, a mine's subtree, back), repainted, median. Baseline: the bare services.posts.list_posts
call for the group. Targets (issue 19): open ≤ 100 ms, filter ≤ 50 ms."""

from __future__ import annotations

from _panels import BenchContext, Rows, figures, time_call, time_panel


def bench_posts(b: BenchContext) -> tuple[Rows, dict[str, object]]:
    from jiaomei_desktop.domain.posts import PostKind
    from jiaomei_desktop.services import posts as ps
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.registers.posts_tab import PostsTab

    store = b.store
    count = len(ps.list_posts(store))
    baseline = time_call(lambda: ps.list_posts(store), b.runs)
    ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())

    def make() -> PostsTab:
        tab = PostsTab(ctx, None, b.today)
        tab.resize(1106, 658)
        tab.show()
        tab.set_unit(None)  # the unit's posts are read on a worker thread: timed until they are shown
        return tab

    def search(tab: PostsTab, text: str) -> None:
        tab.search.setText(text)
        tab.panel.refresh()  # what the typing timer does 150 ms later

    mine = b.mine()
    changes = [
        lambda t: t.kind_filter.setCurrentIndex(t.kind_filter.findData(PostKind.COMMANDO.value)),
        lambda t: t.kind_filter.setCurrentIndex(0),
        lambda t: t.panel.year_combo.setCurrentIndex(0),
        lambda t: search(t, "综采"),
        lambda t: search(t, ""),
        lambda t: t.panel.year_combo.setCurrentIndex(1),
        lambda t: t.set_unit(mine),
        lambda t: t.set_unit(None),
    ]
    tab, opened, filtered = time_panel(b.app, "posts", make, changes, b.runs)
    assert tab.panel.model.rowCount() > 0
    rows, found = figures("posts", f"list_posts ({count} posts)", baseline, opened, filtered)
    return rows, {"posts": count, **found}
