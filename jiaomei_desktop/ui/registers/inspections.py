"""The 纪律作风督导 section of the 工作台账 tab (beside 13710督办): the inspections of the unit chosen in the tree for a
month (or a year), filtered by problem kind, 整改 state and text; overdue 整改 red on pink. New / Edit / Delete,
督导组 (teams, their members and duty roster), 督导通报 (the monthly notice PDF, names only when ticked) and Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.inspections import ProblemKind, TeamRole
from jiaomei_desktop.i18n import N_, _, ngettext
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import photos
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.contests import find_workers
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.ownership import protect
from jiaomei_desktop.ui.print_preview import render_in_background, show_preview
from jiaomei_desktop.ui.registers.forms import (
    MemberPicker,
    RegisterDialog,
    _combo,
    _pydate,
    _qdate,
    offer_workers,
    roster_finder,
)
from jiaomei_desktop.ui.registers.models import Column, RowsModel
from jiaomei_desktop.ui.registers.panel import ReadOnce, RegisterPanel, export_xlsx
from jiaomei_desktop.ui.registers.supervision import task_colours
from jiaomei_desktop.ui.tasks import failure_text, is_cancel, is_expected, report_bug
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import tab_in_order

WHOLE_YEAR = 0
ALL = ""
RECTIFY_ANY = "rectify"  # the 整改 filter's "需整改" choice: any state


def _state_text(r: ins.InspectionRow) -> str:
    if not r.state:
        return ""
    return ins.state_label(r.state) + (ngettext("（超期{n}天）", "（超期{n}天）", r.days_over).format(n=r.days_over)
                                       if r.state == sv.OVERDUE else "")


INSPECTION_COLUMNS = (
    Column(N_("日期"), lambda r: r.inspection_date.isoformat()),
    Column(N_("被督导单位"), lambda r: r.unit_name),
    Column(N_("类别"), lambda r: _(r.kind)),
    Column(N_("督导情况"), lambda r: r.description),
    Column(N_("整改"), _state_text),
    Column(N_("整改期限"), lambda r: r.deadline.isoformat() if r.deadline else ""),
    Column(N_("地点"), lambda r: r.place),
    Column(N_("涉及人员"), lambda r: r.person_name),
    Column(N_("督导组"), lambda r: r.team_name),
)
COLUMN_WIDTHS = (88, 170, 84, 240, 156, 88, 90, 64, 160)  # fits the tab at 1366×768 beside the tree
TEAM_COLUMNS = (
    Column(N_("督导组"), lambda r: r.name),
    Column(N_("组建单位"), lambda r: r.unit_name),
    Column(N_("工作期"), lambda r: f"{r.start_date.isoformat()} — {r.end_date.isoformat()}"),
    Column(N_("组长"), lambda r: r.lead),
    Column(N_("成员"), lambda r: r.member_names),
)
DUTY_COLUMNS = (
    Column(N_("值班日期"), lambda r: r.duty_date.isoformat()),
    Column(N_("督导组成员"), lambda r: r.member_name),
    Column(N_("单位值班人员"), lambda r: r.unit_person),
    Column(N_("备注"), lambda r: r.notes),
)


def inspection_colours(row: ins.InspectionRow) -> tuple[QColor | None, QColor | None]:
    """Painted like the 13710 list (an overdue 整改 red on pink, a finished one grey); a record without 整改 plain."""
    return (None, None) if row.state == ins.NO_RECTIFY else task_colours(row)


class InspectionsPanel(RegisterPanel):
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
        # a unit's records of a month or year, read once: kind, 整改 state and text filter them in memory
        self.kept: ReadOnce[ins.InspectionRow] = ReadOnce(lambda unit_id, year, month: ins.list_inspections(
            store, unit_id, None if month else year, (year, month) if month else None, today))
        super().__init__(
            INSPECTION_COLUMNS,
            self._rows,
            self._dialog,
            lambda row: ins.delete_inspection(store, row.id),
            self._summary_text,
            _("这个月还没有督导检查记录 — 点击“新建”登记督导组发现的问题；先在“督导组”中建立督导组"),
            years,
            parent,
            store=store,
            colours=inspection_colours,
        )
        self.year_combo.currentIndexChanged.disconnect()
        self.year_combo.removeItem(0)  # a month or a year at a time: the group holds tens of thousands of records
        self.year_combo.setCurrentIndex(0)
        self.month_combo = QComboBox(self)
        self.month_combo.addItem(_("全年"), WHOLE_YEAR)
        for month in range(1, 13):
            self.month_combo.addItem(_("{month}月").format(month=month), month)
        self.month_combo.setCurrentIndex((today or date.today()).month)
        for combo in (self.year_combo, self.month_combo):
            combo.currentIndexChanged.connect(lambda _i: self.filter_changed())
        self.insert_filter(self.month_combo)
        self.kind_combo = self.add_choice_filter(_("全部类别"), [(_(k.value), k.value) for k in ProblemKind], ALL)
        self.state_combo = self.add_choice_filter(_("全部记录"), [
            (_("需整改"), RECTIFY_ANY), *((ins.state_label(s), s) for s in ins.RECTIFY_STATES)], ALL)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("查找：问题、地点、单位、人员"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(200)
        self.search.textChanged.connect(lambda _t: self.filter_changed())
        self.insert_filter(self.search)
        self.teams_button = self.add_button(_("督导组"), self.show_teams, _("督导组的成员、工作期和值班表"))
        self.bulletin_button = self.add_button(_("督导通报"), self.make_bulletin, _("按月生成纪律作风督导通报（PDF）"))
        self.export_button = self.add_button(_("导出Excel"), self.export)
        self.enable_history("inspection", lambda row: f"{row.inspection_date:%Y-%m-%d} {row.unit_name}")
        self.fix_column_widths(COLUMN_WIDTHS)

    @property
    def month(self) -> int | None:
        return self.month_combo.currentData() or None

    def _rows(self, unit_id: str | None, year: int | None) -> list[ins.InspectionRow]:
        """Year or month: read from the store; kind, 整改 state and text: the records already read, in memory."""
        rows = self.kept(unit_id, year or (self.today or date.today()).year, self.month or WHOLE_YEAR)
        state = self.state_combo.currentData() or None
        if state == RECTIFY_ANY:
            rows = [r for r in rows if r.rectify]
            state = None
        return ins.filter_inspections(rows, self.search.text(), self.kind_combo.currentData() or None, state)

    @staticmethod
    def _summary_text(rows: list[Any]) -> str:
        f = ins.figures_of(rows)
        return _("督导{n}次，发现问题{problems}个；整改{rectify}个：已整改{done}个，逾期{overdue}个").format(
            n=f.inspections, problems=f.problems, rectify=f.rectify, done=f.done, overdue=f.overdue
        )

    # dialogs ---------------------------------------------------------------------------------------------------
    def _dialog(self, row: Any | None) -> bool:
        existing = ins.get_inspection(self._store_ref, row.id) if row else None
        units = unit_choices(self._store_ref, self.unit_id)
        return self._run(InspectionDialog(self._store_ref, units, existing, self.unit_id, self, self.today), row)

    def show_teams(self) -> None:
        TeamsDialog(self._store_ref, self.unit_id, self, self.today).exec()
        self.refresh()

    def make_bulletin(self) -> None:
        dialog = BulletinDialog(self._store_ref, self.unit_id, self, self.today)
        dialog.exec()

    def export(self, path: Path | None = None) -> int | None:
        return export_xlsx(
            self,
            _("导出督导检查记录"),
            _("纪律作风督导.xlsx"),
            path,
            lambda p: ins.export_inspections(self.model.rows(), p),
        )


class InspectionDialog(RegisterDialog):
    """One inspection: when, which team, which unit and place, what was found, who was involved (a roster person
    found by name, or a worker's name typed in), photos, and the 整改 (requirement, deadline, completion)."""

    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: ins.InspectionData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改督导检查记录") if existing else _("新建督导检查记录"), parent)
        self.existing, self.today = existing, today
        e = existing
        self.day = self.add_field("inspection_date", _("督导日期"), _date_edit(e.inspection_date if e else today, self))
        self.team = self.add_field("team_id", _("督导组"), QComboBox(self))
        self.unit = self.add_field(
            "unit_id",
            _("被督导单位"),
            searchable_units(_combo(self, [("", _("（请选择）")), *units], e.unit_id if e else default_unit)),
        )
        self.place = self.add_field("place", _("地点"), QLineEdit(e.place or "" if e else "", self))
        self.kind = self.add_field(
            "kind", _("问题类别"), _combo(self, [(k.value, _(k.value)) for k in ProblemKind], e.kind if e else None)
        )
        self.description = self.add_field(
            "description", _("督导情况"), QPlainTextEdit(e.description if e else "", self)
        )
        self.description.setMaximumHeight(54)
        self._person_id: str | None = e.person_id if e else None
        self._found: list[Any] = []
        self.person = self.add_field(
            "person_name", _("涉及人员"), roster_finder(self, _("可不填；输入姓名、拼音查找花名册，或直接写职工姓名"))
        )
        line = self.person.lineEdit()
        assert line is not None  # a roster finder is editable
        line.setText(e.person_name or "" if e else "")
        line.textEdited.connect(self._search_people)
        self.person.activated.connect(self._person_chosen)
        self.photo_list = self.add_field("photos", _("照片"), QListWidget(self))
        self.photo_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(48, 48))
        self.photo_list.setMaximumHeight(64)
        self.photo_list.setFlow(QListWidget.Flow.LeftToRight)
        add_photo = QPushButton(_("添加照片"), self)
        add_photo.clicked.connect(lambda: self.add_photos())
        remove_photo = QPushButton(_("移除照片"), self)
        remove_photo.clicked.connect(self.remove_photo)
        self.rectify = QCheckBox(_("需要整改（作为13710督办事项跟踪）"), self)
        photo_row = QHBoxLayout()
        for widget in (add_photo, remove_photo):
            photo_row.addWidget(widget)
        photo_row.addStretch(1)
        photo_row.addWidget(self.rectify)
        self.form.addRow("", photo_row)
        for sha in e.photos if e else ():
            self._add_photo_item(sha)
        self.requirement = self.add_field(
            "requirement", _("整改要求"), QPlainTextEdit(e.requirement or "" if e else "", self)
        )
        self.requirement.setMaximumHeight(46)
        self.deadline = self.add_field("deadline", _("整改期限"), _date_edit((e and e.deadline) or today, self))
        self.done_box = QCheckBox(_("已整改到位"), self)
        self.done_date = self.add_field("done_date", _("完成日期"), _date_edit((e and e.done_date) or today, self))
        self.confirmed = self.add_field("confirmed_by", _("确认人"), QLineEdit(e.confirmed_by or "" if e else "", self))
        self.form.insertRow(self.form.rowCount() - 2, "", self.done_box)
        self.rectify.setChecked(bool(e and e.rectify))
        self.done_box.setChecked(bool(e and e.done_date))
        for box in (self.rectify, self.done_box):
            box.toggled.connect(lambda *_a: self._enable())
            box.toggled.connect(lambda *_a: self._timer.start())
        self.day.dateChanged.connect(lambda *_a: self._load_teams())
        self._load_teams()
        self._enable()
        self.validate()

    def _load_teams(self) -> None:
        current = self.team.currentData() if self.team.count() else (self.existing and self.existing.team_id)
        self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(_("（请选择）"), "")
        for team_id, label in ins.team_choices(self.store, _pydate(self.day), current or None):
            self.team.addItem(label, team_id)
        index = self.team.findData(current) if current else -1
        if index < 0 and self.team.count() == 2:
            index = 1  # the only team working on the day
        self.team.setCurrentIndex(max(index, 0))
        self.team.blockSignals(False)
        self._timer.start()

    def _enable(self) -> None:
        on = self.rectify.isChecked()
        for widget in (self.requirement, self.deadline, self.done_box):
            widget.setEnabled(on)
        done = on and self.done_box.isChecked()
        self.done_date.setEnabled(done)
        self.confirmed.setEnabled(done)

    def _search_people(self, text: str) -> None:
        self._person_id = None  # typed: a worker's name unless one is chosen from the list
        self._found = find_workers(self.store, text, 20) if text.strip() else []
        offer_workers(self.person, self._found, text)
        self._timer.start()

    def _person_chosen(self, index: int) -> None:
        if 0 <= index < len(self._found):
            w = self._found[index]
            self._person_id = w.id
            self.person.setEditText(w.name)
            self._timer.start()

    def add_photos(self, files: list[str] | None = None) -> None:
        if files is None:
            files, _filter = QFileDialog.getOpenFileNames(
                self, _("添加照片"), "", _("图片 (*.jpg *.jpeg *.png *.bmp *.webp)")
            )
        for name in files:
            try:
                info = photos.add_photo_file(self.store, name)
            except ServiceError as exc:
                QMessageBox.warning(self, _("无法添加照片"), str(exc))
                continue
            self._add_photo_item(info.sha256)
        self._timer.start()

    def _add_photo_item(self, sha: str) -> None:
        item = QListWidgetItem(self.photo_list)
        item.setData(Qt.ItemDataRole.UserRole, sha)
        thumb = photos.ensure_thumbnail(self.store, sha)
        item.setIcon(QIcon(str(thumb)) if thumb else QIcon())
        item.setToolTip(sha[:12])

    def remove_photo(self) -> None:
        row = self.photo_list.currentRow()
        if row >= 0:
            self.photo_list.takeItem(row)
            self._timer.start()

    def photo_hashes(self) -> tuple[str, ...]:
        return tuple(self.photo_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.photo_list.count()))

    def data(self) -> ins.InspectionData:
        rectify = self.rectify.isChecked()
        done = rectify and self.done_box.isChecked()
        return ins.InspectionData(
            inspection_date=_pydate(self.day),
            team_id=self.team.currentData() or None,
            unit_id=self.unit.currentData() or None,
            kind=self.kind.currentData() or "",
            description=self.description.toPlainText(),
            place=self.place.text(),
            person_id=self._person_id,
            person_name=self.person.currentText(),
            rectify=rectify,
            requirement=self.requirement.toPlainText() if rectify else None,
            deadline=_pydate(self.deadline) if rectify else None,
            done_date=_pydate(self.done_date) if done else None,
            confirmed_by=self.confirmed.text() if done else None,
            photos=self.photo_hashes(),
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: ins.InspectionData) -> dict[str, str]:
        errors = ins.check_inspection(self.store, data, self.today)
        if "rectify" in errors:  # "无需整改" is said under the requirement, beside the box that asked for it
            errors.setdefault("requirement", errors.pop("rectify"))
        return errors

    def write(self, data: ins.InspectionData) -> str:
        return ins.save_inspection(self.store, data, self.today)


