"""No error is silent: the global exception hook, the message it shows, and saving a diagnostic package.

PySide6 hands an exception raised in a slot to `sys.excepthook`, whose default prints to stderr — which the windowed
Windows build does not have, so the fault vanished. The hook here writes the traceback to the log (with the version;
the log scrubs ID numbers and phones), then tells the user in plain words what happened to their work and offers a
diagnostic package (services.diagnostics) to save on a USB stick for whoever supports the program. Exceptions on
other threads (`threading.excepthook`) take the same way, shown on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from jiaomei_desktop import __version__
from jiaomei_desktop.i18n import _, join_list
from jiaomei_desktop.services import diagnostics
from jiaomei_desktop.ui.app_shell.unsaved_edits import dirty_dialogs
from jiaomei_desktop.ui.tasks import BackgroundTask, Op

log = logging.getLogger(__name__)


def error_message(open_forms: list[str]) -> str:
    """What the user is told about their work: saved data is whole; the failed step was undone; open forms stay."""
    text = _("已经保存的数据都在，没有丢失。刚才这一步没有做完，它所做的修改已经全部撤销，数据保持出错前的样子。")
    if open_forms:
        text += "\n\n" + _("正在填写的“{forms}”还开着，里面填的内容没有丢失，请检查后再保存。").format(
            forms=join_list(open_forms)
        )
    return (
        text
        + "\n\n"
        + _("如果这个问题再次出现，请点“保存诊断包…”，把生成的文件交给技术支持人员（诊断包里没有身份证号和手机号）。")
    )


class CrashHook(QObject):
    """Installed once the QApplication exists. `dialog` is the message on screen (for tests)."""

    _report = Signal(str)  # the traceback, delivered on the GUI thread whichever thread failed

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.dialog: QMessageBox | None = None
        self.more = 0  # errors that came while the message was already on screen
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHook:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def handle(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(etype, value, tb)
            return
        try:
            text = "".join(traceback.format_exception(etype, value, tb))
            log.error("unhandled error in jiaomei_desktop %s:\n%s", __version__, text.rstrip())
            self._report.emit(text)  # queued: the hook returns at once, the message comes from the event loop
        except Exception:  # the hook itself must never raise; the default prints where it can
            sys.__excepthook__(etype, value, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, text: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.more += 1
            self.dialog.setDetailedText(self.dialog.detailedText() + "\n" + diagnostics.scrub(text))
            return
        # The main window, not the active one: a form or the message itself may be gone before the package is saved.
        parent = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()), None)
        forms = [w.windowTitle() for w in dirty_dialogs()]
        box = QMessageBox(QMessageBox.Icon.Critical, _("程序出错了"), _("刚才的操作出了错，没有完成。"), parent=parent)
        box.setInformativeText(error_message(forms))
        box.setDetailedText(diagnostics.scrub(text))
        save = box.addButton(_("保存诊断包…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(_("关闭"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: save_diagnostics(parent, self.data_dir, box.detailedText()) if button is save else None
        )
        box.finished.connect(self._closed)
        self.dialog = box
        self.more = 0
        box.open()  # not exec(): the hook's caller is not kept waiting in a nested event loop

    def _closed(self) -> None:
        self.dialog = None


_hook: CrashHook | None = None


def install(data_dir: Path) -> CrashHook:
    """Called by app.main once the QApplication exists and the data folder is known."""
    global _hook
    if _hook is not None:
        _hook.uninstall()
    _hook = CrashHook(data_dir).install()
    return _hook


def save_diagnostics(parent: QWidget | None, data_dir: Path, error: str | None = None) -> BackgroundTask | None:
    """Ask where to save (a USB stick), then build the package off the GUI thread."""
    folder = QFileDialog.getExistingDirectory(parent, _("选择保存诊断包的位置（例如U盘）"), str(Path.home()))
    if not folder:
        return None
    return save_diagnostics_to(parent, data_dir, Path(folder), error)


def save_diagnostics_to(
    parent: QWidget | None, data_dir: Path, folder: Path, error: str | None = None
) -> BackgroundTask:
    owner = parent
    return (
        Op(
            owner,
            lambda progress: diagnostics.build_package(
                data_dir, folder, error=error, extra={"qt": qVersion()}, progress=progress
            ),
        )
        .with_progress(_("正在生成诊断包…"))
        .success(
            lambda path: QMessageBox.information(
                owner, _("诊断包已保存"), _("已保存到\n{path}\n\n请把这个文件交给技术支持人员。").format(path=path)
            )
        )
        .failure_title(_("无法保存诊断包"))
        .run()
    )
