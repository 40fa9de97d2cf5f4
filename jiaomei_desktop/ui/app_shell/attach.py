"""Wiring the app shell to a main window: the 工具 menu, the close guard, drafts, the idle lock, the
single-instance server, remembered column layouts and the language setting."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from jiaomei_desktop import i18n
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import security
from jiaomei_desktop.ui.app_shell.layout_memory import remember_all_tables
from jiaomei_desktop.ui.app_shell.unsaved_edits import CloseGuard, FormWatcher
from jiaomei_desktop.ui.backups.backups_dialog import BackupsDialog
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.crash_dialog import save_diagnostics
from jiaomei_desktop.ui.security.idle_lock import IdleLock
from jiaomei_desktop.ui.security.password import SetPasswordDialog, show_recovery_code

LANGUAGE_SETTING = "ui/language"
LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))


def saved_language(settings: QSettings | None = None) -> str | None:
    value = (settings or QSettings()).value(LANGUAGE_SETTING)
    return str(value) if value else None


@dataclass
class AppShell:
    guard: CloseGuard
    forms: FormWatcher
    idle: IdleLock
    menu: QMenu

    def shutdown(self) -> None:
        self.forms.shutdown()
        self.idle.shutdown()


def attach(window: QMainWindow, ctx: AppContext, settings: QSettings | None = None) -> AppShell:
    settings = settings or QSettings()
    forms = FormWatcher(ctx, window)
    guard = CloseGuard(window, on_discard=forms.discard_all)
    idle = IdleLock(ctx.store, window)
    menu = _tools_menu(window, ctx, idle, settings)
    _help_shortcut(window)
    tabs = getattr(window, "tab_widgets", lambda: [])()
    remember_all_tables(tabs, settings)
    built = getattr(window, "tab_built", None)
    if built is not None:  # tabs are built when first shown: remember their column widths from then on
        built.connect(lambda tab: remember_all_tables([tab], settings))
    return AppShell(guard, forms, idle, menu)


def _tools_menu(window: QMainWindow, ctx: AppContext, idle: IdleLock, settings: QSettings) -> QMenu:
    menu = QMenu(_("工具(&T)"), window)
    bar = window.menuBar()
    actions = bar.actions()
    help_action = actions[-1] if actions else None  # the 帮助 menu stays last
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)

    def add(text: str, slot, shortcut: QKeySequence | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, window)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        menu.addAction(action)
        return action

    add(_("备份与恢复…"), lambda: BackupsDialog(ctx.store.data_dir, ctx.store, window).exec())
    add(_("保存诊断包…"), lambda: save_diagnostics(window, ctx.store.data_dir))
    menu.addSeparator()
    add(_("启动密码…"), lambda: _password(window, ctx, idle))
    add(_("自动锁定时间…"), lambda: _idle_minutes(window, ctx, idle))
    add(_("立即锁定"), idle.lock, QKeySequence("Ctrl+L"))
    menu.addSeparator()
    language_menu = menu.addMenu(_("界面语言"))
    group = QActionGroup(window)
    current = i18n.current_language()
    for code, label in LANGUAGES:
        action = QAction(label, window, checkable=True)
        action.setChecked(code == current)
        action.triggered.connect(lambda _checked=False, c=code: _set_language(window, settings, c))
        group.addAction(action)
        language_menu.addAction(action)
    return menu


def _help_shortcut(window: QMainWindow) -> None:
    """F1 opens 关于 (the main window's own help action)."""
    about = _("关于")
    for action in window.menuBar().actions():
        menu = action.menu()
        for item in menu.actions() if menu is not None else []:
            if item.text() == about and item.shortcut().isEmpty():
                item.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))


def _password(window: QMainWindow, ctx: AppContext, idle: IdleLock) -> None:
    dialog = SetPasswordDialog(ctx.store, window)
    if dialog.exec():
        if dialog.recovery_code:
            show_recovery_code(window, dialog.recovery_code)
        else:
            QMessageBox.information(window, _("启动密码"), _("已取消启动密码"))
        idle.reconfigure()


def _idle_minutes(window: QMainWindow, ctx: AppContext, idle: IdleLock) -> None:
    minutes, ok = QInputDialog.getInt(window, _("自动锁定时间"),
                                      _("无人操作多少分钟后锁定（需要先设置启动密码；0 表示不自动锁定）："),
                                      security.idle_minutes(ctx.store), 0, 24 * 60)
    if ok:
        security.set_idle_minutes(ctx.store, minutes)
        idle.reconfigure()


def _set_language(window: QMainWindow, settings: QSettings, code: str) -> None:
    settings.setValue(LANGUAGE_SETTING, code)
    QMessageBox.information(window, _("界面语言"), _("界面语言将在下次启动程序时生效。"))
