"""The "1+1+3" registers beside 党员责任区 (zone.py): 我为职工办实事, 党建品牌 and the innovation register."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class WorkerDeed(SyncColumns, Base):
    """One 我为职工办实事 item: what was done for workers, by which unit, when, for how many, with how much money."""

    __tablename__ = "worker_deed"
    __table_args__ = (Index("ix_worker_deed_unit_date", "unit_id", "deed_date"),)

    item: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    deed_date: Mapped[date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(30))
    person_times: Mapped[int] = mapped_column(Integer, default=0)  # people helped, counted per time (人次)
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # money paid out, integer fen
    state: Mapped[str] = mapped_column(String(10), default="计划")  # 计划 | 已办结
    notes: Mapped[str | None] = mapped_column(Text)


class BranchBrand(SyncColumns, Base):
    """A 党建品牌 carried by a branch (党支部), from `year` on.

    `own_brand` is True for the branch's own brand (一支部一品牌: created by and named for this branch); False when
    the branch carries a brand shared with others, e.g. its committee's brand adopted by every branch under it.
    A branch counts as covered by a brand from the brand's year on; it may carry several.
    """

    __tablename__ = "branch_brand"

    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    own_brand: Mapped[bool] = mapped_column(Boolean, default=True)


class InnovationItem(SyncColumns, Base):
    """One entry of the innovation register: 改革任务, 技术创新项目, 群众性创新成果, 专利 (实用新型/发明) or 获奖."""

    __tablename__ = "innovation_item"
    __table_args__ = (Index("ix_innovation_item_unit_year", "unit_id", "year", "kind"),)

    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    people: Mapped[str | None] = mapped_column(Text)  # names as written on the certificate, "、"-separated
    notes: Mapped[str | None] = mapped_column(Text)
    award_level: Mapped[str | None] = mapped_column(String(20))  # 获奖 and results: domain.registers.AwardLevel
    task_state: Mapped[str | None] = mapped_column(String(10))  # 改革任务: domain.registers.TaskState
    # the 创新工作室 whose output this is (db.models.studio), if any
    studio_id: Mapped[str | None] = mapped_column(ForeignKey("innovation_studio.id"), index=True)
