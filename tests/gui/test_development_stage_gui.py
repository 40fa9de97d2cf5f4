"""发展阶段 in the roster's form, filter and list (issue 17): chosen apart from 政治面貌, each rule's message next
to its field, shown beside 政治面貌 in the list, and a filter entry per stage."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.ui.roster.model import RosterModel
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from jiaomei_desktop.ui.roster.tab import RosterTab
from tests.conftest import unit_id


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_the_form_records_a_stage_and_checks_its_dates(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    form = PersonFormDialog(ctx, None, default_branch_id=unit_id(ctx.store, "T-01"))
    qtbot.addWidget(form)
    f = form._fields
    f["name"].setText("孙强")
    f["birth_date"].setText("1998-02-02")
    _choose(f["political_status"], PoliticalStatus.YOUTH_LEAGUE.value)
    _choose(f["development_stage"], DevelopmentStage.TARGET.value)
    f["application_date"].setText("2023-03-01")
    f["activist_date"].setText("2023-06-01")
    f["target_date"].setText("2024-03-01")
    form._validate()
    assert "第十三条" in form.errors()["target_date"]  # less than a year as 积极分子
    assert form._wrapped["target_date"].error.isVisibleTo(form)
    assert not form._save_button.isEnabled()
    f["target_date"].setText("2024-09-01")
    form._validate()
    assert form.errors() == {}
    with qtbot.waitSignal(form.saved):
        form._save_button.click()
    saved = roster.get_person(ctx.store, roster.find_ids(ctx.store, RosterQuery())[0])
    assert (saved.political_status, saved.development_stage) == (PoliticalStatus.YOUTH_LEAGUE, DevelopmentStage.TARGET)
    assert (saved.application_date, saved.activist_date, saved.target_date) == (
        date(2023, 3, 1),
        date(2023, 6, 1),
        date(2024, 9, 1),
    )


def test_the_form_refuses_a_stage_for_a_member_and_loads_a_stored_one(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    pid = roster.save_person(
        ctx.store,
        PersonData(
            name="李娜",
            branch_id=unit_id(ctx.store, "T-01"),
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.ACTIVIST,
            activist_date=date(2025, 5, 1),
        ),
    )
    form = PersonFormDialog(ctx, roster.get_person(ctx.store, pid))
    qtbot.addWidget(form)
    assert form._fields["development_stage"].currentData() == DevelopmentStage.ACTIVIST.value
    assert form._fields["activist_date"].text() == "2025-05-01"
    _choose(form._fields["political_status"], PoliticalStatus.PROBATIONARY.value)
    form._fields["join_date"].setText("2026-06-01")
    form._validate()
    assert form.errors()["development_stage"] == "预备党员不再有发展阶段（发展阶段只用于群众和共青团员）"
    _choose(form._fields["development_stage"], "")
    form._validate()
    assert form.errors() == {}  # the 积极分子 date stays as history


def test_list_shows_the_stage_beside_status_and_filters_by_it(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(ctx.store, "T-01")
    roster.save_person(
        ctx.store,
        PersonData(
            name="李娜",
            branch_id=b1,
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.ACTIVIST,
        ),
    )
    roster.save_person(
        ctx.store,
        PersonData(name="王建国", branch_id=b1, join_date=date(2010, 7, 1), full_member_date=date(2011, 7, 1)),
    )
    model = RosterModel(ctx.store)
    model.set_query(RosterQuery(text="李娜"))
    cell = model.index(0, 4)  # 政治面貌
    assert model.data(cell) == "群众（入党积极分子）"
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == "发展阶段：入党积极分子"
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    assert tab.model.rowCount() == 2 and "其中党员 1 人" in tab.count_label.text()
    entry = tab.status_filter.findData("stage:" + DevelopmentStage.ACTIVIST.value)
    assert tab.status_filter.itemText(entry) == "发展阶段：入党积极分子"
    tab.status_filter.setCurrentIndex(entry)
    assert tab.model.rowCount() == 1 and tab.model.data(tab.model.index(0, 0)) == "李娜"
    assert tab.count_label.text() == "共 1 人"
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("stage:" + DevelopmentStage.TARGET.value))
    assert tab.model.rowCount() == 0
    tab.resize(1200, 500)
    tab.status_filter.setCurrentIndex(0)
    tab.grab().save(str(tmp_path / "roster.png"))


def test_a_draft_keeps_the_stage_and_an_old_draft_reads_the_old_status(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.ui.app_shell.unsaved_edits import _to_json, load_drafts

    data = PersonData(
        name="孙强",
        branch_id="b",
        political_status=PoliticalStatus.MASSES,
        development_stage=DevelopmentStage.TARGET,
        target_date=date(2025, 9, 1),
    )
    (tmp_path / "person-new.json").write_text(json.dumps({"kind": "person", "data": _to_json(data)}), "utf-8")
    old = {"name": "李娜", "branch_id": "b", "political_status": "入党积极分子", "position": "团支部书记"}
    (tmp_path / "person-old.json").write_text(json.dumps({"kind": "person", "data": old}), "utf-8")
    drafts = {p.name: d for p, d in load_drafts(tmp_path)}
    assert drafts["person-new.json"] == data
    assert (drafts["person-old.json"].political_status, drafts["person-old.json"].development_stage) == (
        PoliticalStatus.YOUTH_LEAGUE,
        DevelopmentStage.ACTIVIST,
    )


def test_the_session_picker_shows_the_stage_beside_status(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import study
    from jiaomei_desktop.ui.study.session_dialog import SessionDialog

    branch = unit_id(ctx.store, "T-01")
    roster.save_person(
        ctx.store,
        PersonData(
            name="孙强",
            branch_id=branch,
            political_status=PoliticalStatus.MASSES,
            development_stage=DevelopmentStage.ACTIVIST,
        ),
    )
    found = study.candidates(ctx.store, branch)
    assert [(c.name, c.political_status, c.development_stage) for c in found] == [("孙强", "群众", "入党积极分子")]
    dialog = SessionDialog(ctx, None, branch)
    qtbot.addWidget(dialog)
    dialog._fill_candidates()
    assert dialog.person_picker.itemText(0) == "孙强（群众·入党积极分子）"
