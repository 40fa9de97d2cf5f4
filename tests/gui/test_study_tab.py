"""学习记录 GUI: models pass qtmodeltester; a session with attendance is recorded through the dialog; the compliance
grid is read and its cells open their sessions; rules, member record, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from jiaomei_desktop import i18n
from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.domain.study import CellState, Period
from jiaomei_desktop.services import study
from jiaomei_desktop.services.org import unit_tree
from jiaomei_desktop.services.study import AttendanceEntry, SessionData, SessionQuery
from jiaomei_desktop.ui.study.compliance_view import ComplianceView
from jiaomei_desktop.ui.study.member_dialog import show_member_record
from jiaomei_desktop.ui.study.models import (
    AttendanceModel,
    ComplianceModel,
    MemberSessionsModel,
    SessionListModel,
    SessionRowsModel,
)
from jiaomei_desktop.ui.study.rules_dialog import RulesDialog
from jiaomei_desktop.ui.study.session_dialog import SessionDialog
from jiaomei_desktop.ui.study.tab import StudyTab
from tests.conftest import unit_id
from tests.study.fixtures import make_branch


def _add(ctx, unit: str, kind: str, day: date, people: tuple[str, ...] = ()) -> str:  # type: ignore[no-untyped-def]
    return study.save_session(ctx.store, SessionData(unit_id=unit, kind=kind, session_date=day, topic="学习", hours=1,
                                                     attendance=tuple(AttendanceEntry(p) for p in people)))


def test_models_pass_qtmodeltester(qtbot, qtmodeltester, demo_store) -> None:  # type: ignore[no-untyped-def]
    sessions = SessionListModel(demo_store)
    sessions.set_query(SessionQuery())
    assert sessions.rowCount() == 0 and sessions.loading  # found on a worker thread
    with qtbot.waitSignal(sessions.loaded, timeout=20000):
        pass
    assert sessions.rowCount() > 1000
    qtmodeltester.check(sessions)
    assert len(sessions._blocks) <= 2  # read lazily: only what was looked at
    first = sessions.session_id(0)
    data = study.get_session(demo_store, first)  # type: ignore[arg-type]
    attendance = AttendanceModel()
    attendance.set_entries(data.attendance)
    qtmodeltester.check(attendance)
    grid = ComplianceModel()
    grid.set_grid(study.compliance_grid(demo_store, unit_tree(demo_store)[0].unit.id, 2025, date(2026, 11, 23)))
    assert grid.rowCount() == 277  # 276 branches and the totals row
    qtmodeltester.check(grid)
    rows = SessionRowsModel()
    rows.set_rows(list(study.fetch_rows(demo_store, [first]).values()))  # type: ignore[list-item]
    qtmodeltester.check(rows)
    person = data.attendance[0].person_id
    qtmodeltester.check(MemberSessionsModel(study.member_record(demo_store, person, data.session_date.year)))


def test_record_a_general_meeting_with_attendance(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(b.branch_id)
    tab.wait_idle()
    assert not tab.empty_label.isHidden() and "新建" in tab.empty_label.text()
    dialog = tab.new_record()  # a child of the tab, deleted on close
    dialog.kind.setCurrentIndex(dialog.kind.findData("支部党员大会"))
    assert dialog.attendance.rowCount() == 8  # 7 正式 + 1 预备, pre-filled as present
    assert "应到 8 人，实到 8 人" in dialog.counts_label.text()
    assert "有表决权应到 7 人、实到 7 人" in dialog.counts_label.text()  # the 预备党员 has no vote
    dialog.session_date.setText("2026-03-05")
    dialog.start_time.setText("8:30")
    dialog.end_time.setText("10:00")
    dialog.topic.setText("讨论发展党员")
    dialog.hours.setValue(1.5)
    names = [dialog.attendance.index(r, 0).data() for r in range(8)]
    full_rows = [r for r in range(8) if dialog.attendance.index(r, 1).data() == "正式党员"]
    dialog.table.clearSelection()
    for r in full_rows[:4]:
        dialog.table.selectionModel().select(dialog.attendance.index(r, 0),
                                             dialog.table.selectionModel().SelectionFlag.Select
                                             | dialog.table.selectionModel().SelectionFlag.Rows)
    dialog._mark(AttendanceStatus.ABSENT)
    assert "实到 4 人" in dialog.counts_label.text()
    assert dialog.quorum_label.isVisibleTo(dialog) and "决定无效" in dialog.quorum_label.text()  # 3 of 7 voting
    dialog.attendance.setData(dialog.attendance.index(full_rows[0], 3), "请假")
    dialog.attendance.setData(dialog.attendance.index(full_rows[0], 4), "井下当班")
    dialog.attendance.setData(dialog.attendance.index(full_rows[1], 3), "出席")
    assert not dialog.quorum_label.isVisibleTo(dialog)  # 4 of 7 voting present
    # An election needs more than four fifths of the voters: 4 of 7 is not enough.
    dialog.election.setChecked(True)
    assert dialog.quorum_label.isVisibleTo(dialog) and "五分之四" in dialog.quorum_label.text()
    dialog.election.setChecked(False)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.model.rowCount() == 1
    assert tab.table.currentIndex().row() == 0  # the saved record is selected once the list holds it
    stored = study.get_session(ctx.store, tab.model.session_id(0))  # type: ignore[arg-type]
    assert stored.start_time == "08:30" and {a.name for a in stored.attendance} == set(names)
    assert [(a.status, a.reason) for a in stored.attendance if a.status is AttendanceStatus.LEAVE] == [
        (AttendanceStatus.LEAVE, "井下当班")]


def test_bad_input_keeps_the_dialog_open(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    dialog = SessionDialog(ctx, None, b.branch_id)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("支委会"))
    dialog.start_time.setText("10:00")
    dialog.end_time.setText("09:00")
    assert dialog.fields["end_time"].error.text() == "结束时间必须晚于开始时间"
    assert dialog.fields["topic"].error.text()
    assert dialog.save() is None
    dialog.end_time.setText("11:00")
    dialog.topic.setText("研究工作")
    # A stranger slipped onto the list is refused by the service, with the reason shown and nothing saved.
    dialog.attendance.add(AttendanceEntry(b.stranger, AttendanceStatus.PRESENT, "", "周杰", "正式党员"))
    assert dialog.save() is None
    assert "不是综采一队党支部的在册人员" in dialog.error_label.text()
    assert study.count(ctx.store, SessionQuery()) == 0


def test_filters_copy_and_delete(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    first = _add(ctx, b.branch_id, "党课", date(2026, 1, 5), tuple(b.full))
    _add(ctx, b.other_branch_id, "支委会", date(2026, 2, 5))
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.wait_idle()
    assert tab.model.rowCount() == 2 and tab.count_label.text() == "共 2 条"
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData("党课"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.kind_filter.setCurrentIndex(0)
    tab.date_from.setText("2026-02-01")
    tab.apply_filters()
    tab.wait_idle()
    assert tab.model.rowCount() == 1 and tab.count_label.text() == "共 1 条"
    tab.date_from.setText("2026-02-31")  # not a date: marked, filter ignored
    tab.apply_filters()
    tab.wait_idle()
    assert tab.date_from.property("invalid") and tab.model.rowCount() == 2
    tab.date_from.setText("")
    tab.set_unit(b.branch_id)
    tab.wait_idle()
    assert tab.model.rowCount() == 1
    tab.table.selectRow(0)
    dialog = tab.copy_current()
    assert dialog.topic.text() == "学习" and dialog.current_data().id is None
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    tab.wait_idle()
    assert tab.model.rowCount() == 2
    tab.table.selectRow(tab.model.row_of(first))
    tab.delete_current(confirm=False)
    tab.wait_idle()
    assert tab.model.rowCount() == 1 and tab.model.row_of(first) == -1


def test_compliance_grid_and_cells(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    _add(ctx, b.branch_id, "支委会", date(2026, 1, 6), (b.secretary,))
    _add(ctx, b.branch_id, "主题党日", date(2026, 1, 16), tuple(b.full))
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(unit_id(ctx.store, "T"))
    tab.pages.setCurrentIndex(1)
    view = tab.compliance
    view.year.setValue(2026)
    view.wait_idle()  # the grid is computed on a worker thread
    model = view.model
    assert model.headerData(0, Qt.Orientation.Vertical) == "综采一队党支部"
    january = model.index(0, 0)
    assert model.data(january).startswith("缺")  # no 党小组会 yet, quarter over without 支部党员大会
    assert "支委会（每月）：达标 1/1" in model.data(january, Qt.ItemDataRole.ToolTipRole)
    assert model.cell(0, 0).state is CellState.MISSED
    view.show_cell(january)
    assert view.cell_model.rowCount() == 2 and "2026年1月" in view.cell_title.text()
    assert model.data(model.index(model.rowCount() - 1, 0)) == "0/2"
    # The rule editor relaxes the rules: 党小组会, 支部党员大会 and 党课 off → January is met.
    dialog = RulesDialog(ctx, unit_id(ctx.store, "T"), tab)
    qtbot.addWidget(dialog)
    for kind in ("党小组会", "支部党员大会", "党课"):
        dialog.row_widgets(kind)["enabled"].setChecked(False)  # type: ignore[attr-defined]
    dialog.row_widgets("组织生活会")["period"].setCurrentIndex(  # type: ignore[attr-defined]
        dialog.row_widgets("组织生活会")["period"].findData(Period.HALF_YEAR.value))  # type: ignore[attr-defined]
    assert dialog.save()
    view.wait_idle()
    # Only the now half-yearly 组织生活会 is missing in January; switched off as well, the month is met.
    assert model.cell(0, 0).missed == ["组织生活会"]
    dialog = RulesDialog(ctx, unit_id(ctx.store, "T"), tab)
    qtbot.addWidget(dialog)
    dialog.row_widgets("组织生活会")["enabled"].setChecked(False)  # type: ignore[attr-defined]
    assert dialog.save()
    view.wait_idle()
    assert model.cell(0, 0).state is CellState.MET
    assert model.data(model.index(model.rowCount() - 1, 0)) == "1/2"


def test_member_record_dialog(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    _add(ctx, b.branch_id, "党课", date(date.today().year, 1, 5), (b.secretary,))
    dialog = show_member_record(None, ctx, b.secretary)
    qtbot.addWidget(dialog)
    assert "出席 1 次" in dialog.summary.text() and dialog.model.rowCount() == 1
    dialog.year.setValue(2000)
    assert dialog.model.rowCount() == 0 and "还没有" in dialog.empty.text()


def test_export_runs_in_the_background(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    _add(ctx, b.branch_id, "党课", date(2026, 1, 5), tuple(b.full))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    out = tmp_path / "study.xlsx"
    task = tab.export_to(out)
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert out.exists() and "已导出 1 条" in shown[0]


def test_print_meeting_record_opens_the_preview(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    b = make_branch(ctx.store)
    _add(ctx, b.branch_id, "支部党员大会", date(2026, 3, 5), tuple(b.full))
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.wait_idle()
    assert not tab.print_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.print_button.isEnabled()
    task = tab.print_current()  # rendered on a worker thread: the first record loads ReportLab's fonts (~0.3 s)
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    preview = tab._dialog
    assert preview is not None and preview.page_count() >= 1  # type: ignore[attr-defined]
    preview.close()


def test_a_meeting_record_that_cannot_be_rendered_says_why(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from jiaomei_desktop.services.errors import ServiceError
    from jiaomei_desktop.services.study import minutes

    b = make_branch(ctx.store)
    _add(ctx, b.branch_id, "支部党员大会", date(2026, 3, 5), tuple(b.full))
    tab = StudyTab(ctx)
    qtbot.addWidget(tab)
    tab.wait_idle()
    tab.table.selectRow(0)

    def deleted_meanwhile(*_args):  # type: ignore[no-untyped-def]
        raise ServiceError("会议记录不存在或已被删除")

    monkeypatch.setattr(minutes, "render_minutes", deleted_meanwhile)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warned.append(f"{title}: {text}"))
    task = tab.print_current()
    assert task is not None
    with qtbot.waitSignal(task.error, timeout=20000):
        pass
    assert warned == ["无法生成会议记录: 会议记录不存在或已被删除"] and tab._dialog is None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_compliance_cells_are_never_cut_short(qtbot, demo_ctx, language) -> None:  # type: ignore[no-untyped-def]
    i18n.install(language)
    try:
        view = ComplianceView(demo_ctx)
        qtbot.addWidget(view)
        view.resize(1100, 600)
        view.show()
        view.year.setValue(2026)
        view.refresh()
        view.wait_idle()
        model, header, metrics = view.model, view.table.horizontalHeader(), view.table.fontMetrics()
        assert model.headerData(0, Qt.Orientation.Horizontal) == ("1月" if language == "zh_CN" else "Jan")
        for column in range(model.columnCount()):
            texts = [model.data(model.index(row, column)) for row in range(model.rowCount())]
            widest = max(metrics.horizontalAdvance(str(t)) for t in [*texts, model.headerData(column, Qt.Orientation.Horizontal)] if t)
            assert header.sectionSize(column) >= widest, (column, widest)
        if language == "zh_CN":  # Chinese fits the width: no sideways scrolling
            assert header.length() <= view.table.viewport().width()
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
