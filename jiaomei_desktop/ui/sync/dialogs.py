"""Dialogs of the 数据交换 tab: the import preview, export options, and provisioning a child office."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import _, join_phrases
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.bundles import ImportSummary
from jiaomei_desktop.services.org import UnitData
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.sync.labels import OUTCOMES, outcome_label, table_label
from jiaomei_desktop.ui.unit_picker import searchable_units
from jiaomei_desktop.ui.widgets import FieldWithError, close_buttons


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class PreviewDialog(QDialog):
    """What an import will do, per table and per unit, before anything is written."""

    def __init__(self, summary: ImportSummary, file_name: str, unit_names: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("导入预览"))
        fit_to_screen(self, 760, 520)
        totals = summary.totals()
        head = QLabel(_("文件：{file}\n来源：{source}").format(file=file_name, source=summary.source_name), self)
        note = QLabel(self)
        note.setWordWrap(True)
        if summary.upgraded:
            note.setText(_("该数据包由较旧版本的程序生成，导入时会自动升级。"))
        if summary.segments_skipped == summary.segments:
            note.setText(_("这个数据包以前已经导入过，再次导入不会改变任何数据。"))
        self.by_table = self._table([(table_label(t), c) for t, c in sorted(summary.by_table.items())])
        names = {**unit_names, **summary.unit_labels}  # offices new to this store are named by the summary
        self.by_unit = self._table([(names.get(u, _("未知单位")), c) for u, c in sorted(summary.by_unit.items(),
                                                                                       key=lambda i: names.get(i[0], ""))])
        total = QLabel(join_phrases(f"{outcome_label(k)} {v}" for k, v in totals.items()), self)
        total.setProperty("role", "heading")
        box = _buttons(self, _("导入"))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(note)
        layout.addWidget(QLabel(_("按类别："), self))
        layout.addWidget(self.by_table, 1)
        layout.addWidget(QLabel(_("按单位："), self))
        layout.addWidget(self.by_unit, 1)
        layout.addWidget(total)
        layout.addWidget(box)
        self.import_button = box.button(QDialogButtonBox.StandardButton.Ok)

    def _table(self, rows: list[tuple[str, dict[str, int]]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(OUTCOMES) + 1, self)
        table.setHorizontalHeaderLabels([_("名称"), *(outcome_label(o) for o in OUTCOMES)])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (label, counts) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(label))
            for c, outcome in enumerate(OUTCOMES, start=1):
                item = QTableWidgetItem(str(counts.get(outcome, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table


class RejectedDialog(QDialog):
    """A refused bundle: the reason, and the records that caused it. Nothing was written."""

    def __init__(self, message: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("数据包未导入"))
        fit_to_screen(self, 700, 400)
        text = QLabel(message + "\n" + _("本机数据没有任何改动。"), self)
        text.setWordWrap(True)
        text.setProperty("role", "error")
        records = QListWidget(self)
        records.addItems(lines)
        box = close_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(records, 1)
        layout.addWidget(box)


class PassphraseFields(QWidget):
    """Passphrase twice, checked as the user types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit(self)
        self.second = QLineEdit(self)
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self.validate)
        self.first_box, self.second_box = FieldWithError(self.first, self), FieldWithError(self.second, self)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(_("密码："), self.first_box)
        layout.addRow(_("再输一次："), self.second_box)

    def text(self) -> str:
        return self.first.text()

    def validate(self) -> bool:
        first, second = self.first.text(), self.second.text()
        problem = bundles.passphrase_problem(first) if first else None  # length and strength, as the export checks
        self.first_box.set_error(problem)
        differs = bool(second) and second != first
        self.second_box.set_error(_("两次输入的密码不一致") if differs else None)
        return bool(first) and problem is None and first == second

    def generate(self) -> str:
        """Fill both fields with a generated passphrase, shown in clear so it can be read out on the phone."""
        words = bundles.new_passphrase()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Normal)
            field.setText(words)
        return words


