"""亮明身份: 党员示范岗, 党员先锋岗, 党员突击队, 安全监督岗… and the people on them.

A post is hung (挂牌) on a date and taken down (摘牌) with a reason; its people are rows of `identity_post_member`:
roster people (a member, or a worker on a 突击队) or a typed-in worker's name.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class IdentityPost(SyncColumns, Base):
    __tablename__ = "identity_post"
    __table_args__ = (Index("ix_identity_post_unit_kind", "unit_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(20))  # domain.posts.PostKind
    name: Mapped[str] = mapped_column(String(120))  # 岗位 or 突击队 name as on the placard
    unit_id: Mapped[str] = mapped_column(ForeignKey("org_unit.id"))
    place: Mapped[str | None] = mapped_column(String(120))
    duties: Mapped[str | None] = mapped_column(Text)  # one per line
    pledge: Mapped[str | None] = mapped_column(Text)  # 承诺, one per line
    listed_on: Mapped[date] = mapped_column(Date)  # 挂牌
    delisted_on: Mapped[date | None] = mapped_column(Date)  # 摘牌
    delist_reason: Mapped[str | None] = mapped_column(String(200))


class IdentityPostMember(SyncColumns, Base):
    __tablename__ = "identity_post_member"
    __table_args__ = (Index("ix_identity_post_member_post_live", "post_id", "deleted"),)

    post_id: Mapped[str] = mapped_column(ForeignKey("identity_post.id"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"), index=True)  # None: a typed-in worker
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))  # 岗长 / 队长 / 成员
    position: Mapped[int] = mapped_column(Integer, default=0)  # order on the placard
