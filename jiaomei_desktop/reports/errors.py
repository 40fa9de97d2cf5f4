"""Errors raised by document rendering, with messages meant for the user (Chinese)."""

from __future__ import annotations

from dataclasses import dataclass

from jiaomei_desktop.domain.progress import Cancelled as JobCancelled


class ReportError(Exception):
    """A document cannot be produced as asked; the message says why in plain Chinese."""


class Cancelled(ReportError, JobCancelled):
    """The user cancelled a batch render; nothing was written. Also a domain Cancelled, so the GUI's background
    tasks treat it like any cancelled job."""

    def __init__(self, message: str = "已取消生成，没有写出任何文件") -> None:
        Exception.__init__(self, message)


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    field: str
    position: int  # 1-based, counted in characters as the user sees them

    def describe(self) -> str:
        return f"“{self.char}”(U+{ord(self.char):04X}) 位于 {self.field} 第{self.position}个字"


class MissingGlyphsError(ReportError):
    """Characters that no available font can draw; raised before any PDF byte is produced."""

    def __init__(self, missing: list[MissingGlyph]) -> None:
        self.missing = missing
        super().__init__("以下字符没有可用字体：" + "；".join(m.describe() for m in missing))
