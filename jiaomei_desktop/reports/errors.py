"""Errors raised by document rendering, with messages meant for the user (Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from jiaomei_desktop.domain.progress import Cancelled as JobCancelled
from jiaomei_desktop.i18n import _


class ReportError(Exception):
    """A document cannot be produced as asked; the message says why in plain Chinese."""


class Cancelled(ReportError, JobCancelled):
    """The user cancelled a batch render; nothing was written. Also a domain Cancelled, so the GUI's background
    tasks treat it like any cancelled job."""

    def __init__(self, message: str | None = None) -> None:
        Exception.__init__(self, message if message is not None else _("已取消生成，没有写出任何文件"))


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    field: str
    position: int  # 1-based, counted in characters as the user sees them

    def describe(self) -> str:
        return _("“{char}”(U+{code}) 位于 {field} 第{position}个字").format(
            char=self.char, code=f"{ord(self.char):04X}", field=self.field, position=self.position)


class MissingGlyphsError(ReportError):
    """Characters that no available font can draw; raised before any PDF byte is produced."""

    def __init__(self, missing: list[MissingGlyph]) -> None:
        self.missing = missing
        super().__init__(_("以下字符没有可用字体：{chars}").format(chars=_("；").join(m.describe() for m in missing)))
