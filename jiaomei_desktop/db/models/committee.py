"""Branch committees (支部委员会 roles with their terms) and the 留党察看 periods that take a member's vote away."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class CommitteeRole(SyncColumns, Base):
    """One person holding one post (书记, 副书记, 组织委员, 宣传委员, 纪检委员) of a branch for one term.

    `term_end` is when the term falls due (届满, normally three years after `term_start`); `left_on` is set when the
    person leaves the post before or after that (换届, 调离). The post is held from `term_start` until `left_on`.
    """

    __tablename__ = "committee_role"
    __table_args__ = (Index("ix_committee_role_unit_start", "unit_id", "term_start"),)

    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class PartyDiscipline(SyncColumns, Base):
    """A 留党察看 period of a member (党章: no vote, no right to elect or be elected meanwhile)."""

    __tablename__ = "party_discipline"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
