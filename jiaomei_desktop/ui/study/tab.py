"""学习记录 tab: the session list with its filters, the compliance grid, and the actions on sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import SessionKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import org, study
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.lazy_pages import add_placeholders, replace_page
from jiaomei_desktop.ui.ownership import OwnerMarker, make_read_only, record_owner
from jiaomei_desktop.ui.study.compliance_view import ComplianceView
from jiaomei_desktop.ui.study.models import SessionListModel
from jiaomei_desktop.ui.study.rules_dialog import RulesDialog
from jiaomei_desktop.ui.study.session_dialog import SessionDialog
from jiaomei_desktop.ui.tasks import BackgroundTask, Op, failure_text, is_cancel, is_expected, report_bug
from jiaomei_desktop.ui.toolbar_row import ToolbarRow
from jiaomei_desktop.ui.widgets import DateLineEdit, set_column_widths

SEARCH_DELAY_MS = 150
COMPLIANCE_PAGE = 1
_ANY = "__any__"


class StudyTab(QWidget):
    part_built = Signal(QWidget)  # the compliance page, built on its first showing (the main window takes it in)

    @staticmethod
    def title() -> str:
        return _("学习记录")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit_id: str | None = None
        self._task: BackgroundTask | None = None
        self._dialog: QWidget | None = None
        self.model = SessionListModel(ctx.store, self)
        self.model.loaded.connect(self._on_loaded)
        self._select_when_loaded: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self._build()
        ctx.data_changed.changed.connect(self._on_data_changed)
        self.apply_filters()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索：主题、地点、主持人或授课人"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.kind_filter = QComboBox(self)
        self._fill_kinds()
        self.kind_filter.currentIndexChanged.connect(self.apply_filters)
        self.date_from = DateLineEdit(self)
        self.date_from.setPlaceholderText(_("起始日期"))
        self.date_to = DateLineEdit(self)
        self.date_to.setPlaceholderText(_("截止日期"))
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(120)
            edit.textChanged.connect(lambda _text: self._timer.start())
        self.safety_filter = QComboBox(self)
        self.safety_filter.addItem(_("安全生产：不限"), None)
        self.safety_filter.addItem(_("结合安全生产"), True)
        self.safety_filter.addItem(_("未结合安全生产"), False)
        self.safety_filter.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")
        filters = FlowLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("—", self))
        filters.addWidget(self.date_to)
        filters.addWidget(self.safety_filter)
        filters.addWidget(self.count_label)

        self.new_button = self._button(_("新建"), self.new_record, accent=True)
        self.edit_button = self._button(_("编辑"), self.edit_current)
        self.copy_button = self._button(_("复制为新记录"), self.copy_current)
        self.delete_button = self._button(_("删除"), self.delete_current)
        self.print_button = self._button(_("打印会议记录"), self.print_current)
        self.export_button = self._button(_("导出Excel"), self.export_excel)
        self.bulletin_button = self._button(_("学习通报…"), self.open_bulletin)
        actions = ToolbarRow()
        for button in (self.new_button, self.edit_button, self.copy_button, self.delete_button, self.print_button):
            actions.addWidget(button)
        self.owner_marker = OwnerMarker(self)
        actions.addWidget(self.owner_marker)
        actions.addStretch(1)
        actions.addWidget(self.bulletin_button)
        actions.addWidget(self.export_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.table, (92, 96, 270, 250, 70, 46, 46, 46, 64),
                          {1: [_(kind.value) for kind in SessionKind]})
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(self)
        self.empty_label.setProperty("role", "empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        sessions_page = QWidget(self)
        page_layout = QVBoxLayout(sessions_page)
        page_layout.setContentsMargins(0, 4, 0, 0)
        page_layout.addLayout(filters)
        page_layout.addLayout(actions)
        page_layout.addWidget(self.stack, 1)

        self._compliance: ComplianceView | None = None  # built when its page is first shown (or asked for)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(sessions_page, _("会议记录"))
        add_placeholders(self.pages, [_("落实情况")])
        self.pages.currentChanged.connect(self._on_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._compliance_stale = True
        self._update_buttons()

    def _button(self, text: str, slot, accent: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if accent:
            button.setProperty("accent", True)
        return button

    def _fill_kinds(self) -> None:
        current = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(_("全部会议类型"), _ANY)
        for kind in study.known_kinds(self._ctx.store):
            self.kind_filter.addItem(_(kind), kind)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(current)))
        self.kind_filter.blockSignals(False)

    # -- filters -----------------------------------------------------------------------------------------------
    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        self.apply_filters()
        self._compliance_stale = True
        self._on_page(self.pages.currentIndex())

    def _date(self, edit: DateLineEdit) -> date | None:
        value, error = edit.parsed()
        invalid = bool(error)
        if bool(edit.property("invalid")) != invalid:  # unset counts as valid: no restyling of the empty boxes
            edit.setProperty("invalid", invalid)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        edit.setToolTip(error or "")
        return value

    def apply_filters(self) -> None:
        self._timer.stop()
        kind = self.kind_filter.currentData()
        query = replace(self.model.query, unit_id=self._unit_id, text=self.search.text(),
                        kinds=frozenset() if kind in (None, _ANY) else frozenset({kind}),
                        date_from=self._date(self.date_from), date_to=self._date(self.date_to),
                        safety=self.safety_filter.currentData())
        self.model.set_query(query)  # the ids arrive from a worker thread: _on_loaded

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest filter's sessions are listed."""
        self.model.wait_idle(msecs)

    def _on_loaded(self) -> None:
        self._show_count()
        session_id, self._select_when_loaded = self._select_when_loaded, None
        row = self.model.row_of(session_id) if session_id else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _filtered(self) -> bool:
        return bool(self.search.text().strip() or self.kind_filter.currentIndex() > 0 or self.date_from.text().strip()
                    or self.date_to.text().strip() or self.safety_filter.currentIndex() > 0)

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(_("共 {n} 条").format(n=n))
        if n:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(_("没有符合条件的会议记录 — 换个条件试试，或清空筛选") if self._filtered()
                                     else _("还没有学习记录 — 点击“新建”记录第一次会议"))
            self.stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    @property
    def compliance(self) -> ComplianceView:
        """The 落实情况 page. Built on its first showing: it held the tab's first showing ~15 ms for a page many
        never open."""
        if self._compliance is None:
            view = self._compliance = ComplianceView(self._ctx, self)
            view.open_session.connect(self.open_editor)
            view.edit_rules.connect(self.edit_rules)
            replace_page(self.pages, COMPLIANCE_PAGE, view)
            self.part_built.emit(view)
        return self._compliance

    def _on_page(self, index: int) -> None:
        if index == COMPLIANCE_PAGE and self._compliance_stale:
            self.compliance.set_unit(self._unit_id)
            self._compliance_stale = False

    def _on_data_changed(self, area: str) -> None:
        if area in ("study", "org", "roster", "sync"):
            self._fill_kinds()
            self.model.refresh()
            self._compliance_stale = True
            self._on_page(self.pages.currentIndex())

    # -- actions -----------------------------------------------------------------------------------------------
    def current_session_id(self) -> str | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.session_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        session_id = self.current_session_id()
        has = session_id is not None
        owner = record_owner(self._ctx.store, "study_session", session_id) if has else None
        for button in (self.copy_button, self.print_button):
            button.setEnabled(has)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(has and not owner)  # another office's record: read-only here
        self.owner_marker.show_owner(owner)

    def focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _default_unit(self) -> str | None:
        if not self._unit_id:
            return None
        unit = org.get_unit(self._ctx.store, self._unit_id)
        return unit.id if unit.kind.value in ("党支部", "党小组") else None

    def new_record(self) -> SessionDialog:
        return self._open(SessionDialog(self._ctx, None, self._default_unit(), self))

    def edit_current(self) -> SessionDialog | None:
        session_id = self.current_session_id()
        return self.open_editor(session_id) if session_id else None

    def open_editor(self, session_id: str) -> SessionDialog | None:
        try:
            data = study.get_session(self._ctx.store, session_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法打开"), str(exc))
            return None
        dialog = SessionDialog(self._ctx, data, None, self)
        owner = record_owner(self._ctx.store, "study_session", session_id)
        if owner:
            make_read_only(dialog, owner)
        return self._open(dialog)

    def copy_current(self) -> SessionDialog | None:
        session_id = self.current_session_id()
        if not session_id:
            return None
        draft = study.copy_as_new(self._ctx.store, session_id, date.today())
        return self._open(SessionDialog(self._ctx, draft, None, self))

    def _open(self, dialog: SessionDialog) -> SessionDialog:
        dialog.saved.connect(self._after_save)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()
        return dialog

    def _after_save(self, session_id: str) -> None:
        self._select_when_loaded = session_id  # once the list, reloaded on the notice, holds it
        self._ctx.data_changed.changed.emit("study")

    def delete_current(self, confirm: bool = True) -> None:
        session_id = self.current_session_id()
        if not session_id:
            return
        row = self.model.row_at(self.table.currentIndex().row())
        if confirm and row is not None:
            answer = QMessageBox.question(
                self, _("删除会议记录"),
                _("确定删除 {d} 的“{t}”吗？出勤记录一并删除。").format(d=f"{row.session_date:%Y-%m-%d}", t=row.topic))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            study.delete_session(self._ctx.store, session_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法删除"), str(exc))
            return
        self._ctx.data_changed.changed.emit("study")

    def edit_rules(self) -> None:
        unit_id = self._unit_id
        if unit_id is None:
            roots = org.unit_tree(self._ctx.store)
            unit_id = roots[0].unit.id if roots else None
        if unit_id:
            dialog = RulesDialog(self._ctx, unit_id, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._dialog = dialog
            dialog.open()

    def open_bulletin(self) -> None:
        """学习通报 of the selected unit (the whole organisation when none is selected), built from the log."""
        from jiaomei_desktop.ui.study.bulletin_dialog import BulletinDialog

        unit_id = self._unit_id
        if unit_id is None:
            roots = org.unit_tree(self._ctx.store)
            unit_id = roots[0].unit.id if roots else None
        if unit_id:
            self._dialog = BulletinDialog(self._ctx, unit_id, self)
            self._dialog.open()

    def print_current(self) -> BackgroundTask | None:
        """The meeting record as a PDF, rendered on a worker thread (the first one loads ReportLab's fonts: ~0.3 s),
        then previewed."""
        from jiaomei_desktop.services.study.minutes import render_minutes  # ReportLab: imported when first printed
        from jiaomei_desktop.ui.print_preview import render_in_background

        session_id = self.current_session_id()
        if not session_id:
            return None
        row = self.model.row_at(self.table.currentIndex().row())
        minutes = _("会议记录")
        name = f"{minutes}-{row.session_date:%Y%m%d}-{row.kind}.pdf" if row else _("会议记录.pdf")
        store = self._ctx.store
        self._task = render_in_background(self, _("正在生成会议记录"), lambda _report: render_minutes(store, session_id))
        self._task.done.connect(lambda pdf: self._show_minutes(pdf, name))
        self._task.error.connect(self._minutes_failed)
        return self._task

    def _show_minutes(self, pdf: bytes, name: str) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self._dialog = show_preview(self, pdf, _("会议记录"), name)

    def _minutes_failed(self, exc: BaseException) -> None:
        if is_cancel(exc):
            return
        if is_expected(exc):
            QMessageBox.warning(self, _("无法生成会议记录"), failure_text(exc))
        else:
            report_bug(exc)

    def export_excel(self) -> None:
        suggested = _("学习记录") + f"-{date.today():%Y%m%d}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("导出学习记录"), suggested, _("Excel 文件 (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundTask:
        from jiaomei_desktop.services.study.export import export_sessions  # openpyxl: imported when first exported

        query, store = self.model.query, self._ctx.store
        self._task = (Op(self, lambda progress: export_sessions(store, query, path, progress))
                      .with_progress(_("正在导出学习记录…"))
                      .success(lambda n: QMessageBox.information(
                          self, _("导出完成"), _("已导出 {n} 条会议记录（含出勤明细）到\n{path}").format(n=n, path=path)))
                      .failure_title(_("导出失败"))
                      .run())
        return self._task
