"""A fix for ReportLab's ToUnicode map of characters beyond the BMP (CJK Ext. B name characters such as 𠇔).

ReportLab 4 writes such a character as `<201D4>`, an odd-length hex string that PDF readers reject, so the character
cannot be searched or copied from the PDF. A ToUnicode destination must be UTF-16BE: U+201D4 is `<D840DDD4>`.
Everything else in the map is produced exactly as ReportLab does.
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_original = ttfonts.makeToUnicodeCMap


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    text: str = _original(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{_utf16_hex(code)}>", 1)
    return text


def apply() -> None:
    """Idempotent: install the fixed map builder into ReportLab's TrueType module."""
    if ttfonts.makeToUnicodeCMap is not _make_to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap
