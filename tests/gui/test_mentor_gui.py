"""结对帮带 tab: creating a pair (existing mentee or a new worker), logging, completing, printing; the models."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.mentor import LogData, PairData
from jiaomei_desktop.domain.pinyin import full_pinyin
from jiaomei_desktop.services import mentor, roster
from jiaomei_desktop.services.mentor import PairQuery
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.mentor.model import ATTENTION_ROLE, FLAGS_COLUMN, FiguresModel, PairsModel
from jiaomei_desktop.ui.mentor.tab import MentorTab
from jiaomei_desktop.ui.mentor.timeline import LogModel
from jiaomei_desktop.ui.tabs import TAB_CLASSES
from tests.conftest import unit_id
from tests.mentor.conftest import add_person

TODAY = date(2026, 11, 23)


@pytest.fixture
def office(ctx: AppContext) -> dict[str, str]:
    t01 = unit_id(ctx.store, "T-01")
    return {
        "wang": add_person(ctx.store, "王建国", t01, PoliticalStatus.FULL_MEMBER, 1),
        "sun": add_person(ctx.store, "孙小兵", t01, PoliticalStatus.MASSES, 5),
        "zhou": add_person(ctx.store, "周新宇", t01, PoliticalStatus.MASSES, 6),
        "chen": add_person(ctx.store, "陈晓东", t01, PoliticalStatus.MASSES, 4),
    }


def _tab(qtbot, ctx: AppContext) -> MentorTab:  # type: ignore[no-untyped-def]
    tab = MentorTab(ctx, None, TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(None)
    tab.wait_idle()  # the list is found on a worker thread
    return tab


def _pair(ctx: AppContext, office: dict[str, str], mentee: str = "sun") -> str:
    return mentor.create_pair(ctx.store, PairData(office["wang"], office[mentee], date(2026, 3, 1), date(2027, 3, 1),
                                                  trade="采煤机司机"), today=TODAY)


def test_tab_is_registered() -> None:
    assert "jiaomei_desktop.ui.mentor.tab:MentorTab" in TAB_CLASSES
    assert MentorTab.title() == "结对帮带"


def test_models_pass_qtmodeltester(qapp, qtmodeltester, demo_store) -> None:  # type: ignore[no-untyped-def]
    model = PairsModel(demo_store, today=TODAY)
    model.set_query(PairQuery())
    assert model.rowCount() == 0 and model.loading
    model.wait_idle()
    assert model.rowCount() > 10
    qtmodeltester.check(model)
    figures = FiguresModel()
    report = mentor.unit_figures(demo_store, None, TODAY)
    figures.set_figures(report.total, report.children)
    qtmodeltester.check(figures)
    logs = LogModel()
    pair_id = next(i for i in model._ids if mentor.list_logs(demo_store, i))
    logs.set_logs(mentor.list_logs(demo_store, pair_id))
    qtmodeltester.check(logs)


def test_attention_rows_stand_out_with_icon_and_text(qapp, demo_store) -> None:  # type: ignore[no-untyped-def]
    model = PairsModel(demo_store, today=TODAY)
    model.set_query(PairQuery(flag="attention"))
    model.wait_idle()
    assert model.rowCount() > 0
    index = model.index(0, FLAGS_COLUMN)
    assert model.data(index, ATTENTION_ROLE) is True
    assert model.data(index) in ("逾期", "久未辅导", "师傅已调离") or "、" in model.data(index)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None  # an icon, not colour alone
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "mentee"


def test_empty_tab_says_what_to_do(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    assert tab.stack.currentWidget() is tab.empty_label
    assert "新建结对" in tab.empty_label.text()


def test_create_pair_through_the_dialog(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    assert dialog.mentor_picker.select_first_match("wjg")
    assert "带徒0名" in dialog.load_label.text()
    assert [dialog.mentee_picker.results.item(i).text()[:3] for i in range(2)] == ["陈晓东", "孙小兵"]  # non-members first
    assert dialog.mentee_picker.select_first_match("sxb")
    dialog.trade.setCurrentText("采煤机司机")
    dialog.goals.setPlainText("独立操作采煤机")
    dialog.start.setText("2026-03-01")
    dialog.planned_end.setText("2026.9.1")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert (row.mentor_name, row.mentee_name, row.trade) == ("王建国", "孙小兵", "采煤机司机")
    assert tab.current_pair_id() == row.id
    assert "王建国" in tab.detail_label.text()


def test_pair_dialog_shows_errors_and_saves_nothing(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    assert not dialog.mentor_picker.select_first_match("chen")  # an activist is not offered as a mentor
    dialog.mentee_picker.select_first_match("sxb")
    dialog.start.setText("2026-05-01")
    dialog.planned_end.setText("2026-04-01")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.fields["mentor_id"].error.text() == "请选择师傅"
    assert dialog.fields["planned_end_date"].error.text() == "计划出师日期应晚于开始日期"
    assert dialog.fields["planned_end_date"].field.property("invalid") is True
    assert mentor.count(ctx.store, PairQuery()) == 0
    dialog.start.setText("2026-13-45")
    dialog.save()
    assert "不存在" in dialog.fields["start_date"].error.text()


def test_mentor_picker_offers_only_members_of_the_unit(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    names = [dialog.mentor_picker.results.item(i).text() for i in range(dialog.mentor_picker.results.count())]
    assert len(names) == 1 and names[0].startswith("王建国")


def test_new_worker_added_on_the_spot(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    dialog.mentor_picker.select_first_match("王建国")
    dialog.new_radio.setChecked(True)
    assert dialog.mentee_stack.currentIndex() == 1
    dialog.worker_name.setText("马小跳")
    dialog.worker_id_number.setText("41080220030506001")  # 17 digits: refused by the roster's own rules
    dialog.save()
    assert dialog.fields["worker_id_number"].error.isVisibleTo(dialog)
    assert roster.count(ctx.store, roster.RosterQuery(text="马小跳")) == 0
    dialog.worker_id_number.setText("")
    dialog.worker_post.setText("掘进班组")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.model.row_at(0).mentee_name == "马小跳"
    assert tab.model.row_at(0).mentee_status == "群众"


def test_mentee_limit_warns_and_the_secretary_decides(qtbot, ctx, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    mentor.set_mentee_limit(ctx.store, 1)
    _pair(ctx, office)
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    dialog.mentor_picker.select_first_match("wjg")
    assert "注意" in dialog.load_label.text()
    dialog.mentee_picker.select_first_match("zxy")
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_over_limit", lambda exc: asked.append(str(exc)) or False)
    dialog.save()
    assert asked and "上限" in asked[0]
    assert mentor.count(ctx.store, PairQuery()) == 1
    monkeypatch.setattr(dialog, "confirm_over_limit", lambda exc: True)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert mentor.count(ctx.store, PairQuery()) == 2


def test_log_a_meeting_and_see_the_timeline(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    pair_id = _pair(ctx, office)
    tab = _tab(qtbot, ctx)
    assert tab.select_pair(pair_id)
    assert not tab.timeline.isVisibleTo(tab)
    dialog = tab.add_log()
    dialog.date_edit.setText("2026-02-01")  # before the pair began
    dialog.content.setPlainText("讲解采煤机操作规程")
    dialog.save()
    assert "早于结对开始日期" in dialog.fields["log_date"].error.text()
    dialog.date_edit.setText("2026-04-01")
    dialog.hours.setValue(2.5)
    dialog.assessment.setCurrentText("良好")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.current_pair_id() == pair_id and tab.timeline.log_model.rowCount() == 1
    assert "2026-04-01" in tab.timeline.log_model.data(tab.timeline.log_model.index(0))
    assert tab.model.row_at(tab.model.row_of(pair_id)).hours == 2.5


def test_complete_then_print_certificate(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    pair_id = _pair(ctx, office)
    mentor.add_log(ctx.store, LogData(pair_id, date(2026, 6, 1), "讲解", 2.0), today=TODAY)
    tab = _tab(qtbot, ctx)
    tab.select_pair(pair_id)
    dialog = tab.close_current(mentor_state("已出师"))
    dialog.date_edit.setText("2026-05-01")
    dialog.text.setPlainText("考核合格")
    dialog.save()
    assert "最后一次辅导记录" in dialog.fields["end_date"].error.text()
    dialog.date_edit.setText("2026-11-20")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert mentor.get_pair(ctx.store, pair_id).row.state == "已出师"
    tab.wait_idle()
    assert not tab.complete_button.isEnabled()
    tab.select_pair(pair_id)
    task = tab.print_current()
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert tab.last_pdf is not None and tab.last_pdf.startswith(b"%PDF")
    for widget in tab.findChildren(__import__("PySide6.QtWidgets", fromlist=["QDialog"]).QDialog):
        widget.close()


def test_terminate(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    pair_id = _pair(ctx, office)
    tab = _tab(qtbot, ctx)
    tab.select_pair(pair_id)
    dialog = tab.close_current(mentor_state("终止"))
    dialog.save()
    assert dialog.fields["end_reason"].error.text() == "请填写终止原因"
    dialog.text.setPlainText("徒弟调岗")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.model.row_at(0).state == "终止"


def test_filters_and_search(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, demo_ctx)
    total = tab.model.rowCount()
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("已出师"))
    tab.wait_idle()
    done = tab.model.rowCount()
    assert 0 < done < total
    assert all(tab.model.row_at(r).state == "已出师" for r in range(done))
    tab.state_filter.setCurrentIndex(0)
    tab.wait_idle()
    name = tab.model.row_at(0).mentee_name
    qtbot.keyClicks(tab.search, full_pinyin(name))  # typed as pinyin, the way a secretary would
    qtbot.waitUntil(lambda: tab.model.rowCount() < total)
    assert any(tab.model.row_at(r).mentee_name == name for r in range(tab.model.rowCount()))
    tab.search.setText("zzzzzz")
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.empty_label)
    assert "没有符合条件" in tab.empty_label.text()


def test_figures_and_choices_follow_the_unit(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    """The unit's figures and filter choices are read on a worker thread; a mentor chosen in one unit who has no
    pairs in the next is dropped from the filter, and the list is read again without it."""
    _pair(ctx, office)
    tab = _tab(qtbot, ctx)
    assert "共 1 对" in tab.summary_label.text() and tab.figures_model.rowCount() >= 1
    tab.mentor_filter.setCurrentIndex(tab.mentor_filter.findData(office["wang"]))
    tab.wait_idle()
    assert tab.model.rowCount() == 1
    tab.set_unit(unit_id(ctx.store, "T-02"))
    tab.wait_idle()
    assert tab.mentor_filter.currentIndex() == 0 and tab.model.query.mentor_id is None
    assert "共 0 对" in tab.summary_label.text() and tab.model.rowCount() == 0
    tab.set_unit(None)
    tab.wait_idle()
    assert tab.model.rowCount() == 1 and tab.mentor_filter.count() == 2


def mentor_state(value: str):  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.enums import PairState

    return PairState(value)


def test_mentee_limit_setting_in_the_figures_panel(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, ctx)
    assert tab.limit_spin.value() == 3
    tab.limit_spin.setValue(5)
    assert mentor.mentee_limit(ctx.store) == 5


def test_pair_dialog_warns_about_a_minor_underground(qtbot, ctx, office) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.person import PersonData

    t01 = unit_id(ctx.store, "T-01")
    roster.save_person(ctx.store, PersonData(name="钱小宝", branch_id=t01, political_status=PoliticalStatus.MASSES,
                                             birth_date=date(2008, 9, 1), work_start_date=date(2026, 1, 5)),
                       today=TODAY)
    tab = _tab(qtbot, ctx)
    dialog = tab.new_record()
    assert dialog.mentor_picker.select_first_match("wjg")
    assert dialog.mentee_picker.select_first_match("qxb")
    dialog.start.setText("2026-03-01")
    dialog.trade.setCurrentText("调度员")
    assert dialog.rules_label.isHidden()
    dialog.trade.setCurrentText("掘进机司机")
    assert "未满十八周岁" in dialog.rules_label.text() and not dialog.rules_label.isHidden()
