"""学习通报 built from the study log: choose the period, look at and edit the figures and the gaps, then preview and
print it as a GB/T 9704 notice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.years import default_year, year_range
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.study_bulletin import StudyBulletinData, render_study_bulletin
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.study.bulletin_data import BulletinPeriod, bulletin_data

_QUARTERS = (N_("第一季度"), N_("第二季度"), N_("第三季度"), N_("第四季度"))


class BulletinDialog(QDialog):
    """Generated figures in editable fields; 预览并打印 renders what the fields say, not the log again."""

    def __init__(self, ctx, unit_id: str, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(_("学习通报"))
        self._ctx, self._unit_id = ctx, unit_id
        self.data: StudyBulletinData | None = None
        self.year = QSpinBox(self)
        self.year.setRange(*year_range())
        self.year.setValue(default_year())
        self.period = QComboBox(self)
        self.period.addItem(_("全年"), (1, 12))
        for q, name in enumerate(_QUARTERS, start=1):
            self.period.addItem(_(name), (3 * q - 2, 3 * q))
        for m in range(1, 13):
            self.period.addItem(_("{m}月").format(m=m), (m, m))
        generate = QPushButton(_("从学习记录生成"), self)
        generate.clicked.connect(self.generate)
        top = QHBoxLayout()
        for w in (QLabel(_("年度"), self), self.year, QLabel(_("期间"), self), self.period, generate):
            top.addWidget(w)
        top.addStretch(1)
        self.unit_name = QLineEdit(self)
        self.period_label = QLineEdit(self)
        self.recipients = QLineEdit(self)
        self.issuer = QLineEdit(self)
        self.issue_date = QDateEdit(self)
        self.issue_date.setCalendarPopup(True)
        self.issue_date.setDisplayFormat("yyyy-MM-dd")
        self.issue_date.setDate(QDate.currentDate())
        self.attendance = QDoubleSpinBox(self)
        self.attendance.setRange(0, 100)
        self.attendance.setSuffix(" %")
        self.attendance.setDecimals(1)
        self.safety = QSpinBox(self)
        self.safety.setRange(0, 1_000_000)
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 10_000_000)
        self.hours.setDecimals(1)
        form = QFormLayout()
        form.addRow(_("单位"), self.unit_name)
        form.addRow(_("期间名称"), self.period_label)
        form.addRow(_("主送"), self.recipients)
        form.addRow(_("落款"), self.issuer)
        form.addRow(_("成文日期"), self.issue_date)
        form.addRow(_("参会率"), self.attendance)
        form.addRow(_("结合安全生产（次）"), self.safety)
        form.addRow(_("学时"), self.hours)
        self.kinds = self._table([_("学习类别"), _("开展次数")])
        self.gaps = self._table([_("党组织"), _("存在问题")])
        add_gap = QPushButton(_("添加问题"), self)
        add_gap.clicked.connect(lambda: self.gaps.insertRow(self.gaps.rowCount()))
        remove_gap = QPushButton(_("删除所选问题"), self)
        remove_gap.clicked.connect(self._remove_gap)
        gap_buttons = QHBoxLayout()
        gap_buttons.addWidget(add_gap)
        gap_buttons.addWidget(remove_gap)
        gap_buttons.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.preview_button = buttons.addButton(_("预览并打印…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.clicked.connect(self.preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("各类学习开展次数"), self))
        layout.addWidget(self.kinds, 1)
        layout.addWidget(QLabel(_("存在问题（可修改、添加、删除）"), self))
        layout.addWidget(self.gaps, 2)
        layout.addLayout(gap_buttons)
        layout.addWidget(buttons)
        self.preview_button.setEnabled(False)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setStretchLastSection(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setColumnWidth(0, 240)  # unit names are long (九里山矿综采一队党支部)
        return table

    def _remove_gap(self) -> None:
        for row in sorted({i.row() for i in self.gaps.selectedIndexes()}, reverse=True):
            self.gaps.removeRow(row)

    def generate(self) -> None:
        first, last = self.period.currentData()
        try:
            data = bulletin_data(self._ctx.store, self._unit_id, BulletinPeriod(self.year.value(), first, last))
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法生成学习通报"), str(exc))
            return
        self.show_data(data)

    def show_data(self, data: StudyBulletinData) -> None:
        self.data = data
        self.unit_name.setText(data.unit_name)
        self.period_label.setText(data.period_label)
        self.recipients.setText(data.recipients)
        self.issuer.setText(data.issuer)
        self.issue_date.setDate(QDate(data.issue_date.year, data.issue_date.month, data.issue_date.day))
        self.attendance.setValue(round(data.attendance_rate * 100, 1))
        self.safety.setValue(data.safety_sessions)
        self.hours.setValue(data.hours or 0.0)
        _fill(self.kinds, [(k, str(n)) for k, n in data.sessions_by_kind.items()])
        _fill(self.gaps, data.gaps)
        self.preview_button.setEnabled(True)

    def edited(self) -> StudyBulletinData:
        """The bulletin as the fields now say (raises ValueError naming a bad count)."""
        assert self.data is not None
        kinds: dict[str, int] = {}
        for kind, count in _rows(self.kinds):
            if kind:
                if not count.strip().isdigit():
                    raise ValueError(_("“{kind}”的开展次数应为整数：{count}").format(kind=kind, count=count))
                kinds[kind] = int(count)
        d = self.issue_date.date()
        return replace(
            self.data,
            unit_name=self.unit_name.text().strip(),
            period_label=self.period_label.text().strip(),
            recipients=self.recipients.text().strip(),
            issuer=self.issuer.text().strip(),
            issue_date=date(d.year(), d.month(), d.day()),
            attendance_rate=self.attendance.value() / 100,
            safety_sessions=self.safety.value(),
            hours=self.hours.value() or None,
            sessions_by_kind=kinds,
            gaps=[(u, r) for u, r in _rows(self.gaps) if u or r],
        )

    def render(self) -> bytes:
        return render_study_bulletin(self.edited())

    def preview(self) -> None:
        try:
            pdf = self.render()
        except (ValueError, ReportError) as exc:
            QMessageBox.warning(self, _("无法生成学习通报"), str(exc))
            return
        from jiaomei_desktop.ui.print_preview import show_preview

        self._preview = show_preview(
            self, pdf, _("学习通报"), _("学习通报-{period}.pdf").format(period=self.period_label.text())
        )


def _fill(table: QTableWidget, rows: list[tuple[str, str]]) -> None:
    table.setRowCount(0)
    for values in rows:
        row = table.rowCount()
        table.insertRow(row)
        for col, value in enumerate(values):
            table.setItem(row, col, QTableWidgetItem(value))


def _rows(table: QTableWidget) -> list[tuple[str, str]]:
    out = []
    for row in range(table.rowCount()):
        cells = [table.item(row, col) for col in range(table.columnCount())]
        texts = [c.text().strip() if c else "" for c in cells]
        out.append((texts[0], texts[1]))
    return out
