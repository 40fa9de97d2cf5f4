"""先进典型 tab: filters and search, the card grid, the detail view, and the honour, print and export actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.honor import LEVELS
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import honors, office, org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.honors import BoardOptions, HonorQuery
from jiaomei_desktop.services.honors.documents import certificate_issuer, set_certificate_issuer
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.gallery.board_dialog import BoardOptionsDialog
from jiaomei_desktop.ui.gallery.delegate import CARD_SIZE, CardDelegate
from jiaomei_desktop.ui.gallery.detail import DetailPanel
from jiaomei_desktop.ui.gallery.honor_dialog import HonorDialog
from jiaomei_desktop.ui.gallery.model import GalleryModel
from jiaomei_desktop.ui.gallery.overprint_dialog import OverprintDialog
from jiaomei_desktop.ui.ownership import make_read_only, record_owner
from jiaomei_desktop.ui.tasks import BackgroundTask, Op
from jiaomei_desktop.ui.toolbar_row import ToolbarRow

SEARCH_DELAY_MS = 150
_ALL = ""
SORTS = (("honor", N_("按荣誉级别")), ("date", N_("按获奖时间")), ("name", N_("按姓名拼音")))
KINDS = ((_ALL, N_("个人和集体")), ("person", N_("先进个人")), ("unit", N_("先进集体")))


class GalleryView(QListView):
    """The card grid; its cells widen with the window so the cards spread evenly instead of leaving a gap."""

    MIN_GAP = 8

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        # Count the scroll bar in even while it is hidden: it appears once the cards overflow, and the grid must
        # still fit then (otherwise the last column wraps and leaves a wide gap).
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width() - 2
        cell = CARD_SIZE.width() + self.MIN_GAP
        columns = max(1, width // cell)
        grid = QSize(max(cell, width // columns), CARD_SIZE.height() + self.MIN_GAP)
        if grid != self.gridSize():
            self.setGridSize(grid)
        super().resizeEvent(event)


class GalleryTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("先进典型")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit_id: str | None = None
        self._task: BackgroundTask | None = None
        self.last_preview = None
        self.model = GalleryModel(ctx.store, self)
        self.model.loaded.connect(self._on_loaded)
        self._select_when_loaded: str | None = None
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        ctx.data_changed.changed.connect(self._on_data_changed)
        self._fill_choices()
        self.apply_filters()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索：姓名、拼音首字母（如 wjg）、单位，或事迹中的词（如 传帮带）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.year_filter = QComboBox(self)
        self.level_filter = QComboBox(self)
        self.category_filter = QComboBox(self)
        self.kind_filter = QComboBox(self)
        self.sort_choice = QComboBox(self)
        for value, label in KINDS:
            self.kind_filter.addItem(_(label), value)
        for value, label in SORTS:
            self.sort_choice.addItem(_(label), value)
        self.level_filter.addItem(_("全部级别"), _ALL)
        for level in LEVELS:
            self.level_filter.addItem(_(level), level)
        for combo in (self.year_filter, self.level_filter, self.category_filter, self.kind_filter, self.sort_choice):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")

        self.new_button = self._button(_("新建荣誉"), self.new_record, accent=True)
        self.board_button = self._button(_("打印光荣榜"), self.print_current)
        self.certificate_button = self._button(_("打印荣誉证书"), self.print_certificates)
        self.overprint_button = self._button(_("套打证书…"), self.open_overprint)
        self.export_button = self._button(_("导出Excel"), self.export_excel)
        self.selection_label = QLabel(self)
        self.selection_label.setProperty("role", "muted")

        filters = FlowLayout()
        filters.addWidget(self.search, 3)
        for combo in (self.year_filter, self.level_filter, self.category_filter, self.kind_filter, self.sort_choice):
            filters.addWidget(combo)
        filters.addWidget(self.count_label)
        actions = ToolbarRow()
        actions.addWidget(self.new_button)
        actions.addWidget(self.selection_label)
        actions.addStretch(1)
        for button in (self.board_button, self.certificate_button, self.overprint_button, self.export_button):
            actions.addWidget(button)

        self.view = GalleryView(self)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWrapping(True)
        self.view.setUniformItemSizes(True)
        # A fixed grid and batched layout: thousands of cards are placed a few hundred at a time between events,
        # so the first screen shows at once and the window never waits for the whole gallery to be laid out.
        self.view.setGridSize(CARD_SIZE + QSize(GalleryView.MIN_GAP, GalleryView.MIN_GAP))
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(300)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap; never sideways
        self.view.verticalScrollBar().setSingleStep(24)
        self.view.setItemDelegate(CardDelegate(self.view))
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(lambda current, _prev: self._show_detail(current.row()))
        self.view.selectionModel().selectionChanged.connect(self._update_selection)
        self.view.doubleClicked.connect(lambda index: self._edit_best(index.row()))

        self.empty_label = QLabel(self)
        self.empty_label.setProperty("role", "empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)

        self.detail = DetailPanel(self._ctx.store, self)
        self.detail.setMinimumWidth(320)
        self.detail.add_requested.connect(lambda key: self.open_editor(subject_key=key))
        self.detail.edit_requested.connect(lambda honour_id: self.open_editor(honour_id=honour_id))
        self.detail.delete_requested.connect(self.delete_honour)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 360])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self._update_selection()

    def _button(self, text: str, slot, accent: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if accent:
            button.setProperty("accent", True)
        return button

    def _fill_choices(self) -> None:
        """Years and categories come from the data; keep the user's choice when the lists are refilled."""
        year, category = self.year_filter.currentData(), self.category_filter.currentData()
        for combo in (self.year_filter, self.category_filter):
            combo.blockSignals(True)
            combo.clear()
        self.year_filter.addItem(_("全部年度"), 0)
        for value in honors.years(self._ctx.store):
            self.year_filter.addItem(_("{year}年").format(year=value), value)
        self.category_filter.addItem(_("全部类别"), _ALL)
        for name in honors.categories(self._ctx.store):
            self.category_filter.addItem(_(name), name)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(year)))
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(category)))
        for combo in (self.year_filter, self.category_filter):
            combo.blockSignals(False)

    # -- filtering ---------------------------------------------------------------------------------------------
    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        self.apply_filters()

    def current_query(self) -> HonorQuery:
        return replace(self.model.query, text=self.search.text(), unit_id=self._unit_id,
                       year=self.year_filter.currentData() or None, level=self.level_filter.currentData() or None,
                       category=self.category_filter.currentData() or None,
                       kind=self.kind_filter.currentData() or None, sort=self.sort_choice.currentData() or "honor")

    def apply_filters(self) -> None:
        """The cards are found on a worker thread; `_on_loaded` shows them. Built, the tab asks once (its filters
        and then its unit are one request)."""
        self._search_timer.stop()
        if self._select_when_loaded is None:
            self._select_when_loaded = self.current_key()
        self.model.set_query(self.current_query())

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest filter's cards are shown."""
        self.model.wait_idle(msecs)

    def _on_loaded(self) -> None:
        self._show_count()
        key, self._select_when_loaded = self._select_when_loaded, None
        row = self.model.row_of(key) if key else -1
        if row >= 0:
            self.select_row(row)
        else:
            self.detail.show_subject(None)

    def _filtered(self) -> bool:
        q = self.model.query
        return bool(q.text.strip() or q.year or q.level or q.category or q.kind)

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(_("{n} 个先进典型，{m} 项荣誉").format(n=n, m=self.model.honor_count))
        if n:
            self.stack.setCurrentWidget(self.view)
        else:
            self.empty_label.setText(
                _("没有符合条件的先进典型 — 换个关键字或筛选条件试试") if self._filtered()
                else _("这里还没有先进典型 — 点击“新建荣誉”记录第一位先进个人或先进集体")
            )
            self.stack.setCurrentWidget(self.empty_label)
        self._update_selection()

    def _on_data_changed(self, area: str) -> None:
        if area in ("honor", "roster", "org", "sync"):
            self._fill_choices()
            self.apply_filters()

    # -- selection and detail ----------------------------------------------------------------------------------
    def current_key(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.key(index.row()) if index.isValid() else None

    def selected_keys(self) -> list[str]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [key for key in (self.model.key(r) for r in rows) if key]

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)

    def _show_detail(self, row: int) -> None:
        self.detail.show_subject(self.model.key(row))

    def _update_selection(self, *_args: object) -> None:
        n = len(self.view.selectionModel().selectedIndexes()) if self.view.selectionModel() else 0
        self.selection_label.setText(_("已选 {n} 个（按住 Ctrl 或 Shift 多选）").format(n=n) if n
                                     else _("选中卡片后可打印光荣榜和荣誉证书"))
        self.board_button.setEnabled(n > 0)
        self.certificate_button.setEnabled(n > 0)
        self.overprint_button.setEnabled(n > 0)

    # -- editing -----------------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> HonorDialog:
        return self.open_editor()

    def _edit_best(self, row: int) -> None:
        card = self.model.card_at(row) if 0 <= row < self.model.rowCount() else None
        if card:
            self.open_editor(honour_id=card.honor_id)

    def open_editor(self, honour_id: str | None = None, subject_key: str | None = None) -> HonorDialog:
        honour = honors.get_honor(self._ctx.store, honour_id) if honour_id else None
        dialog = HonorDialog(self._ctx, honour, subject_key=subject_key, default_unit_id=self._unit_id, parent=self)
        dialog.saved.connect(self._after_save)
        owner = record_owner(self._ctx.store, "honor", honour_id) if honour_id else None
        if owner:
            make_read_only(dialog, owner)
        dialog.open()
        return dialog

    def _after_save(self, honour_id: str) -> None:
        honour = honors.get_honor(self._ctx.store, honour_id)
        self._select_when_loaded = honors.card_key(honour.person_id, honour.unit_id)  # once the list holds it
        self._ctx.data_changed.changed.emit("honor")

    def delete_honour(self, honour_id: str, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(self, _("删除荣誉"), _("确定删除这项荣誉记录吗？删除后其他单位同步时也会删除。"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            honors.delete_honor(self._ctx.store, honour_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法删除"), str(exc))
            return
        self._ctx.data_changed.changed.emit("honor")

    # -- documents and export ----------------------------------------------------------------------------------
    def _unit_name(self) -> str:
        try:
            unit_id = self._unit_id or office.office_unit_id(self._ctx.store)
            return org.get_unit(self._ctx.store, unit_id).name
        except (ServiceError, office.NoOfficeError):
            return ""

    def _need_selection(self) -> list[str] | None:
        keys = self.selected_keys()
        if not keys:
            QMessageBox.information(self, _("请先选择"), _("请先在左侧选中要打印的先进个人或集体（可按住 Ctrl 多选）"))
            return None
        return keys

    def print_current(self) -> None:
        keys = self._need_selection()
        if not keys:
            return
        year = self.model.query.year
        dialog = BoardOptionsDialog(self._unit_name(), _("{year}年度").format(year=year) if year else "", len(keys), self)
        if dialog.exec() == BoardOptionsDialog.DialogCode.Accepted:
            self.print_board(keys, dialog.options())

    def print_board(self, keys: list[str], options: BoardOptions) -> BackgroundTask:
        store, query = self._ctx.store, self.model.query
        return self._render(_("正在生成光荣榜…"), lambda _p: honors.render_board_pdf(store, keys, options, query),
                            _("光荣榜"))

    def _issuer(self) -> str | None:
        store = self._ctx.store
        issuer = certificate_issuer(store)
        if not issuer:  # no 基层党委 above this office: ask once, remembered for every later batch
            text, ok = QInputDialog.getText(self, _("证书落款"), _("证书落款单位（本单位党委，如“中共某某矿委员会”）："))
            if not ok or not text.strip():
                return None
            set_certificate_issuer(store, text)
            issuer = text.strip()
        return issuer

    def open_overprint(self, keys: list[str] | None = None) -> OverprintDialog | None:
        """套打: the selected certificates' words onto a bought certificate book, calibrated per printer."""
        keys = keys or self._need_selection()
        issuer = self._issuer() if keys else None
        if not keys or not issuer:
            return None
        store, query = self._ctx.store, self.model.query
        dialog = OverprintDialog(store.data_dir, lambda: honors.certificate_items(store, keys, query, issuer),
                                 QPrinterInfo.availablePrinterNames(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialog = dialog
        dialog.open()
        return dialog

    def print_certificates(self, keys: list[str] | None = None) -> BackgroundTask | None:
        keys = keys or self._need_selection()
        if not keys:
            return None
        store, query = self._ctx.store, self.model.query
        issuer = self._issuer()
        if not issuer:
            return None
        return self._render(_("正在生成荣誉证书…"),
                            lambda progress: honors.render_certificates_pdf(store, keys, query, issuer,
                                                                            progress=progress),
                            _("荣誉证书"))

    def _render(self, title: str, job, document: str) -> BackgroundTask:  # type: ignore[no-untyped-def]
        from jiaomei_desktop.ui.print_preview import show_preview

        self._task = (Op(self, job)
                      .with_progress(title)
                      .success(lambda pdf: setattr(self, "last_preview", show_preview(
                          self, pdf, document, f"{document}-{date.today():%Y%m%d}.pdf")))
                      .failure_title(_("无法生成{document}").format(document=document))
                      .run())
        return self._task

    def export_excel(self) -> None:
        suggested = _("先进典型") + f"-{date.today():%Y%m%d}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("导出先进典型"), suggested, _("Excel 文件 (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundTask:
        store, query = self._ctx.store, self.model.query
        self._task = (Op(self, lambda progress: honors.export_honors_xlsx(store, query, path, progress))
                      .with_progress(_("正在导出…"))
                      .success(lambda n: QMessageBox.information(
                          self, _("导出完成"), _("已导出 {n} 项荣誉到\n{path}").format(n=n, path=path)))
                      .failure_title(_("导出失败"))
                      .run())
        return self._task

    # -- lifetime ----------------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(1280, 800)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop thumbnail workers before the store closes."""
        self.model.shutdown()
        self.detail.shutdown()
