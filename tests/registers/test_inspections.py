"""纪律作风督导: 督导组 and duty roster rules, inspections with photos, 整改 as a 13710 督办 item (linked both ways),
overdue on the day, every bad input refused with a Chinese message and nothing written, read-only elsewhere,
lists, filters, figures, Excel export, sync registration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models.inspection import (
    Inspection,
    InspectionDuty,
    InspectionPhoto,
    InspectionTeam,
    InspectionTeamMember,
)
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import photos
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from tests.gallery.images import picture
from tests.registers.known import TODAY

TABLES = (Inspection, InspectionDuty, InspectionPhoto, InspectionTeam, InspectionTeamMember, SupervisionTask)


def _counts(store) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in TABLES}


def _team(k, **kw) -> ins.TeamData:  # type: ignore[no-untyped-def]
    values = dict(
        name="党委第一督导组",
        unit_id=k.root,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        members=(
            ins.TeamMemberData("王建国", k.people["A"], "组长"),
            ins.TeamMemberData("退休干部老赵", None, "成员"),
        ),
    )
    values.update(kw)
    return ins.TeamData(**values)  # type: ignore[arg-type]


def _inspection(k, team: str, **kw) -> ins.InspectionData:  # type: ignore[no-untyped-def]
    values = dict(
        inspection_date=date(2026, 11, 10),
        team_id=team,
        unit_id=k.b1,
        kind="三违",
        description="综采工作面一名职工未按规定佩戴自救器",
        place="3号综采工作面",
    )
    values.update(kw)
    return ins.InspectionData(**values)  # type: ignore[arg-type]


def _rectified(k, team: str, **kw) -> ins.InspectionData:  # type: ignore[no-untyped-def]
    values = dict(rectify=True, requirement="班前会重申自救器佩戴规定，区队长跟班检查", deadline=date(2026, 11, 17))
    values.update(kw)
    return _inspection(k, team, **values)


@pytest.fixture
def team(known):  # type: ignore[no-untyped-def]
    store, k = known
    return store, k, ins.save_team(store, _team(k))


# -- 督导组 -------------------------------------------------------------------------------------------------------
def test_team_with_roster_person_and_typed_name(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    [row] = ins.list_teams(store, k.root)
    assert (row.name, row.lead, row.member_names) == ("党委第一督导组", "王建国", "王建国、退休干部老赵")
    assert row.members[0].person_id == k.people["A"] and row.members[1].person_id is None
    # a branch's list does not show the 党委's team
    assert ins.list_teams(store, k.b1) == []
    changed = replace(_team(k), members=(ins.TeamMemberData("", k.people["A"], "组长"),), id=team_id)
    ins.save_team(store, changed)
    assert ins.get_team(store, team_id).members == (ins.TeamMemberData("王建国", k.people["A"], "组长"),)
    with store.reading() as session:  # the typed-in member was tombstoned, the roster one kept
        assert session.scalar(select(func.count()).select_from(InspectionTeamMember)) == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": " "}, "name", "请填写督导组名称"),
        ({"unit_id": None}, "unit_id", "请选择组建督导组的单位"),
        ({"end_date": date(2025, 12, 31)}, "end_date", "工作期结束日期不能早于开始日期"),
        ({"start_date": None}, "start_date", "请填写工作期开始日期"),
        ({"members": ()}, "members", "请至少添加一名督导组成员"),
        (
            {"members": (ins.TeamMemberData("甲", None, "组长"), ins.TeamMemberData("乙", None, "组长"))},
            "members",
            "督导组只能有一名组长",
        ),
        ({"members": (ins.TeamMemberData("甲"), ins.TeamMemberData("甲"))}, "members.2", "第2行：甲重复"),
    ],
)
def test_team_rules_write_nothing(known, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    before = _counts(store)
    data = _team(k, **change)
    assert ins.check_team(store, data)[field] == message
    with pytest.raises(ValidationFailed, match=message):
        ins.save_team(store, data)
    assert _counts(store) == before


# -- duty roster ----------------------------------------------------------------------------------------------------
def test_duty_roster_rules(team) -> None:  # type: ignore[no-untyped-def]
    store, _k, team_id = team
    duty_id = ins.save_duty(store, ins.DutyData(team_id, date(2026, 3, 2), "王建国", "综采一队 李明"))
    assert [(d.duty_date, d.member_name, d.unit_person) for d in ins.list_duties(store, team_id)] == [
        (date(2026, 3, 2), "王建国", "综采一队 李明")
    ]
    before = _counts(store)
    cases = [
        (
            ins.DutyData(team_id, date(2027, 1, 4), "王建国"),
            "duty_date",
            "值班日期不在督导组的工作期内（2026-01-01至2026-12-31）",
        ),
        (ins.DutyData(team_id, date(2026, 3, 3), "张三"), "member_name", "张三不是“党委第一督导组”的成员"),
        (ins.DutyData(team_id, date(2026, 3, 2), "王建国"), "duty_date", "王建国在2026-03-02已有值班安排"),
        (ins.DutyData(None, date(2026, 3, 2), "王建国"), "team_id", "请选择督导组"),
        (ins.DutyData(team_id, None, "王建国"), "duty_date", "请填写值班日期"),
        (ins.DutyData(team_id, date(2026, 3, 3), ""), "member_name", "请填写值班督导组成员"),
    ]
    for data, field, message in cases:
        assert ins.check_duty(store, data)[field] == message
        with pytest.raises(ValidationFailed, match=message):
            ins.save_duty(store, data)
    assert _counts(store) == before
    # the same day again, as the same row: not a clash with itself
    ins.save_duty(store, ins.DutyData(team_id, date(2026, 3, 2), "王建国", "李明", id=duty_id))
    # a team's period cannot shrink past its duty days
    with pytest.raises(ValidationFailed, match="工作期外还有1条值班或督导记录（最早2026-03-02）"):
        ins.save_team(store, _team(_k, start_date=date(2026, 6, 1), id=team_id))


# -- inspections ----------------------------------------------------------------------------------------------------
def test_inspection_without_rectification(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _inspection(k, team_id, person_id=k.people["B"]), today=TODAY)
    [row] = ins.list_inspections(store, k.root, today=TODAY)
    assert (row.id, row.unit_name, row.team_name, row.kind, row.person_name, row.state, row.task_id) == (
        inspection_id,
        "综采一队党支部",
        "党委第一督导组",
        "三违",
        "李明",
        ins.NO_RECTIFY,
        None,
    )
    assert _counts(store)["supervision_task"] == 0
    assert ins.list_inspections(store, k.b2, today=TODAY) == []


def test_rectification_is_a_13710_item_linked_both_ways(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _rectified(k, team_id), today=TODAY)
    [row] = ins.list_inspections(store, k.root, today=TODAY)
    assert row.task_id and row.deadline == date(2026, 11, 17)
    assert (row.state, row.days_over) == (sv.OVERDUE, 6)  # on 2026-11-23, six days past the 17th
    assert (ins.list_inspections(store, k.root, today=date(2026, 11, 16))[0].state) == sv.OPEN
    [task] = sv.list_tasks(store, k.root, today=TODAY)
    assert task.id == row.task_id and task.source == "督导整改" and task.title.startswith("督导整改（三违）：")
    assert (task.unit_id, task.start_date, task.deadline, task.tier_days) == (
        k.b1,
        date(2026, 11, 10),
        date(2026, 11, 17),
        7,
    )
    # finished from the 13710 list: the inspection shows it done (one place for the state)
    sv.finish_task(store, task.id, date(2026, 11, 20), "党委组织部 刘洋", today=TODAY)
    [row] = ins.list_inspections(store, k.root, today=TODAY)
    assert (row.state, row.done_date, row.confirmed_by, row.on_time, row.days_over) == (
        sv.DONE,
        date(2026, 11, 20),
        "党委组织部 刘洋",
        False,
        3,
    )
    # the 13710 list cannot delete it alone
    with pytest.raises(ValidationFailed, match="督导检查"):
        sv.delete_task(store, task.id)
    # finished: the 整改 cannot be unticked (that would erase the 13710 record); deleted with its inspection instead
    message = "该整改事项已办结或已有进展记录，不能取消整改；确属误录的，请删除这条督导检查记录"
    with pytest.raises(ValidationFailed) as info:
        ins.save_inspection(store, replace(_inspection(k, team_id), id=inspection_id), today=TODAY)
    assert info.value.errors == {"rectify": message}
    assert ins.check_inspection(store, replace(_inspection(k, team_id), id=inspection_id), today=TODAY) == {
        "rectify": message
    }
    assert [t.id for t in sv.list_tasks(store, k.root, today=TODAY)] == [task.id]
    ins.delete_inspection(store, inspection_id)
    inspection_id = ins.save_inspection(store, _rectified(k, team_id), today=TODAY)
    [task] = sv.list_tasks(store, k.root, today=TODAY)
    # edited without 整改 before the 13710 side did anything: the item goes; with it again: a new one
    ins.save_inspection(store, replace(_inspection(k, team_id), id=inspection_id), today=TODAY)
    assert sv.list_tasks(store, k.root, today=TODAY) == []
    ins.save_inspection(store, replace(_rectified(k, team_id), id=inspection_id), today=TODAY)
    [again] = sv.list_tasks(store, k.root, today=TODAY)
    assert again.id != task.id
    ins.delete_inspection(store, inspection_id)
    assert ins.list_inspections(store, k.root, today=TODAY) == [] and sv.list_tasks(store, k.root, today=TODAY) == []


def test_completion_entered_on_the_inspection(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    data = _rectified(k, team_id, done_date=date(2026, 11, 15), confirmed_by="赵六")
    inspection_id = ins.save_inspection(store, data, today=TODAY)
    row = ins.list_inspections(store, k.root, today=TODAY)[0]
    assert (row.state, row.on_time, row.days_over) == (sv.DONE, True, 0)
    assert ins.get_inspection(store, inspection_id) == replace(
        ins._normal_inspection(data), person_name=None, id=inspection_id
    )
    version = _task_version(store)
    ins.save_inspection(store, replace(data, id=inspection_id, place="3号综采工作面"), today=TODAY)
    assert _task_version(store) == version  # the item did not change, so no new version travels


def test_each_form_keeps_what_the_other_owns(team) -> None:  # type: ignore[no-untyped-def]
    """The 13710 side's 责任人, tier, deadline, notes and 办结 survive the inspection's next save; the finding is
    changed only on the inspection, and the 13710 form is refused (at the field) when it tries."""
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _rectified(k, team_id, person_id=k.people["B"]), today=TODAY)
    [row] = sv.list_tasks(store, k.root, today=TODAY)
    assert row.person_name == ""  # the worker involved (李明) is not made answerable for the 整改, nor named there
    task = sv.get_task(store, row.id)
    sv.save_task(store, replace(task, person_name="区队长张强", tier_days=10, deadline=date(2026, 11, 20)), TODAY)
    sv.add_note(store, row.id, date(2026, 11, 12), "已召开班前会重申规定", today=TODAY)
    sv.finish_task(store, row.id, date(2026, 11, 19), "党委组织部 刘洋", today=TODAY)
    # the inspection form loads the item's deadline and completion, and its user edits only the finding
    loaded = ins.get_inspection(store, inspection_id)
    assert (loaded.deadline, loaded.done_date, loaded.confirmed_by) == (
        date(2026, 11, 20),
        date(2026, 11, 19),
        "党委组织部 刘洋",
    )
    ins.save_inspection(
        store, replace(loaded, description="未佩戴自救器", requirement="区队长跟班检查一周"), today=TODAY
    )
    after = sv.get_task(store, row.id)
    assert (after.person_name, after.tier_days, after.deadline, after.done_date, after.confirmed_by) == (
        "区队长张强",
        10,
        date(2026, 11, 20),
        date(2026, 11, 19),
        "党委组织部 刘洋",
    )
    assert (after.title, after.content) == ("督导整改（三违）：未佩戴自救器", "区队长跟班检查一周")
    assert [n.text for n in sv.list_notes(store, row.id)] == ["已召开班前会重申规定"]
    # the inspection may move the deadline it set (a finding re-judged): the 13710 list follows
    ins.save_inspection(store, replace(ins.get_inspection(store, inspection_id), deadline=date(2026, 11, 25)), TODAY)
    assert sv.get_task(store, row.id).deadline == date(2026, 11, 25)
    # the finding is not the 13710 form's to change; each refusal is at its field and writes nothing
    version = _task_version(store)
    for change, field, what in (
        ({"title": "别的事项"}, "title", "事项名称"),
        ({"content": "别的要求"}, "content", "事项内容"),
        ({"unit_id": k.b2}, "unit_id", "责任单位"),
        ({"start_date": date(2026, 11, 11)}, "start_date", "交办日期"),
    ):
        data = replace(sv.get_task(store, row.id), **change)
        message = f"督导整改事项的{what}随督导检查记录，请在“督导检查”中修改"
        assert sv.check_task(store, data, today=TODAY) == {field: message}
        with pytest.raises(ValidationFailed) as info:
            sv.save_task(store, data, today=TODAY)
        assert info.value.errors == {field: message}
    assert _task_version(store) == version
    assert sv.inspection_of(store, row.id) == inspection_id
    # a deadline the inspection form could not hold is refused on the 13710 side as well
    late = replace(sv.get_task(store, row.id), deadline=date(2027, 11, 11))
    assert sv.check_task(store, late, today=TODAY) == {"deadline": "整改期限不能超过督导日期后365天"}


def test_bad_dates_and_completions_of_a_rectification_write_nothing(team) -> None:  # type: ignore[no-untyped-def]
    """A 整改 item finished or re-dated from the 13710 side keeps the inspection's rules: no deadline before the day
    it was found, no completion before it or by nobody; and the inspection cannot move its day past a progress
    note the 13710 side has dated. Each message is at its field; nothing is written."""
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _rectified(k, team_id), today=TODAY)
    [row] = sv.list_tasks(store, k.root, today=TODAY)
    sv.add_note(store, row.id, date(2026, 11, 12), "区队已组织学习", today=TODAY)
    before, version = _counts(store), _task_version(store)
    task = sv.get_task(store, row.id)
    for data, field, message in (
        (replace(task, deadline=date(2026, 11, 9)), "deadline", "办结时限不能早于交办日期"),
        (replace(task, done_date=date(2026, 11, 9), confirmed_by="刘洋"), "done_date", "办结日期不能早于交办日期"),
        (replace(task, done_date=date(2026, 11, 12), confirmed_by="  "), "confirmed_by", "请填写办结确认人"),
        (replace(task, done_date=date(2026, 11, 24), confirmed_by="刘洋"), "done_date", "办结日期不能晚于今天"),
    ):
        assert sv.check_task(store, data, today=TODAY) == {field: message}
        with pytest.raises(ValidationFailed) as info:
            sv.save_task(store, data, today=TODAY)
        assert info.value.errors == {field: message}
    for done, by, message in (
        (date(2026, 11, 9), "刘洋", "办结日期不能早于交办日期"),
        (date(2026, 11, 12), "", "请填写办结确认人"),
        (None, "刘洋", "请填写办结日期"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            sv.finish_task(store, row.id, done, by, today=TODAY)
    moved = replace(ins.get_inspection(store, inspection_id), inspection_date=date(2026, 11, 13))
    message = "整改事项已有2026-11-12的进展记录，督导日期不能晚于该日"
    assert ins.check_inspection(store, moved, today=TODAY) == {"inspection_date": message}
    with pytest.raises(ValidationFailed) as info:
        ins.save_inspection(store, moved, today=TODAY)
    assert info.value.errors == {"inspection_date": message}
    assert (_counts(store), _task_version(store)) == (before, version)
    # on the note's own day it may move (the item starts that day)
    ins.save_inspection(store, replace(moved, inspection_date=date(2026, 11, 12)), today=TODAY)
    assert sv.get_task(store, row.id).start_date == date(2026, 11, 12)


def _task_version(store) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(SupervisionTask.version))


RULES = [
    ({"inspection_date": date(2026, 11, 24)}, "inspection_date", "督导日期不能晚于今天（2026-11-23）"),
    ({"inspection_date": None}, "inspection_date", "请填写督导日期"),
    (
        {"inspection_date": date(2025, 12, 31)},
        "inspection_date",
        "督导日期不在“党委第一督导组”的工作期内（2026-01-01至2026-12-31）",
    ),
    ({"deadline": date(2026, 11, 9)}, "deadline", "整改期限不能早于督导日期"),
    ({"deadline": None}, "deadline", "请填写整改期限"),
    ({"deadline": date(2027, 11, 11)}, "deadline", "整改期限不能超过督导日期后365天"),
    ({"done_date": date(2026, 11, 9), "confirmed_by": "赵六"}, "done_date", "整改完成日期不能早于督导日期"),
    ({"done_date": date(2026, 11, 24), "confirmed_by": "赵六"}, "done_date", "整改完成日期不能晚于今天"),
    ({"done_date": date(2026, 11, 12)}, "confirmed_by", "请填写整改确认人"),
    ({"confirmed_by": "赵六"}, "done_date", "填写了确认人，请同时填写整改完成日期"),
    ({"requirement": ""}, "requirement", "请填写整改要求"),
    ({"kind": "未发现问题"}, "rectify", "未发现问题的记录无需整改；发现了问题请选择问题类别"),
    ({"kind": "迟到"}, "kind", "请选择问题类别（纪律、作风、安全行为、三违、其他、未发现问题）"),
    ({"description": ""}, "description", "请填写督导情况"),
    ({"unit_id": None}, "unit_id", "请选择被督导单位"),
    ({"team_id": None}, "team_id", "请选择督导组"),
    ({"team_id": "00000000-0000-0000-0000-000000000000"}, "team_id", "所选督导组不存在或已删除"),
    ({"person_id": "00000000-0000-0000-0000-000000000000"}, "person_name", "所选人员不存在或已删除"),
    ({"photos": ("ab" * 32,)}, "photos", "第1张照片不在照片库中，请重新添加"),
]


@pytest.mark.parametrize(("change", "field", "message"), RULES)
def test_inspection_rules_write_nothing(team, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    existing = ins.save_inspection(store, _rectified(k, team_id), today=TODAY)
    before = _counts(store)
    for data in (_rectified(k, team_id, **change), _rectified(k, team_id, id=existing, **change)):
        assert ins.check_inspection(store, data, today=TODAY).get(field) == message
        with pytest.raises(ValidationFailed, match=message.replace("（", ".").replace("）", ".")):
            ins.save_inspection(store, data, today=TODAY)
    assert _counts(store) == before
    assert ins.list_inspections(store, k.root, today=TODAY)[0].deadline == date(2026, 11, 17)


def test_photos_reuse_the_photo_store(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    first = photos.add_photo_bytes(store, picture("JPEG")).sha256
    second = photos.add_photo_bytes(store, picture("PNG", color="gold")).sha256
    inspection_id = ins.save_inspection(store, _inspection(k, team_id, photos=(first, second, first)), today=TODAY)
    assert ins.inspection_photos(store, inspection_id) == [first, second]
    assert ins.list_inspections(store, k.root, today=TODAY)[0].photos == 2
    ins.save_inspection(store, _inspection(k, team_id, photos=(second,), id=inspection_id), today=TODAY)
    assert ins.inspection_photos(store, inspection_id) == [second]
    too_many = tuple(photos.add_photo_bytes(store, picture("JPEG", (40 + n, 40))).sha256 for n in range(10))
    with pytest.raises(ValidationFailed, match="每条记录最多9张照片"):
        ins.save_inspection(store, _inspection(k, team_id, photos=too_many, id=inspection_id), today=TODAY)
    assert ins.inspection_photos(store, inspection_id) == [second]


def test_team_with_inspections_cannot_be_deleted(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _inspection(k, team_id), today=TODAY)
    with pytest.raises(ValidationFailed, match="该督导组已有1条督导检查记录，不能删除"):
        ins.delete_team(store, team_id)
    ins.delete_inspection(store, inspection_id)
    ins.save_duty(store, ins.DutyData(team_id, date(2026, 3, 2), "王建国"))
    ins.delete_team(store, team_id)
    assert ins.list_teams(store) == []
    with store.reading() as session:
        assert (
            session.scalar(select(func.count()).select_from(InspectionDuty).where(InspectionDuty.deleted.is_(False)))
            == 0
        )


def test_another_office_sees_them_read_only(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    inspection_id = ins.save_inspection(store, _rectified(k, team_id), today=TODAY)
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    before = _counts(store)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ins.save_inspection(store, _rectified(k, team_id, id=inspection_id, place="别处"), today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ins.delete_inspection(store, inspection_id)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ins.save_team(store, _team(k, name="改名", id=team_id))
    assert _counts(store) == before and ins.list_inspections(store, k.root, today=TODAY)[0].place == "3号综采工作面"


# -- lists, filters, figures, export -------------------------------------------------------------------------------
def _three(store, k, team_id) -> None:  # type: ignore[no-untyped-def]
    ins.save_inspection(store, _rectified(k, team_id), today=TODAY)  # overdue on TODAY
    ins.save_inspection(
        store,
        _inspection(
            k,
            team_id,
            unit_id=k.b2,
            kind="作风",
            description="值班室无人值守",
            inspection_date=date(2026, 10, 5),
            person_name="临时工 马六",
        ),
        today=TODAY,
    )
    ins.save_inspection(
        store,
        _inspection(k, team_id, kind="未发现问题", description="未发现问题", inspection_date=date(2026, 11, 2)),
        today=TODAY,
    )


def test_lists_filters_and_figures(team) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    _three(store, k, team_id)
    rows = ins.list_inspections(store, k.root, today=TODAY)
    assert [r.inspection_date for r in rows] == [date(2026, 11, 10), date(2026, 11, 2), date(2026, 10, 5)]
    assert [r.kind for r in ins.list_inspections(store, k.root, month=(2026, 11), today=TODAY)] == [
        "三违",
        "未发现问题",
    ]
    assert len(ins.list_inspections(store, k.root, year=2025, today=TODAY)) == 0
    assert [r.kind for r in ins.filter_inspections(rows, state=sv.OVERDUE)] == ["三违"]
    assert [r.kind for r in ins.filter_inspections(rows, text="马六")] == ["作风"]
    assert [r.kind for r in ins.filter_inspections(rows, kind="作风", month=(2026, 10))] == ["作风"]
    assert ins.filter_inspections(rows, kind="作风", month=(2026, 11)) == []
    f = ins.figures_of(rows)
    assert f.as_dict() == {
        "inspections": 3,
        "problems": 2,
        "by_kind": {"纪律": 0, "作风": 1, "安全行为": 0, "三违": 1, "其他": 0},
        "by_unit": {"综采一队党支部": 1, "掘进二队党支部": 1},
        "rectify": 1,
        "done": 0,
        "on_time": 0,
        "open": 1,
        "overdue": 1,
    }


def test_export_masks_names_unless_allowed(team, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k, team_id = team
    _three(store, k, team_id)
    rows = ins.list_inspections(store, k.root, today=TODAY)
    path = tmp_path / "督导.xlsx"
    assert ins.export_inspections(rows, path) == 3
    sheet = list(load_workbook(path).active.iter_rows(values_only=True))
    assert sheet[0][:6] == ("督导日期", "督导组", "被督导单位", "地点", "问题类别", "督导情况")
    assert sheet[3][6] == "临时工 马六" and sheet[1][9] == "逾期未整改" and sheet[1][10] == 6
    ins.export_inspections(rows, path, names=False)
    assert all(r[6] in (None, "") for r in list(load_workbook(path).active.iter_rows(values_only=True))[1:])


def test_tables_sync_and_are_filed_under_the_team() -> None:
    from jiaomei_desktop.sync.authority import FILED_UNDER
    from jiaomei_desktop.sync.summary import table_label
    from jiaomei_desktop.sync.tables import table_by_name

    names = ("inspection_team", "inspection_team_member", "inspection_duty", "inspection", "inspection_photo")
    assert set(names) <= set(table_by_name())
    assert FILED_UNDER["inspection"] == (("team_id", "inspection_team"),)
    assert FILED_UNDER["inspection_photo"] == (("inspection_id", "inspection"),)
    # a 整改 item is filed where its inspection is (the 督导组's 党委), a hand-entered one under its unit
    assert FILED_UNDER["supervision_task"] == (("inspection_id", "inspection"), ("unit_id", None))
    register_tables = (
        *names,
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
    assert all(table_label(t) != t for t in register_tables)


def test_a_team_inspects_only_units_of_its_own_subtree(store) -> None:  # type: ignore[no-untyped-def]
    """A 党委's 督导组 inspects its own subtree (other offices would refuse the record: sync.authority.SCOPED_UNIT)."""
    from jiaomei_desktop.services import org

    t01 = org.find_unit_by_code(store, "T-01")
    t02 = org.find_unit_by_code(store, "T-02")
    assert t01 is not None and t02 is not None
    team = ins.save_team(
        store,
        ins.TeamData(
            "综采一队督导组", t01.id, date(2026, 1, 1), date(2026, 12, 31), (ins.TeamMemberData("甲", None, "组长"),)
        ),
    )
    data = ins.InspectionData(date(2026, 11, 10), team, t02.id, "三违", "无证操作绞车")
    with pytest.raises(ValidationFailed) as refused:
        ins.save_inspection(store, data, today=date(2026, 11, 23))
    assert "不在“综采一队督导组”所属单位之下" in str(refused.value.errors["unit_id"])
    assert ins.list_inspections(store, None, today=date(2026, 11, 23)) == []
