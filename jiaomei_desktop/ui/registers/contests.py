"""The 技术比武 section of the 工作台账 tab: the contests of the unit chosen in the tree (year and trade filters),
New / Edit / Delete, 成绩 (the results list: roster workers with their party status or typed-in names, scores and
placings), 授予荣誉 (winners into the gallery, once), 成绩公布 (the wall sheet as PDF), 统计 (per trade and unit)
and Excel export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.contests import HONOUR_CATEGORIES, WINNER_PLACES_MAX, ContestLevel, EntrantData
from jiaomei_desktop.domain.vocab import TRADES
from jiaomei_desktop.i18n import N_, _, ngettext
from jiaomei_desktop.reports.contest_results import render_contest_results
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.registers.forms import HINT_ROOM, RegisterDialog, _combo, _combo_value, _pydate, _qdate
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import RegisterPanel, export_xlsx
from jiaomei_desktop.ui.registers.tables_dialog import Table, TablesDialog
from jiaomei_desktop.ui.unit_picker import searchable_units

Index = QModelIndex | QPersistentModelIndex
ALL_TRADES = ""

EVENT_COLUMNS = (
    Column(N_("比武日期"), lambda r: r.event_date.isoformat()),
    Column(N_("比武名称"), lambda r: r.name),
    Column(N_("工种"), lambda r: r.trade),
    Column(N_("级别"), lambda r: _(r.level)),
    Column(N_("参赛"), lambda r: r.entrants, right=True),
    Column(N_("获奖"), lambda r: r.winners, right=True),
    Column(N_("已授荣誉"), lambda r: r.honoured, right=True),
    Column(N_("登记单位"), lambda r: r.unit_name),
    Column(N_("主办单位"), lambda r: r.organiser),  # last: the stretched column holds text, not a count
)
FIGURE_COLUMNS = (
    Column(N_("工种 / 单位"), lambda r: r.key),
    Column(N_("参赛人数"), lambda r: r.entrants, right=True),
    Column(N_("获奖人数"), lambda r: r.winners, right=True),
    Column(N_("其中党员"), lambda r: r.member_winners, right=True),
)



class ContestsPanel(RegisterPanel):
    """`run(dialog, row)` shows a form (read-only for another office's row) and says whether it was saved."""

    size_columns_once = True

    def __init__(
        self,
        store: Store,
        years: list[int],
        run: Callable[[QDialog, Any | None], bool],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self._store_ref, self.today, self._run = store, today, run
        self.trade_combo = QComboBox()
        super().__init__(
            EVENT_COLUMNS,
            self._rows,
            self._event_dialog,
            lambda row: ct.delete_event(store, row.id),
            self._summary_text,
            _("还没有技术比武记录 — 点击“新建”登记一次比武"),
            years,
            parent,
            store=store,
        )
        self.trade_combo.setParent(self)
        self._fill_trades()
        self.trade_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.results_button = self.add_button(_("成绩"), self.edit_results)
        self.grant_button = self.add_button(
            _("授予荣誉"), self.grant_current, _("把获奖名次的选手记入先进典型（每人只记一次）"))
        self.sheet_button = self.add_button(_("成绩公布"), lambda: self.save_sheet())
        self.figures_button = self.add_button(_("统计"), self.show_figures)
        self.export_button = self.add_button(_("导出Excel"), lambda: self.export())
        self.insert_filter(self.trade_combo)
        self.enable_history("contest_event", lambda row: row.name)

    def _fill_trades(self) -> None:
        current = self.trade_combo.currentData()
        self.trade_combo.blockSignals(True)
        self.trade_combo.clear()
        self.trade_combo.addItem(_("全部工种"), ALL_TRADES)
        for trade in ct.trades(self._store_ref):
            self.trade_combo.addItem(trade, trade)
        self.trade_combo.setCurrentIndex(max(0, self.trade_combo.findData(current)) if current else 0)
        self.trade_combo.blockSignals(False)

    def _rows(self, unit_id: str | None, year: int | None) -> list[ct.EventRow]:
        return ct.list_events(self._store_ref, unit_id, year, self.trade_combo.currentData() or None)

    @staticmethod
    def _summary_text(rows: list[Any]) -> str:
        return _("比武{n}次，参赛{entrants}人次，获奖{winners}人次，已记入先进典型{honoured}人次").format(
            n=len(rows),
            entrants=sum(r.entrants for r in rows),
            winners=sum(r.winners for r in rows),
            honoured=sum(r.honoured for r in rows),
        )

    def _update_buttons(self) -> None:
        super()._update_buttons()
        if not hasattr(self, "export_button"):
            return  # called from the base constructor before the extra buttons exist
        rows = self.selected_rows()
        one = len(rows) == 1
        self.results_button.setEnabled(one)  # another office's results open read-only
        self.grant_button.setEnabled(one and self.edit_button.isEnabled() and rows[0].winners > rows[0].honoured)
        self.sheet_button.setEnabled(one and rows[0].entrants > 0)

    # actions ---------------------------------------------------------------------------------------------------
    def _event_dialog(self, row: Any | None) -> bool:
        existing = ct.get_event(self._store_ref, row.id) if row else None
        dialog = EventDialog(
            self._store_ref, unit_choices(self._store_ref, self.unit_id), existing, self.unit_id, self, self.today
        )
        saved = self._run(dialog, row)
        if saved:
            self._fill_trades()
        return saved

    def edit_results(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._run(ResultsDialog(self._store_ref, rows[0], self, self.today), rows[0]):
            self.refresh()

    def grant_current(self) -> ct.Grant | None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        try:
            grant = ct.grant_honours(self._store_ref, rows[0].id, self.today)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法授予荣誉"), str(exc))
            return None
        text = _("已记入先进典型{created}人，此前已记入{already}人。").format(
            created=grant.created, already=grant.already
        )
        if grant.not_on_roster:
            text += _("未在花名册中的获奖选手不能记入先进典型：{names}。").format(
                names=_("、").join(grant.not_on_roster)
            )
        QMessageBox.information(self, _("授予荣誉"), text)
        self.refresh()
        return grant

    def save_sheet(self, path: Path | None = None) -> Path | None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return None
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("保存成绩公布"), _("{name}成绩公布.pdf").format(name=rows[0].name), _("PDF 文件 (*.pdf)")
            )
            if not name:
                return None
            path = Path(name)
        try:
            path.write_bytes(render_contest_results(ct.results_sheet(self._store_ref, rows[0].id)))
        except (ServiceError, ReportError) as exc:
            QMessageBox.warning(self, _("无法生成成绩公布"), str(exc))
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("无法保存"), _("文件无法写入：{error}").format(error=exc.strerror or exc))
            return None
        return path

    def show_figures(self) -> None:
        FiguresDialog(ct.figures(self._store_ref, self.unit_id, self.year), self).exec()

    def export(self, path: Path | None = None) -> int | None:
        return export_xlsx(
            self, _("导出技术比武"), _("技术比武.xlsx"), path,
            lambda p: ct.export_events(self._store_ref, self.model.rows(), p),
        )


class EventDialog(RegisterDialog):
    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: ct.EventData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改技术比武") if existing else _("新建技术比武"), parent)
        self.existing, self.today = existing, today
        e = existing
        self.name = self.add_field("name", _("比武名称"), QLineEdit(e.name if e else "", self))
        self.day = self.add_field("event_date", _("比武日期"), QDateEdit(_qdate(e.event_date if e else today), self))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.trade = self.add_field(
            "trade", _("工种"), _combo(self, [(t, t) for t in TRADES], e.trade if e else None, editable=True)
        )
        if not e:
            self.trade.setEditText("")
        self.level = self.add_field(
            "level",
            _("主办级别"),
            _combo(
                self,
                [(lv.value, _("{level}级").format(level=_(lv.value))) for lv in ContestLevel],
                e.level if e else ContestLevel.MINE.value,
            ),
        )
        self.organiser = self.add_field("organiser", _("主办单位"), QLineEdit(e.organiser if e else "", self))
        self.organiser.setPlaceholderText(_("如：赵固一矿工会、焦煤集团工会、河南省总工会"))
        self.unit = self.add_field(
            "unit_id",
            _("登记单位"),
            searchable_units(_combo(self, [("", _("（请选择）")), *units], e.unit_id if e else default_unit)),
        )
        self.category = self.add_field(
            "honour_category",
            _("获奖荣誉"),
            _combo(
                self,
                [(c, _(c)) for c in HONOUR_CATEGORIES],
                e.honour_category if e else HONOUR_CATEGORIES[0],
                editable=True,
            ),
        )
        self.places = self.add_field("winner_places", _("获奖名次"), QSpinBox(self))
        self.places.setRange(1, WINNER_PLACES_MAX)
        self.places.valueChanged.connect(self._word_places)
        self.places.setValue(e.winner_places if e else 3)
        self._word_places(self.places.value())
        self.ties = QCheckBox(_("允许并列名次"), self)
        self.ties.setChecked(bool(e and e.ties_allowed))
        self.percent = QCheckBox(_("百分制（成绩0至100分）"), self)
        self.percent.setChecked(e.percent_scale if e else True)
        self.form.addRow("", self.ties)
        self.form.addRow("", self.percent)
        for box in (self.ties, self.percent):
            box.toggled.connect(lambda *_a: self._timer.start())
        self.rules = self.add_field("rules", _("评分办法"), QPlainTextEdit(e.rules or "" if e else "", self))
        self.rules.setMaximumHeight(70)
        self.validate()

    def _word_places(self, n: int) -> None:
        """“第1至{n}名” as one pattern, the count deciding the word (prefix 第1至 and suffix 名 read “Top 1 places”):
        the box shows the pattern's text either side of the number."""
        before, _n, after = ngettext("第1至{n}名", "第1至{n}名", n).partition("{n}")
        self.places.setPrefix(before)
        self.places.setSuffix(after)

    def data(self) -> ct.EventData:
        return ct.EventData(
            name=self.name.text(),
            event_date=_pydate(self.day),
            trade=_combo_value(self.trade),
            level=self.level.currentData() or "",
            organiser=self.organiser.text(),
            unit_id=self.unit.currentData() or None,
            rules=self.rules.toPlainText(),
            ties_allowed=self.ties.isChecked(),
            percent_scale=self.percent.isChecked(),
            winner_places=self.places.value(),
            honour_category=_combo_value(self.category),
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: ct.EventData) -> dict[str, str]:
        return ct.check_event(self.store, data, self.today)

    def write(self, data: ct.EventData) -> str:
        return ct.save_event(self.store, data, self.today)


# -- the results list -----------------------------------------------------------------------------------------------
@dataclass
class _Line:
    name: str
    unit_id: str
    unit_name: str
    person_id: str | None
    party_status: str
    score: float | None = None
    placing: int | None = None
    id: str | None = None


ENTRANT_HEADERS = (N_("名次"), N_("姓名"), N_("政治面貌"), N_("单位"), N_("成绩"))
PLACING, NAME, STATUS, UNIT, SCORE = range(5)


class EntrantsModel(QAbstractTableModel):
    """The results list being edited: 名次 and 成绩 are edited in the table (empty = none); a text that is no number
    is refused by setData, so the table never holds one."""

    def __init__(self, lines: list[_Line], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines

    def lines(self) -> list[_Line]:
        return list(self._lines)

    def add(self, line: _Line) -> None:
        self.beginInsertRows(QModelIndex(), len(self._lines), len(self._lines))
        self._lines.append(line)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._lines[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ENTRANT_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(ENTRANT_HEADERS)
        ):
            return _(ENTRANT_HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (PLACING, SCORE) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self._lines)
            or not 0 <= index.column() < len(ENTRANT_HEADERS)
        ):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = index.column() in (PLACING, SCORE)
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, index.column())
        return None

    @staticmethod
    def _text(line: _Line, column: int) -> str:
        if column == PLACING:
            return "" if line.placing is None else str(line.placing)
        if column == SCORE:
            return "" if line.score is None else f"{line.score:g}"
        if column == STATUS:
            return _(line.party_status) if line.party_status else _("（未在花名册）")
        return line.name if column == NAME else line.unit_name

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() not in (PLACING, SCORE)
            or not 0 <= index.row() < len(self._lines)
        ):
            return False
        text = str(value or "").strip()
        try:
            number: float | int | None = None if not text else (int(text) if index.column() == PLACING else float(text))
        except ValueError:
            return False
        line = self._lines[index.row()]
        if index.column() == PLACING:
            line.placing = number  # type: ignore[assignment]
        else:
            line.score = number
        self.dataChanged.emit(index, index)
        return True


