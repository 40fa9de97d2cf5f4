"""Validation messages from domain and services are looked up when a rule fails, in the language installed then.

A fake catalog marks every translated text with "EN:"; a message built at import time, or outside `_`, would
come back unmarked.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import date

import pytest

from jiaomei_desktop import i18n
from jiaomei_desktop.domain import dates, honor, idnumber, mentor, study
from jiaomei_desktop.domain.enums import Gender, PairState, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData, validate_person
from jiaomei_desktop.services.errors import ValidationFailed

TODAY = date(2026, 3, 1)


class _Marked(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"EN:{message}"


@pytest.fixture
def marked() -> Iterator[None]:
    i18n._translations = _Marked()
    try:
        yield
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)


def _all_marked(messages: dict[str, str]) -> None:
    assert messages, "the data was meant to break rules"
    for field, message in messages.items():
        assert message.startswith("EN:"), f"{field}: {message!r} bypasses _()"


def test_person_rules_follow_the_language(marked: None) -> None:
    person = PersonData(name="王1", branch_id="", gender=Gender.FEMALE, id_number="410802198506120013",
                        political_status=PoliticalStatus.YOUTH_LEAGUE, join_date=date(2000, 1, 1), phone="12",
                        birth_date=date(2030, 1, 1))
    result = validate_person(person, TODAY)
    _all_marked(result.errors)
    assert result.summary().startswith("EN:")  # the "field：message" frame and the separator are translated too


def test_mentor_honor_and_study_rules_follow_the_language(marked: None) -> None:
    _all_marked(mentor.check_pair_fields(mentor.PairData("m", "m", None, None, goals="x" * 3000), TODAY))
    _all_marked(mentor.check_transition(PairState.ACTIVE.value, PairState.TERMINATED, date(2020, 1, 1), "",
                                        date(2021, 1, 1), None, TODAY))
    _all_marked(honor.validate_honor(honor.HonorData(title="", category="先进集体", level="", award_date=None,
                                                     person_id="p"), TODAY))
    _all_marked(study.validate_session(study.SessionFields(kind="", session_date=None, start_time="25:00",
                                                           end_time="x", topic="", hours=99, lecture_form="x"),
                                       TODAY))
    assert (mentor.mentor_refusal("群众", "在册") or "").startswith("EN:")


def test_parse_errors_follow_the_language(marked: None) -> None:
    with pytest.raises(dates.DateParseError, match=r"^EN:"):
        dates.parse_date("1985-13-01")
    with pytest.raises(idnumber.IdNumberError, match=r"^EN:"):
        idnumber.parse("123")
    assert str(ValidationFailed({"a": "x", "b": "y"})) == "xEN:；y"


def test_chinese_messages_are_the_source_text() -> None:
    i18n.install(i18n.DEFAULT_LANGUAGE)
    errors = validate_person(PersonData(name="", branch_id="b", phone="12", political_status=PoliticalStatus.MASSES),
                             TODAY).errors
    assert errors == {"name": "请填写姓名", "phone": "电话号码应为7到12位数字（手机11位）"}
    assert mentor.summary({"start_date": "请填写开始日期"}) == "开始日期：请填写开始日期"
