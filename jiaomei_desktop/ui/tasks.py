"""Background jobs: one mechanism for everything slow that the GUI starts (the idea of Anki's CollectionOp).

    Op(self, lambda progress: service.export(store, path, progress)) \\
        .with_progress(_("正在导出…")) \\
        .success(lambda result: ...)          # on the GUI thread, with the job's typed result
        .changes("roster")                    # after success: tabs refresh (the main window broadcasts it)
        .run()

The job is a plain function taking a `Progress`; it runs on a worker thread. Cancelling raises `Cancelled` inside the
job at its next `progress.step`, so its transaction rolls back. A failure that the user can cause or fix (a
ServiceError, a file that can't be written) becomes a Chinese message; anything else is a bug and goes to the global
exception hook (logged with the version, shown with the offer to save a diagnostic package). `Latest` keeps a view's
reloads to one at a time, the newest request winning.

`BackgroundTask` is the engine underneath (a thread, a worker and an optional progress dialog); tabs use `Op`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import StoreError
from jiaomei_desktop.sync.errors import BundleError

log = logging.getLogger(__name__)
T = TypeVar("T")


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

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        job: Callable[[Progress], Any],
        show_dialog: bool = True,
        cancellable: bool = True,
    ) -> None:
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
        thread.finished.connect(lambda: _ended(thread, self))
        self._ended = False
        self._dialog: QProgressDialog | None = None
        if show_dialog:
            self._dialog = QProgressDialog(title, _("取消"), 0, 0, parent)
            self._dialog.setWindowTitle(title)
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(300)
            self._dialog.canceled.connect(self.cancel)
            if not cancellable:  # a job that cannot stop half-way (a file copy) offers no 取消 it cannot honour
                self._dialog.setCancelButton(None)
            self._worker.stepped.connect(self._on_step)

    @property
    def dialog(self) -> QProgressDialog | None:
        return self._dialog

    def start(self) -> None:
        _watch_quit()
        _running[self._thread] = self._worker
        _owned.add(self)  # a task started without a parent widget must not be collected while it runs
        self._thread.start()

    def cancel(self) -> None:
        self._worker.progress.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """For tests and shutdown: block until the worker thread ends."""
        return self._thread.wait(msecs)

    def _on_step(self, done: int, total: int, text: str) -> None:
        # A modal QProgressDialog runs the event loop inside setValue(), so the job's end can be handled in the
        # middle of this method (and the dialog dropped): work on a local reference and stop once the task ended.
        dialog = self._dialog
        if dialog is None or self._ended:
            return
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def _finish(self) -> None:
        self._ended = True
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.deleteLater()
        self._thread.wait()

    def _on_finished(self) -> None:
        self._finish()
        try:
            self.done.emit(self._worker.result)
        finally:
            _owned.discard(self)

    def _on_failed(self) -> None:
        self._finish()
        try:
            self.error.emit(self._worker.exception)
        finally:
            _owned.discard(self)


def is_cancel(exc: object) -> bool:
    return isinstance(exc, Cancelled)


# Failures the user can understand and act on (a refused bundle, a wrong passphrase, a store another program holds,
# a file that can't be written), as opposed to bugs. Each carries its own Chinese message.
EXPECTED: tuple[type[BaseException], ...] = (ServiceError, BundleError, StoreError, OSError, Cancelled)


def is_expected(exc: object) -> bool:
    return isinstance(exc, EXPECTED)


def failure_text(exc: BaseException) -> str:
    """The Chinese message for an expected failure."""
    if isinstance(exc, OSError) and not isinstance(exc, ServiceError | BundleError):
        where = f"“{exc.filename}”" if exc.filename else ""
        return _("无法读写文件{where}：{reason}").format(where=where, reason=exc.strerror or exc)
    return str(exc)


def report_bug(exc: BaseException) -> None:
    """Hand an unexpected exception to the global hook (logged, shown with the diagnostic-package offer)."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


class ChangeNotices(QObject):
    """Ops announce what they changed here; the main window passes it on to every tab (DataChanged)."""

    changed = Signal(str)


_notices: ChangeNotices | None = None


def change_notices() -> ChangeNotices:
    global _notices
    if _notices is None:
        _notices = ChangeNotices()
    return _notices


