"""One calm look: Fusion style, a neutral palette with party red as the accent, the bundled CJK font registered."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from jiaomei_desktop.resources import default_cjk_font
from jiaomei_desktop.ui.app_icon import apply_app_icon

log = logging.getLogger(__name__)

PARTY_RED = "#C8102E"
PARTY_RED_DARK = "#9E0B22"
WARNING_BG = "#FFF4E5"
ERROR_FG = "#B3261E"
MUTED_FG = "#5F6368"
# Keyboard focus: Fusion draws the focus frame and a focused field's border in the palette's Highlight colour. The
# light pink used for selected rows made it all but invisible; a strong blue is seen at once and is not mistaken for
# an error's red. Selected rows keep the light pink through the style sheet.
FOCUS = "#1A5FB4"
SELECTION_BG = "#F6D5DA"
UI_FONT_FALLBACK = "Droid Sans Fallback"

STYLE_SHEET = f"""
QToolBar {{ spacing: 6px; padding: 4px; border: none; }}
QPushButton[accent="true"] {{ background: {PARTY_RED}; color: white; border: 1px solid {PARTY_RED_DARK};
    border-radius: 3px; padding: 4px 14px; }}
QPushButton[accent="true"]:hover {{ background: {PARTY_RED_DARK}; }}
QLabel[role="error"] {{ color: {ERROR_FG}; }}
QLabel[role="muted"] {{ color: {MUTED_FG}; }}
QLabel[role="heading"] {{ font-size: 15pt; font-weight: bold; }}
QLabel[role="empty"] {{ color: {MUTED_FG}; font-size: 12pt; padding: 40px; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {{ border: 1px solid {ERROR_FG}; }}
QTabBar::tab {{ padding: 5px 14px; margin-right: 2px; border: 1px solid #D4D4D4; border-bottom: none;
               border-top-left-radius: 3px; border-top-right-radius: 3px; background: #EFEFEF; }}
QTabBar::tab:hover:!selected {{ background: #F7F7F7; }}
QTabBar::tab:selected {{ background: white; border-bottom: 2px solid {PARTY_RED}; }}
QTableView {{ gridline-color: #E3E3E3; selection-background-color: {SELECTION_BG}; selection-color: black; }}
QTreeView, QListView, QTreeWidget {{ selection-background-color: {SELECTION_BG}; selection-color: black; }}
QAbstractItemView:focus {{ border: 2px solid {FOCUS}; }}
QPushButton[accent="true"]:focus {{ border: 2px solid {FOCUS}; }}
QHeaderView::section {{ padding: 4px; }}
"""


def register_fonts() -> str:
    """Register the bundled CJK font so no text shows as empty boxes on a machine without Chinese fonts."""
    font_id = QFontDatabase.addApplicationFont(str(default_cjk_font()))
    if font_id < 0:
        log.warning("bundled CJK font could not be registered")
        return UI_FONT_FALLBACK
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else UI_FONT_FALLBACK


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    family = register_fonts()
    font = app.font()
    # Prefer the system's own Chinese UI font (微软雅黑 on Windows); the bundled one fills in missing glyphs.
    font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", family])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(FOCUS))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.Link, QColor(PARTY_RED))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
    apply_app_icon(app)


def heading_font(base: QFont, scale: float = 1.3) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(True)
    return font
