from datetime import date, datetime

import pytest

from jiaomei_desktop.domain.dates import DateParseError, parse_date
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import PersonData, party_age, validate_person


@pytest.mark.parametrize(
    ("raw", "expected", "month_only"),
    [("1985-06-12", date(1985, 6, 12), False), ("1985.06", date(1985, 6, 1), True),
     ("1985年6月", date(1985, 6, 1), True), ("1985年6月12日", date(1985, 6, 12), False),
     ("19850612", date(1985, 6, 12), False), (31210, date(1985, 6, 12), False), (1985.06, date(1985, 6, 1), True),
     (datetime(1985, 6, 12, 0, 0), date(1985, 6, 12), False), (" 1985 / 6 / 12 ", date(1985, 6, 12), False)],
)
def test_dates_as_people_write_them(raw: object, expected: date, month_only: bool) -> None:
    parsed = parse_date(raw)
    assert parsed is not None and parsed.value == expected and parsed.month_only is month_only


@pytest.mark.parametrize("raw", ["1985.13.01", "1985-02-30", "去年", "0085-01-01"])
def test_impossible_dates_are_reported(raw: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(raw)


def test_empty_is_none() -> None:
    assert parse_date("  ") is None and parse_date(None) is None


def test_join_before_eighteen_is_refused() -> None:
    p = PersonData(name="王建国", branch_id="b", birth_date=date(2000, 1, 1), join_date=date(2015, 1, 1),
                   political_status=PoliticalStatus.PROBATIONARY)
    assert "十八" in validate_person(p, today=date(2026, 1, 1)).errors["join_date"]


def test_party_age_counts_from_full_membership() -> None:
    p = PersonData(name="王建国", branch_id="b", join_date=date(2000, 7, 1), full_member_date=date(2001, 7, 1))
    assert party_age(p, date(2026, 6, 30)) == 24
    assert party_age(p.with_changes(full_member_date=None), date(2026, 6, 30)) is None
