"""党员责任区 responsibility zones."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class ResponsibilityZone(SyncColumns, Base):
    __tablename__ = "responsibility_zone"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"), index=True)
    zone_name: Mapped[str] = mapped_column(String(120))
    place: Mapped[str | None] = mapped_column(String(120))
    scope_people: Mapped[str | None] = mapped_column(Text)
    scope_equipment: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30), default="安全生产")
    duties: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
