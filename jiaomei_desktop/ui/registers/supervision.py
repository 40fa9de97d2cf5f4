"""The 13710督办 section of the 工作台账 tab: the items of the unit chosen in the tree (overdue first and marked in
red), a state filter, New / Edit / Delete, 进展 (a dated note), 办结 (date and who confirmed), the open and overdue
count per unit, and Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import N_, _, ngettext
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.registers.forms import RegisterDialog, _combo, _pydate, _qdate
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import ReadOnce, RegisterPanel, export_xlsx
from jiaomei_desktop.ui.registers.tables_dialog import Table, TablesDialog
from jiaomei_desktop.ui.theme import MUTED_FG
from jiaomei_desktop.ui.unit_picker import searchable_units

OVERDUE_BACKGROUND = QColor("#FCE8E6")  # the study grid's "missed" colour
OVERDUE_TEXT = QColor("#B3261E")
DONE_TEXT = QColor("#5F6368")
ALL_STATES = ""

TASK_COLUMNS = (
    Column(N_("状态"), lambda r: _(r.state) + (ngettext("（超期{n}天）", "（超期{n}天）", r.days_over).format(n=r.days_over) if r.days_over else "")),
    Column(N_("事项名称"), lambda r: r.title),
    Column(N_("责任单位"), lambda r: r.unit_name),
    Column(N_("责任人"), lambda r: r.person_name),
    Column(N_("交办日期"), lambda r: r.start_date.isoformat()),
    Column(N_("时限"), lambda r: ngettext("{n}天", "{n}天", r.tier_days).format(n=r.tier_days), right=True),
    Column(N_("办结时限"), lambda r: r.deadline.isoformat()),
    Column(N_("办结日期"), lambda r: r.done_date.isoformat() if r.done_date else ""),
    Column(N_("来源"), lambda r: r.source),
)
COLUMN_WIDTHS = (124, 250, 190, 64, 88, 48, 88, 88, 70)  # fits the tab at 1366×768 beside the tree
LOAD_COLUMNS = (
    Column(N_("责任单位"), lambda r: r.unit_name),
    Column(N_("未办结"), lambda r: r.open, right=True),
    Column(N_("其中逾期"), lambda r: r.overdue, right=True),
)


def task_colours(row: Any) -> tuple[QColor | None, QColor | None]:
    """An overdue item stands out (red on pink), a done one is grey (`row.state`: a TaskRow's or an InspectionRow's)."""
    if row.state == sv.OVERDUE:
        return OVERDUE_TEXT, OVERDUE_BACKGROUND
    return (None if row.state == sv.OPEN else DONE_TEXT), None


class SupervisionPanel(RegisterPanel):
    """`run(dialog, row)` shows a form (read-only for another office's row) and says whether it was saved."""

    def __init__(
        self,
        store: Store,
        years: list[int],
        run: Callable[[QDialog, Any | None], bool],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self._store_ref, self.today, self._run = store, today, run
        super().__init__(
            TASK_COLUMNS,
            self._rows,
            self._task_dialog,
            lambda row: sv.delete_task(store, row.id),
            self._summary_text,
            _("还没有督办事项 — 点击“新建”登记会议决定或交办的任务"),
            years,
            parent,
            store=store,
            colours=task_colours,
        )
        # a unit's items of every year, read once: the year and state filters work on them (a group's ~3,000)
        self.kept: ReadOnce[sv.TaskRow] = ReadOnce(lambda unit_id: sv.list_tasks(store, unit_id, None, None, today))
        self.year_combo.currentIndexChanged.disconnect()
        self.year_combo.setCurrentIndex(0)  # open items of earlier years matter most: all years by default
        self.year_combo.currentIndexChanged.connect(lambda _i: self.filter_changed())
        self.state_combo = self.add_choice_filter(_("全部状态"), [(_(s), s) for s in sv.STATES], ALL_STATES)
        self.note_button = self.add_button(_("进展"), self.add_note)
        self.finish_button = self.add_button(_("办结"), self.finish_current)
        self.units_button = self.add_button(_("各单位"), self.show_units)
        self.export_button = self.add_button(_("导出Excel"), self.export)
        self.tiers_button = self.add_button(_("时限设置"), lambda: TiersDialog(self._store_ref, self).exec(),
                                            _("13710时限档次：交办、反馈、办结、复杂事项的天数"))
        self.enable_history("supervision_task", lambda row: row.title)
        self._update_buttons()
        # measuring took a third of the time to open the group's list; the widest texts the columns show are given
        # (the same plural forms as the cells: "(999 days overdue)")
        # (any state may carry it: an item finished late reads "已办结（超期10天）", wider than "逾期…" in some fonts)
        late = ngettext("（超期{n}天）", "（超期{n}天）", 999).format(n=999)
        states = [_(state) + late for state in sv.STATES]
        self.fix_column_widths(COLUMN_WIDTHS, {0: states, 5: [ngettext("{n}天", "{n}天", 30).format(n=30)]})

    def _rows(self, unit_id: str | None, year: int | None) -> list[sv.TaskRow]:
        state = self.state_combo.currentData() or None
        return [
            r
            for r in self.kept(unit_id)
            if (year is None or r.start_date.year == year) and (state is None or r.state == state)
        ]

    @staticmethod
    def _summary_text(rows: list[Any]) -> str:
        overdue = sum(1 for r in rows if r.state == sv.OVERDUE)
        done = sum(1 for r in rows if r.state == sv.DONE)
        return _("共{n}件：进行中{open}件，逾期{overdue}件，已办结{done}件").format(
            n=len(rows), open=len(rows) - overdue - done, overdue=overdue, done=done
        )

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if not hasattr(self, "finish_button"):
            return  # called from the base constructor before the extra buttons exist
        rows = self.selected_rows()
        editable = len(rows) == 1 and self.edit_button.isEnabled()
        self.note_button.setEnabled(editable and rows[0].state != sv.DONE)
        self.finish_button.setEnabled(editable and rows[0].state != sv.DONE)

    # dialogs ---------------------------------------------------------------------------------------------------
    def _task_dialog(self, row: Any | None) -> bool:
        existing = sv.get_task(self._store_ref, row.id) if row else None
        dialog = TaskDialog(
            self._store_ref, unit_choices(self._store_ref, self.unit_id), existing, self.unit_id, self, self.today
        )
        return self._run(dialog, row)

    def add_note(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._run(NoteDialog(self._store_ref, rows[0], self, self.today), rows[0]):
            self.refresh()

    def finish_current(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._run(FinishDialog(self._store_ref, rows[0].id, self, self.today), rows[0]):
            self.refresh()

    def show_units(self) -> None:
        UnitsDialog(sv.open_by_unit(self._store_ref, self.unit_id, self.today), self).exec()

    def export(self, path: Path | None = None) -> int | None:
        return export_xlsx(
            self, _("导出督办事项"), _("13710督办.xlsx"), path, lambda p: sv.export_tasks(self.model.rows(), p)
        )


class TaskDialog(RegisterDialog):
    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: sv.TaskData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改督办事项") if existing else _("新建督办事项"), parent)
        self.existing, self.today = existing, today
        e = existing
        self.title_edit = self.add_field("title", _("事项名称"), QLineEdit(e.title if e else "", self))
        self.content = self.add_field("content", _("事项内容"), QPlainTextEdit(e.content or "" if e else "", self))
        self.content.setMaximumHeight(60)
        self.unit = self.add_field(
            "unit_id",
            _("责任单位"),
            searchable_units(_combo(self, [("", _("（请选择）")), *units], e.unit_id if e else default_unit)),
        )
        self.person = self.add_field("person_name", _("责任人"), QLineEdit(e.person_name or "" if e else "", self))
        self.start = self.add_field("start_date", _("交办日期"), QDateEdit(_qdate(e.start_date if e else today), self))
        self.tier = self.add_field("tier_days", _("时限档次"), QComboBox(self))
        for name, days in sv.tier_days(store):
            # "1 day", "3 days": the number decides the English word
            self.tier.addItem(ngettext("{name}（{days}天）", "{name}（{days}天）", days).format(name=_(name), days=days), days)
        wanted = e.tier_days if e else dict(sv.tier_days(store))[sv.TIERS[2][0]]
        if self.tier.findData(wanted) < 0:
            self.tier.addItem(ngettext("{days}天", "{days}天", wanted).format(days=wanted), wanted)
        self.tier.setCurrentIndex(self.tier.findData(wanted))
        self.deadline = self.add_field("deadline", _("办结时限"), QDateEdit(self))
        self.meeting = self.add_field("session_id", _("来源会议"), QComboBox(self))
        self.done_box = QCheckBox(_("已办结"), self)
        self.done_date = self.add_field("done_date", _("办结日期"), QDateEdit(_qdate((e and e.done_date) or today), self))
        self.confirmed = self.add_field("confirmed_by", _("确认人"), QLineEdit(e.confirmed_by or "" if e else "", self))
        self.form.insertRow(self.form.rowCount() - 2, "", self.done_box)
        self.done_box.toggled.connect(self._done_toggled)
        self.done_box.toggled.connect(lambda *_a: self._timer.start())
        for edit in (self.start, self.deadline, self.done_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setDate(_qdate(e.deadline if e else self._tier_deadline()))
        self.start.dateChanged.connect(self._tier_changed)
        self.tier.currentIndexChanged.connect(self._tier_changed)
        self.unit.currentIndexChanged.connect(self._load_meetings)
        self.start.dateChanged.connect(self._load_meetings)
        self._load_meetings()
        self.done_box.setChecked(bool(e and e.done_date))
        self._done_toggled(self.done_box.isChecked())
        if e and e.id and sv.inspection_of(store, e.id):
            # a 督导 整改: the finding is edited on its inspection (services.inspections._task_data says who owns what)
            for widget in (self.title_edit, self.content, self.unit, self.start, self.meeting):
                widget.setEnabled(False)
                widget.setToolTip(_("督导整改事项的这一项随督导检查记录，请在“督导检查”中修改"))
        self.validate()

    def _tier_deadline(self) -> date:
        return _pydate(self.start) + timedelta(days=int(self.tier.currentData() or 0))

    def _tier_changed(self) -> None:
        self.deadline.setDate(_qdate(self._tier_deadline()))  # the tier sets the deadline; it may be moved by hand

    def _done_toggled(self, on: bool) -> None:
        self.done_date.setEnabled(on)
        self.confirmed.setEnabled(on)

    def _load_meetings(self) -> None:
        current = self.meeting.currentData() if self.meeting.count() else (self.existing and self.existing.session_id)
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem(_("（手工录入，非会议决定）"), "")
        for session_id, label in sv.meeting_choices(self.store, self.unit.currentData() or None, _pydate(self.start)):
            self.meeting.addItem(label, session_id)
        index = self.meeting.findData(current) if current else 0
        self.meeting.setCurrentIndex(max(index, 0))
        self.meeting.blockSignals(False)

    def data(self) -> sv.TaskData:
        done = self.done_box.isChecked()
        return sv.TaskData(
            title=self.title_edit.text(),
            content=self.content.toPlainText(),
            unit_id=self.unit.currentData() or None,
            person_name=self.person.text(),
            start_date=_pydate(self.start),
            tier_days=int(self.tier.currentData()),
            deadline=_pydate(self.deadline),
            session_id=self.meeting.currentData() or None,
            done_date=_pydate(self.done_date) if done else None,
            confirmed_by=self.confirmed.text() if done else None,
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: sv.TaskData) -> dict[str, str]:
        return sv.check_task(self.store, data, self.today)

    def write(self, data: sv.TaskData) -> str:
        return sv.save_task(self.store, data, self.today)


class FinishDialog(RegisterDialog):
    """办结: the done date and who confirmed it."""

    def __init__(self, store: Store, task_id: str, parent: QWidget | None = None, today: date | None = None) -> None:
        self.task = sv.get_task(store, task_id)
        super().__init__(store, _("办结：{title}").format(title=self.task.title), parent)
        self.today = today
        self.day = self.add_field("done_date", _("办结日期"), QDateEdit(_qdate(today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.confirmed = self.add_field("confirmed_by", _("确认人"), QLineEdit(self))
        self.validate()

    def data(self) -> sv.TaskData:
        return replace(self.task, done_date=_pydate(self.day), confirmed_by=self.confirmed.text())

    def check(self, data: sv.TaskData) -> dict[str, str]:
        return sv.check_task(self.store, data, self.today)

    def write(self, data: sv.TaskData) -> str:
        sv.finish_task(self.store, self.task.id or "", data.done_date, data.confirmed_by, self.today)
        return self.task.id or ""


HISTORY_LINES = 8  # earlier progress notes shown at once in the 进展 dialog


class NoteDialog(RegisterDialog):
    """进展: the notes so far, and a new dated one."""

    def __init__(self, store: Store, row: sv.TaskRow, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(store, _("进展：{title}").format(title=row.title), parent)
        self.row, self.today = row, today
        earlier = sv.list_notes(store, row.id)
        # a box that scrolls past HISTORY_LINES, newest in view: a label of every note grew the dialog past the
        # screen for a task followed up for months
        self.history = QPlainTextEdit(
            "\n".join(f"{n.note_date.isoformat()}  {n.text}" for n in earlier) or _("还没有进展记录"), self
        )
        self.history.setReadOnly(True)
        self.history.setFrameShape(QFrame.Shape.NoFrame)  # read, not typed into: on the dialog's own background
        palette = self.history.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        palette.setColor(QPalette.ColorRole.Text, QColor(MUTED_FG))
        self.history.setPalette(palette)
        lines = min(max(len(earlier), 1), HISTORY_LINES)
        margins = self.history.contentsMargins()
        self.history.setFixedHeight(
            lines * self.history.fontMetrics().lineSpacing() + 2 * int(self.history.document().documentMargin())
            + margins.top() + margins.bottom() + 2
        )
        self.history.verticalScrollBar().setValue(self.history.verticalScrollBar().maximum())
        self.form.addRow(_("已有进展"), self.history)
        self.day = self.add_field("note_date", _("日期"), QDateEdit(_qdate(today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.text = self.add_field("text", _("进展情况"), QPlainTextEdit(self))
        self.text.setMaximumHeight(80)
        self.validate()

    def data(self) -> tuple[date, str]:
        return _pydate(self.day), self.text.toPlainText()

    def local_errors(self) -> dict[str, str]:
        day, text = self.data()
        today = self.today or date.today()
        if not text.strip():
            return {"text": _("请填写进展情况")}
        if day > today:
            return {"note_date": _("进展日期不能晚于今天")}
        if day < self.row.start_date:
            return {"note_date": _("进展日期不能早于交办日期")}
        return {}

    def check(self, data: tuple[date, str]) -> dict[str, str]:
        return {}  # local_errors holds the rules; add_note checks them again when writing

    def write(self, data: tuple[date, str]) -> str:
        return sv.add_note(self.store, self.row.id, data[0], data[1], self.today)


class TiersDialog(QDialog):
    """The 13710 tiers as a setting: days for 交办, 反馈, 办结 and 复杂事项. New items take them; the deadlines of
    items already entered stay as they were."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("13710时限设置"))
        form = QFormLayout()
        self.spins: list[QSpinBox] = []
        for name, days in sv.tier_days(store):
            spin = QSpinBox(self)
            spin.setRange(1, sv.TIER_MAX_DAYS)
            spin.setSuffix(_("天"))
            spin.setValue(days)
            form.addRow(_(name), spin)
            self.spins.append(spin)
        note = QLabel(_("新登记的事项按新时限计算，已登记事项的办结时限不变。"), self)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            sv.set_tier_days(self.store, [spin.value() for spin in self.spins])
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class UnitsDialog(TablesDialog):
    """Open and overdue items per responsible unit, most overdue first."""

    def __init__(self, loads: list[sv.UnitLoad], parent: QWidget | None = None) -> None:
        summary = _("共{units}个单位有未办结事项，合计{open}件，其中逾期{overdue}件").format(
            units=len(loads), open=sum(x.open for x in loads), overdue=sum(x.overdue for x in loads)
        )
        super().__init__(_("各单位未办结督办事项"), summary, [Table(LOAD_COLUMNS, loads)], parent)
        self.resize(520, 480)
        self.model = self.models[0]
