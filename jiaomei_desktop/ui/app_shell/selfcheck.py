"""`jiaomei-desktop --self-check`: prove that a build carries everything it needs, without showing a window.

Opens a temporary store (so every migration runs), loads every tab into a main window that is never shown, renders
one PDF through reports, loads every translation catalog and Qt's Chinese translation, and sends one bundle from a
provisioned child office up to its parent. A missing data file, module or migration fails with the reason.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

CHECK_PASSPHRASE = "self-check passphrase 2026"


def _store_and_migrations(root: Path) -> str:
    from jiaomei_desktop.db.migrate import current_revision, head_revision
    from jiaomei_desktop.domain.enums import UnitKind
    from jiaomei_desktop.services import health, org
    from jiaomei_desktop.services.store import open_store

    store = open_store(root / "store")
    try:
        org.create_office_unit(store, "SC", "自检党委", UnitKind.COMMITTEE)
        revision = current_revision(store.db_path)
        if revision != head_revision():
            raise RuntimeError(f"migrated to {revision}, expected {head_revision()}")
        if health.quick_check(store.db_path):
            raise RuntimeError("quick_check failed on a new store")
        health.backup_now(store, "self-check")
    finally:
        store.close()
    return f"revision {revision}"


def _encryption(root: Path) -> str:
    """SQLCipher is in the build: a password encrypts the store of the first check, the engine reads it back keyed,
    sqlite3 cannot, and removing the password makes it plain again."""
    import sqlite3

    from jiaomei_desktop.db.sqlite_connect import lock_folder
    from jiaomei_desktop.services import encryption, org
    from jiaomei_desktop.services.store import open_store

    directory = root / "store"
    encryption.encrypt_store(directory, CHECK_PASSPHRASE, "SELF-CHEC-KCOD-E234")
    try:
        try:
            with sqlite3.connect(directory / "jiaomei.sqlite3") as plain:
                plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
            raise RuntimeError("the encrypted store was readable without its key")
        except sqlite3.DatabaseError:
            pass
        store = open_store(directory, create=False)
        try:
            units = len(org.list_units(store))
        finally:
            store.close()
        encryption.decrypt_store(directory, CHECK_PASSPHRASE)
    finally:
        lock_folder(directory)
    return f"{units} units read through SQLCipher"


def _data_files(_root: Path) -> str:
    """Packages that read data files at run time: pinyin dictionaries, ID-number region tables, Babel's locales."""
    from babel.dates import format_date

    from jiaomei_desktop.domain import idnumber, pinyin

    if pinyin.initials("王建国") != "wjg":
        raise RuntimeError("pinyin initials are wrong (the pypinyin dictionaries are missing?)")
    number = "41080219850612001"
    info = idnumber.parse(number + idnumber.check_digit(number))
    if info.birth_date != date(1985, 6, 12):
        raise RuntimeError("ID number parsing is broken")
    text = format_date(date(2026, 11, 23), "long", locale="zh_CN")
    if text != "2026年11月23日":
        raise RuntimeError(f"Babel formats the date as {text!r}")
    return f"wjg, {text}"


def _pdf(_root: Path) -> str:
    from jiaomei_desktop.reports.certificates import CertificateData, render_certificates

    pdf = render_certificates([CertificateData("荣誉证书", "王建国", False, "在2026年度安全生产工作中成绩突出，被评为",
                                               "优秀共产党员", "焦煤集团党委", date(2026, 11, 23))])
    if not pdf.startswith(b"%PDF") or b"FontFile2" not in pdf:
        raise RuntimeError("the certificate PDF has no embedded TrueType font")
    return f"{len(pdf)} bytes"


