"""One register as a panel: a filter line (year, search), New / Edit / Delete, the table and an empty state.
The 工作台账 tab holds three of them; the 责任区 tab extends one with placard printing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.ownership import OwnerMarker, row_owner
from jiaomei_desktop.ui.registers.models import Column, RowColours, RowsModel
from jiaomei_desktop.ui.tasks import Latest, Op
from jiaomei_desktop.ui.toolbar_row import ElidedLabel, ToolbarRow
from jiaomei_desktop.ui.widgets import set_column_widths

ALL_YEARS = 0
Rows = list[Any]
T = TypeVar("T")


SIZE_FROM_ROWS = 50


class ReadOnce(Generic[T]):
    """The rows read for one key (a unit and period) and kept: a register's filters then work on them in memory
    (a group's few thousand rows: a millisecond) instead of reading again. `RegisterPanel.refresh` forgets them."""

    def __init__(self, read: Callable[..., list[T]]) -> None:
        self._read = read
        self._key: tuple[Any, ...] | None = None
        self._rows: list[T] = []

    def __call__(self, *key: Any) -> list[T]:
        if key != self._key:
            self._rows, self._key = self._read(*key), key
        return self._rows

    def forget(self) -> None:
        self._key = None


class RegisterPanel(QWidget):
    """`load(unit_id, year) -> rows` (or the job that reads them), `open_dialog(existing_row | None) -> bool` (True when saved),
    `delete(row)`; `summary(rows) -> str` for the line above the table. With `store`, rows another office owns
    (their `owner_unit_id`) are marked read-only: Edit and Delete are off while one is selected. `colours` paints
    rows (RowsModel).

    With `background`, a register too big to read on the GUI thread at group scale (责任区: ~1,600 zones): `load` is
    called on the GUI thread (where it may read the filter widgets) and returns the job that reads the rows, which
    runs on a worker thread; the rows are shown when ready (`loaded`), the newest request winning. It may instead
    return rows it has at hand (a unit's read before, filtered in memory): shown at once when no read is under way."""

    loaded = Signal()
    rows_shown = Signal(object)  # the rows as `load` (or its job) returned them, before `loaded`
    history_restored = Signal()  # a record was put back from its 修改记录 (enable_history); the tab announces it

    # Columns are sized to the first rows shown and keep their widths on later filter changes: measuring took half
    # of a refresh (技术比武, 责任区: a third of each filter change), the columns hold the same kind of text in every
    # year and unit, and widths the user dragged stay. False: measured again on each refresh.
    size_columns_once = True
    kept: ReadOnce[Any] | None = None  # the rows `load` filters in memory, read again on `refresh`


    def __init__(self, columns: Sequence[Column], load: Callable[[str | None, int | None], Rows | Callable[[], Rows]],
                 open_dialog: Callable[[Any | None], bool], delete: Callable[[Any], None],
                 summary: Callable[[list[Any]], str], empty_text: str, years: Sequence[int],
                 parent: QWidget | None = None, store: Store | None = None, background: bool = False,
                 colours: RowColours | None = None) -> None:
        super().__init__(parent)
        self._background = background
        self._loads = Latest(self)
        self._load, self._open, self._delete, self._summary = load, open_dialog, delete, summary
        self._store = store
        self._owner_names: dict[str, str | None] = {}  # owner unit id -> office name when not this office
        self._sized = False  # columns sized to rows once (size_columns_once)
        self._columns_pending = False  # rows shown while hidden: columns to be sized when shown
        self._unit_pending = False  # the unit changed while hidden: rows to be read when shown
        self.unit_id: str | None = None
        self.history_button: QPushButton | None = None  # enable_history
        self._history: tuple[str, Callable[[Any], str]] | None = None
        self.model = RowsModel(columns, self, colours)
        self.year_combo = QComboBox(self)
        self.year_combo.addItem(_("全部年度"), ALL_YEARS)
        for year in years:
            self.year_combo.addItem(_("{year}年").format(year=year), year)
        if len(years):
            self.year_combo.setCurrentIndex(1)
        # another year or unit: `kept` reads what it does not hold; `refresh` reads again whatever it holds
        self.year_combo.currentIndexChanged.connect(lambda _i: self.filter_changed())
        self.new_button = QPushButton(_("新建"), self)
        self.new_button.setProperty("accent", "true")
        self.edit_button = QPushButton(_("修改"), self)
        self.delete_button = QPushButton(_("删除"), self)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.summary_label = ElidedLabel(self)
        self.summary_label.setProperty("role", "muted")
        # not `actions`: that would hide QWidget.actions(). Buttons a tab adds here fold into 更多 when narrow.
        self.toolbar = ToolbarRow()
        self._filters_end = 2  # the toolbar's place after the year and the filters inserted so far (insert_filter)
        self.toolbar.addWidget(QLabel(_("年度"), self))
        self.toolbar.addWidget(self.year_combo)
        self.toolbar.addWidget(self.summary_label, 1)
        self.owner_marker = OwnerMarker(self)
        self.toolbar.addWidget(self.owner_marker)
        for button in (self.new_button, self.edit_button, self.delete_button):
            self.toolbar.addWidget(button)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setProperty("role", "empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    @property
    def year(self) -> int | None:
        value = self.year_combo.currentData()
        return None if not value else int(value)

    def set_unit(self, unit_id: str | None) -> None:
        self.unit_id = unit_id
        if self.window().isVisible() and not self.isVisible():
            # a sub-tab not on screen in a window that is (工作台账 holds eight registers): read when shown — the
            # first showing of 工作台账 read all eight on the GUI thread
            self._unit_pending = True
            return
        self.filter_changed()

    def refresh(self) -> None:
        """Read the rows again (a save here, a change notice, a sync) and show them through the filters."""
        if self.kept is not None:
            self.kept.forget()
        self.filter_changed()

    def filter_changed(self) -> None:
        """Show the rows through the filters; what `kept` holds is filtered in memory, not read again."""
        if self._background:
            if self._loads.busy:  # the newest request runs when the running one ends, reading the filters then
                self._loads.run_soon(self._load_op)
                return
            loaded = self._load(self.unit_id, self.year)
            if callable(loaded):
                job = loaded
                self._loads.run_soon(lambda: self._op(job))
            else:
                # rows the tab had at hand (its unit's, filtered in memory): shown now — handing them to a worker
                # thread and back cost more than the filter, most of all on a busy machine. Nothing runs that could
                # overwrite them later.
                self._show_rows(loaded)
            return
        try:
            loaded = self._load(self.unit_id, self.year)
            rows = loaded() if callable(loaded) else loaded
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法读取"), str(exc))
            rows = []
        self._show_rows(rows)

    def _load_op(self) -> Op[list[Any]]:
        loaded = self._load(self.unit_id, self.year)
        return self._op(loaded if callable(loaded) else lambda: loaded)

    def _op(self, job: Callable[[], Rows]) -> Op[list[Any]]:
        return Op(self, lambda _progress: job()).success(self._show_rows).failure(self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, _("无法读取"), str(exc))
        self._show_rows([])

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest request's rows are shown."""
        self._loads.wait(msecs)

    def _show_rows(self, rows: list[Any]) -> None:
        self._owner_names.clear()  # a sync may have changed who keeps what
        self.model.set_rows(rows)
        self.summary_label.setText(self._summary(rows))
        self.stack.setCurrentIndex(0 if rows else 1)
        if not (self.size_columns_once and self._sized):
            if self.isVisible():
                self._size_columns()
            else:  # a sub-tab not on screen (工作台账 holds eight): measured when first shown, if ever
                self._columns_pending = True
        self._update_buttons()
        self.rows_shown.emit(rows)
        self.loaded.emit()

    def _size_columns(self) -> None:
        # Sized from the first rows only: measuring every row of the group's register (a thousand rows, ten columns,
        # every role) took ~300 ms on each tree click; the widths are capped below anyway.
        self._columns_pending = False
        self.table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        self._sized = self.model.rowCount() > 0

    def fix_column_widths(self, widths: Sequence[int], words: Mapping[int, Iterable[str]] | None = None) -> None:
        """Fixed widths, never measured: for columns whose texts are of known length (names of units, people). A
        column listed in `words` (its states or kinds) and any header is widened for the language shown
        (widgets.set_column_widths: English cut them to "Overdue (932 ...", "Not ...", "Model work...")."""
        set_column_widths(self.table, widths, words)
        self._sized = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unit_pending:
            self._unit_pending = False
            self.filter_changed()
        if self._columns_pending:
            self._size_columns()

    def selected_rows(self) -> list[Any]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        count = len(rows)
        foreign = next((name for name in map(self._foreign_owner, rows) if name), None)
        self.edit_button.setEnabled(count == 1 and not foreign)
        self.delete_button.setEnabled(count >= 1 and not foreign)
        if self.history_button is not None:  # another office's history may be read too (not put back)
            self.history_button.setEnabled(count == 1)
        self.owner_marker.show_owner(foreign)

    def _foreign_owner(self, row: Any) -> str | None:
        owner = getattr(row, "owner_unit_id", None)
        if self._store is None or not owner:
            return None
        if owner not in self._owner_names:
            self._owner_names[owner] = row_owner(self._store, owner)
        return self._owner_names[owner]

    def insert_filter(self, widget: QWidget) -> None:
        """A filter widget in the toolbar, after the year and the filters inserted before it."""
        self.toolbar.insertWidget(self._filters_end, widget)
        self._filters_end += 1

    def add_choice_filter(self, every: str, choices: Iterable[tuple[str, object]], every_value: object = "") -> QComboBox:
        """A choice filter (`every`: its 全部… entry, first), shown after the filters before it; a change filters the
        rows through `load` (filter_changed)."""
        combo = QComboBox(self)
        combo.addItem(every, every_value)
        for text, value in choices:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self.filter_changed())
        self.insert_filter(combo)
        return combo

    def add_button(self, text: str, clicked: Callable[[], object], tip: str = "") -> QPushButton:
        """A button at the end of the toolbar (the last fold into 更多 when the panel is narrow)."""
        button = QPushButton(text, self)
        if tip:
            button.setToolTip(tip)
        # called with no arguments: connected directly, a slot such as export(path=None) got clicked's False as its path
        button.clicked.connect(lambda: clicked())
        self.toolbar.addWidget(button)
        return button

    def enable_history(self, table: str, title: Callable[[Any], str]) -> QPushButton:
        """A 修改记录 button after Delete: the changes of the selected record of `table` (`title` names it)."""
        self.history_button = QPushButton(_("修改记录"), self)
        self.history_button.setToolTip(_("查看选中记录的每一次修改，并可恢复到之前的状态"))
        self.history_button.clicked.connect(self.show_history)
        self.toolbar.insertWidget(self.toolbar.indexOf(self.delete_button) + 1, self.history_button)
        self._history = (table, title)
        self._update_buttons()
        return self.history_button

    def show_history(self) -> QWidget | None:
        from jiaomei_desktop.ui.history_dialog import show_history

        rows = self.selected_rows()
        if self._history is None or self._store is None or len(rows) != 1:
            return None
        table, title = self._history
        dialog = show_history(self, self._store, table, rows[0].id, title(rows[0]))
        dialog.record_restored.connect(self._history_restored)
        return dialog

    def _history_restored(self) -> None:
        self.refresh()
        self.history_restored.emit()

    def new_record(self) -> None:
        if self._open(None):
            self.refresh()

    def edit_current(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._open(rows[0]):
            self.refresh()

    def delete_current(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        answer = QMessageBox.question(self, _("删除"), _("确定删除选中的{n}条记录吗？删除后其他单位同步时也会删除。")
                                      .format(n=len(rows)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for row in rows:
                self._delete(row)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法删除"), str(exc))
        self.refresh()


def export_xlsx(
    parent: QWidget, title: str, default_name: str, path: Path | None, write: Callable[[Path], int]
) -> int | None:
    """A register's Excel export: ask where (unless given), write, and say why in a message when it cannot."""
    if path is None:
        name, _filter = QFileDialog.getSaveFileName(parent, title, default_name, _("Excel 文件 (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
    try:
        return write(path)
    except ServiceError as exc:
        QMessageBox.warning(parent, _("无法导出"), str(exc))
        return None
