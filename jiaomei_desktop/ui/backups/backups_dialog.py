"""备份与恢复: the automatic backups beside the store, a backup now, and restoring one (which reopens the store)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import backups
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.tasks import BackgroundTask, Op
from jiaomei_desktop.ui.widgets import close_buttons

REASON_LABELS = {
    backups.REASON_DAILY: N_("每日自动备份"),
    backups.REASON_IMPORT: N_("导入数据前"),
    backups.REASON_RESTORE: N_("恢复备份前"),
    backups.REASON_MANUAL: N_("手动备份"),
    backups.REASON_DAMAGED: N_("损坏的数据文件（原样保留）"),
}


def reason_label(reason: str) -> str:
    if reason in REASON_LABELS:
        return _(REASON_LABELS[reason])
    if reason.startswith("before-"):
        return _("程序升级前（数据版本 {rev}）").format(rev=reason.removeprefix("before-"))
    return reason


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


class BackupsDialog(QDialog):
    """With a store: lists, backs up now, restores (by asking app.main to reopen). Without one (a damaged store at
    start-up): only lists and lets the user pick; `chosen` is the backup picked."""

    def __init__(self, data_dir: Path, store: Store | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._store = store
        self.chosen: Path | None = None
        self.last_backup: Path | None = None
        self._task: BackgroundTask | None = None
        self.setWindowTitle(_("备份与恢复"))
        intro = QLabel(_("程序每天第一次打开时、升级前和导入数据前会自动备份，保留最近{n}份。"
                         "恢复时会先把现在的数据再备份一份，所以恢复也可以撤销。").format(n=backups.KEEP_BACKUPS), self)
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels([_("时间"), _("原因"), _("大小")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda *_args: self.restore_selected())
        self.empty = QLabel(_("还没有备份 — 点击“立即备份”备份一次"), self)
        self.empty.setProperty("role", "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.backup_button = QPushButton(_("立即备份"), self)
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_button.setVisible(store is not None)
        self.restore_button = QPushButton(_("恢复所选备份…"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = QPushButton(_("打开备份文件夹"), self)
        folder_button.clicked.connect(self._open_folder)
        close = close_buttons(self)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        fit_to_screen(self, 620, 420)
        self.reload()

    def reload(self) -> None:
        self.backups = backups.list_backups(self._data_dir)
        self.list.clear()
        for backup in self.backups:
            item = QTreeWidgetItem([f"{backup.created:%Y-%m-%d %H:%M:%S}", reason_label(backup.reason),
                                    size_text(backup.size_bytes)])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.list.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)
        self._update_buttons()

    def selected(self) -> backups.BackupInfo | None:
        items = self.list.selectedItems()
        return self.backups[self.list.indexOfTopLevelItem(items[0])] if items else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def backup_now(self) -> BackgroundTask | None:
        """A consistent copy of the whole store (seconds for the group's): made on a worker thread behind a progress
        dialog, so the window stays live; the list shows it when it is done."""
        if self._store is None:
            return None
        store = self._store
        self.backup_button.setEnabled(False)
        self.last_backup = None
        self._task = (Op(self, lambda _progress: backups.backup_now(store, backups.REASON_MANUAL))
                      .with_progress(_("正在备份数据…"), cancellable=False)
                      .success(self._backed_up)
                      .failure_title(_("备份失败"))
                      .finally_(lambda: self.backup_button.setEnabled(True))
                      .run())
        return self._task

    def _backed_up(self, path: Path) -> None:
        self.last_backup = path
        self.reload()

    def confirm_restore(self, backup: backups.BackupInfo) -> bool:
        answer = QMessageBox.question(
            self, _("恢复备份"),
            _("用 {time} 的备份（{reason}）替换现在的数据吗？\n\n现在的数据会先另存为一份备份，"
              "之后仍可恢复回来。恢复后程序会重新打开数据。").format(
                time=f"{backup.created:%Y-%m-%d %H:%M}", reason=reason_label(backup.reason)))
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None or not self.confirm_restore(backup):
            return
        self.chosen = backup.path
        self.accept()
        if self._store is not None:
            from jiaomei_desktop.ui.app_shell.restart import request_restart

            request_restart(restore_from=backup.path)

    def _open_folder(self) -> None:
        folder = backups.backup_dir(self._data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
