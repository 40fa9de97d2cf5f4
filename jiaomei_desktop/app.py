"""The GUI entry point: paths, logging, translations, the store, QApplication and the main window."""

from __future__ import annotations

import argparse
import importlib
import logging
import logging.handlers
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from lzma import LZMAError
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from jiaomei_desktop import __version__, i18n, resources
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import encryption, health, office, org, security
from jiaomei_desktop.services.diagnostics import ScrubbingFormatter
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.instance_lock import InstanceLock, StoreInUse
from jiaomei_desktop.services.storage_errors import as_storage_error, is_damage
from jiaomei_desktop.services.store import DB_FILENAME, Store, StoreError, open_store, resolve_data_dir, store_exists
from jiaomei_desktop.ui import crash_dialog, tasks
from jiaomei_desktop.ui.app_shell.attach import attach, saved_language
from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations
from jiaomei_desktop.ui.app_shell.restart import EXIT_RESTART, take_pending_restore
from jiaomei_desktop.ui.app_shell.single_instance import ActivationServer, ask_running_to_show, bring_forward
from jiaomei_desktop.ui.backups.health_dialog import CONTINUE, NEW, RESTORE, HealthDialog
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.first_run import FirstRunDialog
from jiaomei_desktop.ui.main_window import MainWindow
from jiaomei_desktop.ui.security.password import RecoveryResetDialog, StoreUnlockDialog, UnlockDialog
from jiaomei_desktop.ui.theme import apply_theme

log = logging.getLogger("jiaomei_desktop")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="jiaomei-desktop", description="焦煤党建桌面系统")
    parser.add_argument("--data-dir", type=Path, help="数据文件夹（默认为用户数据目录）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据（没有时先生成）")
    parser.add_argument("--language", default=None, help="界面语言：zh_CN 或 en（默认为上次在菜单中选择的语言）")
    parser.add_argument("--self-check", action="store_true",
                        help="自检：在临时文件夹中建库、迁移、生成PDF、收发数据包后退出（不显示窗口）")
    # For bench/package.py and bench/startup.py: print "shown" once the main window is up, then quit.
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def setup_logging(data_dir: Path) -> None:
    """A rotating log beside the store. It records events and errors, never ID numbers or phone numbers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(data_dir / "jiaomei.log", maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def demo_dir(data_dir: Path | None) -> Path:
    return data_dir if data_dir else resolve_data_dir(None).parent / "jiaomei_desktop_demo"


def create_demo_with_progress(directory: Path) -> Store:
    dialog = QProgressDialog(_("正在生成演示数据…"), "", 0, 0)
    dialog.setCancelButton(None)
    dialog.setWindowTitle(_("焦煤党建"))
    dialog.setMinimumDuration(0)
    dialog.show()

    def step(label: str) -> None:
        dialog.setLabelText(_("正在生成演示数据：") + label)
        QCoreApplication.processEvents()

    from jiaomei_desktop.services.demo import create_demo_store  # only a first run on a demo store needs it

    try:
        return create_demo_store(directory, progress=step)
    finally:
        dialog.close()


def store_dir(args: argparse.Namespace) -> Path:
    return demo_dir(args.data_dir) if args.demo else resolve_data_dir(args.data_dir)


def open_checked(directory: Path) -> Store | None:
    """Open an existing store while `PRAGMA quick_check` runs beside it (its result is awaited before the window is
    shown, see run_window). A store too damaged to open goes straight to the damaged-store dialog."""
    pending = health.start_quick_check(directory / DB_FILENAME)
    try:
        store = open_store(directory, create=False)
    except StoreError:
        problems = pending.result()
        if not problems:
            raise
        if not check_health(directory, problems):
            return None
        return open_store(directory, create=False)
    _pending_checks[store.data_dir] = pending
    return store


_NEW = "new"  # open_healthy: the user chose to start a new store (the file is simply missing)


def open_healthy(directory: Path) -> Store | str | None:
    """The start-up diagnosis, then the store: a Store, _NEW (first run), or None (the user quit)."""
    action = settle_health(health.diagnose(directory, deep=False))
    if action == NEW:
        return _NEW
    if action != CONTINUE:
        return None
    return open_checked(directory)


def settle_health(diagnosis: health.Diagnosis) -> str:
    """Tell the user what the diagnosis found and act on the answer (restoring a backup and looking again).
    Returns CONTINUE (open the store), NEW (no store: the first-run dialog) or QUIT."""
    directory = diagnosis.data_dir
    while True:
        if diagnosis.ok:
            return CONTINUE
        if diagnosis.kind in (health.Kind.MISSING, health.Kind.EMPTY) and not diagnosis.backups:
            return NEW  # nothing there and nothing to bring back: a first start
        log.warning("store diagnosis at start-up: %s", diagnosis.kind)
        dialog = HealthDialog(diagnosis)
        dialog.exec()
        if dialog.choice != RESTORE or dialog.chosen is None:
            if dialog.choice == CONTINUE:
                health.acknowledge(diagnosis)
            return dialog.choice
        try:
            health.restore_backup(directory, dialog.chosen)
        except ServiceError as exc:
            QMessageBox.critical(None, _("恢复失败"), str(exc))
            continue
        health.acknowledge(diagnosis)
        diagnosis = health.diagnose(directory, deep=False)


def open_or_create(args: argparse.Namespace) -> Store | None:
    if not unlock_at_rest(store_dir(args)):
        return None
    if args.demo:
        from jiaomei_desktop.services.demo import demo_unfinished

        directory = demo_dir(args.data_dir)
        if not store_exists(directory) or demo_unfinished(directory):  # an interrupted demo is built again
            return create_demo_with_progress(directory)
        opened = open_healthy(directory)
        return opened if isinstance(opened, Store) else None
    directory = resolve_data_dir(args.data_dir)
    opened = open_healthy(directory)
    if opened is None:
        return None
    if isinstance(opened, Store):
        if office.has_office(opened):
            return opened
        opened.close()
    return first_run(directory)


def first_run(directory: Path) -> Store | None:
    dialog = FirstRunDialog()
    while dialog.exec():
        if dialog.wants_setup_file():
            # Only a first run reads a setup file: its dialog pulls in the bundle services (~0.13 s of imports).
            from jiaomei_desktop.ui.sync.setup_dialog import setup_from_file_dialog

            store = setup_from_file_dialog(directory, dialog)
            if store is not None:
                return store
            continue  # cancelled: back to the three choices
        if dialog.wants_demo():
            from jiaomei_desktop.services.demo import demo_unfinished

            demo = demo_dir(None)
            lock_store(demo)
            if store_exists(demo) and not demo_unfinished(demo):
                return open_store(demo, create=False)
            return create_demo_with_progress(demo)
        store = open_store(directory)
        try:
            org.create_office_unit(store, *dialog.unit())
        except ServiceError as exc:
            store.close()
            errors = getattr(exc, "errors", {})
            field = next(iter(errors), "name")
            dialog.show_error(field, errors.get(field, str(exc)))
            continue
        return store
    return None


# -- field reliability: one instance per store, damaged stores, backups, password ---------------------------------
_locks: dict[Path, InstanceLock] = {}


def lock_store(directory: Path) -> InstanceLock:
    """Hold the store's lock for the life of the process; raises StoreInUse when another program has it."""
    key = directory.resolve() if directory.exists() else directory.absolute()
    if key not in _locks:
        _locks[key] = InstanceLock(directory).acquire()
    return _locks[key]


