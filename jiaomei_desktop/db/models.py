"""The stored entities (DESIGN §3). Enum-valued columns hold the Chinese term (see domain.enums)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns, utcnow


class OrgUnit(SyncColumns, Base):
    __tablename__ = "org_unit"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # Materialised path of ids ("/root/child/") so a subtree is one indexed LIKE 'prefix%'.
    path: Mapped[str] = mapped_column(String(1000), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Photo(Base):
    """Content-addressed picture: the bytes live in the photo folder under their SHA-256; never changed once stored."""

    __tablename__ = "photo"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Person(SyncColumns, Base):
    __tablename__ = "person"
    __table_args__ = (
        # Unique only when present and live: mentees may have no ID number; a tombstone must not block re-entry.
        Index(
            "uq_person_id_number_live",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL AND deleted = 0"),
        ),
        Index("ix_person_branch_state", "branch_id", "membership_state"),
    )

    name: Mapped[str] = mapped_column(String(60))
    name_sort: Mapped[str] = mapped_column(String(400), index=True)
    # "王建国 wangjianguo wjg 410802198506120018 13800000000": one column to LIKE-search for the search box.
    search_text: Mapped[str] = mapped_column(String(400))
    gender: Mapped[str | None] = mapped_column(String(4))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    education: Mapped[str | None] = mapped_column(String(20))
    political_status: Mapped[str] = mapped_column(String(20), index=True)
    join_date: Mapped[date | None] = mapped_column(Date)
    full_member_date: Mapped[date | None] = mapped_column(Date)
    branch_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    party_group_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    post: Mapped[str | None] = mapped_column(String(60))
    trade: Mapped[str | None] = mapped_column(String(60))
    position: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(60))
    skill_grade: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(20))
    work_start_date: Mapped[date | None] = mapped_column(Date)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    membership_state: Mapped[str] = mapped_column(String(10), default="在册", index=True)


class MembershipChange(SyncColumns, Base):
    """One event in a membership (转出, 出党, 去世, or back to 在册). The person row keeps the current state."""

    __tablename__ = "membership_change"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    new_state: Mapped[str] = mapped_column(String(10))
    previous_state: Mapped[str] = mapped_column(String(10))
    change_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    to_unit_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    to_unit_name: Mapped[str | None] = mapped_column(String(120))
    from_branch_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))


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


class MentorPair(SyncColumns, Base):
    __tablename__ = "mentor_pair"

    mentor_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    mentee_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    trade: Mapped[str | None] = mapped_column(String(60))
    goals: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="进行中", index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    final_evaluation: Mapped[str | None] = mapped_column(Text)
    end_reason: Mapped[str | None] = mapped_column(Text)


class MentorLog(SyncColumns, Base):
    __tablename__ = "mentor_log"

    pair_id: Mapped[str] = mapped_column(ForeignKey("mentor_pair.id"), index=True)
    log_date: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    assessment: Mapped[str | None] = mapped_column(String(200))


class Honor(SyncColumns, Base):
    __tablename__ = "honor"

    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"), index=True)  # for 先进集体
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30), index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    awarding_body: Mapped[str | None] = mapped_column(String(120))
    award_date: Mapped[date] = mapped_column(Date, index=True)
    deeds: Mapped[str | None] = mapped_column(Text)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))


class ResponsibilityZone(SyncColumns, Base):
    __tablename__ = "responsibility_zone"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    zone_name: Mapped[str] = mapped_column(String(120))
    place: Mapped[str | None] = mapped_column(String(120))
    scope_people: Mapped[str | None] = mapped_column(Text)
    scope_equipment: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30), default="安全")
    duties: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class Setting(Base):
    """Local key/value settings of this installation (not synced): office unit, template choices, limits."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

