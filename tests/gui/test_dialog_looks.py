"""What a secretary sees in the register forms, found by rendering them at 1366×768 and 150 % in both languages:
the member picker's hints read whole, the fields stay put while errors are corrected, the checklist's wrapped item
names show all their lines, and the results dialog's two ways of adding a contestant line up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from jiaomei_desktop import i18n
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.inspections import TeamDialog
from jiaomei_desktop.ui.registers.posts_tab import PostDialog
from jiaomei_desktop.ui.registers.standards import ChecklistDialog
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


@pytest.fixture(params=("zh_CN", "en"))
def language(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    i18n.install(request.param)
    yield request.param
    i18n.install(i18n.DEFAULT_LANGUAGE)


def _settle() -> None:
    """Let the nested layouts re-arrange: a hidden error line's layout request reaches the form a few rounds on."""
    for _round in range(5):
        QApplication.processEvents()


def _top(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), QPoint(0, 0)).y()


def test_member_picker_hints_read_whole(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """In one row with three buttons the finder was 85 px wide and its hint read “输入姓…” (“Type a …”); the
    创新工作室 finder cut its English hint."""
    ctx, k = known_ctx
    units = unit_choices(ctx.store, None)
    from jiaomei_desktop.ui.registers.studios import StudioDialog

    for dialog in (PostDialog(ctx.store, units, None, k.b1, None, TODAY), TeamDialog(ctx.store, units, None, k.root),
                   StudioDialog(ctx.store, units, None, k.b1, None, TODAY)):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        finder_line = dialog.finder.lineEdit()
        for edit in (finder_line, getattr(dialog, "typed", finder_line)):
            hint = edit.placeholderText()
            assert edit.fontMetrics().horizontalAdvance(hint) + 8 <= edit.width(), hint  # 8: frame and margins


def test_the_inspection_person_hint_reads_whole(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """督导检查记录's 涉及人员: the English hint (“Optional; type a name or pinyin …”) was cut at the form's width."""
    from jiaomei_desktop.ui.registers.inspections import InspectionDialog

    ctx, k = known_ctx
    dialog = InspectionDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    line = dialog.person.lineEdit()
    assert line.fontMetrics().horizontalAdvance(line.placeholderText()) + 8 <= line.width(), line.placeholderText()


def test_fields_stay_put_as_errors_are_corrected(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """A new post opens with 请填写岗位或队名 under the empty name; typing the name removes the message and used to
    pull every field below it up by a line while the user was filling them in."""
    ctx, k = known_ctx
    dialog = PostDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog._errors["name"].isVisible()
    place, duties = _top(dialog.place), _top(dialog.duties)
    dialog.name.setText("液压支架操作岗")
    dialog.validate()
    _settle()
    assert not dialog._errors["name"].isVisible()
    assert (_top(dialog.place), _top(dialog.duties)) == (place, duties)


def test_checklist_item_names_show_all_their_lines(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """On one line an English item name made the checklist dialog 1,361 px wide; wrapped in a form layout its
    third line was cut off."""
    ctx, _k = known_ctx
    dialog = ChecklistDialog(ctx.store)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.width() <= 1280 - 16
    wrapped = [label for label in dialog.findChildren(QLabel) if label.wordWrap() and label.buddy() is not None]
    assert len(wrapped) == len(dialog.weights) + 2
    for label in wrapped:
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_results_dialog_add_rows_line_up(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """花名册人员 and 其他选手: the name fields, the second fields and the 添加 buttons start at the same x."""
    from jiaomei_desktop.ui.registers.contests import ResultsDialog

    ctx, k = known_ctx
    ct.save_event(ctx.store, ct.EventData("电钳工比武", date(2025, 6, 1), "井下电钳工", "矿", "测试矿工会", k.b1), TODAY)
    event = ct.list_events(ctx.store)[0]
    dialog = ResultsDialog(ctx.store, event, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()

    def left(widget: QWidget) -> int:
        return widget.mapTo(dialog, QPoint(0, 0)).x()

    assert left(dialog.search) == left(dialog.other_name)
    assert left(dialog.found) == left(dialog.other_unit)
    assert left(dialog.add_person_button) == left(dialog.add_other_button)
    assert dialog.found.placeholderText()  # the empty list beside the search says what it is for


def test_meeting_record_fields_are_level_with_their_labels(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """地点, 主持人, 记录人 and 授课人 sat up to 11 px below their labels: their rows are as tall as the field with an
    error line beside them (学时), and the plain fields were centred in them while the labels kept to the top."""
    from jiaomei_desktop.ui.study.session_dialog import SessionDialog

    ctx, k = known_ctx
    dialog = SessionDialog(ctx, None, k.b1)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    labels = {label.text(): label for label in dialog.findChildren(QLabel)}
    for text, field in ((i18n._("地点"), dialog.place), (i18n._("主持人"), dialog.host),
                        (i18n._("记录人"), dialog.recorder), (i18n._("授课人"), dialog.lecturer)):
        assert _top(field) == _top(labels[text]), text


def test_progress_dialog_of_a_long_followed_task_fits_the_screen(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """进展 listed every earlier note in a label: 40 notes made the dialog about 900 px tall, past a 768-px screen with
    its 保存 button. Now they scroll in a box of a few lines, the newest in view."""
    from datetime import timedelta

    from jiaomei_desktop.services import supervision as sv
    from jiaomei_desktop.ui.registers.supervision import HISTORY_LINES, NoteDialog

    ctx, k = known_ctx
    start = TODAY - timedelta(days=60)
    task_id = sv.save_task(ctx.store, sv.TaskData("井下皮带巷隐患整改", k.b1, start, 10), TODAY)
    for n in range(40):
        sv.add_note(ctx.store, task_id, start + timedelta(days=n), f"第{n + 1}次督促：已落实部分整改措施", TODAY)
    row = sv.list_tasks(ctx.store, k.b1, today=TODAY, ids=(task_id,))[0]
    dialog = NoteDialog(ctx.store, row, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    assert dialog.height() <= 720 - 40
    lines = dialog.history.height() / dialog.history.fontMetrics().lineSpacing()
    assert HISTORY_LINES <= lines < HISTORY_LINES + 1
    bar = dialog.history.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()  # the newest note is the one in view


def _tab_chain(dialog: QWidget) -> list[QWidget]:
    """The widgets Tab visits, from the dialog round to it again."""
    chain, widget = [], dialog.nextInFocusChain()
    while widget is not dialog and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _visited_in_order(dialog: QWidget, widgets: list[QWidget]) -> bool:
    chain = _tab_chain(dialog)
    places = [chain.index(w.focusProxy() or w) for w in widgets]
    return places == sorted(places)


def test_tab_follows_the_reading_order(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """Person form: 身份证号 before 出生日期 and 所在支部 before 入党培养 (Tab went 民族 → 出生日期 → back up to 身份证号,
    and through the 入党培养 box before 所在支部); meeting record: 学时 beside 地点 before 主题 (Tab went back up to it);
    member picker: the list, 设为负责人, 移除, then the finder and the typed name as they now read."""
    from jiaomei_desktop.ui.roster.person_form import TAB_ORDER, PersonFormDialog
    from jiaomei_desktop.ui.study.session_dialog import SessionDialog

    ctx, k = known_ctx
    person = PersonFormDialog(ctx, None, default_branch_id=k.b1)
    qtbot.addWidget(person)
    assert sorted(TAB_ORDER) == sorted(person._fields)  # every field has its place
    assert _visited_in_order(person, [person._fields[name] for name in TAB_ORDER])
    meeting = SessionDialog(ctx, None, k.b1)
    qtbot.addWidget(meeting)
    assert _visited_in_order(meeting, [meeting.unit, meeting.kind, meeting.session_date, meeting.place, meeting.hours,
                                       meeting.host, meeting.recorder, meeting.topic, meeting.content])
    post = PostDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(post)
    lead, remove = (b for b in post.picker.findChildren(QPushButton) if b.text() in (i18n._("设为负责人"), i18n._("移除")))
    assert _visited_in_order(post, [post.place, post.members, lead, remove, post.finder, post.typed, post.duties])


def test_history_lines_read_from_the_top(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """修改记录 of a post: a 承诺 of three lines before and four after sat centred against its field's name, so the
    before and after lines did not start level."""
    from dataclasses import replace

    from jiaomei_desktop.domain.posts import PostKind, PostRole
    from jiaomei_desktop.services import posts as ps
    from jiaomei_desktop.ui.history_dialog import HistoryDialog

    ctx, k = known_ctx
    member = ps.PostMemberData("", k.people["A"], PostRole.LEAD.value)
    data = ps.PostData(PostKind.MODEL.value, "采煤机司机岗", k.b1, date(2026, 3, 1), (member,),
                       pledge="安全生产我带头\n工作质量我带头\n急难险重我带头")
    post_id = ps.save_post(ctx.store, data)
    ps.save_post(ctx.store, replace(data, id=post_id, pledge=data.pledge + "\n不安全不生产"))
    dialog = HistoryDialog(ctx, "identity_post", post_id, "采煤机司机岗")
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    rows = [dialog.details.topLevelItem(i) for i in range(dialog.details.topLevelItemCount())]
    assert rows, "the change is listed"
    top = Qt.AlignmentFlag.AlignTop
    assert all(row.textAlignment(c) & top.value for row in rows for c in range(3))


def test_a_long_message_grows_the_form_instead_of_squeezing_it(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """Three typed-in workers on a 示范岗: the three row messages fill five lines under the English form. Qt sets no
    minimum height on a window whose layout wraps text, so they squeezed the member picker to one line with
    设为负责人 and 移除 cut in half; the dialog now grows to what it needs."""
    ctx, k = known_ctx
    dialog = PostDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    dialog.name.setText("液压支架操作岗")
    for name in ("赵外协", "钱外协", "孙外协"):
        dialog.typed.setText(name)
        dialog.add_typed()
    assert {"members.1", "members.2", "members.3"} <= set(dialog.validate())
    _settle()
    assert dialog.general_error.height() >= dialog.general_error.heightForWidth(dialog.general_error.width())
    for button in dialog.picker.findChildren(QPushButton):
        assert button.height() >= button.minimumSizeHint().height(), button.text()
    assert dialog.members.height() >= dialog.members.minimumSizeHint().height()
    hint = dialog.finder.lineEdit().placeholderText()
    assert dialog.finder.fontMetrics().horizontalAdvance(hint) < dialog.finder.width()


def test_a_form_too_tall_for_the_screen_scrolls_with_its_messages_and_buttons_in_view(  # type: ignore[no-untyped-def]
        qtbot, known_ctx, language, monkeypatch) -> None:
    """A register form could only grow to the screen: with long messages on a short screen the window needed more
    than the screen had. Now its fields scroll while the messages and 保存 / 取消 stay in view, whole."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractButton

    from jiaomei_desktop.ui import geometry

    monkeypatch.setattr(geometry, "available_geometry", lambda _widget=None: QRect(0, 0, 1280, 520))
    ctx, k = known_ctx
    dialog = PostDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    dialog.name.setText("液压支架操作岗")
    for name in ("赵外协", "钱外协", "孙外协"):
        dialog.typed.setText(name)
        dialog.add_typed()
    assert {"members.1", "members.2", "members.3"} <= set(dialog.validate())
    _settle()
    room = geometry.room()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    assert dialog.minimumSizeHint().height() <= room.height()
    assert dialog.general_error.height() >= dialog.general_error.heightForWidth(dialog.general_error.width())
    for button in dialog.buttons.findChildren(QAbstractButton):
        assert dialog.rect().contains(QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())), button.text()
    for button in dialog.picker.findChildren(QPushButton):  # the fields are not squeezed: they scroll
        assert button.height() >= button.minimumSizeHint().height(), button.text()
    assert dialog._scroll.verticalScrollBar().maximum() > 0


def test_lists_and_boxes_tab_in_reading_order(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """督导组: the buttons above the table before it (Tab visited the table first); the meeting record's 出勤情况
    box: the mark buttons, the picker and 添加到名单, then the table (it jumped from the table to the picker and back
    up to the buttons)."""
    from jiaomei_desktop.services import inspections as ins
    from jiaomei_desktop.ui.registers.inspections import TeamsDialog
    from jiaomei_desktop.ui.study.session_dialog import SessionDialog
    from tests.registers.test_inspections import _team

    ctx, k = known_ctx
    ins.save_team(ctx.store, _team(k))
    teams = TeamsDialog(ctx.store, k.root, None, TODAY)
    qtbot.addWidget(teams)
    assert _visited_in_order(teams, [teams.new_button, teams.edit_button, teams.delete_button, teams.duty_button,
                                     teams.history_button, teams.table])
    meeting = SessionDialog(ctx, None, k.b1)
    qtbot.addWidget(meeting)
    assert len(meeting.attendance_order) == 9
    assert _visited_in_order(meeting, meeting.attendance_order)


def test_the_duty_roster_opens_at_today(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """A year's 值班表 opened at January with today's month far below."""
    from jiaomei_desktop.services import inspections as ins
    from jiaomei_desktop.ui.registers.inspections import DutyDialog
    from tests.registers.test_inspections import _team

    ctx, k = known_ctx
    team_id = ins.save_team(ctx.store, _team(k))
    for month in range(1, 13):
        for day in (5, 12, 19, 26):
            ins.save_duty(ctx.store, ins.DutyData(team_id, date(2026, month, day), "王建国"))
    row = next(t for t in ins.list_teams(ctx.store) if t.id == team_id)
    dialog = DutyDialog(ctx.store, row, None, date(2026, 6, 8))
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    top = dialog.model.row_at(dialog.table.rowAt(0))
    assert top.duty_date == date(2026, 6, 12)  # the first duty from today on


def test_person_form_offers_education_and_ethnicity_in_english(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    """学历 and 民族 are fixed lists one may type past: in English 中专 read “中专”. Their choices now read in the UI
    language and still store the Chinese value; a value typed in is stored as typed."""
    from jiaomei_desktop.services import roster
    from jiaomei_desktop.ui.roster.person_form import PersonFormDialog

    ctx, k = known_ctx
    person = roster.get_person(ctx.store, k.people["A"]).with_changes(education="中专", ethnicity="回族")
    i18n.install("en")
    try:
        form = PersonFormDialog(ctx, person)
        qtbot.addWidget(form)
        education, ethnicity = form._choice("education"), form._choice("ethnicity")
        assert education.currentText() == i18n._("中专") != "中专"
        assert ethnicity.currentText() == i18n._("回族")
        data, _errors = form.person_data()
        assert (data.education, data.ethnicity) == ("中专", "回族")
        education.setCurrentText("函授本科")
        assert form.person_data()[0].education == "函授本科"
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)


def test_a_one_day_tier_reads_one_day(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """时限档次 read “Assign (1 days)” in English: the day counts go through ngettext, so the catalogue can say
    “1 day”. A stand-in catalogue with English plurals shows which form each count asked for."""
    import gettext

    from jiaomei_desktop.services import supervision as sv
    from jiaomei_desktop.ui.registers.supervision import TaskDialog

    class Plurals(gettext.NullTranslations):
        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return msgid1.replace("天", " day" if n == 1 else " days")

    monkeypatch.setattr(i18n, "_translations", Plurals())
    ctx, k = known_ctx
    dialog = TaskDialog(ctx.store, unit_choices(ctx.store, k.root), None, None, None, TODAY)
    qtbot.addWidget(dialog)
    texts = [dialog.tier.itemText(i) for i in range(dialog.tier.count())]
    assert [days for _name, days in sv.tier_days(ctx.store)] == [1, 3, 7, 10]
    assert texts[0].endswith("（1 day）") and texts[1].endswith("（3 days）"), texts


def test_meeting_record_columns_share_the_width(qtbot, known_ctx, language) -> None:  # type: ignore[no-untyped-def]
    """English: the check boxes' long texts (“Combined with safety production …”) sat in the right-hand column and
    squeezed 召开单位 and the left-hand fields to two thirds of the right-hand ones; on rows of their own they no
    longer do."""
    from jiaomei_desktop.ui.study.session_dialog import SessionDialog

    ctx, k = known_ctx
    dialog = SessionDialog(ctx, None, k.b1)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    assert dialog.unit.width() >= 0.85 * dialog.kind.width(), (dialog.unit.width(), dialog.kind.width())
    for check in (dialog.safety, dialog.election):
        assert check.width() >= check.sizeHint().width(), check.text()  # read whole


def test_winner_places_read_as_one_pattern(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """获奖名次 was a prefix 第1至 and a suffix 名 round the number (“Top 1 places”); it is now “第1至{n}名” through
    ngettext, the box showing the text either side of the number, and typing a number still sets it."""
    import gettext

    from PySide6.QtCore import Qt as _Qt

    from jiaomei_desktop.ui.registers.contests import EventDialog

    class Plurals(gettext.NullTranslations):
        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return "Top {n} place" if n == 1 else "Top {n} places"

    monkeypatch.setattr(i18n, "_translations", Plurals())
    ctx, k = known_ctx
    dialog = EventDialog(ctx.store, unit_choices(ctx.store, None), None, k.root, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.places.text() == "Top 3 places"
    dialog.places.setValue(1)
    assert dialog.places.text() == "Top 1 place"
    dialog.places.setFocus()
    dialog.places.selectAll()
    qtbot.keyClicks(dialog.places, "12")
    qtbot.keyClick(dialog.places, _Qt.Key.Key_Return)
    assert dialog.places.value() == 12 and dialog.places.text() == "Top 12 places"
