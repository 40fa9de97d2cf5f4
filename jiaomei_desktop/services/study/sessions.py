"""Saving, reading, copying and retiring sessions together with their attendance, in one transaction each."""

from __future__ import annotations

import contextlib
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import Attendance, OrgUnit, Person, StudyKind, StudySession
from jiaomei_desktop.domain.enums import AttendanceStatus, PoliticalStatus, SessionKind
from jiaomei_desktop.domain.study import (
    YEAR_BOUND_KINDS,
    AttendanceCounts,
    Attendee,
    SessionFields,
    count_attendance,
    normalize_time,
    validate_session,
)
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.attendance import branch_of, expected_in_session, people_scope
from jiaomei_desktop.services.study.committees import committee_person_ids, suspended_ids
from jiaomei_desktop.services.study.model import AttendanceEntry, SessionData

_TEXT_FIELDS = ("place", "host_name", "recorder_name", "lecturer_name", "content", "resolutions")


def known_kinds(store: Store) -> list[str]:
    """Built-in kinds first (in the order of the 条例), then the ones users added."""
    with store.reading() as session:
        return _known_kinds(session)


def _known_kinds(session: Session) -> list[str]:
    builtin = [k.value for k in SessionKind]
    added = session.scalars(select(StudyKind.name).where(StudyKind.deleted.is_not(True))
                            .order_by(StudyKind.sort_order, StudyKind.name))
    return builtin + [k for k in dict.fromkeys(added) if k not in builtin]


def _fields(data: SessionData, kinds: list[str]) -> SessionFields:
    return SessionFields(data.kind, data.session_date, data.start_time, data.end_time, data.topic, data.hours,
                         data.lecture_form or None, frozenset(kinds), data.belongs_year, data.is_election)


def check_session(store: Store, data: SessionData, today: date | None = None) -> dict[str, str]:
    """Every rule including the store-wide ones; empty = fine. For forms that validate as the user types."""
    with store.reading() as session:
        return session_problems(session, data, today)


def session_problems(session: Session, data: SessionData, today: date | None = None) -> dict[str, str]:
    """What saving `data` would be refused for, read inside the caller's transaction; empty = fine."""
    errors = validate_session(_fields(data, _known_kinds(session)), today)
    _check_against_store(session, data, errors)
    return errors


def _check_against_store(session: Session, data: SessionData, errors: dict[str, str]) -> None:
    unit = session.get(OrgUnit, data.unit_id) if data.unit_id else None
    if unit is None or unit.deleted:
        errors.setdefault("unit_id", _("请选择召开会议的单位（支部或党小组）"))
        return
    seen: set[str] = set()
    for entry in data.attendance:
        if entry.person_id in seen:
            errors.setdefault("attendance", _("出勤名单中有重复的人员"))
        seen.add(entry.person_id)
        if entry.status not in {s.value for s in AttendanceStatus}:
            errors.setdefault("attendance", _("出勤状态“{status}”无效，应为出席、请假或缺席").format(status=entry.status))
        if len(entry.reason or "") > 200:
            errors.setdefault("attendance", _("请假或缺席原因不能超过200字"))
    if not seen:
        return
    allowed = {r[0] for r in session.execute(people_scope(session, unit).where(Person.id.in_(seen))).all()}
    stored = session.get(StudySession, data.id) if data.id else None
    # People already on the stored list stay valid even if they moved on since; not when the session moves to
    # another unit (they were on the list of the old one).
    if stored is not None and stored.unit_id == data.unit_id:
        allowed |= set(session.scalars(select(Attendance.person_id).where(
            Attendance.session_id == data.id, Attendance.deleted.is_not(True))))
    strangers = seen - allowed
    if strangers:
        names = list(session.scalars(select(Person.name).where(Person.id.in_(strangers))))
        shown = _("、").join(names[:5])
        if len(strangers) > 5:
            shown = _("{names}等").format(names=shown)
        errors.setdefault("attendance", _("{names}不是{unit}的在册人员，不能列入出勤名单").format(
            names=shown or _("所选人员"), unit=unit.name))


