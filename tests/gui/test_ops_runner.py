"""Op: typed results on the GUI thread, change notices, and the three ways a job can fail (service error, file
error, bug); Latest: a view's reloads run one at a time with the newest request winning."""

from __future__ import annotations

import sys
import threading
import zipfile

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.sync.errors import WrongPassphrase
from jiaomei_desktop.ui import tasks
from jiaomei_desktop.ui.tasks import Latest, Op

WAIT = 10000


@pytest.fixture
def owner(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def warnings(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    return shown


@pytest.fixture
def bugs(monkeypatch) -> list[BaseException]:  # type: ignore[no-untyped-def]
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, exc, _tb: seen.append(exc))
    return seen


def run_and_wait(qtbot, op: Op) -> None:  # type: ignore[no-untyped-def, type-arg]
    task = op.run()
    qtbot.waitUntil(lambda: not tasks.running(), timeout=WAIT)
    assert task.wait(WAIT)
    qtbot.wait(1)  # the queued end of the job is delivered


def test_success_gets_the_typed_result_on_the_gui_thread_and_changes_are_announced(qtbot, owner) -> None:  # type: ignore[no-untyped-def]
    results: list[tuple[int, bool]] = []
    ended: list[str] = []
    announced: list[str] = []
    tasks.change_notices().changed.connect(announced.append)
    op = (
        Op(owner, lambda progress: sum(range(10)))
        .success(lambda n: results.append((n, threading.current_thread() is threading.main_thread())))
        .finally_(lambda: ended.append("end"))
        .changes("roster", "study")
    )
    with qtbot.waitSignal(tasks.change_notices().changed, timeout=WAIT):
        op.run()
    qtbot.waitUntil(lambda: announced == ["roster", "study"], timeout=WAIT)
    assert results == [(45, True)] and ended == ["end"]
    tasks.change_notices().changed.disconnect(announced.append)


def test_a_service_error_becomes_its_message_and_nothing_is_announced(qtbot, owner, warnings, bugs) -> None:  # type: ignore[no-untyped-def]
    def refuse(progress: Progress) -> None:
        raise ServiceError("这个数据包是发给别的单位的")

    announced: list[str] = []
    tasks.change_notices().changed.connect(announced.append)
    run_and_wait(qtbot, Op(owner, refuse).failure_title("导入失败").changes("sync"))
    qtbot.waitUntil(lambda: bool(warnings), timeout=WAIT)
    assert warnings == [("导入失败", "这个数据包是发给别的单位的")] and not bugs and not announced
    tasks.change_notices().changed.disconnect(announced.append)


def test_a_file_error_is_said_in_chinese_with_the_file_name(qtbot, owner, warnings, bugs) -> None:  # type: ignore[no-untyped-def]
    def full_stick(progress: Progress) -> None:
        raise PermissionError(13, "Permission denied", "E:/花名册.xlsx")

    run_and_wait(qtbot, Op(owner, full_stick))
    qtbot.waitUntil(lambda: bool(warnings), timeout=WAIT)
    assert "无法读写文件“E:/花名册.xlsx”" in warnings[0][1] and not bugs


def test_a_bug_goes_to_the_global_hook_not_to_a_message_box(qtbot, owner, warnings, bugs) -> None:  # type: ignore[no-untyped-def]
    handled: list[BaseException] = []

    def broken(progress: Progress) -> None:
        raise KeyError("unit")

    run_and_wait(qtbot, Op(owner, broken).failure(handled.append))
    qtbot.waitUntil(lambda: bool(bugs), timeout=WAIT)
    assert isinstance(bugs[0], KeyError) and bugs[0].__traceback__ is not None
    assert not warnings and not handled  # the tab's own handler is for expected failures only


def test_an_own_failure_handler_replaces_the_message_box(qtbot, owner, warnings) -> None:  # type: ignore[no-untyped-def]
    handled: list[BaseException] = []

    def refuse(progress: Progress) -> None:
        raise ServiceError("口令不对")

    run_and_wait(qtbot, Op(owner, refuse).failure(handled.append))
    qtbot.waitUntil(lambda: bool(handled), timeout=WAIT)
    assert str(handled[0]) == "口令不对" and not warnings


def test_a_refused_bundle_is_expected_and_a_bad_file_can_be_declared_so(qtbot, owner, bugs) -> None:  # type: ignore[no-untyped-def]
    handled: list[BaseException] = []

    def wrong_passphrase(progress: Progress) -> None:
        raise WrongPassphrase()

    def damaged_xlsx(progress: Progress) -> None:
        raise zipfile.BadZipFile("File is not a zip file")  # what openpyxl lets through for a damaged .xlsx

    run_and_wait(qtbot, Op(owner, wrong_passphrase).failure(handled.append))
    run_and_wait(qtbot, Op(owner, damaged_xlsx).expecting(zipfile.BadZipFile).failure(handled.append))
    qtbot.waitUntil(lambda: len(handled) == 2, timeout=WAIT)
    assert isinstance(handled[0], WrongPassphrase) and isinstance(handled[1], zipfile.BadZipFile) and not bugs
    run_and_wait(qtbot, Op(owner, damaged_xlsx).failure(handled.append))  # not declared: a bug
    qtbot.waitUntil(lambda: bool(bugs), timeout=WAIT)
    assert len(handled) == 2


def test_cancel_calls_the_cancel_callback_only(qtbot, owner, warnings, bugs) -> None:  # type: ignore[no-untyped-def]
    cancelled: list[bool] = []
    succeeded: list[object] = []

    def endless(progress: Progress) -> None:
        while True:
            progress.step(0, 1)

    task = (
        Op(owner, endless)
        .with_progress("导出")
        .success(succeeded.append)
        .cancelled(lambda: cancelled.append(True))
        .run()
    )
    assert task.dialog is not None
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=WAIT)
    assert not succeeded and not warnings and not bugs


