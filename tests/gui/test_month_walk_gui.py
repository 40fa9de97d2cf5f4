"""The step of the month's walk (tests/registers/test_month_walk.py) the GUI adds: a branch office transfers out a
member who holds the branch's own post and a seat and a 整改 of its 党委's. The 党籍变动 dialog lists all three, the
党委's two read-only (no tick, "不能在此办理", the office that keeps them), and applies only the branch's. The
修改记录 of the 党委's inspection opened at the branch says where it is kept; the people picker offers her no more."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from PySide6.QtCore import Qt

from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.services import bundles, posts, roster
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.contests import find_workers
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.history_dialog import HistoryDialog
from jiaomei_desktop.ui.registers.forms import MemberPicker
from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
from tests.sync.conftest import Tree, add_person, export, tree, tree_template, unit_id  # noqa: F401

TODAY = date.today()  # the dialog writes as of the real day: every date here is counted back from it
DAY = TODAY - timedelta(days=3)


@dataclass
class Month:
    zhang: str
    li: str
    post: str
    team: str
    inspection: str
    task: str


def _month(tree: Tree, tmp_path) -> Month:  # type: ignore[no-untyped-def]  # noqa: F811
    """The branch's post with 张丽 on it; the 党委's team with her on it and her duty days before and after DAY, its
    inspection of the branch with the 整改 naming her as 责任人; all of it down at the branch office."""
    b1, c1 = tree.b1, tree.c1
    branch = unit_id(b1, "C1-01")
    li, zhang = add_person(b1, "C1-01", "李明", 11), add_person(b1, "C1-01", "张丽", 12)
    post = posts.save_post(b1, posts.PostData(PostKind.MODEL.value, "综采机组党员示范岗", branch, DAY - timedelta(days=60), (
        posts.PostMemberData("", li, PostRole.LEAD.value), posts.PostMemberData("", zhang, PostRole.MEMBER.value))))
    assert bundles.import_bundle(c1, export(b1, tmp_path / "up.jmb")).totals()["rejected"] == 0
    team = ins.save_team(c1, ins.TeamData("一矿党委纪律作风督导组", unit_id(c1, "C1"), DAY - timedelta(days=60),
                                          DAY + timedelta(days=60), (ins.TeamMemberData("督导员甲", None, "组长"),
                                                                     ins.TeamMemberData("", zhang, "成员"))))
    ins.save_duty(c1, ins.DutyData(team, DAY - timedelta(days=1), "张丽"))
    ins.save_duty(c1, ins.DutyData(team, DAY + timedelta(days=2), "张丽"))
    inspection = ins.save_inspection(c1, ins.InspectionData(
        DAY - timedelta(days=2), team, branch, "三违", "未按规定佩戴自救器", rectify=True, requirement="脱岗培训",
        deadline=DAY + timedelta(days=5)), today=TODAY)
    task = next(r.task_id for r in ins.list_inspections(c1, branch, today=TODAY) if r.id == inspection)
    sv.save_task(c1, replace(sv.get_task(c1, task), person_name="张丽"), today=TODAY)
    down = export(c1, tmp_path / "down.jmb", direction="down", recipient_unit_id=branch)
    assert bundles.import_bundle(b1, down).totals()["rejected"] == 0
    return Month(zhang, li, post, team, inspection, task)


def _ctx(store: Store) -> AppContext:
    return AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged())


def test_the_committees_lines_are_listed_read_only_and_left(qtbot, tree: Tree, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    m = _month(tree, tmp_path)
    b1, zhang, team, task = tree.b1, m.zhang, m.team, m.task
    dialog = MembershipDialog(_ctx(b1), zhang)
    qtbot.addWidget(dialog)
    dialog._date.setText(DAY.isoformat())
    dialog._state.setCurrentIndex(dialog._state.findData(MembershipState.TRANSFERRED_OUT))
    dialog._outside.setChecked(True)
    dialog._outside_name.setText("外省某矿党支部")
    dialog._reason.setText("工作调动")
    table = dialog._holdings
    lines = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(lines) == {"亮明身份岗位", "督导组", "13710督办"}
    own = table.item(lines["亮明身份岗位"], 0)
    assert own.flags() & Qt.ItemFlag.ItemIsUserCheckable and own.checkState() == Qt.CheckState.Checked
    for kind in ("督导组", "13710督办"):
        row = lines[kind]
        assert not table.item(row, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable, kind
        assert table.item(row, 2).text() == "不能在此办理"
        assert table.item(row, 3).text() == "由“一矿党委”维护 · 只读"
    dialog._apply()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert roster.get_person(b1, zhang).membership_state is MembershipState.TRANSFERRED_OUT
    assert [x.person_id for x in posts.get_post(b1, m.post).members] == [m.li]
    assert sorted(d.duty_date for d in ins.list_duties(b1, team)) == [DAY - timedelta(days=1), DAY + timedelta(days=2)]
    assert sv.get_task(b1, task).person_name == "张丽"  # the 党委's to change: its `jiaomei check` names it
    # the people picker of a post or a 督导组 offers her no more (both refuse a leaver); the 比武's entrants may be her
    picker = MemberPicker(b1, posts.PostMemberData, PostRole.LEAD.value, PostRole.MEMBER.value, "设为负责人", "", "添加")
    qtbot.addWidget(picker)
    picker.search("张丽")
    assert picker.found == [] and picker.finder.count() == 0
    picker.search("李明")
    assert [w.id for w in picker.found] == [m.li]
    assert [w.id for w in find_workers(b1, "张丽")] == [zhang]


def test_the_committees_record_has_its_history_at_the_committee(qtbot, tree: Tree, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The 修改记录 is each office's own: the branch has none of the 党委's inspection, and says where it is kept
    rather than "save to see changes"; the 党委 reads its own edits."""
    m = _month(tree, tmp_path)
    here = HistoryDialog(_ctx(tree.b1), "inspection", m.inspection)
    qtbot.addWidget(here)
    assert here.changes.topLevelItemCount() == 0 and not here.empty.isHidden()
    assert here.empty.text() == "本机没有该记录的修改记录 — 记录由“一矿党委”维护，修改记录保存在该单位"
    there = HistoryDialog(_ctx(tree.c1), "supervision_task", m.task)
    qtbot.addWidget(there)
    assert there.changes.topLevelItemCount() == 2 and there.empty.isHidden()  # created, then its 责任人
    assert there.changes.topLevelItem(0).text(2) == "一矿党委"