class Op(Generic[T]):
    """A job for the worker thread and what happens on the GUI thread when it ends. Build it, then `run()`."""

    def __init__(self, parent: QWidget | None, job: Callable[[Progress], T]) -> None:
        self._parent = parent
        self._job = job
        self._title: str | None = None
        self._cancellable = True
        # Callbacks' return values are ignored (a QMessageBox.information can be the whole success).
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[BaseException], object] | None = None
        self._on_cancel: Callable[[], object] | None = None
        self._expected: tuple[type[BaseException], ...] = EXPECTED
        self._on_end: Callable[[], object] | None = None
        self._failure_title = _("操作失败")
        self._changes: tuple[str, ...] = ()

    def with_progress(self, title: str, cancellable: bool = True) -> Op[T]:
        """Show a progress dialog (after 300 ms, so quick jobs don't flash one), with 取消 when `cancellable`."""
        self._title = title
        self._cancellable = cancellable
        return self

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], object]) -> Op[T]:
        """Instead of the message box: handle an expected failure (ServiceError, OSError) yourself."""
        self._on_failure = callback
        return self

    def expecting(self, *types: type[BaseException]) -> Op[T]:
        """More failures that are the input's fault rather than a bug, e.g. anything raised while reading a file the
        user picked (a damaged .xlsx fails deep inside openpyxl with whatever exception it meets)."""
        self._expected = EXPECTED + types
        return self

    def failure_title(self, title: str) -> Op[T]:
        """The title of the default message box, e.g. 导出失败."""
        self._failure_title = title
        return self

    def cancelled(self, callback: Callable[[], object]) -> Op[T]:
        self._on_cancel = callback
        return self

    def finally_(self, callback: Callable[[], object]) -> Op[T]:
        """Called first whenever the job ends (success, failure, cancel or bug), e.g. to re-enable buttons."""
        self._on_end = callback
        return self

    def changes(self, *areas: str) -> Op[T]:
        """The areas the job writes ("roster", "study", …); announced after success so other tabs refresh."""
        self._changes = areas
        return self

    def run(self) -> BackgroundTask:
        title = self._title or ""
        task = BackgroundTask(
            self._parent, title, self._job, show_dialog=self._title is not None, cancellable=self._cancellable
        )
        task.op = self  # type: ignore[attr-defined]  # signals hold bound methods of plain objects weakly
        task.done.connect(self._succeeded)
        task.error.connect(self._failed)
        task.start()
        return task

    def _succeeded(self, result: T) -> None:
        if self._on_end is not None:
            self._on_end()
        if self._on_success is not None:
            self._on_success(result)
        for area in self._changes:
            change_notices().changed.emit(area)

    def _failed(self, exc: BaseException) -> None:
        if self._on_end is not None:
            self._on_end()
        if isinstance(exc, Cancelled):
            if self._on_cancel is not None:
                self._on_cancel()
        elif not isinstance(exc, self._expected):
            report_bug(exc)
        elif self._on_failure is not None:
            self._on_failure(exc)
        else:
            QMessageBox.warning(self._parent, self._failure_title, failure_text(exc))


class Latest:
    """A view's reloads, one at a time: a request while one runs is remembered, and when the running one ends only
    the newest request runs (five clicks on the year box compute twice, and the grid shows the last year clicked).
    `run_soon` waits for the next turn of the event loop, so the requests a view makes one after another while it is
    built (its filters, its sort order, then its unit) cost one load, not three."""

    def __init__(self, owner: QObject | None = None) -> None:
        self.task: BackgroundTask | None = None
        self._pending: Callable[[], Op[Any]] | None = None
        self._soon: Callable[[], Op[Any]] | None = None
        self._owner = owner  # the timer of run_soon dies with it: no load is started for a deleted view
        self._timer: QTimer | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None or self._soon is not None

    def run_soon(self, make: Callable[[], Op[Any]]) -> None:
        """`run(make)` at the next turn of the event loop; a newer request before then replaces it."""
        self._soon = make
        if self._timer is None:
            self._timer = QTimer(self._owner)
            self._timer.setSingleShot(True)
            self._timer.setInterval(0)
            self._timer.timeout.connect(self._run_requested)
        self._timer.start()

    def _run_requested(self) -> None:
        make, self._soon = self._soon, None
        if self._timer is not None and shiboken6.isValid(self._timer):
            self._timer.stop()
        if make is not None:
            self.run(make)

    def run(self, make: Callable[[], Op[Any]]) -> None:
        """`make()` builds the op from the view's state at the time it starts."""
        if self.task is not None:
            self._pending = make
            return
        op = make()
        success, end = op._on_success, op._on_end

        def ended() -> None:
            self.task = None
            if end is not None:
                end()

        def succeeded(result: Any) -> None:
            if self._pending is None and success is not None:
                success(result)  # a result nobody asked for any more is dropped

        op._on_end = ended
        op._on_success = succeeded
        self.task = op.run()
        self.task.done.connect(self._next)
        self.task.error.connect(self._next)

    def wait(self, msecs: int = 30000) -> None:
        """For tests: until no reload runs or waits (the GUI thread delivers the results while waiting)."""
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        self._run_requested()
        deadline = QDeadlineTimer(msecs)
        while self.task is not None and not deadline.hasExpired():
            self.task.wait(max(1, deadline.remainingTime()))
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def _next(self, _outcome: object) -> None:
        make, self._pending = self._pending, None
        if make is not None:
            self.run(make)


_running: dict[QThread, _Worker] = {}
_owned: set[BackgroundTask] = set()


def _ended(thread: QThread, task: BackgroundTask) -> None:
    _running.pop(thread, None)
    if not shiboken6.isValid(task):  # its owner was closed while it ran: no end will be delivered
        _owned.discard(task)


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
