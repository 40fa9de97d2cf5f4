"""The About dialog says what the start-up password protects; the unlock dialog of an encrypted store."""

from __future__ import annotations

from jiaomei_desktop.db.sqlite_connect import lock_folder
from jiaomei_desktop.services import security
from jiaomei_desktop.ui.about import AboutDialog
from jiaomei_desktop.ui.security.password import StoreUnlockDialog


def test_about_states_what_the_password_protects_and_the_unlock_dialog(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    about = AboutDialog(ctx)
    qtbot.addWidget(about)
    assert about.values["数据保护"].startswith("未加密")
    code = security.set_password(ctx.store, "mima1234")
    directory = ctx.store.data_dir
    try:
        about = AboutDialog(ctx)
        qtbot.addWidget(about)
        text = about.values["数据保护"]
        assert text.startswith("已加密") and "不能防范" in text and "恢复码" in text
        lock_folder(directory)
        dialog = StoreUnlockDialog(directory)
        qtbot.addWidget(dialog)
        dialog.password.setText("wrong-password")
        assert not dialog.try_unlock() and "不正确" in dialog.error.text()
        dialog.password.setText(code.lower())
        assert dialog.try_unlock() and dialog.used_recovery_code
        security.clear_password(ctx.store, "mima1234")
    finally:
        lock_folder(directory)
