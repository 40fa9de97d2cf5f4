"""Honours (先进典型) of people and units."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class Honor(SyncColumns, Base):
    __tablename__ = "honor"

    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"), index=True)  # for 先进集体
    # A 先进集体 that is no party unit (a 区队, a 班组): its name; unit_id is then the party unit it belongs to.
    collective_name: Mapped[str | None] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30), index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    awarding_body: Mapped[str | None] = mapped_column(String(120))
    award_date: Mapped[date] = mapped_column(Date, index=True)
    deeds: Mapped[str | None] = mapped_column(Text)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))


class HonorCategoryRow(SyncColumns, Base):
    """A category a user added beyond the built-in ones (domain.honor.DEFAULT_CATEGORIES).

    Not unique by name: two offices may add the same name independently and both rows must survive a merge;
    the service shows each name once.
    """

    __tablename__ = "honor_category"

    name: Mapped[str] = mapped_column(String(30), index=True)
    for_units: Mapped[bool] = mapped_column(Boolean, default=False)  # offered for 先进集体 rather than for people
