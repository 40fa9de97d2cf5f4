"""First start without a store: which unit is this office? Set it up from the parent's setup file, type it in, or
look at the demo organisation first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui.widgets import FieldWithError


class FirstRunDialog(QDialog):
    """Accepted with one choice: `wants_setup_file()`, `wants_demo()`, or neither and the unit fields filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("欢迎使用焦煤党建"))
        self._demo = False
        self._setup_file = False
        intro = QLabel(_("这是本机第一次使用。如果上级党委发来了开通文件，请用它设置本机：单位、组织机构和上级为本单位保存的"
                         "资料都会一并带来。没有开通文件时，请填写本机所属的党组织，以后录入的数据都归本单位所有。"), self)
        intro.setWordWrap(True)
        self._name = QLineEdit(self)
        self._name.setPlaceholderText(_("如：九里山矿综采一队党支部"))
        self._code = QLineEdit(self)
        self._code.setPlaceholderText(_("上级下发的组织代码，如 JM-01-03"))
        self._kind = QComboBox(self)
        for kind in (UnitKind.BRANCH, UnitKind.GENERAL_BRANCH, UnitKind.COMMITTEE, UnitKind.GROUP_COMMITTEE):
            self._kind.addItem(_(kind.value), kind)
        self._parent = QLineEdit(self)
        self._parent.setPlaceholderText(_("如：九里山矿党委（可不填）"))
        self._fields = {"name": FieldWithError(self._name, self), "code": FieldWithError(self._code, self)}
        form = QFormLayout()
        form.addRow(_("单位名称"), self._fields["name"])
        form.addRow(_("组织代码"), self._fields["code"])
        form.addRow(_("组织类别"), self._kind)
        form.addRow(_("上级组织"), self._parent)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(_("创建本单位"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setProperty("accent", True)
        setup_file = QPushButton(_("用开通文件设置本机…"), self)
        buttons.addButton(setup_file, QDialogButtonBox.ButtonRole.ActionRole)
        demo = QPushButton(_("先看看演示数据"), self)
        buttons.addButton(demo, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(_("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept_unit)
        buttons.rejected.connect(self.reject)
        demo.clicked.connect(self._accept_demo)
        setup_file.clicked.connect(self._accept_setup_file)
        self.setup_file_button = setup_file
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _accept_unit(self) -> None:
        ok = True
        for key, widget in (("name", self._name), ("code", self._code)):
            missing = not widget.text().strip()
            self._fields[key].set_error(_("请填写此项") if missing else None)
            ok = ok and not missing
        if ok:
            self.accept()

    def _accept_demo(self) -> None:
        self._demo, self._setup_file = True, False
        self.accept()

    def _accept_setup_file(self) -> None:
        self._demo, self._setup_file = False, True
        self.accept()

    def show_error(self, field: str, message: str) -> None:
        self._fields.get(field, self._fields["name"]).set_error(message)

    def wants_demo(self) -> bool:
        return self._demo

    def wants_setup_file(self) -> bool:
        return self._setup_file

    def unit(self) -> tuple[str, str, UnitKind, str]:
        return self._code.text().strip(), self._name.text().strip(), UnitKind(self._kind.currentData()), self._parent.text()
