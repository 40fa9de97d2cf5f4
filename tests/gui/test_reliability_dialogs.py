"""GUI of field reliability: history dialog, backups dialog, password dialogs, idle lock, About."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from jiaomei_desktop.db.sqlite_connect import lock_folder
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import health, history, roster, security
from jiaomei_desktop.ui.about import AboutDialog
from jiaomei_desktop.ui.app_shell import restart
from jiaomei_desktop.ui.backups.backups_dialog import BackupsDialog
from jiaomei_desktop.ui.history_dialog import HistoryDialog
from jiaomei_desktop.ui.security import password
from jiaomei_desktop.ui.security.idle_lock import IdleLock
from jiaomei_desktop.ui.security.password import RecoveryResetDialog, SetPasswordDialog, UnlockDialog
from tests.conftest import unit_id


@pytest.fixture
def yes(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: QMessageBox.StandardButton.Ok)


def _person(store) -> str:  # type: ignore[no-untyped-def]
    return roster.save_person(store, PersonData(name="王建国", branch_id=unit_id(store, "T-01"),
                                                political_status=PoliticalStatus("群众"), post="采煤机司机"))


def test_history_dialog_lists_changes_and_puts_a_record_back(qtbot, ctx, yes) -> None:  # type: ignore[no-untyped-def]
    person_id = _person(ctx.store)
    roster.save_person(ctx.store, roster.get_person(ctx.store, person_id).with_changes(post="支架工"))
    dialog = HistoryDialog(ctx, "person", person_id, "王建国")
    qtbot.addWidget(dialog)
    assert dialog.changes.topLevelItemCount() == 2
    assert dialog.changes.topLevelItem(0).text(1) == "修改"
    details = [dialog.details.topLevelItem(i).text(0) for i in range(dialog.details.topLevelItemCount())]
    assert details == ["岗位"]
    assert not dialog.restore_button.isEnabled()  # the newest entry is today's state
    dialog.changes.setCurrentItem(dialog.changes.topLevelItem(1))
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(ctx.data_changed.changed) as signal:
        dialog._restore()
    assert signal.args == ["roster"]
    assert roster.get_person(ctx.store, person_id).post == "采煤机司机"
    assert dialog.changes.topLevelItemCount() == 3
    assert "恢复到" in dialog.changes.topLevelItem(0).text(3)


def test_history_dialog_empty_state(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = HistoryDialog(ctx, "honor", "no-such-id")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible() and "还没有修改记录" in dialog.empty.text()


def test_roster_tab_has_a_history_button(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.roster.tab import RosterTab

    _person(ctx.store)
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    assert not tab.history_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.history_button.isEnabled()
    tab.show_history()
    dialogs = [w for w in tab.findChildren(HistoryDialog)]
    assert dialogs and dialogs[0].changes.topLevelItemCount() == 1


def test_backups_dialog_backs_up_and_asks_for_a_restart_to_restore(qtbot, ctx, yes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    requested: list[Path | None] = []
    monkeypatch.setattr(restart.QApplication, "exit", lambda code=0: requested.append(code))
    dialog = BackupsDialog(ctx.store.data_dir, ctx.store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible()
    task = dialog.backup_now()
    assert task is not None and not dialog.backup_button.isEnabled()  # the copy runs on a worker thread
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    made = dialog.last_backup
    assert made is not None and dialog.list.topLevelItemCount() == 1 and dialog.backup_button.isEnabled()
    assert dialog.list.topLevelItem(0).text(1) == "手动备份"
    assert not dialog.restore_button.isEnabled()
    dialog.list.topLevelItem(0).setSelected(True)
    dialog.restore_selected()
    assert dialog.chosen == made
    assert requested == [restart.EXIT_RESTART]
    assert restart.take_pending_restore() == made


def test_a_failed_backup_says_why_and_leaves_the_list(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import backups
    from jiaomei_desktop.services.errors import ServiceError

    def full_disk(*_args: object) -> None:
        raise ServiceError("无法备份数据：磁盘已满")

    warned: list[str] = []
    monkeypatch.setattr(backups, "backup_now", full_disk)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    dialog = BackupsDialog(ctx.store.data_dir, ctx.store)
    qtbot.addWidget(dialog)
    dialog.backup_now()
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)
    assert warned == ["无法备份数据：磁盘已满"] and dialog.backup_button.isEnabled() and dialog.last_backup is None
    assert dialog.list.topLevelItemCount() == 0


def test_unlock_set_and_reset_password(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    setter = SetPasswordDialog(ctx.store)
    qtbot.addWidget(setter)
    setter.new.setText("mima1234")
    setter.confirm.setText("mima12345")
    assert not setter.save() and "不一致" in setter.error.text()
    setter.confirm.setText("mima1234")
    assert setter.save() and setter.busy  # a job: the first password encrypts the store
    qtbot.waitUntil(lambda: not setter.busy, timeout=30000)
    assert setter.result() == QDialog.DialogCode.Accepted and setter.recovery_code
    unlock = UnlockDialog(ctx.store)
    qtbot.addWidget(unlock)
    unlock.password.setText("wrong")
    assert not unlock.try_unlock() and "不正确" in unlock.error.text()
    unlock.password.setText("mima1234")
    assert unlock.try_unlock()
    reset = RecoveryResetDialog(ctx.store)
    qtbot.addWidget(reset)
    reset.code.setText("WRONG-CODE")
    reset.new.setText("newpass")
    reset.confirm.setText("newpass")
    assert reset.reset() and reset.busy  # a job too (a store not encrypted yet would be encrypted)
    qtbot.waitUntil(lambda: not reset.busy, timeout=30000)
    assert "恢复码不正确" in reset.error.text() and reset.result() != QDialog.DialogCode.Accepted
    assert security.verify_password(ctx.store, "mima1234")
    shown: list[str] = []
    monkeypatch.setattr(password, "show_recovery_code", lambda _parent, code: shown.append(code))
    reset.code.setText(setter.recovery_code.lower())
    assert reset.reset()
    qtbot.waitUntil(lambda: not reset.busy, timeout=30000)
    assert reset.result() == QDialog.DialogCode.Accepted and shown == [reset.recovery_code]
    assert security.verify_password(ctx.store, "newpass")
    lock_folder(ctx.store.data_dir)


def test_idle_lock_hides_windows_until_the_password_is_given(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    security.set_password(ctx.store, "mima1234")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    idle = IdleLock(ctx.store)
    try:
        assert idle.active  # a password is set: the timer runs
        idle._timer.setInterval(50)
        idle._timer.start()
        qtbot.waitUntil(lambda: idle.locked, timeout=2000)
        assert not window.isVisible()
        assert idle.dialog is not None and idle.dialog.isVisible()
        idle.dialog.reject()  # the lock screen cannot be cancelled
        assert idle.locked
        idle.dialog.password.setText("mima1234")
        idle.dialog.try_unlock()
        assert not idle.locked and window.isVisible()
    finally:
        idle.shutdown()


def test_idle_lock_is_off_without_a_password(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    idle = IdleLock(ctx.store)
    try:
        assert not idle.active
        idle.lock()
        assert not idle.locked
    finally:
        idle.shutdown()


def test_about_dialog_shows_version_store_and_unit(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    values = dialog.values
    assert values["本机单位"] == "测试矿党委"
    assert values["数据文件"] == str(ctx.store.db_path)
    assert "版本" in values


def test_backup_list_survives_a_restore_in_dialog_without_store(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    health.backup_now(store, health.REASON_DAILY)
    dialog = BackupsDialog(store.data_dir, None)
    qtbot.addWidget(dialog)
    assert not dialog.backup_button.isVisibleTo(dialog)
    assert dialog.list.topLevelItem(0).text(1) == "每日自动备份"


def test_history_service_entry_matches_dialog(ctx) -> None:  # type: ignore[no-untyped-def]
    person_id = _person(ctx.store)
    assert [e.action for e in history.list_changes(ctx.store, "person", person_id)] == ["insert"]


def test_qt_own_dialog_texts_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations

    assert install_qt_translations("zh_CN")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        install_qt_translations("en")
