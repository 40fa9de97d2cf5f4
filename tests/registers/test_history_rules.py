"""Putting a person, study session, mentor pair or honour back (修改记录 → 恢复) obeys today's rules (issue 15/19):
the earlier state is checked by the record's own service, a 党籍变动, 转正 or 出师 recorded since is not undone,
and a refusal says "无法恢复：…" with the rule's words and leaves every table exactly as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from jiaomei_desktop.db.base import Base
from jiaomei_desktop.db.models import Honor, MentorPair, Person, SupervisionTask
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import history, honors, inspections, mentor, roster, supervision
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.study import AttendanceEntry, SessionData, get_session, save_session
from tests.registers.known import TODAY, Known
from tests.registers.test_history import _team

Store = Any


def _snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: a refused put-back must leave all of them as they were."""
    with store.reading() as session:
        return {t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables}


def _first(store: Store, table: str, record_id: str) -> int:
    return history.list_changes(store, table, record_id)[-1].id


def _latest(store: Store, table: str, record_id: str) -> int:
    return history.list_changes(store, table, record_id)[0].id


def _refused(store: Store, table: str, record_id: str, change_id: int, *words: str) -> str:
    before = _snapshot(store)
    with pytest.raises(ValidationFailed, match=r"^无法恢复：") as refused:
        history.restore(store, table, record_id, change_id, today=TODAY)
    message = str(refused.value)
    for word in words:
        assert word in message
    assert _snapshot(store) == before
    return message


def _imported(store: Store, model: type, record_id: str, **values: Any) -> None:
    """A change that came by bundle: written by the importer's SQL, so it is not in the 修改记录."""
    with store.transaction() as session:
        session.execute(update(model).where(model.id == record_id).values(**values, version=model.version + 1))


def _edit_person(store: Store, person_id: str, **changes: Any) -> None:
    roster.save_person(store, roster.get_person(store, person_id).with_changes(**changes), today=TODAY)


