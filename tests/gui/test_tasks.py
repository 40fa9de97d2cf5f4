"""BackgroundTask: results and errors come back on the GUI thread; closing the window mid-job is safe."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.ui import tasks
from jiaomei_desktop.ui.tasks import BackgroundTask, is_cancel

WAIT = 10000


def test_result_comes_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    task = BackgroundTask(owner, "计算", lambda progress: sum(range(10)), show_dialog=False)
    with qtbot.waitSignal(task.done, timeout=WAIT) as blocker:
        task.start()
    assert blocker.args == [45]


def test_error_and_cancel_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)

    def broken(progress: Progress) -> None:
        raise ValueError("坏数据")

    task = BackgroundTask(owner, "计算", broken, show_dialog=False)
    with qtbot.waitSignal(task.error, timeout=WAIT) as blocker:
        task.start()
    assert isinstance(blocker.args[0], ValueError) and not is_cancel(blocker.args[0])

    def endless(progress: Progress) -> None:
        while True:
            progress.step(0, 1)

    task = BackgroundTask(owner, "计算", endless)
    with qtbot.waitSignal(task.error, timeout=WAIT) as blocker:
        task.start()
        task.cancel()
    assert isinstance(blocker.args[0], Cancelled)


def test_closing_the_owner_while_the_job_runs_is_safe(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A secretary closes the window while statistics are computed: no crash, the job ends on its own."""
    release, ended = threading.Event(), threading.Event()

    def slow(progress: Progress) -> str:
        release.wait(WAIT / 1000)
        ended.set()
        return "done"

    owner = QWidget()
    task = BackgroundTask(owner, "统计", slow, show_dialog=False)
    task.start()
    shiboken6.delete(owner)  # the tab goes away with its window; the task was its child
    release.set()
    qtbot.waitUntil(ended.is_set, timeout=WAIT)
    qtbot.waitUntil(lambda: not tasks.running(), timeout=WAIT)


def test_quitting_cancels_and_waits_for_running_jobs(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen_cancel = threading.Event()

    def endless(progress: Progress) -> None:
        try:
            while True:
                progress.step(0, 1)
        except Cancelled:
            seen_cancel.set()
            raise

    owner = QWidget()
    qtbot.addWidget(owner)
    BackgroundTask(owner, "导出", endless, show_dialog=False).start()
    assert tasks.running()
    tasks.finish_all(WAIT)
    assert seen_cancel.is_set() and not tasks.running()


@pytest.fixture(autouse=True)
def _no_leftover_threads(qtbot):  # type: ignore[no-untyped-def]
    yield
    tasks.finish_all(WAIT)


def test_a_step_handled_while_the_job_ends_does_not_touch_the_dropped_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The cause of the random `'NoneType' object has no attribute 'setLabelText'`: a modal progress dialog runs the
    event loop inside setValue(), so the job's end was handled in the middle of a step and the dialog dropped."""
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()

    def quick(progress: Progress) -> str:
        progress.step(1, 3, "第一步")
        progress.step(2, 3, "第二步")
        return "好了"

    task = BackgroundTask(owner, "导出", quick)
    assert task.dialog is not None
    task.dialog.setMinimumDuration(0)  # shown at the first step, so the second step's setValue runs the event loop
    task.start()
    assert task.wait(WAIT)  # both steps and the end are now queued for the GUI thread, in that order
    with qtbot.waitSignal(task.done, timeout=WAIT) as blocker:
        pass
    assert blocker.args == ["好了"] and task.dialog is None
