"""One date rule for the person form and the roster import (issue 15): a month is enough for the roster's dates and
is read as its 1st day, with a note saying so; other dates need their day, and the message does not suggest a month."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain.dates import MONTH_ENOUGH, DateParseError, assumed_day, parse_date
from jiaomei_desktop.services.roster_excel import DATE_FIELDS


def test_a_month_is_the_first_of_the_month_and_says_so() -> None:
    for text in ("2006.06", "2006年6月", "2006-6", "200606", 2006.06):
        parsed = parse_date(text)
        assert parsed is not None and parsed.value == date(2006, 6, 1) and parsed.month_only, text
        assert assumed_day(parsed) == "未写日，按 2006-06-01 记录"
    assert assumed_day(parse_date("2006.06.15")) is None
    assert assumed_day(None) is None


def test_where_a_day_is_needed_a_month_is_refused_with_a_message_that_fits() -> None:
    with pytest.raises(DateParseError, match="完整日期"):
        parse_date("2005.07", month_allowed=False)
    with pytest.raises(DateParseError) as refused:
        parse_date("七月一日", month_allowed=False)
    assert "1985.06" not in str(refused.value) and "2026-06-12" in str(refused.value)
    assert parse_date("2005.7.1", month_allowed=False).value == date(2005, 7, 1)  # type: ignore[union-attr]


def test_the_form_and_the_import_read_the_same_fields_to_the_month() -> None:
    assert set(DATE_FIELDS) == MONTH_ENOUGH


def test_the_import_says_when_it_assumed_a_day(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.roster_excel import RowStatus, plan_roster_import
    from tests.excel_fixtures import write_sheet
    from tests.helpers import make_id_number

    number = make_id_number(date(1980, 5, 6), sequence=3)
    path = write_sheet(tmp_path / "r.xlsx", ["姓名", "身份证号", "所在支部", "入党时间", "转正时间", "出生年月"],
                       [["王建国", number, "综采一队党支部", "2006.06", "2007-06-01", "1980.05"]], text_columns=(1,))
    plan = plan_roster_import(store, path, None, today=date(2026, 6, 1))
    (row,) = plan.rows
    assert row.status is RowStatus.NEW and row.person is not None
    assert row.person.join_date == date(2006, 6, 1)
    assert "入党日期" in row.message and "未写日，按 2006-06-01 记录" in row.message
    assert "转正" not in row.message  # written with its day
    assert "出生" not in row.message  # the ID number gave the day (1980-05-06)
