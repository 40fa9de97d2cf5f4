"""Add / edit a person. Every field is checked as the user types, with the reason next to the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain import idnumber
from jiaomei_desktop.domain.enums import (
    ETHNICITIES,
    DevelopmentStage,
    Education,
    Gender,
    MembershipState,
    PoliticalStatus,
)
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.domain.vocab import SKILL_GRADES, TITLES, TRADES
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.roster import DuplicateIdNumber
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen, scrolling
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError, tab_in_order

TAB_ORDER = (
    "name", "gender", "ethnicity", "id_number", "birth_date", "education", "phone",
    "political_status", "join_date", "full_member_date", "probation_extension_months", "branch_id", "party_group_id",
    "post", "trade", "position", "title", "skill_grade", "work_start_date",
    "development_stage", "application_date", "activist_date", "target_date", "notes",
)
DATE_FIELDS = ("birth_date", "join_date", "full_member_date", "work_start_date", "application_date", "activist_date",
               "target_date")


def _combo(items: list[str], editable: bool = False, parent: QWidget | None = None,
           vocabulary: bool = False) -> QComboBox:
    """A fixed choice shows its value in the UI language and keeps the stored (Chinese) value as its data; an
    editable one (工种, 职称 …) shows and takes what is typed; an editable `vocabulary` (民族, 学历: their values are
    in the catalogue through scripts/vocab_messages.py) shows its choices in the UI language and takes what is typed
    when it is not one of them."""
    combo = QComboBox(parent)
    combo.setEditable(editable)
    for item in items:
        combo.addItem(_(item) if item and (vocabulary or not editable) else item, item)
    return combo


def _show(combo: QComboBox, value: str) -> None:
    """An editable choice shows a stored value: the choice's text in the UI language where it is one."""
    index = combo.findData(value) if value else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setCurrentText(value)


def _typed_value(combo: QComboBox) -> str:
    """What an editable choice stores: a chosen item's (Chinese) value, else the text typed."""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString | Qt.MatchFlag.MatchCaseSensitive)
    value = combo.itemData(index) if index >= 0 else None
    return value if isinstance(value, str) else text


