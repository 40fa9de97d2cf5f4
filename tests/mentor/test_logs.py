"""辅导记录: dated within the pair's life, never in the future; a timeline newest first."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain.mentor import LogData
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.store import Store
from tests.mentor.conftest import TODAY, People, make_pair


def test_logs_form_a_timeline(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.add_log(store, LogData(pair_id, date(2026, 4, 1), "讲解采煤机操作规程", 2.0, "良好"), today=TODAY)
    mentor.add_log(store, LogData(pair_id, date(2026, 9, 1), "现场示范截割", 3.5), today=TODAY)
    logs = mentor.list_logs(store, pair_id)
    assert [log.log_date for log in logs] == [date(2026, 9, 1), date(2026, 4, 1)]
    assert logs[1].assessment == "良好"
    row = mentor.fetch_rows(store, [pair_id], TODAY)[pair_id]
    assert (row.log_count, row.hours, row.last_log) == (2, 5.5, date(2026, 9, 1))


@pytest.mark.parametrize(("log_date", "message"), [
    (date(2026, 2, 28), "辅导日期不能早于结对开始日期（2026-03-01）"),
    (date(2026, 11, 24), "辅导日期不能晚于今天"),
])
def test_badly_dated_log_refused(store: Store, people: People, log_date: date, message: str) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    with pytest.raises(ValidationFailed) as info:
        mentor.add_log(store, LogData(pair_id, log_date, "讲解", 1.0), today=TODAY)
    assert info.value.errors == {"log_date": message}
    assert mentor.list_logs(store, pair_id) == []


def test_log_after_pair_ended_refused_but_history_can_be_added(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.complete_pair(store, pair_id, date(2026, 10, 1), "合格", today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        mentor.add_log(store, LogData(pair_id, date(2026, 10, 2), "讲解", 1.0), today=TODAY)
    assert "结束" in info.value.errors["log_date"]
    mentor.add_log(store, LogData(pair_id, date(2026, 9, 30), "补记", 1.0), today=TODAY)
    assert len(mentor.list_logs(store, pair_id)) == 1


def test_log_needs_content_and_hours(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    with pytest.raises(ValidationFailed) as info:
        mentor.add_log(store, LogData(pair_id, date(2026, 4, 1), "", 0), today=TODAY)
    assert set(info.value.errors) == {"content", "hours"}
    assert "辅导内容：请填写辅导内容" in str(info.value)


def test_log_for_unknown_pair(store: Store, people: People) -> None:
    with pytest.raises(NotFoundError):
        mentor.add_log(store, LogData("nope", date(2026, 4, 1), "x", 1.0), today=TODAY)


def test_update_and_delete_log(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    log_id = mentor.add_log(store, LogData(pair_id, date(2026, 4, 1), "讲解", 1.0), today=TODAY)
    mentor.update_log(store, LogData(pair_id, date(2026, 4, 2), "讲解规程", 1.5, "合格", id=log_id), today=TODAY)
    (log,) = mentor.list_logs(store, pair_id)
    assert (log.log_date, log.content, log.hours, log.assessment) == (date(2026, 4, 2), "讲解规程", 1.5, "合格")
    with pytest.raises(ValidationFailed):
        mentor.update_log(store, LogData(pair_id, date(2026, 1, 2), "讲解规程", 1.5, id=log_id), today=TODAY)
    assert mentor.list_logs(store, pair_id)[0].log_date == date(2026, 4, 2)
    mentor.delete_log(store, log_id)
    assert mentor.list_logs(store, pair_id) == []
    with pytest.raises(NotFoundError):
        mentor.delete_log(store, log_id)
