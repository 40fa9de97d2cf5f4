"""The GUI under faults of an encrypted or locked store: the password is set and removed as a job with progress (a
full disk half-way leaves the store as it was), an encrypted store's check ends after the window is shown and still
stops it when it finds damage, and a store another process took gets its own dialog (not "已损坏")."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QProgressDialog

from jiaomei_desktop import app
from jiaomei_desktop.db import migrate, sqlite_connect
from jiaomei_desktop.db.sqlite_connect import key_for, lock_folder
from jiaomei_desktop.services import backups, encryption, health, security
from jiaomei_desktop.services.store import DB_FILENAME
from jiaomei_desktop.ui.backups.health_dialog import HealthDialog
from jiaomei_desktop.ui.security.password import SetPasswordDialog
from tests.reliability.faults import held_by_another_process

PASSWORD = "mima1234"


@pytest.fixture(autouse=True)
def _leave_qt_as_found():  # type: ignore[no-untyped-def]
    """app.main installs Qt's Chinese translators and default locale; later tests must not see them."""
    from PySide6.QtCore import QLocale

    from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations

    locale = QLocale()
    yield
    install_qt_translations("en")
    QLocale.setDefault(locale)


def _password_dialog(qtbot, store, password: str = PASSWORD) -> SetPasswordDialog:  # type: ignore[no-untyped-def]
    dialog = SetPasswordDialog(store)
    qtbot.addWidget(dialog)
    dialog.current.setText(password)
    dialog.new.setText(password)
    dialog.confirm.setText(password)
    return dialog


def test_setting_and_removing_the_password_run_as_jobs_with_progress(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    directory = ctx.store.data_dir
    try:
        setter = _password_dialog(qtbot, ctx.store)
        setter.show()
        assert setter.save() and setter.busy and not setter.buttons.isEnabled()
        progress = setter.findChild(QProgressDialog)
        assert progress is not None and progress.windowTitle() == "正在设置启动密码…"
        setter.reject()  # Esc while the files are converted: the dialog stays
        assert setter.isVisible()
        qtbot.waitUntil(lambda: not setter.busy, timeout=30000)
        assert setter.result() == QDialog.DialogCode.Accepted and setter.recovery_code
        assert encryption.is_encrypted(directory) and security.has_password(ctx.store)
        remover = _password_dialog(qtbot, ctx.store)
        assert remover.remove_button is not None
        remover.remove_button.click()
        assert remover.busy
        qtbot.waitUntil(lambda: not remover.busy, timeout=30000)
        assert remover.result() == QDialog.DialogCode.Accepted and remover.recovery_code is None
        assert not encryption.is_encrypted(directory) and not security.has_password(ctx.store)
    finally:
        lock_folder(directory)


def test_a_full_disk_while_setting_the_password_is_said_in_the_dialog(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlcipher3

    backups.backup_now(ctx.store, backups.REASON_MANUAL)
    real = encryption.export_file
    calls: list[Path] = []

    def full_on_the_backup(source: Path, target: Path, *args: object, **kwargs: object) -> None:
        calls.append(source)
        if len(calls) == 2:
            raise sqlcipher3.OperationalError("database or disk is full")
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(encryption, "export_file", full_on_the_backup)
    setter = _password_dialog(qtbot, ctx.store)
    assert setter.save()
    qtbot.waitUntil(lambda: not setter.busy, timeout=30000)
    assert "磁盘已满" in setter.error.text() and setter.result() != QDialog.DialogCode.Accepted
    assert setter.buttons.isEnabled() and setter.new.isEnabled()
    assert not encryption.is_encrypted(ctx.store.data_dir) and not security.has_password(ctx.store)
    assert not list(ctx.store.data_dir.rglob(".converting-*"))


class _Finished:
    """A start-up check that has ended with `problems`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.before_showing = False

    def done(self) -> bool:
        return True

    def result(self) -> list[str]:
        return self.problems


def test_a_check_ending_after_the_window_was_shown_stops_it_only_on_damage(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    stopped: list[bool] = []
    damaged = app.CheckWatch(window, _Finished(["Page 7: btree page damaged"]), lambda: stopped.append(True))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(stopped), timeout=3000)
    assert damaged.found == ["Page 7: btree page damaged"]
    sound: list[bool] = []
    watch = app.CheckWatch(window, _Finished([]), lambda: sound.append(True))  # type: ignore[arg-type]
    qtbot.wait(300)
    assert watch.found == [] and sound == []


def test_an_encrypted_store_is_shown_before_its_check_ends_and_damage_still_stops_it(
    qtbot, store, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    directory = store.data_dir
    store.close()
    encryption.encrypt_store(directory, PASSWORD, "ABCD-EFGH-JKMN-PQRS")
    try:
        assert not health.PendingCheck(directory / DB_FILENAME).before_showing  # the window does not wait for it
        damage = ["*** in database main ***\nPage 7: btree page damaged"]
        monkeypatch.setattr(health, "quick_check", lambda _path: damage)
        asked: list[list[str]] = []
        monkeypatch.setattr(app, "check_health", lambda _directory, problems=None: asked.append(problems) or False)
        assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 2
        assert "shown" in capsys.readouterr().out  # shown first (a plain store would stop before showing)
        assert asked == [damage]  # then the damaged-store dialog, with where the check found it
    finally:
        lock_folder(directory)
    plain = health.PendingCheck(directory / DB_FILENAME)
    assert plain.before_showing  # a plain store's check is awaited before showing (it ends while the window is built)
    plain.result()


def test_a_store_another_process_took_gets_the_locked_dialog(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    quick = functools.partial(sqlite_connect.connect, timeout=0.1)
    for module in (migrate, backups, health):
        monkeypatch.setattr(module, "connect_db", quick)
    seen: list[HealthDialog] = []

    def look(dialog: HealthDialog) -> int:
        seen.append(dialog)
        dialog.quit_button.click()
        return 0

    monkeypatch.setattr(HealthDialog, "exec", look)
    directory = store.data_dir
    store.close()
    with held_by_another_process(directory / DB_FILENAME, "exclusive", key_for(directory / DB_FILENAME)):
        assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert len(seen) == 1
    dialog = seen[0]
    assert dialog.diagnosis.kind == health.Kind.LOCKED and dialog.windowTitle() == "数据文件正被另一个程序占用"
    assert "另一个程序占用" in dialog.message.text() and "已损坏" not in dialog.message.text()
    assert not dialog.restore_button.isVisibleTo(dialog) and not dialog.continue_button.isVisibleTo(dialog)
