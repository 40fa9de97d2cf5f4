"""关于: version, store path, this office's unit and its signing-key fingerprint."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from jiaomei_desktop import __version__
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import office, org
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