def _catalogs(_root: Path) -> str:
    from importlib import resources

    from jiaomei_desktop import i18n

    found = []
    for language in ("zh_CN", "en"):
        mo = resources.files("jiaomei_desktop") / "resources" / "locale" / language / "LC_MESSAGES" / "jiaomei.mo"
        if not mo.is_file():
            raise RuntimeError(f"missing catalog {language}")
        found.append(language)
    previous = i18n.current_language()
    i18n.install("en")
    english = i18n._("关于")
    i18n.install(previous)
    if english == "关于":
        raise RuntimeError("the English catalog does not translate")
    from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations

    loaded = install_qt_translations("zh_CN")
    install_qt_translations("en")  # removes them again: the check must leave the application as it found it
    if not loaded:
        raise RuntimeError("Qt's Chinese translation (qtbase_zh_CN.qm) is missing")
    return ", ".join(found)


def _bundle(root: Path) -> str:
    try:
        from jiaomei_desktop.services import bundles
    except ImportError:
        return "skipped: services.bundles is not in this build"
    from jiaomei_desktop.domain.enums import PoliticalStatus, UnitKind
    from jiaomei_desktop.domain.person import PersonData
    from jiaomei_desktop.services import org, roster
    from jiaomei_desktop.services.store import open_store

    parent = open_store(root / "parent")
    try:
        top = org.create_office_unit(parent, "SC", "自检党委", UnitKind.COMMITTEE)
        branch = org.add_unit(parent, top.id, "SC-01", "自检支部", UnitKind.BRANCH)
        setup = bundles.provision_child(parent, branch.id, root / "setup.jms", CHECK_PASSPHRASE)
        child, _summary = bundles.setup_from_file(root / "child", setup.path, CHECK_PASSPHRASE)
        try:
            roster.save_person(child, PersonData(name="王建国", branch_id=branch.id,
                                                 political_status=PoliticalStatus.MASSES))
            exported = bundles.export_bundle(child, root / "up.jmb", direction="up")
        finally:
            child.close()
        summary = bundles.import_bundle(parent, exported.path)
        found = roster.find_ids(parent, roster.RosterQuery(text="王建国"))
    finally:
        parent.close()
    if len(found) != 1:
        raise RuntimeError(f"the person sent up did not arrive: {summary.totals()}")
    return f"{exported.size_bytes} bytes, {summary.totals()}"


def _window(root: Path) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from jiaomei_desktop.services.store import open_store
    from jiaomei_desktop.ui import tasks
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.main_window import MainWindow
    from jiaomei_desktop.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["jiaomei-desktop"])
    apply_theme(app)  # type: ignore[arg-type]
    store = open_store(root / "store", create=False)
    try:
        ctx = AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())
        window = MainWindow(ctx, QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat))
        # every tab is built, as a click on it would: a module the frozen build left out fails here, not in the field
        tabs = len([window.tab(i) for i in range(window.tabs.count())])
        window.deleteLater()
        app.processEvents()  # type: ignore[union-attr]
    finally:
        tasks.finish_all()  # the tabs' first loads end before their store is closed and its folder removed
        store.close()
    return f"{tabs} tabs"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("store + migrations", _store_and_migrations),
    ("encryption", _encryption),
    ("data files", _data_files),
    ("pdf", _pdf),
    ("catalogs", _catalogs),
    ("bundle round trip", _bundle),
    ("main window", _window),
]


def run(out: Callable[[str], None] = print) -> int:
    """0 when every check passes; 1 (with the reason printed) at the first failure."""
    # ignore_cleanup_errors: on Windows a file Qt or SQLite still holds for a moment must not fail a passed check
    with tempfile.TemporaryDirectory(prefix="jiaomei-selfcheck-", ignore_cleanup_errors=True) as temp:
        root = Path(temp)
        for name, check in CHECKS:
            started = time.perf_counter()
            try:
                detail = check(root)
            except Exception as exc:
                out(f"FAIL {name}: {type(exc).__name__}: {exc}")
                return 1
            out(f"ok   {name} ({detail}) {1000 * (time.perf_counter() - started):.0f} ms")
    out("self-check passed")
    return 0
