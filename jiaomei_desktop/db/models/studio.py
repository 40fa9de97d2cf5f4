"""创新工作室 (劳模 / 职工 / 党员创新工作室, 技能大师工作室) and their members.

The leader is a roster person (`leader_id`), optionally linked to the honour that makes them a model worker
(`leader_honor_id`, a row of the gallery); the team is rows of `innovation_studio_member`, the leader among them.
The studio's output is the innovation register's entries that point at it (innovation_item.studio_id).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class InnovationStudio(SyncColumns, Base):
    __tablename__ = "innovation_studio"
    __table_args__ = (Index("ix_innovation_studio_unit_kind", "unit_id", "kind"),)

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # domain.studios.StudioKind
    level: Mapped[str] = mapped_column(String(10))  # domain.studios.StudioLevel
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # the party unit that keeps the record
    leader_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    leader_honor_id: Mapped[str | None] = mapped_column(ForeignKey("honor.id"))  # the 劳模 honour, if linked
    founded_on: Mapped[date] = mapped_column(Date)
    focus: Mapped[str | None] = mapped_column(Text)  # 攻关方向
    alliance: Mapped[str | None] = mapped_column(String(120))  # e.g. 河南省劳模创新工作室联盟
    alliance_joined_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)  # 撤销
    close_reason: Mapped[str | None] = mapped_column(String(200))


class InnovationStudioMember(SyncColumns, Base):
    __tablename__ = "innovation_studio_member"
    __table_args__ = (Index("ix_innovation_studio_member_studio_live", "studio_id", "deleted"),)

    studio_id: Mapped[str] = mapped_column(ForeignKey("innovation_studio.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # domain.studios.StudioRole
    position: Mapped[int] = mapped_column(Integer, default=0)
