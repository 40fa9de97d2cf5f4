"""Lock after idle: no key or mouse for N minutes hides every window and asks for the start-up password."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from jiaomei_desktop.services import security
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.security.password import UnlockDialog

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


class IdleLock(QObject):
    """Installed on the QApplication; every user input restarts the timer. Does nothing without a password."""

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self.locked = False
        self._hidden: list[QWidget] = []
        self.dialog: UnlockDialog | None = None
        QApplication.instance().installEventFilter(self)
        self.reconfigure()

    def reconfigure(self) -> None:
        minutes = security.idle_minutes(self._store) if security.has_password(self._store) else 0
        self._timer.stop()
        if minutes > 0:
            self._timer.setInterval(minutes * 60_000)
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in ACTIVITY_EVENTS and self._timer.interval() > 0 \
                and self._timer.isActive():
            self._timer.start()
        return False

    def lock(self) -> None:
        if self.locked or not security.has_password(self._store):
            return
        self.locked = True
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self._hidden:
            # Hiding a dialog that runs its own event loop (exec) would end it and lose what was typed in it:
            # dialogs are made transparent instead; everything else is hidden.
            if isinstance(widget, QDialog):
                widget.setWindowOpacity(0.0)
            else:
                widget.hide()
        self.dialog = UnlockDialog(self._store, None, locked_screen=True)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.show()

    def _unlocked(self) -> None:
        self.locked = False
        for widget in self._hidden:
            if isinstance(widget, QDialog):
                widget.setWindowOpacity(1.0)
            else:
                widget.show()
        self._hidden = []
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.reconfigure()

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