def release_locks() -> None:
    for lock in _locks.values():
        lock.release()
    _locks.clear()


_pending_checks: dict[Path, health.PendingCheck] = {}
_background: list[threading.Thread] = []
_checks_reading: list[health.PendingCheck] = []  # checks the window no longer waits for that may still read the store
_damaged_problems: list[str] = []
EXIT_DAMAGED = 1_000_002


def take_check_result(store: Store) -> list[str]:
    pending = _pending_checks.pop(store.data_dir, None)
    return pending.result() if pending is not None else []


def check_after_showing(store: Store) -> health.PendingCheck | None:
    """The check the window does not wait for (an encrypted store's, see health.PendingCheck), else None (its result
    is taken before showing)."""
    pending = _pending_checks.get(store.data_dir)
    if pending is None or pending.before_showing:
        return None
    return _pending_checks.pop(store.data_dir)


class CheckWatch:
    """Polls a check still running after the window was shown; when it finds damage, `on_damage` (leave the event
    loop for the damaged-store dialog; set only once the main loop runs: exit() from a dialog's loop before it would
    leave Qt refusing every later loop, the damaged-store dialog's too). `found` holds its problems once it ended."""

    def __init__(
        self, window: QWidget, pending: health.PendingCheck, on_damage: Callable[[], object] | None = None
    ) -> None:
        self.found: list[str] = []
        self._pending = pending
        self.on_damage = on_damage
        self._timer = QTimer(window)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        if not self._pending.done():
            return
        self.stop()
        self.found.extend(self._pending.result())
        if self.found:
            log.error("the check after start-up found damage (%d problems)", len(self.found))
            if self.on_damage is not None:
                self.on_damage()

    def wait(self) -> list[str]:
        """The result now, without the event loop (the probe)."""
        self.stop()
        self.found[:] = self._pending.result()
        return self.found

    def stop(self) -> None:
        # also when the window closes first: a poll after the loop ended would call exit() with no loop running
        # (Qt then makes every later event loop return at once)
        self._timer.stop()


