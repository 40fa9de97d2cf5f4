"""Record a 留党察看 period for a member (党章: no 表决权、选举权和被选举权 meanwhile; at most two years). Opened from a
member's study record, where the periods on file are listed; the session counts and quorum warnings take them in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from jiaomei_desktop.i18n import _, join_clauses
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.study.committees import add_probation
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.widgets import DateLineEdit


class ProbationDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._person_id = ctx, person_id
        self.setWindowTitle(_("登记留党察看：{name}").format(name=name))
        self.start = DateLineEdit(self)
        self.end = DateLineEdit(self)
        self.end.setPlaceholderText(_("察看期满日期，最长两年"))
        self.notes = QLineEdit(self)
        note = QLabel(_("留党察看期间没有表决权、选举权和被选举权，会议的有表决权人数不再计入此人。"), self)
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(_("处分日期"), self.start)
        form.addRow(_("察看期满"), self.end)
        form.addRow(_("说明"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def save(self) -> bool:
        start, start_error = self.start.parsed()
        end, end_error = self.end.parsed()
        problems = [e for e in (start_error, end_error) if e]
        if start is None and not start_error:
            problems.append(_("请填写处分日期"))
        if problems or start is None:
            return self._fail(join_clauses(problems))
        try:
            add_probation(self._ctx.store, self._person_id, start, end, self.notes.text())
        except ValidationFailed as exc:
            return self._fail(join_clauses(list(exc.errors.values())))
        except ServiceError as exc:
            return self._fail(str(exc))
        self.accept()
        return True

    def _fail(self, message: str) -> bool:
        self.error_label.setText(message)
        self.error_label.show()
        return False
