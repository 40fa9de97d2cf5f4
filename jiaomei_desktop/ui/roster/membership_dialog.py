"""Record a membership change: 转出 (within the tree or outside), 出党, 去世, or back to 在册. Nothing is deleted."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import ExitKind, MembershipState
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import membership, org, roster
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError


class MembershipDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._person = roster.get_person(ctx.store, person_id)
        self.setWindowTitle(_("组织关系和党籍变动：") + self._person.name)
        current = self._person.membership_state
        self._state = QComboBox(self)
        if current is MembershipState.ACTIVE:
            for state in (MembershipState.TRANSFERRED_OUT, MembershipState.EXPELLED, MembershipState.DECEASED):
                self._state.addItem(_(state.value), state)
        else:
            self._state.addItem(_("恢复为在册"), MembershipState.ACTIVE)
        self._date = DateLineEdit(self)
        self._date.set_date(date.today())
        self._reason = QLineEdit(self)
        # 出党 is one of the prescribed kinds (党章 第七条、第九条、第四十一条), never free text; the reason adds details.
        self._exit_kind = QComboBox(self)
        self._exit_kind.addItem(_("请选择"), None)
        for kind in ExitKind:
            self._exit_kind.addItem(_(kind.value), kind)
        self._inside = QRadioButton(_("转到本系统内的支部"), self)
        self._outside = QRadioButton(_("转出到系统外单位"), self)
        self._inside.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self._inside)
        group.addButton(self._outside)
        self._target = QComboBox(self)
        for choice in roster.branch_choices(ctx.store):
            if choice.id != self._person.branch_id:
                self._target.addItem(choice.path_label, choice.id)
        searchable_units(self._target, org.list_units(ctx.store))
        self._outside_name = QLineEdit(self)
        self._outside_name.setPlaceholderText(_("转入单位名称"))
        self._transfer = QWidget(self)
        transfer_layout = QVBoxLayout(self._transfer)
        transfer_layout.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        row1.addWidget(self._inside)
        row1.addWidget(self._target, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self._outside)
        row2.addWidget(self._outside_name, 1)
        transfer_layout.addLayout(row1)
        transfer_layout.addLayout(row2)
        self._wrapped = {"change_date": FieldWithError(self._date, self), "reason": FieldWithError(self._reason, self),
                         "to_unit": FieldWithError(self._transfer, self), "new_state": FieldWithError(self._state, self),
                         "exit_kind": FieldWithError(self._exit_kind, self)}
        form = QFormLayout()
        form.addRow(_("当前状态"), QLabel(_(current.value), self))
        form.addRow(_("变动类型"), self._wrapped["new_state"])
        form.addRow(_("变动日期"), self._wrapped["change_date"])
        form.addRow(_("转入单位"), self._wrapped["to_unit"])
        form.addRow(_("出党方式"), self._wrapped["exit_kind"])
        form.addRow(_("原因"), self._wrapped["reason"])
        self._form = form
        self._history = self._history_table()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("变动记录"), self))
        layout.addWidget(self._history)
        layout.addWidget(buttons)
        self._state.currentIndexChanged.connect(self._update_visibility)
        self._update_visibility()
        fit_to_screen(self, 620, 480)

    def _history_table(self) -> QTableWidget:
        records = membership.history(self._ctx.store, self._person.id or "")
        table = QTableWidget(len(records), 4, self)
        table.setHorizontalHeaderLabels([_("日期"), _("变动"), _("单位"), _("原因")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, rec in enumerate(records):
            unit = f"{rec.from_unit} → {rec.to_unit}" if rec.to_unit else rec.from_unit
            # states and kinds are stored in Chinese: shown in the UI language
            change = f"{_(rec.previous_state)} → {_(rec.new_state)}" + (f"（{_(rec.exit_kind)}）" if rec.exit_kind else "")
            values = (f"{rec.change_date:%Y-%m-%d}", change, unit, rec.reason)
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _update_visibility(self) -> None:
        transfer = MembershipState(self._state.currentData()) is MembershipState.TRANSFERRED_OUT
        self._form.setRowVisible(self._wrapped["to_unit"], transfer)
        expelled = MembershipState(self._state.currentData()) is MembershipState.EXPELLED
        self._form.setRowVisible(self._wrapped["exit_kind"], expelled)

    def request(self) -> membership.ChangeRequest | None:
        value, error = self._date.parsed()
        self._wrapped["change_date"].set_error(error or (None if value else _("请填写变动日期")))
        if value is None:
            return None
        state = MembershipState(self._state.currentData())
        inside = state is MembershipState.TRANSFERRED_OUT and self._inside.isChecked()
        outside = state is MembershipState.TRANSFERRED_OUT and self._outside.isChecked()
        return membership.ChangeRequest(
            person_id=self._person.id or "", new_state=state, change_date=value, reason=self._reason.text(),
            to_unit_id=self._target.currentData() if inside else None,
            to_unit_name=self._outside_name.text() if outside else None,
            exit_kind=ExitKind(kind) if (kind := self._exit_kind.currentData()) and state is MembershipState.EXPELLED else None,
        )

    def _apply(self) -> None:
        request = self.request()
        if request is None:
            return
        for wrapped in self._wrapped.values():
            wrapped.set_error(None)
        try:
            membership.change_membership(self._ctx.store, request)
        except ValidationFailed as exc:
            for name, message in exc.errors.items():
                self._wrapped.get(name, self._wrapped["reason"]).set_error(message)
            return
        except ServiceError as exc:
            self._wrapped["reason"].set_error(str(exc))
            return
        self.accept()
