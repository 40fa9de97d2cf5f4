"""People and their membership events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class Person(SyncColumns, Base):
    __tablename__ = "person"
    __table_args__ = (
        # Unique only when present and live: mentees may have no ID number; a tombstone must not block re-entry.
        Index(
            "uq_person_id_number_live",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL AND deleted = 0"),
        ),
        Index("ix_person_branch_state", "branch_id", "membership_state"),
        # Covering index in display order: the roster list and its search box scan it without touching the table
        # or sorting (100,000 people filter in ~30 ms).
        Index("ix_person_roster", "name_sort", "id", "deleted", "membership_state", "political_status", "branch_id",
              "search_text"),
    )

    # No single-column indexes on deleted / status / state: they match nearly every row, and SQLite would pick
    # them over ix_person_roster and then sort 100,000 rows.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(60))
    name_sort: Mapped[str] = mapped_column(String(400))
    # "王建国 wangjianguo wjg 410802198506120018 13800000000": one column to LIKE-search for the search box.
    search_text: Mapped[str] = mapped_column(String(400))
    gender: Mapped[str | None] = mapped_column(String(4))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18))
    education: Mapped[str | None] = mapped_column(String(20))
    political_status: Mapped[str] = mapped_column(String(20))
    join_date: Mapped[date | None] = mapped_column(Date)
    full_member_date: Mapped[date | None] = mapped_column(Date)
    branch_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))  # led by ix_person_branch_state
    party_group_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    post: Mapped[str | None] = mapped_column(String(60))
    trade: Mapped[str | None] = mapped_column(String(60))
    position: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(String(60))
    skill_grade: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(20))
    work_start_date: Mapped[date | None] = mapped_column(Date)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    membership_state: Mapped[str] = mapped_column(String(10), default="在册")
    # A 延长预备期 the 支部大会 decided (6 to 12 months, 党章 第七条); None when the 预备期 was the usual year.
    probation_extension_months: Mapped[int | None] = mapped_column(Integer)
    # 发展阶段 (入党申请人, 入党积极分子, 发展对象: domain.enums.DevelopmentStage) of a 群众 or 共青团员, None for
    # everyone else; the dates of the steps stay after 入党 as history (revision 0018).
    development_stage: Mapped[str | None] = mapped_column(String(10))
    application_date: Mapped[date | None] = mapped_column(Date)
    activist_date: Mapped[date | None] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)


class MembershipChange(SyncColumns, Base):
    """One event in a membership (转出, 出党, 去世, or back to 在册). The person row keeps the current state."""

    __tablename__ = "membership_change"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    new_state: Mapped[str] = mapped_column(String(10))
    previous_state: Mapped[str] = mapped_column(String(10))
    change_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    to_unit_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    to_unit_name: Mapped[str | None] = mapped_column(String(120))
    from_branch_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"))
    # For 出党: one of domain.enums.ExitKind (开除党籍, 除名, 自行脱党, 退党, 取消预备党员资格); `reason` adds the details.
    exit_kind: Mapped[str | None] = mapped_column(String(20))
