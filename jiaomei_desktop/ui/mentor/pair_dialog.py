"""The pair editor: a mentor from the unit's party members, a mentee from the roster or a new worker typed in."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    QWidget,
)

from jiaomei_desktop.domain.mentor import NewWorker, PairData
from jiaomei_desktop.i18n import _, ngettext
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.mentor import MenteeLimitExceeded, PairDetail, PersonChoice
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.mentor.dialogs import _FormDialog, confirm_over_limit
from jiaomei_desktop.ui.mentor.picker import PersonPicker
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError

PLAN_MONTHS_DEFAULT = 6


class PairDialog(_FormDialog):
    def __init__(self, ctx: AppContext, unit_id: str | None, detail: PairDetail | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(_("修改结对") if detail else _("新建结对"), parent)
        self._ctx, self._unit_id, self._detail, self._today = ctx, unit_id, detail, today
        store = ctx.store
        self.mentor_picker = PersonPicker(lambda text: mentor.mentor_choices(store, unit_id, text),
                                          _("搜索本单位党员：姓名、拼音或首字母"), _describe_mentor, self)
        self.add_field("mentor_id", _("师傅（党员）"), self.mentor_picker)
        self.load_label = QLabel(self)
        self.load_label.setWordWrap(True)
        self.load_label.hide()
        self.form.addRow("", self.load_label)
        self.mentor_picker.chosen.connect(self._show_load)
        self._build_mentee()
        self.trade = self.add_field("trade", _("工种/技能方向"), QComboBox(self))
        self.trade.setEditable(True)
        self.trade.addItems(["", *mentor.trade_choices(store, unit_id)])
        self.goals = self.add_field("goals", _("帮带目标"), QPlainTextEdit(self))
        self.goals.setPlaceholderText(_("如：半年内能独立操作采煤机，通过中级工技能鉴定"))
        self.goals.setMaximumHeight(70)
        self.start = self.add_field("start_date", _("开始日期"), DateLineEdit(self))
        self.planned_end = self.add_field("planned_end_date", _("计划出师日期"), DateLineEdit(self))
        # Warnings the clerk may override: a minor in an underground trade (劳动法 第六十四条), a mentor below the
        # mentee's skill grade (domain.mentor.pair_warnings).
        self.rules_label = QLabel(self)
        self.rules_label.setWordWrap(True)
        self.rules_label.setProperty("role", "error")
        self.rules_label.hide()
        self.form.addRow("", self.rules_label)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._fill()
        self.mentor_picker.chosen.connect(lambda *_a: self._show_rules())
        self.mentee_picker.chosen.connect(lambda *_a: self._show_rules())
        self.trade.currentTextChanged.connect(lambda *_a: self._show_rules())
        self.start.textChanged.connect(lambda *_a: self._show_rules())
        self._show_rules()
        fit_to_screen(self, 560, 700)

    def _build_mentee(self) -> None:
        self.existing_radio = QRadioButton(_("选择已有人员"), self)
        self.new_radio = QRadioButton(_("新增职工（名册中还没有）"), self)
        self.existing_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)
        radios = QHBoxLayout()
        radios.addWidget(self.existing_radio)
        radios.addWidget(self.new_radio)
        radios.addStretch(1)
        self.form.addRow(_("徒弟"), radios)
        store, unit_id = self._ctx.store, self._unit_id
        self.mentee_picker = PersonPicker(lambda text: mentor.mentee_choices(store, unit_id, text),
                                          _("搜索徒弟：姓名、拼音或首字母"), parent=self)
        self.worker_name = QLineEdit(self)
        self.worker_post = QLineEdit(self)
        self.worker_trade = QLineEdit(self)
        self.worker_id_number = QLineEdit(self)
        self.worker_id_number.setPlaceholderText(_("可不填"))
        new_worker = QWidget(self)
        worker_form = QFormLayout(new_worker)
        worker_form.setContentsMargins(0, 0, 0, 0)
        for key, label, widget in (("worker_name", _("姓名"), self.worker_name),
                                   ("worker_post", _("岗位"), self.worker_post),
                                   ("worker_trade", _("工种"), self.worker_trade),
                                   ("worker_id_number", _("身份证号"), self.worker_id_number)):
            holder = FieldWithError(widget, new_worker)
            self.fields[key] = holder
            worker_form.addRow(label, holder)
        hint = QLabel(_("新职工将以“群众”身份登记到师傅所在支部的名册中。"), new_worker)
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        worker_form.addRow(hint)
        self.mentee_stack = QStackedWidget(self)
        self.mentee_stack.addWidget(self.mentee_picker)
        self.mentee_stack.addWidget(new_worker)
        holder = FieldWithError(self.mentee_stack, self)
        self.fields["mentee_id"] = holder
        self.form.addRow("", holder)
        self.new_radio.toggled.connect(lambda on: self.mentee_stack.setCurrentIndex(1 if on else 0))

    def _fill(self) -> None:
        detail = self._detail
        today = self._today or date.today()
        if detail is None:
            self.start.set_date(today)
            self.planned_end.set_date(_add_months(today, PLAN_MONTHS_DEFAULT))
            return
        row = detail.row
        self.mentor_picker.select(row.mentor_id, row.mentor_name)
        self.mentee_picker.select(row.mentee_id, row.mentee_name)
        self.new_radio.setEnabled(False)
        self.trade.setCurrentText(row.trade)
        self.goals.setPlainText(detail.goals)
        self.start.set_date(row.start_date)
        self.planned_end.set_date(row.planned_end_date)

    def _show_load(self, mentor_id: str) -> None:
        exclude = self._detail.row.id if self._detail else None
        load = mentor.mentee_load(self._ctx.store, mentor_id, exclude)
        if load.over_limit:
            self.load_label.setText(_("注意：该师傅已带{n}名徒弟（进行中），每人上限{limit}名。").format(
                n=load.active, limit=load.limit))
            self.load_label.setProperty("role", "error")
        else:
            self.load_label.setText(_("该师傅目前带徒{n}名（上限{limit}名）。").format(n=load.active, limit=load.limit))
            self.load_label.setProperty("role", "muted")
        self.load_label.style().unpolish(self.load_label)
        self.load_label.style().polish(self.load_label)
        self.load_label.show()

    def _show_rules(self) -> None:
        pair, _worker, _errors = self.pair_data()
        warnings = mentor.pair_warnings(self._ctx.store, pair) if pair is not None and pair.mentee_id else []
        self.rules_label.setText(_("注意：") + _("；").join(warnings) if warnings else "")
        self.rules_label.setVisible(bool(warnings))

    def pair_data(self) -> tuple[PairData | None, NewWorker | None, dict[str, str]]:
        errors: dict[str, str] = {}
        start, start_error = self.start.parsed()
        end, end_error = self.planned_end.parsed()
        if start_error:
            errors["start_date"] = start_error
        if end_error:
            errors["planned_end_date"] = end_error
        worker = None
        if self.new_radio.isChecked():
            worker = NewWorker(self.worker_name.text(), self.worker_post.text(), self.worker_trade.text(),
                               self.worker_id_number.text())
        mentee_id = None if worker else self.mentee_picker.selected_id
        if errors:
            return None, None, errors
        pair = PairData(mentor_id=self.mentor_picker.selected_id or "", mentee_id=mentee_id, start_date=start,
                        planned_end_date=end, unit_id=self._detail.row.unit_id if self._detail else None,
                        trade=self.trade.currentText(), goals=self.goals.toPlainText(),
                        id=self._detail.row.id if self._detail else None)
        return pair, worker, {}

    def save(self, allow_over_limit: bool = False) -> None:
        pair, worker, errors = self.pair_data()
        if pair is None:
            self.show_errors(errors)
            return
        try:
            if pair.id:
                mentor.update_pair(self._ctx.store, pair, self._today, allow_over_limit)
                pair_id = pair.id
            else:
                pair_id = mentor.create_pair(self._ctx.store, pair, worker, self._today, allow_over_limit)
        except MenteeLimitExceeded as exc:
            if not allow_over_limit and self.confirm_over_limit(exc):
                self.save(allow_over_limit=True)
            return
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ServiceError as exc:
            self.show_errors({}, str(exc))
            return
        self.saved.emit(pair_id)
        self.accept()

    def confirm_over_limit(self, exc: MenteeLimitExceeded) -> bool:
        return confirm_over_limit(self, exc)


def _describe_mentor(choice: PersonChoice) -> str:
    n = choice.active_pairs
    load = ngettext("，带徒{n}名", "，带徒{n}名", n).format(n=n) if n else ""  # "1 apprentice", "2 apprentices"
    return f"{choice.label()}{load}"


def _add_months(value: date, months: int) -> date:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)
