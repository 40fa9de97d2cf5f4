"""A chart for one figure group (QtCharts): pie for shares of a whole, horizontal bars for the rest.
Clicking a slice or a bar reports the figure's key, so the chart clicks through like the table."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QPieSlice,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.statistics import FigureGroup
from jiaomei_desktop.services.statistics.model import NON_COUNT_UNITS

PALETTE = ("#C8102E", "#E3646B", "#F2A7A0", "#8C6D62", "#C9B8A8", "#5F6368", "#9AA0A6", "#D9A441", "#7E9C8A")
MAX_BARS = 15  # more bars than this get too thin for their unit names to show


class GroupChart(QChartView):
    figure_clicked = Signal(str)  # figure key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(360, 280)
        self._keys: list[str] = []
        self.show_group(None)

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def show_group(self, group: FigureGroup | None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        figures = [f for f in group.figures if f.unit != "%"] if group else []
        self._keys = [f.key for f in figures][:MAX_BARS]
        if group is None or not figures or (group.chart == "none" and not self._countable(group)):
            chart.setTitle(_("选择左侧的一组指标查看图表"))
        elif group.chart == "pie":
            self._pie(chart, group)
        else:
            self._bars(chart, group)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    @staticmethod
    def _countable(group: FigureGroup) -> bool:
        return sum(1 for f in group.figures if f.unit not in NON_COUNT_UNITS) >= 2

    def _pie(self, chart: QChart, group: FigureGroup) -> None:
        series = QPieSeries()
        for i, figure in enumerate(f for f in group.figures if f.value):
            part = series.append(f"{_(figure.label)} {figure.display()}", float(figure.value))
            part.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            part.setLabelVisible(True)
            part.clicked.connect(lambda key=figure.key: self.figure_clicked.emit(key))
        series.setPieSize(0.62)
        for part in series.slices():
            part.setLabelPosition(QPieSlice.LabelPosition.LabelOutside)
        chart.addSeries(series)
        chart.setTitle(_(group.title))
        chart.legend().hide()

    def _bars(self, chart: QChart, group: FigureGroup) -> None:
        figures = [f for f in group.figures if f.unit not in NON_COUNT_UNITS]
        title = _(group.title)
        if len(figures) > MAX_BARS:  # e.g. 48 units under the group: the largest ones, biggest first
            figures = sorted(figures, key=lambda f: -f.value)[:MAX_BARS]
            title = _("{title}（前{n}个）").format(title=title, n=MAX_BARS)
        self._keys = [f.key for f in figures]
        bars = QBarSet(_(group.title))
        bars.setColor(QColor(PALETTE[0]))
        for figure in reversed(figures):  # the first figure on top
            bars.append(float(figure.value))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        # Outside the bar: a short bar (361 beside 6,058) would clip its own number.
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        bars.setLabelColor(QColor("#333333"))
        series.clicked.connect(lambda index, _set: self.figure_clicked.emit(self._keys[len(self._keys) - 1 - index]))
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_(f.label) for f in reversed(figures)])
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setMin(0)
        values.setMax(max([float(f.value) for f in figures] + [1.0]) * 1.15)
        values.applyNiceNumbers()  # whole, round ticks (0, 50, 100 …) rather than 88, 177
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.setTitle(title)
        chart.legend().hide()