def check_health(directory: Path, problems: list[str] | None = None) -> bool:
    """PRAGMA quick_check (or its result, when it ran in the background, or the error a read met). A damaged store
    gets a clear message, where the damage is, and the newest good backups to restore from. False means: don't open
    (the user declined or there was nothing to restore)."""
    diagnosis = health.diagnose_damage(directory, problems) if problems else health.diagnose(directory)
    if diagnosis.ok:
        return True
    log.error("store failed its check (%d problems)", len(diagnosis.problems))
    return settle_health(diagnosis) == CONTINUE


_recovered: set[Path] = set()


def unlock_at_rest(directory: Path) -> bool:
    """An encrypted store is unlocked (password or recovery code) before anything reads it. False: the user quit."""
    if not encryption.is_encrypted(directory) or encryption.folder_is_unlocked(directory):
        return True
    dialog = StoreUnlockDialog(directory)
    if not dialog.exec():
        return False
    if dialog.used_recovery_code:
        _recovered.add(directory)
    return True


def after_open(store: Store) -> bool:
    """The start-up password, if one is set. False: the user did not unlock. An encrypted store had its password
    asked already; after its recovery code the secretary sets a new password."""
    if store.data_dir in _recovered:
        _recovered.discard(store.data_dir)
        RecoveryResetDialog(store).exec()
        return True
    if security.has_password(store) and not encryption.folder_is_unlocked(store.data_dir):
        return bool(UnlockDialog(store).exec())
    return True


def restore_pending(store: Store) -> Store:
    """After the backups dialog asked for a restart: close, restore, reopen (the lock stays held)."""
    pending = take_pending_restore()
    directory = store.data_dir
    close_store(store)
    if pending is not None:
        try:
            health.restore_backup(directory, pending)
        except ServiceError as exc:
            QMessageBox.critical(None, _("恢复失败"), str(exc))
    return open_store(directory, create=False)


def run_window(app: QApplication, store: Store, probe: bool = False) -> int:
    ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())
    try:
        window = MainWindow(ctx, QSettings())
    except Exception as exc:
        if not is_damage(exc):
            raise  # locked, full, read-only or a bug: the global exception hook says so
        # A table the window reads at start is damaged (e.g. org_unit's root page): the restore dialog, no traceback.
        log.error("the main window could not read the store: %s", type(exc).__name__)
        _damaged_problems[:] = take_check_result(store) or [str(getattr(exc, "orig", exc))]
        return EXIT_DAMAGED
    server = ActivationServer(store.data_dir, window)
    server.activate.connect(lambda: bring_forward(window))
    shell = attach(window, ctx)
    later = check_after_showing(store)
    problems = take_check_result(store)
    if problems:
        _damaged_problems[:] = problems
        shell.shutdown()
        server.close()
        window.deleteLater()
        return EXIT_DAMAGED
    window.show()
    watch = CheckWatch(window, later) if later is not None else None
    _background.append(health.backup_in_background(store))  # the daily one, if not made yet today
    _background.append(unpack_fonts_in_background())
    code = 0
    if probe:
        app.processEvents()
        print("shown", flush=True)
        if watch is not None:
            watch.wait()  # what the probe measures ends at "shown"
    else:
        warm_imports_in_background()  # a daemon thread: quitting does not wait for it
        shell.forms.offer_drafts(window)
        if watch is not None:
            watch.on_damage = lambda: app.exit(EXIT_DAMAGED)
        if watch is None or not watch.found:  # (damage found while the drafts were offered: no loop to run)
            code = app.exec()
    if later is not None and not later.done():
        _checks_reading.append(later)  # (the window closed first) it ends before the store is closed
    if watch is not None:
        watch.stop()
        if watch.found:
            _damaged_problems[:] = watch.found
            code = EXIT_DAMAGED
    # No tab's job may hold a connection when the store is closed: its -wal would outlive the close and the next
    # start would report lost edits. The probe runs no event loop, so no aboutToQuit ends them.
    tasks.finish_all()
    shell.shutdown()
    server.close()
    window.hide()
    window.deleteLater()
    return code


