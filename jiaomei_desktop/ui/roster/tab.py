"""党员花名册 tab: search, filters, the roster table, and the actions on people."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.enums import DevelopmentStage, Gender, MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.i18n import _, ngettext
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.flow_layout import FlowLayout
from jiaomei_desktop.ui.ownership import OwnerMarker, make_read_only, record_owner
from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
from jiaomei_desktop.ui.roster.model import RosterModel
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from jiaomei_desktop.ui.tasks import BackgroundTask, Op
from jiaomei_desktop.ui.toolbar_row import ToolbarRow
from jiaomei_desktop.ui.widgets import set_column_widths

SEARCH_DELAY_MS = 120
_ALL = "__all__"
_STAGE = "stage:"


PARTY_MEMBERS = frozenset({PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY})

class RosterTab(QWidget):
    @staticmethod
    def title() -> str:
        return _("党员花名册")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._unit_id: str | None = None
        self._task: BackgroundTask | None = None
        self.model = RosterModel(ctx.store, self)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        ctx.data_changed.changed.connect(self._on_data_changed)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("搜索：姓名、拼音或首字母（如 wjg）、身份证号后几位、电话"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("全部政治面貌"), _ALL)
        self.status_filter.addItem(_("党员（正式+预备）"), "members")
        for status in PoliticalStatus:
            self.status_filter.addItem(_(status.value), status.value)
        # 发展阶段 is no 政治面貌 (a 群众 or 共青团员 on the way in): its own entries, by stage.
        self.status_filter.insertSeparator(self.status_filter.count())
        for stage in DevelopmentStage:
            self.status_filter.addItem(_("发展阶段：{stage}").format(stage=_(stage.value)), _STAGE + stage.value)
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(_("在册"), MembershipState.ACTIVE.value)
        self.state_filter.addItem(_("全部（含转出等）"), _ALL)
        for state in (MembershipState.TRANSFERRED_OUT, MembershipState.EXPELLED, MembershipState.DECEASED):
            self.state_filter.addItem(_(state.value), state.value)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.state_filter.currentIndexChanged.connect(self.apply_filters)
        self.count_label = QLabel(self)
        self.count_label.setProperty("role", "muted")

        self.new_button = self._button(_("新建"), self.new_record, accent=True)
        self.edit_button = self._button(_("编辑"), self.edit_current)
        self.change_button = self._button(_("党籍变动"), self.change_membership)
        self.history_button = self._button(_("修改记录"), self.show_history)
        self.study_button = self._button(_("学习记录"), self.show_study_record)
        self.study_button.setToolTip(_("查看选中人员的学习和出勤记录"))
        self.zones_button = self._button(_("责任区"), self.show_zones)
        self.zones_button.setToolTip(_("查看选中人员的党员责任区"))
        self.owner_marker = OwnerMarker(self)
        self.import_button = self._button(_("导入Excel"), self.import_excel)
        self.export_button = self._button(_("导出Excel"), self.export_excel)

        filters = FlowLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.state_filter, 1)
        filters.addWidget(self.count_label)
        actions = ToolbarRow()
        for button in (self.new_button, self.edit_button, self.change_button, self.history_button, self.study_button,
                       self.zones_button):
            actions.addWidget(button)
        actions.addWidget(self.owner_marker)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        # the indicator first: enabling sorting sorts by it at once (Qt's default is descending: a wasted query)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        set_column_widths(self.table, (90, 50, 100, 160, 100, 100, 220, 90, 120, 110, 70), {
            1: [_(g.value) for g in Gender],
            4: [*(_(s.value) for s in PoliticalStatus), _("{status}（{stage}）").format(
                status=_(PoliticalStatus.YOUTH_LEAGUE.value), stage=_(DevelopmentStage.ACTIVIST.value))],
            10: [_(s.value) for s in MembershipState]})
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel(self)
        self.empty_label.setProperty("role", "empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)
        self._update_buttons()

    def _button(self, text: str, slot, accent: bool = False) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        if accent:
            button.setProperty("accent", True)
        return button

    # -- filtering ---------------------------------------------------------------------------------------------
    def set_unit(self, unit_id: str | None) -> None:
        self._unit_id = unit_id
        self.apply_filters()

    def apply_filters(self) -> None:
        self._search_timer.stop()
        status = self.status_filter.currentData()
        stages: frozenset[DevelopmentStage] = frozenset()
        if status == _ALL:
            statuses: frozenset[PoliticalStatus] = frozenset()
        elif status == "members":
            statuses = PARTY_MEMBERS
        elif status.startswith(_STAGE):
            statuses, stages = frozenset(), frozenset({DevelopmentStage(status.removeprefix(_STAGE))})
        else:
            statuses = frozenset({PoliticalStatus(status)})
        state = self.state_filter.currentData()
        states = frozenset() if state == _ALL else frozenset({MembershipState(state)})
        query = replace(self.model.query, text=self.search.text(), unit_id=self._unit_id, statuses=statuses,
                        states=states, stages=stages)
        self.model.set_query(query)
        self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        query = self.model.query
        if n and not query.statuses and not query.stages:
            # the register holds 积极分子 and 群众 too, while the tree counts 党员: say both so the figures agree
            members = roster.count(self._ctx.store, replace(query, statuses=PARTY_MEMBERS))
            # ngettext: English needs "1 person" but "2 people"; Chinese has one form
            self.count_label.setText(ngettext("共 {n} 人，其中党员 {m} 人", "共 {n} 人，其中党员 {m} 人", n).format(n=n, m=members))
        else:
            self.count_label.setText(ngettext("共 {n} 人", "共 {n} 人", n).format(n=n))
        if n:
            self.stack.setCurrentWidget(self.table)
        else:
            filtered = bool(self.search.text().strip()) or self.status_filter.currentIndex() > 0
            self.empty_label.setText(
                _("没有符合条件的人员 — 换个关键字试试，或清空搜索框") if filtered
                else _("这里还没有人员 — 点击“新建”登记第一位党员，或点击“导入Excel”导入现有花名册")
            )
            self.stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def _on_data_changed(self, area: str) -> None:
        if area in ("roster", "org", "sync"):
            self.model.refresh()
            self._show_count()

    # -- actions -----------------------------------------------------------------------------------------------
    def current_person_id(self) -> str | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        person_id = self.current_person_id()
        has = person_id is not None
        owner = record_owner(self._ctx.store, "person", person_id) if has else None  # another office's: read-only
        self.edit_button.setEnabled(has and not owner)
        self.change_button.setEnabled(has and not owner)
        for button in (self.history_button, self.study_button, self.zones_button):
            button.setEnabled(has)
        self.owner_marker.show_owner(owner)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_record(self) -> None:
        self.open_form(None)

    def edit_current(self) -> None:
        person_id = self.current_person_id()
        if person_id:
            self.open_form(person_id)

    def _switch_form(self, dialog: PersonFormDialog, person_id: str) -> None:
        """Close this form and open the one of the person its link names."""
        dialog.reject()
        self.open_form(person_id)

    def open_form(self, person_id: str | None) -> PersonFormDialog:
        from jiaomei_desktop.services import roster

        person = roster.get_person(self._ctx.store, person_id) if person_id else None
        dialog = PersonFormDialog(self._ctx, person, default_branch_id=self._default_branch(), parent=self)
        dialog.saved.connect(self._after_save)
        dialog.open_person.connect(lambda other_id: self._switch_form(dialog, other_id))
        owner = record_owner(self._ctx.store, "person", person_id) if person_id else None
        if owner:
            make_read_only(dialog, owner)
        dialog.open()
        return dialog

    def _default_branch(self) -> str | None:
        """Where a new member goes unless the secretary picks otherwise: the selected 党支部 (a 党小组's branch);
        under a 党委 or 党总支 its only branch, or nothing when it has several, so the form asks. A member filed
        directly under a 党委 would be missing from every branch's attendance."""
        if not self._unit_id:
            return None
        units = org.list_units(self._ctx.store)
        by_id = {u.id: u for u in units}
        unit = by_id.get(self._unit_id)
        if unit is None:
            return None
        if unit.kind is UnitKind.PARTY_GROUP:
            return unit.parent_id
        if unit.kind is UnitKind.BRANCH:
            return unit.id
        branches = [u.id for u in units if u.kind is UnitKind.BRANCH and self._below(u, unit.id, by_id)]
        return branches[0] if len(branches) == 1 else None

    @staticmethod
    def _below(unit: org.UnitData, ancestor_id: str, by_id: dict[str, org.UnitData]) -> bool:
        parent = unit.parent_id
        while parent:
            if parent == ancestor_id:
                return True
            parent = by_id[parent].parent_id if parent in by_id else None
        return False

    def _after_save(self, person_id: str) -> None:
        self._ctx.data_changed.changed.emit("roster")
        row = self.model.row_of(person_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def change_membership(self) -> None:
        person_id = self.current_person_id()
        if not person_id:
            return
        dialog = MembershipDialog(self._ctx, person_id, self)
        dialog.accepted.connect(lambda: self._ctx.data_changed.changed.emit("roster"))
        dialog.open()

    def show_history(self) -> None:
        from jiaomei_desktop.ui.history_dialog import show_history

        person_id = self.current_person_id()
        if person_id:
            show_history(self, self._ctx, "person", person_id, self.model.data(self.table.currentIndex().siblingAtColumn(0)))

    def show_study_record(self) -> QWidget | None:
        from jiaomei_desktop.ui.study.member_dialog import show_member_record

        person_id = self.current_person_id()
        return show_member_record(self, self._ctx, person_id) if person_id else None

    def show_zones(self) -> QWidget | None:
        from jiaomei_desktop.ui.roster.zones_dialog import show_member_zones

        person_id = self.current_person_id()
        if not person_id:
            return None
        name = str(self.model.data(self.table.currentIndex().siblingAtColumn(0)) or "")
        return show_member_zones(self, self._ctx, person_id, name)

    def import_excel(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("选择花名册Excel文件"), "", _("Excel 文件 (*.xlsx)"))
        if not path:
            return
        from jiaomei_desktop.ui.roster.import_dialog import RosterImportDialog

        dialog = RosterImportDialog(self._ctx, Path(path), self._default_branch(), self)
        dialog.open()

    def export_excel(self) -> None:
        suggested = _("党员花名册") + f"-{date.today():%Y%m%d}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, _("导出花名册"), suggested, _("Excel 文件 (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> BackgroundTask:
        from jiaomei_desktop.services.roster_excel import export_roster

        query, store = self.model.query, self._ctx.store
        self._task = (Op(self, lambda progress: export_roster(store, query, path, progress))
                      .with_progress(_("正在导出花名册…"))
                      .success(lambda n: QMessageBox.information(
                          self, _("导出完成"), _("已导出 {n} 人到\n{path}").format(n=n, path=path)))
                      .failure_title(_("导出失败"))
                      .run())
        return self._task
