"""纪律作风督导: 督导组 with their members, the duty roster, and the inspection records with their photos.

An inspection that requires 整改 has one 13710 督办 item pointing back at it (`supervision_task.inspection_id`), which
holds the deadline, the completion date and who confirmed it: one place for a rectification's state, whichever list
it is finished from. Overdue is never stored (services.inspections, services.supervision).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class InspectionTeam(SyncColumns, Base):
    __tablename__ = "inspection_team"
    __table_args__ = (Index("ix_inspection_team_unit", "unit_id", "start_date"),)

    name: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # the 党委 (or unit) that set it up
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class InspectionTeamMember(SyncColumns, Base):
    __tablename__ = "inspection_team_member"
    __table_args__ = (Index("ix_inspection_team_member_team_live", "team_id", "deleted"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("inspection_team.id"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)  # None: a name typed in
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(10))  # domain.inspections.TeamRole
    position: Mapped[int] = mapped_column(Integer, default=0)


class InspectionDuty(SyncColumns, Base):
    """One day of the duty roster: the 督导组 member on duty, and the unit's own person on duty with them."""

    __tablename__ = "inspection_duty"
    __table_args__ = (Index("ix_inspection_duty_team_date", "team_id", "duty_date"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("inspection_team.id"))
    duty_date: Mapped[date] = mapped_column(Date)
    member_name: Mapped[str] = mapped_column(String(60))  # a member of the team on that day
    unit_person: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(String(200))


class Inspection(SyncColumns, Base):
    __tablename__ = "inspection"
    __table_args__ = (
        Index("ix_inspection_unit_date", "unit_id", "inspection_date"),
        Index("ix_inspection_team_date", "team_id", "inspection_date"),
    )

    inspection_date: Mapped[date] = mapped_column(Date)
    team_id: Mapped[str] = mapped_column(ForeignKey("inspection_team.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # the unit inspected
    place: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))  # domain.inspections.ProblemKind
    description: Mapped[str] = mapped_column(Text)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)  # someone involved, if named
    person_name: Mapped[str | None] = mapped_column(String(60))  # as on the roster, or a worker's name typed in
    rectify: Mapped[bool] = mapped_column(Boolean, default=False)  # 整改 required
    requirement: Mapped[str | None] = mapped_column(Text)  # what is to be rectified


class InspectionPhoto(SyncColumns, Base):
    __tablename__ = "inspection_photo"
    __table_args__ = (Index("ix_inspection_photo_inspection_live", "inspection_id", "deleted"),)

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"))
    photo_sha256: Mapped[str] = mapped_column(String(64))  # services.photos (content-addressed, travels with sync)
    position: Mapped[int] = mapped_column(Integer, default=0)
