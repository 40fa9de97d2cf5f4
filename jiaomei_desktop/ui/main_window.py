"""The main window: organisation tree on the left, the feature tabs on the right, unit and store in the status bar."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from jiaomei_desktop import __version__
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.org.tree import OrgTreePanel
from jiaomei_desktop.ui.tabs import TAB_CLASSES

log = logging.getLogger(__name__)

# Ctrl+N / Ctrl+F / Ctrl+P / Ctrl+S go to the current tab's method of this name, when it has one.
TAB_SHORTCUTS = (
    (QKeySequence.StandardKey.New, "new_record"),
    (QKeySequence.StandardKey.Find, "focus_search"),
    (QKeySequence.StandardKey.Print, "print_current"),
    (QKeySequence.StandardKey.Save, "save_current"),
)


def load_tab_class(spec: str) -> type[QWidget]:
    module_name, class_name = spec.split(":")
    return getattr(importlib.import_module(module_name), class_name)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._settings = settings or QSettings()
        self.setWindowTitle(_("焦煤党建") + f" {__version__}")
        self.tree = OrgTreePanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for spec in TAB_CLASSES:
            tab_class = load_tab_class(spec)
            tab = tab_class(ctx, self.tabs)
            self.tabs.addTab(tab, tab_class.title())
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 1000])
        self._splitter = splitter
        self.setCentralWidget(splitter)
        self._unit_label = QLabel(self)
        self._store_label = QLabel(self)
        self._store_label.setProperty("role", "muted")
        self.statusBar().addWidget(self._unit_label, 1)
        self.statusBar().addPermanentWidget(self._store_label)
        self._build_menus()
        ctx.selection.changed.connect(self._on_unit)
        self._on_unit(ctx.selection.unit_id)
        self._restore_geometry()

    def tab_widgets(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        quit_action = QAction(_("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        unit_menu = self.menuBar().addMenu(_("单位(&U)"))
        unit_menu.aboutToShow.connect(lambda: self._fill_unit_menu(unit_menu))
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        about = QAction(_("关于"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        for key, method in TAB_SHORTCUTS:
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, m=method: self._dispatch(m))
            self.addAction(action)

    def _fill_unit_menu(self, menu) -> None:  # type: ignore[no-untyped-def]
        menu.clear()
        for action in self.tree.unit_actions():
            menu.addAction(action)
        menu.addSeparator()
        import_action = QAction(_("从Excel导入单位表…"), menu)
        import_action.triggered.connect(self._import_units)
        menu.addAction(import_action)

    def _import_units(self) -> None:
        from jiaomei_desktop.ui.org.import_units import import_units_interactively

        if import_units_interactively(self, self._ctx):
            self._ctx.data_changed.changed.emit("org")

    def _dispatch(self, method: str) -> None:
        handler = getattr(self.tabs.currentWidget(), method, None)
        if callable(handler):
            handler()

    def _on_unit(self, unit_id: str | None) -> None:
        name = _("全部单位")
        if unit_id:
            try:
                name = org.get_unit(self._ctx.store, unit_id).name
            except ServiceError:
                log.info("selected unit disappeared")
        self._unit_label.setText(_("当前单位：") + name)
        self._store_label.setText(_("数据文件：") + str(self._ctx.store.db_path))
        for tab in self.tab_widgets():
            tab.set_unit(unit_id)  # type: ignore[attr-defined]

    def _about(self) -> None:
        from jiaomei_desktop.ui.reliability.about import AboutDialog

        AboutDialog(self._ctx, self).exec()

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        state = self._settings.value("main/splitter")
        if state is not None:
            self._splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("main/geometry", self.saveGeometry())
        self._settings.setValue("main/splitter", self._splitter.saveState())
        super().closeEvent(event)
