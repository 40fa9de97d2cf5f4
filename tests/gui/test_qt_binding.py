"""The Qt binding must keep Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops a reference to None/True/False on every signal emit and every Python override of
a virtual (paintEvent, data…); after a few thousand the interpreter aborts with "none_dealloc". A secretary's
afternoon is millions of such calls, so pyproject.toml keeps PySide6 below 6.12. The check runs in a child process
because a broken binding aborts the interpreter rather than raising.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])

    class Sender(QObject):
        plain = Signal()
        number = Signal(int)

    class Canvas(QWidget):
        def paintEvent(self, event):
            return None

    sender, canvas = Sender(), Canvas()
    sender.plain.connect(lambda: None)
    sender.number.connect(lambda value: None)
    canvas.resize(40, 40)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(5000):
        sender.plain.emit()
        sender.number.emit(1)
    for _ in range(300):
        canvas.repaint()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    drift = max(abs(a - b) for a, b in zip(after, before))
    print("drift", drift)
    sys.exit(0 if drift < 100 else 3)
    """
)


def test_signals_and_overrides_keep_refcounts() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, f"the Qt binding corrupts reference counts:\n{done.stdout}\n{done.stderr[-2000:]}"
