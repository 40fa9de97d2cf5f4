"""Table models of the 结对帮带 tab: pairs (ids + lazy row cache, sorted and filtered in SQL), figures per unit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.domain.mentor import STALE_DAYS
from jiaomei_desktop.i18n import N_, _, join_clauses, join_list
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.mentor import MentorFigures, PairQuery, PairRow
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.row_blocks import RowBlocks
from jiaomei_desktop.ui.tasks import Latest, Op
from jiaomei_desktop.ui.theme import MUTED_FG, WARNING_BG

BLOCK = 128
MAX_CACHED_BLOCKS = 32
PAIR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION_ROLE = Qt.ItemDataRole.UserRole + 2

# (header, how to show it, sort key in services.mentor ("" = not sortable))
COLUMNS: tuple[tuple[str, str, str], ...] = (
    (N_("状态"), "state", "state"),
    (N_("提醒"), "flags", ""),
    (N_("徒弟"), "mentee_name", "mentee"),
    (N_("师傅"), "mentor_name", "mentor"),
    (N_("工种/技能方向"), "trade", "trade"),
    (N_("所属单位"), "unit_name", "unit"),
    (N_("开始日期"), "start_date", "start_date"),
    (N_("计划出师"), "planned_end_date", "planned_end_date"),
    (N_("最近辅导"), "last_log", "last_log"),
    (N_("辅导学时"), "hours", "hours"),
)
FLAGS_COLUMN = 1
HOURS_COLUMN = 9
_ATTENTION_BG = QColor(WARNING_BG)
_CLOSED_FG = QColor(MUTED_FG)
_FLAG_FG = QColor("#8A4B00")  # dark amber: readable on the warning background
# How the language lists words (、) and clauses (；): Chinese punctuation reads oddly between English words.

Index = QModelIndex | QPersistentModelIndex


def warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.TextAlignmentRole,
                    PAIR_ID_ROLE, ATTENTION_ROLE})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _text(row: PairRow, attr: str) -> str:
    if attr == "flags":
        return _flag_text(row) if row.state == PairState.ACTIVE.value else ""
    value = getattr(row, attr)
    if attr == "state":
        return _(value)
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if attr == "hours":
        return f"{value:g}"
    return "" if value is None else str(value)


def flag_texts(row: PairRow) -> list[str]:
    """The translated long form of PairRow.flag_texts() (which stays Chinese for Excel and the command line)."""
    texts = []
    if row.overdue:
        texts.append(_("逾期未出师"))
    if row.stale:
        texts.append(_("{days}天无辅导记录").format(days=STALE_DAYS))
    if row.mentor_left:
        texts.append(_("师傅已离开本单位"))
    return texts


def _tooltip(row: PairRow) -> str:
    texts = flag_texts(row)
    if row.state != PairState.ACTIVE.value or not texts:
        return _("{mentor} → {mentee}（{unit}）").format(mentor=row.mentor_name, mentee=row.mentee_name,
                                                        unit=row.unit_name)
    return join_clauses(texts)


def _flag_text(row: PairRow) -> str:
    texts = []
    if row.overdue:
        texts.append(_("逾期"))
    if row.stale:
        texts.append(_("久未辅导"))
    if row.mentor_left:
        texts.append(_("师傅已调离"))
    return join_list(texts)


class PairsModel(QAbstractTableModel):
    """The pairs of the current view. Holds only ids; rows are read a block at a time when the view shows them.
    The ids are found on a worker thread and swapped in when ready (`loaded`), the newest request winning."""

    loaded = Signal()

    def __init__(self, store: Store, parent=None, today: date | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._loads = Latest(self)
        self._store = store
        self._today = today
        self._query = PairQuery(today=today)
        self._ids: list[str] = []
        self._blocks: RowBlocks[str, PairRow] = RowBlocks(BLOCK, MAX_CACHED_BLOCKS)
        self._icon: QIcon | None = None
        self._prepared: dict[int, tuple[tuple[str, ...], bool, bool, PairRow]] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        # Called several times per painted cell: prepared values, cheapest roles first.
        row_no, column = index.row(), index.column()
        if not (0 <= row_no < len(self._ids)) or not (0 <= column < len(COLUMNS)) or not index.isValid():
            return None
        if role not in _ROLES:
            return None
        if role == PAIR_ID_ROLE:
            return self._ids[row_no]
        cells = self._cells(row_no)
        if cells is None:
            return None
        texts, attention, closed, row = cells
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _ATTENTION_BG if attention else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == FLAGS_COLUMN and attention:
                return _FLAG_FG
            return _CLOSED_FG if closed else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == FLAGS_COLUMN and attention:
                self._icon = self._icon or warning_icon()
                return self._icon
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == HOURS_COLUMN else None
        if role == ATTENTION_ROLE:
            return attention
        return _tooltip(row)

    def _cells(self, row_no: int) -> tuple[tuple[str, ...], bool, bool, PairRow] | None:
        cells = self._prepared.get(row_no)
        if cells is None:
            row = self.row_at(row_no)
            if row is None:
                return None
            cells = (tuple(_text(row, attr) for _h, attr, _k in COLUMNS), row.needs_attention,
                     row.state != PairState.ACTIVE.value, row)
            if len(self._prepared) > BLOCK * MAX_CACHED_BLOCKS:
                self._prepared.clear()
            self._prepared[row_no] = cells
        return cells

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(COLUMNS)) or not COLUMNS[column][2]:
            return
        self.set_query(replace(self._query, sort=COLUMNS[column][2], descending=order == Qt.SortOrder.DescendingOrder))

    @property
    def query(self) -> PairQuery:
        return self._query

    def set_query(self, query: PairQuery) -> None:
        """Asks for `query`'s pairs; `query` is the newest request at once, its ids arrive with `loaded`."""
        self._query = replace(query, today=self._today)
        self._loads.run_soon(self._load_op)

    def _load_op(self) -> Op[list[str]]:
        store, query = self._store, self._query
        # Owned by the tab: a tab closed while its ids load drops the result instead of filling a deleted model.
        parent = self.parent()
        owner = parent if isinstance(parent, QWidget) else None
        return Op(owner, lambda _progress: mentor.find_ids(store, query)).success(self._swap_in)

    def _swap_in(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._blocks.clear()
        self._prepared.clear()
        self.endResetModel()
        self.loaded.emit()

    @property
    def loading(self) -> bool:
        return self._loads.busy

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest query's pairs are shown."""
        self._loads.wait(msecs)

    def refresh(self) -> None:
        self.set_query(self._query)

    def pair_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, pair_id: str) -> int:
        try:
            return self._ids.index(pair_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> PairRow | None:
        """The pair on `row`, None past either end (row_of gives -1 for a pair not listed)."""
        return self._blocks.get(self._ids, row, lambda ids: mentor.fetch_rows(self._store, ids, self._today))


FIGURE_COLUMNS = (N_("单位"), N_("结对"), PairState.ACTIVE.value, PairState.COMPLETED.value, PairState.TERMINATED.value,
                  N_("出师率"), N_("辅导学时"), N_("逾期"), N_("久未辅导"))


class FiguresModel(QAbstractTableModel):
    """Per-unit figures: the selected unit on the first (bold) line, then its direct child units."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[MentorFigures] = []

    def set_figures(self, total: MentorFigures, children: list[MentorFigures]) -> None:
        self.beginResetModel()
        self._rows = [total, *children]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIGURE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(FIGURE_COLUMNS):
            return _(FIGURE_COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(FIGURE_COLUMNS)):
            return None
        figures = self._rows[index.row()]
        if role == Qt.ItemDataRole.FontRole and index.row() == 0:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        rate = figures.completion_rate
        values = (figures.unit_name, figures.total, figures.by_state.get(PairState.ACTIVE.value, 0),
                  figures.by_state.get(PairState.COMPLETED.value, 0), figures.by_state.get(PairState.TERMINATED.value, 0),
                  f"{rate:.0%}" if rate is not None else "—", f"{figures.hours:g}", figures.overdue, figures.stale)
        return str(values[index.column()])
