"""Creating, editing and closing pairs; every refusal writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import MentorLog, MentorPair, Person
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.mentor import LogData, NewWorker
from jiaomei_desktop.services import mentor, roster
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.mentor import MenteeLimitExceeded
from jiaomei_desktop.services.store import Store
from tests.helpers import make_id_number
from tests.mentor.conftest import TODAY, People, make_pair, pair_of


def _counts(store: Store) -> tuple[int, int, int]:
    with store.reading() as s:
        return (s.scalar(select(func.count()).select_from(MentorPair)) or 0,
                s.scalar(select(func.count()).select_from(MentorLog)) or 0,
                s.scalar(select(func.count()).select_from(Person)) or 0)


def test_create_pair_with_existing_mentee(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    detail = mentor.get_pair(store, pair_id, TODAY)
    assert detail.row.mentor_name == "王建国"
    assert detail.row.mentee_name == "孙小兵"
    assert detail.row.unit_id == people.t01  # the mentor's branch by default
    assert detail.row.state == "进行中"
    assert detail.goals == "独立操作采煤机"
    assert detail.version == 1
    with store.reading() as s:
        assert s.get(MentorPair, pair_id).owner_unit_id == people.root


def test_probationary_member_may_mentor(store: Store, people: People) -> None:
    make_pair(store, people.li, people.sun)


def test_create_pair_with_new_worker(store: Store, people: People) -> None:
    worker = NewWorker(name="刘 新来", post="掘进班组", trade="掘进机司机",
                       id_number=make_id_number(date(2003, 5, 6), sequence=40))
    pair_id = mentor.create_pair(store, pair_of(people.wang, None), new_worker=worker, today=TODAY)
    detail = mentor.get_pair(store, pair_id, TODAY)
    assert detail.row.mentee_name == "刘新来"
    person = roster.get_person(store, detail.row.mentee_id)
    assert person.political_status.value == "群众"
    assert person.branch_id == people.t01
    assert person.trade == "掘进机司机" and person.post == "掘进班组"
    assert person.birth_date == date(2003, 5, 6)  # filled from the ID number, as the roster does


def test_new_worker_without_id_number(store: Store, people: People) -> None:
    pair_id = mentor.create_pair(store, pair_of(people.wang, None), new_worker=NewWorker("马小跳"), today=TODAY)
    assert mentor.get_pair(store, pair_id).row.mentee_name == "马小跳"


@pytest.mark.parametrize(("worker", "field", "text"), [
    (NewWorker(""), "worker_name", "请填写姓名"),
    (NewWorker("张三", id_number="410802200305060011"), "worker_id_number", ""),
    (NewWorker("张3"), "worker_name", "数字"),
])
def test_bad_new_worker_refused_and_nothing_saved(store: Store, people: People, worker: NewWorker, field: str,
                                                  text: str) -> None:
    before = _counts(store)
    with pytest.raises(ValidationFailed) as info:
        mentor.create_pair(store, pair_of(people.wang, None), new_worker=worker, today=TODAY)
    assert field in info.value.errors
    assert text in info.value.errors[field]
    assert _counts(store) == before


def test_new_worker_with_duplicate_id_number_names_the_holder(store: Store, people: People) -> None:
    taken = roster.get_person(store, people.sun).id_number
    before = _counts(store)
    with pytest.raises(ValidationFailed) as info:
        mentor.create_pair(store, pair_of(people.wang, None), new_worker=NewWorker("重号", id_number=taken or ""),
                           today=TODAY)
    assert "孙小兵" in info.value.errors["worker_id_number"]
    assert _counts(store) == before


def test_pair_error_with_new_worker_saves_neither(store: Store, people: People) -> None:
    """A bad pair must not leave the new worker behind in the roster."""
    before = _counts(store)
    with pytest.raises(ValidationFailed) as info:
        mentor.create_pair(store, pair_of(people.wang, None, end=date(2026, 1, 1)), new_worker=NewWorker("新人甲"),
                           today=TODAY)
    assert info.value.errors == {"planned_end_date": "计划出师日期应晚于开始日期"}
    assert str(info.value) == "计划出师日期：计划出师日期应晚于开始日期"
    assert _counts(store) == before


def test_mentor_who_is_the_mentee_refused(store: Store, people: People) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, people.wang)
    assert info.value.errors["mentee_id"] == "师傅和徒弟不能是同一个人"
    assert _counts(store)[0] == 0


def test_non_member_mentor_refused(store: Store, people: People) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.chen, people.sun)
    assert info.value.errors["mentor_id"] == "师傅须为正式党员或预备党员，该同志是群众"
    with pytest.raises(ValidationFailed):
        make_pair(store, people.zhou, people.sun)
    assert _counts(store)[0] == 0


def test_transferred_out_mentor_refused(store: Store, people: People) -> None:
    change_membership(store, ChangeRequest(people.wang, MembershipState.TRANSFERRED_OUT, date(2026, 10, 1),
                                           to_unit_name="外单位"), today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, people.sun)
    assert info.value.errors["mentor_id"] == "师傅须为在册党员，该同志当前为“转出”"
    assert _counts(store)[0] == 0


def test_mentor_must_belong_to_the_unit(store: Store, people: People) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.zhao, people.sun, unit_id=people.t01)
    assert info.value.errors["mentor_id"] == "师傅须为综采一队党支部的党员"
    # a committee-level pair may take a mentor from any of its branches
    pair_id = make_pair(store, people.zhao, people.sun, unit_id=people.root)
    assert mentor.get_pair(store, pair_id).row.unit_name == "测试矿党委"


def test_missing_or_unknown_people_refused(store: Store, people: People) -> None:
    with pytest.raises(ValidationFailed) as info:
        mentor.create_pair(store, pair_of(people.wang, None), today=TODAY)
    assert info.value.errors["mentee_id"] == "请选择徒弟，或新增一名职工"
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, "no-such-id", people.sun)
    assert info.value.errors["mentor_id"] == "所选师傅不存在或已删除"
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, "no-such-id")
    assert info.value.errors["mentee_id"] == "所选徒弟不存在或已删除"


def test_left_mentee_refused(store: Store, people: People) -> None:
    change_membership(store, ChangeRequest(people.sun, MembershipState.TRANSFERRED_OUT, date(2026, 10, 1),
                                           to_unit_name="外单位"), today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, people.sun)
    assert "在册" in info.value.errors["mentee_id"]


def test_duplicate_active_pair_refused(store: Store, people: People) -> None:
    make_pair(store, people.wang, people.sun)
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, people.sun)
    assert info.value.errors["mentee_id"] == "孙小兵已与这位师傅结对（进行中）"


def test_end_before_start_refused(store: Store, people: People) -> None:
    with pytest.raises(ValidationFailed) as info:
        make_pair(store, people.wang, people.sun, start=date(2026, 5, 1), end=date(2026, 4, 1))
    assert info.value.errors["planned_end_date"] == "计划出师日期应晚于开始日期"
    assert _counts(store)[0] == 0


def test_mentee_limit_warns_and_can_be_overridden(store: Store, people: People) -> None:
    mentor.set_mentee_limit(store, 2)
    make_pair(store, people.wang, people.sun)
    make_pair(store, people.wang, people.zhou)
    load = mentor.mentee_load(store, people.wang)
    assert (load.active, load.limit, load.over_limit) == (2, 2, True)
    with pytest.raises(MenteeLimitExceeded) as info:
        make_pair(store, people.wang, people.chen)
    assert str(info.value) == "师傅王建国已带2名徒弟（进行中），再结对将超过每人2名的上限"
    assert _counts(store)[0] == 2
    mentor.create_pair(store, pair_of(people.wang, people.chen), today=TODAY, allow_over_limit=True)
    assert _counts(store)[0] == 3


def test_mentee_limit_counts_only_active_pairs(store: Store, people: People) -> None:
    mentor.set_mentee_limit(store, 1)
    first = make_pair(store, people.wang, people.sun)
    mentor.complete_pair(store, first, date(2026, 11, 1), "考核合格", today=TODAY)
    make_pair(store, people.wang, people.zhou)  # the finished pair no longer counts


def test_default_limit_and_bad_setting(store: Store, people: People) -> None:
    assert mentor.mentee_limit(store) == 3
    with pytest.raises(ValidationFailed):
        mentor.set_mentee_limit(store, 0)


def test_complete_and_terminate(store: Store, people: People) -> None:
    done = make_pair(store, people.wang, people.sun)
    mentor.complete_pair(store, done, date(2026, 11, 20), "能独立操作，考核优秀", today=TODAY)
    detail = mentor.get_pair(store, done, TODAY)
    assert (detail.row.state, detail.row.end_date, detail.final_evaluation) == (
        "已出师", date(2026, 11, 20), "能独立操作，考核优秀")
    assert detail.version == 2
    stopped = make_pair(store, people.li, people.zhou)
    mentor.terminate_pair(store, stopped, date(2026, 10, 1), "徒弟调岗", today=TODAY)
    detail = mentor.get_pair(store, stopped, TODAY)
    assert (detail.row.state, detail.end_reason) == ("终止", "徒弟调岗")


def test_closed_pair_cannot_move_again(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.terminate_pair(store, pair_id, date(2026, 10, 1), "调岗", today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        mentor.complete_pair(store, pair_id, date(2026, 11, 1), "合格", today=TODAY)
    assert info.value.errors["state"] == "该结对已经“终止”，不能再出师"
    assert mentor.get_pair(store, pair_id).row.state == "终止"


def test_transition_needs_text_and_sane_date(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.add_log(store, LogData(pair_id, date(2026, 6, 1), "讲解规程", 2.0), today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        mentor.complete_pair(store, pair_id, date(2026, 11, 1), "", today=TODAY)
    assert info.value.errors == {"final_evaluation": "请填写出师评价"}
    with pytest.raises(ValidationFailed) as info:
        mentor.complete_pair(store, pair_id, date(2026, 5, 1), "合格", today=TODAY)
    assert "最后一次辅导记录（2026-06-01）" in info.value.errors["end_date"]
    with pytest.raises(ValidationFailed):
        mentor.terminate_pair(store, pair_id, date(2026, 12, 1), "调岗", today=TODAY)
    detail = mentor.get_pair(store, pair_id)
    assert (detail.row.state, detail.version) == ("进行中", 1)


def test_update_pair(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    data = replace(pair_of(people.wang, people.sun, trade="液压支架工", goals="新目标"), id=pair_id)
    mentor.update_pair(store, data, today=TODAY)
    detail = mentor.get_pair(store, pair_id)
    assert (detail.row.trade, detail.goals, detail.version) == ("液压支架工", "新目标", 2)


def test_update_cannot_move_start_after_first_log(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.add_log(store, LogData(pair_id, date(2026, 4, 1), "讲解规程", 2.0), today=TODAY)
    data = replace(pair_of(people.wang, people.sun, start=date(2026, 5, 1)), id=pair_id)
    with pytest.raises(ValidationFailed) as info:
        mentor.update_pair(store, data, today=TODAY)
    assert info.value.errors["start_date"] == "开始日期不能晚于第一次辅导记录（2026-04-01）"
    assert mentor.get_pair(store, pair_id).row.start_date == date(2026, 3, 1)


def test_update_closed_pair_refused(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.complete_pair(store, pair_id, date(2026, 11, 1), "合格", today=TODAY)
    with pytest.raises(ValidationFailed) as info:
        mentor.update_pair(store, replace(pair_of(people.wang, people.sun), id=pair_id), today=TODAY)
    assert "不能再修改" in info.value.errors["state"]


def test_update_pair_of_mentor_who_left_keeps_the_mentor(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    change_membership(store, ChangeRequest(people.wang, MembershipState.TRANSFERRED_OUT, date(2026, 10, 1),
                                           to_unit_name="外单位"), today=TODAY)
    mentor.update_pair(store, replace(pair_of(people.wang, people.sun, goals="改"), id=pair_id), today=TODAY)
    assert mentor.get_pair(store, pair_id).goals == "改"
    with pytest.raises(ValidationFailed):  # but a left member cannot be chosen as a new mentor
        mentor.update_pair(store, replace(pair_of(people.wang, people.zhou), id=pair_id, mentor_id=people.chen),
                           today=TODAY)


def test_delete_pair_tombstones_pair_and_logs(store: Store, people: People) -> None:
    pair_id = make_pair(store, people.wang, people.sun)
    mentor.add_log(store, LogData(pair_id, date(2026, 4, 1), "讲解规程", 2.0), today=TODAY)
    mentor.delete_pair(store, pair_id)
    with pytest.raises(NotFoundError):
        mentor.get_pair(store, pair_id)
    with store.reading() as s:
        assert s.get(MentorPair, pair_id).deleted
        assert all(log.deleted for log in s.scalars(select(MentorLog)))
    assert mentor.find_ids(store, mentor.PairQuery(today=TODAY)) == []