def _choose(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


class PersonFormDialog(QDialog):
    """Emits `open_person(id)` when the user follows the link to an existing person with the same ID number."""

    open_person = Signal(str)
    saved = Signal(str)

    def __init__(self, ctx: AppContext, person: PersonData | None = None, default_branch_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person = person
        self._errors: dict[str, str] = {}
        self.setWindowTitle(_("编辑人员信息") if person else _("新建人员"))
        self._build()
        self._load(person, default_branch_id)
        self._initial = self._snapshot()
        self._validate()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        f: dict[str, QWidget] = {}
        f["name"] = QLineEdit(self)
        f["gender"] = _combo(["", Gender.MALE.value, Gender.FEMALE.value], parent=self)
        f["ethnicity"] = _combo(list(ETHNICITIES), editable=True, parent=self, vocabulary=True)
        f["birth_date"] = DateLineEdit(self, month_allowed=True)
        id_number = QLineEdit(self)
        id_number.setMaxLength(20)
        id_number.setPlaceholderText(_("18位，最后一位可为X"))
        f["id_number"] = id_number
        f["education"] = _combo(["", *(e.value for e in Education)], editable=True, parent=self, vocabulary=True)
        f["phone"] = QLineEdit(self)
        f["political_status"] = _combo([s.value for s in PoliticalStatus], parent=self)
        f["join_date"] = DateLineEdit(self, month_allowed=True)
        f["full_member_date"] = DateLineEdit(self, month_allowed=True)
        # 延长预备期: 6 to 12 months, decided by the 支部大会 (发展党员工作细则 第三十二条); empty for the usual year.
        f["probation_extension_months"] = _combo(["", *(str(m) for m in range(6, 13))], parent=self)
        # 发展阶段 of a 群众 or 共青团员 (domain.development: 发展党员工作细则 第二、三章), apart from 政治面貌.
        f["development_stage"] = _combo(["", *(s.value for s in DevelopmentStage)], parent=self)
        for name in ("application_date", "activist_date", "target_date"):
            f[name] = DateLineEdit(self, month_allowed=True)
        self._branch = QComboBox(self)
        f["branch_id"] = self._branch
        f["party_group_id"] = QComboBox(self)
        f["post"] = QLineEdit(self)
        f["trade"] = _combo(["", *TRADES], editable=True, parent=self)
        f["position"] = QLineEdit(self)
        f["title"] = _combo(["", *TITLES], editable=True, parent=self)
        f["skill_grade"] = _combo(["", *SKILL_GRADES], editable=True, parent=self)
        f["work_start_date"] = DateLineEdit(self, month_allowed=True)
        f["notes"] = QPlainTextEdit(self)
        self._fields = f
        self._wrapped = {name: FieldWithError(widget, self) for name, widget in f.items()}
        self._wrapped["id_number"].error.linkActivated.connect(self._follow_link)
        choices = roster.branch_choices(self._ctx.store)  # once: ~0.3 s for a group's 1,100 units
        for choice in choices:
            self._branch.addItem(choice.path_label, choice.id)
        self._branch_groups = {c.id: c.party_groups for c in choices}
        self._branch.setPlaceholderText(_("请选择所在支部"))
        searchable_units(self._branch, org.list_units(self._ctx.store))

        basic = self._group(_("基本信息"), [("name", _("姓名")), ("gender", _("性别")), ("ethnicity", _("民族")),
                                            ("id_number", _("身份证号")), ("birth_date", _("出生日期")),
                                            ("education", _("学历")), ("phone", _("联系电话"))])
        party = self._group(_("党员信息"), [("political_status", _("政治面貌")), ("join_date", _("入党日期")),
                                            ("full_member_date", _("转正日期")),
                                            ("probation_extension_months", _("延长预备期（月）")),
                                            ("branch_id", _("所在支部")),
                                            ("party_group_id", _("党小组"))])
        work = self._group(_("工作信息"), [("post", _("岗位")), ("trade", _("工种")), ("position", _("职务")),
                                           ("title", _("职称")), ("skill_grade", _("技能等级")),
                                           ("work_start_date", _("参加工作日期"))])
        development = self._group(_("入党培养"), [("development_stage", _("发展阶段")),
                                                  ("application_date", _("申请入党日期")),
                                                  ("activist_date", _("确定为积极分子日期")),
                                                  ("target_date", _("确定为发展对象日期"))])
        self._state_label = QLabel(self)
        self._state_label.setProperty("role", "muted")
        party.layout().addRow(_("在册状态"), self._state_label)  # type: ignore[union-attr]
        form = QWidget(self)
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(basic, 0, 0)
        grid.addWidget(party, 0, 1)
        grid.addWidget(work, 1, 0)
        notes_box = QGroupBox(_("备注"), self)
        QVBoxLayout(notes_box).addWidget(self._wrapped["notes"])
        grid.addWidget(development, 1, 1)
        grid.addWidget(notes_box, 2, 0, 1, 2)
        self._summary = QLabel(self)
        self._summary.setProperty("role", "error")
        self._summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self._save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save_button.setText(_("保存"))
        self._save_button.setProperty("accent", True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form, self), 1)  # scrolls on a small screen; the buttons stay in view
        layout.addWidget(self._summary)
        layout.addWidget(buttons)
        for widget in f.values():
            self._connect_change(widget)
        self._branch.currentIndexChanged.connect(self._fill_groups)
        id_number.editingFinished.connect(self._fill_from_id_number)
        # group by group as the boxes read (基本信息, 党员信息, 工作信息, 入党培养, 备注); in the order made, Tab went
        # from 民族 to 出生日期 and back up to 身份证号, and through 入党培养 before 所在支部
        tab_in_order([f[name] for name in TAB_ORDER])
        fit_to_screen(self, 900, 740)  # the whole form where the screen has room, scrolling where not

    def _group(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        for name, label in rows:
            form.addRow(label, self._wrapped[name])
        return box

    def _connect_change(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._validate)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self._validate)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._validate)

    # -- data in and out ---------------------------------------------------------------------------------------
    def _load(self, person: PersonData | None, default_branch_id: str | None) -> None:
        f = self._fields
        branch_id = person.branch_id if person else default_branch_id
        index = self._branch.findData(branch_id) if branch_id else -1
        # no guess for a new member: filed under the wrong unit they would be missing from the branch's meetings
        self._branch.setCurrentIndex(index if index >= 0 or person is None else 0)
        self._fill_groups()
        if person is None:
            self._state_label.setText(_(MembershipState.ACTIVE.value))
            return
        self._line("name").setText(person.name)
        _choose(self._choice("gender"), person.gender.value if person.gender else "")
        _show(self._choice("ethnicity"), person.ethnicity or "")
        self._line("id_number").setText(person.id_number or "")
        _show(self._choice("education"), person.education or "")
        self._line("phone").setText(person.phone or "")
        _choose(self._choice("political_status"), person.political_status.value)
        for name in DATE_FIELDS:
            self._date(name).set_date(getattr(person, name))
        groups = self._choice("party_group_id")
        groups.setCurrentIndex(max(groups.findData(person.party_group_id), 0))
        for name in ("post", "position"):
            self._line(name).setText(getattr(person, name) or "")
        for name in ("trade", "title", "skill_grade"):
            self._choice(name).setCurrentText(getattr(person, name) or "")
        _choose(self._choice("development_stage"), person.development_stage.value if person.development_stage else "")
        extension = person.probation_extension_months
        _choose(self._choice("probation_extension_months"), str(extension) if extension else "")
        notes = f["notes"]
        assert isinstance(notes, QPlainTextEdit)  # _build made it one
        notes.setPlainText(person.notes or "")
        self._state_label.setText(_(person.membership_state.value))

    def _fill_groups(self) -> None:
        combo = self._choice("party_group_id")
        combo.clear()
        combo.addItem(_("（无）"), None)
        for group_id, name in self._branch_groups.get(self._branch.currentData(), ()):
            combo.addItem(name, group_id)

    def _fill_from_id_number(self) -> None:
        """A valid ID number already says the birth date and gender: fill them when still empty."""
        try:
            info = idnumber.parse(self._line("id_number").text())
        except idnumber.IdNumberError:
            return
        if not self._date("birth_date").text().strip():
            self._date("birth_date").set_date(info.birth_date)
        if not self._choice("gender").currentText():
            _choose(self._choice("gender"), info.gender.value)

    # typed access to the fields _build made (each assert holds by construction there)
    def _line(self, name: str) -> QLineEdit:
        widget = self._fields[name]
        assert isinstance(widget, QLineEdit), name
        return widget

    def _choice(self, name: str) -> QComboBox:
        widget = self._fields[name]
        assert isinstance(widget, QComboBox), name
        return widget

    def _date(self, name: str) -> DateLineEdit:
        widget = self._fields[name]
        assert isinstance(widget, DateLineEdit), name
        return widget

    def _text(self, name: str) -> str | None:
        widget = self._fields[name]
        if isinstance(widget, QComboBox):
            value = _typed_value(widget) if widget.isEditable() else (widget.currentData() or "")
        elif isinstance(widget, QPlainTextEdit):
            value = widget.toPlainText()
        else:
            value = widget.text()  # type: ignore[attr-defined]
        return value.strip() or None

    def person_data(self) -> tuple[PersonData, dict[str, str]]:
        """The form as PersonData, plus the fields that could not even be read (unparseable dates)."""
        parse_errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            value, error = self._date(name).parsed()
            dates[name] = value
            if error:
                parse_errors[name] = error
        gender = self._text("gender")
        extension = self._text("probation_extension_months")
        stage = self._text("development_stage")
        base = self._person or PersonData(name="", branch_id="")
        status = self._text("political_status")
        assert status is not None  # a fixed choice of PoliticalStatus values only, one always chosen
        data = base.with_changes(
            name=self._text("name") or "", gender=Gender(gender) if gender else None,
            ethnicity=self._text("ethnicity"), id_number=self._text("id_number"), education=self._text("education"),
            phone=self._text("phone"), political_status=PoliticalStatus(status),
            branch_id=self._branch.currentData() or "",
            party_group_id=self._choice("party_group_id").currentData(),
            post=self._text("post"), trade=self._text("trade"), position=self._text("position"),
            title=self._text("title"), skill_grade=self._text("skill_grade"), notes=self._text("notes"),
            probation_extension_months=int(extension) if extension else None,
            development_stage=DevelopmentStage(stage) if stage else None, **dates,
        )
        return data, parse_errors

    def _snapshot(self) -> tuple:
        return (*(self._text(name) or "" for name in self._fields), self._branch.currentData())

    # -- checking and saving -----------------------------------------------------------------------------------
    def _validate(self) -> None:
        data, errors = self.person_data()
        try:
            errors = {**roster.check_person(self._ctx.store, data), **errors}
        except DuplicateIdNumber as dup:
            errors = {**dup.errors, **errors}
            look = _("查看此人")  # outside the f-string: the catalogue extractor does not look inside one
            errors["id_number"] = f'{dup.errors["id_number"]}　<a href="{dup.existing_id}">{look}</a>'
        self._errors = errors
        for name, wrapped in self._wrapped.items():
            wrapped.set_error(errors.get(name))
        if "branch_id" in errors:
            self._wrapped["branch_id"].set_error(errors["branch_id"])
        self._save_button.setEnabled(not errors)
        self._summary.setText(_("还有{n}处需要修改").format(n=len(errors)) if errors else "")

    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def _follow_link(self, person_id: str) -> None:
        self.open_person.emit(person_id)

    def _save(self) -> None:
        data, parse_errors = self.person_data()
        if parse_errors:
            return
        try:
            person_id = roster.save_person(self._ctx.store, data)
        except ValidationFailed:
            self._validate()
            return
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法保存"), str(exc))
            return
        self._initial = self._snapshot()
        self.saved.emit(person_id)
        self.accept()

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(self, _("放弃修改"), _("有未保存的修改，确定放弃吗？"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(self, _("放弃修改"), _("有未保存的修改，确定放弃吗？"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        super().closeEvent(event)
