"""Shared fixtures. GUI tests run offscreen; core tests never import Qt."""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JIAOMEI_FONTS", "bundled")  # identical document output on every machine


from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org
from jiaomei_desktop.services.store import Store, open_store

# Every commit, backup and conversion fsyncs (SQLite, backups, encryption, bundles), and on a shared or slow disk the
# suite spent most of its time waiting for them: the three encryption test files took 172 s on disk against 31 s in
# memory (issue 15). Where Linux offers a memory-backed /dev/shm with room to spare, the tests' temporary folders
# (tmp_path, the session templates, subprocesses' tempfile) live there; fsync is then a no-op, and what a test checks
# is unchanged (no test depends on data reaching the platter). A TMPDIR the user set is kept. Folders of passed tests
# are removed as they pass (pyproject: tmp_path_retention_policy), so the run holds little memory.
MEMORY_TMP = Path("/dev/shm")
MEMORY_TMP_MIN_FREE = 2 << 30  # a container's 64 MB /dev/shm is not used


def _memory_tmp() -> None:
    if "TMPDIR" in os.environ or not sys.platform.startswith("linux") or not MEMORY_TMP.is_dir():
        return
    try:
        room = os.statvfs(MEMORY_TMP)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= MEMORY_TMP_MIN_FREE and os.access(MEMORY_TMP, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(MEMORY_TMP)  # xdist workers and tests' subprocesses inherit it
        tempfile.tempdir = None  # gettempdir() looks again


_memory_tmp()

# scrypt makes every password, recovery code and passphrase cost ~0.1 s on purpose (guessing must be slow); the suite
# derives keys ~270 times, 20 s of its CPU. The tests lower the cost here, their one hook: the product's constants
# stay, and nothing outside the test process sees this. What the tests check (the right secret opens, a wrong one does
# not, the parameters are stored with a password hash and a key wrap and honoured when read back) holds at any cost.
# Data crossing into a subprocess still works: the hash and the key file carry their n; no test hands a passphrase
# file to a subprocess (a passphrase file does not carry its n).
TEST_SCRYPT_N = 2**10


def _cheap_key_derivation() -> None:
    from jiaomei_desktop.services import encryption, security
    from jiaomei_desktop.sync import passphrase

    passphrase.SCRYPT_N = TEST_SCRYPT_N  # read when deriving
    for module, derive in ((security, security._hash), (encryption, encryption._kek)):
        module._N = TEST_SCRYPT_N  # written into the stored hash or wrap
        derive.__defaults__ = (TEST_SCRYPT_N, module._R, module._P)  # (n, r, p) used when making one


_cheap_key_derivation()

DEMO_MEMBERS = 400

T = TypeVar("T")


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]) -> tuple[Path, T]:
    """A session template built once per test run however many xdist workers there are, each worker getting its own
    copy (`build(folder)` creates `folder` and returns a picklable value, e.g. the ids it made).

    The first worker to need it builds it under a file lock in the run's shared temporary folder, the others wait
    for it and copy it (milliseconds, against seconds of migrations, demo generation or provisioning per worker).
    The built folder itself is never opened by a test, so no worker sees another's journal or open marker. Without
    xdist, or without fcntl (Windows), it is simply built here as before.
    """
    own = tmp_path_factory.mktemp(name) / name
    try:
        import fcntl
    except ImportError:  # Windows
        return own, build(own)
    base = tmp_path_factory.getbasetemp()
    # (a pytest started by a test inherits PYTEST_XDIST_WORKER but runs in one process: its base is no popen-gwN,
    # and the folder above it is shared by every run — a template left there would outlive its schema)
    if os.environ.get("PYTEST_XDIST_WORKER") is None or not base.name.startswith("popen-"):
        return own, build(own)
    shared = base.parent / "built-once" / name  # the run's folder, above popen-gwN
    shared.parent.mkdir(parents=True, exist_ok=True)
    with _locked(shared.with_name(name + ".lock"), fcntl):
        done = shared.with_name(name + ".value")
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)
            value = build(shared)
            done.write_bytes(pickle.dumps(value))
    value = pickle.loads(done.read_bytes())
    if shared.is_dir():
        shutil.copytree(shared, own)
    else:
        shutil.copyfile(shared, own)
    return own, value


@contextlib.contextmanager
def _locked(path: Path, fcntl: Any) -> Iterator[None]:
    with path.open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# Set by .ci/run to the moment it starts pytest (seconds since the epoch): the run then reports its wall time and the
