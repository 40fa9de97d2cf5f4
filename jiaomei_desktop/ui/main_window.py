"""The main window: organisation tree on the left, the feature tabs on the right, unit and store in the status bar."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from jiaomei_desktop import __version__
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.ui.context import AppContext, DataChanged
from jiaomei_desktop.ui.geometry import fit_to_screen, keep_on_screen
from jiaomei_desktop.ui.keyboard import TAB_ACTIONS, EnterOpens, enter_opens_rows, tab_switching
from jiaomei_desktop.ui.org.tree import OrgTreePanel
from jiaomei_desktop.ui.tabs import TABS, TabSpec
from jiaomei_desktop.ui.tasks import change_notices

log = logging.getLogger(__name__)

TREE_MIN_WIDTH = 200  # room for "综采一队党支部（32）" with two levels of indent
TREE_WIDTH = 280
FIRST_SIZE = (1360, 820)  # a window's first size where the screen has room; less on a smaller screen

# Ctrl+N / Ctrl+F / Ctrl+P / Ctrl+S go to the current tab's method of this name, when it has one.
TAB_SHORTCUTS = tuple((key, method) for key, method, _text in TAB_ACTIONS)


def load_tab_class(spec: str) -> type[QWidget]:
    module_name, class_name = spec.split(":")
    return getattr(importlib.import_module(module_name), class_name)


class TabNotices(DataChanged):
    """A tab's view of the change notices. What the tab announces reaches everyone at once; what others announce
    reaches the tab at once while it is on screen, or when it is next shown (`deliver`) — after an import or an edit
    only the tab in view reloads, not every tab built so far (0.6–0.8 s at group scale)."""

    def __init__(self, shared: DataChanged, on_screen: Callable[[], bool], parent: QObject) -> None:
        # A child of its tab slot: deleted with it, which ends its connection to the shared notices. Without a
        # parent it outlived a closed window and called the deleted slot back on the next notice.
        super().__init__(parent)
        self._shared = shared
        self._on_screen = on_screen
        self._pending: list[str] = []
        self._incoming = self._outgoing = False
        shared.changed.connect(self._from_shared)
        self.changed.connect(self._to_shared)

    def deliver(self) -> None:
        pending, self._pending = self._pending, []
        for area in pending:
            self._emit_incoming(area)

    def _from_shared(self, area: str) -> None:
        if self._outgoing:  # the tab's own notice coming back: its handlers had it already
            return
        if self._on_screen():
            self._emit_incoming(area)
        elif area not in self._pending:
            self._pending.append(area)

    def _emit_incoming(self, area: str) -> None:
        self._incoming = True
        try:
            self.changed.emit(area)
        finally:
            self._incoming = False

    def _to_shared(self, area: str) -> None:
        if self._incoming:
            return
        self._outgoing = True
        try:
            self._shared.changed.emit(area)
        finally:
            self._outgoing = False


class TabSlot(QWidget):
    """Holds a tab's place in the tab bar; the tab itself (its module, its queries) is built when first needed."""

    def __init__(self, spec: TabSpec, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.content: QWidget | None = None
        self._ctx = ctx
        self._unit_id: str | None = None
        self._shown_unit: str | None = None  # the unit the built tab was last given
        self._notices: TabNotices | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.content is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the heavier tabs take a moment the first time
            try:
                self._notices = TabNotices(self._ctx.data_changed, self._on_screen, self)
                ctx = replace(self._ctx, data_changed=self._notices)
                self.content = load_tab_class(self.spec.path)(ctx, self)
                self.layout().addWidget(self.content)
                self.content.set_unit(self._unit_id)  # type: ignore[attr-defined]
                self._shown_unit = self._unit_id
            finally:
                QApplication.restoreOverrideCursor()
        return self.content

    def set_unit(self, unit_id: str | None, now: bool = True) -> None:
        """`now=False` for a tab not on screen: it takes the unit when it is shown (`catch_up`), so a tree click
        reloads one tab, not every tab built so far (seconds at group scale)."""
        self._unit_id = unit_id
        if now:
            self.catch_up()

    def catch_up(self) -> None:
        """On showing: the unit chosen meanwhile, then what changed meanwhile."""
        if self.content is not None and self._shown_unit != self._unit_id:
            self.content.set_unit(self._unit_id)  # type: ignore[attr-defined]
            self._shown_unit = self._unit_id
        if self._notices is not None:
            self._notices.deliver()

    def _on_screen(self) -> bool:
        tabs = self.parentWidget()
        tabs = tabs.parentWidget() if tabs is not None else None  # the QStackedWidget inside the QTabWidget
        return not isinstance(tabs, QTabWidget) or tabs.currentWidget() is self


class MainWindow(QMainWindow):
    tab_built = Signal(QWidget)  # a tab was built on its first showing, or a part of it later (layout memory hooks in)

    def __init__(self, ctx: AppContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._settings = settings or QSettings()
        self._enter_opens = EnterOpens(self)
        self.setWindowTitle(_("焦煤党建") + f" {__version__}")
        self.tree = OrgTreePanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._slots = [TabSlot(spec, ctx, self.tabs) for spec in TABS]
        for slot in self._slots:
            self.tabs.addTab(slot, _(slot.spec.title))
        self.tabs.currentChanged.connect(self.tab)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.tree.setMinimumWidth(TREE_MIN_WIDTH)
        splitter.setSizes([TREE_WIDTH, 1000])
        self._splitter = splitter
        self.setCentralWidget(splitter)
        self._unit_label = QLabel(self)
        self._store_label = QLabel(self)
        self._store_label.setProperty("role", "muted")
        self.statusBar().addWidget(self._unit_label, 1)
        self.statusBar().addPermanentWidget(self._store_label)
        self._build_menus()
        ctx.selection.changed.connect(self._on_unit)
        change_notices().changed.connect(ctx.data_changed.changed)  # what a background op wrote: every tab refreshes
        self._on_unit(ctx.selection.unit_id)
        self._restore_geometry()
        self.tab(self.tabs.currentIndex())

    def tab(self, index: int) -> QWidget:
        """The tab at `index`, built now if it has not been shown yet."""
        slot = self._slots[index]
        if slot.content is None:
            content = slot.build()
            enter_opens_rows(content, self._enter_opens)
            self.tab_built.emit(content)
            parts = getattr(content, "part_built", None)  # a tab that builds parts of itself later (工作台账)
            if parts is not None:
                parts.connect(lambda part, tab=content: self._part_built(tab, part))
        slot.catch_up()
        assert slot.content is not None
        return slot.content

    def _part_built(self, tab: QWidget, part: QWidget) -> None:
        enter_opens_rows(part, self._enter_opens)
        self.tab_built.emit(tab)  # its new tables' column widths are remembered too

    def tab_widgets(self) -> list[QWidget]:
        """The tabs built so far."""
        return [slot.content for slot in self._slots if slot.content is not None]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("文件(&F)"))
        quit_action = QAction(_("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        actions_menu = self.menuBar().addMenu(_("操作(&A)"))  # the shortcuts, where people can see them
        for key, method, text in TAB_ACTIONS:
            action = QAction(_(text), self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, m=method: self._dispatch(m))
            actions_menu.addAction(action)
            self.addAction(action)
        actions_menu.addSeparator()
        self.addActions(tab_switching(actions_menu, self.tabs))
        unit_menu = self.menuBar().addMenu(_("单位(&U)"))
        unit_menu.aboutToShow.connect(lambda: self._fill_unit_menu(unit_menu))
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        about = QAction(_("关于"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

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
        handler = getattr(self.tab(self.tabs.currentIndex()), method, None)
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
        current = self.tabs.currentWidget()
        for slot in self._slots:
            slot.set_unit(unit_id, now=slot is current)

    def _about(self) -> None:
        from jiaomei_desktop.ui.about import AboutDialog

        AboutDialog(self._ctx, self).exec()

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, *FIRST_SIZE)
        keep_on_screen(self)  # saved on a larger monitor, or at another scale
        state = self._settings.value("main/splitter")
        if state is not None:
            self._splitter.restoreState(state)
            if self._splitter.sizes()[0] < TREE_MIN_WIDTH:  # squeezed by a tab that was too wide: start afresh
                self._splitter.setSizes([TREE_WIDTH, max(1, self.width() - TREE_WIDTH)])
        index = self._settings.value("main/tab", 0)
        if isinstance(index, int | str) and str(index).isdigit() and int(index) < self.tabs.count():
            self.tabs.setCurrentIndex(int(index))  # the secretary comes back to the tab they left

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("main/geometry", self.saveGeometry())
        self._settings.setValue("main/splitter", self._splitter.saveState())
        self._settings.setValue("main/tab", self.tabs.currentIndex())
        super().closeEvent(event)
