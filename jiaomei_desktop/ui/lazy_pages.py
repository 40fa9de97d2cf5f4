"""Pages of a QTabWidget built on their first showing: the tab holds an empty page until then, and the page built
takes its place. Building every page of a tab up front (工作台账's eight registers, 学习记录's compliance grid) cost its
first showing on the GUI thread for pages that may never be opened."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget


def add_placeholders(tabs: QTabWidget, titles: list[str]) -> None:
    """One empty page per title, to be replaced by `replace_page` when built."""
    for title in titles:
        tabs.addTab(QWidget(), title)


def replace_page(tabs: QTabWidget, index: int, page: QWidget) -> None:
    """`page` takes the place of the page at `index`, keeping its title and whether it is current. The new page is
    inserted before the old one, so removing the old never makes another page current (and shown, and read) on the
    way; the tab widget's own currentChanged is held back meanwhile (the current page stays where it was)."""
    old = tabs.widget(index)
    current = tabs.currentIndex() == index
    with QSignalBlocker(tabs):
        tabs.insertTab(index, page, tabs.tabText(index))
        if current:
            tabs.setCurrentIndex(index)
        tabs.removeTab(index + 1)
    if old is not None:
        old.deleteLater()
