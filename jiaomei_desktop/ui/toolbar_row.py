"""A tab's row of buttons that folds the buttons it has no room for into a "更多 ▾" menu.

`FlowLayout` wrapped a long row onto more lines, which cost a tab lines of its table at 1366×768 and made the row as
tall as its buttons were many. `ToolbarRow` keeps one line: when the buttons do not fit, the last ones (the rarer
actions: 打印标牌, 导出Excel — a tab adds its common actions first) are hidden and a 更多 button at the end of the
row opens a menu of them. The menu is filled when it opens, from the hidden buttons as they are at that moment: their
text, enabled state (records another office keeps disable 修改 / 删除), check state and a button's own menu, so an
entry is never out of step with the button it stands for; choosing it clicks the button. The tabs' shortcuts are
window actions (ui/keyboard.py) and work whether a button is folded or not.

A button's options (打印标牌's colour scheme and paper) fold with it (`fold_together`): in the menu the button becomes
a submenu with the options' choices above the action. Other filters (search boxes, drop-downs, labels, check boxes)
never fold: when even they do not fit, the row wraps like a `FlowLayout`. A button the tab hides itself stays hidden
and out of the menu.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLayoutItem,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
    QWidgetItem,
)

from jiaomei_desktop.i18n import _
from jiaomei_desktop.ui.flow_layout import FlowLayout


def foldable(widget: QWidget | None) -> bool:
    """An action button with a caption (check boxes and radio buttons are filters, they stay in the row)."""
    return isinstance(widget, QPushButton | QToolButton) and bool(widget.text())


class ToolbarRow(FlowLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent, spacing)
        self._folded: list[QWidget] = []  # buttons hidden by this row, in row order
        self._companions: dict[QWidget, list[QWidget]] = {}  # a button -> the options that fold with it
        self._options: set[QWidget] = set()  # every button's options
        self._folds: dict[int, list[QWidget]] = {}  # width -> what folds, until the next invalidate()
        self._rows_cache: list[tuple[QLayoutItem, int]] | None = None  # _row_items, until the next invalidate()
        self._hidden_by_tab: set[QWidget] = set()
        self._changing = False  # our own show/hide under way, not the tab's
        self._watcher = _VisibilityWatcher(self)
        self.more_button = QToolButton(parent)
        self.more_button.setObjectName("toolbarMore")
        self.more_button.setText(_("更多 ▾"))
        self.more_button.setToolTip(_("窗口太窄，放不下的按钮在这里"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # ▾ is in the text
        self.more_menu = QMenu(self.more_button)
        self.more_menu.aboutToShow.connect(self._fill_menu)
        self.more_button.setMenu(self.more_menu)
        self.more_button.setVisible(False)
        self._proxies: dict[QWidget, QAction] = {}
        self._submenus: list[QMenu] = []
        super()._insert(0, QWidgetItem(self.more_button), 0)

    def fold_together(self, button: QWidget, *options: QWidget) -> None:
        """`options` (already in the row) are hidden when `button` folds, and offered in its menu entry."""
        self._companions[button] = list(options)
        self._options.update(options)
        self.invalidate()

    def folded(self) -> list[QWidget]:
        """The buttons now in the 更多 menu, in row order."""
        return list(self._folded)

    def buttons(self) -> list[QWidget]:
        """The row's buttons the tab has not hidden: each is either in the row or in the menu."""
        return [w for item, _s in self._row_items() if foldable(w := item.widget()) and w is not None]

    # -- the more button stays last; the tab's own show/hide of a button is followed ---------------------------
    def _insert(self, index: int, item: QLayoutItem, stretch: int) -> None:
        widget = item.widget()
        if widget is not None:
            if widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
                self._hidden_by_tab.add(widget)
            widget.installEventFilter(self._watcher)
        super()._insert(min(index, self.count() - 1), item, stretch)

    def takeAt(self, index: int) -> QLayoutItem | None:
        if index == self.count() - 1:
            return None  # the more button belongs to the row
        item = super().takeAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.removeEventFilter(self._watcher)
            self._hidden_by_tab.discard(widget)
            self._companions.pop(widget, None)
            self._options = {w for options in self._companions.values() for w in options}
            if widget in self._folded:
                self._folded.remove(widget)
            self._set_visible(widget, True)
        return item

    def tab_changed_visibility(self, widget: QWidget, visible: bool) -> None:
        if self._changing:
            return
        if visible:
            self._hidden_by_tab.discard(widget)
        else:
            self._hidden_by_tab.add(widget)
        self.invalidate()

    # -- what is folded at a width ----------------------------------------------------------------------------
    def _managed(self, widget: QWidget | None) -> bool:
        """Shown or hidden by this row (so measured whether hidden or not: Qt gives a hidden widget 0×0)."""
        return (
            widget is not None
            and widget is not self.more_button
            and (foldable(widget) or widget in self._options)
        )

    def _hint(self, item: QLayoutItem) -> QSize:
        widget = item.widget()
        if widget is not None and (self._managed(widget) or widget is self.more_button):
            return widget.sizeHint()
        if self._stretch[self._items.index(item)]:
            # a stretching item (search box, count line) asks for its minimum: it gets the spare width anyway, and
            # buttons should not fold while it could give way
            return QSize(item.minimumSize().width(), item.sizeHint().height())
        return item.sizeHint()

    def _minimum(self, item: QLayoutItem) -> QSize:
        widget = item.widget()
        if widget is not None and (self._managed(widget) or widget is self.more_button):
            return widget.minimumSizeHint()
        return item.minimumSize()

    def _row_items(self) -> list[tuple[QLayoutItem, int]]:
        """Every item of the row but 更多: what the tab has not hidden, and stretches (kept until invalidate())."""
        if self._rows_cache is None:
            self._rows_cache = self._list_row_items()
        return self._rows_cache

    def _list_row_items(self) -> list[tuple[QLayoutItem, int]]:
        return [
            (item, stretch)
            for item, stretch in zip(self._items, self._stretch, strict=True)
            if (widget := item.widget()) is not self.more_button
            and (
                widget not in self._hidden_by_tab
                if self._managed(widget)
                else not item.isEmpty() or item.spacerItem() is not None
            )
        ]

    def invalidate(self) -> None:
        if hasattr(self, "_folds"):  # not yet during QLayout's own __init__
            self._folds.clear()
            self._rows_cache = None
        super().invalidate()

    def _to_fold(self, width: int) -> list[QWidget]:
        if width not in self._folds:
            self._folds[width] = self._measure_folds(width)
        return self._folds[width]

    def _measure_folds(self, width: int) -> list[QWidget]:
        """The buttons to hide at this width: the last ones first, until the row fits on one line with 更多."""
        shown = [(item.widget(), self._hint(item).width()) for item, _stretch in self._row_items()]
        more = self.more_button.sizeHint().width()

        def needed(extra: list[int]) -> int:
            widths = [w for _widget, w in shown] + extra
            return sum(widths) + self._spacing * max(0, len(widths) - 1)

        if needed([]) <= width:
            return []
        folded: list[QWidget] = []
        for widget, _width in reversed(list(shown)):
            if widget is None or not foldable(widget) or widget in folded:
                continue
            folded.insert(0, widget)
            gone = {widget, *self._companions.get(widget, [])}
            shown = [(w, n) for w, n in shown if w not in gone]
            if needed([more]) <= width:
                break
        return folded

    def _hidden_with(self, folded: list[QWidget]) -> set[QWidget]:
        return {w for button in folded for w in (button, *self._companions.get(button, []))}

    def _shown(self, width: int) -> list[tuple[QLayoutItem, int]]:
        hidden = self._hidden_with(self._to_fold(width))
        shown = [(item, stretch) for item, stretch in self._row_items() if item.widget() not in hidden]
        if hidden:
            shown.append((self._items[-1], 0))
        return shown

    # -- QLayout ----------------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        """Everything on one line, as the tab would like it."""
        items = [item for item, _stretch in self._row_items()]
        width = sum(self._hint(item).width() for item in items) + self._spacing * max(0, len(items) - 1)
        height = max((self._hint(item).height() for item in items), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest filter, or 更多: every button can fold."""
        size = self.more_button.sizeHint()
        for item, _stretch in self._row_items():
            if not self._managed(item.widget()):
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:
        if not self._changing:  # showing a widget lays its parent out again, from inside this call: place only
            margins = self.contentsMargins()
            self._folded = list(self._to_fold(rect.width() - margins.left() - margins.right()))
            hidden = self._hidden_with(self._folded)
            managed = [w for item, _s in self._row_items() if self._managed(w := item.widget()) and w is not None]
            for widget in managed:  # hide first, so the row never holds both a button and its menu entry
                if widget in hidden:
                    self._set_visible(widget, False)
            self._set_visible(self.more_button, bool(hidden))
            for widget in managed:
                if widget not in hidden:
                    self._set_visible(widget, True)
        super().setGeometry(rect)

    def _set_visible(self, widget: QWidget, visible: bool) -> None:
        if widget.isHidden() != visible:
            return
        self._changing = True
        try:
            widget.setVisible(visible)
        finally:
            self._changing = False

    # -- the menu ---------------------------------------------------------------------------------------------
    def _fill_menu(self) -> None:
        self.more_menu.clear()
        for submenu in self._submenus:
            submenu.deleteLater()
        self._submenus.clear()
        for button in self._folded:
            if not isinstance(button, QPushButton | QToolButton):
                continue  # only buttons fold (foldable)
            own_menu = button.menu()
            options = [w for w in self._companions.get(button, []) if isinstance(w, QComboBox)]
            if own_menu is not None:
                entry = self.more_menu.addMenu(own_menu)
                entry.setText(button.text())
                entry.setEnabled(button.isEnabled())
            elif options:
                submenu = QMenu(button.text(), self.more_menu)
                self.more_menu.addMenu(submenu)
                self._submenus.append(submenu)
                for combo in options:
                    self._add_choices(submenu, combo)
                    submenu.addSeparator()
                submenu.addAction(self._proxy(button))
            else:
                self.more_menu.addAction(self._proxy(button))

    def _add_choices(self, menu: QMenu, combo: QComboBox) -> None:
        """A drop-down's items as a group of radio entries; choosing one selects it in the drop-down."""
        group = QActionGroup(menu)
        for index in range(combo.count()):
            action = menu.addAction(combo.itemText(index))
            action.setCheckable(True)
            action.setChecked(index == combo.currentIndex())
            action.setEnabled(combo.isEnabled())
            action.triggered.connect(lambda _checked=False, c=combo, i=index: c.setCurrentIndex(i))
            group.addAction(action)

    def _proxy(self, button: QWidget) -> QAction:
        """The menu entry standing for `button`, brought up to date with it."""
        assert isinstance(button, QPushButton | QToolButton)
        action = self._proxies.get(button)
        if action is None:
            action = QAction(self.more_button)  # not the menu's: clearing the menu would delete it
            action.triggered.connect(button.click)
            self._proxies[button] = action
        action.setText(button.text())
        action.setToolTip(button.toolTip())
        action.setEnabled(button.isEnabled())
        action.setCheckable(button.isCheckable())
        action.setChecked(button.isChecked())
        action.setIcon(button.icon())
        return action


class _VisibilityWatcher(QObject):
    """Tells the row when the tab itself shows or hides one of the row's widgets (ShowToParent / HideToParent are
    sent on every explicit show or hide, whether or not the window is on screen)."""

    def __init__(self, row: ToolbarRow) -> None:
        super().__init__()
        self._row = row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent) and isinstance(watched, QWidget):
            self._row.tab_changed_visibility(watched, event.type() == QEvent.Type.ShowToParent)
        return False


class ElidedLabel(QLabel):
    """A one-line label (a count line in a toolbar) that gives way before the buttons do: when short of room its
    text ends in "…", and the whole text is in its tooltip."""

    MINIMUM_CHARACTERS = 8

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * self.MINIMUM_CHARACTERS), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), text, self.foregroundRole()
        )
