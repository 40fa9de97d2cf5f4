"""工作台账 tab: 我为职工办实事, 党建品牌, 改革创新, 创新工作室 (whose output 改革创新 links to), 13710督办, 纪律作风督导 and 技术比武, one sub-tab each, filtered to the unit
chosen in the tree."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from jiaomei_desktop.domain.registers import DeedState, format_yuan
from jiaomei_desktop.i18n import N_, _, join_phrases
from jiaomei_desktop.services import brands, deeds, innovation
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.ownership import protect
from jiaomei_desktop.ui.registers.contests import ContestsPanel
from jiaomei_desktop.ui.registers.forms import BrandDialog, DeedDialog, InnovationDialog
from jiaomei_desktop.ui.registers.inspections import InspectionsPanel
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import RegisterPanel
from jiaomei_desktop.ui.registers.standards import StandardsPanel
from jiaomei_desktop.ui.registers.studios import StudiosPanel
from jiaomei_desktop.ui.registers.supervision import SupervisionPanel

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
    @staticmethod
    def title() -> str:
        return _("工作台账")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today
        self._unit_id: str | None = None
        this_year = (today or date.today()).year
        years = list(range(this_year, this_year - 6, -1))
        store = ctx.store
        self.deeds = RegisterPanel(
            DEED_COLUMNS, lambda unit, year: deeds.list_deeds(store, unit, year), self._deed_dialog,
            lambda row: deeds.delete_deed(store, row.id), self._deed_summary,
            _("还没有办实事记录 — 点击“新建”登记第一件为职工办的实事"), years, self, store=store)
        self.brands = RegisterPanel(
            BRAND_COLUMNS, lambda unit, year: brands.list_brands(store, unit, year), self._brand_dialog,
            lambda row: brands.delete_brand(store, row.id), self._brand_summary,
            _("还没有党建品牌 — 点击“新建”为支部登记品牌"), years, self, store=store)
        self.brands.year_combo.setToolTip(_("选择年度时，列出到该年底已创建的品牌"))
        self.innovation = RegisterPanel(
            INNOVATION_COLUMNS, lambda unit, year: innovation.list_items(store, unit, year), self._innovation_dialog,
            lambda row: innovation.delete_item(store, row.id), self._innovation_summary,
            _("还没有改革创新记录 — 点击“新建”登记改革任务、创新成果或专利"), years, self, store=store)
        self.studios = StudiosPanel(ctx, years, self._run, self, today)
        self.supervision = SupervisionPanel(store, years, self._run, self, today)
        self.inspections = InspectionsPanel(store, years, self._run, self, today)
        self.contests = ContestsPanel(store, years, self._run, self, today)
        self.standards = StandardsPanel(store, years, self._run, self, today)
        for panel, table, title in ((self.deeds, "worker_deed", lambda r: r.item),
                                    (self.brands, "branch_brand", lambda r: r.name),
                                    (self.innovation, "innovation_item", lambda r: r.title)):
            panel.enable_history(table, title)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.deeds, _("我为职工办实事"))
        self.tabs.addTab(self.brands, _("党建品牌"))
        self.tabs.addTab(self.innovation, _("改革创新"))
        self.tabs.addTab(self.studios, _("创新工作室"))
        self.tabs.addTab(self.supervision, _("13710督办"))
        self.tabs.addTab(self.inspections, _("纪律作风督导"))
        self.tabs.addTab(self.contests, _("技术比武"))
        self.tabs.addTab(self.standards, _("标准化建设"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        for panel in self.panels():  # a record put back from its 修改记录 is a change like a save
            panel.history_restored.connect(self._saved)
        ctx.data_changed.changed.connect(self._on_data_changed)

    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        for panel in self.panels():
            panel.set_unit(unit_id)

    def panels(self) -> tuple[RegisterPanel, ...]:
        return (self.deeds, self.brands, self.innovation, self.studios, self.supervision, self.inspections, self.contests,
                self.standards)

    def new_record(self) -> None:
        self.panels()[self.tabs.currentIndex()].new_record()

    def _on_data_changed(self, area: str) -> None:
        if area in ("org", "sync"):
            for panel in self.panels():
                panel.refresh()

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
