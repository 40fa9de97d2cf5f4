"""The main window's tabs, in display order. Each entry is "module:Class"; a tab class is constructed as
`Class(ctx: AppContext, parent: QWidget | None)` and must provide:

- `title() -> str` (static or class method, translated) and optionally `icon_name() -> str` (an SVG in resources/icons);
- `set_unit(unit_id: str | None)` — filter to that unit's subtree (None = everything); called when the tree changes;
- optionally `new_record()`, `focus_search()`, `print_current()`, `save_current()` for Ctrl+N / Ctrl+F / Ctrl+P /
  Ctrl+S; the main window calls them on the current tab when present.
"""

from __future__ import annotations

TAB_CLASSES: list[str] = [
    "jiaomei_desktop.ui.roster.tab:RosterTab",
    "jiaomei_desktop.ui.study.tab:StudyTab",
    "jiaomei_desktop.ui.gallery.tab:GalleryTab",
    "jiaomei_desktop.ui.mentor.tab:MentorTab",
    "jiaomei_desktop.ui.sync.tab:SyncTab",
    "jiaomei_desktop.ui.registers.zones_tab:ZonesTab",
    "jiaomei_desktop.ui.registers.ledger_tab:LedgerTab",
    "jiaomei_desktop.ui.statistics.tab:StatisticsTab",
]
