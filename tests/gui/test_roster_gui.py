from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from jiaomei_desktop.domain.enums import ExitKind, MembershipState, PoliticalStatus
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.ui.main_window import MainWindow
from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
from jiaomei_desktop.ui.roster.model import RosterModel
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from jiaomei_desktop.ui.roster.tab import RosterTab
from tests.conftest import unit_id
from tests.core.test_roster import person
from tests.helpers import make_id_number


def test_roster_model_passes_qtmodeltester(qtmodeltester, demo_store) -> None:  # type: ignore[no-untyped-def]
    model = RosterModel(demo_store)
    model.set_query(RosterQuery())
    assert model.rowCount() > 300
    qtmodeltester.check(model)


def test_model_sorts_in_sql_and_reads_lazily(demo_store) -> None:  # type: ignore[no-untyped-def]
    model = RosterModel(demo_store)
    model.set_query(RosterQuery())
    model.sort(2, Qt.SortOrder.DescendingOrder)
    births = [model.data(model.index(r, 2)) for r in range(20)]
    assert births == sorted(births, reverse=True)
    assert len(model._blocks) == 1  # only the block that was looked at


def test_search_box_filters_by_initials(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(ctx.store, "T-01")
    roster.save_person(ctx.store, person(b1, "王建国", 1))
    roster.save_person(ctx.store, person(b1, "李明", 2))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    assert tab.model.rowCount() == 2
    qtbot.keyClicks(tab.search, "wjg")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.data(tab.model.index(0, 0)) == "王建国"
    assert "*" in tab.model.data(tab.model.index(0, 3))
    tab.search.setText("zzzz")
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.empty_label)
    assert "没有符合条件" in tab.empty_label.text()


