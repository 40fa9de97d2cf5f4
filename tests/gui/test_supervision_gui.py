"""The 13710督办 section of the 工作台账 tab: the model passes the model tester, overdue rows stand out, the forms
validate as you type and write through the service, notes and 办结, the per-unit list and Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.supervision import (
    DONE_TEXT,
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    FinishDialog,
    NoteDialog,
    TaskDialog,
    UnitsDialog,
)
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _seed(store, k) -> None:  # type: ignore[no-untyped-def]
    sv.save_task(store, sv.TaskData("逾期的事", k.b1, date(2026, 11, 1), 1), today=TODAY)
    sv.save_task(store, sv.TaskData("在办的事", k.b1, TODAY, 7), today=TODAY)
    sv.save_task(
        store,
        sv.TaskData("办完的事", k.b2, date(2026, 11, 1), 3, done_date=date(2026, 11, 3), confirmed_by="李四"),
        today=TODAY,
    )


def test_section_lists_overdue_first_and_marks_them(qtbot, qtmodeltester, known_ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.supervision
    assert tab.tabs.tabText(tab.tabs.indexOf(panel)) == "13710督办"
    qtmodeltester.check(panel.model)
    buttons = (panel.note_button, panel.finish_button, panel.units_button, panel.export_button, panel.tiers_button)
    places = [panel.toolbar.indexOf(b) for b in buttons]
    assert places == sorted(places) and places[0] > panel.toolbar.indexOf(panel.delete_button)  # in order, after 删除
    assert panel.tiers_button.toolTip() and not panel.note_button.toolTip()
    assert panel.toolbar.indexOf(panel.state_combo) == panel.toolbar.indexOf(panel.year_combo) + 1
    assert panel.state_combo.itemText(0) == "全部状态" and panel.state_combo.itemData(0) == ""
    model = panel.model
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert titles == ["逾期的事", "在办的事", "办完的事"]
    assert model.index(0, 0).data() == "逾期（超期21天）"
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    foreground = [model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert foreground == [OVERDUE_TEXT, None, DONE_TEXT]  # overdue red, open plain, done grey
    assert panel.summary_label.text() == "共3件：进行中1件，逾期1件，已办结1件"
    panel.state_combo.setCurrentIndex(panel.state_combo.findData(sv.OVERDUE))
    assert model.rowCount() == 1
    panel.state_combo.setCurrentIndex(0)
    tab.set_unit(k.b2)
    assert model.rowCount() == 1 and panel.stack.currentIndex() == 0
    panel.table.selectRow(0)  # a done item takes no more notes and no second 办结
    assert not panel.note_button.isEnabled() and not panel.finish_button.isEnabled()
    tab.set_unit(k.root)
    panel.table.selectRow(0)
    assert panel.note_button.isEnabled() and panel.finish_button.isEnabled()
    assert panel.export(tmp_path / "督办.xlsx") == 3
    assert load_workbook(tmp_path / "督办.xlsx").active["A2"].value == "逾期的事"
    reads: list[object] = []
    list_tasks = sv.list_tasks
    monkeypatch.setattr(sv, "list_tasks", lambda *a: reads.append(a[1]) or list_tasks(*a))
    panel.state_combo.setCurrentIndex(panel.state_combo.findData(sv.DONE))
    panel.year_combo.setCurrentIndex(1)
    assert reads == []  # the year and state filters work on the items read
    panel.refresh()  # a save or a sync: read again
    assert reads == [k.root]
    tab.set_unit(k.root)  # the same unit again: what was read is shown
    assert reads == [k.root]
    tab.set_unit(k.b2)
    assert reads == [k.root, k.b2]
    tab.set_unit(k.root)
    panel.state_combo.setCurrentIndex(0)
    panel.year_combo.setCurrentIndex(0)
    units = UnitsDialog(sv.open_by_unit(ctx.store, k.root, TODAY))
    qtbot.addWidget(units)
    qtmodeltester.check(units.model)
    assert units.model.rowCount() == 1  # 掘进二队's only item is done
    assert [units.model.index(0, c).data() for c in range(3)] == ["综采一队党支部", "2", "1"]


def test_task_form_validates_and_saves(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = TaskDialog(ctx.store, unit_choices(ctx.store, k.root), None, None, None, TODAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    errors = dialog.validate()
    assert errors["title"] == "请填写事项名称" and errors["unit_id"] == "请选择责任单位" and not save.isEnabled()
    dialog.title_edit.setText("落实皮带巷隐患整改")
    dialog.unit.setCurrentIndex(dialog.unit.findData(k.b1))
    dialog.tier.setCurrentIndex(dialog.tier.findData(3))  # 反馈 tier: the deadline follows
    assert dialog.data().deadline == date(2026, 11, 26)
    dialog.deadline.setDate(dialog.deadline.date().addDays(-10))
    assert dialog.validate() == {"deadline": "办结时限不能早于交办日期"}
    dialog.tier.setCurrentIndex(dialog.tier.findData(7))
    dialog.done_box.setChecked(True)
    assert dialog.validate() == {"confirmed_by": "请填写办结确认人"}
    dialog.done_box.setChecked(False)
    assert dialog.meeting.count() >= 1 and dialog.meeting.itemData(0) == ""
    assert dialog.validate() == {} and save.isEnabled()
    dialog.save()
    saved = sv.get_task(ctx.store, dialog.saved_id)
    assert (saved.unit_id, saved.tier_days, saved.deadline, saved.done_date) == (k.b1, 7, date(2026, 11, 30), None)


def test_meeting_link_note_and_finish(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = TaskDialog(ctx.store, unit_choices(ctx.store, k.root), None, k.b1, None, date(2025, 3, 12))
    qtbot.addWidget(dialog)
    dialog.start.setDate(dialog.start.date().fromString("2025-03-12", "yyyy-MM-dd"))
    assert "支委会" in dialog.meeting.itemText(1)  # the 支委会 of 2025-03-10 decided it
    dialog.meeting.setCurrentIndex(1)
    dialog.title_edit.setText("支委会决定的事")
    assert dialog.validate() == {}
    dialog.save()
    row = sv.list_tasks(ctx.store, k.b1, today=TODAY)[0]
    assert row.source == "会议决定"
    note = NoteDialog(ctx.store, row, None, TODAY)
    qtbot.addWidget(note)
    assert note.validate() == {"text": "请填写进展情况"}
    note.day.setDate(note.day.date().fromString("2025-03-01", "yyyy-MM-dd"))
    note.text.setPlainText("已安排")
    assert note.validate() == {"note_date": "进展日期不能早于交办日期"}
    note.day.setDate(note.day.date().fromString("2025-03-13", "yyyy-MM-dd"))
    note.save()
    assert [n.text for n in sv.list_notes(ctx.store, row.id)] == ["已安排"]
    finish = FinishDialog(ctx.store, row.id, None, TODAY)
    qtbot.addWidget(finish)
    assert finish.validate() == {"confirmed_by": "请填写办结确认人"}
    finish.confirmed.setText("王书记")
    finish.day.setDate(finish.day.date().fromString("2025-03-14", "yyyy-MM-dd"))
    finish.save()
    assert sv.list_tasks(ctx.store, k.b1, today=TODAY)[0].state == "已办结"


def test_tiers_dialog_sets_the_tiers_and_refuses_a_decreasing_one(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.registers.supervision import TiersDialog

    ctx, k = known_ctx
    dialog = TiersDialog(ctx.store)
    qtbot.addWidget(dialog)
    assert [s.value() for s in dialog.spins] == [1, 3, 7, 10]
    dialog.spins[1].setValue(9)  # 反馈 after 办结: refused, nothing stored
    dialog.save()
    assert "逐档不减" in dialog.error.text() and [d for _n, d in sv.tier_days(ctx.store)] == [1, 3, 7, 10]
    dialog.spins[1].setValue(2)
    dialog.spins[3].setValue(15)
    dialog.save()
    assert [d for _n, d in sv.tier_days(ctx.store)] == [1, 2, 7, 15]
    form = TaskDialog(ctx.store, unit_choices(ctx.store, k.root), None, k.b1, None, TODAY)
    qtbot.addWidget(form)
    assert [form.tier.itemText(i) for i in range(form.tier.count())] == [
        "交办（1天）",
        "反馈（2天）",
        "办结（7天）",
        "复杂事项（15天）",
    ]


@pytest.mark.parametrize("register", ["supervision", "standards", "inspections", "contests", "studios"])
def test_the_export_button_asks_where_and_writes_there(register, qtbot, known_ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The toolbar's 导出Excel, clicked: the file dialog is asked and the workbook is written where it says (a slot
    connected straight to the button got clicked's False as its path and never asked)."""
    from PySide6.QtWidgets import QFileDialog

    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = getattr(tab, register)
    target = tmp_path / f"{register}.xlsx"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **kw: asked.append(a) or (str(target), ""))
    panel.export_button.click()
    assert asked and target.exists()
    load_workbook(target)
