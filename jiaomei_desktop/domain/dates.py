"""Reading the dates people actually type or keep in spreadsheets: 1985-06-12, 1985.06.12, 1985/6/12, 19850612,
1985年6月12日, and month-only forms (1985.06, 1985年6月, 1985-6) that rosters use for 出生年月 and 入党时间."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from jiaomei_desktop.i18n import _

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug already absorbed)
_FULL = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")


# One rule for the person form and the roster import: 出生年月, 入党时间, 转正时间, 参加工作时间 and the dates of the
# 发展 steps (申请入党, 确定为积极分子, 确定为发展对象) are kept to the month in most rosters ("2006.06"), so for these a
# month is enough and is read as its 1st day, and the secretary is told so (`assumed_day`); every other date (a
# meeting, a log, an award) needs its day.
MONTH_ENOUGH = frozenset(
    {
        "birth_date",
        "join_date",
        "full_member_date",
        "work_start_date",
        "application_date",
        "activist_date",
        "target_date",
    }
)


class DateParseError(ValueError):
    """The text is not a date anyone could mean; the message says so in Chinese."""


@dataclass(frozen=True)
class ParsedDate:
    value: date
    month_only: bool  # "1985.06": stored as the 1st, shown as a month


def parse_date(raw: object, month_allowed: bool = True) -> ParsedDate | None:
    """None for empty input; DateParseError for text that is not a real date, or that names only a month where
    `month_allowed` is False."""
    parsed = _parse(raw, month_allowed)
    if parsed is not None and parsed.month_only and not month_allowed:
        raise DateParseError(_("请写出完整日期（年-月-日），如 2026-06-12"))
    return parsed


def assumed_day(parsed: ParsedDate | None) -> str | None:
    """What the secretary is told when a month was read as its 1st day, or None."""
    if parsed is None or not parsed.month_only:
        return None
    return _("未写日，按 {date} 记录").format(date=format_date(parsed.value))


def _parse(raw: object, month_allowed: bool) -> ParsedDate | None:
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return ParsedDate(raw.date(), False)
    if isinstance(raw, date):
        return ParsedDate(raw, False)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_number(raw)
    text = str(raw).strip().replace("\u3000", "").replace(" ", "")
    if not text:
        return None
    for pattern, month_only in ((_FULL, False), (_COMPACT, False), (_MONTH, True), (_COMPACT_MONTH, True)):
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = 1 if month_only else int(match.group(3))
            return ParsedDate(_make(year, month, day, text), month_only)
    if month_allowed:
        raise DateParseError(_("无法识别的日期“{text}”（可写作 1985-06-12、1985.06 或 1985年6月）").format(text=text))
    raise DateParseError(_("无法识别的日期“{text}”（可写作 2026-06-12 或 2026.6.12）").format(text=text))


def _from_number(value: float) -> ParsedDate:
    # A bare number is either an Excel serial date or a typed 19850612 / 1985.06 that Excel kept as a number.
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:.2f}"
        year, month = text.split(".")
        return ParsedDate(_make(int(year), int(month), 1, text), True)
    number = int(value)
    if 19000101 <= number <= 21001231:
        return parse_date(str(number))  # type: ignore[return-value]
    if 1 <= number <= 80000:
        return ParsedDate(_EXCEL_EPOCH + timedelta(days=number), False)
    raise DateParseError(_("无法识别的日期“{text}”").format(text=value))


def _make(year: int, month: int, day: int, text: str) -> date:
    if not 1900 <= year <= 2100:
        raise DateParseError(_("日期“{text}”的年份不合理").format(text=text))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateParseError(_("日期“{text}”不存在").format(text=text)) from exc


def format_date(value: date | None, month_only: bool = False) -> str:
    if value is None:
        return ""
    return f"{value:%Y-%m}" if month_only else f"{value:%Y-%m-%d}"
