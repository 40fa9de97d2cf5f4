"""三会一课 and study sessions with attendance."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class StudySession(SyncColumns, Base):
    __tablename__ = "study_session"
    __table_args__ = (
        Index("ix_study_session_unit_date", "unit_id", "session_date"),
        # Covering indexes (migration 0002): the compliance grid reads (unit, date, kind) of a year without touching
        # the table, and the session list's default order is an index scan instead of sorting every session.
        Index("ix_study_session_unit_date_kind", "unit_id", "session_date", "kind", "deleted"),
        Index("ix_study_session_list_order", "session_date", "start_time", "id", "deleted"),
    )

    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    lecture_form: Mapped[str | None] = mapped_column(String(20))
    session_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local wall time
    end_time: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(String(120))
    host_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    host_name: Mapped[str | None] = mapped_column(String(60))
    recorder_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    recorder_name: Mapped[str | None] = mapped_column(String(60))
    lecturer_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    lecturer_name: Mapped[str | None] = mapped_column(String(60))
    topic: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[str | None] = mapped_column(Text)
    resolutions: Mapped[str | None] = mapped_column(Text)
    safety_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    # 所属年度: the year a yearly meeting (组织生活会, 民主评议党员) belongs to when held after it, e.g. in January.
    belongs_year: Mapped[int | None] = mapped_column(Integer)
    # A 支部党员大会 that elects (换届, 选举代表) needs four fifths of the voters present (选举工作条例).
    is_election: Mapped[bool] = mapped_column(Boolean, default=False)
    # 应到 / 实到 / 有表决权应到 / 有表决权实到 as counted when the session was saved (votes depend on the day).
    expected_count: Mapped[int | None] = mapped_column(Integer)
    present_count: Mapped[int | None] = mapped_column(Integer)
    voting_expected_count: Mapped[int | None] = mapped_column(Integer)
    voting_present_count: Mapped[int | None] = mapped_column(Integer)


class Attendance(SyncColumns, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),)

    session_id: Mapped[str] = mapped_column(ForeignKey("study_session.id"))  # led by uq_attendance_session_person
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(200))


class StudyRule(SyncColumns, Base):
    """A compliance rule set on a unit; it covers the unit's subtree until a deeper unit sets its own for the kind.

    Not unique on (unit_id, kind): two offices may each write one before a sync; the services pick the
    deterministic winner (higher version, then id) rather than letting an import fail on a constraint.
    """

    __tablename__ = "study_rule"
    __table_args__ = (Index("ix_study_rule_unit_kind", "unit_id", "kind"),)

    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    kind: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(10))
    min_count: Mapped[int] = mapped_column(Integer, default=1)
    per_party_group: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class StudyKind(SyncColumns, Base):
    """A session kind added by users beyond the built-in ones (e.g. 形势政策宣讲); names are shared by everyone."""

    __tablename__ = "study_kind"

    name: Mapped[str] = mapped_column(String(30), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
