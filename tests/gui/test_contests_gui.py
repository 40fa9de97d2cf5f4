"""The 技术比武 section of the 工作台账 tab: models pass the model tester, the event form validates as you type and
writes through the service, the results list is edited in the table (bad numbers refused, a tie refused with the
service's message and nothing written), 授予荣誉 once, the wall sheet PDF, figures, Excel export; and the tab as a
PNG at 1366×768."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox

from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.contests import EntrantsModel, EventDialog, FiguresDialog, ResultsDialog, _Line
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _seed(store, k) -> str:  # type: ignore[no-untyped-def]
    event_id = ct.save_event(
        store,
        ct.EventData(
            "2026年采煤机司机技术比武",
            date(2026, 9, 20),
            "采煤机司机",
            "集团",
            "焦煤集团工会",
            k.root,
            "理论40分，实操60分",
        ),
        today=TODAY,
    )
    ct.save_entrants(
        store,
        event_id,
        [
            EntrantData("王建国", k.b1, k.people["A"], 95.5, 1),
            EntrantData("吴刚", k.b2, k.people["H"], 91.0, 2),
            EntrantData("赵外矿", k.b2, None, 88.0, 3),
        ],
        today=TODAY,
    )
    ct.save_event(
        store, ct.EventData("电钳工比武", date(2025, 6, 1), "井下电钳工", "矿", "测试矿工会", k.b1), today=TODAY
    )
    return event_id


def test_section_filters_grants_prints_and_exports(qtbot, qtmodeltester, known_ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    monkeypatch.setattr("jiaomei_desktop.ui.registers.contests.QMessageBox.information", lambda *a, **kw: None)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.contests
    assert tab.tabs.tabText(tab.tabs.indexOf(panel)) == "技术比武"
    qtmodeltester.check(panel.model)
    panel.year_combo.setCurrentIndex(0)
    assert panel.model.rowCount() == 2
    assert [panel.model.index(0, c).data() for c in (1, 3, 4, 5, 6)] == [
        "2026年采煤机司机技术比武",
        "集团",
        "3",
        "3",
        "0",
    ]
    panel.trade_combo.setCurrentIndex(panel.trade_combo.findData("井下电钳工"))
    assert panel.model.rowCount() == 1
    panel.trade_combo.setCurrentIndex(0)
    assert panel.summary_label.text() == "比武2次，参赛3人次，获奖3人次，已记入先进典型0人次"
    panel.table.selectRow(0)
    assert panel.grant_button.isEnabled() and panel.sheet_button.isEnabled()
    grant = panel.grant_current()
    assert grant is not None and (grant.created, grant.not_on_roster) == (2, ["赵外矿"])
    panel.table.selectRow(0)
    assert panel.model.index(0, 6).data() == "2"
    assert ct.grant_honours(ctx.store, panel.selected_rows()[0].id, today=TODAY).created == 0
    pdf = panel.save_sheet(tmp_path / "成绩公布.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert panel.export(tmp_path / "比武.xlsx") == 4
    assert load_workbook(tmp_path / "比武.xlsx").active["A2"].value == "2026年采煤机司机技术比武"
    figures = FiguresDialog(ct.figures(ctx.store, k.root), tab)
    qtbot.addWidget(figures)
    qtmodeltester.check(figures.trade_model)
    assert figures.trade_model.index(0, 0).data() == "采煤机司机"


def test_event_form_validates_and_saves(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = EventDialog(ctx.store, unit_choices(ctx.store, None), None, k.root, None, TODAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and "请填写比武名称" in dialog._errors["name"].text()
    dialog.name.setText("掘进机司机比武")
    dialog.trade.setEditText("掘进机司机")
    dialog.organiser.setText("河南省总工会")  # provincial body, but level 矿
    errors = dialog.validate()
    assert errors.get("level", "").startswith("主办单位“河南省总工会”是省部级单位")
    dialog.level.setCurrentIndex(dialog.level.findData("省"))
    assert dialog.validate() == {} and save.isEnabled()
    dialog.save()
    assert [e.name for e in ct.list_events(ctx.store)] == ["掘进机司机比武"]


def test_results_dialog_edits_in_table_and_refuses_a_tie(qtbot, qtmodeltester, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    event_id = _seed(ctx.store, k)
    row = next(r for r in ct.list_events(ctx.store) if r.id == event_id)
    dialog = ResultsDialog(ctx.store, row, None, TODAY)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.index(r, 2).data() for r in range(3)] == ["正式党员", "群众", "（未在花名册）"]
    assert not model.setData(model.index(0, 4), "九十")  # not a number: refused, value kept
    assert model.index(0, 4).data() == "95.5"
    dialog.search.setText("陈静")
    assert dialog.found.count() == 1
    dialog.add_found()
    assert model.rowCount() == 4 and model.index(3, 2).data() == "正式党员"
    assert model.setData(model.index(3, 0), "1") and model.setData(model.index(3, 4), "97")
    dialog.save()
    assert "第1名有2人：本次比武不设并列名次" in dialog.error.text()
    assert len(ct.list_entrants(ctx.store, event_id)) == 3  # nothing written
    model.setData(model.index(3, 0), "4")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [(r.name, r.placing) for r in ct.list_entrants(ctx.store, event_id)][-1] == ("陈静", 4)


def test_entrants_model_passes_tester_when_empty_and_after_edits(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = EntrantsModel([])
    qtmodeltester.check(model)
    model.add(_Line("张三", "u", "某支部", None, ""))
    model.setData(model.index(0, 4), "88.5")
    qtmodeltester.check(model)
    model.remove(0)
    assert model.rowCount() == 0


def test_tab_at_1366x768(qtbot, known_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.tabs.setCurrentWidget(tab.contests)
    tab.set_unit(k.root)
    tab.contests.year_combo.setCurrentIndex(0)
    tab.show()
    qtbot.waitExposed(tab)
    panel = tab.contests
    buttons = [
        panel.new_button,
        panel.edit_button,
        panel.delete_button,
        panel.results_button,
        panel.grant_button,
        panel.sheet_button,
        panel.figures_button,
        panel.export_button,
    ]
    assert all(b.isVisible() and b.mapTo(tab, b.rect().topRight()).x() < 1366 for b in buttons)
    tops = [b.mapTo(tab, b.rect().topLeft()).y() for b in buttons]
    assert max(tops) - min(tops) < min(b.height() for b in buttons)  # one toolbar row at 1366 wide (±1 px centring)
    assert panel.table.isVisible() and panel.table.height() > 400  # the list keeps most of the screen
    shot = tab.grab()
    target = os.environ.get("JIAOMEI_SCREENSHOTS")
    if target:
        shot.save(str(Path(target) / "contests_tab.png"))


def test_results_of_another_office_open_read_only(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.ui.ownership import protect

    ctx, k = known_ctx
    event_id = _seed(ctx.store, k)
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b2)
    row = next(r for r in ct.list_events(ctx.store) if r.id == event_id)
    dialog = ResultsDialog(ctx.store, row, None, TODAY)
    qtbot.addWidget(dialog)
    assert protect(dialog, ctx.store, row.owner_unit_id)
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    assert not dialog.add_person_button.isEnabled() and not dialog.remove_button.isEnabled()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()