# -- people -------------------------------------------------------------------------------------------------------
def test_a_person_is_put_back_with_derived_columns_and_a_new_version(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    person = k.people["A"]
    first = _first(store, "person", person)
    _edit_person(store, person, name="王建军", post="支架工")
    version = roster.get_person(store, person).version
    assert history.restore(store, "person", person, first, today=TODAY) == version + 1
    back = roster.get_person(store, person)
    assert (back.name, back.post) == ("王建国", None)
    assert roster.find_ids(store, roster.RosterQuery(text="wjg")) == [person]  # 拼音 search follows the name


def test_an_id_number_now_someone_elses_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import make_id_number

    store, k = known
    number = make_id_number(date(1985, 3, 4), True)
    _edit_person(store, k.people["A"], id_number=number)
    with_number = _latest(store, "person", k.people["A"])
    _edit_person(store, k.people["A"], id_number=None)
    roster.save_person(store, PersonData(name="赵六", branch_id=k.b2, political_status=PoliticalStatus.MASSES,
                                         id_number=number), today=TODAY)
    _refused(store, "person", k.people["A"], with_number, "身份证号", "赵六")


def test_a_join_date_before_an_application_recorded_since_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    person = roster.save_person(store, PersonData(
        name="钱进", branch_id=k.b1, political_status=PoliticalStatus.PROBATIONARY, birth_date=date(1995, 5, 5),
        join_date=date(2025, 7, 1), application_date=date(2024, 3, 1)), today=TODAY)
    created = _first(store, "person", person)
    _edit_person(store, person, join_date=date(2025, 8, 1))
    _imported(store, Person, person, application_date=date(2025, 7, 15))  # fine with 入党 on 08-01
    _refused(store, "person", person, created, "入党日期", "入党日期应晚于发展阶段各步的日期")


@pytest.mark.parametrize("internal", [False, True], ids=["转出", "转到本单位另一支部"])
def test_a_membership_change_since_is_not_undone(known, internal: bool) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    person = k.people["B"]
    _edit_person(store, person, post="采煤机司机")
    edited = _latest(store, "person", person)
    change_membership(store, ChangeRequest(person, MembershipState.TRANSFERRED_OUT, date(2026, 11, 1),
                                           to_unit_id=k.b2 if internal else None,
                                           to_unit_name=None if internal else "外单位党委"), today=TODAY)
    what = "转到掘进二队党支部" if internal else "转出"
    _refused(store, "person", person, edited, "党籍变动", f"2026-11-01 {what}")


def test_a_full_membership_since_is_not_undone(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    person = k.people["C"]  # 预备党员 since 2025-07-01
    created = _first(store, "person", person)
    _edit_person(store, person, political_status=PoliticalStatus.FULL_MEMBER, full_member_date=date(2026, 7, 1))
    _refused(store, "person", person, created, "转正（2026-07-01）")


def test_another_offices_person_is_still_refused_as_before(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    person = k.people["A"]
    first = _first(store, "person", person)
    _edit_person(store, person, post="支架工")
    with store.transaction() as session:
        session.get(Person, person).owner_unit_id = k.b2
    before = _snapshot(store)
    with pytest.raises(ReadOnlyRecord):
        history.restore(store, "person", person, first, today=TODAY)
    assert _snapshot(store) == before


# -- study sessions -----------------------------------------------------------------------------------------------
def _session(store: Store, k: Known, unit: str, people: str) -> str:
    return save_session(store, SessionData(
        unit_id=unit, kind="党课", session_date=date(2026, 6, 1), topic="学习党章", hours=2.0,
        attendance=tuple(AttendanceEntry(k.people[p]) for p in people)), today=TODAY)


def test_a_session_is_put_back_and_its_counts_stay_right(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    session_id = _session(store, k, k.b1, "AB")
    first = _first(store, "study_session", session_id)
    save_session(store, replace(get_session(store, session_id), topic="学习新修订的条例"), today=TODAY)
    history.restore(store, "study_session", session_id, first, today=TODAY)
    back = get_session(store, session_id)
    assert back.topic == "学习党章" and back.recorded_counts is not None and back.recorded_counts[1] == 2


def test_a_session_put_back_to_a_unit_its_attendance_is_not_of_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    session_id = _session(store, k, k.b1, "AB")
    first = _first(store, "study_session", session_id)
    # moved to the other branch with that branch's people: the list is not in the history and stays
    save_session(store, replace(get_session(store, session_id), unit_id=k.b2,
                                attendance=(AttendanceEntry(k.people["F"]), AttendanceEntry(k.people["G"]))),
                 today=TODAY)
    _refused(store, "study_session", session_id, first, "陈静", "周杰", "不是综采一队党支部的在册人员")


# -- mentor pairs -------------------------------------------------------------------------------------------------
def _pair(store: Store, k: Known) -> str:
    return mentor.create_pair(store, PairData(k.people["D"], k.people["H"], date(2026, 3, 1), date(2027, 3, 1),
                                              trade="掘进机司机"), today=TODAY)


def _pair_data(store: Store, pair_id: str, **changes: Any) -> PairData:
    with store.reading() as session:
        row = session.get(MentorPair, pair_id)
        pair = PairData(row.mentor_id, row.mentee_id, row.start_date, row.planned_end_date, row.unit_id,
                        row.trade or "", row.goals or "", pair_id)
    return replace(pair, **changes)


def test_a_pair_is_put_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    pair_id = _pair(store, k)
    first = _first(store, "mentor_pair", pair_id)
    mentor.update_pair(store, _pair_data(store, pair_id, goals="半年内独立操作掘进机"), today=TODAY)
    history.restore(store, "mentor_pair", pair_id, first, today=TODAY)
    assert (mentor.get_pair(store, pair_id).goals or "") == ""


def test_a_mentor_who_has_left_since_is_not_put_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    pair_id = _pair(store, k)
    first = _first(store, "mentor_pair", pair_id)
    mentor.update_pair(store, _pair_data(store, pair_id, mentor_id=k.people["B"], unit_id=None), today=TODAY)
    change_membership(store, ChangeRequest(k.people["D"], MembershipState.TRANSFERRED_OUT, date(2026, 11, 1),
                                           to_unit_name="外单位党委"), today=TODAY)
    _refused(store, "mentor_pair", pair_id, first, "师傅")


def test_a_mentor_now_at_the_mentee_limit_is_not_put_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    mentor.set_mentee_limit(store, 1)
    pair_id = _pair(store, k)
    first = _first(store, "mentor_pair", pair_id)
    mentor.update_pair(store, _pair_data(store, pair_id, mentor_id=k.people["B"], unit_id=None), today=TODAY)
    mentor.create_pair(store, PairData(k.people["D"], k.people["C"], date(2026, 4, 1), date(2027, 4, 1)),
                       today=TODAY)
    # the form would ask before going over the limit; a put-back does not ask, it is refused with the same words
    _refused(store, "mentor_pair", pair_id, first, "刘洋", "上限")


def test_a_pair_closed_since_is_not_reopened(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    pair_id = _pair(store, k)
    mentor.update_pair(store, _pair_data(store, pair_id, goals="半年内独立操作掘进机"), today=TODAY)
    edited = _latest(store, "mentor_pair", pair_id)
    mentor.complete_pair(store, pair_id, date(2026, 11, 1), "考核合格，同意出师。", today=TODAY)
    _refused(store, "mentor_pair", pair_id, edited, "已出师", "不能再修改")


# -- honours ------------------------------------------------------------------------------------------------------
def _honour(store: Store, k: Known) -> str:
    return honors.save_honor(store, HonorData(
        title="优秀共产党员", category="优秀共产党员", level="集团级", award_date=date(2026, 7, 1),
        person_id=k.people["B"], awarding_body="焦煤集团党委"), today=TODAY)


def test_an_honour_is_put_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    honor_id = _honour(store, k)
    first = _first(store, "honor", honor_id)
    honors.save_honor(store, honors.get_honor(store, honor_id).with_changes(deeds="带领班组安全生产一千天"),
                      today=TODAY)
    history.restore(store, "honor", honor_id, first, today=TODAY)
    assert honors.get_honor(store, honor_id).deeds is None


def test_an_awarding_body_that_no_longer_fits_the_level_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    honor_id = _honour(store, k)
    first = _first(store, "honor", honor_id)
    honors.save_honor(store, honors.get_honor(store, honor_id).with_changes(awarding_body="中国煤炭工业协会"),
                      today=TODAY)
    _imported(store, Honor, honor_id, level="省部级")  # the association's name does not say a level
    _refused(store, "honor", honor_id, first, "焦煤集团党委", "集团级", "省部级")


# -- a 督导 整改 in the 13710 register ------------------------------------------------------------------------------
def test_a_supervision_finding_that_no_longer_matches_its_inspection_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    inspection_id = inspections.save_inspection(store, inspections.InspectionData(
        inspection_date=date(2026, 11, 10), team_id=_team(store, k), unit_id=k.b1, kind="三违",
        description="皮带巷积煤未及时清理", rectify=True, requirement="三日内清理积煤",
        deadline=date(2026, 11, 17)), today=TODAY)
    with store.reading() as session:
        task_id = session.scalar(select(SupervisionTask.id).where(SupervisionTask.inspection_id == inspection_id))
    first = _first(store, "supervision_task", task_id)
    inspections.save_inspection(store, replace(inspections.get_inspection(store, inspection_id),
                                               requirement="三日内清理积煤并冲洗巷道"), today=TODAY)
    assert supervision.get_task(store, task_id).content == "三日内清理积煤并冲洗巷道"
    _refused(store, "supervision_task", task_id, first, "督导检查")