def save_session(store: Store, data: SessionData, today: date | None = None) -> str:
    """Insert or update a session and its whole attendance list; returns the id. Raises ValidationFailed (nothing
    written) when any rule is broken."""
    data = _normalized(data)
    with store.transaction() as session:
        errors = session_problems(session, data, today)
        if errors:
            raise ValidationFailed(errors)
        row = _write_session(session, store, data)
        _write_attendance(session, store, row.id, data.attendance)
        counts = session_counts(session, row.unit_id, row.kind, row.session_date, row.is_election,
                                [(e.person_id, AttendanceStatus(e.status).value) for e in data.attendance])
        row.expected_count, row.present_count = counts.expected, counts.present
        row.voting_expected_count, row.voting_present_count = counts.voting_expected, counts.voting_present
        return row.id


def session_counts(session: Session, unit_id: str, kind: str, day: date, election: bool,
                   statuses: list[tuple[str, str]]) -> AttendanceCounts:
    """应到 / 实到 / 有表决权 as they stood on the session's day: a member whose 转正 came later was 预备 (no vote),
    one under 留党察看 that day had none either, and a 支委会 counts the committee of that day."""
    unit = session.get(OrgUnit, unit_id)
    ids = [pid for pid, _status in statuses]
    people = {r[0]: (r[1], r[2]) for r in session.execute(
        select(Person.id, Person.political_status, Person.full_member_date).where(Person.id.in_(ids))).all()}
    committee = committee_person_ids(session, branch_of(unit), day) if unit is not None else set()
    suspended = suspended_ids(session, ids, day)
    attendees = []
    for pid, status in statuses:
        political, full_since = people.get(pid, (None, None))
        if political == PoliticalStatus.FULL_MEMBER.value and full_since is not None and full_since > day:
            political = PoliticalStatus.PROBATIONARY.value
        attendees.append(Attendee(status, political, pid in suspended, pid in committee))
    return count_attendance(attendees, kind, election)


def _normalized(data: SessionData) -> SessionData:
    changes: dict[str, object] = {name: (getattr(data, name) or "").strip() for name in _TEXT_FIELDS}
    changes["topic"] = (data.topic or "").strip()
    changes["kind"] = (data.kind or "").strip()
    changes["lecture_form"] = data.lecture_form or None
    # 所属年度 is kept for yearly meetings only (defaulting to the session's year); for others it is the date's year.
    if data.session_date is not None and (data.kind or "").strip() in YEAR_BOUND_KINDS:
        changes["belongs_year"] = data.belongs_year or data.session_date.year
    elif data.session_date is not None and data.belongs_year == data.session_date.year:
        changes["belongs_year"] = None
    for name in ("start_time", "end_time"):
        with contextlib.suppress(ValueError):  # validation reports a bad time
            changes[name] = normalize_time(getattr(data, name))
    return data.with_changes(**changes)


def _write_session(session: Session, store: Store, data: SessionData) -> StudySession:
    if data.id:
        row = _live_session(session, data.id)
        touch(row)
    else:
        row = StudySession(id=new_id(), owner_unit_id=office_unit_id(store), version=1)
        session.add(row)
    row.unit_id = data.unit_id
    row.kind = data.kind
    row.lecture_form = data.lecture_form
    row.session_date = data.session_date  # type: ignore[assignment]
    row.start_time, row.end_time = data.start_time, data.end_time
    row.host_id, row.recorder_id, row.lecturer_id = data.host_id, data.recorder_id, data.lecturer_id
    for name in _TEXT_FIELDS:
        setattr(row, name, getattr(data, name) or None)
    row.topic = data.topic
    row.safety_flag = bool(data.safety_flag)
    row.hours = float(data.hours)
    row.belongs_year = data.belongs_year
    row.is_election = bool(data.is_election)
    session.flush()
    return row


def _write_attendance(session: Session, store: Store, session_id: str, entries: tuple[AttendanceEntry, ...]) -> None:
    """Make the stored list equal `entries`: changed rows are touched, dropped ones tombstoned, old ones revived."""
    existing = {a.person_id: a for a in session.scalars(select(Attendance).where(Attendance.session_id == session_id))}
    wanted = {e.person_id: e for e in entries}
    for person_id, row in existing.items():
        entry = wanted.get(person_id)
        if entry is None:
            if not row.deleted:
                row.deleted = True
                touch(row)
            continue
        status, reason = AttendanceStatus(entry.status).value, (entry.reason or "").strip() or None
        if row.deleted or row.status != status or row.reason != reason:
            row.deleted, row.status, row.reason = False, status, reason
            touch(row)
    owner = office_unit_id(store)
    for person_id, entry in wanted.items():
        if person_id not in existing:
            session.add(Attendance(id=new_id(), owner_unit_id=owner, version=1, session_id=session_id,
                                   person_id=person_id, status=AttendanceStatus(entry.status).value,
                                   reason=(entry.reason or "").strip() or None))
    session.flush()


