"""修改记录: the changes of one record (who, when, what was before and after) and putting it back to a state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.person import FIELD_LABELS
from jiaomei_desktop.i18n import N_, _, join_list
from jiaomei_desktop.services import history, ownership
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.widgets import close_buttons

ACTION_LABELS = {
    "insert": N_("新建"),
    "update": N_("修改"),
    "delete": N_("删除"),
    "undelete": N_("取消删除"),
    "purge": N_("彻底删除"),
}
# Columns kept for search and sorting only: they follow the name and ID number and mean nothing to a reader.
HIDDEN_FIELDS = frozenset({"name_sort", "search_text"})
EXTRA_LABELS = {
    "deleted": N_("已删除"), "unit_id": N_("单位"), "kind": N_("类型"), "lecture_form": N_("党课形式"),
    "session_date": N_("日期"), "start_time": N_("开始时间"), "end_time": N_("结束时间"), "place": N_("地点"),
    "host_id": N_("主持人"), "host_name": N_("主持人"), "recorder_id": N_("记录人"), "recorder_name": N_("记录人"),
    "lecturer_id": N_("授课人"), "lecturer_name": N_("授课人"), "topic": N_("主题"), "content": N_("内容"),
    "resolutions": N_("决议"), "safety_flag": N_("安全生产"), "hours": N_("学时"), "mentor_id": N_("师傅"),
    "mentee_id": N_("徒弟"), "goals": N_("目标"), "start_date": N_("开始日期"), "planned_end_date": N_("计划出师日期"),
    "state": N_("状态"), "end_date": N_("结束日期"), "final_evaluation": N_("出师评价"), "end_reason": N_("结束原因"),
    "person_id": N_("人员"), "category": N_("类别"), "level": N_("级别"), "awarding_body": N_("授予单位"),
    "award_date": N_("授予日期"), "deeds": N_("事迹"), "name_sort": N_("排序"), "owner_unit_id": N_("维护单位"),
}


# The registers' columns (and their child lists, db.models.history.CHILD_LISTS), where a name means something else
# than in EXTRA_LABELS or is not there.
TABLE_LABELS: dict[str, dict[str, str]] = {
    "identity_post": {
        "kind": N_("类别"), "name": N_("岗位名称"), "place": N_("地点"), "duties": N_("岗位职责"), "pledge": N_("承诺"),
        "listed_on": N_("挂牌日期"), "delisted_on": N_("摘牌日期"), "delist_reason": N_("摘牌原因"), "members": N_("成员"),
    },
    "inspection_team": {
        "name": N_("督导组名称"), "notes": N_("备注"), "members": N_("成员"), "duties": N_("值班表"),
    },
    "inspection": {
        "inspection_date": N_("督导日期"), "team_id": N_("督导组"), "unit_id": N_("被督导单位"), "kind": N_("问题类别"),
        "description": N_("督导情况"), "person_id": N_("涉及人员"), "person_name": N_("涉及人员"),
        "rectify": N_("需要整改"), "requirement": N_("整改要求"), "photos": N_("照片"),
        # the 整改's 13710 item, as this form edits it (db.models.history.LINKED_ROWS)
        "deadline": N_("整改期限"), "done_date": N_("整改完成日期"), "confirmed_by": N_("整改确认人"),
    },
    "supervision_task": {
        "title": N_("督办事项"), "session_id": N_("作出决定的会议"), "unit_id": N_("责任单位"), "person_name": N_("责任人"),
        "start_date": N_("交办日期"), "tier_days": N_("办理时限（天）"), "deadline": N_("办结期限"),
        "done_date": N_("办结日期"), "confirmed_by": N_("确认人"), "inspection_id": N_("督导检查"),
        "progress": N_("进展"),
    },
    "contest_event": {
        "name": N_("比武名称"), "event_date": N_("比武日期"), "trade": N_("工种"), "level": N_("主办级别"),
        "organiser": N_("主办单位"), "rules": N_("评分办法"), "ties_allowed": N_("允许并列名次"),
        "percent_scale": N_("百分制"), "winner_places": N_("获奖名次数"), "honour_category": N_("授予荣誉"),
        "entrants": N_("参赛人员与成绩"),
    },
    "standard_assessment": {
        "branch_id": N_("党支部"), "year": N_("年度"), "assessed_on": N_("自评日期"), "assessor": N_("自评人"),
        "scores": N_("各项得分"), "total": N_("总分"), "note": N_("说明"),
    },
    "standard_acceptance": {
        "assessment_id": N_("自评"), "unit_id": N_("验收单位"), "result": N_("验收结果"), "accepted_on": N_("验收日期"),
        "accepted_by": N_("验收人"), "note": N_("说明"),
    },
    "responsibility_zone": {
        "person_id": N_("责任人"), "zone_name": N_("责任区名称"), "scope_people": N_("责任范围（人员）"),
        "scope_equipment": N_("责任范围（设备）"), "duties": N_("职责"),
    },
    "worker_deed": {
        "item": N_("实事内容"), "deed_date": N_("日期"), "person_times": N_("受益人次"), "amount_fen": N_("金额（元）"),
        "notes": N_("备注"),
    },
    "branch_brand": {
        "unit_id": N_("党支部"), "name": N_("品牌名称"), "description": N_("品牌简介"), "year": N_("创建年度"),
        "own_brand": N_("一支部一品牌"),
    },
    "innovation_item": {
        "title": N_("名称"), "year": N_("年度"), "people": N_("完成人"), "notes": N_("备注"),
        "award_level": N_("获奖级别"), "task_state": N_("任务状态"), "studio_id": N_("创新工作室"),
    },
    "innovation_studio": {
        "name": N_("工作室名称"), "leader_id": N_("领衔人"), "leader_honor_id": N_("领衔人荣誉"),
        "founded_on": N_("成立日期"), "focus": N_("攻关方向"), "alliance": N_("联盟"),
        "alliance_joined_on": N_("加入联盟日期"), "closed_on": N_("撤销日期"), "close_reason": N_("撤销原因"),
        "members": N_("成员"),
    },
}


def field_label(table_name: str, field: str) -> str:
    if table_name == "person" and field in FIELD_LABELS:
        return _(FIELD_LABELS[field])
    if table_name == "honor" and field == "title":
        return _("荣誉称号")
    label = TABLE_LABELS.get(table_name, {}).get(field) or EXTRA_LABELS.get(field)
    return _(label) if label else field


def format_value(value: Any) -> str:
    if value is None or value == "":
        return _("（空）")
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    # fixed choices (政治面貌, 性别, states) are stored in Chinese: shown in the UI language; other text is unchanged
    return _(value) if isinstance(value, str) else str(value)


class HistoryDialog(QDialog):
    """With the app's context a put-back is announced to every tab (DataChanged); a register panel that has only
    the store passes that and listens to `record_restored`. Another office's record: the history is read, the
    put-back button is off and says who keeps the record."""

    record_restored = Signal()

    def __init__(self, ctx: AppContext | Store, table_name: str, record_id: str, title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx if isinstance(ctx, AppContext) else None
        self._store = ctx.store if isinstance(ctx, AppContext) else ctx
        self._table = table_name
        self._record = record_id
        self.restored = False
        self.keeper = ownership.record_foreign_owner(self._store, table_name, record_id)
        self.setWindowTitle(_("修改记录") + (f" — {title}" if title else ""))
        self.changes = QTreeWidget(self)
        self.changes.setHeaderLabels([_("时间"), _("操作"), _("单位"), _("说明")])
        self.changes.setRootIsDecorated(False)
        self.changes.currentItemChanged.connect(lambda *_args: self._show_details())
        self.details = QTreeWidget(self)
        self.details.setHeaderLabels([_("项目"), _("修改前"), _("修改后")])
        self.details.setRootIsDecorated(False)
        self.details.setWordWrap(True)
        # before and after share the width left by the labels: a member list wraps rather than ends in "…"
        header = self.details.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # the change history is each office's own (it does not travel in bundles): another office's record has none
        # here, and "save to see changes" would ask for what this PC cannot do
        self.empty = QLabel(_("本机没有该记录的修改记录 — 记录由“{office}”维护，修改记录保存在该单位").format(
            office=self.keeper) if self.keeper else _("还没有修改记录 — 保存修改后，这里会列出每一次修改"), self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.restore_button = QPushButton(_("恢复到此状态…"), self)
        self.restore_button.setToolTip(ownership.row_message(self.keeper) if self.keeper else
                                       _("把记录恢复到所选修改完成后的样子；恢复本身也会记作一次修改"))
        self.restore_button.clicked.connect(self._restore)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.changes)
        splitter.addWidget(self.details)
        buttons = close_buttons(self)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self._splitter = splitter
        fit_to_screen(self, 760, 560)
        self.reload()

    def reload(self) -> None:
        self._entries = history.list_changes(self._store, self._table, self._record)
        self.changes.clear()
        for entry in self._entries:
            when = history.local_time(entry.changed_at)
            item = QTreeWidgetItem([f"{when:%Y-%m-%d %H:%M:%S}", _(ACTION_LABELS.get(entry.action, entry.action)),
                                    entry.office_name, entry.note or self._summary(entry)])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            self.changes.addTopLevelItem(item)
        for column in range(3):
            self.changes.resizeColumnToContents(column)
        has = bool(self._entries)
        self.empty.setVisible(not has)
        self._splitter.setVisible(has)
        first = self.changes.topLevelItem(0)
        if has and first is not None:  # one top-level item per entry, so there is a first when there are entries
            self.changes.setCurrentItem(first)
        self._show_details()

    def _summary(self, entry: history.ChangeEntry) -> str:
        labels = [field_label(self._table, c.field) for c in entry.changes if c.field not in HIDDEN_FIELDS]
        return join_list(dict.fromkeys(labels))

    def current_entry(self) -> history.ChangeEntry | None:
        current = self.changes.currentItem()
        index = self.changes.indexOfTopLevelItem(current) if current is not None else -1
        return self._entries[index] if index >= 0 else None

    def _show_details(self) -> None:
        self.details.clear()
        entry = self.current_entry()
        # The newest entry is today's state: nothing to put back.
        self.restore_button.setEnabled(entry is not None and entry is not self._entries[0] and not self.keeper)
        if entry is None:
            return
        for change in entry.changes:
            if change.field in HIDDEN_FIELDS:
                continue
            item = QTreeWidgetItem([field_label(self._table, change.field),
                                    change.old_name or format_value(change.old),
                                    change.new_name or format_value(change.new)])
            for column in range(3):  # a list of several lines reads from its field's name down, before beside after
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.details.addTopLevelItem(item)
        self.details.resizeColumnToContents(0)
        self.details.setAlternatingRowColors(True)  # where one field's lines end and the next field's begin

    def _restore(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        when = history.local_time(entry.changed_at)
        answer = QMessageBox.question(
            self, _("恢复记录"),
            _("把这条记录恢复到 {time} 修改后的状态吗？\n之后的修改会被撤销，但仍保留在修改记录中。").format(
                time=f"{when:%Y-%m-%d %H:%M}"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_to(entry.id)

    def restore_to(self, change_id: int) -> bool:
        try:
            history.restore(self._store, self._table, self._record, change_id)
        except ServiceError as exc:
            QMessageBox.warning(self, _("无法恢复"), str(exc))
            return False
        self.restored = True
        if self._ctx is not None:
            self._ctx.data_changed.changed.emit(AREAS.get(self._table, "registers"))
        self.reload()
        self.record_restored.emit()
        return True


# The DataChanged area each table belongs to (tabs refresh on these names); every register is "registers".
AREAS = {"person": "roster", "study_session": "study", "mentor_pair": "mentor", "honor": "honor"}


def show_history(parent: QWidget | None, ctx: AppContext | Store, table_name: str, record_id: str,
                 title: str = "") -> HistoryDialog:
    dialog = HistoryDialog(ctx, table_name, record_id, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
