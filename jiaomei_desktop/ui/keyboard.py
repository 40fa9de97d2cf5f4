"""Working without the mouse: Enter on a list row opens it, Ctrl+Tab moves between the tabs from anywhere (a table
keeps Ctrl+Tab for itself otherwise), and the tab shortcuts are in a menu where people can see them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTabWidget, QWidget

from jiaomei_desktop.i18n import N_, _

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterOpens(QObject):
    """Return or Enter on a read-only list does what a double-click does (opens or edits the row)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and isinstance(watched, QAbstractItemView):
            index = watched.currentIndex()
            if event.key() in OPEN_KEYS and not event.modifiers() and index.isValid():
                watched.doubleClicked.emit(index)
                return True
        return False


def enter_opens_rows(container: QWidget, opener: EnterOpens) -> int:
    """Install `opener` on the read-only item views inside `container` (editable ones keep Enter for editing)."""
    count = 0
    for view in container.findChildren(QAbstractItemView):
        if view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers and not view.property("enterOpens"):
            view.installEventFilter(opener)
            view.setProperty("enterOpens", True)
            count += 1
    return count


# The tab shortcuts: (key, the tab's method, the menu text). A tab without the method ignores the key.
TAB_ACTIONS = (
    (QKeySequence.StandardKey.New, "new_record", N_("新建")),
    (QKeySequence.StandardKey.Find, "focus_search", N_("查找")),
    (QKeySequence.StandardKey.Print, "print_current", N_("打印…")),
    (QKeySequence.StandardKey.Save, "save_current", N_("导出…")),
)


def tab_switching(menu: QMenu, tabs: QTabWidget) -> list[QAction]:
    """Next / previous tab on Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PgDown / Ctrl+PgUp), wherever the focus is."""
    actions = []
    for text, keys, step in (
        (_("下一个标签页"), (QKeySequence("Ctrl+Tab"), QKeySequence("Ctrl+PgDown")), 1),
        (_("上一个标签页"), (QKeySequence("Ctrl+Shift+Tab"), QKeySequence("Ctrl+PgUp")), -1),
    ):
        action = QAction(text, menu)
        action.setShortcuts(list(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, s=step: tabs.setCurrentIndex((tabs.currentIndex() + s)
                                                                                     % tabs.count()))
        menu.addAction(action)
        actions.append(action)
    return actions