# tests' own time summed over the workers, just above pytest's summary line (issue 15: the suite ≤ 120 s on 2 cores).
SUITE_START = "JIAOMEI_SUITE_START"
_own_time = {"setup": 0.0, "call": 0.0, "teardown": 0.0}
_file_time: dict[str, tuple[float, int]] = {}  # per test file: seconds, tests (for --record-durations)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record-durations",
        action="store_true",
        help="write each test file's time in this run to tests/durations.json (the order xdist starts files in)",
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when in _own_time:  # on the xdist controller, every worker's reports arrive here
        _own_time[report.when] += report.duration
        name = report.nodeid.split("::", 1)[0]
        seconds, tests = _file_time.get(name, (0.0, 0))
        _file_time[name] = (seconds + report.duration, tests + (report.when == "setup"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Test files start longest first, and a crashed worker's rest is run without waiting forever (tests/schedule.py);
    another --dist mode keeps xdist's own scheduler."""
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.schedule import LongestFirstScheduling

    return LongestFirstScheduling(config, log)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if session.config.getoption("record_durations") and not hasattr(session.config, "workerinput") and _file_time:
        from tests.schedule import Record

        record = Record.load()  # a run of some files updates theirs and keeps the others'
        record.files.update(_file_time)
        record.save()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    start = os.environ.get(SUITE_START)
    if not start or hasattr(config, "workerinput"):
        return
    wall = time.time() - float(start)
    parts = " + ".join(f"{when} {seconds:.1f} s" for when, seconds in _own_time.items())
    terminalreporter.write_line(
        f"test suite wall time {wall:.1f} s (target ≤ 120 s); tests' own time {sum(_own_time.values()):.1f} s = {parts}"
    )


# Tests that exercise store creation itself (migrations run for real, faults injected while creating) keep the
# slow path for every store they create; every other new store is a copy of one migrated once per session.
REAL_CREATION = (
    "tests/core/test_store.py",
    "tests/reliability/test_disk_faults.py",
    "tests/reliability/test_leftovers.py",
    "tests/reliability/test_startup_health.py",
)
# Where the `store` fixture itself is made for real. In the other REAL_CREATION files it is only the starting point
# for faults injected later (a full disk, a lost -wal, a damaged page), so it is a copy; the stores those tests create
# themselves still run every migration.
REAL_STORE_FIXTURE = ("tests/core/test_store.py",)


@pytest.fixture(scope="session")
def _migrated_empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jiaomei_desktop.db import migrate

    def build(template: Path) -> None:
        template.parent.mkdir(parents=True, exist_ok=True)
        migrate.upgrade_to_head(template)

    return built_once(tmp_path_factory, "empty-store.sqlite3", build)[0]


@pytest.fixture(autouse=True)
def _new_stores_from_template(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _migrated_empty_store: Path
) -> None:
    """Running every migration costs ~0.5 s a store; a byte copy of the same result costs ~1 ms."""
    from jiaomei_desktop.db import migrate

    if any(part in request.path.as_posix() for part in REAL_CREATION):
        return
    real = migrate.upgrade_to_head

    def from_template(db_path: Path) -> Path | None:
        if db_path.exists():
            return real(db_path)
        shutil.copyfile(_migrated_empty_store, db_path)
        return None

    monkeypatch.setattr(migrate, "upgrade_to_head", from_template)


@pytest.fixture(autouse=True)
def _qt_leftovers_end_with_their_test(tmp_path: Path) -> Iterator[None]:
    """Torn down after the test's own fixtures (its store is closed) and before its folder is removed (it holds
    tmp_path): the jobs the test left on worker threads end and deliver their results, and the windows and dialogs
    it left are deleted, while the store's file is still there. Otherwise a late load, a form's pending validation or
    a dialog's pending check read the removed folder during a later test, whose Qt event loop then reported "unable
    to open database file" (a passed test's folder is removed when it ends: pyproject tmp_path_retention_policy)."""
    yield
    import threading

    for thread in threading.enumerate():  # an import's backup is compressed behind it, in the test's folder
        if thread.name in ("compress-backup", "backup") and thread is not threading.current_thread():
            thread.join(60)
    widgets = sys.modules.get("PySide6.QtWidgets")  # (core tests never load Qt)
    if widgets is None or widgets.QApplication.instance() is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    from jiaomei_desktop.ui import tasks

    tasks.finish_all()
    QCoreApplication.processEvents()
    for window in widgets.QApplication.topLevelWidgets():
        if isinstance(window, widgets.QDialog | widgets.QMainWindow):  # (not Qt's own popups and tooltips)
            window.hide()
            window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    tasks.finish_all()


def _test_office(s: Store) -> None:
    root = org.create_office_unit(s, "T", "测试矿党委", UnitKind.COMMITTEE)
    org.add_unit(s, root.id, "T-01", "综采一队党支部", UnitKind.BRANCH)
    org.add_unit(s, root.id, "T-02", "掘进二队党支部", UnitKind.BRANCH)


@pytest.fixture(scope="session")
def _office_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(directory: Path) -> None:
        s = open_store(directory)
        _test_office(s)
        s.close()

    return built_once(tmp_path_factory, "office-store", build)[0]


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store whose office is a 基层党委 with two branches (codes T, T-01, T-02): a copy of one made once per
    run (opening a new store and creating the office costs ~0.1 s a test, a copy ~10 ms), made anew where the test
    is about store creation (REAL_STORE_FIXTURE)."""
    target = tmp_path / "data"
    if any(part in request.path.as_posix() for part in REAL_STORE_FIXTURE):
        s = open_store(target)
        _test_office(s)
    else:
        shutil.copytree(request.getfixturevalue("_office_store_template"), target)
        s = open_store(target, create=False)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jiaomei_desktop.services.demo import create_demo_store

    def build(directory: Path) -> None:
        create_demo_store(directory, members=DEMO_MEMBERS).close()

    return built_once(tmp_path_factory, "demo-template", build)[0]


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Store:
    """A small demo store (seed structure, 400 members), copied fresh for each test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    s = open_store(target, create=False)
    yield s
    s.close()


def unit_id(s: Store, code: str) -> str:
    unit = org.find_unit_by_code(s, code)
    assert unit is not None, code
    return unit.id
