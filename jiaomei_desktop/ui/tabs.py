"""The main window's tabs, in display order. Each entry names a tab class as "module:Class" with its tab title;
the main window imports and builds a tab the first time it is shown, so start-up pays only for the first one.

A tab class is constructed as `Class(ctx: AppContext, parent: QWidget | None)` and must provide:

- `title() -> str` (static or class method, translated), the same text as its entry here;
- `set_unit(unit_id: str | None)` — filter to that unit's subtree (None = everything); called when the tree changes;
- optionally `new_record()`, `focus_search()`, `print_current()`, `save_current()` for Ctrl+N / Ctrl+F / Ctrl+P /
  Ctrl+S; the main window calls them on the current tab when present.
"""

from __future__ import annotations

from typing import NamedTuple

from jiaomei_desktop.i18n import N_


class TabSpec(NamedTuple):
    path: str  # "module:Class"
    title: str  # untranslated; shown through _()


TABS: tuple[TabSpec, ...] = (
    TabSpec("jiaomei_desktop.ui.roster.tab:RosterTab", N_("党员花名册")),
    TabSpec("jiaomei_desktop.ui.study.tab:StudyTab", N_("学习记录")),
    TabSpec("jiaomei_desktop.ui.gallery.tab:GalleryTab", N_("先进典型")),
    TabSpec("jiaomei_desktop.ui.mentor.tab:MentorTab", N_("结对帮带")),
    TabSpec("jiaomei_desktop.ui.sync.tab:SyncTab", N_("数据交换")),
    TabSpec("jiaomei_desktop.ui.registers.zones_tab:ZonesTab", N_("责任区")),
    TabSpec("jiaomei_desktop.ui.registers.posts_tab:PostsTab", N_("亮明身份")),
    TabSpec("jiaomei_desktop.ui.registers.ledger_tab:LedgerTab", N_("工作台账")),
    TabSpec("jiaomei_desktop.ui.statistics.tab:StatisticsTab", N_("统计")),
)
TAB_CLASSES: list[str] = [spec.path for spec in TABS]
