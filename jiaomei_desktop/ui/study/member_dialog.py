"""A member's study record for a year; also opened from the roster (`show_member_record`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.years import default_year, year_range
from jiaomei_desktop.i18n import _, join_clauses
from jiaomei_desktop.services import study
from jiaomei_desktop.services.study.committees import probations
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.study.models import MemberSessionsModel
from jiaomei_desktop.ui.study.probation_dialog import ProbationDialog
from jiaomei_desktop.ui.widgets import close_buttons, list_table


class MemberRecordDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: str, year: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person_id = person_id
        fit_to_screen(self, 900, 540)
        self.model = MemberSessionsModel(parent=self)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)  # a year's summary is one long sentence (1,350 px in English)
        self.year = QSpinBox(self)
        self.year.setRange(*year_range())  # the years with records, up to next year (domain/years)
        self.year.setPrefix(_("年度 "))
        self.year.setValue(year or default_year())
        self.year.valueChanged.connect(self.refresh)
        self.empty = QLabel(self)
        self.empty.setProperty("role", "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = list_table(self.model, self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = close_buttons(self)
        self.probation = QLabel(self)  # 留党察看 on file: no vote meanwhile
        self.probation.setProperty("role", "error")
        self.probation.setWordWrap(True)
        self.add_probation = QPushButton(_("登记留党察看…"), self)
        self.add_probation.clicked.connect(self.record_probation)
        discipline = QHBoxLayout()
        discipline.addWidget(self.probation, 1)
        discipline.addWidget(self.add_probation)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(discipline)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        record = study.member_record(self._ctx.store, self._person_id, self.year.value())
        self.setWindowTitle(_("{name}的学习记录").format(name=record.name))
        self.heading.setText(f"{record.name}  ·  {record.branch_name}")
        text = _("{y}年：出席 {a} 次，请假 {l} 次，缺席 {b} 次；党员教育 {h:g} 学时（应不少于 {t:g} 学时{state}）").format(
            y=record.year, a=record.attended, l=record.leave, b=record.absent, h=record.hours, t=record.target,
            state=_("，已达到") if record.target_met else _("，未达到"))
        if record.other_hours:
            text += _("；另有技术培训、安全生产学习等 {o:g} 学时，不计入党员教育学时").format(o=record.other_hours)
        self.summary.setText(text)
        self.model.set_record(record)
        has = bool(record.entries)
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        self.empty.setText(_("{y}年还没有此人的出勤记录").format(y=record.year))
        periods = [_("{start} 至 {end}").format(start=p.start.isoformat(), end=p.end.isoformat() if p.end else _("未定"))
                   for p in probations(self._ctx.store, self._person_id)]
        self.probation.setText(_("留党察看：{periods}（期间没有表决权、选举权和被选举权）").format(
            periods=join_clauses(periods)) if periods else "")
        self.probation.setVisible(bool(periods))
        self._name = record.name

    def record_probation(self) -> ProbationDialog:
        dialog = ProbationDialog(self._ctx, self._person_id, self._name, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog


def show_member_record(parent: QWidget | None, ctx: AppContext, person_id: str) -> MemberRecordDialog:
    """Open a member's study record (non-modal); the roster tab calls this for the selected person."""
    dialog = MemberRecordDialog(ctx, person_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
