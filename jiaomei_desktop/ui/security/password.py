"""Start-up password dialogs: unlock (at start and after idle), set or change, forgotten password via the recovery
code, and the recovery code shown once with a print button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.progress import Cancelled
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import encryption, security
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.tasks import BackgroundTask, Op


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setProperty("accent", True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
    buttons.rejected.connect(dialog.reject)
    return buttons


class UnlockDialog(QDialog):
    """Asks for the start-up password. `locked_screen=True` is the idle lock: cancelling is not offered."""

    def __init__(self, store: Store, parent: QWidget | None = None, locked_screen: bool = False) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(_("已锁定") if locked_screen else _("请输入启动密码"))
        heading = QLabel(_("程序已锁定，请输入密码继续") if locked_screen else _("本机设置了启动密码"), self)
        heading.setProperty("role", "heading")
        self.password = _password_field(self)
        self.error = _error_label(self)
        forgot = QLabel('<a href="#">{text}</a>'.format(text=_("忘记密码？用恢复码重设")), self)
        forgot.linkActivated.connect(lambda _link: self._forgot())
        buttons = _buttons(self, _("解锁") if locked_screen else _("进入"))
        if locked_screen:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).hide()
        buttons.accepted.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(_("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(forgot)
        layout.addWidget(buttons)
        self._locked_screen = locked_screen

    def try_unlock(self) -> bool:
        if security.verify_password(self._store, self.password.text()):
            self.accept()
            return True
        self.error.setText(_("密码不正确，请重试"))
        self.password.selectAll()
        self.password.setFocus()
        return False

    def reject(self) -> None:
        if not self._locked_screen:  # the idle lock can only be left with the password
            super().reject()

    def _forgot(self) -> None:
        dialog = RecoveryResetDialog(self._store, self)
        if dialog.exec():
            self.accept()


class StoreUnlockDialog(QDialog):
    """At start-up, before an encrypted store can be read: the password or the printed recovery code unlocks it."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self.used_recovery_code = False
        self.setWindowTitle(_("请输入启动密码"))
        heading = QLabel(_("数据文件已用启动密码加密"), self)
        heading.setProperty("role", "heading")
        note = QLabel(_("忘记密码时，请输入打印的恢复码，进入后设置新密码。"), self)
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.password = _password_field(self)
        self.error = _error_label(self)
        buttons = _buttons(self, _("进入"))
        buttons.accepted.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(_("密码或恢复码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_unlock(self) -> bool:
        try:
            used = encryption.unlock(self._data_dir, self.password.text())
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return False
        self.used_recovery_code = used == encryption.RECOVERY_WRAP
        self.accept()
        return True


class _ConvertingDialog(QDialog):
    """A password dialog whose change may convert the store and its backups (seconds on a large store): the change
    runs as a job with progress (ui/tasks.Op); the dialog's fields and buttons wait meanwhile and Esc does not close
    it (取消 in the progress window stops the conversion, which then leaves every file as it was)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.task: BackgroundTask | None = None
        self.error = _error_label(self)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def _editable(self) -> tuple[QWidget, ...]:
        raise NotImplementedError

    def _run(self, op: Op[Any], done: Callable[[Any], object]) -> None:
        self.error.clear()
        self._set_editable(False)  # one conversion at a time (the progress dialog shows only after 300 ms)
        self.task = (
            op.success(done)
            .failure(lambda exc: self.error.setText(str(exc)))
            .cancelled(lambda: self.error.setText(str(Cancelled())))
            .finally_(self._ended)
            .run()
        )

    def _ended(self) -> None:
        self.task = None
        self._set_editable(True)

    def _set_editable(self, editable: bool) -> None:
        for widget in self._editable():
            widget.setEnabled(editable)


class SetPasswordDialog(_ConvertingDialog):
    """Set, change or remove the start-up password. After setting it shows the new recovery code."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.recovery_code: str | None = None
        has = security.has_password(store)
        self.setWindowTitle(_("修改启动密码") if has else _("设置启动密码"))
        self.current = _password_field(self)
        self.new = _password_field(self)
        self.confirm = _password_field(self)
        note = QLabel(
            _(
                "启动密码防止同事在共用电脑上打开本程序；设置后请打印恢复码并妥善保管，"
                "忘记密码时凭恢复码即可重设，无需找上级。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        form = QFormLayout()
        if has:
            form.addRow(_("当前密码"), self.current)
        else:
            self.current.hide()  # nothing to confirm yet; kept so save() reads one field either way
        form.addRow(_("新密码"), self.new)
        form.addRow(_("再次输入"), self.confirm)
        self.buttons = buttons = _buttons(self, _("保存"))
        buttons.accepted.connect(self.save)
        self.remove_button: QPushButton | None = None
        if has:
            self.remove_button = buttons.addButton(_("取消启动密码"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.clicked.connect(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setTabOrder(self.current, self.new)
        self.setTabOrder(self.new, self.confirm)

    def save(self) -> bool:
        """Start setting the password as a job (the first one encrypts the store and its backups: seconds, with
        progress); the dialog closes when it succeeds. False: refused before starting."""
        if self.new.text() != self.confirm.text():
            self.error.setText(_("两次输入的新密码不一致"))
            return False
        store, new, current = self._store, self.new.text(), self.current.text() or None
        self._run(
            Op(self, lambda progress: security.set_password(store, new, current, progress)).with_progress(
                _("正在设置启动密码…")
            ),
            self._saved,
        )
        return True

    def remove(self) -> bool:
        """Start removing the password as a job (the store and its backups are decrypted, with progress)."""
        store, current = self._store, self.current.text()
        self._run(
            Op(self, lambda progress: security.clear_password(store, current, progress)).with_progress(
                _("正在取消启动密码…")
            ),
            lambda _none: self._saved(None),
        )
        return True

    def _editable(self) -> tuple[QWidget, ...]:
        return (self.current, self.new, self.confirm, self.buttons)

    def _saved(self, code: str | None) -> None:
        self.recovery_code = code
        self.accept()


class RecoveryResetDialog(_ConvertingDialog):
    """Forgotten password: the printed recovery code and a new password."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.recovery_code: str | None = None
        self.setWindowTitle(_("用恢复码重设密码"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.new = _password_field(self)
        self.confirm = _password_field(self)
        form = QFormLayout()
        form.addRow(_("恢复码"), self.code)
        form.addRow(_("新密码"), self.new)
        form.addRow(_("再次输入"), self.confirm)
        self.buttons = buttons = _buttons(self, _("重设密码"))
        buttons.accepted.connect(self.reset)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def reset(self) -> bool:
        """Start the reset as a job (a store not encrypted yet is encrypted: seconds, with progress); the new
        recovery code is shown and the dialog closes when it succeeds. False: refused before starting."""
        if self.new.text() != self.confirm.text():
            self.error.setText(_("两次输入的新密码不一致"))
            return False
        store, code, new = self._store, self.code.text(), self.new.text()
        self._run(
            Op(self, lambda progress: security.reset_with_recovery_code(store, code, new, progress)).with_progress(
                _("正在重设启动密码…")
            ),
            self._reset,
        )
        return True

    def _editable(self) -> tuple[QWidget, ...]:
        return (self.code, self.new, self.confirm, self.buttons)

    def _reset(self, next_code: str) -> None:
        self.recovery_code = next_code
        show_recovery_code(self, next_code)
        self.accept()


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once, with a print button."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(_("恢复码"))
        text = QLabel(
            _(
                "请打印或抄下这个恢复码，和电脑分开保管。忘记启动密码时，用它重设密码。"
                "它只显示这一次；用过一次后会换成新的。"
            ),
            self,
        )
        text.setWordWrap(True)
        code_label = QLabel(code, self)
        code_label.setProperty("role", "heading")
        code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("我已保存"))
        print_button = buttons.addButton(_("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        print_button.clicked.connect(self.print_code)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(code_label)
        layout.addWidget(buttons)

    def document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setHtml(
            "<h2>{}</h2><p>{}</p><p style='font-size:20pt'><b>{}</b></p>".format(
                _("焦煤党建 启动密码恢复码"),
                _("忘记启动密码时，在登录窗口点击“忘记密码”，输入此恢复码即可重设。"),
                self.code,
            )
        )
        return doc

    def print_code(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            self.document().print_(printer)


def show_recovery_code(parent: QWidget | None, code: str) -> None:
    RecoveryCodeDialog(code, parent).exec()
