"""Dates and numbers the way Chinese documents write them; Babel (zh_CN) wherever it has the format."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal
from babel.numbers import format_percent as _babel_percent

from jiaomei_desktop.i18n import _

LOCALE = "zh_CN"
_DIGITS = "〇一二三四五六七八九"
DATE_STYLES = ("hanzi", "arabic")


def _hanzi_number(n: int) -> str:
    """1..31 as written in dates: 十, 十一, 二十, 二十三 (Babel has no spell-out for zh)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def hanzi_number(n: int) -> str:
    """1..99 as a heading number: 一 … 十, 十一, 十二, 二十 (never an Arabic 11 inside （）)."""
    if not 0 < n < 100:
        raise ValueError(n)
    return _hanzi_number(n)


def heading_mark(n: int, level: int) -> str:
    """GB/T 9704-2012 7.3.4 structure numbers: level 1 “一、”, level 2 “（一）”, level 3 “1.”, level 4 “（1）”."""
    if level == 1:
        return f"{hanzi_number(n)}、"
    if level == 2:
        return f"（{hanzi_number(n)}）"
    return f"{n}." if level == 3 else f"（{n}）"


def hanzi_date(d: date) -> str:
    """二〇二六年十一月二十三日: year digit by digit with 〇, month and day as numbers."""
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_hanzi_number(d.month)}月{_hanzi_number(d.day)}日"


def arabic_date(d: date) -> str:
    """2026年11月23日 (Babel's zh_CN long date)."""
    return format_date(d, "long", locale=LOCALE)


def format_document_date(d: date, style: str = "hanzi") -> str:
    if style not in DATE_STYLES:
        raise ValueError(_("未知的日期样式：{style}").format(style=style))
    return hanzi_date(d) if style == "hanzi" else arabic_date(d)


def format_count(n: int) -> str:
    """230万 for large counts, 6,419 below ten thousand."""
    if abs(n) < 10_000:
        return format_decimal(n, locale=LOCALE)
    return format_compact_decimal(n, locale=LOCALE, fraction_digits=1)


def format_percent(ratio: float) -> str:
    """73% (whole percent; one decimal only when it matters, e.g. 99.5%)."""
    return _babel_percent(ratio, format="#,##0.#%", locale=LOCALE)
