"""三会一课 and study sessions with attendance."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class StudySession(SyncColumns, Base):
    __tablename__ = "study_session"
    __table_args__ = (Index("ix_study_session_unit_date", "unit_id", "session_date"),)

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


class Attendance(SyncColumns, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),)

    session_id: Mapped[str] = mapped_column(ForeignKey("study_session.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(200))