class TeamsDialog(QDialog):
    """The 督导组 of the unit's subtree: New / Edit / Delete, and each one's duty roster (值班表)."""

    def __init__(self, store: Store, unit_id: str | None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store, self.unit_id, self.today = store, unit_id, today
        self.setWindowTitle(_("督导组"))
        self.resize(860, 460)
        self.model = RowsModel(TEAM_COLUMNS, self)
        self.table = _table(self, self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.new_button = QPushButton(_("新建督导组"), self)
        self.edit_button = QPushButton(_("修改"), self)
        self.delete_button = QPushButton(_("删除"), self)
        self.duty_button = QPushButton(_("值班表"), self)
        self.history_button = QPushButton(_("修改记录"), self)
        self.history_button.setToolTip(_("督导组的每一次修改，成员和值班表的变化也在其中"))
        self.new_button.clicked.connect(lambda: self.edit(new=True))
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(self.delete)
        self.duty_button.clicked.connect(self.duties)
        self.history_button.clicked.connect(self.show_history)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button, self.duty_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        # the buttons above the table first, as they read (the table, made first, took Tab before them)
        tab_in_order([self.new_button, self.edit_button, self.delete_button, self.duty_button, self.history_button,
                      self.table, close])
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(ins.list_teams(self.store, self.unit_id))
        self.table.resizeColumnsToContents()

    def current(self) -> ins.TeamRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def edit(self, new: bool = False) -> None:
        row = None if new else self.current()
        if not new and row is None:
            return
        existing = ins.get_team(self.store, row.id) if row else None
        dialog = TeamDialog(
            self.store, unit_choices(self.store, self.unit_id), existing, self.unit_id, self, self.today
        )
        if row is not None:
            protect(dialog, self.store, row.owner_unit_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def delete(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(self, _("删除"), _("确定删除督导组“{name}”及其值班表吗？").format(name=row.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            ins.delete_team(self.store, row.id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法删除"), str(exc))
        self.refresh()

    def duties(self) -> None:
        row = self.current()
        if row is not None:
            DutyDialog(self.store, row, self, self.today).exec()

    def show_history(self) -> QWidget | None:
        from jiaomei_desktop.ui.history_dialog import show_history

        row = self.current()
        if row is None:
            return None
        dialog = show_history(self, self.store, "inspection_team", row.id, row.name)
        dialog.record_restored.connect(self.refresh)
        return dialog


class TeamDialog(RegisterDialog):
    """A 督导组: name, the unit that set it up, its working period, and its members — roster people found by name or
    names typed in; the first is the 组长."""

    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: ins.TeamData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改督导组") if existing else _("新建督导组"), parent)
        self.existing = existing
        e = existing
        year = (today or date.today()).year
        self.name = self.add_field("name", _("督导组名称"), QLineEdit(e.name if e else "", self))
        self.unit = self.add_field(
            "unit_id",
            _("组建单位"),
            searchable_units(_combo(self, [("", _("（请选择）")), *units], e.unit_id if e else default_unit)),
        )
        self.start = self.add_field(
            "start_date", _("工作期开始"), _date_edit(e.start_date if e else date(year, 1, 1), self)
        )
        self.end = self.add_field(
            "end_date", _("工作期结束"), _date_edit(e.end_date if e else date(year, 12, 31), self)
        )
        self.picker = self.add_field("members", _("成员"), MemberPicker(
            store, ins.TeamMemberData, TeamRole.LEAD.value, TeamRole.MEMBER.value, _("设为组长"),
            _("不在花名册的人员姓名"), _("添加"), self))
        self.picker.changed.connect(self._timer.start)
        # the picker's parts, as tests and callers knew them on the dialog
        self.members, self.finder, self.typed = self.picker.members, self.picker.finder, self.picker.typed
        self.add_found, self.add_typed, self.make_lead = self.picker.add_found, self.picker.add_typed, self.picker.make_lead
        self.remove_current, self.member_lines = self.picker.remove_current, self.picker.lines
        for m in e.members if e else ():
            self.picker.add(m)
        self.notes = self.add_field("notes", _("备注"), QPlainTextEdit(e.notes or "" if e else "", self))
        self.notes.setMaximumHeight(50)
        self.validate()

    def data(self) -> ins.TeamData:
        return ins.TeamData(
            name=self.name.text(),
            unit_id=self.unit.currentData() or None,
            start_date=_pydate(self.start),
            end_date=_pydate(self.end),
            members=self.member_lines(),
            notes=self.notes.toPlainText(),
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: ins.TeamData) -> dict[str, str]:
        return ins.check_team(self.store, data)

    def write(self, data: ins.TeamData) -> str:
        return ins.save_team(self.store, data)


class DutyDialog(QDialog):
    """A team's duty roster: the days, the team member on duty and the unit's own person with them; add a day (the
    rules of services.inspections, shown in words) or delete one."""

    def __init__(self, store: Store, team: ins.TeamRow, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store, self.team = store, team
        self.setWindowTitle(_("值班表：{team}").format(team=team.name))
        self.resize(640, 520)
        self.model = RowsModel(DUTY_COLUMNS, self)
        self.table = _table(self, self.model)
        start = today or date.today()
        start = min(max(start, team.start_date), team.end_date)
        self.day = _date_edit(start, self)
        self.member = QComboBox(self)
        for m in team.members:
            self.member.addItem(m.name, m.name)
        self.unit_person = QLineEdit(self)
        self.unit_person.setPlaceholderText(_("被督导单位的值班人员（可不填）"))
        self.add_button = QPushButton(_("添加值班"), self)
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(_("删除选中"), self)
        self.delete_button.clicked.connect(self.delete)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        read_only = protect(self, store, team.owner_unit_id)
        form = QFormLayout()
        form.addRow(_("值班日期"), self.day)
        form.addRow(_("督导组成员"), self.member)
        form.addRow(_("单位值班人员"), self.unit_person)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("工作期：{start} — {end}").format(start=team.start_date.isoformat(), end=team.end_date.isoformat()),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.add_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        self._opens_at = start
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Open at the duties from today on (a year's roster opened at January, today's month far below)."""
        super().showEvent(event)
        if not event.spontaneous():
            later = [i for i, row in enumerate(self.model.rows()) if row.duty_date >= self._opens_at]
            if later:
                self.table.scrollTo(self.model.index(later[0], 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def refresh(self) -> None:
        self.model.set_rows(ins.list_duties(self.store, self.team.id))
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        data = ins.DutyData(self.team.id, _pydate(self.day), self.member.currentData() or "", self.unit_person.text())
        try:
            ins.save_duty(self.store, data)
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.unit_person.clear()
        self.refresh()

    def delete(self) -> None:
        for index in self.table.selectionModel().selectedRows():
            row = self.model.row_at(index.row())
            try:
                ins.delete_duty(self.store, row.id)
            except ServiceError as exc:
                self.error.setText(str(exc))
        self.refresh()


class BulletinDialog(QDialog):
    """督导通报: the month, and whether people's names may be written in it (off unless ticked)."""

    def __init__(self, store: Store, unit_id: str | None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store, self.unit_id, self.today = store, unit_id, today or date.today()
        self.setWindowTitle(_("纪律作风督导通报"))
        last = self.today.replace(day=1)
        previous = date(last.year - 1, 12, 1) if last.month == 1 else date(last.year, last.month - 1, 1)
        self.year = QSpinBox(self)
        self.year.setRange(1990, self.today.year)
        self.year.setValue(previous.year)
        self.year.setSuffix(_("年"))
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        self.month.setValue(previous.month)
        self.month.setSuffix(_("月"))
        self.names = QCheckBox(_("通报中写出涉及人员姓名"), self)
        self.names.setChecked(False)
        note = QLabel(_("不勾选时，通报只写单位和问题，不写个人姓名。"), self)
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        period = QHBoxLayout()
        period.addWidget(self.year)
        period.addWidget(self.month)
        form.addRow(_("通报月份"), period)
        form.addRow("", self.names)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("生成通报"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.generate)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.last_pdf: bytes | None = None
        self._task: Any = None

    def data(self) -> ins.InspectionBulletinData:
        return ins.bulletin_data(
            self.store, self.unit_id, self.year.value(), self.month.value(), self.names.isChecked(), self.today
        )

    def generate(self) -> None:
        try:
            data = self.data()
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self._task = render_in_background(self, _("正在生成督导通报"), lambda _report: ins.render_bulletin(data))
        self._task.done.connect(lambda pdf: self._preview(pdf, data))
        self._task.error.connect(self._failed)

    def _preview(self, pdf: bytes, data: ins.InspectionBulletinData) -> None:
        self.last_pdf = pdf
        title = _("纪律作风督导通报 — {period}").format(period=data.period)
        show_preview(self.parentWidget(), pdf, title, _("督导通报_{period}.pdf").format(period=data.period))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if is_cancel(exc):
            return
        if is_expected(exc):
            self.error.setText(failure_text(exc))
        else:
            report_bug(exc)


def _table(parent: QWidget, model: RowsModel) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _date_edit(value: date | None, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
