"""结对帮带 tab: filters, the pairs list (pairs that need attention stand out), a pair's details and 辅导记录 timeline,
per-unit figures, 出师 / 终止, 出师证书 printing and Excel export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.domain.mentor import STALE_DAYS
from jiaomei_desktop.i18n import N_, _, join_clauses
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.mentor import FiguresReport, PairDetail
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.mentor.dialogs import CloseDialog, LogDialog
from jiaomei_desktop.ui.mentor.model import FiguresModel, PairsModel, flag_texts
from jiaomei_desktop.ui.mentor.pair_dialog import PairDialog
from jiaomei_desktop.ui.mentor.timeline import TimelineView
from jiaomei_desktop.ui.ownership import OwnerMarker, make_read_only, record_owner
from jiaomei_desktop.ui.tasks import BackgroundTask, Latest, Op
from jiaomei_desktop.ui.theme import ERROR_FG
from jiaomei_desktop.ui.toolbar_row import ToolbarRow
from jiaomei_desktop.ui.widgets import set_column_widths

SEARCH_DELAY_MS = 120
_ALL = ""
FLAG_CHOICES = (("", N_("全部提醒")), ("attention", N_("需关注（全部）")), ("overdue", N_("逾期未出师")),
                ("stale", N_("{days}天无辅导记录")), ("mentor_left", N_("师傅已离开本单位")))
FIGURE_SEPARATOR = N_("　")  # between the figures of the summary line: an ideographic space in Chinese
COLUMN_WIDTHS = (64, 150, 80, 80, 120, 200, 92, 92, 92, 70)


class MentorTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("结对帮带")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit_id: str | None = None
        self.today = today  # None = the real date; tests and the demo pin it
        self._task: BackgroundTask | None = None
        self.last_pdf: bytes | None = None
        self.model = PairsModel(ctx.store, self, today)
        self.model.loaded.connect(self._on_loaded)
        self._select_when_loaded: str | None = None
        self.figures_model = FiguresModel(self)
        self._unit_loads = Latest(self)  # the unit's filter choices and figures, read on a worker thread
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._build()
        ctx.data_changed.changed.connect(self._on_data_changed)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索师傅或徒弟：姓名、拼音或首字母"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(_("全部状态"), _ALL)
        for state in PairState:
            self.state_filter.addItem(_(state.value), state.value)
        self.flag_filter = QComboBox(self)
        for value, label in FLAG_CHOICES:
            self.flag_filter.addItem(_(label).format(days=STALE_DAYS), value)
        self.trade_filter = QComboBox(self)
        self.mentor_filter = QComboBox(self)
        self.mentor_filter.setMinimumContentsLength(6)
        for combo in (self.state_filter, self.flag_filter, self.trade_filter, self.mentor_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")
        filters = FlowLayout()
        filters.addWidget(self.search, 3)
        for combo in (self.state_filter, self.flag_filter, self.trade_filter, self.mentor_filter):
            filters.addWidget(combo, 1)
        filters.addWidget(self.count_label)

        self.new_button = self._button(_("新建结对"), self.new_record, accent=True)
        self.edit_button = self._button(_("编辑"), self.edit_current)
        self.log_button = self._button(_("记辅导"), self.add_log)
        self.complete_button = self._button(_("出师…"), lambda: self.close_current(PairState.COMPLETED))
        self.terminate_button = self._button(_("终止…"), lambda: self.close_current(PairState.TERMINATED))
        self.print_button = self._button(_("打印出师证书"), self.print_current)
        self.print_button.setToolTip(_("为选中的已出师结对打印出师证书（可多选，Ctrl+P）"))
        self.export_button = self._button(_("导出Excel"), self.export_excel)
        actions = ToolbarRow()
        for button in (self.new_button, self.edit_button, self.log_button, self.complete_button,
                       self.terminate_button):
            actions.addWidget(button)
        self.owner_marker = OwnerMarker(self)
        actions.addWidget(self.owner_marker)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.export_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)  # before: enabling sorts
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()  # the count is above the list; row numbers cost a call per row
        self.table.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.table, COLUMN_WIDTHS, {0: [_(state.value) for state in PairState]})
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._show_detail())
        self.empty_label = QLabel(self)
        self.empty_label.setProperty("role", "empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.main_tabs = QTabWidget(self)
        self.main_tabs.addTab(self.stack, _("结对名单"))
        self.figures_table = QTableView(self)
        self.figures_table.setModel(self.figures_model)
        self.figures_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures_table.verticalHeader().hide()
        self.figures_table.verticalHeader().setDefaultSectionSize(26)
        self.figures_table.horizontalHeader().setMinimumSectionSize(64)
        self.figures_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        figures = QWidget(self)
        figures_layout = QVBoxLayout(figures)
        figures_layout.addWidget(self.figures_table, 1)
        note = QLabel(_("出师率 = 已出师 ÷（已出师 + 终止）"), figures)
        note.setProperty("role", "muted")
        self.limit_spin = QSpinBox(figures)
        self.limit_spin.setRange(1, 50)
        self.limit_spin.setValue(mentor.mentee_limit(self._ctx.store))
        self.limit_spin.setSuffix(_(" 名"))
        self.limit_spin.setToolTip(_("超过上限时新建结对会提醒，但不会阻止"))
        self.limit_spin.valueChanged.connect(lambda value: mentor.set_mentee_limit(self._ctx.store, value))
        note.setWordWrap(True)
        bottom = FlowLayout()
        bottom.addWidget(note)
        bottom.addStretch(1)
        bottom.addWidget(QLabel(_("每位师傅同时带徒上限"), figures))
        bottom.addWidget(self.limit_spin)
        figures_layout.addLayout(bottom)
        self.main_tabs.addTab(figures, _("单位统计"))
        self.side = self._build_detail()

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.main_tabs)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        self._on_selection()

    def _build_detail(self) -> QWidget:
        panel = QWidget(self)
        self.detail_label = QLabel(panel)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.timeline = TimelineView(panel)
        self.timeline.doubleClicked.connect(lambda _index: self.edit_log())
        self.timeline_empty = QLabel(panel)
        self.timeline_empty.setProperty("role", "muted")
        self.timeline_empty.setWordWrap(True)
        self.add_log_button = self._button(_("新增记录"), self.add_log)
        self.edit_log_button = self._button(_("修改"), self.edit_log)
        self.delete_log_button = self._button(_("删除"), self.delete_log)
        buttons = ToolbarRow()
        heading = QLabel(_("辅导记录（时间线）"), panel)
        heading.setStyleSheet("font-weight: bold;")
        buttons.addWidget(heading)
        buttons.addStretch(1)
        for button in (self.add_log_button, self.edit_log_button, self.delete_log_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)
        layout.addWidget(self.timeline_empty)
        layout.addWidget(self.timeline, 1)
        layout.addStretch(0)
        return panel

    def _button(self, text: str, slot, accent: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if accent:
            button.setProperty("accent", True)
        return button

    # -- filtering ---------------------------------------------------------------------------------------------
    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        self.apply_filters()
        self._unit_loads.run_soon(self._unit_op)  # figures follow the unit only, not the list's filters

    def _unit_op(self) -> Op[tuple[list[str], list[tuple[str, str]], FiguresReport]]:
        """The trades and mentors to filter by and the figures of the unit (~80 ms for the group): on a worker."""
        store, unit_id, today = self._ctx.store, self._unit_id, self.today

        def load(_progress: object) -> tuple[list[str], list[tuple[str, str]], FiguresReport]:
            return (list(mentor.trade_choices(store, unit_id)), list(mentor.mentor_filter_choices(store, unit_id)),
                    mentor.unit_figures(store, unit_id, today))

        return Op(self, load).success(self._show_unit)

    def _show_unit(self, loaded: tuple[list[str], list[tuple[str, str]], FiguresReport]) -> None:
        trades, mentors, report = loaded
        self._fill_choices(trades, mentors)
        self._show_figures(report)
        query = self.model.query
        if (self.trade_filter.currentData() or "", self.mentor_filter.currentData() or None) != (
                query.trade, query.mentor_id):
            self.apply_filters()  # a trade or mentor chosen before is not in this unit: its filter is off now

    def _fill_choices(self, trades: list[str], mentors: list[tuple[str, str]]) -> None:
        for combo, first, items in (
            (self.trade_filter, _("全部工种"), [(t, t) for t in trades]),
            (self.mentor_filter, _("全部师傅"), [(n, i) for i, n in mentors]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, _ALL)
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        state = self.state_filter.currentData()
        query = replace(self.model.query, text=self.search.text(), unit_id=self._unit_id,
                        states=frozenset({PairState(state)}) if state else frozenset(),
                        flag=self.flag_filter.currentData() or None, trade=self.trade_filter.currentData() or "",
                        mentor_id=self.mentor_filter.currentData() or None)
        self.model.set_query(query)  # the ids arrive from a worker thread: _on_loaded

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the unit's figures and the newest filter's pairs are shown."""
        self._unit_loads.wait(msecs)
        self.model.wait_idle(msecs)

    def _on_loaded(self) -> None:
        self._show_count()
        pair_id, self._select_when_loaded = self._select_when_loaded, None
        if pair_id:
            self.select_pair(pair_id)
        self._show_detail()

    def _filtered(self) -> bool:
        return bool(self.search.text().strip()) or any(
            c.currentIndex() > 0 for c in (self.state_filter, self.flag_filter, self.trade_filter, self.mentor_filter))

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(_("共 {n} 对").format(n=n))
        if n:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                _("没有符合条件的结对 — 换个关键字或清除筛选条件试试") if self._filtered()
                else _("这里还没有结对 — 点击“新建结对”为党员技术骨干和新职工结成师徒"))
            self.stack.setCurrentWidget(self.empty_label)
        self._on_selection()

    def _show_figures(self, report: FiguresReport) -> None:
        self.figures_model.set_figures(report.total, report.children)
        total = report.total
        rate = total.completion_rate
        parts = [_("{unit}：共 {n} 对").format(unit=escape(total.unit_name), n=total.total)]
        parts += [f"{escape(_(k))} {v}" for k, v in total.by_state.items()]
        parts.append(_("出师率 {rate}").format(rate=f"{rate:.0%}" if rate is not None else "—"))
        parts.append(_("辅导 {h} 学时").format(h=f"{total.hours:g}"))
        attention = total.overdue + total.stale + total.mentor_left
        text = _(FIGURE_SEPARATOR).join(parts)
        if attention:
            warning = escape(_("需关注：逾期 {o} 对，{days}天无辅导记录 {s} 对，师傅已离开本单位 {m} 对").format(
                o=total.overdue, days=STALE_DAYS, s=total.stale, m=total.mentor_left))
            text += f"<br><span style='color:{ERROR_FG}'>⚠ {warning}</span>"
        self.summary_label.setText(text)

    def _on_data_changed(self, area: str) -> None:
        if area in ("mentor", "roster", "org", "sync"):
            self._select_when_loaded = self._select_when_loaded or self.current_pair_id()
            self.model.refresh()
            self._unit_loads.run_soon(self._unit_op)

    # -- selection and details ---------------------------------------------------------------------------------
    def current_pair_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.pair_id(index.row()) if index.isValid() else None

    def selected_pair_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [pid for pid in (self.model.pair_id(r) for r in rows) if pid]

    def select_pair(self, pair_id: str) -> bool:
        row = self.model.row_of(pair_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_selection(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row()) if self.current_pair_id() else None
        # another office's pair is read-only here: no editing, no logs, no 出师 / 终止
        self._pair_owner = record_owner(self._ctx.store, "mentor_pair", row.id) if row is not None else None
        self.owner_marker.show_owner(self._pair_owner)
        active = row is not None and row.state == PairState.ACTIVE.value and not self._pair_owner
        self.edit_button.setEnabled(active)
        self.log_button.setEnabled(row is not None and not self._pair_owner)
        self.complete_button.setEnabled(active)
        self.terminate_button.setEnabled(active)
        self.print_button.setEnabled(bool(self.selected_pair_ids()))
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def _show_detail(self) -> None:
        pair_id = self.current_pair_id()
        has = pair_id is not None
        for button in (self.add_log_button, self.edit_log_button, self.delete_log_button):
            button.setEnabled(has)
        if pair_id is None:
            self.detail_label.setText(_("在左侧选择一个结对，查看详情和辅导记录。"))
            self.timeline.log_model.set_logs([])
            self.timeline.hide()
            self.timeline_empty.hide()
            return
        try:
            detail = mentor.get_pair(self._ctx.store, pair_id, self.today)
        except ServiceError:
            return
        self.detail_label.setText(detail_html(detail))
        logs = mentor.list_logs(self._ctx.store, pair_id)
        self.timeline.log_model.set_logs(logs)
        self.timeline_empty.setText(_("还没有辅导记录 — 点击“新增记录”记下第一次辅导"))
        self.timeline_empty.setVisible(not logs)
        self.timeline.setVisible(bool(logs))
        self._on_selection()
        self.add_log_button.setEnabled(not self._pair_owner)
        self.edit_log_button.setEnabled(bool(logs) and not self._pair_owner)
        self.delete_log_button.setEnabled(bool(logs) and not self._pair_owner)

    # -- actions -----------------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> PairDialog:
        dialog = PairDialog(self._ctx, self._unit_id, None, self, self.today)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def edit_current(self) -> PairDialog | None:
        pair_id = self.current_pair_id()
        if not pair_id:
            return None
        detail = mentor.get_pair(self._ctx.store, pair_id, self.today)
        if detail.row.state != PairState.ACTIVE.value:
            return None
        dialog = PairDialog(self._ctx, detail.row.unit_id, detail, self, self.today)
        dialog.saved.connect(self._after_save)
        owner = record_owner(self._ctx.store, "mentor_pair", pair_id)
        if owner:
            make_read_only(dialog, owner)
        dialog.open()
        return dialog

    def _after_save(self, pair_id: str) -> None:
        self._select_when_loaded = pair_id  # once the list, reloaded on the notice, holds it
        self._ctx.data_changed.changed.emit("mentor")

    def add_log(self) -> LogDialog | None:
        pair_id = self.current_pair_id()
        if not pair_id:
            return None
        dialog = LogDialog(self._ctx, pair_id, None, self, self.today)
        dialog.saved.connect(lambda _log: self._after_save(pair_id))
        dialog.open()
        return dialog

    def edit_log(self) -> LogDialog | None:
        pair_id, log = self.current_pair_id(), self.timeline.current_log()
        if not pair_id or log is None:
            return None
        dialog = LogDialog(self._ctx, pair_id, log, self, self.today)
        dialog.saved.connect(lambda _log: self._after_save(pair_id))
        owner = record_owner(self._ctx.store, "mentor_log", log.id)
        if owner:
            make_read_only(dialog, owner)
        dialog.open()
        return dialog

    def delete_log(self) -> None:
        pair_id, log = self.current_pair_id(), self.timeline.current_log()
        if not pair_id or log is None:
            return
        answer = QMessageBox.question(self, _("删除辅导记录"), _("删除 {d} 的辅导记录？").format(d=f"{log.log_date:%Y-%m-%d}"))
        if answer == QMessageBox.StandardButton.Yes:
            mentor.delete_log(self._ctx.store, log.id)
            self._after_save(pair_id)

    def close_current(self, target: PairState) -> CloseDialog | None:
        pair_id = self.current_pair_id()
        row = self.model.row_at(self.table.currentIndex().row()) if pair_id else None
        if row is None or row.state != PairState.ACTIVE.value:
            return None
        who = _("师傅 {mentor} → 徒弟 {mentee}（{unit}）").format(mentor=row.mentor_name, mentee=row.mentee_name,
                                                          unit=row.unit_name)
        dialog = CloseDialog(self._ctx, row.id, target, who, self, self.today)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def print_current(self) -> BackgroundTask | None:
        """出师证书 for the selected pairs that have 出师, one page each, rendered in the background."""
        ids = self.selected_pair_ids()
        rows = [self.model.row_at(self.model.row_of(pid)) for pid in ids]
        done = [r.id for r in rows if r is not None and r.state == PairState.COMPLETED.value]
        if not done:
            QMessageBox.information(self, _("打印出师证书"), _("请先在列表中选择已出师的结对（可按住 Ctrl 或 Shift 多选）。"))
            return None
        if len(done) < len(ids) and QMessageBox.question(
                self, _("打印出师证书"), _("选中的 {n} 个结对中只有 {m} 个已出师，只为它们打印证书？").format(
                    n=len(ids), m=len(done))) != QMessageBox.StandardButton.Yes:
            return None
        store = self._ctx.store
        self._task = (Op(self, lambda progress: mentor.render_pair_certificates(store, done, progress))
                      .with_progress(_("正在生成出师证书…"))
                      .success(lambda pdf: self._show_pdf(pdf, len(done)))
                      .failure_title(_("无法生成证书"))
                      .run())
        return self._task

    def _show_pdf(self, pdf: bytes, count: int) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self.last_pdf = pdf
        title = _("出师证书（{n}张）").format(n=count)
        show_preview(self, pdf, title, _("出师证书") + f"-{date.today():%Y%m%d}.pdf")

    def export_excel(self) -> None:
        suggested = _("传帮带结对") + f"-{date.today():%Y%m%d}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("导出结对和辅导记录"), suggested, _("Excel 文件 (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundTask:
        query, store = self.model.query, self._ctx.store
        self._task = (Op(self, lambda progress: mentor.export_excel(store, query, path, progress))
                      .with_progress(_("正在导出结对…"))
                      .success(lambda result: QMessageBox.information(self, _("导出完成"), _(
                          "已导出 {p} 对结对、{l} 条辅导记录到\n{path}").format(p=result.pairs, l=result.logs,
                                                                        path=result.path)))
                      .failure_title(_("导出失败"))
                      .run())
        return self._task


def _mentee_text(detail: PairDetail) -> str:
    status = _(detail.row.mentee_status)
    details = _("{status}，{post}").format(status=status, post=detail.mentee_post) if detail.mentee_post else status
    return _("{name}（{details}）").format(name=detail.row.mentee_name, details=details)


def detail_html(detail: PairDetail) -> str:
    row = detail.row
    lines = [f"<p style='font-size:13pt'><b>{escape(row.mentor_name)}</b> → <b>{escape(row.mentee_name)}</b>"
             f"　<span style='color:#5F6368'>{escape(_(row.state))}</span></p>"]
    facts = [(_("所属单位"), row.unit_name), (_("工种/技能方向"), row.trade or "—"),
             (_("徒弟"), _mentee_text(detail)),
             (_("师傅所在支部"), detail.mentor_branch),
             (_("结对期间"), _("{start} 至 {end}").format(
                 start=f"{row.start_date:%Y-%m-%d}",
                 end=f"{(row.end_date or row.planned_end_date or row.start_date):%Y-%m-%d}")
                 + ("" if row.end_date else _("（计划）"))),
             (_("辅导"), _("{n} 次，共 {h} 学时").format(n=row.log_count, h=f"{row.hours:g}"))]
    if detail.goals:
        facts.append((_("帮带目标"), detail.goals))
    if detail.final_evaluation:
        facts.append((_("出师评价"), detail.final_evaluation))
    if detail.end_reason:
        facts.append((_("终止原因"), detail.end_reason))
    lines.append("<table cellspacing='2'>" + "".join(
        f"<tr><td style='color:#5F6368; padding-right:8px' valign='top'>{escape(k)}</td><td>{escape(v)}</td></tr>"
        for k, v in facts) + "</table>")
    flags = flag_texts(row) if row.state == PairState.ACTIVE.value else (
        [_("师傅已离开本单位")] if row.mentor_left else [])
    if flags:
        lines.append(f"<p style='color:{ERROR_FG}'>⚠ " + escape(join_clauses(flags)) + "</p>")
    return "".join(lines)
