"""The 创新工作室 section of the 工作台账 tab, beside 改革创新 whose entries are the studios' output: the studios of the
unit chosen in the tree (year: working at some time in it; search, kind and level filters in memory), New / Edit /
Delete, 修改记录 (RegisterPanel.enable_history), Excel export; and the form (leader picked from the team, the leader's honour from the gallery,
alliance, closing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.contests import Worker, find_workers
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.registers.forms import (
    RegisterDialog,
    _combo,
    _pydate,
    _qdate,
    offer_workers,
    roster_finder,
)
from jiaomei_desktop.ui.registers.models import Column
from jiaomei_desktop.ui.registers.panel import ReadOnce, RegisterPanel, export_xlsx
from jiaomei_desktop.ui.unit_picker import searchable_units

_PERSON = Qt.ItemDataRole.UserRole  # a team line's person id


def _state(r: st.StudioRow) -> str:
    if r.closed_on:
        return _("{day}撤销").format(day=r.closed_on.isoformat())
    return _("运行中")


STUDIO_COLUMNS = (
    Column(N_("工作室名称"), lambda r: r.name),
    Column(N_("类别"), lambda r: _(r.kind)),
    Column(N_("级别"), lambda r: _(r.level)),
    Column(N_("单位"), lambda r: r.unit_name),
    Column(N_("领衔人"), lambda r: r.leader_name),
    Column(N_("成员"), lambda r: len(r.members), right=True),
    Column(N_("成立日期"), lambda r: r.founded_on.isoformat()),
    Column(N_("项目与成果"), lambda r: r.results, right=True),
    Column(N_("专利"), lambda r: r.patents, right=True),
    Column(N_("获奖"), lambda r: r.awards, right=True),
    Column(N_("状态"), _state),
    Column(N_("联盟"), lambda r: r.alliance),  # last: the stretched column holds text
)


COLUMN_WIDTHS = (168, 100, 52, 122, 60, 40, 90, 72, 40, 40, 116)  # the last column (联盟) stretches


def summary_text(rows: list[Any]) -> str:
    return _(
        "工作室{n}个（运行中{open}个），成员{people}名，加入联盟{alliance}个；项目与成果{results}项、专利{patents}项、获奖{awards}项"
    ).format(
        n=len(rows),
        open=sum(1 for r in rows if r.closed_on is None),
        people=len({m.person_id for r in rows for m in r.members}),
        alliance=sum(1 for r in rows if r.alliance),
        results=sum(r.results for r in rows),
        patents=sum(r.patents for r in rows),
        awards=sum(r.awards for r in rows),
    )


class StudiosPanel(RegisterPanel):
    """`run(dialog, row)` shows a form (read-only for another office's row) and says whether it was saved."""

    size_columns_once = True

    def __init__(
        self,
        ctx: AppContext,
        years: list[int],
        run: Callable[[QDialog, Any | None], bool],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self._ctx, self.today, self._run = ctx, today, run
        # the (unit, year)'s studios read once: search, kind and level filter them in memory
        self.kept: ReadOnce[st.StudioRow] = ReadOnce(lambda unit_id, year: st.list_studios(ctx.store, unit_id, year))
        self.search = QLineEdit()
        self.kind_filter = QComboBox()
        self.level_filter = QComboBox()
        super().__init__(
            STUDIO_COLUMNS,
            self._load_rows,
            self._dialog,
            lambda row: st.delete_studio(ctx.store, row.id),
            summary_text,
            _("还没有创新工作室 — 点击“新建”登记劳模、职工或党员创新工作室，再在“改革创新”中把成果关联到工作室"),
            years,
            parent,
            store=ctx.store,
        )
        # sizing the columns to their text asked data() some 5,000 times and was most of the section's first showing
        closed = _("{day}撤销").format(day="2026-01-01")
        terms = {1: [_(k.value) for k in StudioKind], 2: [_(v.value) for v in StudioLevel], 10: [_("运行中"), closed]}
        self.fix_column_widths(COLUMN_WIDTHS, terms)
        self.year_combo.setToolTip(_("选择年度时，列出该年内运行过的工作室"))
        for widget in (self.search, self.kind_filter, self.level_filter):
            widget.setParent(self)
        self.search.setPlaceholderText(_("搜索名称、单位、成员或联盟"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.kind_filter.addItem(_("全部类别"), "")
        for kind in StudioKind:
            self.kind_filter.addItem(_(kind.value), kind.value)
        self.level_filter.addItem(_("全部级别"), "")
        for level in reversed(StudioLevel):
            self.level_filter.addItem(_(level.value), level.value)
        self.enable_history("innovation_studio", lambda row: row.name)
        self.history_restored.connect(lambda: ctx.data_changed.changed.emit("registers"))
        self.export_button = self.add_button(_("导出Excel"), lambda: self.export())
        self.toolbar.insertWidget(0, self.search, 2)
        self.toolbar.insertWidget(1, self.kind_filter)
        self.toolbar.insertWidget(2, self.level_filter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.filter_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.filter_changed())
        self.level_filter.currentIndexChanged.connect(lambda _i: self.filter_changed())
        # a studio's output counts change with the innovation register, its team with the roster
        ctx.data_changed.changed.connect(self._on_data_changed)
        self._update_buttons()

    def _on_data_changed(self, area: str) -> None:
        if area in ("registers", "roster", "honor", "org", "sync"):
            self.refresh()

    def _load_rows(self, unit_id: str | None, year: int | None) -> list[st.StudioRow]:
        return st.filter_studios(
            self.kept(unit_id, year),
            self.search.text(),
            self.kind_filter.currentData() or None,
            self.level_filter.currentData() or None,
        )

    def _dialog(self, row: Any | None) -> bool:
        store = self._ctx.store
        existing = st.get_studio(store, row.id) if row else None
        dialog = StudioDialog(store, unit_choices(store, self.unit_id), existing, self.unit_id, self, self.today)
        return self._run(dialog, row)

    def export(self, path: Path | None = None) -> int | None:
        return export_xlsx(
            self, _("导出创新工作室"), _("创新工作室.xlsx"), path, lambda p: st.export_studios(self.model.rows(), p)
        )


class StudioDialog(RegisterDialog):
    """A studio and its team: roster people found by name (the first one added leads until another is made 领衔人);
    the leader's honour chosen among the leader's honours in the gallery. Checked as the user types
    (services.studios.check_studio)."""

    def __init__(
        self,
        store: Store,
        units: list[tuple[str, str]],
        existing: st.StudioData | None = None,
        default_unit: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(store, _("修改创新工作室") if existing else _("新建创新工作室"), parent)
        self.existing, self.today = existing, today or date.today()
        e = existing
        self._leader: str | None = e.leader_id if e else None
        self._found: list[Worker] = []
        self.name = self.add_field("name", _("工作室名称"), QLineEdit(e.name if e else "", self))
        self.name.setPlaceholderText(_("例如 王建国劳模创新工作室"))
        self.kind = self.add_field(
            "kind",
            _("类别"),
            _combo(self, [(k.value, _(k.value)) for k in StudioKind], e.kind if e else StudioKind.MODEL_WORKER.value),
        )
        self.level = self.add_field(
            "level",
            _("级别"),
            _combo(self, [(v.value, _(v.value)) for v in StudioLevel], e.level if e else StudioLevel.MINE.value),
        )
        self.unit = self.add_field(
            "unit_id", _("单位"), searchable_units(_combo(self, units, e.unit_id if e else default_unit))
        )
        self.members = self.add_field("members", _("成员"), QListWidget(self))
        self.members.setMaximumHeight(96)
        self.finder = roster_finder(self, _("输入姓名、拼音或首字母查找花名册人员"))
        finder_line = self.finder.lineEdit()
        assert finder_line is not None  # a roster finder is editable
        finder_line.textEdited.connect(self._search)
        self.finder.activated.connect(lambda _i: self.add_found())
        lead = QPushButton(_("设为领衔人"), self)
        lead.clicked.connect(self.make_lead)
        remove = QPushButton(_("移除"), self)
        remove.clicked.connect(self.remove_current)
        row = QHBoxLayout()
        row.addWidget(self.finder, 1)
        row.addWidget(lead)
        row.addWidget(remove)
        self.form.addRow("", row)
        self.leader_label = self.add_field("leader_id", _("领衔人"), QLabel(self))
        self.honor = self.add_field("leader_honor_id", _("领衔人荣誉"), QComboBox(self))
        self.honor.setToolTip(_("领衔人在先进典型中的荣誉（如劳动模范），可不关联"))
        for person_id in e.members if e else ():
            self._add(person_id, self._name_of(person_id))
        self._fill_honors(e.leader_honor_id if e else None)
        self.founded = self.add_field(
            "founded_on", _("成立日期"), _date_edit((e.founded_on if e else None) or self.today, self)
        )
        self.focus = self.add_field("focus", _("攻关方向"), QPlainTextEdit(e.focus or "" if e else "", self))
        self.focus.setMaximumHeight(48)
        self.alliance = self.add_field(
            "alliance",
            _("联盟"),
            _combo(self, [("", "")] + [(a, a) for a in st.alliances(store)], e.alliance or "" if e else "", True),
        )
        self.alliance.setToolTip(_("加入的创新工作室联盟，例如 河南省劳模创新工作室联盟；未加入请留空"))
        self.joined = self.add_field(
            "alliance_joined_on",
            _("加入联盟日期"),
            _date_edit((e.alliance_joined_on if e else None) or self.today, self),
        )
        self.alliance.currentTextChanged.connect(lambda text: self.joined.setEnabled(bool(text.strip())))
        self.joined.setEnabled(bool(e and e.alliance))
        self.closing = QPushButton(_("撤销…"), self)
        self.closing.setCheckable(True)
        self.closing.setChecked(bool(e and e.closed_on))
        self.closing.setToolTip(_("工作室停止运行：填写撤销日期和原因（已有成果的工作室不删除，只撤销）"))
        self.form.addRow("", self.closing)
        self.closed = self.add_field(
            "closed_on", _("撤销日期"), _date_edit((e.closed_on if e else None) or self.today, self)
        )
        self.reason = self.add_field("close_reason", _("撤销原因"), QLineEdit(e.close_reason or "" if e else "", self))
        self.closing.toggled.connect(self._closing_toggled)
        self._closing_toggled(self.closing.isChecked())
        self.validate()

    # the team ------------------------------------------------------------------------------------------------------
    def _name_of(self, person_id: str) -> str:
        from jiaomei_desktop.services.honors.records import person_choice

        choice = person_choice(self.store, person_id)
        return choice.name if choice else person_id

    def _search(self, text: str) -> None:
        self._found = find_workers(self.store, text, 20)
        offer_workers(self.finder, self._found, text)

    def add_found(self) -> None:
        index = self.finder.currentIndex()
        if 0 <= index < len(self._found):
            w = self._found[index]
            self._add(w.id, w.name)
            self.finder.setEditText("")

    def add_person(self, person_id: str, name: str) -> None:
        """Add a roster person to the team (the finder's action; tests call it directly)."""
        self._add(person_id, name)

    def _add(self, person_id: str, name: str) -> None:
        item = QListWidgetItem(name, self.members)
        item.setData(_PERSON, person_id)
        if self._leader is None:
            self._leader = person_id
        self._relabel()

    def make_lead(self) -> None:
        item = self.members.currentItem()
        if item is not None:
            self._leader = item.data(_PERSON)
            self._relabel()

    def remove_current(self) -> None:
        row = self.members.currentRow()
        if row < 0:
            return
        item = self.members.takeItem(row)
        if item is not None and item.data(_PERSON) == self._leader:
            first = self.members.item(0)
            self._leader = first.data(_PERSON) if first is not None else None
        self._relabel()

    def _relabel(self) -> None:
        leader_name = ""
        for i in range(self.members.count()):
            item = self.members.item(i)
            name = item.text().removesuffix(_("（领衔人）"))
            if item.data(_PERSON) == self._leader:
                leader_name = name
                name += _("（领衔人）")
            item.setText(name)
        self.leader_label.setText(leader_name or _("（请在成员中选定）"))
        self._fill_honors(self.honor.currentData() if self.honor.count() else None)
        self._timer.start()

    def _fill_honors(self, current: str | None) -> None:
        with QSignalBlocker(self.honor):
            self.honor.clear()
            self.honor.addItem(_("（不关联）"), "")
            for honor_id, label in st.leader_honors(self.store, self._leader):
                self.honor.addItem(label, honor_id)
            self.honor.setCurrentIndex(max(0, self.honor.findData(current)) if current else 0)

    def team(self) -> tuple[str, ...]:
        return tuple(self.members.item(i).data(_PERSON) for i in range(self.members.count()))

    def _closing_toggled(self, on: bool) -> None:
        self.closed.setEnabled(on)
        self.reason.setEnabled(on)
        self._timer.start()

    # RegisterDialog ------------------------------------------------------------------------------------------------
    def data(self) -> st.StudioData:
        alliance = self.alliance.currentText().strip()
        closed = self.closing.isChecked()
        return st.StudioData(
            name=self.name.text(),
            kind=self.kind.currentData() or "",
            level=self.level.currentData() or "",
            unit_id=self.unit.currentData(),
            founded_on=_pydate(self.founded),
            members=self.team(),
            leader_id=self._leader,
            leader_honor_id=self.honor.currentData() or None,
            focus=self.focus.toPlainText(),
            alliance=alliance or None,
            alliance_joined_on=_pydate(self.joined) if alliance else None,
            closed_on=_pydate(self.closed) if closed else None,
            close_reason=self.reason.text() if closed else None,
            id=self.existing.id if self.existing else None,
        )

    def check(self, data: st.StudioData) -> dict[str, str]:
        return st.check_studio(self.store, data, self.today)

    def write(self, data: st.StudioData) -> str:
        return st.save_studio(self.store, data, self.today)


def _date_edit(value: date, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
