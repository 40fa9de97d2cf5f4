"""Running long jobs off the GUI thread with a cancellable progress dialog.

The job is a plain function taking a `Progress`; it runs in a worker thread. Its result or error comes back on the
GUI thread. Cancelling raises `Cancelled` inside the job at its next `progress.step`, so its transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.i18n import _


class _Worker(QObject):
    # No-argument signals: the result stays on the worker, so nothing is converted across threads.
    finished = Signal()
    failed = Signal()
    stepped = Signal(int, int, str)

    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._job = job
        self.result: Any = None
        self.exception: BaseException | None = None
        self.progress = Progress(lambda done, total, text: self.stepped.emit(done, total, text))

    def run(self) -> None:
        try:
            self.result = self._job(self.progress)
        except BaseException as exc:
            self.exception = exc
            self.failed.emit()
        else:
            self.finished.emit()


class BackgroundTask(QObject):
    """One job with its thread and dialog. Keep a reference until `done` or `error` fires."""

    done = Signal(object)
    error = Signal(object)  # the exception; Cancelled when the user cancelled

    def __init__(self, parent: QWidget, title: str, job: Callable[[Progress], Any], show_dialog: bool = True) -> None:
        super().__init__(parent)
        # The thread and worker have no Qt parent and live in `_running` until the job returns: closing the window
        # that started a job must not destroy a running thread (Qt aborts the program when that happens).
        self._thread = QThread()
        self._worker = _Worker(job)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Direct: the thread ends its event loop itself, even while the GUI thread is blocked waiting for it on quit.
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.failed.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        thread = self._thread
        thread.finished.connect(lambda: _running.pop(thread, None))
        self._dialog: QProgressDialog | None = None
        if show_dialog:
            self._dialog = QProgressDialog(title, _("取消"), 0, 0, parent)
            self._dialog.setWindowTitle(title)
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(300)
            self._dialog.canceled.connect(self.cancel)
            self._worker.stepped.connect(self._on_step)

    def start(self) -> None:
        _watch_quit()
        _running[self._thread] = self._worker
        self._thread.start()

    def cancel(self) -> None:
        self._worker.progress.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """For tests and shutdown: block until the worker thread ends."""
        return self._thread.wait(msecs)

    def _on_step(self, done: int, total: int, text: str) -> None:
        if self._dialog is None:
            return
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        if text:
            self._dialog.setLabelText(text)

    def _finish(self) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self._thread.wait()

    def _on_finished(self) -> None:
        self._finish()
        self.done.emit(self._worker.result)

    def _on_failed(self) -> None:
        self._finish()
        self.error.emit(self._worker.exception)


def is_cancel(exc: object) -> bool:
    return isinstance(exc, Cancelled)


_running: dict[QThread, _Worker] = {}
_quit_watched = False


def running() -> bool:
    """Whether any job's thread is still alive."""
    return bool(_running)


def finish_all(msecs: int = 10000) -> None:
    """On quit: ask every running job to stop (its transaction rolls back) and wait for its thread."""
    for thread, worker in list(_running.items()):
        worker.progress.cancel()
        thread.wait(msecs)
        _running.pop(thread, None)


def _watch_quit() -> None:
    global _quit_watched
    app = QCoreApplication.instance()
    if not _quit_watched and app is not None:
        app.aboutToQuit.connect(finish_all)
        _quit_watched = True
