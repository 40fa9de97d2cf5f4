from datetime import date

import pytest

from jiaomei_desktop.reports.dates import arabic_date, format_count, format_document_date, format_percent, hanzi_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), "二〇二六年十一月二十三日"),
        (date(2026, 1, 1), "二〇二六年一月一日"),
        (date(2000, 10, 10), "二〇〇〇年十月十日"),
        (date(2031, 12, 30), "二〇三一年十二月三十日"),
        (date(2026, 7, 31), "二〇二六年七月三十一日"),
    ],
)
def test_hanzi_date(day: date, expected: str) -> None:
    assert hanzi_date(day) == expected


def test_arabic_date() -> None:
    assert arabic_date(date(2026, 11, 23)) == "2026年11月23日"
    assert arabic_date(date(2026, 1, 5)) == "2026年1月5日"


def test_document_date_style() -> None:
    assert format_document_date(date(2026, 11, 23), "arabic") == "2026年11月23日"
    assert format_document_date(date(2026, 11, 23)) == "二〇二六年十一月二十三日"
    with pytest.raises(ValueError):
        format_document_date(date(2026, 11, 23), "roman")


def test_numbers() -> None:
    assert format_count(2_300_000) == "230万"
    assert format_count(6419) == "6,419"
    assert format_percent(0.73) == "73%"
    assert format_percent(1.0) == "100%"
    assert format_percent(0.995) == "99.5%"
