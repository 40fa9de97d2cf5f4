"""Forms for the four registers. Each validates as the user types (the service's check_* rules) and shows what is
wrong beside the field in plain Chinese; Save is only enabled when everything is right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.registers import DeedCategory, DeedState, InnovationKind, ZoneKind, format_yuan, parse_yuan
from jiaomei_desktop.i18n import _, join_clauses, join_phrases
from jiaomei_desktop.services import brands, deeds, innovation, studios, zones
from jiaomei_desktop.services.contests import Worker, find_workers
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.honors.records import find_people, person_choice
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui import geometry
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import tab_in_order

CHECK_DELAY_MS = 150

# add_field hands back the widget it was given, typed as that widget, so callers keep its own methods.
W = TypeVar("W", bound=QWidget)


def _qdate(value: date | None) -> QDate:
    d = value or date.today()
    return QDate(d.year, d.month, d.day)


def _pydate(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


class RegisterDialog(QDialog):
    """Common frame: a form, a per-field error label, OK/Cancel; subclasses build fields and the data object."""

    def __init__(self, store: Store, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.store = store
        self.saved_id: str | None = None
        # the fields scroll where the screen is too short for them; the messages and the buttons below stay in view
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.general_error = QLabel(self)
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self._scroll = geometry.scrolling(self.body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.validate)

    def add_field(self, name: str, label: str, widget: W) -> W:
        if isinstance(widget, QComboBox | QDateEdit | QSpinBox):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        error = QLabel(self)
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        box = QWidget(self)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        inner.addWidget(error)
        self.form.addRow(label, box)
        self._errors[name] = error
        self._inputs[name] = widget
        for signal in ("textChanged", "currentIndexChanged", "dateChanged", "valueChanged", "toggled"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(lambda *_a: self._timer.start())
        return widget

    # subclasses ------------------------------------------------------------------------------------------------
    def data(self) -> Any:
        raise NotImplementedError

    def check(self, data: Any) -> dict[str, str]:
        raise NotImplementedError

    def write(self, data: Any) -> str:
        raise NotImplementedError

    # shared ----------------------------------------------------------------------------------------------------
    def local_errors(self) -> dict[str, str]:
        return {}

    def validate(self) -> dict[str, str]:
        errors = self.local_errors()
        if not errors:
            try:
                errors = self.check(self.data())
            except ServiceError as exc:
                errors = {"": str(exc)}
        for name, label in self._errors.items():
            message = errors.get(name, "")
            label.setText(message)
            if message:
                _keep_space(label)
            label.setVisible(bool(message))
            widget = self._inputs[name]
            widget.setProperty("invalid", "true" if message else "false")
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        other = [m for k, m in errors.items() if k not in self._errors]
        self.general_error.setText(join_clauses(other))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not errors)
        self._make_room()
        return errors

    def showEvent(self, event: QShowEvent) -> None:
        """Shown, the form takes the least size its fields and messages need where the screen has room: Qt opens a
        window whose fields can scroll at two thirds of the screen's height at most, scrolling a form that fits."""
        super().showEvent(event)
        self._make_room()

    def _make_room(self) -> None:
        """Grow to what the form and its messages need, where the screen has room; where it has not, the fields
        scroll. Qt sets no minimum height on a window whose layout wraps text, so three rows' errors under a post
        squeezed its member picker to one line with 设为负责人 and 移除 cut in half instead of growing the dialog.
        Before the first show nothing is done: showing takes the size the form and its messages need."""
        if not self.isVisible():
            return
        layout = self.layout()
        assert layout is not None  # made in __init__
        room, least = geometry.room(self), layout.totalMinimumSize()
        # the scroll area counts a few lines of the form in the least size: count all of it
        least.setHeight(least.height() + max(0, self.body.minimumSizeHint().height()
                                             - self._scroll.minimumSizeHint().height()))
        width = min(max(self.width(), least.width()), room.width())
        # the least height counts a wrapped message at the label's own guess of a width: add the lines it takes at
        # the width it has (the messages sit in their own rows, so the extra lines add up)
        extra = 0
        for label in (*self._errors.values(), self.general_error):
            holder = label.parentWidget()
            if label.isVisibleTo(self) and label.text() and holder is not None:
                has = holder.contentsRect().width() if holder is not self else layout.contentsRect().width()
                extra += max(0, label.heightForWidth(has) - label.minimumSizeHint().height())
        height = min(max(self.height(), least.height() + extra), room.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def save(self) -> None:
        if self.validate():
            return
        try:
            self.saved_id = self.write(self.data())
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法保存"), str(exc))
            return
        self.accept()


HINT_ROOM = 40  # a line edit's frame and margins, a combo's arrow


def roster_finder(parent: QWidget, hint: str) -> QComboBox:
    """An editable drop-down to find roster people by name, pinyin or initials; its hint is read whole (a narrow
    one was cut to “输入姓…” / “Type a …”)."""
    finder = QComboBox(parent)
    finder.setEditable(True)
    finder.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = finder.lineEdit()
    assert line is not None  # setEditable(True) just gave the combo its line edit
    line.setPlaceholderText(hint)
    finder.setMinimumWidth(finder.fontMetrics().horizontalAdvance(hint) + HINT_ROOM)
    return finder


def offer_workers(finder: QComboBox, workers: list[Worker], text: str) -> None:
    """Show `workers` (name, unit, party status) as the finder's choices, none chosen, keeping `text` (what the user
    typed) and the cursor in it; the list pops up when there is anyone to offer."""
    line = finder.lineEdit()
    assert line is not None  # a roster finder is editable
    cursor = line.cursorPosition()
    with QSignalBlocker(finder):
        finder.clear()
        for w in workers:
            status = _(w.party_status) if w.party_status else _("群众")
            finder.addItem(_("{name}（{unit}，{status}）").format(name=w.name, unit=w.unit_name, status=status))
        finder.setCurrentIndex(-1)
        finder.setEditText(text)
        line.setCursorPosition(cursor)
    if workers:
        finder.showPopup()


class MemberPicker(QWidget):
    """The people of a 亮明身份 post or a 督导组: roster people found by name, pinyin or initials, or a name typed in;
    the first one added leads (`lead_role`, 负责人 or 组长) until another is made lead. Each line is
    `line(name, person_id, role)` (posts.PostMemberData, inspections.TeamMemberData); `changed` after every edit."""

    changed = Signal()

    def __init__(self, store: Store, line: Callable[[str, str | None, str], Any], lead_role: str, member_role: str,
                 lead_text: str, typed_hint: str, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self._line, self._lead, self._member = store, line, lead_role, member_role
        self.found: list[Worker] = []
        self.members = QListWidget(self)
        self.members.setMaximumHeight(110)
        self.finder = roster_finder(self, _("输入姓名、拼音或首字母查找花名册人员"))
        finder_line = self.finder.lineEdit()
        assert finder_line is not None  # a roster finder is editable
        finder_line.textEdited.connect(self.search)
        self.finder.activated.connect(lambda _i: self.add_found())
        self.typed = QLineEdit(self)
        self.typed.setPlaceholderText(typed_hint)
        self.typed.returnPressed.connect(self.add_typed)
        add_typed = QPushButton(add_text, self)
        add_typed.clicked.connect(self.add_typed)
        lead = QPushButton(lead_text, self)
        lead.clicked.connect(self.make_lead)
        remove = QPushButton(_("移除"), self)
        remove.clicked.connect(self.remove_current)
        # the list with what acts on its selection beside it; the finder on a line of its own: in one row of five
        # it was squeezed to 85 px and its hint read “输入姓…”
        self.typed.setMinimumWidth(self.typed.fontMetrics().horizontalAdvance(typed_hint) + HINT_ROOM)
        beside = QVBoxLayout()
        beside.addWidget(lead)
        beside.addWidget(remove)
        beside.addStretch(1)
        listed = QHBoxLayout()
        listed.addWidget(self.members, 1)
        listed.addLayout(beside)
        typed_row = QHBoxLayout()
        typed_row.addWidget(self.typed, 1)
        typed_row.addWidget(add_typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(listed)
        layout.addWidget(self.finder)
        layout.addLayout(typed_row)
        tab_in_order([self.members, lead, remove, self.finder, self.typed, add_typed])  # as they read

    def search(self, text: str) -> None:
        """The roster people matching what is typed, offered in the finder's list (20 at most)."""
        self.found = find_workers(self.store, text, 20, on_roll=True)  # a post or team refuses a leaver
        offer_workers(self.finder, self.found, text)

    def add_found(self) -> None:
        index = self.finder.currentIndex()
        if 0 <= index < len(self.found):
            w = self.found[index]
            self.add(self._line(w.name, w.id, self._next_role()))
            self.finder.setEditText("")

    def add_typed(self) -> None:
        name = self.typed.text().strip()
        if name:
            self.add(self._line(name, None, self._next_role()))
            self.typed.clear()

    def _next_role(self) -> str:
        return self._lead if self.members.count() == 0 else self._member

    def add(self, line: Any) -> None:
        item = QListWidgetItem(self.members)
        item.setData(Qt.ItemDataRole.UserRole, line)
        self._label(item)
        self.changed.emit()

    def _label(self, item: QListWidgetItem) -> None:
        m = item.data(Qt.ItemDataRole.UserRole)
        notes = [] if m.role == self._member else [_(m.role)]  # 负责人, 组长, 副组长
        if m.person_id is None:
            notes.append(_("未在花名册"))
        item.setText(_("{name}（{notes}）").format(name=m.name, notes=join_phrases(notes)) if notes else m.name)

    def make_lead(self) -> None:
        """The selected line leads; the former lead becomes a member (other roles, e.g. 副组长, stay)."""
        current = self.members.currentRow()
        if current < 0:
            return
        for i in range(self.members.count()):
            item = self.members.item(i)
            m = item.data(Qt.ItemDataRole.UserRole)
            role = self._lead if i == current else (self._member if m.role == self._lead else m.role)
            item.setData(Qt.ItemDataRole.UserRole, self._line(m.name, m.person_id, role))
            self._label(item)
        self.changed.emit()

    def remove_current(self) -> None:
        current = self.members.currentRow()
        if current >= 0:
            self.members.takeItem(current)
            self.changed.emit()

    def lines(self) -> tuple[Any, ...]:
        return tuple(self.members.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.members.count()))


def _keep_space(error: QLabel) -> None:
    """An error line once shown keeps its room when its message goes: the fields below stay where they are while
    the user corrects the form (as ui.widgets.FieldWithError; a line always there would make these long register
    forms scroll on a 768-px screen)."""
    policy = error.sizePolicy()
    if not policy.retainSizeWhenHidden():
        policy.setRetainSizeWhenHidden(True)
        error.setSizePolicy(policy)
    error.setMinimumHeight(max(error.minimumHeight(), error.fontMetrics().height(), error.sizeHint().height()))


def _combo(parent: QWidget, values: list[tuple[str, str]], current: str | None, editable: bool = False) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(editable)
    for value, label in values:
        combo.addItem(label, value)
    if current is not None:
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
        elif editable:
            combo.setEditText(current)
    return combo


def _combo_value(combo: QComboBox) -> str:
    if combo.isEditable():
        text = combo.currentText().strip()
        index = combo.findText(text)
        return combo.itemData(index) if index >= 0 else text
    return combo.currentData() or ""


class DeedDialog(RegisterDialog):
    def __init__(self, store: Store, units: list[tuple[str, str]], existing: deeds.DeedData | None = None,
                 default_unit: str | None = None, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(store, _("修改办实事记录") if existing else _("新建办实事记录"), parent)
        self.existing = existing
        self.today = today
        e = existing
        self.item = self.add_field("item", _("实事内容"), QLineEdit(e.item if e else "", self))
        self.unit = self.add_field("unit_id", _("办理单位"), searchable_units(
            _combo(self, units, e.unit_id if e else default_unit)))
        self.day = self.add_field("deed_date", _("日期"), QDateEdit(_qdate(e.deed_date if e else today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.category = self.add_field("category", _("类别"), _combo(
            self, [(c.value, _(c.value)) for c in DeedCategory], e.category if e else None, editable=True))
        self.people = self.add_field("person_times", _("受益人次"), QSpinBox(self))
        self.people.setRange(0, 10_000_000)
        self.people.setValue(e.person_times if e else 0)
        self.money = self.add_field("amount_fen", _("金额（元）"), QLineEdit(format_yuan(e.amount_fen) if e else "0", self))
        self.money.setPlaceholderText(_("例如 2300 或 2.3万"))
        self.state = self.add_field("state", _("状态"), _combo(
            self, [(s.value, _(s.value)) for s in DeedState], e.state if e else DeedState.DONE.value))
        self.notes = self.add_field("notes", _("备注"), QPlainTextEdit(e.notes or "" if e else "", self))
        self.notes.setMaximumHeight(70)
        self.validate()

    def _fen(self) -> int:
        return parse_yuan(self.money.text())

    def local_errors(self) -> dict[str, str]:
        try:
            self._fen()
        except ValueError as exc:
            return {"amount_fen": str(exc)}
        return {}

    def data(self) -> deeds.DeedData:
        return deeds.DeedData(item=self.item.text(), unit_id=self.unit.currentData() or "", deed_date=_pydate(self.day),
                              category=_combo_value(self.category), person_times=self.people.value(),
                              amount_fen=self._fen(), state=self.state.currentData(),
                              notes=self.notes.toPlainText(), id=self.existing.id if self.existing else None)

    def check(self, data: deeds.DeedData) -> dict[str, str]:
        return deeds.check_deed(self.store, data, self.today)

    def write(self, data: deeds.DeedData) -> str:
        return deeds.save_deed(self.store, data, self.today)


class BrandDialog(RegisterDialog):
    def __init__(self, store: Store, branches: list[tuple[str, str]], existing: brands.BrandData | None = None,
                 default_unit: str | None = None, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(store, _("修改党建品牌") if existing else _("新建党建品牌"), parent)
        self.existing = existing
        self.today = today
        e = existing
        self.unit = self.add_field("unit_id", _("党支部"), searchable_units(
            _combo(self, branches, e.unit_id if e else default_unit)))
        self.name = self.add_field("name", _("品牌名称"), QLineEdit(e.name if e else "", self))
        self.year = self.add_field("year", _("创建年度"), QSpinBox(self))
        self.year.setRange(1949, 2100)
        self.year.setValue(e.year if e and e.year else (today or date.today()).year)
        self.own = self.add_field("own_brand", _("一支部一品牌"), QCheckBox(_("本支部自己创建的品牌（不勾选 = 与其他支部共享的品牌）"), self))
        self.own.setChecked(e.own_brand if e else True)
        self.description = self.add_field("description", _("品牌简介"), QPlainTextEdit(e.description or "" if e else "", self))
        self.description.setMaximumHeight(90)
        self.validate()

    def data(self) -> brands.BrandData:
        return brands.BrandData(unit_id=self.unit.currentData() or "", name=self.name.text(), year=self.year.value(),
                                own_brand=self.own.isChecked(), description=self.description.toPlainText(),
                                id=self.existing.id if self.existing else None)

    def check(self, data: brands.BrandData) -> dict[str, str]:
        return brands.check_brand(self.store, data, self.today)

    def write(self, data: brands.BrandData) -> str:
        return brands.save_brand(self.store, data, self.today)


class InnovationDialog(RegisterDialog):
    def __init__(self, store: Store, units: list[tuple[str, str]], existing: innovation.InnovationData | None = None,
                 default_unit: str | None = None, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(store, _("修改创新成果") if existing else _("新建创新成果"), parent)
        self.existing = existing
        self.today = today
        e = existing
        self.kind = self.add_field("kind", _("类别"), _combo(
            self, [(k.value, _(k.value)) for k in InnovationKind], e.kind if e else None))
        self.title_edit = self.add_field("title", _("名称"), QLineEdit(e.title if e else "", self))
        self.unit = self.add_field("unit_id", _("单位"), searchable_units(
            _combo(self, units, e.unit_id if e else default_unit)))
        self.year = self.add_field("year", _("年度"), QSpinBox(self))
        self.year.setRange(1949, 2100)
        self.year.setValue(e.year if e and e.year else (today or date.today()).year)
        self.people = self.add_field("people", _("完成人"), QLineEdit(e.people or "" if e else "", self))
        self.people.setPlaceholderText(_("多人用顿号分隔，例如 王建国、李明"))
        # the 创新工作室 this is the output of (services.studios.check_link says which fit)
        self.studio = self.add_field("studio_id", _("创新工作室"), _combo(
            self, [("", _("（不属于工作室）"))] + [(c.id, c.label) for c in studios.studio_choices(store)],
            e.studio_id or "" if e else ""))
        self.notes = self.add_field("notes", _("备注"), QPlainTextEdit(e.notes or "" if e else "", self))
        self.notes.setMaximumHeight(70)
        self.validate()

    def data(self) -> innovation.InnovationData:
        return innovation.InnovationData(kind=self.kind.currentData(), title=self.title_edit.text(),
                                         unit_id=self.unit.currentData() or "", year=self.year.value(),
                                         people=self.people.text(), notes=self.notes.toPlainText(),
                                         id=self.existing.id if self.existing else None,
                                         studio_id=self.studio.currentData() or None)

    def check(self, data: innovation.InnovationData) -> dict[str, str]:
        return innovation.check_item(self.store, data, self.today)

    def write(self, data: innovation.InnovationData) -> str:
        return innovation.save_item(self.store, data, self.today)


class ZoneDialog(RegisterDialog):
    def __init__(self, store: Store, existing: zones.ZoneData | None = None, parent: QWidget | None = None,
                 search: Callable[[str], list] | None = None) -> None:
        super().__init__(store, _("修改党员责任区") if existing else _("新建党员责任区"), parent)
        self.existing = existing
        e = existing
        self._person_id = e.person_id if e else ""
        self._search = search or (lambda text: find_people(store, text, 20))
        self.person = self.add_field("person_id", _("责任人（党员）"), QComboBox(self))
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        person_line = self.person.lineEdit()
        assert person_line is not None  # setEditable(True) just gave the combo its line edit
        person_line.setPlaceholderText(_("输入姓名、拼音或首字母查找"))
        if e:
            choice = person_choice(store, e.person_id)
            if choice:
                self.person.addItem(_("{name}（{unit}）").format(name=choice.name, unit=choice.unit_name), choice.id)
        person_line.textEdited.connect(self._search_people)
        self.person.activated.connect(lambda _i: self._timer.start())
        self.zone = self.add_field("zone_name", _("责任区名称"), QLineEdit(e.zone_name if e else "", self))
        self.place = self.add_field("place", _("地点"), QLineEdit(e.place or "" if e else "", self))
        self.kind = self.add_field("kind", _("类别"), _combo(
            self, [(k.value, _(k.value)) for k in ZoneKind], e.kind if e else None, editable=True))
        self.scope_people = self.add_field("scope_people", _("责任范围（人员）"), QLineEdit(e.scope_people or "" if e else "", self))
        self.scope_equipment = self.add_field("scope_equipment", _("责任范围（设备）"),
                                              QLineEdit(e.scope_equipment or "" if e else "", self))
        self.duties = self.add_field("duties", _("职责（每行一条）"), QPlainTextEdit(e.duties or "" if e else "", self))
        self.duties.setMaximumHeight(90)
        self.start = self.add_field("start_date", _("开始日期"), QDateEdit(_qdate(e.start_date if e else None), self))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.has_end = QCheckBox(_("已结束"), self)
        self.end = self.add_field("end_date", _("结束日期"), QDateEdit(_qdate(e.end_date if e else None), self))
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow("", self.has_end)
        self.has_end.setChecked(bool(e and e.end_date))
        self.end.setEnabled(self.has_end.isChecked())
        self.has_end.toggled.connect(self.end.setEnabled)
        self.has_end.toggled.connect(lambda _c: self._timer.start())
        self.validate()

    def _search_people(self, text: str) -> None:
        line = self.person.lineEdit()
        assert line is not None  # the person finder is made editable in __init__ and stays so
        cursor = line.cursorPosition()
        self.person.blockSignals(True)
        self.person.clear()
        for choice in self._search(text):
            self.person.addItem(_("{name}（{unit}）").format(name=choice.name, unit=choice.unit_name), choice.id)
        self.person.setCurrentIndex(-1)
        self.person.setEditText(text)
        line.setCursorPosition(cursor)
        self.person.blockSignals(False)
        if self.person.count():
            self.person.showPopup()

    def data(self) -> zones.ZoneData:
        person = self.person.currentData() if self.person.currentIndex() >= 0 else ""
        return zones.ZoneData(person_id=person or "", zone_name=self.zone.text(), kind=_combo_value(self.kind),
                              place=self.place.text(), scope_people=self.scope_people.text(),
                              scope_equipment=self.scope_equipment.text(), duties=self.duties.toPlainText(),
                              start_date=_pydate(self.start), end_date=_pydate(self.end) if self.has_end.isChecked()
                              else None, unit_id=self.existing.unit_id if self.existing else None,
                              id=self.existing.id if self.existing else None)

    def check(self, data: zones.ZoneData) -> dict[str, str]:
        return zones.check_zone(self.store, data)

    def write(self, data: zones.ZoneData) -> str:
        return zones.save_zone(self.store, data)

