"""党支部标准化建设: a branch's self-assessment for a year (scores per checklist item) and the committee's acceptance.

Two tables because two offices keep them: the branch's office its self-assessment (filed under the branch), the
accepting 党委's office its acceptance (filed under the 党委, sync.authority.FILED_UNDER), so each travels in its
keeper's bundles and is read-only everywhere else.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class StandardAssessment(SyncColumns, Base):
    __tablename__ = "standard_assessment"
    __table_args__ = (Index("ix_standard_assessment_branch_year", "branch_id", "year"),)

    branch_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    assessed_on: Mapped[date] = mapped_column(Date)  # 自评日期
    assessor: Mapped[str | None] = mapped_column(String(40))  # who signed the self-assessment
    scores: Mapped[str] = mapped_column(Text)  # JSON {item key: {score, note, auto, evidence}} (domain.standards)
    total: Mapped[float] = mapped_column(Float)  # the scores' sum, kept for lists and figures
    note: Mapped[str | None] = mapped_column(Text)


class StandardAcceptance(SyncColumns, Base):
    __tablename__ = "standard_acceptance"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("standard_assessment.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # the accepting 党委 (above the branch)
    result: Mapped[str] = mapped_column(String(10))  # domain.standards.Result
    accepted_on: Mapped[date] = mapped_column(Date)
    accepted_by: Mapped[str | None] = mapped_column(String(40))  # who signed for the committee
    note: Mapped[str | None] = mapped_column(String(400))
