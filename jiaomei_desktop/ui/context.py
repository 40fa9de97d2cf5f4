"""What every tab is given: the open store and the unit chosen in the organisation tree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from jiaomei_desktop.services.store import Store


class UnitSelection(QObject):
    """The unit picked in the tree; tabs filter to its subtree. None means the whole store."""

    changed = Signal(object)  # str | None

    def __init__(self) -> None:
        super().__init__()
        self._unit_id: str | None = None

    @property
    def unit_id(self) -> str | None:
        return self._unit_id

    def set(self, unit_id: str | None) -> None:
        if unit_id != self._unit_id:
            self._unit_id = unit_id
            self.changed.emit(unit_id)


class DataChanged(QObject):
    """Broadcast after a write, so other tabs and the tree refresh their counts. The argument names the area."""

    changed = Signal(str)  # "roster", "org", "study", "mentor", "honor", "sync", …


@dataclass
class AppContext:
    store: Store
    selection: UnitSelection
    data_changed: DataChanged
