"""Record or edit a session with its attendance list: 应到 / 实到 and the quorum warning update as the list changes;
each field says what is wrong next to it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import AttendanceStatus, LectureForm, SessionKind, UnitKind
from jiaomei_desktop.domain.study import (
    MIN_YEAR,
    TYPICAL_HOURS,
    YEAR_BOUND_KINDS,
    SessionFields,
    quorum_warning,
    validate_session,
)
from jiaomei_desktop.i18n import _, join_clauses
from jiaomei_desktop.services import org, study
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.study import AttendanceEntry, SessionData
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.geometry import fit_to_screen, scrolling
from jiaomei_desktop.ui.ownership import VIEW_ONLY
from jiaomei_desktop.ui.study.member_dialog import show_member_record
from jiaomei_desktop.ui.study.models import STATUS_COLUMN, AttendanceModel
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError, set_column_widths, tab_in_order

SESSION_UNIT_KINDS = (UnitKind.BRANCH, UnitKind.PARTY_GROUP, UnitKind.GENERAL_BRANCH, UnitKind.COMMITTEE,
                      UnitKind.GROUP_COMMITTEE)


class StatusDelegate(QStyledItemDelegate):
    """出席 / 请假 / 缺席 picked from a list."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for status in AttendanceStatus:
            combo.addItem(_(status.value), status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def unit_choices(ctx: AppContext, within: str | None) -> list[tuple[str, str, str]]:
    """(id, label, kind) of units that can hold a session, branches and their groups first."""
    units = org.list_units(ctx.store)
    by_id = {u.id: u for u in units}
    prefix = by_id[within].path if within and within in by_id else ""
    if within and within in by_id and by_id[within].kind is UnitKind.PARTY_GROUP:
        prefix = by_id[by_id[within].parent_id].path if by_id[within].parent_id in by_id else prefix  # type: ignore[index]
    order = {UnitKind.BRANCH: 0, UnitKind.PARTY_GROUP: 0, UnitKind.GENERAL_BRANCH: 1, UnitKind.COMMITTEE: 2,
             UnitKind.GROUP_COMMITTEE: 3}
    result = []
    for u in units:
        if not u.path.startswith(prefix) or u.kind not in SESSION_UNIT_KINDS:
            continue
        parent = by_id.get(u.parent_id) if u.parent_id else None
        label = f"{parent.name} / {u.name}" if parent and u.kind is UnitKind.PARTY_GROUP else u.name
        branch_path = parent.path if u.kind is UnitKind.PARTY_GROUP and parent else u.path
        result.append((order[u.kind], branch_path, u.path, u.id, label, u.kind.value))
    result.sort(key=lambda r: (r[0], r[1], r[2]))
    return [(r[3], r[4], r[5]) for r in result]


class SessionDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, data: SessionData | None = None, unit_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data = data
        self._list_touched = bool(data and data.attendance)
        self._loading = True
        self.setWindowTitle(_("编辑会议记录") if data and data.id else _("新建会议记录"))
        self._build(unit_id if data is None else data.unit_id)
        fit_to_screen(self, 1240, 700)
        self._load(data)
        self._loading = False
        self._refresh_counts()
        self._validate()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self, unit_id: str | None) -> None:
        self.unit = QComboBox(self)
        for uid, label, _kind in unit_choices(self._ctx, None):
            self.unit.addItem(label, uid)
        if unit_id:
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        self.kind = QComboBox(self)
        for kind in study.known_kinds(self._ctx.store):
            self.kind.addItem(_(kind), kind)
        self.kind.setCurrentIndex(-1)
        self.lecture_form = QComboBox(self)
        self.lecture_form.addItem("", None)
        for form in LectureForm:
            self.lecture_form.addItem(_(form.value), form.value)
        self.session_date = DateLineEdit(self)
        self.session_date.setPlaceholderText(_("如 2026-11-23"))
        self.start_time = QLineEdit(self)
        self.start_time.setPlaceholderText("08:30")
        self.end_time = QLineEdit(self)
        self.end_time.setPlaceholderText("10:00")
        self.place = QLineEdit(self)
        self.host = QLineEdit(self)
        self.recorder = QLineEdit(self)
        self.lecturer = QLineEdit(self)
        self.topic = QLineEdit(self)
        self.topic.setPlaceholderText(_("会议主题或议题"))
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(_(" 学时"))
        self.safety = QCheckBox(_("结合安全生产（三会一课+安全生产）"), self)
        # 所属年度: a 组织生活会 or 民主评议 held in January for the year before counts for that year.
        self.belongs_year = QSpinBox(self)
        self.belongs_year.setRange(MIN_YEAR, 2100)
        self.belongs_year.setSuffix(_(" 年度"))
        self.belongs_year.setToolTip(_("组织生活会、民主评议党员在次年年初召开时，记入所属的上一年度"))
        self.election = QCheckBox(_("本次大会进行选举（换届、选举代表）"), self)
        self.election.setToolTip(_("选举须有选举权的党员超过应到会人数的五分之四到会"))
        self.content = QPlainTextEdit(self)
        self.content.setPlaceholderText(_("会议内容、发言要点"))
        self.resolutions = QPlainTextEdit(self)
        self.resolutions.setPlaceholderText(_("会议决议、决定事项"))

        for combo in (self.unit, self.kind, self.lecture_form):  # long unit names must not widen the dialog
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.safety.setToolTip(self.safety.text())
        searchable_units(self.unit)  # found by name, pinyin or initials; the list keeps branches first
        self.fields: dict[str, FieldWithError] = {}
        for name in ("unit_id", "kind", "lecture_form", "session_date", "start_time", "end_time", "topic", "hours",
                     "belongs_year", "is_election"):
            widget = {"unit_id": self.unit, "kind": self.kind, "lecture_form": self.lecture_form,
                      "session_date": self.session_date, "start_time": self.start_time, "end_time": self.end_time,
                      "topic": self.topic, "hours": self.hours, "belongs_year": self.belongs_year,
                      "is_election": self.election}[name]
            self.fields[name] = FieldWithError(widget, self)

        head = QGridLayout()
        rows = [
            (_("召开单位"), self.fields["unit_id"], _("会议类型"), self.fields["kind"]),
            (_("日期"), self.fields["session_date"], _("党课形式"), self.fields["lecture_form"]),
            (_("开始时间"), self.fields["start_time"], _("结束时间"), self.fields["end_time"]),
            (_("地点"), self.place, _("学时"), self.fields["hours"]),
            (_("主持人"), self.host, _("记录人"), self.recorder),
            (_("授课人"), self.lecturer, _("所属年度"), self.fields["belongs_year"]),
        ]
        top = Qt.AlignmentFlag.AlignTop  # level with their labels when the row is taller (a field's error line)
        for r, (l1, w1, l2, w2) in enumerate(rows):
            head.addWidget(QLabel(l1, self), r, 0, top)
            head.addWidget(w1, r, 1, top)
            head.addWidget(QLabel(l2, self), r, 2, top)
            head.addWidget(w2, r, 3, top)
        # the check boxes on rows of their own across the fields: beside a field their long (English) texts made
        # the right-hand column wide and squeezed 召开单位 and the other fields of the left-hand one
        checks = [self.safety, self.fields["is_election"]]
        for r, check in enumerate(checks, len(rows)):
            head.addWidget(check, r, 1, 1, 3, top)
        head.setColumnStretch(1, 1)
        head.setColumnStretch(3, 1)
        # row by row as the grid reads (in the order made, Tab went from 主题 back up to 学时)
        inputs = [w.field if isinstance(w, FieldWithError) else w for row in rows for w in (row[1], row[3])]
        inputs += [self.safety, self.election]
        tab_in_order([*inputs, self.topic, self.content, self.resolutions])
        self.content.setMinimumHeight(90)
        self.resolutions.setMinimumHeight(70)
        topic_form = QFormLayout()
        topic_form.addRow(_("主题"), self.fields["topic"])
        topic_form.addRow(_("会议内容"), self.content)
        topic_form.addRow(_("会议决议"), self.resolutions)
        details = QWidget(self)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(head)
        details_layout.addLayout(topic_form, 1)
        # Details on the left, the attendance list on the right: both stay fully visible on a 1366×768 screen.
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scrolling(details, self))  # a long form scrolls; the buttons below stay in view
        splitter.addWidget(self._attendance_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setProperty("accent", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.unit.currentIndexChanged.connect(self._on_unit_or_kind)
        self.kind.currentIndexChanged.connect(self._on_unit_or_kind)
        for edit in (self.session_date, self.start_time, self.end_time, self.topic):
            edit.textChanged.connect(self._validate)
        self.hours.valueChanged.connect(self._validate)
        self.lecture_form.currentIndexChanged.connect(self._validate)
        self.belongs_year.valueChanged.connect(self._validate)
        self.session_date.textChanged.connect(self._sync_year)
        self.election.toggled.connect(self._refresh_counts)
        self.election.toggled.connect(self._validate)

    def _attendance_box(self) -> QGroupBox:
        box = QGroupBox(_("出勤情况"), self)
        self.attendance = AttendanceModel(self)
        self.attendance.counts_changed.connect(self._refresh_counts)
        self.table = QTableView(box)
        self.table.setModel(self.attendance)
        self.table.setItemDelegateForColumn(STATUS_COLUMN, StatusDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        set_column_widths(self.table, (80, 80, 90, 60))  # wider where an English header needs it
        self.counts_label = QLabel(box)
        self.counts_label.setWordWrap(True)  # the English counts line is ~480 px and would widen the dialog
        self.quorum_label = QLabel(box)
        self.quorum_label.setProperty("role", "error")
        self.quorum_label.setWordWrap(True)
        self.person_picker = QComboBox(box)
        self.person_picker.setEditable(True)
        self.person_picker.setMinimumWidth(150)
        picker_line = self.person_picker.lineEdit()
        assert picker_line is not None  # setEditable(True) just gave the picker its line edit
        picker_line.setPlaceholderText(_("添加人员"))
        buttons = FlowLayout()
        marks = []
        for text, slot in ((_("出席"), lambda: self._mark(AttendanceStatus.PRESENT)),
                           (_("请假"), lambda: self._mark(AttendanceStatus.LEAVE)),
                           (_("缺席"), lambda: self._mark(AttendanceStatus.ABSENT)),
                           (_("移出"), self._remove_selected)):
            button = QPushButton(text, box)
            button.setToolTip(_("把选中的人员标记为“{s}”").format(s=text) if text != _("移出") else _("移出名单"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
            marks.append(button)
        buttons.addStretch(1)
        record = QPushButton(_("个人记录"), box)
        record.setToolTip(_("查看选中人员本年度的学习记录"))
        record.clicked.connect(self._show_record)
        record.setProperty(VIEW_ONLY, True)  # looking someone up stays possible on another office's session
        buttons.addWidget(record)
        refill = QPushButton(_("按应到人员重新生成"), box)
        refill.clicked.connect(self.prefill)
        buttons.addWidget(refill)
        adding = QHBoxLayout()
        adding.addWidget(self.person_picker, 1)
        add = QPushButton(_("添加到名单"), box)
        add.clicked.connect(self._add_picked)
        adding.addWidget(add)
        hint = QLabel(_("选中人员后点“请假”“缺席”，或双击“出勤”“原因”格修改"), box)
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        # as the box reads (the table, made first, was visited before the buttons above it, the picker after them)
        self.attendance_order: list[QWidget] = [*marks, record, refill, self.person_picker, add, self.table]
        tab_in_order(self.attendance_order)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addLayout(adding)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.quorum_label)
        return box

    # -- data --------------------------------------------------------------------------------------------------
    def _load(self, data: SessionData | None) -> None:
        if data is None:
            self.session_date.set_date(date.today())
            self.belongs_year.setValue(date.today().year)
            self._fill_candidates()
            self._enable_year_fields()
            return
        if self.unit.findData(data.unit_id) < 0:  # a retired unit: keep it rather than silently move the session
            self.unit.addItem(_("（已撤销的单位）"), data.unit_id)
        self.unit.setCurrentIndex(self.unit.findData(data.unit_id))
        index = self.kind.findData(data.kind)
        if index < 0 and data.kind:
            self.kind.addItem(data.kind, data.kind)
            index = self.kind.count() - 1
        self.kind.setCurrentIndex(index)
        self.lecture_form.setCurrentIndex(max(0, self.lecture_form.findData(data.lecture_form)))
        self.session_date.set_date(data.session_date)
        self.start_time.setText(data.start_time or "")
        self.end_time.setText(data.end_time or "")
        self.place.setText(data.place)
        self.host.setText(data.host_name)
        self.recorder.setText(data.recorder_name)
        self.lecturer.setText(data.lecturer_name)
        self.topic.setText(data.topic)
        self.hours.setValue(data.hours)
        self.safety.setChecked(data.safety_flag)
        self.belongs_year.setValue(data.belongs_year or (data.session_date or date.today()).year)
        self.election.setChecked(data.is_election)
        self._enable_year_fields()
        self.content.setPlainText(data.content)
        self.resolutions.setPlainText(data.resolutions)
        self.attendance.set_entries(data.attendance)
        self._fill_candidates()

    def current_data(self) -> SessionData:
        parsed, _error = self.session_date.parsed()
        base = self._data or SessionData(unit_id="", kind="", session_date=None, topic="")
        return base.with_changes(
            unit_id=self.unit.currentData() or "", kind=self.kind.currentData() or "",
            lecture_form=self.lecture_form.currentData() if self._is_lecture() else None,
            session_date=parsed, start_time=self.start_time.text().strip() or None,
            end_time=self.end_time.text().strip() or None, place=self.place.text(), host_name=self.host.text(),
            recorder_name=self.recorder.text(), lecturer_name=self.lecturer.text(), topic=self.topic.text(),
            hours=self.hours.value(), safety_flag=self.safety.isChecked(), content=self.content.toPlainText(),
            resolutions=self.resolutions.toPlainText(), attendance=self.attendance.entries(),
            belongs_year=self.belongs_year.value() if self._is_year_bound() else None,
            is_election=self.election.isChecked() and self._is_general_meeting())

    def _is_lecture(self) -> bool:
        return self.kind.currentData() == SessionKind.PARTY_LECTURE.value

    def _is_year_bound(self) -> bool:
        return self.kind.currentData() in YEAR_BOUND_KINDS

    def _is_general_meeting(self) -> bool:
        return self.kind.currentData() == SessionKind.GENERAL_MEETING.value

    def _enable_year_fields(self) -> None:
        """所属年度 only for 组织生活会 / 民主评议党员; the 选举 box only for a 支部党员大会."""
        self.belongs_year.setEnabled(self._is_year_bound())
        self.election.setEnabled(self._is_general_meeting())

    def _sync_year(self) -> None:
        """A new date moves the 所属年度 along unless it names the year before (a January meeting for last year)."""
        parsed, _error = self.session_date.parsed()
        if parsed is not None and self.belongs_year.value() not in (parsed.year, parsed.year - 1):
            self.belongs_year.setValue(parsed.year)

    # -- attendance --------------------------------------------------------------------------------------------
    def _on_unit_or_kind(self) -> None:
        self.lecture_form.setEnabled(self._is_lecture())
        self._enable_year_fields()
        if self._loading:
            return
        self._fill_candidates()
        kind = self.kind.currentData()
        if self.hours.value() == 0 and kind in TYPICAL_HOURS and not (self._data and self._data.id):
            self.hours.setValue(TYPICAL_HOURS[kind])
        if not self._list_touched and self.unit.currentData() and self.kind.currentData():
            self.prefill()
            self._list_touched = False
        self._validate()

    def prefill(self) -> None:
        unit_id, kind = self.unit.currentData(), self.kind.currentData()
        if unit_id and kind:
            day, _error = self.session_date.parsed()
            self.attendance.set_entries(study.expected_attendees(self._ctx.store, unit_id, kind, day))

    def _fill_candidates(self) -> None:
        self.person_picker.clear()
        unit_id = self.unit.currentData()
        if not unit_id:
            return
        day, _error = self.session_date.parsed()
        for c in study.candidates(self._ctx.store, unit_id, day):
            status = _(c.political_status)
            if c.development_stage:  # 发展阶段 beside 政治面貌: 群众·入党积极分子
                status = _("{status}·{stage}").format(status=status, stage=_(c.development_stage))
            self.person_picker.addItem(_("{name}（{status}）").format(name=c.name, status=status), c)
        self.person_picker.setCurrentIndex(-1)

    def _add_picked(self) -> None:
        candidate = self.person_picker.currentData()
        if candidate is None:
            return
        self._list_touched = True
        self.attendance.add(AttendanceEntry(candidate.person_id, AttendanceStatus.PRESENT, "", candidate.name,
                                            candidate.political_status, candidate.position, candidate.committee,
                                            candidate.suspended))
        self.person_picker.setCurrentIndex(-1)

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def _mark(self, status: AttendanceStatus) -> None:
        self._list_touched = True
        self.attendance.set_status(self._selected_rows(), status)

    def _remove_selected(self) -> None:
        self._list_touched = True
        self.attendance.remove_rows(self._selected_rows())

    def _show_record(self) -> None:
        rows = self._selected_rows()
        if rows:
            show_member_record(self, self._ctx, self.attendance.entries()[rows[0]].person_id)

    def _refresh_counts(self) -> None:
        kind = self.kind.currentData() or ""
        counts = self.attendance.counts(kind, self.election.isChecked() and self._is_general_meeting())
        text = _("应到 {e} 人，实到 {p} 人，请假 {l} 人，缺席 {a} 人；有表决权应到 {ve} 人、实到 {vp} 人").format(
            e=counts.expected, p=counts.present, l=counts.leave, a=counts.absent, ve=counts.voting_expected,
            vp=counts.voting_present)
        if counts.observers:
            text += _("；列席 {n} 人").format(n=counts.observers)
        self.counts_label.setText(text)
        warning = quorum_warning(kind, counts)
        self.quorum_label.setText(warning or "")
        self.quorum_label.setVisible(bool(warning))

    # -- validation and saving ---------------------------------------------------------------------------------
    def _validate(self) -> dict[str, str]:
        if self._loading:
            return {}
        data = self.current_data()
        _parsed, date_error = self.session_date.parsed()
        errors = validate_session(SessionFields(
            data.kind, data.session_date, data.start_time, data.end_time, data.topic, data.hours, data.lecture_form,
            frozenset(self.kind.itemData(i) for i in range(self.kind.count())), data.belongs_year, data.is_election),
            today=date.today())
        if date_error:
            errors["session_date"] = date_error
        if not data.unit_id:
            errors["unit_id"] = _("请选择召开会议的单位（支部或党小组）")
        self._show_errors(errors)
        return errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(errors.get(name))
        other = [m for k, m in errors.items() if k not in self.fields]
        self.error_label.setText(join_clauses(other))
        self.error_label.setVisible(bool(other))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            not (set(errors) & set(self.fields)))

    def save(self) -> str | None:
        if self._validate():
            return None
        try:
            session_id = study.save_session(self._ctx.store, self.current_data())
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            return None
        except ServiceError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return None
        self.saved.emit(session_id)
        self.accept()
        return session_id
