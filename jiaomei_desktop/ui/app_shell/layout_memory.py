"""Column layouts remembered between sessions: every table's header state is kept in QSettings.

`remember_header(view, key)` is for a tab that wants it explicitly; `remember_all_tables(window)` applies it to every
table view in the main window's tabs, keyed by tab class and position, so tabs need not do anything.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView, QWidget

SAVE_DELAY_MS = 400


def remember_header(view: QTableView | QTreeView, key: str, settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    setting = f"layout/{key}/header"
    state = settings.value(setting)
    if state is not None:
        header.restoreState(state)
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(SAVE_DELAY_MS)
    timer.timeout.connect(lambda: settings.setValue(setting, header.saveState()))
    header.sectionResized.connect(lambda *_args: timer.start())
    header.sectionMoved.connect(lambda *_args: timer.start())
    header.sortIndicatorChanged.connect(lambda *_args: timer.start())
    view.setProperty("layoutRemembered", True)


def remember_all_tables(tabs: list[QWidget], settings: QSettings | None = None) -> int:
    count = 0
    for tab in tabs:
        views = [v for v in tab.findChildren(QAbstractItemView) if isinstance(v, QTableView | QTreeView)]
        for n, view in enumerate(views):
            if view.property("layoutRemembered"):
                continue
            name = view.objectName() or str(n)
            remember_header(view, f"{type(tab).__name__}/{name}", settings)
            count += 1
    return count
