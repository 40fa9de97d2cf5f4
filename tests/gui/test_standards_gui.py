"""The 标准化建设 section of the 工作台账 tab: the models pass the model tester, the 未自评 branches are listed, the
self-assessment form shows the 系统判定 items read-only with their evidence and refuses a score above an item's
points, the acceptance form refuses a date before the self-assessment, coverage, the checklist setting, Excel export,
and another office's self-assessment opens read-only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.standards import AcceptanceDialog, AssessmentDialog, ChecklistDialog, CoverageDialog
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY

HAND = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _assess(store, branch: str) -> str:  # type: ignore[no-untyped-def]
    return st.save_assessment(store, st.AssessmentData(branch, 2026, date(2026, 11, 1), HAND, "王建国"), today=TODAY)


def test_section_lists_every_branch_of_the_year(qtbot, qtmodeltester, known_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    st.set_checklist(ctx.store, replace(DEFAULT_CHECKLIST, pass_line=60))
    saved = _assess(ctx.store, k.b1)
    st.save_acceptance(
        ctx.store, st.AcceptanceData(saved, k.root, Result.PASSED.value, date(2026, 11, 10), "验收组"), today=TODAY
    )
    _assess(ctx.store, k.b2)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.standards
    assert tab.tabs.tabText(tab.tabs.indexOf(panel)) == "标准化建设"
    qtmodeltester.check(panel.model)
    model = panel.model
    assert [(model.index(r, 1).data(), model.index(r, 3).data()) for r in range(model.rowCount())] == [
        ("综采一队党支部", "达标"),
        ("掘进二队党支部", "待验收"),
        ("机关党支部", "未自评"),
    ]
    assert panel.summary_label.text() == "共3个：未自评1，待验收1，达标1"
    panel.table.selectRow(0)  # accepted: no delete, the acceptance may be withdrawn
    assert panel.accept_button.isEnabled() and panel.withdraw_button.isEnabled()
    assert not panel.delete_button.isEnabled()
    assert panel.delete_button.toolTip() == "已验收的自评不能删除；如需删除，请先撤销验收"
    panel.table.selectRow(1)
    assert panel.delete_button.isEnabled() and panel.delete_button.toolTip() == ""
    panel.table.selectRow(2)  # 未自评: 修改 starts its self-assessment, nothing to accept yet
    assert panel.edit_button.isEnabled() and not panel.accept_button.isEnabled()
    panel.state_combo.setCurrentIndex(panel.state_combo.findData(st.PENDING))
    assert model.rowCount() == 1
    panel.state_combo.setCurrentIndex(0)
    assert panel.export(tmp_path / "s.xlsx") == 3
    assert load_workbook(tmp_path / "s.xlsx").active["D2"].value == "达标"
    coverage = CoverageDialog(st.coverage(ctx.store, k.root, 2026), 2026)
    qtbot.addWidget(coverage)
    qtmodeltester.check(coverage.model)
    assert [coverage.model.index(0, c).data() for c in range(8)] == ["测试矿党委", "3", "2", "0", "1", "0", "1", "33%"]


def test_assessment_form_shows_system_items_and_refuses_bad_input(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = AssessmentDialog(
        ctx.store, unit_choices(ctx.store, k.root, branches_only=True), None, None, 2025, None, TODAY
    )
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.validate()["branch_id"] == "请选择党支部" and not save.isEnabled()
    assert dialog.evidence["committee"].text() == "选择党支部和年度后自动判定"
    dialog.branch.setCurrentIndex(dialog.branch.findData(k.b1))
    assert dialog.judged["zones"].text() == "系统判定 1.5分"
    assert dialog.evidence["zones"].text() == "依据：党员4人，2025-12-31认领责任区1人（25%）"
    assert "committee" not in dialog.spins and not dialog.notes["committee"].isReadOnly()  # a note may be added
    dialog.day.setDate(dialog.day.date().fromString("2025-12-28", "yyyy-MM-dd"))
    dialog.spins["setup"].setValue(9.5)
    dialog.notes["committee"].setText("书记已于12月选出")
    assert dialog.validate() == {} and save.isEnabled()
    dialog.year.setValue(2027)
    assert dialog.validate()["year"] == "不能为今后的年度（2027年）自评"
    dialog.year.setValue(2025)
    dialog.save()
    saved = st.get_assessment(ctx.store, dialog.saved_id)
    assert saved.scores["setup"].score == 9.5 and saved.scores["committee"].note == "书记已于12月选出"
    again = AssessmentDialog(
        ctx.store, unit_choices(ctx.store, k.root, branches_only=True), None, k.b1, 2025, None, TODAY
    )
    qtbot.addWidget(again)
    assert again.validate()["year"] == "“综采一队党支部”2025年度已有标准化建设自评，请修改原自评"


def test_acceptance_form(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    st.set_checklist(ctx.store, replace(DEFAULT_CHECKLIST, pass_line=60))
    _assess(ctx.store, k.b1)
    [row] = st.list_assessments(ctx.store, k.b1, 2026)
    dialog = AcceptanceDialog(ctx.store, row, None, None, TODAY)
    qtbot.addWidget(dialog)
    assert [dialog.unit.itemText(i) for i in range(dialog.unit.count())] == ["测试矿党委"]
    assert dialog.validate() == {"accepted_by": "请填写验收人"}
    dialog.accepted_by.setText("张书记")
    dialog.day.setDate(dialog.day.date().fromString("2026-10-01", "yyyy-MM-dd"))
    assert dialog.validate() == {"accepted_on": "验收日期不能早于自评日期（2026-11-01）"}
    dialog.day.setDate(dialog.day.date().fromString("2026-11-20", "yyyy-MM-dd"))
    dialog.verdict.setCurrentIndex(dialog.verdict.findData(Result.MODEL.value))
    assert "未达到示范党支部分数线90分" in dialog.validate()["result"]
    dialog.verdict.setCurrentIndex(dialog.verdict.findData(Result.PASSED.value))
    dialog.save()
    assert st.list_assessments(ctx.store, k.b1, 2026)[0].state == "达标"


def test_checklist_dialog(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, _k = known_ctx
    dialog = ChecklistDialog(ctx.store)
    qtbot.addWidget(dialog)
    assert dialog.total.text() == "总分 100分"
    dialog.pass_line.setValue(95)
    dialog.save()
    assert "达标分数线 ≤ 示范分数线" in dialog.error.text() and st.checklist(ctx.store) == DEFAULT_CHECKLIST
    dialog.pass_line.setValue(75)
    dialog.weights[0].setValue(8)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (st.checklist(ctx.store).pass_line, st.checklist(ctx.store).items[0].weight) == (75, 8)


def test_another_offices_self_assessment_opens_read_only(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY

    ctx, k = known_ctx
    _assess(ctx.store, k.b1)
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b2)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.standards
    panel.table.selectRow(0)
    assert not panel.delete_button.isEnabled()
    assert panel.delete_button.toolTip() == ""  # the 只读 marker says why: another office keeps it
    shown: list[AssessmentDialog] = []
    monkeypatch.setattr(AssessmentDialog, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Rejected)
    panel.edit_current()
    [dialog] = shown
    assert dialog.spins["setup"].isReadOnly()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()


def test_the_committees_office_sees_the_branchs_accepted_self_assessment_read_only(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """The row the 党委 accepted but the branch keeps: 删除 off and the 只读 marker says why (the service would say
    本机只读 first too); 撤销验收, the 党委's own, stays on."""
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY

    ctx, k = known_ctx
    st.set_checklist(ctx.store, replace(DEFAULT_CHECKLIST, pass_line=60))
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b1)
    saved = _assess(ctx.store, k.b1)
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.root)
    st.save_acceptance(
        ctx.store, st.AcceptanceData(saved, k.root, Result.PASSED.value, date(2026, 11, 10), "验收组"), today=TODAY
    )
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.standards
    panel.table.selectRow(next(i for i, r in enumerate(panel.model.rows()) if r.assessment_id == saved))
    assert not panel.delete_button.isEnabled() and panel.delete_button.toolTip() == ""
    assert panel.owner_marker.text() == "由“综采一队党支部”维护 · 只读"
    assert panel.withdraw_button.isEnabled()
