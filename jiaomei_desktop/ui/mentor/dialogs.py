"""Small dialogs of the 结对帮带 tab: a 辅导记录, 出师 / 终止, and the mentee-limit warning."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.domain.mentor import ASSESSMENTS, LogData
from jiaomei_desktop.i18n import _, join_clauses
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.mentor import LogRow, MenteeLimitExceeded
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen, scrolling
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError

# add_field hands back the widget it was given, typed as that widget, so callers keep its own methods.
W = TypeVar("W", bound=QWidget)


def confirm_over_limit(parent: QWidget, exc: MenteeLimitExceeded) -> bool:
    """Warn and let the secretary decide: a limit is advice, never a silent block."""
    answer = QMessageBox.question(
        parent, _("超过带徒上限"),
        str(exc) + "\n\n" + _("仍要建立这个结对吗？（上限可在设置中调整）"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class _FormDialog(QDialog):
    """A form whose fields show their own errors, with 保存 / 取消."""

    saved = Signal(str)

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, FieldWithError] = {}
        form_widget = QWidget(self)
        self.form = QFormLayout(form_widget)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setProperty("accent", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form_widget, self), 1)  # a long form scrolls; the buttons stay in view
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: W) -> W:
        holder = FieldWithError(widget, self)
        self.fields[name] = holder
        self.form.addRow(label, holder)
        return widget

    def show_errors(self, errors: dict[str, str], message: str = "") -> None:
        for name, holder in self.fields.items():
            holder.set_error(errors.get(name))
        leftover = [text for name, text in errors.items() if name not in self.fields]
        text = join_clauses(leftover) or message
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def save(self) -> None:  # overridden
        raise NotImplementedError


class LogDialog(_FormDialog):
    def __init__(self, ctx: AppContext, pair_id: str, log: LogRow | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(_("修改辅导记录") if log else _("新增辅导记录"), parent)
        self._ctx, self._pair_id, self._log, self._today = ctx, pair_id, log, today
        self.date_edit = self.add_field("log_date", _("辅导日期"), DateLineEdit(self))
        self.hours = self.add_field("hours", _("学时"), QDoubleSpinBox(self))
        self.hours.setRange(0.0, 24.0)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.content = self.add_field("content", _("辅导内容"), QPlainTextEdit(self))
        self.content.setPlaceholderText(_("如：讲解采煤机安全操作规程，现场示范截割操作"))
        self.content.setMinimumHeight(110)
        self.assessment = self.add_field("assessment", _("考核情况"), QComboBox(self))
        self.assessment.setEditable(True)
        self.assessment.addItems(["", *ASSESSMENTS])
        self.date_edit.set_date(log.log_date if log else (today or date.today()))
        self.hours.setValue(log.hours if log else 2.0)
        if log:
            self.content.setPlainText(log.content)
            self.assessment.setCurrentText(log.assessment)
        fit_to_screen(self, 480, 360)

    def save(self) -> None:
        log_date, date_error = self.date_edit.parsed()
        if date_error:
            self.show_errors({"log_date": date_error})
            return
        data = LogData(self._pair_id, log_date, self.content.toPlainText(), self.hours.value(),
                       self.assessment.currentText(), id=self._log.id if self._log else None)
        try:
            if self._log:
                mentor.update_log(self._ctx.store, data, self._today)
                log_id = self._log.id
            else:
                log_id = mentor.add_log(self._ctx.store, data, self._today)
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ServiceError as exc:
            self.show_errors({}, str(exc))
            return
        self.saved.emit(log_id)
        self.accept()


class CloseDialog(_FormDialog):
    """进行中 → 已出师 (final evaluation) or → 终止 (reason), with the date."""

    def __init__(self, ctx: AppContext, pair_id: str, target: PairState, who: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        completing = target is PairState.COMPLETED
        super().__init__(_("出师") if completing else _("终止结对"), parent)
        self._ctx, self._pair_id, self._target, self._today = ctx, pair_id, target, today
        intro = QLabel(who, self)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.date_edit = self.add_field("end_date", _("出师日期") if completing else _("终止日期"), DateLineEdit(self))
        self.date_edit.set_date(today or date.today())
        text_field = "final_evaluation" if completing else "end_reason"
        self.text = self.add_field(text_field, _("出师评价") if completing else _("终止原因"), QPlainTextEdit(self))
        self.text.setPlaceholderText(_("如：能独立、规范完成本岗位作业，考核合格") if completing
                                     else _("如：徒弟调往其他岗位"))
        self.text.setMinimumHeight(90)
        fit_to_screen(self, 460, 280)

    def save(self) -> None:
        end_date, date_error = self.date_edit.parsed()
        if date_error:
            self.show_errors({"end_date": date_error})
            return
        action = mentor.complete_pair if self._target is PairState.COMPLETED else mentor.terminate_pair
        try:
            action(self._ctx.store, self._pair_id, end_date, self.text.toPlainText(), self._today)
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ServiceError as exc:
            self.show_errors({}, str(exc))
            return
        self.saved.emit(self._pair_id)
        self.accept()
