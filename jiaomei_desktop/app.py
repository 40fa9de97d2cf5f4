"""The GUI entry point: paths, logging, translations, the store, QApplication and the main window."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from jiaomei_desktop import __version__, i18n
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import office, org
from jiaomei_desktop.services.demo import create_demo_store
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store, StoreError, open_store, resolve_data_dir, store_exists
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.first_run import FirstRunDialog
from jiaomei_desktop.ui.main_window import MainWindow
from jiaomei_desktop.ui.theme import apply_theme

log = logging.getLogger("jiaomei_desktop")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="jiaomei-desktop", description="焦煤党建桌面系统")
    parser.add_argument("--data-dir", type=Path, help="数据文件夹（默认为用户数据目录）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据（没有时先生成）")
    parser.add_argument("--language", default=i18n.DEFAULT_LANGUAGE, help="界面语言：zh_CN 或 en")
    return parser.parse_args(list(argv))


def setup_logging(data_dir: Path) -> None:
    """A rotating log beside the store. It records events and errors, never ID numbers or phone numbers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(data_dir / "jiaomei.log", maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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

    try:
        return create_demo_store(directory, progress=step)
    finally:
        dialog.close()


def open_or_create(args: argparse.Namespace) -> Store | None:
    if args.demo:
        directory = demo_dir(args.data_dir)
        if not store_exists(directory):
            return create_demo_with_progress(directory)
        return open_store(directory, create=False)
    directory = resolve_data_dir(args.data_dir)
    if store_exists(directory):
        store = open_store(directory, create=False)
        if office.has_office(store):
            return store
        store.close()
    return first_run(directory)


def first_run(directory: Path) -> Store | None:
    dialog = FirstRunDialog()
    while dialog.exec():
        if dialog.wants_demo():
            demo = demo_dir(None)
            return open_store(demo, create=False) if store_exists(demo) else create_demo_with_progress(demo)
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


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    i18n.install(args.language)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("jiaomei")
    app.setApplicationName("jiaomei_desktop")
    app.setApplicationVersion(__version__)
    apply_theme(app)
    try:
        setup_logging(demo_dir(args.data_dir) if args.demo else resolve_data_dir(args.data_dir))
        store = open_or_create(args)
    except (StoreError, ServiceError, OSError) as exc:
        QMessageBox.critical(None, _("无法打开数据"), str(exc))
        return 2
    if store is None:
        return 0
    log.info("store opened: %s", store.db_path)
    ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())
    window = MainWindow(ctx, QSettings())
    window.show()
    code = app.exec()
    store.close()
    return code
