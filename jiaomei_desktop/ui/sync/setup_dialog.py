"""First start from a setup file (开通文件): the new installation becomes the unit its parent provisioned.

The first-run screen offers it next to “创建本单位”: `setup_from_file_dialog(directory, parent)` returns the opened
store, or None when the user gave up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store, StoreError


class SetupFileDialog(QDialog):
    def __init__(self, directory: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("用开通文件设置本机"))
        self.directory = directory
        self.store: Store | None = None
        self.file = QLineEdit(self)
        self.file.setPlaceholderText(_("上级单位生成的开通文件（*.jms）"))
        browse = QPushButton(_("浏览…"), self)
        browse.clicked.connect(self._browse)
        self.passphrase = QLineEdit(self)  # shown as typed: the words are read out on the phone and typed here
        self.passphrase.setPlaceholderText(_("上级单位电话告知的密码（七个词语，可不加空格）"))
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        hint = QLabel(_("开通文件和密码由上级单位提供：文件用U盘送来，密码通过电话告知。设置后，本机即为该单位，组织机构和本单位"
                        "原有记录会一并导入。"), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("开通文件："), row)
        form.addRow(_("密码："), self.passphrase)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.box.button(QDialogButtonBox.StandardButton.Ok).setText(_("设置本机"))
        self.box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.box.accepted.connect(self.try_setup)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.box)

    def _browse(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("选择开通文件"), str(Path.home()), _("开通文件 (*.jms)"))
        if path:
            self.file.setText(path)

    def try_setup(self) -> None:
        path = Path(self.file.text().strip())
        if not self.file.text().strip() or not path.is_file():
            self.error.setText(_("请选择上级单位提供的开通文件"))
            return
        try:
            self.store, _summary = bundles.setup_from_file(self.directory, path, self.passphrase.text())
        except (SyncFailed, StoreError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def setup_from_file_dialog(directory: Path, parent: QWidget | None = None) -> Store | None:
    dialog = SetupFileDialog(directory, parent)
    return dialog.store if dialog.exec() else None
