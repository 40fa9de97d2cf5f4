"""统计 tab: every figure of the chosen unit's subtree for a year, a chart per group, click-through to the records,
Excel export and the annual report (GB/T 9704) with preview. Figures are computed off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
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

from jiaomei_desktop.domain.years import default_year, year_range
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.statistics import Dashboard, Figure, FigureGroup
from jiaomei_desktop.services.statistics.export import export_dashboard_xlsx
from jiaomei_desktop.services.statistics.period import period_dashboards
from jiaomei_desktop.services.statistics.report import render_period_report, render_report
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.statistics.charts import GroupChart
from jiaomei_desktop.ui.statistics.model import FiguresModel
from jiaomei_desktop.ui.statistics.records_dialog import RecordsDialog
from jiaomei_desktop.ui.tasks import Latest, Op, failure_text, is_cancel, is_expected, report_bug
from jiaomei_desktop.ui.toolbar_row import ElidedLabel, ToolbarRow
from jiaomei_desktop.ui.widgets import CELL_PADDING

AREAS = ("roster", "org", "study", "mentor", "honor", "registers", "sync")


class StatisticsTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("统计")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.today = today
        self._unit_id: str | None = None
        self._loads = Latest()  # one computation at a time; the newest request runs when it ends
        self._stale_hidden = False  # data changed while the tab was not shown: refresh when it is
        self.dashboard: Dashboard | None = None
        self.last_pdf: bytes | None = None
        self.model = FiguresModel(self)
        self._build()
        app = QApplication.instance()
        if app is not None:  # a worker thread still running when the window is torn down would abort the app
            app.aboutToQuit.connect(self.wait_idle)
        ctx.data_changed.changed.connect(self._on_data_changed)

    def _build(self) -> None:
        self.heading = ElidedLabel(self)  # gives way before the buttons fold; the whole text in its tooltip
        self.heading.setProperty("role", "heading")
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(*year_range(self.today))  # the years with records, up to next year (domain/years)
        self.year_spin.setValue(default_year(self.today))
        self.year_spin.setSuffix(_(" 年"))
        self.year_spin.valueChanged.connect(lambda _v: self.refresh())
        self.export_button = QPushButton(_("导出Excel…"), self)
        self.export_button.clicked.connect(lambda: self.export_excel())  # not clicked's False as the target
        self.report_button = QPushButton(_("年度报告…"), self)
        self.report_button.setProperty("accent", "true")
        self.report_button.setToolTip(_("按公文格式（GB/T 9704）生成年度统计报告，预览后打印或保存（Ctrl+P）"))
        self.report_button.clicked.connect(self.print_current)
        # A report over several years ("2022年至2026年，先后…累计"): from this year up to the year chosen above.
        self.from_spin = QSpinBox(self)
        self.from_spin.setRange(*year_range(self.today))
        self.from_spin.setValue(max(self.from_spin.minimum(), default_year(self.today) - 4))
        self.from_spin.setSuffix(_(" 年"))
        self.period_button = QPushButton(_("期间报告…"), self)
        self.period_button.setToolTip(_("从起始年度到所选年度的多年累计统计报告（先后……累计……）"))
        self.period_button.clicked.connect(self.print_period)
        self.status = QLabel(self)
        self.status.setProperty("role", "muted")
        # One line: the years first, then the buttons, which fold into 更多 from the last (期间报告) when narrow —
        # the 起始年度 box stays in the row for a 期间报告 chosen from the menu.
        self.from_spin.setToolTip(self.period_button.toolTip())
        top = ToolbarRow()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(_("年度"), self))
        top.addWidget(self.year_spin)
        top.addWidget(QLabel(_("起始年度"), self))
        top.addWidget(self.from_spin)
        top.addWidget(self.export_button)
        top.addWidget(self.report_button)
        top.addWidget(self.period_button)
        self.toolbar = top
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # 数值 and 单位: _size_value_columns
        self.table.doubleClicked.connect(lambda index: self.open_records(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_chart(current.row()))
        self.chart = GroupChart(self)
        self.chart.figure_clicked.connect(self.open_figure)
        hint = QLabel(_("双击指标（或点击图表中的扇区、柱条）查看背后的记录"), self)
        hint.setProperty("role", "muted")
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.chart, 1)
        right_layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # loading ---------------------------------------------------------------------------------------------------
    def wait_idle(self, msecs: int = 30000) -> None:
        self._loads.wait(msecs)

    def set_unit(self, unit_id: str | None) -> None:
        """Computed when the tab is on screen: the dashboard costs ~0.5 s for the group, not worth paying for a tab
        nobody is looking at on every tree click."""
        self._unit_id = unit_id
        self.refresh()

    @property
    def year(self) -> int:
        return self.year_spin.value()

    @property
    def busy(self) -> bool:
        return self._loads.busy

    def refresh(self) -> None:
        if not self.isVisible():
            self._stale_hidden = True  # computed when the tab is next shown
            return
        self.status.setText(_("正在统计…"))
        self._loads.run(self._dashboard_op)

    def _dashboard_op(self) -> Op[Dashboard]:
        store, unit_id, year, today = self._ctx.store, self._unit_id, self.year, self.today
        return (Op(self, lambda _p: statistics.dashboard(store, unit_id, year, today))
                .success(self._on_done)
                .failure(self._on_error)
                .finally_(lambda: self.status.setText("")))  # a bug is reported by the hook; no "正在统计…" left

    def _on_done(self, dash: Dashboard) -> None:
        current = self.model.item(self.table.currentIndex().row())
        self.dashboard = dash
        self.model.set_dashboard(dash)
        self._size_value_columns()
        self.heading.setText(_("{unit} {year}年度统计").format(unit=dash.unit_name, year=dash.year))
        self.status.setText(_("统计截至 {day}；党员 {n} 名").format(day=dash.as_of.isoformat(),
                                                             n=f"{int(dash.value('members.total')):,}"))
        row = self.model.row_of(current.key) if current is not None else -1
        self.table.selectRow(row if row >= 0 else 0)
        self._show_chart(max(row, 0))
        self._update_buttons()

    def _size_value_columns(self) -> None:
        """数值 and 单位 as wide as their widest text, measured once per dashboard from the texts (sized to contents
        by the header, every row went through the delegate again on each selection: ~75 ms of the tab's first
        showing at group scale; once through the delegate still took ~60 ms)."""
        metrics, header = self.table.fontMetrics(), self.table.horizontalHeader()
        for column in (1, 2):
            texts = [self.model.data(self.model.index(row, column)) for row in range(self.model.rowCount())]
            widest = max((metrics.horizontalAdvance(str(t)) for t in texts if t), default=0) + CELL_PADDING
            header.resizeSection(column, max(widest, header.sectionSizeHint(column)))

    def _on_error(self, exc: BaseException) -> None:
        self.dashboard = None
        self.model.set_dashboard(None)
        self.status.setText(_("统计失败：{error}").format(error=failure_text(exc)))
        self._update_buttons()

    def _on_data_changed(self, area: str) -> None:
        if area in AREAS:
            self.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale_hidden:
            self._stale_hidden = False
            self.refresh()

    def _update_buttons(self) -> None:
        ready = self.dashboard is not None
        self.export_button.setEnabled(ready)
        self.report_button.setEnabled(ready)

    # chart and click-through -----------------------------------------------------------------------------------
    def _group_at(self, row: int) -> FigureGroup | None:
        if self.dashboard is None:
            return None
        item = self.model.item(row)
        if isinstance(item, FigureGroup):
            return item
        if isinstance(item, Figure):
            return self.dashboard.group(item.key.split(".", 1)[0])
        return None

    def _show_chart(self, row: int) -> None:
        self.chart.show_group(self._group_at(row))

    def open_records(self, row: int) -> RecordsDialog | None:
        item = self.model.item(row)
        return self.open_figure(item.key) if isinstance(item, Figure) else None

    def open_figure(self, key: str) -> RecordsDialog | None:
        if self.dashboard is None:
            return None
        figure = self.dashboard.figure(key)
        if not figure.clickable:
            QMessageBox.information(self, _(figure.label), _("这个指标没有可列出的记录"))
            return None
        dialog = RecordsDialog(statistics.records_behind(self._ctx.store, figure), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # export and report -----------------------------------------------------------------------------------------
    def export_excel(self, target: Path | None = None) -> None:
        dash = self.dashboard
        if dash is None:
            return
        if target is None:
            name = _("{unit}{year}年度党建统计.xlsx").format(unit=dash.unit_name, year=dash.year)
            path, _filter = QFileDialog.getSaveFileName(self, _("导出Excel"), name, _("Excel 文件 (*.xlsx)"))
            if not path:
                return
            target = Path(path)
        self._task_export = (Op(self, lambda _p: export_dashboard_xlsx(dash, target))
                             .with_progress(_("正在导出"))
                             .success(lambda path: self.status.setText(_("已导出到 {path}").format(path=path)))
                             .failure_title(_("导出失败"))
                             .run())

    def _export_failed(self, exc: object) -> None:
        if is_cancel(exc):
            return
        if is_expected(exc):
            QMessageBox.warning(self, _("导出失败"), failure_text(exc))  # type: ignore[arg-type]
        else:
            report_bug(exc)  # type: ignore[arg-type]

    def save_current(self) -> None:
        """Ctrl+S: export the figures to Excel."""
        self.export_excel()

    def print_current(self) -> None:
        dash = self.dashboard
        if dash is None:
            return
        from jiaomei_desktop.ui.print_preview import render_in_background  # Qt PDF and printing: ~13 ms

        store = self._ctx.store
        self._report_task = render_in_background(self, _("正在生成年度报告"),
                                                 lambda _report: render_report(dash, store=store))
        self._report_task.done.connect(self._show_report)
        self._report_task.error.connect(self._export_failed)

    def print_period(self) -> None:
        """The period report from the 起始年度 to the chosen year, each year as of its year-end."""
        from jiaomei_desktop.ui.print_preview import render_in_background

        store, unit_id, today = self._ctx.store, self._unit_id, self.today
        first, last = self.from_spin.value(), self.year

        def render(_report: object) -> bytes:
            return render_period_report(period_dashboards(store, unit_id, first, last, today))

        self._period_title = _("{first}—{last}年党建工作统计报告").format(first=first, last=last)
        self._report_task = render_in_background(self, _("正在生成期间报告"), render)
        self._report_task.done.connect(self._show_period)
        self._report_task.error.connect(self._export_failed)

    def _show_period(self, pdf: bytes) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self.last_pdf = pdf
        show_preview(self, pdf, self._period_title, f"{self._period_title}.pdf")

    def _show_report(self, pdf: bytes) -> None:
        from jiaomei_desktop.ui.print_preview import show_preview

        self.last_pdf = pdf
        dash = self.dashboard
        title = _("{unit}{year}年度党建工作统计报告").format(unit=dash.unit_name, year=dash.year) if dash else _("年度报告")
        show_preview(self, pdf, title, f"{title}.pdf")
