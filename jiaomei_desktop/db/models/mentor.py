"""传帮带 mentor pairs and their logs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


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
    __table_args__ = (
        # A pair's live logs and their latest date in one index probe: the list's "last log", 久未辅导 and the
        # figures read it per pair (without it SQLite scans every live log through ix_mentor_log_deleted).
        Index("ix_mentor_log_pair_live", "pair_id", "deleted", "log_date"),
    )

    pair_id: Mapped[str] = mapped_column(ForeignKey("mentor_pair.id"), index=True)
    log_date: Mapped[date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    assessment: Mapped[str | None] = mapped_column(String(200))
