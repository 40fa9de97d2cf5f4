"""技术比武 (skill contests): an event and its entrants with scores and placings.

A winner's honour (技术能手, 岗位能手…) is an ordinary row of `honor`; the entrant keeps its id (`honor_id`), so the
gallery shows it like any other honour and the contest never grants the same honour twice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class ContestEvent(SyncColumns, Base):
    __tablename__ = "contest_event"
    __table_args__ = (Index("ix_contest_event_unit_date", "unit_id", "event_date"),)

    name: Mapped[str] = mapped_column(String(200))
    event_date: Mapped[date] = mapped_column(Date, index=True)
    trade: Mapped[str] = mapped_column(String(60))  # 工种 or 专业
    level: Mapped[str] = mapped_column(String(4))  # organiser level: domain.contests.ContestLevel (矿 / 集团 / 省)
    organiser: Mapped[str] = mapped_column(String(120))  # 主办单位 as printed on the results sheet
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # the party unit that keeps the record
    rules: Mapped[str | None] = mapped_column(Text)  # 评分办法
    ties_allowed: Mapped[bool] = mapped_column(Boolean, default=False)  # 并列名次
    percent_scale: Mapped[bool] = mapped_column(Boolean, default=True)  # scores out of 100
    winner_places: Mapped[int] = mapped_column(Integer, default=3)  # placings 1..n are winners
    honour_category: Mapped[str] = mapped_column(String(30), default="技术能手")


class ContestEntrant(SyncColumns, Base):
    __tablename__ = "contest_entrant"
    __table_args__ = (Index("ix_contest_entrant_event_live", "event_id", "deleted"),)

    event_id: Mapped[str] = mapped_column(ForeignKey("contest_event.id"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)  # None: a typed-in name
    name: Mapped[str] = mapped_column(String(60))
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)  # the entrant's unit
    score: Mapped[float | None] = mapped_column(Float)
    placing: Mapped[int | None] = mapped_column(Integer)  # 名次
    honor_id: Mapped[str | None] = mapped_column(ForeignKey("honor.id"))  # the honour granted for this result
