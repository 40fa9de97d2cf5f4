"""Table models of the study tab: the session list (ids + lazy row blocks), an attendance list being edited, the
compliance grid and a member's sessions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.domain.study import Attendee, CellState, count_attendance
from jiaomei_desktop.i18n import N_, _, current_language
from jiaomei_desktop.services import study
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, ComplianceGrid, SessionQuery, SessionRow
from jiaomei_desktop.services.study.member import MemberRecord
from jiaomei_desktop.ui.row_blocks import RowBlocks
from jiaomei_desktop.ui.tasks import Latest, Op

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
BLOCK = 128
MAX_CACHED_BLOCKS = 32

STATE_COLORS = {CellState.MET: QColor("#E6F4EA"), CellState.MISSED: QColor("#FCE8E6"),
                CellState.OPEN: QColor("#FFF4E5"), CellState.FUTURE: QColor("#F5F5F5")}
STATUS_COLORS = {AttendanceStatus.LEAVE: QColor("#8A5A00"), AttendanceStatus.ABSENT: QColor("#B3261E")}


def _valid(index: Index, rows: int, columns: int) -> bool:
    return index.isValid() and 0 <= index.row() < rows and 0 <= index.column() < columns


def _term(value: str | None) -> str:
    """A stored vocabulary value (session kind, status) in the user's language; user-added kinds stay as typed.
    Empty stays empty: gettext("") would return the catalog header."""
    return _(value) if value else ""


# --- sessions ------------------------------------------------------------------------------------------------------

SESSION_COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("日期"), "session_date"), (N_("会议类型"), "kind"), (N_("单位"), "unit"), (N_("主题"), "topic"),
    (N_("主持人"), "host_name"), (N_("应到"), ""), (N_("实到"), ""), (N_("学时"), "hours"), (N_("安全生产"), ""),
)


class SessionListModel(QAbstractTableModel):
    """The ids of the sessions matching the filters, in SQL order; rows are read a block at a time.

    The ids are found on a worker thread (all 56,000 of the group's take ~0.3 s) and swapped in when ready, then
    `loaded` fires; of several quick requests (typing, a tree click, sorting) only the newest is shown. `query` is
    the newest request, so a filter changed while one loads keeps the sort order just asked for. Requests made in one
    go (the tab's filters, its sort order and its unit while it is built) cost one load."""

    loaded = Signal()

    def __init__(self, store: Store, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._store = store
        self._query = SessionQuery()
        self._ids: list[str] = []
        self._blocks: RowBlocks[str, SessionRow] = RowBlocks(BLOCK, MAX_CACHED_BLOCKS)
        self._loads = Latest(self)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SESSION_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(SESSION_COLUMNS):
            return _(SESSION_COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if not _valid(index, len(self._ids), len(SESSION_COLUMNS)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if column in (5, 6, 7, 8) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.topic}\n{row.unit_name} · {row.place}" if column == 3 else None
        return (f"{row.session_date:%Y-%m-%d}", _term(row.kind), row.unit_name, row.topic, row.host_name, row.expected,
                row.present, f"{row.hours:g}", _("是") if row.safety_flag else "")[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SESSION_COLUMNS) and SESSION_COLUMNS[column][1]:
            self.set_query(replace(self._query, sort=SESSION_COLUMNS[column][1],
                                   descending=order == Qt.SortOrder.DescendingOrder))

    @property
    def query(self) -> SessionQuery:
        return self._query

    def set_query(self, query: SessionQuery) -> None:
        self._query = query
        self._loads.run_soon(self._load_op)

    def _load_op(self) -> Op[tuple[list[str], Mapping[str, SessionRow]]]:
        store, query = self._store, self._query

        def load(_progress: object) -> tuple[list[str], Mapping[str, SessionRow]]:
            ids = study.find_ids(store, query)
            # the first screen's rows too: fetched on the GUI thread when first painted, they held it 30–40 ms
            return ids, study.fetch_rows(store, ids[:BLOCK])

        # Owned by the tab: a tab closed while its ids load drops the result instead of filling a deleted model.
        parent = self.parent()
        owner = parent if isinstance(parent, QWidget) else None
        return Op(owner, load).success(self._swap_in)

    def _swap_in(self, loaded: tuple[list[str], Mapping[str, SessionRow]]) -> None:
        ids, first = loaded
        self.beginResetModel()
        self._ids = ids
        self._blocks.seed(first)
        self.endResetModel()
        self.loaded.emit()

    def refresh(self) -> None:
        self.set_query(self._query)

    @property
    def loading(self) -> bool:
        return self._loads.busy

    def wait_idle(self, msecs: int = 30000) -> None:
        """For tests and the bench: until the newest request's ids are shown."""
        self._loads.wait(msecs)

    def session_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, session_id: str) -> int:
        try:
            return self._ids.index(session_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> SessionRow | None:
        """The session on `row`, None past either end."""
        return self._blocks.get(self._ids, row, lambda ids: study.fetch_rows(self._store, ids))


class SessionRowsModel(QAbstractTableModel):
    """A short, already-fetched list of sessions (the sessions behind a compliance cell)."""

    HEADERS = (N_("日期"), N_("会议类型"), N_("单位"), N_("主题"), N_("应到"), N_("实到"))

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[SessionRow] = []

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if not _valid(index, len(self._rows), len(self.HEADERS)):
            return None
        r = self._rows[index.row()]
        if role == ID_ROLE:
            return r.id
        if role != DISPLAY:
            return None
        return (f"{r.session_date:%Y-%m-%d}", _term(r.kind), r.unit_name, r.topic, r.expected,
                r.present)[index.column()]


# --- attendance ----------------------------------------------------------------------------------------------------

ATT_HEADERS = (N_("姓名"), N_("政治面貌"), N_("职务"), N_("出勤"), N_("原因"))
STATUS_COLUMN, REASON_COLUMN = 3, 4


class AttendanceModel(QAbstractTableModel):
    """The attendance list being edited: status and reason are editable in place. `counts_changed` fires on every
    change so 应到 / 实到 and the quorum warning stay live."""

    counts_changed = Signal()

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._entries: list[AttendanceEntry] = []

    def set_entries(self, entries: list[AttendanceEntry] | tuple[AttendanceEntry, ...]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()
        self.counts_changed.emit()

    def entries(self) -> tuple[AttendanceEntry, ...]:
        return tuple(self._entries)

    def person_ids(self) -> set[str]:
        return {e.person_id for e in self._entries}

    def add(self, entry: AttendanceEntry) -> None:
        if entry.person_id in self.person_ids():
            return
        self.beginInsertRows(QModelIndex(), len(self._entries), len(self._entries))
        self._entries.append(entry)
        self.endInsertRows()
        self.counts_changed.emit()

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._entries):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()
        self.counts_changed.emit()

    def set_status(self, rows: list[int], status: AttendanceStatus) -> None:
        for row in rows:
            if 0 <= row < len(self._entries):
                self.setData(self.index(row, STATUS_COLUMN), status.value)

    def counts(self, kind: str = "", election: bool = False):  # type: ignore[no-untyped-def]
        """应到 / 实到 / 有表决权 for the list as it stands (a 支委会 counts its committee members, others 列席)."""
        return count_attendance((Attendee(e.status.value if isinstance(e.status, AttendanceStatus) else e.status,
                                          e.political_status, e.suspended, e.committee) for e in self._entries),
                                kind, election)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ATT_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(ATT_HEADERS):
            return _(ATT_HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if _valid(index, len(self._entries), len(ATT_HEADERS)) and index.column() in (STATUS_COLUMN, REASON_COLUMN):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if not _valid(index, len(self._entries), len(ATT_HEADERS)):
            return None
        e = self._entries[index.row()]
        status = AttendanceStatus(e.status)
        if role == DISPLAY:
            return (e.name, _term(e.political_status), e.position, _(status.value), e.reason)[index.column()]
        if role == Qt.ItemDataRole.EditRole:  # the stored values: StatusDelegate and setData work with these
            return (e.name, e.political_status, e.position, status.value, e.reason)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATUS_COLUMN:
            return STATUS_COLORS.get(status)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.EditRole or not _valid(index, len(self._entries), len(ATT_HEADERS)):
            return False
        entry = self._entries[index.row()]
        if index.column() == STATUS_COLUMN:
            if value not in {s.value for s in AttendanceStatus}:
                return False
            status = AttendanceStatus(value)
            entry = replace(entry, status=status, reason="" if status is AttendanceStatus.PRESENT else entry.reason)
        elif index.column() == REASON_COLUMN:
            entry = replace(entry, reason=str(value or "").strip())
        else:
            return False
        self._entries[index.row()] = entry
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(ATT_HEADERS) - 1))
        self.counts_changed.emit()
        return True


# --- compliance ----------------------------------------------------------------------------------------------------


class ComplianceModel(QAbstractTableModel):
    """Branches × (12 months, 全年, 达标率); a last row with the per-month count of compliant branches."""

    YEAR_COLUMN, RATE_COLUMN = 12, 13

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._grid: ComplianceGrid | None = None

    @property
    def grid(self) -> ComplianceGrid | None:
        return self._grid

    def set_grid(self, grid: ComplianceGrid | None) -> None:
        self.beginResetModel()
        self._grid = grid
        self.endResetModel()

    def _branches(self) -> int:
        return len(self._grid.rows) if self._grid else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._grid:
            return 0
        return self._branches() + 1  # the totals row

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 14

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 14:
            if section < 12:
                return month_name(section + 1, current_language())  # 1月 / Jan
            return _("全年") if section == self.YEAR_COLUMN else _("达标率")
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            if section == self._branches():
                return _("达标支部数")
            return self._grid.rows[section].branch_name  # type: ignore[union-attr]
        return None

    def cell(self, row: int, column: int):  # type: ignore[no-untyped-def]
        """The compliance Cell behind a grid cell, or None (totals row, rate column)."""
        if not self._grid or not (0 <= row < self._branches()):
            return None
        r = self._grid.rows[row]
        if column < 12:
            return r.months[column]
        return r.year if column == self.YEAR_COLUMN else None

    def text(self, row: int, column: int) -> str | None:
        """The text shown in a cell (also what the view sizes its columns by, without a model index per cell)."""
        grid = self._grid
        if grid is None:
            return None
        if row == len(grid.rows):
            if column < 12:
                return f"{grid.month_met[column]}/{len(grid.rows)}"
            return f"{grid.total.rate:.0%}" if column == self.RATE_COLUMN else ""
        if column == self.RATE_COLUMN:
            totals = grid.rows[row].totals
            return f"{totals.rate:.0%}" if totals.due else "—"
        cell = self.cell(row, column)
        if cell is None or cell.state is None:
            return None
        if cell.state is CellState.MISSED:
            return _("缺{n}项").format(n=len(cell.missed))
        return {CellState.MET: "✓", CellState.OPEN: _("进行中"), CellState.FUTURE: ""}[cell.state]

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if not self._grid or not _valid(index, self.rowCount(), 14):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == DISPLAY:
            return self.text(row, column)
        if row == self._branches():
            return None
        if column == self.RATE_COLUMN:
            if role == Qt.ItemDataRole.ToolTipRole:
                totals = self._grid.rows[row].totals
                return _("达标 {met} 项 / 应达标 {due} 项").format(met=totals.met, due=totals.due)
            return None
        cell = self.cell(row, column)
        if cell is None or cell.state is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return STATE_COLORS.get(cell.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [_("{kind}（{period}）：{state} {held}/{needed}").format(
                kind=_term(c.rule.kind), period=_(c.rule.period.value), state=_(c.state.value), held=c.held,
                needed=c.needed) for c in cell.checks]
            return "\n".join(lines)
        return None


# --- a member's sessions -------------------------------------------------------------------------------------------


class MemberSessionsModel(QAbstractTableModel):
    HEADERS = (N_("日期"), N_("会议类型"), N_("单位"), N_("主题"), N_("出勤"), N_("原因"), N_("学时"))

    def __init__(self, record: MemberRecord | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._record = record

    def set_record(self, record: MemberRecord) -> None:
        self.beginResetModel()
        self._record = record
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._record is None else len(self._record.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if self._record is None or not _valid(index, len(self._record.entries), len(self.HEADERS)):
            return None
        e = self._record.entries[index.row()]
        if role == ID_ROLE:
            return e.session_id
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            return STATUS_COLORS.get(AttendanceStatus(e.status))
        if role != DISPLAY:
            return None
        return (f"{e.session_date:%Y-%m-%d}", _term(e.kind), e.unit_name, e.topic, _term(e.status), e.reason,
                f"{e.hours:g}" if e.hours else "")[index.column()]


def month_name(month: int, language: str) -> str:
    """A month's short name in the language (1月 / Jan), from Qt's own locale data: Babel's took 35 ms to load at the
    学习记录 tab's first layout, and ~1 ms a call after that, dozens of calls per layout of the grid's header."""
    return _month_names(language)[month - 1]


@cache
def _month_names(language: str) -> tuple[str, ...]:
    locale = QLocale(language)
    return tuple(locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat) for month in range(1, 13))
