"""Roster table model: holds the ids of the current view and fetches rows a block at a time.

Sorting and filtering happen in SQL (services.roster); the model never loads 100,000 people into memory, only the
blocks the view asks for, and forgets old blocks when the cache grows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.roster import RosterQuery, RosterRow
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.row_blocks import RowBlocks

BLOCK = 128
MAX_CACHED_BLOCKS = 64
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (header, RosterRow attribute, sort key in services.roster)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    (N_("姓名"), "name", "name"),
    (N_("性别"), "gender", "gender"),
    (N_("出生日期"), "birth_date", "birth_date"),
    (N_("身份证号"), "id_masked", ""),
    (N_("政治面貌"), "political_status", "political_status"),
    (N_("入党日期"), "join_date", "join_date"),
    (N_("所在支部"), "branch_name", "branch"),
    (N_("岗位"), "post", "post"),
    (N_("工种"), "trade", "trade"),
    (N_("联系电话"), "phone", "phone"),
    (N_("在册状态"), "membership_state", "membership_state"),
)
# Columns holding stored vocabulary (domain enum values): shown through _() in the user's language.
_VOCABULARY = frozenset({"gender", "political_status", "membership_state"})
_INACTIVE = QColor("#80868B")
_OVERDUE = QColor("#C5221F")

Index = QModelIndex | QPersistentModelIndex


class RosterModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._store = store
        self._query = RosterQuery()
        self._ids: list[str] = []
        self._blocks: RowBlocks[str, RosterRow] = RowBlocks(BLOCK, MAX_CACHED_BLOCKS)
        self._loaded = False

    # -- the view's questions ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._ids)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        if role == PERSON_ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        attribute = COLUMNS[index.column()][1]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.probation_overdue and attribute == "political_status":
                return _OVERDUE
            return _INACTIVE if row.membership_state != MembershipState.ACTIVE.value else None
        value = getattr(row, attribute)
        if attribute == "political_status" and row.probation_overdue:
            # 党章 第七条: when the 预备期 is over the branch must decide on 转正 at once; the roster says it is owed.
            if role == Qt.ItemDataRole.DisplayRole:
                return _("{status}（预备期已满，待转正）").format(status=_(value))
            return _("预备期已满一年（含延长期），支部应及时讨论其能否转为正式党员")
        if attribute == "political_status" and row.development_stage:
            # 发展阶段 beside 政治面貌, not instead of it: "群众（入党积极分子）".
            if role == Qt.ItemDataRole.DisplayRole:
                return _("{status}（{stage}）").format(status=_(value), stage=_(row.development_stage))
            return _("发展阶段：{stage}").format(stage=_(row.development_stage))
        if attribute in _VOCABULARY and value:
            return _(value) if role == Qt.ItemDataRole.DisplayRole else None
        if isinstance(value, date):
            return f"{value:%Y-%m-%d}"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{row.name} · {row.branch_name}"
        return value if role == Qt.ItemDataRole.DisplayRole else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(COLUMNS)) or not COLUMNS[column][2]:
            return
        self.set_query(replace(self._query, sort=COLUMNS[column][2],
                               descending=order == Qt.SortOrder.DescendingOrder))

    # -- the tab's controls ------------------------------------------------------------------------------------
    @property
    def query(self) -> RosterQuery:
        return self._query

    def set_query(self, query: RosterQuery) -> None:
        """Show the rows matching `query`; the same query again changes nothing (the view's sort set-up, the unit
        tree and the filters all call this while the tab is built: one query, not four)."""
        if query != self._query or not self._loaded:
            self._load(query)

    def refresh(self) -> None:
        """Ask again: the rows changed under the same query."""
        self._load(self._query)

    def _load(self, query: RosterQuery) -> None:
        ids = roster.find_ids(self._store, query)
        self.beginResetModel()
        self._query = query
        self._ids = ids
        self._blocks.clear()
        self._loaded = True
        self.endResetModel()

    def person_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, person_id: str) -> int:
        try:
            return self._ids.index(person_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> RosterRow | None:
        return self._blocks.get(self._ids, row, lambda ids: roster.fetch_rows(self._store, ids))
