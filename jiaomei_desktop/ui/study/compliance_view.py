"""The compliance grid: branches × months for a year; clicking a cell lists the sessions behind it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.domain.years import default_year, year_range
from jiaomei_desktop.i18n import _, join_list
from jiaomei_desktop.services import study
from jiaomei_desktop.services.org import unit_tree
from jiaomei_desktop.services.study.compliance import ComplianceGrid, yearly_kinds
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.study.models import ID_ROLE, STATE_COLORS, ComplianceModel, SessionRowsModel
from jiaomei_desktop.ui.tasks import BackgroundTask, Latest, Op, failure_text
from jiaomei_desktop.ui.toolbar_row import ElidedLabel


class ComplianceView(QWidget):
    open_session = Signal(str)
    edit_rules = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit_id: str | None = None
        self._task: BackgroundTask | None = None
        self._loads = Latest()
        self.model = ComplianceModel(self)
        self.cell_model = SessionRowsModel(self)
        self._build()

    def _build(self) -> None:
        self.year = QSpinBox(self)
        self.year.setRange(*year_range())  # the years with records, up to next year (domain/years)
        self.year.setValue(default_year())
        self.year.setPrefix(_("年度 "))
        self.year.valueChanged.connect(self.refresh)
        # the summary gives way ("…", whole text in its tooltip) rather than widen the window: a group's English line
        # ("…: 276 branches, 7099 of 7346 requirements met (97%)") made the tab 1,303 px wide on a 1280-px screen
        self.summary = ElidedLabel(self)
        self.summary.setProperty("role", "muted")
        rules = QPushButton(_("规则设置"), self)
        rules.clicked.connect(self.edit_rules.emit)
        export = QPushButton(_("导出Excel"), self)
        export.clicked.connect(self.export_excel)
        legend = QHBoxLayout()
        for state, text in ((s, _(s.value)) for s in STATE_COLORS):
            swatch = QLabel(text, self)
            swatch.setStyleSheet(f"background: {STATE_COLORS[state].name()}; padding: 2px 8px;")
            legend.addWidget(swatch)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        top.addLayout(legend)
        top.addWidget(rules)
        top.addWidget(export)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._needed: list[int] = []
        self.table.viewport().installEventFilter(self)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.clicked.connect(self.show_cell)
        self.cell_title = QLabel(_("点击表格中的格子，查看这一月份的会议记录"), self)
        self.cell_title.setProperty("role", "muted")
        self.cell_table = QTableView(self)
        self.cell_table.setModel(self.cell_model)
        self.cell_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cell_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cell_table.verticalHeader().hide()
        header = self.cell_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.cell_table.doubleClicked.connect(
            lambda index: self.open_session.emit(self.cell_model.data(index, ID_ROLE)))
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.cell_title)
        lower_layout.addWidget(self.cell_table)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        self.refresh()

    def refresh(self) -> None:
        """Computed on a worker thread (about a second for the whole group): the year box and the tree stay live,
        and of several quick requests only the newest is shown."""
        self.summary.setText(_("正在计算…"))
        self._loads.run(self._grid_op)

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests: until the newest grid is shown."""
        self._loads.wait(msecs)

    def _grid_op(self) -> Op[ComplianceGrid | None]:
        store, unit_id, year = self._ctx.store, self._unit_id, self.year.value()

        def load(_progress: Progress) -> ComplianceGrid | None:
            if not unit_id:
                roots = unit_tree(store)
                if not roots:
                    return None
                return study.compliance_grid(store, roots[0].unit.id, year)
            return study.compliance_grid(store, unit_id, year)

        return Op(self, load).success(self._show_grid).failure(self._grid_failed)

    def _show_grid(self, grid: ComplianceGrid | None) -> None:
        self.model.set_grid(grid)
        self.cell_model.set_rows([])
        if grid is None:
            self.summary.setText(_("还没有单位"))
            return
        self.summary.setText(_("{unit}：党支部 {n} 个，应达标 {due} 项，已达标 {met} 项（{rate:.0%}）").format(
            unit=grid.unit_name, n=len(grid.rows), due=grid.total.due, met=grid.total.met, rate=grid.total.rate))
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_columns()

    def _grid_failed(self, exc: BaseException) -> None:
        self.model.set_grid(None)
        self.cell_model.set_rows([])
        self.summary.setText(failure_text(exc))

    def _fit_columns(self) -> None:
        """Each column gets the width of its widest text, and the room left over is shared out evenly; where a
        language's words are longer ("In progress" against 进行中) the grid scrolls sideways instead of cutting
        every cell to "In …"."""
        metrics = self.table.fontMetrics()
        self._needed = []
        rows = range(self.model.rowCount())
        for column in range(self.model.columnCount()):
            # Each distinct text measured once: 277 branches at group scale show a handful of different texts.
            texts = {self.model.headerData(column, Qt.Orientation.Horizontal)}
            texts.update(self.model.text(row, column) for row in rows)
            self._needed.append(max(metrics.horizontalAdvance(str(t)) for t in texts if t) + 10)
        self._share_width()

    def _share_width(self) -> None:
        needed = self._needed
        if not needed:
            return
        spare = max(0, self.table.viewport().width() - sum(needed)) // len(needed)
        header = self.table.horizontalHeader()
        for column, width in enumerate(needed):
            header.resizeSection(column, width + spare)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._share_width()  # the grid's own width changed (window, splitter, a scroll bar coming or going)
        return super().eventFilter(watched, event)

    def show_cell(self, index: QModelIndex) -> None:
        grid = self.model.grid
        cell = self.model.cell(index.row(), index.column())
        if grid is None or cell is None:
            return
        row = grid.rows[index.row()]
        if index.column() == ComplianceModel.YEAR_COLUMN:
            rows = study.cell_sessions(self._ctx.store, row.branch_id, grid.year, None, yearly_kinds(cell))
            when = _("{y}年").format(y=grid.year)
        else:
            rows = study.cell_sessions(self._ctx.store, row.branch_id, grid.year, index.column() + 1)
            when = _("{y}年{m}月").format(y=grid.year, m=index.column() + 1)
        missed = join_list(dict.fromkeys(cell.missed))
        text = _("{branch} {when}：{n} 次会议").format(branch=row.branch_name, when=when, n=len(rows))
        if missed:
            text += _("；未达标：{kinds}").format(kinds=missed)
        self.cell_title.setText(text)
        self.cell_model.set_rows(rows)

    def export_excel(self) -> None:
        grid = self.model.grid
        if grid is None:
            return
        suggested = _("组织生活制度落实情况") + f"-{grid.year}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("导出落实情况"), suggested, _("Excel 文件 (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundTask | None:
        grid = self.model.grid
        if grid is None:
            return None
        from jiaomei_desktop.services.study.export import export_compliance  # openpyxl: imported when first used

        task = (Op(self, lambda _progress: export_compliance(grid, path))
                .with_progress(_("正在导出…"))
                .success(lambda _r: QMessageBox.information(self, _("导出完成"), _("已导出到\n{path}").format(path=path)))
                .failure_title(_("导出失败"))
                .run())
        self._task = task
        return task
