"""党员责任区 tab: the zones of the chosen unit's members, a search box, and placard printing (preview for one,
one PDF per zone into a folder for several)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from jiaomei_desktop.domain.registers import ZoneKind
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import zones
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.ownership import protect
from jiaomei_desktop.ui.registers.forms import ZoneDialog
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import RegisterPanel
from jiaomei_desktop.ui.tasks import BackgroundTask, Op, failure_text, is_cancel, is_expected, report_bug

ZONE_COLUMNS = (
    Column(N_("责任人"), lambda r: r.person_name),
    Column(N_("单位"), lambda r: r.unit_name),
    Column(N_("责任区"), lambda r: r.zone_name),
    Column(N_("类别"), lambda r: _(r.kind)),
    Column(N_("责任范围"), lambda r: r.scope),
    Column(N_("开始"), lambda r: r.start_date.isoformat() if r.start_date else ""),
    Column(N_("结束"), lambda r: r.end_date.isoformat() if r.end_date else ""),
)
SCHEMES = ((N_("红底黄字"), "red"), (N_("白底红字"), "white"))
PAPERS = ((N_("A4 横向"), "A4"), (N_("A3 横向"), "A3"), (N_("60×40 厘米展板"), "600x400"))


class _ReadZones(list[Any]):
    """The rows a worker thread listed for a unit it read, with the unit's zones for the next filters, and which
    read it was (an older read finishing late is not kept)."""

    def __init__(self, shown: list[Any], read: zones.UnitZones, asked: int) -> None:
        super().__init__(shown)
        self.zones, self.asked = read, asked


class ZonesTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("责任区")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today or date.today()
        self._task: BackgroundTask | None = None
        self.last_pdf: bytes | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索责任人（姓名、拼音或首字母）或责任区"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)  # the toolbar is full; without this the box shrinks to a few characters
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(_("全部类别"), "")
        for kind in ZoneKind:
            self.kind_filter.addItem(_(kind.value), kind.value)
        self._zones: zones.UnitZones | None = None  # the unit's zones read last: filters work on them in memory
        self._zones_asked = 0  # unit reads asked for: only the newest is kept
        self.panel = RegisterPanel(ZONE_COLUMNS, self._load, self._dialog, self._delete, self._summary,
                                   _("还没有党员责任区 — 点击“新建”为党员划分责任区，再打印责任区标牌"), [], self,
                                   store=ctx.store, background=True)
        # Choosing the default filter is not a request: without the blocker it loaded every zone of the store
        # (~0.3 s for the group) just before set_unit loads the unit's.
        with QSignalBlocker(self.panel.year_combo):
            self.panel.year_combo.setItemText(0, _("全部（含已结束）"))
            self.panel.year_combo.addItem(_("当前在期"), -1)
            self.panel.year_combo.setCurrentIndex(1)
        self.scheme = QComboBox(self)
        for label, value in SCHEMES:
            self.scheme.addItem(_(label), value)
        self.paper = QComboBox(self)
        for label, value in PAPERS:
            self.paper.addItem(_(label), value)
        self.print_button = QPushButton(_("打印标牌…"), self)
        self.print_button.setToolTip(_("选中一个责任区预览并打印；选中多个则每个生成一个 PDF 保存到文件夹（Ctrl+P）"))
        self.print_button.clicked.connect(self.print_current)
        self.panel.toolbar.insertWidget(0, self.search, 2)
        self.panel.toolbar.insertWidget(1, self.kind_filter)
        for widget in (self.scheme, self.paper, self.print_button):
            self.panel.toolbar.addWidget(widget)
        self.panel.toolbar.fold_together(self.print_button, self.scheme, self.paper)
        self.panel.enable_history("responsibility_zone", lambda row: _("{name}（{details}）").format(
            name=row.zone_name, details=row.person_name))
        self.panel.history_restored.connect(lambda: ctx.data_changed.changed.emit("registers"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.panel.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.panel.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.panel.rows_shown.connect(self._take_unit_zones)
        ctx.data_changed.changed.connect(self._on_data_changed)

    def _on_data_changed(self, area: str) -> None:
        self._zones = None  # read again at the next request: a zone, a member's name or a unit may have changed
        if area in ("roster", "org", "sync"):
            self.panel.refresh()

    def _load(self, unit_id: str | None, year: int | None) -> list[Any] | Callable[[], list[Any]]:
        """The filters are read here, on the GUI thread. A unit's zones (~1,600 for the group) are read on a worker
        thread once per unit; the filters then work on them in memory (a millisecond: here, see RegisterPanel)."""
        query = zones.ZoneQuery(unit_id=unit_id, text=self.search.text(), kind=self.kind_filter.currentData() or None,
                                active_on=self.today if year == -1 else None)
        store = self._ctx.store
        known = self._zones if self._zones is not None and self._zones.unit_id == unit_id else None
        if known is not None:
            return zones.filter_zones(known, query)
        asked = self._zones_asked = self._zones_asked + 1

        def job() -> list[Any]:
            read = zones.unit_zones(store, unit_id)
            return _ReadZones(zones.filter_zones(read, query), read, asked)

        return job

    def _take_unit_zones(self, shown: object) -> None:
        if isinstance(shown, _ReadZones) and shown.asked == self._zones_asked:
            self._zones = shown.zones

    def _delete(self, row: Any) -> None:
        self._zones = None
        zones.delete_zone(self._ctx.store, row.id)

    @staticmethod
    def _summary(rows: list[Any]) -> str:
        return _("责任区{n}个，责任人{people}名").format(n=len(rows), people=len({r.person_id for r in rows}))

    def _dialog(self, row: Any | None) -> bool:
        existing = zones.get_zone(self._ctx.store, row.id) if row else None
        dialog = ZoneDialog(self._ctx.store, existing, self)
        if row is not None:
            protect(dialog, self._ctx.store, row.owner_unit_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._zones = None
            self._ctx.data_changed.changed.emit("registers")
            return True
        return False

    def set_unit(self, unit_id: str | None) -> None:
        self.panel.set_unit(unit_id)

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest filter's zones are listed."""
        self.panel.wait_idle(msecs)

    def new_record(self) -> None:
        self.panel.new_record()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def print_current(self) -> None:
        rows = self.panel.selected_rows()
        if not rows:
            QMessageBox.information(self, _("打印标牌"), _("请先在列表中选中要打印的责任区"))
            return
        scheme, paper = self.scheme.currentData(), self.paper.currentData()
        store = self._ctx.store
        if len(rows) == 1:
            from jiaomei_desktop.ui.print_preview import render_in_background  # Qt PDF and printing: ~13 ms

            zone_id = rows[0].id
            self._task = render_in_background(
                self, _("正在生成责任区标牌"), lambda _report: zones.render_zone_placard(store, zone_id, scheme, paper))
            self._task.done.connect(lambda pdf: self._preview(pdf, rows[0]))
        else:
            folder = QFileDialog.getExistingDirectory(self, _("选择保存标牌的文件夹"))
            if not folder:
                return
            ids = [r.id for r in rows]
            self._task = (Op(self, lambda progress: zones.save_placards(store, ids, Path(folder), scheme, paper,
                                                                        progress=progress))
                          .with_progress(_("正在生成责任区标牌"))
                          .success(lambda paths: QMessageBox.information(
                              self, _("打印标牌"), _("已生成{n}个标牌文件，保存在 {folder}").format(n=len(paths),
                                                                                           folder=folder)))
                          .failure_title(_("无法生成标牌"))
                          .run())
            return
        self._task.error.connect(self._failed)

    def _preview(self, pdf: bytes, row: Any) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self.last_pdf = pdf
        preview = show_preview(self, pdf, _("责任区标牌 — {name}").format(name=row.person_name),
                               _("责任区标牌_{name}.pdf").format(name=row.person_name))
        if preview.page_count() > 1:  # reports.placard keeps letters ≥ 10 mm and moves the rest to more panels
            preview.set_note(_("内容较多：为保证3米外可读（字高不小于10毫米），职责分到了后面的标牌上，共{n}块。").format(
                n=preview.page_count()))

    def _failed(self, exc: object) -> None:
        if is_cancel(exc):
            return
        if is_expected(exc):
            QMessageBox.warning(self, _("无法生成标牌"), failure_text(exc))  # type: ignore[arg-type]
        else:
            report_bug(exc)  # type: ignore[arg-type]
