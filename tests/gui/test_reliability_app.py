"""App-level reliability: one instance per store, damaged store at start-up, close guard, drafts, layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItemModel
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QMessageBox, QTableView

from jiaomei_desktop import app
from jiaomei_desktop.services import health
from jiaomei_desktop.services.instance_lock import InstanceLock
from jiaomei_desktop.ui.app_shell.attach import attach
from jiaomei_desktop.ui.app_shell.layout_memory import remember_header
from jiaomei_desktop.ui.app_shell.single_instance import ActivationServer, server_name
from jiaomei_desktop.ui.app_shell.unsaved_edits import FormWatcher, load_drafts
from jiaomei_desktop.ui.main_window import MainWindow
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from tests.reliability.test_backups import _damage


@pytest.fixture(autouse=True)
def _leave_qt_as_found():  # type: ignore[no-untyped-def]
    """app.main installs Qt's Chinese translators and default locale; later tests must not see them."""
    from PySide6.QtCore import QLocale

    from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations

    locale = QLocale()
    yield
    install_qt_translations("en")
    QLocale.setDefault(locale)


def test_second_start_on_a_locked_store_explains(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(app, "ask_running_to_show", lambda _directory: False)
    with InstanceLock(store.data_dir):
        code = app.main(["--data-dir", str(store.data_dir)])
    assert code == 3
    assert shown and "另一个窗口" in shown[0]


def test_second_start_brings_the_first_window_forward(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app, "ask_running_to_show", lambda _directory: True)
    with InstanceLock(store.data_dir):
        assert app.main(["--data-dir", str(store.data_dir)]) == 0


def test_activation_server_answers_a_second_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = ActivationServer(tmp_path)
    assert server.listening
    socket = QLocalSocket()
    with qtbot.waitSignal(server.activate, timeout=3000):
        socket.connectToServer(server_name(tmp_path))
        socket.waitForConnected(1000)
        socket.write(b"show\n")
        socket.flush()
    qtbot.waitUntil(lambda: socket.bytesAvailable() > 0 or socket.waitForReadyRead(10))
    assert bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    qtbot.wait(50)
    server.close()
    assert server_name(tmp_path) != server_name(tmp_path / "other")


def test_damaged_store_offers_a_backup_and_restores_it(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    backup = health.backup_now(store, health.REASON_DAILY)
    directory = store.data_dir
    store.close()
    _damage(directory / "jiaomei.sqlite3")
    shown: list[str] = []

    def pick(dialog) -> int:  # type: ignore[no-untyped-def]
        shown.append(dialog.message.text())
        assert dialog.diagnosis.backups[0].path == backup and dialog.restore_button.isVisibleTo(dialog)
        dialog.restore_button.click()
        return 1

    monkeypatch.setattr(app.HealthDialog, "exec", pick)
    assert app.check_health(directory)
    assert health.quick_check(directory / "jiaomei.sqlite3") == []
    assert "已损坏" in shown[0] and "完好的备份" in shown[0]


def test_damaged_store_without_backups_is_not_opened(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts: list[str] = []

    def look(dialog) -> int:  # type: ignore[no-untyped-def]
        texts.append(dialog.message.text())
        assert not dialog.restore_button.isVisibleTo(dialog)
        dialog.quit_button.click()
        return 0

    monkeypatch.setattr(app.HealthDialog, "exec", look)
    directory = store.data_dir
    store.close()
    _damage(directory / "jiaomei.sqlite3")
    assert not app.check_health(directory)
    assert "已损坏" in texts[0] and "没有找到完好的备份" in texts[0]


@pytest.fixture
def window(qtbot, ctx, settings):  # type: ignore[no-untyped-def]
    w = MainWindow(ctx, settings)
    qtbot.addWidget(w)
    rel = attach(w, ctx, settings)
    w.show()
    yield w, rel
    rel.shutdown()


def test_tools_menu_sits_before_help(window) -> None:  # type: ignore[no-untyped-def]
    w, rel = window
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("工具(&T)") == len(titles) - 2
    assert any(a.text() == "备份与恢复…" for a in rel.menu.actions())


def test_closing_over_unsaved_edits_asks(qtbot, window, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w, rel = window
    form = PersonFormDialog(ctx, None, parent=w)
    form.show()
    form._fields["name"].setText("李四")
    asked: list[object] = []
    rel.guard.ask = lambda dialogs: asked.append(dialogs) or False
    w.close()
    assert asked and w.isVisible()
    rel.guard.ask = lambda dialogs: True
    w.close()
    assert not w.isVisible()
    form._initial = form._snapshot()  # let the form close without asking in teardown


def test_person_form_draft_survives_a_crash(qtbot, window, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w, rel = window
    form = PersonFormDialog(ctx, None, parent=w)
    form.show()
    qtbot.waitUntil(lambda: form in rel.forms._forms)
    form._fields["name"].setText("赵六")
    saved = rel.forms.save_drafts()
    assert saved and saved[0].exists()
    # "Crash": the form never closes normally; the next start finds the draft.
    drafts = load_drafts(rel.forms.folder)
    assert drafts and drafts[0][1].name == "赵六"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    watcher = FormWatcher(ctx)
    try:
        opened = watcher.offer_drafts(w)
        assert len(opened) == 1 and opened[0]._fields["name"].text() == "赵六"
        assert opened[0].is_dirty()
        assert not list(watcher.folder.glob("*.json"))
        opened[0]._initial = opened[0]._snapshot()
        opened[0].reject()
    finally:
        watcher.shutdown()
    form._initial = form._snapshot()
    form.reject()
    assert not list(rel.forms.folder.glob("*.json"))


def test_person_form_tab_order_follows_the_form(qtbot, window, ctx) -> None:  # type: ignore[no-untyped-def]
    w, rel = window
    form = PersonFormDialog(ctx, None, parent=w)
    form.show()
    qtbot.waitUntil(lambda: form in rel.forms._forms)
    assert form._fields["name"].nextInFocusChain() is not None
    widget = form._fields["id_number"]
    seen = []
    for _ in range(40):
        widget = widget.nextInFocusChain()
        if widget is form._fields["birth_date"]:
            seen.append("birth_date")
            break
    assert seen == ["birth_date"]
    form.reject()


def test_column_layout_is_remembered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    model = QStandardItemModel(2, 3)
    first = QTableView()
    qtbot.addWidget(first)
    first.setModel(model)
    remember_header(first, "test/table", settings)
    first.setColumnWidth(1, 222)
    qtbot.wait(600)
    second = QTableView()
    qtbot.addWidget(second)
    second.setModel(model)
    remember_header(second, "test/table", settings)
    assert second.columnWidth(1) == 222


def test_restore_requested_from_the_dialog_reopens_the_store_with_the_backup(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import org
    from jiaomei_desktop.ui.app_shell import restart

    backup = health.backup_now(store, health.REASON_MANUAL)
    org.add_unit(store, org.find_unit_by_code(store, "T").id, "T-09", "后来加的支部", org.UnitKind.BRANCH)
    restart._pending_restore[:] = [backup]
    reopened = app.restore_pending(store)
    try:
        assert org.find_unit_by_code(reopened, "T-09") is None
        assert any(b.reason == health.REASON_RESTORE for b in health.list_backups(reopened.data_dir))
        assert restart.take_pending_restore() is None
    finally:
        reopened.close()


def test_full_start_locks_checks_backs_up_and_releases(qtbot, store, capsys) -> None:  # type: ignore[no-untyped-def]
    directory = store.data_dir
    store.close()
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert "shown" in capsys.readouterr().out
    assert [b.reason for b in health.list_backups(directory)] == [health.REASON_DAILY]
    with InstanceLock(directory) as lock:  # released on the way out
        assert lock.held


def test_start_with_a_password_asks_for_it(qtbot, store, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.db.sqlite_connect import lock_folder
    from jiaomei_desktop.services import security

    code = security.set_password(store, "mima1234")  # the store is now encrypted (services/encryption.py)
    directory = store.data_dir
    store.close()
    lock_folder(directory)  # as in a new process
    monkeypatch.setattr(app.StoreUnlockDialog, "exec", lambda self: 0)  # the user closes the password window
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert "shown" not in capsys.readouterr().out

    def enter(secret: str):  # type: ignore[no-untyped-def]
        def exec_(self) -> int:  # type: ignore[no-untyped-def]
            self.password.setText(secret)
            return int(self.try_unlock())
        return exec_

    monkeypatch.setattr(app.StoreUnlockDialog, "exec", enter("wrong-password"))
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert "shown" not in capsys.readouterr().out
    monkeypatch.setattr(app.StoreUnlockDialog, "exec", enter("mima1234"))
    monkeypatch.setattr(app.UnlockDialog, "exec", lambda self: 0)  # not asked a second time
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert "shown" in capsys.readouterr().out
    lock_folder(directory)
    asked: list[bool] = []
    monkeypatch.setattr(app.StoreUnlockDialog, "exec", enter(code))  # the recovery code: then a new password
    monkeypatch.setattr(app.RecoveryResetDialog, "exec", lambda self: asked.append(True) or 0)
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 0
    assert "shown" in capsys.readouterr().out and asked == [True]
    lock_folder(directory)


def test_f1_opens_about(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    w, _rel = window
    about = [a for m in w.menuBar().actions() if m.menu() for a in m.menu().actions() if a.text() == "关于"]
    assert about and about[0].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_damage_found_while_the_window_was_built_stops_before_showing(qtbot, store, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    directory = store.data_dir
    store.close()
    monkeypatch.setattr(health, "quick_check", lambda _path: ["*** in database main ***\nPage 7: btree page damaged"])
    asked: list[list[str]] = []
    monkeypatch.setattr(app, "check_health", lambda _directory, problems=None: asked.append(problems) or False)
    assert app.main(["--data-dir", str(directory), "--startup-probe"]) == 2
    assert asked and "Page 7" in asked[0][0]
    assert "shown" not in capsys.readouterr().out