def _live_session(session: Session, session_id: str) -> StudySession:
    row = session.get(StudySession, session_id)
    if row is None or row.deleted:
        raise NotFoundError(_("会议记录不存在或已删除"))
    return row


def get_session(store: Store, session_id: str) -> SessionData:
    with store.reading() as session:
        row = _live_session(session, session_id)
        stmt = (select(Attendance.person_id, Attendance.status, Attendance.reason, Person.name,
                       Person.political_status, Person.position)
                .join(Person, Person.id == Attendance.person_id)
                .where(Attendance.session_id == session_id, Attendance.deleted.is_not(True))
                .order_by(Person.name_sort))
        rows = session.execute(stmt).all()
        unit = session.get(OrgUnit, row.unit_id)
        committee = committee_person_ids(session, branch_of(unit), row.session_date) if unit is not None else set()
        suspended = suspended_ids(session, [r[0] for r in rows], row.session_date)
        attendance = tuple(AttendanceEntry(r[0], AttendanceStatus(r[1]), r[2] or "", r[3], r[4], r[5] or "",
                                           r[0] in committee, r[0] in suspended) for r in rows)
        recorded = (row.expected_count, row.present_count, row.voting_expected_count, row.voting_present_count)
        return SessionData(
            id=row.id, unit_id=row.unit_id, kind=row.kind, session_date=row.session_date, topic=row.topic,
            lecture_form=row.lecture_form, start_time=row.start_time, end_time=row.end_time, place=row.place or "",
            host_id=row.host_id, host_name=row.host_name or "", recorder_id=row.recorder_id,
            recorder_name=row.recorder_name or "", lecturer_id=row.lecturer_id, lecturer_name=row.lecturer_name or "",
            content=row.content or "", resolutions=row.resolutions or "", safety_flag=row.safety_flag,
            hours=row.hours, attendance=attendance, version=row.version, belongs_year=row.belongs_year,
            is_election=bool(row.is_election),
            recorded_counts=recorded if None not in recorded else None)  # type: ignore[arg-type]


def copy_as_new(store: Store, session_id: str, new_date: date | None = None) -> SessionData:
    """A draft for a recurring session: same kind, unit, place, people and topic; today's list of who should come,
    all marked 出席. Not stored until `save_session`."""
    source = get_session(store, session_id)
    with store.reading() as session:
        people = expected_in_session(session, source.unit_id, source.kind, new_date)
    attendance = tuple(AttendanceEntry(p.person_id, AttendanceStatus.PRESENT, "", p.name, p.political_status,
                                       p.position, p.committee, p.suspended) for p in people)
    return source.with_changes(id=None, version=0, session_date=new_date, attendance=attendance,
                               content="", resolutions="", belongs_year=None, recorded_counts=None)


def delete_session(store: Store, session_id: str) -> None:
    """Tombstone the session and its attendance (synced rows are never removed)."""
    with store.transaction() as session:
        row = _live_session(session, session_id)
        row.deleted = True
        touch(row)
        for att in session.scalars(select(Attendance).where(Attendance.session_id == session_id,
                                                            Attendance.deleted.is_not(True))):
            att.deleted = True
            touch(att)


def add_kind(store: Store, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": _("请填写会议类型名称")})
    if len(name) > 30:
        raise ValidationFailed({"name": _("会议类型名称不能超过30字")})
    with store.transaction() as session:
        if name in _known_kinds(session):
            raise ValidationFailed({"name": _("会议类型“{name}”已经存在").format(name=name)})
        count = len(list(session.scalars(select(StudyKind.id))))
        row = StudyKind(id=new_id(), owner_unit_id=office_unit_id(store), version=1, name=name, sort_order=count)
        session.add(row)
        return row.id


def remove_kind(store: Store, name: str) -> None:
    """Hide a user-added kind from the choices; sessions already recorded with it keep it."""
    if name in {k.value for k in SessionKind}:
        raise ValidationFailed({"name": _("“{name}”是内置的会议类型，不能删除").format(name=_(name))})
    with store.transaction() as session:
        rows = list(session.scalars(select(StudyKind).where(StudyKind.name == name, StudyKind.deleted.is_not(True))))
        if not rows:
            raise NotFoundError(_("没有自定义的会议类型“{name}”").format(name=name))
        for row in rows:
            row.deleted = True
            touch(row)
