"""The global exception hook: an exception in a Qt slot or a thread reaches the log (with the version, without ID
numbers or phones) and the user (a plain message and a diagnostic package to save). All data is synthetic."""

from __future__ import annotations

import logging
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from jiaomei_desktop import __version__
from jiaomei_desktop.services.diagnostics import ID_MASK, ScrubbingFormatter
from jiaomei_desktop.ui import crash_dialog, tasks
from jiaomei_desktop.ui.app_shell.attach import attach
from jiaomei_desktop.ui.main_window import MainWindow

WAIT = 10000
SYNTHETIC_ID = "11010519491231002X"
SYNTHETIC_PHONE = "13800138000"

pytestmark = pytest.mark.qt_no_exception_capture  # the hook under test takes the place of pytest-qt's


@pytest.fixture
def log_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The log as app.setup_logging writes it."""
    path = tmp_path / "data" / "jiaomei.log"
    path.parent.mkdir()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    yield path
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.fixture
def hook(log_file: Path, qtbot):  # type: ignore[no-untyped-def]
    installed = crash_dialog.install(log_file.parent)
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
    tasks.finish_all(WAIT)


class Button(QObject):
    clicked = Signal()


def test_a_slot_exception_goes_to_the_log_and_the_user(hook, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    def save_member() -> None:
        raise ValueError(f"重复的身份证号 {SYNTHETIC_ID}，电话 {SYNTHETIC_PHONE}")

    button = Button()
    button.clicked.connect(save_member)
    QTimer.singleShot(0, button.clicked.emit)  # from the event loop, as a real click
    qtbot.waitUntil(lambda: hook.dialog is not None and hook.dialog.isVisible(), timeout=WAIT)
    logged = log_file.read_text("utf-8")
    assert "ValueError" in logged and "save_member" in logged and __version__ in logged
    assert SYNTHETIC_ID not in logged and SYNTHETIC_PHONE not in logged and ID_MASK in logged
    box = hook.dialog
    assert "没有丢失" in box.informativeText() and "撤销" in box.informativeText()
    assert "ValueError" in box.detailedText() and SYNTHETIC_ID not in box.detailedText()
    assert [b.text() for b in box.buttons() if b.text() == "保存诊断包…"]


def test_a_thread_exception_is_shown_on_the_gui_thread(hook, log_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    def background() -> None:
        raise RuntimeError("后台出错")

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: hook.dialog is not None, timeout=WAIT)
    assert "RuntimeError: 后台出错" in hook.dialog.detailedText() and "后台出错" in log_file.read_text("utf-8")


def test_an_open_form_is_named_as_not_lost(hook, qtbot) -> None:  # type: ignore[no-untyped-def]
    form = QDialog()
    form.setWindowTitle("新增党员")
    form.is_dirty = lambda: True  # type: ignore[attr-defined]
    qtbot.addWidget(form)
    form.show()
    hook.handle(KeyError, KeyError("branch"), None)
    qtbot.waitUntil(lambda: hook.dialog is not None, timeout=WAIT)
    assert "“新增党员”还开着" in hook.dialog.informativeText()


def test_errors_while_the_message_is_open_do_not_stack_dialogs(hook, qtbot) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        hook.handle(ValueError, ValueError(f"第{n}次"), None)
    qtbot.waitUntil(lambda: hook.more == 2, timeout=WAIT)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert shown == [hook.dialog] and "第2次" in hook.dialog.detailedText()


def test_saving_the_package_from_the_message(hook, tmp_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(stick))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    hook.handle(ValueError, ValueError(f"身份证号 {SYNTHETIC_ID}"), None)
    qtbot.waitUntil(lambda: hook.dialog is not None, timeout=WAIT)
    save = next(b for b in hook.dialog.buttons() if b.text() == "保存诊断包…")
    save.click()
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    [package] = list(stick.glob("*.zip"))
    with zipfile.ZipFile(package) as zf:
        error = zf.read("error.txt").decode("utf-8")
    assert "ValueError" in error and SYNTHETIC_ID not in error and str(package) in told[0]


def test_a_package_that_cannot_be_saved_says_why(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    crash_dialog.save_diagnostics_to(None, tmp_path, tmp_path / "拔掉的U盘")
    qtbot.waitUntil(lambda: bool(warned), timeout=WAIT)
    assert "找不到文件夹" in warned[0]


def test_the_tools_menu_saves_a_package_at_any_time(ctx, settings, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, settings)
    qtbot.addWidget(window)
    shell = attach(window, ctx, settings)
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(stick))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    [action] = [a for a in shell.menu.actions() if a.text() == "保存诊断包…"]
    action.trigger()
    qtbot.waitUntil(lambda: bool(list(stick.glob("*.zip"))), timeout=WAIT)
    qtbot.waitUntil(lambda: not tasks.running(), timeout=WAIT)
    shell.shutdown()


def test_the_hook_restores_the_previous_one(tmp_path: Path) -> None:
    before = sys.excepthook, threading.excepthook
    hook = crash_dialog.install(tmp_path)
    assert sys.excepthook == hook.handle
    hook.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