def test_empty_store_says_what_to_do(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    assert tab.stack.currentWidget() is tab.empty_label
    assert "新建" in tab.empty_label.text()


def test_add_person_through_the_form_with_live_validation(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(ctx.store, "T-01")
    form = PersonFormDialog(ctx, None, default_branch_id=b1)
    qtbot.addWidget(form)
    assert "name" in form.errors()
    form._fields["name"].setText("赵强")
    number = make_id_number(date(1988, 3, 4), sequence=7)
    form._fields["id_number"].setText(number[:-1] + ("1" if number[-1] != "1" else "2"))
    assert "校验位" in form.errors()["id_number"]
    assert not form._save_button.isEnabled()
    assert form._wrapped["id_number"].error.isVisibleTo(form)
    form._fields["id_number"].setText(number)
    form._fill_from_id_number()
    assert form._fields["birth_date"].text() == "1988-03-04"
    form._fields["join_date"].setText("2010-07-01")
    form._fields["full_member_date"].setText("2009-07-01")
    assert "晚于入党日期" in form.errors()["full_member_date"]
    form._fields["full_member_date"].setText("2011-07-01")
    assert form.errors() == {}
    with qtbot.waitSignal(form.saved):
        form._save_button.click()
    saved = roster.find_ids(ctx.store, RosterQuery(text="赵强"))
    assert len(saved) == 1
    assert roster.get_person(ctx.store, saved[0]).id_number == number


def test_duplicate_id_number_links_to_the_existing_person(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b1 = unit_id(ctx.store, "T-01")
    existing = roster.save_person(ctx.store, person(b1, "王建国", 1))
    form = PersonFormDialog(ctx, None, default_branch_id=b1)
    qtbot.addWidget(form)
    form._fields["name"].setText("王建设")
    form._fields["id_number"].setText(roster.get_person(ctx.store, existing).id_number or "")
    message = form.errors()["id_number"]
    assert "王建国" in message and f'href="{existing}"' in message
    with qtbot.waitSignal(form.open_person) as blocker:
        form._wrapped["id_number"].error.linkActivated.emit(existing)
    assert blocker.args == [existing]


def test_membership_change_through_the_dialog(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    pid = roster.save_person(ctx.store, person(unit_id(ctx.store, "T-01"), "王建国", 1))
    dialog = MembershipDialog(ctx, pid)
    qtbot.addWidget(dialog)
    dialog._state.setCurrentIndex(dialog._state.findData(MembershipState.EXPELLED))
    dialog._apply()
    assert "出党方式" in dialog._wrapped["exit_kind"].error.text()
    assert roster.get_person(ctx.store, pid).membership_state is MembershipState.ACTIVE
    dialog._exit_kind.setCurrentIndex(dialog._exit_kind.findData(ExitKind.EXPELLED))
    dialog._reason.setText("严重违纪")
    dialog._date.setText("2026-01-05")
    dialog._apply()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert roster.get_person(ctx.store, pid).membership_state is MembershipState.EXPELLED


def test_main_window_tree_filters_the_roster(qtbot, demo_ctx, settings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_ctx, settings)
    qtbot.addWidget(window)
    window.show()
    tab = window.tab(0)
    assert isinstance(tab, RosterTab)
    total = tab.model.rowCount()
    members = roster.count(demo_ctx.store, RosterQuery(statuses=frozenset(
        {PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY})))
    assert 0 < members < total  # the register also keeps 积极分子 / 群众; the tree counts 党员
    assert tab.count_label.text() == f"共 {total} 人，其中党员 {members} 人"
    branch = unit_id(demo_ctx.store, "JM-01-01")
    window.tree.select_unit(branch)
    assert demo_ctx.selection.unit_id == branch
    assert 0 < tab.model.rowCount() < total
    assert "九里山矿综采一队党支部" in window._unit_label.text()
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("members"))
    assert tab.count_label.text() == f"共 {tab.model.rowCount()} 人"


def test_unsaved_form_asks_before_closing(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    form = PersonFormDialog(ctx, None, default_branch_id=unit_id(ctx.store, "T-01"))
    qtbot.addWidget(form)
    form.show()
    form._fields["name"].setText("赵强")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    form.reject()
    assert form.isVisible()  # kept: the user said no
    form.reject()
    assert not form.isVisible() and answers == []


def test_building_the_tab_asks_the_store_once_and_refresh_asks_again(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[RosterQuery] = []
    real = roster.find_ids
    monkeypatch.setattr(roster, "find_ids", lambda store, query: calls.append(query) or real(store, query))
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(None)  # as the main window does once the tab is built
    assert len(calls) == 1
    tab.apply_filters()  # nothing changed: no new query
    assert len(calls) == 1
    ctx.data_changed.changed.emit("roster")  # the rows changed under the same query
    assert len(calls) == 2
    tab.search.setText("wjg")
    tab.apply_filters()
    assert len(calls) == 3 and calls[-1].text == "wjg"


def test_the_form_records_an_extended_probation(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    form = PersonFormDialog(ctx, None, default_branch_id=unit_id(ctx.store, "T-01"))
    qtbot.addWidget(form)
    form._fields["name"].setText("赵强")
    form._fields["join_date"].setText("2010-07-01")
    form._fields["full_member_date"].setText("2012-01-01")
    form._validate()
    assert "2011-07-01" in form.errors()["full_member_date"]  # the anniversary, unless an extension is recorded
    form._fields["probation_extension_months"].setCurrentText("6")
    form._validate()
    assert form.errors() == {}
    with qtbot.waitSignal(form.saved):
        form._save_button.click()
    pid = roster.find_ids(ctx.store, RosterQuery())[0]
    assert roster.get_person(ctx.store, pid).probation_extension_months == 6


def test_the_roster_flags_a_probationary_member_past_the_year(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.person import PersonData

    roster.save_person(ctx.store, PersonData(name="张丽", branch_id=unit_id(ctx.store, "T-01"),
                                             political_status=PoliticalStatus.PROBATIONARY,
                                             join_date=date(2020, 6, 1)))
    model = RosterModel(ctx.store)
    model.set_query(RosterQuery())
    cell = model.index(0, 4)  # 政治面貌
    assert model.data(cell) == "预备党员（预备期已满，待转正）"
    assert "及时讨论" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert model.data(cell, Qt.ItemDataRole.ForegroundRole) is not None
