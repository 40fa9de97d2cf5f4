"""Which years the program accepts at its boundaries (year boxes, command-line --year, imports).

The floor is the first year the group's records go back to — the same 1990 the study log (domain/study.MIN_YEAR) and
the registers already refuse dates before. The ceiling is next year by the PC's clock; a clock set before this
release was made (a flat CMOS battery shows 1999 or 2000) is not believed for the ceiling, so the year boxes still
reach the real current year.
"""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.i18n import _

FIRST_YEAR = 1990
RELEASE_YEAR = 2026  # this version was made in 2026: a clock showing an earlier year is wrong
PLAUSIBLE_SPAN = 50  # a clock more than 50 years after the release is wrong too


def clock_plausible(today: date | None = None) -> bool:
    today = today or date.today()
    return RELEASE_YEAR <= today.year <= RELEASE_YEAR + PLAUSIBLE_SPAN


def last_year(today: date | None = None) -> int:
    """The latest year a record or a report may name: next year (by a clock that can be believed)."""
    today = today or date.today()
    return (today.year if clock_plausible(today) else max(today.year, RELEASE_YEAR)) + 1


def year_range(today: date | None = None) -> tuple[int, int]:
    return FIRST_YEAR, last_year(today)


def default_year(today: date | None = None) -> int:
    """This year, kept within the range (a clock at 1985 still opens the boxes on a year they accept)."""
    today = today or date.today()
    first, last = year_range(today)
    return min(max(today.year, first), last)


def year_problem(year: int, today: date | None = None) -> str | None:
    """None for an accepted year, else the message that says which years are."""
    first, last = year_range(today)
    if first <= year <= last:
        return None
    return _("年度 {year} 不在 {first}—{last} 年之间（本系统的记录从 {first} 年开始）。").format(
        year=year, first=first, last=last
    )
