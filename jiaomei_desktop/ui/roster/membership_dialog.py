"""Record a membership change: 转出 (within the tree or outside), 出党, 去世, or back to 在册. Nothing is deleted.

A change that makes the person leave the branch lists what she still holds in the registers (services.leaving) with
the obvious handling ticked; the ticked lines are written with the change, in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from jiaomei_desktop.services import leaving, membership, org, roster
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import DateLineEdit, FieldWithError

_UNLIMITED = 16777215  # Qt's QWIDGETSIZE_MAX, which PySide6 does not export


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
        self._ticks: dict[str, bool] = {}  # the user's own ticks and reasons, kept while the lines are re-read
        self._reasons: dict[str, str] = {}
        self._lines: list[leaving.Holding] = []
        self._holdings_label = QLabel(self)
        self._holdings_label.setWordWrap(True)
        self._holdings = self._holdings_table()
        self._wrapped["holdings"] = FieldWithError(self._holdings, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._holdings_label)
        layout.addWidget(self._wrapped["holdings"], 3)
        layout.addWidget(QLabel(_("变动记录"), self))
        layout.addWidget(self._history, 1)
        layout.addWidget(buttons)
        self._state.currentIndexChanged.connect(self._update_visibility)
        self._date.textChanged.connect(self._reload_holdings)  # a partial date keeps the lines it had
        self._target.currentIndexChanged.connect(self._reload_holdings)
        self._inside.toggled.connect(self._reload_holdings)
        self._exit_kind.currentIndexChanged.connect(self._reload_holdings)
        self._update_visibility()
        # the old size when she holds nothing; room for the lines when she does
        fit_to_screen(self, *((900, 760) if self._lines else (620, 480)))

    # -- what she still holds ------------------------------------------------------------------------------------
    def _holdings_table(self) -> QTableWidget:
        table = QTableWidget(0, 4, self)
        table.setHorizontalHeaderLabels([_("登记簿"), _("记录"), _("处理"), _("说明或摘牌原因")])
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemChanged.connect(self._line_changed)
        table.horizontalHeader().sectionResized.connect(lambda *_args: table.resizeRowsToContents())
        return table

    def _reload_holdings(self) -> None:
        """Re-read the lines for the change as now filled in (the day and the new branch change them)."""
        request = self._base_request()
        if request is None:
            return
        self._lines = leaving.holdings(self._ctx.store, request)
        leaves = leaving.leaves(request)
        table = self._holdings
        table.blockSignals(True)
        table.setRowCount(len(self._lines))
        for row, line in enumerate(self._lines):
            self._fill_line(row, line)
        table.blockSignals(False)
        table.resizeColumnsToContents()
        for column, widest in ((0, 170), (1, 300), (2, 220)):  # the notes column takes what is left
            table.setColumnWidth(column, min(table.columnWidth(column), widest))
        table.resizeRowsToContents()
        self._wrapped["holdings"].setVisible(bool(self._lines))
        # with lines to decide on, they get the room and the past changes (a few) scroll
        lines_height = self._history.fontMetrics().height() * 6
        self._history.setMaximumHeight(lines_height if self._lines else _UNLIMITED)
        self._holdings_label.setVisible(leaves)
        if self._lines:
            self._holdings_label.setText(_(
                "该同志在登记簿中还担任以下职责。勾选的各项与本次变动一并办理（全部成功或全部不办理）；"
                "其他单位维护的记录只列出，不在本机修改。"))
        else:
            self._holdings_label.setText(_("该同志在登记簿中没有需要一并处理的职责。"))

    def _fill_line(self, row: int, line: leaving.Holding) -> None:
        kind = QTableWidgetItem(_(line.kind.value))
        flags = Qt.ItemFlag.ItemIsEnabled
        if line.offered:
            kind.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = self._ticks.get(line.key, line.ticked)
            kind.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        else:
            kind.setFlags(flags)
        kind.setData(Qt.ItemDataRole.UserRole, line.key)
        record = _("{name}（{role}）").format(name=line.record, role=line.role) if line.role else line.record
        action = line.action if line.offered else _("不能在此办理")
        note = self._reasons.get(line.key, line.reason) if line.reason else line.note
        for col, text in enumerate((None, record, action, note)):
            item = kind if text is None else QTableWidgetItem(text)
            if text is not None:
                editable = col == 3 and bool(line.reason) and line.offered
                item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
                item.setToolTip(line.note if editable else text)
            self._holdings.setItem(row, col, item)

    def _line_changed(self, item: QTableWidgetItem) -> None:
        line = self._lines[item.row()]
        if item.column() == 0:
            self._ticks[line.key] = item.checkState() == Qt.CheckState.Checked
        elif item.column() == 3 and line.reason:
            self._reasons[line.key] = item.text()

    def _follow(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        ticked = tuple(line.key for line in self._lines if line.offered and self._ticks.get(line.key, line.ticked))
        reasons = tuple((key, text) for key, text in self._reasons.items() if key in ticked)
        return ticked, reasons

    def _history_table(self) -> QTableWidget:
        records = membership.history(self._ctx.store, self._person.id or "")
        table = QTableWidget(len(records), 4, self)
        table.setHorizontalHeaderLabels([_("日期"), _("变动"), _("单位"), _("原因")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, rec in enumerate(records):
            unit = f"{rec.from_unit} → {rec.to_unit}" if rec.to_unit else rec.from_unit
            # states and kinds are stored in Chinese: shown in the UI language
            change = f"{_(rec.previous_state)} → {_(rec.new_state)}"
            if rec.exit_kind:
                change = _("{change}（{kind}）").format(change=change, kind=_(rec.exit_kind))
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
        self._reload_holdings()

    def request(self) -> membership.ChangeRequest | None:
        value, error = self._date.parsed()
        self._wrapped["change_date"].set_error(error or (None if value else _("请填写变动日期")))
        if value is None:
            return None
        self._reload_holdings()  # the lines of the day as finally typed
        follow, reasons = self._follow()
        base = self._base_request(value)
        return None if base is None else replace(base, follow=follow, delist_reasons=reasons)

    def _base_request(self, value: date | None = None) -> membership.ChangeRequest | None:
        """The change as filled in, without the register lines; None while the day is not a valid date."""
        if value is None:
            value, _error = self._date.parsed()
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
