"""The 纪律作风督导 section of the 工作台账 tab: models pass the model tester, overdue 整改 stand out, the month and
in-memory filters, the inspection / team / duty forms validate as you type and write through the service, another
office's record opens read-only, the bulletin dialog names people only when ticked, Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import photos
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.inspections import (
    BulletinDialog,
    DutyDialog,
    InspectionDialog,
    TeamDialog,
    TeamsDialog,
)
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.supervision import OVERDUE_BACKGROUND, TaskDialog
from tests.gallery.images import picture
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _rectified, _team


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


@pytest.fixture
def seeded(known_ctx):  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    store = ctx.store
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _rectified(k, team, person_name="马六"), today=TODAY)  # overdue
    ins.save_inspection(
        store,
        _inspection(
            k, team, unit_id=k.b2, kind="作风", description="值班室无人值守", inspection_date=date(2026, 11, 3)
        ),
        today=TODAY,
    )
    ins.save_inspection(
        store,
        _rectified(
            k,
            team,
            kind="纪律",
            description="班前会迟到",
            inspection_date=date(2026, 11, 2),
            deadline=date(2026, 11, 9),
            done_date=date(2026, 11, 6),
            confirmed_by="赵六",
        ),
        today=TODAY,
    )
    ins.save_inspection(store, _inspection(k, team, kind="其他", inspection_date=date(2026, 10, 8)), today=TODAY)
    return ctx, k, team


def _d(text: str) -> QDate:
    return QDate.fromString(text, "yyyy-MM-dd")


def test_section_lists_the_month_and_filters(qtbot, qtmodeltester, seeded, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, k, _team_id = seeded
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.inspections
    assert tab.tabs.tabText(tab.tabs.indexOf(panel)) == "纪律作风督导"
    assert tab.tabs.indexOf(panel) == tab.tabs.indexOf(tab.supervision) + 1  # beside 13710督办
    tab.tabs.setCurrentWidget(panel)
    assert tab.panels()[tab.tabs.currentIndex()] is panel
    qtmodeltester.check(panel.model)
    model = panel.model
    assert panel.month_combo.currentData() == 11 and panel.year_combo.currentData() == 2026
    filters = (panel.year_combo, panel.month_combo, panel.kind_combo, panel.state_combo, panel.search)
    places = [panel.toolbar.indexOf(w) for w in filters]
    assert places == list(range(places[0], places[0] + 5))  # side by side after the year, in this order
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["2026-11-10", "2026-11-03", "2026-11-02"]
    assert model.index(0, 4).data() == "逾期未整改（超期6天）"
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, 3).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 4).data() == "已整改"
    assert panel.summary_label.text() == "督导3次，发现问题3个；整改2个：已整改1个，逾期1个"
    panel.state_combo.setCurrentIndex(panel.state_combo.findData(sv.OVERDUE))
    assert model.rowCount() == 1
    panel.state_combo.setCurrentIndex(panel.state_combo.findData("rectify"))
    assert model.rowCount() == 2
    panel.state_combo.setCurrentIndex(0)
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("作风"))
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["掘进二队党支部"]
    panel.kind_combo.setCurrentIndex(0)
    panel.search.setText("马六")
    assert model.rowCount() == 1
    panel.search.clear()
    panel.month_combo.setCurrentIndex(panel.month_combo.findData(10))
    assert model.rowCount() == 1 and model.index(0, 2).data() == "其他"
    panel.month_combo.setCurrentIndex(0)  # the whole year
    assert model.rowCount() == 4
    tab.set_unit(k.b2)
    assert model.rowCount() == 1
    panel.month_combo.setCurrentIndex(panel.month_combo.findData(9))
    assert model.rowCount() == 0 and panel.stack.currentIndex() == 1
    tab.set_unit(k.root)
    panel.month_combo.setCurrentIndex(panel.month_combo.findData(11))
    assert panel.export(tmp_path / "督导.xlsx") == 3
    assert load_workbook(tmp_path / "督导.xlsx").active["C2"].value == "综采一队党支部"


def test_inspection_form_validates_and_saves_a_rectification(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    store = ctx.store
    ins.save_team(store, _team(k))
    dialog = InspectionDialog(store, unit_choices(store, k.root), None, None, None, TODAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.team.currentIndex() == 1  # the one team working on the day is chosen
    errors = dialog.validate()
    assert errors["unit_id"] == "请选择被督导单位" and errors["description"] == "请填写督导情况"
    assert not save.isEnabled()
    dialog.unit.setCurrentIndex(dialog.unit.findData(k.b1))
    dialog.kind.setCurrentIndex(dialog.kind.findData("三违"))
    dialog.description.setPlainText("无证操作绞车")
    dialog.day.setDate(_d("2026-11-24"))
    assert dialog.validate()["inspection_date"] == "督导日期不能晚于今天（2026-11-23）"
    dialog.day.setDate(_d("2026-11-20"))
    dialog.rectify.setChecked(True)
    assert dialog.validate() == {"requirement": "请填写整改要求"}
    dialog.requirement.setPlainText("脱岗培训，持证上岗")
    dialog.deadline.setDate(_d("2026-11-19"))
    assert dialog.validate() == {"deadline": "整改期限不能早于督导日期"}
    dialog.deadline.setDate(_d("2026-11-27"))
    dialog.done_box.setChecked(True)
    dialog.done_date.setDate(_d("2026-11-19"))
    assert dialog.validate() == {"done_date": "整改完成日期不能早于督导日期", "confirmed_by": "请填写整改确认人"}
    dialog.done_box.setChecked(False)
    dialog.kind.setCurrentIndex(dialog.kind.findData("未发现问题"))
    assert dialog.validate() == {"requirement": "未发现问题的记录无需整改；发现了问题请选择问题类别"}
    dialog.kind.setCurrentIndex(dialog.kind.findData("三违"))
    # someone involved: found on the roster (a member) or typed in (a worker)
    dialog._search_people("李")
    assert dialog._found and dialog._found[0].name == "李明"
    dialog._person_chosen(0)
    assert dialog.data().person_id == k.people["B"]
    sha = photos.add_photo_bytes(store, picture("JPEG")).sha256
    dialog._add_photo_item(sha)
    assert dialog.validate() == {} and save.isEnabled()
    dialog.save()
    saved = ins.get_inspection(store, dialog.saved_id)
    assert (saved.person_name, saved.photos, saved.deadline) == ("李明", (sha,), date(2026, 11, 27))
    [task] = sv.list_tasks(store, k.b1, today=TODAY)
    assert task.source == "督导整改" and task.person_name == ""  # the 责任人 is the 13710 side's to name
    # its 13710 form shows the finding read-only (the inspection owns it) and the rest editable
    form = TaskDialog(store, unit_choices(store, k.root), sv.get_task(store, task.id), None, None, TODAY)
    qtbot.addWidget(form)
    assert [w.isEnabled() for w in (form.title_edit, form.content, form.unit, form.start, form.meeting)] == [False] * 5
    assert all(w.isEnabled() for w in (form.person, form.tier, form.deadline, form.done_box))
    form.person.setText("区队长张强")
    assert form.validate() == {}
    form.save()
    assert sv.get_task(store, task.id).person_name == "区队长张强"
    # a typed-in worker replaces the roster person
    again = InspectionDialog(store, unit_choices(store, k.root), saved, None, None, TODAY)
    qtbot.addWidget(again)
    again._search_people("临时工刘某")
    assert again.data().person_id is None and again.data().person_name == "临时工刘某"


def test_another_offices_inspection_opens_read_only(qtbot, seeded) -> None:  # type: ignore[no-untyped-def]
    ctx, k, _team_id = seeded
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b2)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.inspections
    panel.table.selectRow(0)
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    assert "只读" in panel.owner_marker.text()


def test_teams_and_duty_roster_dialogs(qtbot, qtmodeltester, seeded) -> None:  # type: ignore[no-untyped-def]
    ctx, k, team_id = seeded
    store = ctx.store
    teams = TeamsDialog(store, k.root, None, TODAY)
    qtbot.addWidget(teams)
    qtmodeltester.check(teams.model)
    assert [teams.model.index(0, c).data() for c in (0, 3, 4)] == ["党委第一督导组", "王建国", "王建国、退休干部老赵"]
    form = TeamDialog(store, unit_choices(store, k.root), None, k.root, None, TODAY)
    qtbot.addWidget(form)
    assert form.validate() == {"name": "请填写督导组名称", "members": "请至少添加一名督导组成员"}
    form.name.setText("党委第二督导组")
    form.typed.setText("纪委 周某")
    form.add_typed()
    form.picker.search("zj")  # 周杰 by pinyin initials
    assert form.picker.found and form.picker.found[0].name == "周杰"
    form.finder.setCurrentIndex(0)
    form.add_found()
    form.members.setCurrentRow(1)
    form.make_lead()
    assert [m.role for m in form.member_lines()] == ["成员", "组长"]
    form.end.setDate(_d("2025-12-31"))
    assert form.validate() == {"end_date": "工作期结束日期不能早于开始日期"}
    form.end.setDate(_d("2026-12-31"))
    assert form.validate() == {}
    form.save()
    assert len(ins.list_teams(store)) == 2
    row = next(t for t in ins.list_teams(store) if t.id == team_id)
    duty = DutyDialog(store, row, None, TODAY)
    qtbot.addWidget(duty)
    qtmodeltester.check(duty.model)
    duty.day.setDate(_d("2026-11-24"))
    duty.unit_person.setText("李明")
    duty.add()
    assert duty.model.rowCount() == 1 and duty.error.text() == ""
    duty.add()  # the same member on the same day again
    assert duty.error.text() == "王建国在2026-11-24已有值班安排" and duty.model.rowCount() == 1
    duty.day.setDate(_d("2027-01-05"))
    duty.add()
    assert duty.error.text() == "值班日期不在督导组的工作期内（2026-01-01至2026-12-31）" and duty.model.rowCount() == 1
    duty.table.selectRow(0)
    duty.delete()
    assert duty.model.rowCount() == 0


def test_bulletin_dialog_names_people_only_when_ticked(qtbot, seeded) -> None:  # type: ignore[no-untyped-def]
    ctx, k, _team_id = seeded
    dialog = BulletinDialog(ctx.store, k.root, None, TODAY)
    qtbot.addWidget(dialog)
    assert (dialog.year.value(), dialog.month.value(), dialog.names.isChecked()) == (2026, 10, False)
    dialog.month.setValue(11)
    assert [x.person for x in dialog.data().overdue] == [""]
    dialog.names.setChecked(True)
    assert [x.person for x in dialog.data().overdue] == ["马六"]
    dialog.month.setValue(12)
    dialog.generate()
    assert dialog.error.text() == "2026年12月还没有到，不能通报"
    dialog.month.setValue(9)  # nothing inspected, nothing of before to report: no 通报 of nothing
    dialog.generate()
    assert dialog.error.text() == (
        "测试矿党委2026年9月没有督导检查记录，前期督导发现的问题也没有需要通报的整改情况，无需通报")
    assert dialog.last_pdf is None


def test_sync_preview_names_every_register_table() -> None:
    from jiaomei_desktop.ui.sync.labels import table_label

    tables = (
        "inspection_team",
        "inspection_team_member",
        "inspection_duty",
        "inspection",
        "inspection_photo",
        "supervision_task",
        "supervision_note",
        "contest_event",
        "contest_entrant",
        "identity_post",
        "identity_post_member",
        "worker_deed",
        "branch_brand",
        "innovation_item",
    )
    assert {t: table_label(t) for t in tables if table_label(t) == t} == {}
    assert table_label("inspection") == "督导检查"