def start_qt(language: str) -> QApplication:
    i18n.install(language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("jiaomei")
    app.setApplicationName("jiaomei_desktop")
    app.setApplicationVersion(__version__)
    install_qt_translations(language)
    apply_theme(app)
    return app  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_check:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from jiaomei_desktop.ui.app_shell.selfcheck import run

        return run()
    QCoreApplication.setOrganizationName("jiaomei")
    QCoreApplication.setApplicationName("jiaomei_desktop")
    app = start_qt(args.language or saved_language() or i18n.DEFAULT_LANGUAGE)
    directory = store_dir(args)
    folder = health.diagnose_folder(directory)  # read-only, full, unusable path: say so before writing the log there
    if not folder.ok:
        QMessageBox.critical(None, _("无法打开数据"), folder.message)
        return 2
    try:
        setup_logging(directory)
        crash_dialog.install(directory)  # from here on no exception is silent: logged, shown, a diagnostic package
        lock_store(directory)
        store = open_or_create(args)
    except StoreInUse as exc:
        release_locks()
        if ask_running_to_show(exc.data_dir):
            return 0
        QMessageBox.information(None, _("焦煤党建"), str(exc))
        return 3
    except (StoreError, ServiceError, OSError) as exc:
        storage = as_storage_error(exc, directory) if isinstance(exc, OSError) else None  # no raw "[Errno 28]"
        QMessageBox.critical(None, _("无法打开数据"), str(storage or exc))
        release_locks()
        return 2
    try:
        if store is None or not after_open(store):
            if store is not None:
                close_store(store)
            return 0
        log.info("store opened: %s", store.db_path)
        clock = health.clock_warning()
        if clock:
            QMessageBox.warning(None, _("电脑日期不对"), clock)
        while True:
            code = run_window(app, store, args.startup_probe)
            if code == EXIT_RESTART:
                store = restore_pending(store)
            elif code == EXIT_DAMAGED:
                close_store(store)
                if not check_health(store.data_dir, list(_damaged_problems)):
                    return 2
                store = open_store(store.data_dir, create=False)
            else:
                break
        close_store(store)
        return code
    finally:
        finish_background()
        release_locks()


# What the other tabs import (openpyxl, ReportLab and the services over them): 0.15–0.6 s each that a tab's first
# showing would otherwise spend on the GUI thread. Qt-free by the layer rules, so safe to import on a thread.
WARM_MODULES = (
    "jiaomei_desktop.services.study",
    "jiaomei_desktop.services.honors",
    "jiaomei_desktop.services.mentor",
    "jiaomei_desktop.services.bundles",
    "jiaomei_desktop.services.zones",
    "jiaomei_desktop.services.statistics.export",
    "jiaomei_desktop.services.statistics.report",
    # 工作台账 and 亮明身份: their registers' services (the tabs themselves hold Qt, so they are imported when shown)
    "jiaomei_desktop.services.deeds",
    "jiaomei_desktop.services.brands",
    "jiaomei_desktop.services.innovation",
    "jiaomei_desktop.services.studios",
    "jiaomei_desktop.services.supervision",
    "jiaomei_desktop.services.inspections",
    "jiaomei_desktop.services.contests",
    "jiaomei_desktop.services.standards",
    "jiaomei_desktop.services.posts",
)


def warm_imports_in_background() -> threading.Thread:
    """Import the other tabs' services on a thread once the window is up."""

    def warm() -> None:
        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:  # the tab reports it when it is opened
                log.warning("could not import %s ahead of time", name, exc_info=True)

    thread = threading.Thread(target=warm, name="warm-imports", daemon=True)
    thread.start()
    return thread


def unpack_fonts_in_background() -> threading.Thread:
    """The first document printed after installing would otherwise wait ~1 s for the bundled fonts to unpack."""

    def unpack() -> None:
        for name in resources.PACKED_FONTS:
            try:
                resources.font_file(name)
            except (OSError, EOFError, LZMAError):  # printing reports it clearly if it happens again then
                log.warning("bundled font %s could not be unpacked", name, exc_info=True)

    thread = threading.Thread(target=unpack, name="unpack-fonts", daemon=True)
    thread.start()
    return thread


def close_store(store: Store) -> None:
    """Close the store once nothing reads it in the background any more (the daily backup, the start-up check).

    Such a reader has its own connection, which keeps the -wal past Store.close, so the store's open marker stays;
    closing last, that connection then removes the -wal, and the next start found the marker without its -wal and
    warned that changes since the last save may be lost although nothing was (issue 15: that warning, a modal
    dialog, also hung offscreen test runs when the window closed before the backup had ended)."""
    pending = _pending_checks.pop(store.data_dir, None)  # (not yet taken: the user declined the password)
    if pending is not None:
        _checks_reading.append(pending)
    finish_background()
    store.close()


def finish_background(timeout_s: float = 120) -> None:
    """Let a backup that is still being written, and a check still reading, finish (the lock is still held)."""
    deadline = time.monotonic() + timeout_s
    while _background:
        _background.pop().join(max(0.0, deadline - time.monotonic()))
    while _checks_reading:
        _checks_reading.pop().wait(max(0.0, deadline - time.monotonic()))
