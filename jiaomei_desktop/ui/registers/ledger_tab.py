"""工作台账 tab: 我为职工办实事, 党建品牌, 改革创新, 创新工作室 (whose output 改革创新 links to), 13710督办, 纪律作风督导,
技术比武 and 标准化建设, one sub-tab each, filtered to the unit chosen in the tree.

A register's panel (and the module behind the last five) is built when its sub-tab is first shown (ui/lazy_pages.py):
building all eight made the tab's first showing take 220–290 ms of the GUI thread at group scale. `part_built` tells
the main window, whose Enter-opens-rows and remembered column widths then take in the new panel's tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QTableView, QTabWidget, QTreeView, QVBoxLayout, QWidget

from jiaomei_desktop.domain.registers import DeedState, format_yuan
from jiaomei_desktop.i18n import N_, _, join_phrases
from jiaomei_desktop.services import brands, deeds, innovation
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.lazy_pages import add_placeholders, replace_page
from jiaomei_desktop.ui.ownership import protect
from jiaomei_desktop.ui.registers.forms import BrandDialog, DeedDialog, InnovationDialog
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import RegisterPanel

if TYPE_CHECKING:
    from jiaomei_desktop.ui.registers.contests import ContestsPanel
    from jiaomei_desktop.ui.registers.inspections import InspectionsPanel
    from jiaomei_desktop.ui.registers.standards import StandardsPanel
    from jiaomei_desktop.ui.registers.studios import StudiosPanel
    from jiaomei_desktop.ui.registers.supervision import SupervisionPanel

# The registers in sub-tab order: the attribute that holds each panel, and its sub-tab title.
PARTS = (
    ("deeds", N_("我为职工办实事")),
    ("brands", N_("党建品牌")),
    ("innovation", N_("改革创新")),
    ("studios", N_("创新工作室")),
    ("supervision", N_("13710督办")),
    ("inspections", N_("纪律作风督导")),
    ("contests", N_("技术比武")),
    ("standards", N_("标准化建设")),
)

DEED_COLUMNS = (
    Column(N_("日期"), lambda r: r.deed_date.isoformat()),
    Column(N_("实事内容"), lambda r: r.item),
    Column(N_("单位"), lambda r: r.unit_name),
    Column(N_("类别"), lambda r: _(r.category)),  # stored in Chinese, shown in the UI language
    Column(N_("受益人次"), lambda r: f"{r.person_times:,}", right=True),
    Column(N_("金额（元）"), lambda r: format_yuan(r.amount_fen), right=True),
    Column(N_("状态"), lambda r: _(r.state)),
)
BRAND_COLUMNS = (
    Column(N_("党支部"), lambda r: r.unit_name),
    Column(N_("上级单位"), lambda r: r.parent_name),
    Column(N_("品牌名称"), lambda r: r.name),
    Column(N_("创建年度"), lambda r: r.year, right=True),
    Column(N_("一支部一品牌"), lambda r: _("是") if r.own_brand else _("共享品牌")),
    Column(N_("品牌简介"), lambda r: r.description),
)
INNOVATION_COLUMNS = (
    Column(N_("年度"), lambda r: r.year, right=True),
    Column(N_("类别"), lambda r: _(r.kind)),
    Column(N_("名称"), lambda r: r.title),
    Column(N_("单位"), lambda r: r.unit_name),
    Column(N_("完成人"), lambda r: r.people),
    Column(N_("创新工作室"), lambda r: r.studio_name),
)


class LedgerTab(QWidget):
    part_built = Signal(QWidget)  # a register's panel, built on its sub-tab's first showing

    @staticmethod
    def title() -> str:
        return _("工作台账")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today
        self._unit_id: str | None = None
        self._unit_given = False  # a panel built before the first set_unit waits for it, as the tab does
        this_year = (today or date.today()).year
        self._years = list(range(this_year, this_year - 6, -1))
        self._built: dict[str, RegisterPanel] = {}
        self._makers: dict[str, Callable[[], RegisterPanel]] = {
            "deeds": self._make_deeds, "brands": self._make_brands, "innovation": self._make_innovation,
            "studios": self._make_studios, "supervision": self._make_supervision,
            "inspections": self._make_inspections, "contests": self._make_contests, "standards": self._make_standards,
        }
        self.tabs = QTabWidget(self)
        add_placeholders(self.tabs, [_(title) for _key, title in PARTS])
        self.tabs.currentChanged.connect(self.part)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.part(0)  # the register on screen at the first showing
        ctx.data_changed.changed.connect(self._on_data_changed)

    # the registers, each built when first asked for --------------------------------------------------------------
    @property
    def deeds(self) -> RegisterPanel:
        return self._named("deeds")

    @property
    def brands(self) -> RegisterPanel:
        return self._named("brands")

    @property
    def innovation(self) -> RegisterPanel:
        return self._named("innovation")

    @property
    def studios(self) -> StudiosPanel:
        return cast("StudiosPanel", self._named("studios"))

    @property
    def supervision(self) -> SupervisionPanel:
        return cast("SupervisionPanel", self._named("supervision"))

    @property
    def inspections(self) -> InspectionsPanel:
        return cast("InspectionsPanel", self._named("inspections"))

    @property
    def contests(self) -> ContestsPanel:
        return cast("ContestsPanel", self._named("contests"))

    @property
    def standards(self) -> StandardsPanel:
        return cast("StandardsPanel", self._named("standards"))

    def _named(self, key: str) -> RegisterPanel:
        return self.part(next(i for i, (k, _title) in enumerate(PARTS) if k == key))

    def part(self, index: int) -> RegisterPanel:
        """The register on sub-tab `index`, built now if it has not been yet."""
        key = PARTS[index][0]
        panel = self._built.get(key)
        if panel is None:
            panel = self._built[key] = self._makers[key]()
            views = [v for v in panel.findChildren(QAbstractItemView) if isinstance(v, QTableView | QTreeView)]
            for n, view in enumerate(views):
                view.setObjectName(f"{key}{n}")  # remembered column widths are keyed by it, whatever the build order
            panel.history_restored.connect(self._saved)  # a record put back from its 修改记录 is a change like a save
            if self._unit_given:
                panel.set_unit(self._unit_id)  # read now, or when shown if the window is on screen
            replace_page(self.tabs, index, panel)
            self.part_built.emit(panel)
        return panel

    def panels(self) -> tuple[RegisterPanel, ...]:
        """Every register in sub-tab order (building those not built yet)."""
        return tuple(self.part(i) for i in range(len(PARTS)))

    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id, self._unit_given = unit_id, True
        for panel in self._built.values():
            panel.set_unit(unit_id)

    def new_record(self) -> None:
        self.part(self.tabs.currentIndex()).new_record()

    # A roster change reaches only the registers a 党籍变动 can change (services.leaving: a 督导组 seat, a 13710
    # item's 责任人); the others would read their lists again for nothing on every edit of a person.
    ROSTER_READERS = frozenset({"supervision", "inspections"})

    def _on_data_changed(self, area: str) -> None:
        if area not in ("org", "sync", "roster"):
            return
        for key, panel in self._built.items():
            if area != "roster" or key in self.ROSTER_READERS:
                panel.refresh()

    # building each register ----------------------------------------------------------------------------------
    def _make_deeds(self) -> RegisterPanel:
        store = self._ctx.store
        panel = RegisterPanel(
            DEED_COLUMNS, lambda unit, year: deeds.list_deeds(store, unit, year), self._deed_dialog,
            lambda row: deeds.delete_deed(store, row.id), self._deed_summary,
            _("还没有办实事记录 — 点击“新建”登记第一件为职工办的实事"), self._years, self, store=store)
        panel.enable_history("worker_deed", lambda r: r.item)
        return panel

    def _make_brands(self) -> RegisterPanel:
        store = self._ctx.store
        panel = RegisterPanel(
            BRAND_COLUMNS, lambda unit, year: brands.list_brands(store, unit, year), self._brand_dialog,
            lambda row: brands.delete_brand(store, row.id), self._brand_summary,
            _("还没有党建品牌 — 点击“新建”为支部登记品牌"), self._years, self, store=store)
        panel.year_combo.setToolTip(_("选择年度时，列出到该年底已创建的品牌"))
        panel.enable_history("branch_brand", lambda r: r.name)
        return panel

    def _make_innovation(self) -> RegisterPanel:
        store = self._ctx.store
        panel = RegisterPanel(
            INNOVATION_COLUMNS, lambda unit, year: innovation.list_items(store, unit, year), self._innovation_dialog,
            lambda row: innovation.delete_item(store, row.id), self._innovation_summary,
            _("还没有改革创新记录 — 点击“新建”登记改革任务、创新成果或专利"), self._years, self, store=store)
        panel.enable_history("innovation_item", lambda r: r.title)
        return panel

    # The other registers' modules are imported with their panel: the 督导 one alone took ~30 ms to import.
    def _make_studios(self) -> RegisterPanel:
        from jiaomei_desktop.ui.registers.studios import StudiosPanel

        return StudiosPanel(self._ctx, self._years, self._run, self, self.today)

    def _make_supervision(self) -> RegisterPanel:
        from jiaomei_desktop.ui.registers.supervision import SupervisionPanel

        return SupervisionPanel(self._ctx.store, self._years, self._run, self, self.today)

    def _make_inspections(self) -> RegisterPanel:
        from jiaomei_desktop.ui.registers.inspections import InspectionsPanel

        return InspectionsPanel(self._ctx.store, self._years, self._run, self, self.today)

    def _make_contests(self) -> RegisterPanel:
        from jiaomei_desktop.ui.registers.contests import ContestsPanel

        return ContestsPanel(self._ctx.store, self._years, self._run, self, self.today)

    def _make_standards(self) -> RegisterPanel:
        from jiaomei_desktop.ui.registers.standards import StandardsPanel

        return StandardsPanel(self._ctx.store, self._years, self._run, self, self.today)

    def _saved(self) -> None:
        self._ctx.data_changed.changed.emit("registers")

    # dialogs ---------------------------------------------------------------------------------------------------
    def _run(self, dialog: QDialog, row: Any | None) -> bool:
        if row is not None:
            protect(dialog, self._ctx.store, row.owner_unit_id)  # another office's entry opens read-only
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._saved()
            return True
        return False

    def _deed_dialog(self, row: Any | None) -> bool:
        existing = deeds.get_deed(self._ctx.store, row.id) if row else None
        units = unit_choices(self._ctx.store, self._unit_id)
        return self._run(DeedDialog(self._ctx.store, units, existing, self._unit_id, self, self.today), row)

    def _brand_dialog(self, row: Any | None) -> bool:
        existing = brands.get_brand(self._ctx.store, row.id) if row else None
        branches = unit_choices(self._ctx.store, self._unit_id, branches_only=True)
        return self._run(BrandDialog(self._ctx.store, branches, existing, self._unit_id, self, self.today), row)

    def _innovation_dialog(self, row: Any | None) -> bool:
        existing = innovation.get_item(self._ctx.store, row.id) if row else None
        units = unit_choices(self._ctx.store, self._unit_id)
        return self._run(InnovationDialog(self._ctx.store, units, existing, self._unit_id, self, self.today),
                         row)

    # summaries -------------------------------------------------------------------------------------------------
    @staticmethod
    def _deed_summary(rows: list[Any]) -> str:
        done = [r for r in rows if r.state == DeedState.DONE.value]
        return _("已办结{n}件，惠及职工{people}人次，资金{money}元；计划中{planned}件").format(
            n=len(done), people=f"{sum(r.person_times for r in done):,}",
            money=format_yuan(sum(r.amount_fen for r in done)), planned=len(rows) - len(done))

    @staticmethod
    def _brand_summary(rows: list[Any]) -> str:
        return _("品牌{n}个，涉及支部{branches}个，其中一支部一品牌{own}个").format(
            n=len(rows), branches=len({r.unit_id for r in rows}), own=len({r.unit_id for r in rows if r.own_brand}))

    @staticmethod
    def _innovation_summary(rows: list[Any]) -> str:
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        return join_phrases(f"{k} {n}" for k, n in counts.items()) or _("没有记录")
