"""A branch's 支部委员: posts with their terms, edited as one list and saved as a whole (services.study.committees).

The heading says whether the branch has a 支部委员会 at all (7 正式党员 or more, 条例 第六章) or only a 书记; a 届满
warning shows when the sitting term is due within a quarter or past due. Messages of a refused save stay in the dialog.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.committee import CommitteePost, RoleRecord, default_term_end
from jiaomei_desktop.i18n import N_, _, join_clauses
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.study.committees import committee, eligible_people, save_committee
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.widgets import DateLineEdit

HEADERS = (N_("职务"), N_("姓名"), N_("任职日期"), N_("届满日期"), N_("离任日期"))
ROLE, PERSON, START, END, LEFT = range(5)


class CommitteeDialog(QDialog):
    def __init__(self, ctx: AppContext, unit_id: str, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._unit_id = ctx, unit_id
        self._today = today or date.today()
        self._ids: list[str | None] = []  # the stored row id behind each table row (None: new)
        current = committee(ctx.store, unit_id, self._today)
        self._people = [(p.person_id, p.name) for p in eligible_people(ctx.store, unit_id)]
        known = {pid for pid, _name in self._people}
        self._people += [(r.person_id, r.name) for r in current.roles if r.person_id not in known]
        self.setWindowTitle(_("{name} · 支部委员").format(name=current.unit_name))
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        if current.has_committee:
            self.heading.setText(
                _("正式党员 {n} 人，设支部委员会（3至5人，一般不超过7人），每届任期3年。").format(
                    n=current.full_members
                )
            )
        else:
            self.heading.setText(
                _("正式党员 {n} 人，不足7人，不设支部委员会：只设书记，必要时设1名副书记。").format(
                    n=current.full_members
                )
            )
        self.warning = QLabel(current.warning or "", self)
        self.warning.setProperty("role", "error")
        self.warning.setWordWrap(True)
        self.warning.setVisible(bool(current.warning))
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for role in current.roles:
            self._append(role)
        add = QPushButton(_("添加职务"), self)
        add.clicked.connect(self.add_row)
        remove = QPushButton(_("删除所选"), self)
        remove.setToolTip(_("删除录错的任职记录；正常卸任请填写离任日期"))
        remove.clicked.connect(self.remove_selected)
        tools = QHBoxLayout()
        tools.addWidget(add)
        tools.addWidget(remove)
        tools.addStretch(1)
        self.error_label = QLabel(self)
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.warning)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 420)

    # -- rows --------------------------------------------------------------------------------------------------
    def _append(self, role: RoleRecord | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._ids.append(role.id if role else None)
        posts = QComboBox(self.table)
        for post in CommitteePost:
            posts.addItem(_(post.value), post.value)
        person = QComboBox(self.table)
        for pid, name in self._people:
            person.addItem(name, pid)
        start, end, left = DateLineEdit(self.table), DateLineEdit(self.table), DateLineEdit(self.table)
        left.setPlaceholderText(_("在任"))
        if role is not None:
            posts.setCurrentIndex(max(0, posts.findData(role.role)))
            person.setCurrentIndex(person.findData(role.person_id))
            start.set_date(role.term_start)
            end.set_date(role.term_end)
            left.set_date(role.left_on)
        else:
            person.setCurrentIndex(-1)
            start.set_date(self._today)
            end.set_date(default_term_end(self._today))
        start.editingFinished.connect(lambda: self._follow_start(start, end))
        for column, widget in ((ROLE, posts), (PERSON, person), (START, start), (END, end), (LEFT, left)):
            self.table.setCellWidget(row, column, widget)
        return row

    def _follow_start(self, start: DateLineEdit, end: DateLineEdit) -> None:
        """A new start date moves an empty 届满 date to three years later (条例 第六章: 每届任期3年)."""
        day, _error = start.parsed()
        if day is not None and not end.text().strip():
            end.set_date(default_term_end(day))

    def add_row(self) -> int:
        return self._append(None)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True):
            self.table.removeRow(row)
            del self._ids[row]

    def cell(self, row: int, column: int) -> QWidget:
        return self.table.cellWidget(row, column)

    # -- saving ------------------------------------------------------------------------------------------------
    def roles(self) -> tuple[list[RoleRecord], list[str]]:
        """The rows as records, and a message for every row that cannot become one."""
        records: list[RoleRecord] = []
        problems: list[str] = []
        for row in range(self.table.rowCount()):
            person = self.cell(row, PERSON).currentData()  # type: ignore[attr-defined]
            start, start_error = self.cell(row, START).parsed()  # type: ignore[attr-defined]
            end, end_error = self.cell(row, END).parsed()  # type: ignore[attr-defined]
            left, left_error = self.cell(row, LEFT).parsed()  # type: ignore[attr-defined]
            label = _("第{n}行").format(n=row + 1)
            if not person:
                problems.append(_("{row}：请选择担任职务的党员").format(row=label))
            if start is None or end is None:
                problems.append(_("{row}：请填写任职日期和届满日期").format(row=label))
            for error in (start_error, end_error, left_error):
                if error:
                    problems.append(_("{name}：{error}").format(name=label, error=error))
            if person and start is not None and end is not None and not (start_error or end_error or left_error):
                records.append(
                    RoleRecord(
                        person,
                        self.cell(row, ROLE).currentData(),  # type: ignore[attr-defined]
                        start,
                        end,
                        left,
                        self._ids[row],
                    )
                )
        return records, problems

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def save(self) -> bool:
        records, problems = self.roles()
        if problems:
            self.show_error(join_clauses(problems))
            return False
        try:
            save_committee(self._ctx.store, self._unit_id, records, self._today)
        except ValidationFailed as exc:
            self.show_error(join_clauses(list(exc.errors.values())))
            return False
        except ServiceError as exc:
            self.show_error(str(exc))
            return False
        self._ctx.data_changed.changed.emit("org")
        self.accept()
        return True
