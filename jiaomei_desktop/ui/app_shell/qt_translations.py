"""Qt's own dialogs (file picker, message box buttons, print dialog) in the user's language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []
_previous_locale: list[QLocale] = []  # the default before ours, put back when switching to English


def install_qt_translations(language: str) -> bool:
    """Load qtbase_<lang>.qm (and qt_<lang>.qm) from PySide6's translations folder. True if any was loaded."""
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    if _previous_locale:
        QLocale.setDefault(_previous_locale.pop())
    if language.startswith("en"):
        return True  # Qt's source strings are English
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _previous_locale.append(QLocale())
    QLocale.setDefault(QLocale(language))
    for name in ("qtbase", "qt"):
        translator = QTranslator()
        if translator.load(f"{name}_{language}", folder):
            if app is not None:
                app.installTranslator(translator)
            _installed.append(translator)
    if not _installed:
        log.warning("Qt translations for %s not found in %s", language, folder)
    return bool(_installed)
