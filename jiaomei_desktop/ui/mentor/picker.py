"""Choosing a person by typing part of a name (pinyin and initials work): a search box over a short result list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.mentor import PersonChoice

SEARCH_DELAY_MS = 120


class PersonPicker(QWidget):
    chosen = Signal(str)  # person id

    def __init__(self, search: Callable[[str], list[PersonChoice]], placeholder: str,
                 describe: Callable[[PersonChoice], str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._describe = describe or (lambda c: c.label())
        self._selected: str | None = None
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(placeholder)
        self.search_box.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(130)
        self.results.itemClicked.connect(self._pick)
        self.results.itemActivated.connect(self._pick)
        self.selected_label = QLabel(_("尚未选择"), self)
        self.selected_label.setProperty("role", "muted")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.search_box)
        layout.addWidget(self.results)
        layout.addWidget(self.selected_label)
        self.refresh()

    @property
    def selected_id(self) -> str | None:
        return self._selected

    def refresh(self) -> None:
        self._timer.stop()
        self.results.clear()
        choices = self._search(self.search_box.text())
        for choice in choices:
            item = QListWidgetItem(self._describe(choice), self.results)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
        if not choices:
            empty = QListWidgetItem(_("没有找到 — 换个关键字试试"), self.results)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)

    def select(self, person_id: str, label: str) -> None:
        self._selected = person_id
        self.selected_label.setText(_("已选择：") + label)
        self.selected_label.setProperty("role", "")
        self.selected_label.style().unpolish(self.selected_label)
        self.selected_label.style().polish(self.selected_label)
        self.chosen.emit(person_id)

    def select_first_match(self, text: str) -> bool:
        """For keyboard users (and tests): search, then take the first hit."""
        self.search_box.setText(text)
        self.refresh()
        item = self.results.item(0)
        if item is None or not item.data(Qt.ItemDataRole.UserRole):
            return False
        self._pick(item)
        return True

    def _pick(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id:
            self.select(person_id, item.text())
