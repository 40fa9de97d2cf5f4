"""Saving sessions with attendance: pre-filled lists, validation with nothing half-saved, copy, delete, kinds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Attendance, StudySession
from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.services import study
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData
from jiaomei_desktop.services.study.committees import save_committee
from tests.study.fixtures import Branch, make_branch


@pytest.fixture
def branch(store: Store) -> Branch:
    return make_branch(store)


def _session(b: Branch, **changes: object) -> SessionData:
    data = SessionData(unit_id=b.branch_id, kind="支部党员大会", session_date=date(2026, 3, 5), topic="发展党员表决",
                       start_time="8:30", end_time="10:00", place="会议室", host_name="王建国", hours=1.5,
                       attendance=tuple(AttendanceEntry(p) for p in b.full))
    return data.with_changes(**changes)


def _counts(store: Store) -> tuple[int, int]:
    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(StudySession)) or 0,
                s.scalar(select(func.count()).select_from(Attendance)) or 0)


def test_expected_attendees_per_kind(store: Store, branch: Branch) -> None:
    general = {e.person_id for e in study.expected_attendees(store, branch.branch_id, "支部党员大会")}
    assert general == {*branch.full, branch.probationary}  # members only, not the activist
    # 职务 text ("党支部书记", "组织委员") makes nobody a 支委: only the recorded committee is expected.
    assert study.expected_attendees(store, branch.branch_id, "支委会") == []
    term = (date(2024, 1, 10), date(2027, 1, 10))
    save_committee(store, branch.branch_id, [RoleRecord(branch.secretary, "书记", *term),
                                              RoleRecord(branch.committee, "组织委员", *term),
                                              RoleRecord(branch.full[2], "宣传委员", *term)], today=date(2026, 3, 1))
    committee = {e.person_id for e in study.expected_attendees(store, branch.branch_id, "支委会")}
    assert committee == {branch.secretary, branch.committee, branch.full[2]}
    group = study.expected_attendees(store, branch.group2, "党小组会")
    assert branch.probationary in {e.person_id for e in group}
    assert branch.secretary not in {e.person_id for e in group}
    assert all(e.status is AttendanceStatus.PRESENT for e in group)


def test_save_and_read_back(store: Store, branch: Branch) -> None:
    entries = [AttendanceEntry(p) for p in branch.full[:3]]
    entries.append(AttendanceEntry(branch.full[3], AttendanceStatus.LEAVE, "井下值班"))
    entries.append(AttendanceEntry(branch.full[4], AttendanceStatus.ABSENT, ""))
    sid = study.save_session(store, _session(branch, attendance=tuple(entries)))
    got = study.get_session(store, sid)
    assert got.start_time == "08:30" and got.topic == "发展党员表决"
    by_person = {a.person_id: a for a in got.attendance}
    assert by_person[branch.full[3]].reason == "井下值班" and by_person[branch.full[3]].name
    rows = study.fetch_rows(store, [sid])
    assert (rows[sid].expected, rows[sid].present) == (5, 3)


def test_update_replaces_the_attendance_list_with_tombstones(store: Store, branch: Branch) -> None:
    sid = study.save_session(store, _session(branch))
    data = study.get_session(store, sid)
    changed = data.with_changes(topic="新主题", attendance=data.attendance[:2])
    study.save_session(store, changed)
    again = study.get_session(store, sid)
    assert len(again.attendance) == 2 and again.version == 2
    with store.reading() as s:
        dropped = s.scalars(select(Attendance).where(Attendance.session_id == sid, Attendance.deleted.is_(True)))
        assert all(a.version == 2 for a in dropped)
    study.save_session(store, again.with_changes(attendance=data.attendance))  # put them back: revived
    assert len(study.get_session(store, sid).attendance) == 7
    assert _counts(store) == (1, 7)


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"session_date": None}, "session_date", "日期"),
    ({"kind": ""}, "kind", "会议类型"),
    ({"start_time": "10:00", "end_time": "09:00"}, "end_time", "晚于"),
    ({"hours": 30.0}, "hours", "学时"),
    ({"unit_id": "nope"}, "unit_id", "单位"),
])
def test_bad_input_is_refused_and_nothing_is_written(store: Store, branch: Branch, changes: dict, field: str,
                                                     words: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        study.save_session(store, _session(branch, **changes))
    assert words in err.value.errors[field]
    assert _counts(store) == (0, 0)


def test_attendance_of_someone_not_in_the_unit(store: Store, branch: Branch) -> None:
    bad = _session(branch, attendance=(AttendanceEntry(branch.full[0]), AttendanceEntry(branch.stranger)))
    with pytest.raises(ValidationFailed) as err:
        study.save_session(store, bad)
    assert "周杰不是综采一队党支部的在册人员" in err.value.errors["attendance"]
    assert _counts(store) == (0, 0)
    # An update that adds a stranger leaves the stored session untouched.
    sid = study.save_session(store, _session(branch))
    with pytest.raises(ValidationFailed):
        study.save_session(store, bad.with_changes(id=sid, topic="改了"))
    assert study.get_session(store, sid).topic == "发展党员表决"
    assert _counts(store) == (1, 7)


def test_duplicates_and_bad_status_in_attendance(store: Store, branch: Branch) -> None:
    dup = _session(branch, attendance=(AttendanceEntry(branch.full[0]), AttendanceEntry(branch.full[0])))
    with pytest.raises(ValidationFailed, match="重复"):
        study.save_session(store, dup)
    bad = _session(branch, attendance=(AttendanceEntry(branch.full[0], "迟到"),))  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="出勤状态"):
        study.save_session(store, bad)


def test_party_group_session_accepts_branch_members_only(store: Store, branch: Branch) -> None:
    data = _session(branch, unit_id=branch.group1, kind="党小组会",
                    attendance=(AttendanceEntry(branch.full[0]), AttendanceEntry(branch.probationary)))
    sid = study.save_session(store, data)
    assert len(study.get_session(store, sid).attendance) == 2
    with pytest.raises(ValidationFailed):
        study.save_session(store, data.with_changes(attendance=(AttendanceEntry(branch.stranger),)))


def test_check_session_reports_without_writing(store: Store, branch: Branch) -> None:
    errors = study.check_session(store, _session(branch, topic="", hours=-2))
    assert set(errors) == {"topic", "hours"}
    assert _counts(store) == (0, 0)


def test_copy_as_new_and_delete(store: Store, branch: Branch) -> None:
    sid = study.save_session(store, _session(branch, attendance=(AttendanceEntry(branch.full[0]),),
                                             content="内容", resolutions="决议"))
    draft = study.copy_as_new(store, sid, date(2026, 6, 5))
    assert draft.id is None and draft.topic == "发展党员表决" and draft.content == ""
    assert len(draft.attendance) == len(branch.full) + 1  # today's expected list, all present
    new_id = study.save_session(store, draft)
    assert new_id != sid
    study.delete_session(store, sid)
    with pytest.raises(NotFoundError):
        study.get_session(store, sid)
    with store.reading() as s:
        assert s.get(StudySession, sid).deleted  # tombstone, not removed
        att = s.scalars(select(Attendance).where(Attendance.session_id == sid)).all()
        assert att and all(a.deleted and a.version == 2 for a in att)
    assert study.find_ids(store, study.SessionQuery()) == [new_id]


def test_user_added_kinds(store: Store, branch: Branch) -> None:
    with pytest.raises(ValidationFailed):
        study.save_session(store, _session(branch, kind="形势政策宣讲"))
    study.add_kind(store, "形势政策宣讲")
    assert study.known_kinds(store)[-1] == "形势政策宣讲"
    with pytest.raises(ValidationFailed, match="已经存在"):
        study.add_kind(store, "党课")
    assert study.save_session(store, _session(branch, kind="形势政策宣讲"))
    with pytest.raises(ValidationFailed, match="内置"):
        study.remove_kind(store, "党课")
    study.remove_kind(store, "形势政策宣讲")
    assert "形势政策宣讲" not in study.known_kinds(store)


def test_member_record(store: Store, branch: Branch) -> None:
    who = branch.full[1]
    study.save_session(store, _session(branch, hours=2.0))
    study.save_session(store, _session(branch, session_date=date(2026, 4, 1), hours=1.0, attendance=(
        AttendanceEntry(who, AttendanceStatus.LEAVE, "出差"),)))
    study.save_session(store, _session(branch, session_date=date(2025, 12, 31), hours=3.0))
    rec = study.member_record(store, who, 2026)
    assert (rec.attended, rec.leave, rec.absent, rec.hours) == (1, 1, 0, 2.0)
    assert [e.session_date for e in rec.entries] == [date(2026, 4, 1), date(2026, 3, 5)]
    assert study.member_record(store, who, 2025).hours == 3.0
