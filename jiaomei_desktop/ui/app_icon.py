"""The application icon (resources/icons/jiaomei.svg) on every window and, on Windows, in the task bar."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from jiaomei_desktop.resources import resource_path

log = logging.getLogger(__name__)

ICON_FILE = ("icons", "jiaomei.svg")
# Windows groups task-bar buttons by this id; without one, a `python -m jiaomei_desktop` start shows Python's icon.
APP_USER_MODEL_ID = "JiaomeiGroup.JiaomeiDesktop"


def app_icon() -> QIcon:
    return QIcon(str(resource_path(*ICON_FILE)))


def apply_app_icon(app: QApplication) -> None:
    icon = app_icon()
    if icon.isNull():
        log.warning("application icon could not be loaded")
        return
    app.setWindowIcon(icon)
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
        except (AttributeError, OSError):
            log.info("task-bar id not set")
