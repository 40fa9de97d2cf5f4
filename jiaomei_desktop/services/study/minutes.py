"""A session's 会议记录 for the reports layer: the data, and the rendered PDF."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from jiaomei_desktop.db.models import OrgUnit
from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.domain.study import Attendee, count_attendance, parse_time
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.minutes import MeetingRecordData, render_meeting_record
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.sessions import get_session


def _unit_label(store: Store, unit_id: str) -> str:
    """A party group is named with its branch: "综采一队党支部第一党小组"."""
    with store.reading() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None:
            return ""
        if unit.kind == "党小组" and unit.parent_id:
            parent = session.scalar(select(OrgUnit.name).where(OrgUnit.id == unit.parent_id))
            return f"{parent or ''}{unit.name}"
        return unit.name


def meeting_record_data(store: Store, session_id: str) -> MeetingRecordData:
    s = get_session(store, session_id)
    assert s.session_date is not None  # stored sessions always have a date
    start_t = parse_time(s.start_time) or (0, 0)
    end_t = parse_time(s.end_time)
    start = datetime.combine(s.session_date, time(*start_t))
    end = datetime.combine(s.session_date, time(*end_t)) if end_t else None
    absentees = [(a.name, a.status.value, a.reason) for a in s.attendance
                 if a.status is not AttendanceStatus.PRESENT]
    # The counts recorded when the session was saved (votes as they stood that day); older sessions count the list.
    counts = count_attendance((Attendee(a.status.value, a.political_status, a.suspended, a.committee)
                               for a in s.attendance), s.kind, s.is_election)
    expected, present, voting_expected, voting_present = s.recorded_counts or (
        counts.expected, counts.present, counts.voting_expected, counts.voting_present)
    return MeetingRecordData(
        unit=_unit_label(store, s.unit_id), kind=s.kind, lecture_form=(s.lecture_form or "").removesuffix("党课") or None,
        topic=s.topic, start=start, end=end, place=s.place, host=s.host_name, recorder=s.recorder_name,
        lecturer=s.lecturer_name or None, expected=expected, present=present, absentees=absentees,
        content=s.content, resolutions=s.resolutions, safety_flag=s.safety_flag, hours=s.hours,
        voting_expected=voting_expected, voting_present=voting_present, observers=counts.observers,
        election=s.is_election)


def render_minutes(store: Store, session_id: str) -> bytes:
    try:
        return render_meeting_record(meeting_record_data(store, session_id))
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