class ResultsDialog(QDialog):
    """The results list of one contest: add roster workers (found by name or pinyin) or typed-in names, edit 名次
    and 成绩 in the table, save the whole list at once (every rule checked, nothing written when one fails)."""

    def __init__(
        self, store: Store, event: ct.EventRow, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("成绩：{name}").format(name=event.name))
        self.setMinimumSize(720, 520)
        self.store, self.contest, self.today = store, event, today
        lines = [
            _Line(r.name, r.unit_id, r.unit_name, r.person_id, r.party_status, r.score, r.placing, r.id)
            for r in ct.list_entrants(store, event.id)
        ]
        self.model = EntrantsModel(lines, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)  # long unit names
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("输入姓名或拼音查找花名册人员"))
        self.found = QComboBox(self)
        self.found.setPlaceholderText(_("（输入姓名后在此选择）"))
        self.add_person_button = QPushButton(_("添加"), self)
        self.search.textChanged.connect(self._find)
        self.add_person_button.clicked.connect(self.add_found)
        self.other_name = QLineEdit(self)
        self.other_name.setPlaceholderText(_("花名册以外的选手姓名"))
        self.other_unit = searchable_units(_combo(self, [("", _("（选择单位）")), *unit_choices(store, None)], None))
        self.add_other_button = QPushButton(_("添加"), self)
        self.add_other_button.clicked.connect(self.add_other)
        self.remove_button = QPushButton(_("移除选中"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        hint = QLabel(
            _("双击“名次”“成绩”录入；{rule}").format(
                rule=_("允许并列名次") if ct.get_event(store, event.id).ties_allowed else _("不设并列名次")
            ),
            self,
        )
        hint.setProperty("role", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        # one grid for the two ways of adding: their fields and buttons line up whatever the labels' widths
        adding = QGridLayout()
        for row, (label, first, second, add) in enumerate((
            (_("花名册人员"), self.search, self.found, self.add_person_button),
            (_("其他选手"), self.other_name, self.other_unit, self.add_other_button),
        )):
            for column, widget in enumerate((QLabel(label, self), first, second, add)):
                adding.addWidget(widget, row, column)
        for edit in (self.search, self.other_name):
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + HINT_ROOM)
        adding.setColumnStretch(1, 1)
        adding.setColumnStretch(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _find(self, text: str) -> None:
        self.found.clear()
        for worker in ct.find_workers(self.store, text):
            status = _(worker.party_status) if worker.party_status else ""
            self.found.addItem(
                _("{name}（{unit}，{status}）").format(name=worker.name, unit=worker.unit_name, status=status), worker
            )
        if self.found.count():
            self.found.setCurrentIndex(0)  # the best match, ready for 添加 (a combo with a placeholder starts at none)

    def add_found(self) -> None:
        worker = self.found.currentData()
        if worker is None:
            self.error.setText(_("请先查找并选择花名册人员"))
            return
        self.model.add(_Line(worker.name, worker.unit_id, worker.unit_name, worker.id, worker.party_status))
        self.error.clear()

    def add_other(self) -> None:
        name, unit_id = self.other_name.text().strip(), self.other_unit.currentData()
        if not name or not unit_id:
            self.error.setText(_("请填写选手姓名并选择其单位"))
            return
        self.model.add(_Line(name, unit_id, self.other_unit.currentText(), None, ""))
        self.other_name.clear()
        self.error.clear()

    def remove_selected(self) -> None:
        for index in sorted((i.row() for i in self.table.selectionModel().selectedRows()), reverse=True):
            self.model.remove(index)

    def entrants(self) -> list[EntrantData]:
        return [EntrantData(x.name, x.unit_id, x.person_id, x.score, x.placing, x.id) for x in self.model.lines()]

    def save(self) -> None:
        try:
            ct.save_entrants(self.store, self.contest.id, self.entrants(), self.today)
        except ValidationFailed as exc:
            self.error.setText(str(exc))
            return
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法保存"), str(exc))
            return
        self.accept()


class FiguresDialog(TablesDialog):
    """Entrants, winners and party members among winners, per trade and per unit."""

    def __init__(self, figures: ct.Figures, parent: QWidget | None = None) -> None:
        summary = _("比武{events}次，参赛{entrants}人次，获奖{winners}人次，其中党员{members}人次").format(
            events=figures.events, entrants=figures.entrants, winners=figures.winners, members=figures.member_winners
        )
        super().__init__(_("技术比武统计"), summary, [
            Table(FIGURE_COLUMNS, figures.by_trade, _("按工种"), stretch=0),
            Table(FIGURE_COLUMNS, figures.by_unit, _("按单位"), stretch=0),
        ], parent)
        self.setMinimumSize(560, 480)
        self.trade_model, self.unit_model = self.models
