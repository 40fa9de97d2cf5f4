"""数据文件检查: what the start-up diagnosis found, in plain words, and the way back — restore one of the newest good
backups, start a new store (only when the file is simply not there), carry on (a lost journal), or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import backups, health
from jiaomei_desktop.ui.backups.backups_dialog import reason_label, size_text

TITLES = {
    health.Kind.MISSING: N_("没有找到数据文件"),
    health.Kind.EMPTY: N_("数据文件是空的"),
    health.Kind.NOT_DATABASE: N_("不是本程序的数据文件"),
    health.Kind.DAMAGED: N_("数据文件已损坏"),
    health.Kind.TOO_NEW: N_("数据文件来自更新版本的程序"),
    health.Kind.READ_ONLY: N_("数据文件夹不能写入"),
    health.Kind.DISK_FULL: N_("磁盘已满"),
    health.Kind.PATH_UNUSABLE: N_("数据文件夹的路径无法使用"),
    health.Kind.WAL_LOST: N_("上次的修改可能已经丢失"),
    health.Kind.LOCKED: N_("数据文件正被另一个程序占用"),
}

QUIT = "quit"
RESTORE = "restore"
NEW = "new"
CONTINUE = "continue"


class HealthDialog(QDialog):
    """Shows one Diagnosis. After exec(): `choice` is QUIT, RESTORE (with `chosen`, a checked backup), NEW (a missing
    store only) or CONTINUE (a store that can still be opened)."""

    def __init__(self, diagnosis: health.Diagnosis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnosis = diagnosis
        self.choice = QUIT
        self.chosen: Path | None = None
        self.setWindowTitle(_(TITLES.get(diagnosis.kind, N_("数据文件检查"))))
        icon = QLabel(self)
        severity = (
            QStyle.StandardPixmap.SP_MessageBoxWarning
            if diagnosis.can_open or diagnosis.kind in (health.Kind.MISSING,)
            else QStyle.StandardPixmap.SP_MessageBoxCritical
        )
        icon.setPixmap(self.style().standardIcon(severity).pixmap(40, 40))
        self.message = QLabel(diagnosis.message, self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels([_("时间"), _("原因"), _("大小")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for backup in diagnosis.backups:
            item = QTreeWidgetItem(
                [f"{backup.created:%Y-%m-%d %H:%M:%S}", reason_label(backup.reason), size_text(backup.size_bytes)]
            )
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        if diagnosis.backups:
            caption = QLabel(_("完好的备份（已逐一检查，最近的在前）："), self)
            layout.addWidget(caption)
            layout.addWidget(self.list, 1)
            self.list.setCurrentItem(self.list.topLevelItem(0))
            self.list.itemDoubleClicked.connect(lambda *_args: self._restore())
        else:
            self.list.hide()
        row = QHBoxLayout()
        self.restore_button = QPushButton(_("从所选备份恢复"), self)
        self.restore_button.setProperty("accent", True)
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.setVisible(diagnosis.restore_helps)
        self.new_button = QPushButton(_("新建数据"), self)
        self.new_button.clicked.connect(lambda: self._finish(NEW))
        self.new_button.setVisible(diagnosis.kind == health.Kind.MISSING)
        self.continue_button = QPushButton(_("知道了，继续打开"), self)
        self.continue_button.clicked.connect(lambda: self._finish(CONTINUE))
        self.continue_button.setVisible(diagnosis.can_open)
        folder = QPushButton(_("打开数据文件夹"), self)
        folder.clicked.connect(self._open_folder)
        self.quit_button = QPushButton(_("退出"), self)
        self.quit_button.clicked.connect(lambda: self._finish(QUIT))
        for button in (self.restore_button, self.new_button, self.continue_button, folder):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        self.resize(640, 420 if diagnosis.backups else 220)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != QUIT else self.reject()

    def _restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = self.diagnosis.backups[self.list.indexOfTopLevelItem(item)].path
        self._finish(RESTORE)

    def _open_folder(self) -> None:
        folder = backups.backup_dir(self.diagnosis.data_dir)
        target = folder if folder.is_dir() else self.diagnosis.data_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