class _PathRow(QWidget):
    def __init__(self, path: Path, folder: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(str(path), self)
        browse = QPushButton(_("浏览…"), self)
        browse.clicked.connect(lambda: self._browse(folder))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self, folder: bool) -> None:
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, _("选择文件夹（如U盘）"), self.edit.text())
        else:
            chosen, _f = QFileDialog.getSaveFileName(self, _("保存数据包"), self.edit.text(), _("数据包 (*.jmb)"))
        if chosen:
            self.edit.setText(chosen)

    def path(self) -> Path:
        return Path(self.edit.text().strip())


class ExportDialog(QDialog):
    """Where to write, and whether to encrypt (advised when the bundle carries ID numbers and phones)."""

    def __init__(self, suggested: Path, title: str, recipients: list[tuple[str, str]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.target = _PathRow(suggested, folder=False, parent=self)
        self.recipient = QComboBox(self)
        self.recipient.addItem(_("全部下级单位（仅组织机构及本级记录）"), None)
        for unit_id, name in recipients or []:
            self.recipient.addItem(name, unit_id)
        self.encrypt = QCheckBox(_("加密（U盘丢失时他人无法读取身份证号、电话）"), self)
        self.encrypt.setChecked(True)
        self.passphrase = PassphraseFields(self)
        self.encrypt.toggled.connect(self.passphrase.setEnabled)
        self.encrypt.toggled.connect(lambda _on: self._update())
        self.passphrase.first.textChanged.connect(self._update)
        self.passphrase.second.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(_("保存到："), self.target)
        if recipients is not None:
            form.addRow(_("下发给："), searchable_units(self.recipient))
        else:
            self.recipient.hide()  # not in the form: shown, it would sit over "保存到：" at the dialog's corner
        form.addRow("", self.encrypt)
        self.box = _buttons(self, _("导出"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.box)
        self._update()

    def _update(self) -> None:
        ok = not self.encrypt.isChecked() or self.passphrase.validate()
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def chosen_passphrase(self) -> str | None:
        return self.passphrase.text() if self.encrypt.isChecked() else None


class ProvisionDialog(QDialog):
    """Choose a child unit, a folder and a passphrase; the passphrase is told to the child by phone, not on the stick."""

    def __init__(self, units: list[tuple[str, str, str]], folder: Path, parent: QWidget | None = None,
                 tree: Sequence[UnitData] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("开通下级单位"))
        self.unit = QComboBox(self)
        for unit_id, code, name in units:
            self.unit.addItem(_("{name}（{code}）").format(name=name, code=code), unit_id)
        searchable_units(self.unit, tree)  # ~300 units: in tree order, found by typing name, pinyin or initials
        self.folder = _PathRow(folder, folder=True, parent=self)
        self.passphrase = PassphraseFields(self)
        self.passphrase.generate()  # by default a generated passphrase (about 84 bits); the user may type another
        again = QPushButton(_("换一组密码"), self)
        again.clicked.connect(lambda: self.passphrase.generate())
        hint = QLabel(_("开通文件含有该单位的密钥和人员记录，已用密码加密。密码是程序随机生成的七个词语，请打电话读给对方"
                        "（不要写在U盘上，也不要和U盘放在一起），对方输入时可以不加空格。也可以自己输入一个足够长、"
                        "不易猜到的密码。开通后，该单位的记录在本机只读，由该单位维护。"), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        form = QFormLayout()
        form.addRow(_("下级单位："), self.unit)
        form.addRow(_("保存到："), self.folder)
        self.box = _buttons(self, _("生成开通文件"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(again, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(hint)
        layout.addWidget(self.box)
        self.passphrase.first.textChanged.connect(self._update)
        self.passphrase.second.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.unit.count() > 0 and self.passphrase.validate()
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def chosen(self) -> tuple[str, Path, str]:
        return self.unit.currentData(), self.folder.path(), self.passphrase.text()
