"""Local settings of this installation."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base


class Setting(Base):
    """Local key/value settings of this installation (not synced): office unit, template choices, limits."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
