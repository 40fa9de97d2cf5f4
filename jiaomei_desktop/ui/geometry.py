"""Window sizes taken from the screen the window is on, never fixed pixel sizes.

An office PC is often 1366×768, or 1920×1080 at 150 % (1280×720 logical pixels): a dialog opened at a fixed 900×1000
put its buttons below the screen. Every top-level window asks for the size it would like with `fit_to_screen`, which
takes what the screen has room for, less the title bar and frame the window manager adds, and centres the window on
its parent. Long forms go into `scrolling` so they can be smaller than their content with the buttons still in view.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# What the window manager adds around a window: the title bar (about 31 px on Windows 10 at 100 %) and the frame.
FRAME = QSize(16, 40)
FALLBACK_SCREEN = QRect(0, 0, 1280, 720)  # no screen at all (should not happen): assume the smallest we support


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (or the primary one) not taken by the task bar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(FALLBACK_SCREEN)


def room(widget: QWidget | None = None) -> QSize:
    """The largest size a window's contents can have on the widget's screen."""
    area = available_geometry(widget)
    return QSize(area.width() - FRAME.width(), area.height() - FRAME.height())


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a window to `width`×`height`, or to what the screen has room for, and keep it on that screen."""
    limit = room(window.parentWidget() or window)
    window.resize(min(width, limit.width()), min(height, limit.height()))
    keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Shrink a window that is larger than its screen (e.g. a size saved on a bigger monitor) and move it back
    onto the screen, centred on its parent when it has one."""
    area = available_geometry(window.parentWidget() or window)
    limit = room(window.parentWidget() or window)
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else window.frameGeometry().center()
    rect = QRect(0, 0, size.width() + FRAME.width(), size.height() + FRAME.height())
    rect.moveCenter(centre)
    left = min(max(rect.left(), area.left()), area.right() + 1 - rect.width())
    top = min(max(rect.top(), area.top()), area.bottom() + 1 - rect.height())
    if parent is not None or not area.contains(window.frameGeometry()):
        window.move(left, top)


class FormScroll(QScrollArea):
    """A long form in a frameless vertical scroll area: as wide as the form needs, as tall as the form where the
    screen has room, shorter (scrolling) where it has not."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        content = self.widget()
        return content.sizeHint() + QSize(self._bar(), 0) if content is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        # the form's own width (nothing scrolls sideways); a few lines tall
        return QSize(content.minimumSizeHint().width() + self._bar(), min(content.minimumSizeHint().height(), 120))


def scrolling(content: QWidget, parent: QWidget | None = None) -> FormScroll:
    """`content` in a `FormScroll`, for a form the dialog may have to make shorter than it is."""
    return FormScroll(content, parent)