def test_latest_runs_one_reload_at_a_time_and_shows_only_the_newest(qtbot, owner) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    started: list[int] = []
    shown: list[int] = []

    def make(year: int):  # type: ignore[no-untyped-def]
        def load(progress: Progress) -> int:
            started.append(year)
            if year == 2020:
                release.wait(WAIT / 1000)
            return year

        return lambda: Op(owner, load).success(shown.append)

    latest = Latest()
    for year in (2020, 2021, 2022, 2023):  # four quick clicks on the year box while the first year computes
        latest.run(make(year))
    assert latest.busy
    release.set()
    latest.wait(WAIT)
    assert started == [2020, 2023] and shown == [2023] and not latest.busy


def test_requests_made_in_one_go_cost_one_load(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A list tab asks three times while it is built (its filters, its sort order, its unit): run_soon loads once,
    for the newest request, at the next turn of the event loop."""
    owner = QWidget()
    qtbot.addWidget(owner)
    built: list[int] = []
    shown: list[int] = []

    def make(n: int):  # type: ignore[no-untyped-def]
        def build() -> Op[int]:
            built.append(n)
            return Op(owner, lambda _progress: n).success(shown.append)

        return build

    latest = Latest(owner)
    for n in (1, 2, 3):
        latest.run_soon(make(n))
    assert latest.busy and built == []  # nothing started yet
    qtbot.waitUntil(lambda: not latest.busy, timeout=WAIT)
    assert built == [3] and shown == [3]
    latest.run_soon(make(4))
    latest.wait(WAIT)  # a test's wait starts what was asked for at once
    assert built == [3, 4] and shown == [3, 4]


def test_a_request_for_a_deleted_view_is_not_started(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    built: list[int] = []
    latest = Latest(owner)
    latest.run_soon(lambda: built.append(1) or Op(None, lambda _progress: 1))  # type: ignore[func-returns-value]
    owner.deleteLater()
    qtbot.wait(50)
    assert built == []


@pytest.fixture(autouse=True)
def _no_leftover_threads(qtbot):  # type: ignore[no-untyped-def]
    yield
    tasks.finish_all(WAIT)
