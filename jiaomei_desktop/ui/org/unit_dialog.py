"""Dialogs for adding, renaming and moving a unit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import ALLOWED_CHILDREN, UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.org import UnitData
from jiaomei_desktop.ui.unit_picker import searchable_units


class _ErrorDialog(QDialog):
    def _setup(self, form: QFormLayout) -> None:
        self._error = QLabel(self)
        self._error.setProperty("role", "error")
        self._error.setWordWrap(True)
        self._error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(buttons)

    def show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.show()


class UnitDialog(_ErrorDialog):
    def __init__(self, parent: QWidget, title: str, unit: UnitData | None = None, parent_name: str = "",
                 parent_kind: UnitKind | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._name = QLineEdit(unit.name if unit else "", self)
        self._code = QLineEdit(unit.code if unit else "", self)
        self._kind = QComboBox(self)
        kinds = ALLOWED_CHILDREN[parent_kind] if parent_kind else ((unit.kind,) if unit else tuple(UnitKind))
        for kind in kinds:
            self._kind.addItem(_(kind.value), kind)
        self._kind.setEnabled(unit is None)
        form = QFormLayout()
        if parent_name:
            form.addRow(_("上级单位"), QLabel(parent_name, self))
        form.addRow(_("单位名称"), self._name)
        form.addRow(_("单位代码"), self._code)
        form.addRow(_("类别"), self._kind)
        self._setup(form)
        self.resize(420, self.sizeHint().height())

    def name(self) -> str:
        return self._name.text()

    def code(self) -> str:
        return self._code.text()

    def kind(self) -> UnitKind:
        return UnitKind(self._kind.currentData())


class MoveUnitDialog(_ErrorDialog):
    def __init__(self, parent: QWidget, unit: UnitData, units: list[UnitData]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("移动单位"))
        self._target = QComboBox(self)
        allowed = {k for k, children in ALLOWED_CHILDREN.items() if unit.kind in children}
        for candidate in units:
            if candidate.kind in allowed and not candidate.path.startswith(unit.path) and candidate.id != unit.parent_id:
                label = _("{name}（{kind}）").format(name=candidate.name, kind=_(candidate.kind.value))
                self._target.addItem(label, candidate.id)
        searchable_units(self._target, units)  # in tree order, found by name, pinyin or initials
        form = QFormLayout()
        form.addRow(_("单位"), QLabel(unit.name, self))
        form.addRow(_("移动到"), self._target)
        self._setup(form)
        self.resize(460, self.sizeHint().height())

    def target_id(self) -> str:
        return self._target.currentData()
