"""13710 督办: a decision or task with a responsible unit and a deadline, and its dated progress notes.

Whether an item is open, done or overdue is not stored: done is `done_date` being set, overdue is an open item past
its `deadline` on the day you look (services.supervision).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class SupervisionTask(SyncColumns, Base):
    __tablename__ = "supervision_task"
    # the per-unit open list reads (unit, done, deadline) without touching the table
    __table_args__ = (Index("ix_supervision_task_unit_done", "unit_id", "done_date", "deadline"),)

    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str | None] = mapped_column(Text)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("study_session.id"))  # the meeting that decided it
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # responsible unit
    person_name: Mapped[str | None] = mapped_column(String(40))  # responsible person, as written
    start_date: Mapped[date] = mapped_column(Date, index=True)
    tier_days: Mapped[int] = mapped_column(Integer)  # the 13710 tier chosen (1, 3, 7 or 10 by default)
    deadline: Mapped[date] = mapped_column(Date)  # start + tier unless set by hand; kept if the tiers change later
    done_date: Mapped[date | None] = mapped_column(Date)
    confirmed_by: Mapped[str | None] = mapped_column(String(40))  # who confirmed it done
    # the 督导 inspection whose 整改 this is (services.inspections); such an item is filed where the inspection is
    inspection_id: Mapped[str | None] = mapped_column(ForeignKey("inspection.id"), index=True)


class SupervisionNote(SyncColumns, Base):
    __tablename__ = "supervision_note"
    __table_args__ = (Index("ix_supervision_note_task_live", "task_id", "deleted", "note_date"),)

    task_id: Mapped[str] = mapped_column(ForeignKey("supervision_task.id"))
    note_date: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
