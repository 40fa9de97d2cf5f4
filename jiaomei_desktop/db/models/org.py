"""The organisation tree."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, SyncColumns


class OrgUnit(SyncColumns, Base):
    __tablename__ = "org_unit"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    # Materialised path of ids ("/root/child/") so a subtree is one indexed LIKE 'prefix%'.
    path: Mapped[str] = mapped_column(String(1000), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
