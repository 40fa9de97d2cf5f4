"""The plain data the study services take and return (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from jiaomei_desktop.domain.enums import AttendanceStatus


@dataclass(frozen=True)
class AttendanceEntry:
    person_id: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    reason: str = ""
    # Display only (filled by the services when reading; ignored when saving).
    name: str = ""
    political_status: str = ""
    position: str = ""
    committee: bool = False  # a 支委 on the session's day (a 支委会 counts only them; others attend as 列席)
    suspended: bool = False  # under 留党察看 on the session's day: no vote


@dataclass(frozen=True)
class SessionData:
    """A session with its attendance list; `id` None = not stored yet. `unit_id` may be a 党小组 (for 党小组会)."""

    unit_id: str
    kind: str
    session_date: date | None
    topic: str
    id: str | None = None
    lecture_form: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str = ""
    host_id: str | None = None
    host_name: str = ""
    recorder_id: str | None = None
    recorder_name: str = ""
    lecturer_id: str | None = None
    lecturer_name: str = ""
    content: str = ""
    resolutions: str = ""
    safety_flag: bool = False
    hours: float = 0.0
    attendance: tuple[AttendanceEntry, ...] = field(default_factory=tuple)
    version: int = 0
    belongs_year: int | None = None  # 所属年度 of a 组织生活会 / 民主评议党员 (None: the session's year)
    is_election: bool = False  # a 支部党员大会 that elects (换届, 选举代表)
    # 应到 / 实到 / 有表决权应到 / 有表决权实到 as recorded when saved (None for sessions saved before they were kept)
    recorded_counts: tuple[int, int, int, int] | None = None

    def with_changes(self, **changes: object) -> SessionData:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SessionRow:
    """One line of the session list."""

    id: str
    session_date: date
    kind: str
    unit_name: str
    topic: str
    host_name: str
    expected: int
    present: int
    hours: float
    safety_flag: bool
    place: str
