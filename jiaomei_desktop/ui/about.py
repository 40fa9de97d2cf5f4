"""关于: version, store path, this office's unit and its signing-key fingerprint."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from jiaomei_desktop import __version__
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import encryption, office, org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext

log = logging.getLogger(__name__)


def key_fingerprint(ctx: AppContext) -> str | None:
    try:
        from jiaomei_desktop.services import bundles
    except ImportError:  # the sync layer is optional for this dialog
        return None
    try:
        return bundles.key_info(ctx.store).fingerprint
    except Exception:
        log.warning("key fingerprint unavailable", exc_info=True)
        return None


def protection_text(ctx: AppContext) -> str:
    """What the start-up password protects, said plainly (docs/design.md §3)."""
    if encryption.is_encrypted(ctx.store.data_dir):
        return _("已加密（SQLCipher，AES-256）。启动密码或打印的恢复码才能打开数据文件和它的备份；"
                 "拿走文件或备份、用其他软件或命令行不输入密码都读不出内容。"
                 "不能防范：程序已解锁时坐在这台电脑前的人；电脑上的木马或键盘记录；"
                 "密码和恢复码都丢失时数据无法找回；设置密码前留在硬盘上的旧未加密数据可能仍能被专业工具恢复。"
                 "导出的 Excel、PDF 和打印件不加密；数据包有自己的加密。")
    return _("未加密。没有设置启动密码时，能访问这台电脑文件的人都可以读取数据文件和备份。"
             "设置启动密码后，数据文件和备份会被加密。")


def office_name(ctx: AppContext) -> str:
    try:
        return org.get_unit(ctx.store, office.office_unit_id(ctx.store)).name
    except (office.NoOfficeError, ServiceError):
        return _("（未设置）")


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("关于"))
        title = QLabel(_("焦煤党建桌面系统"), self)
        title.setProperty("role", "heading")
        form = QFormLayout()
        self.values: dict[str, str] = {}
        fingerprint = key_fingerprint(ctx)
        rows = [(_("版本"), __version__), (_("本机单位"), office_name(ctx)), (_("数据文件"), str(ctx.store.db_path))]
        if fingerprint:
            rows.append((_("本机密钥指纹"), fingerprint))
        for label, value in rows:
            field = QLabel(value, self)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(label, field)
            self.values[label] = value
        protection = QLabel(protection_text(ctx), self)
        protection.setWordWrap(True)
        form.addRow(_("数据保护"), protection)
        self.values[_("数据保护")] = protection.text()
        note = QLabel(_("核对密钥指纹：上级开通本机时记下的指纹应与此处一致。"), self) if fingerprint else None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("确定"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        if note is not None:
            note.setProperty("role", "muted")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
