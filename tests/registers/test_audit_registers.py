"""`jiaomei check` on the 1+1+3 registers (services.audit_registers): each rule finds a problem planted past the
forms' checks (written straight into the store, as an older version, a careless import or a person leaving the roll
after the record was saved leaves it), and the known store, whose records the forms wrote, has none."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import (
    BranchBrand,
    ContestEntrant,
    ContestEvent,
    IdentityPost,
    IdentityPostMember,
    InnovationItem,
    InnovationStudio,
    InnovationStudioMember,
    Inspection,
    InspectionDuty,
    InspectionTeamMember,
    ResponsibilityZone,
    StandardAcceptance,
    StandardAssessment,
    StudySession,
    SupervisionTask,
    WorkerDeed,
)
from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.domain.registers import DeedState, InnovationKind
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import contests, deeds, innovation, posts, studios
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.audit import KINDS, audit_store
from jiaomei_desktop.services.audit_registers import REGISTER_KINDS
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.store import Store
from tests.registers.known import TODAY, Known

KnownStore = tuple[Store, Known]


def _found(store: Store) -> set[tuple[str, str]]:
    return {(p.kind, p.record_id) for p in audit_store(store, TODAY).problems}


def _register_kinds(store: Store) -> set[str]:
    return {kind for kind, _id in _found(store) if kind in REGISTER_KINDS}


def _set(store: Store, model: Any, row_id: str, **values: object) -> None:
    with store.transaction() as session:
        session.execute(update(model).where(model.id == row_id).values(**values))


def test_every_register_kind_is_labelled_and_the_known_store_is_clean(known: KnownStore) -> None:
    store, _k = known
    assert set(REGISTER_KINDS) <= set(KINDS)
    assert all(severity in ("错误", "提示") for _label, severity in REGISTER_KINDS.values())
    assert _register_kinds(store) == set()


# -- 亮明身份 -----------------------------------------------------------------------------------------------------
def _post(store: Store, k: Known, kind: PostKind = PostKind.MODEL, *people: str, **kw: object) -> str:
    members = tuple(posts.PostMemberData("", k.people[p], PostRole.MEMBER.value) for p in people or ("A",))
    data = posts.PostData(kind.value, "综采机组党员示范岗", k.b1, date(2025, 3, 1), members, **kw)  # type: ignore[arg-type]
    return posts.save_post(store, data)


def test_a_hung_post_whose_member_left_or_has_no_one(known: KnownStore) -> None:
    store, k = known
    post = _post(store, k, PostKind.MODEL, "A")
    empty = _post(store, k, PostKind.VANGUARD, "B")
    assert not _register_kinds(store)
    change_membership(
        store,
        ChangeRequest(k.people["A"], MembershipState.TRANSFERRED_OUT, date(2026, 5, 1), to_unit_name="外矿党委"),
        today=TODAY,
    )
    with store.transaction() as session:
        session.execute(update(IdentityPostMember).where(IdentityPostMember.post_id == empty).values(deleted=True))
    found = _found(store)
    assert ("post.member_left", post) in found
    assert ("post.no_member", empty) in found
    texts = [p.text for p in audit_store(store, TODAY).problems if p.kind == "post.member_left"]
    assert texts == ["综采一队党支部“综采机组党员示范岗”（党员示范岗）：王建国（已转出）"]
    # taken down with a date and reason: the people rules are for hung posts only
    _set(store, IdentityPost, post, delisted_on=date(2026, 5, 2), delist_reason="岗位调整")
    _set(store, IdentityPost, empty, delisted_on=date(2026, 5, 2), delist_reason="岗位调整")
    assert not {kind for kind in _register_kinds(store) if kind.startswith("post.")}  # 王建国's 责任区 is one


def test_a_non_member_on_a_members_post_and_a_team_without_members(known: KnownStore) -> None:
    store, k = known
    post = _post(store, k, PostKind.SAFETY, "A")
    team = _post(store, k, PostKind.COMMANDO, "A", "E")  # 孙强 is a worker: a 突击队 may take him
    assert not _register_kinds(store)
    with store.transaction() as session:
        session.execute(
            update(IdentityPostMember).where(IdentityPostMember.post_id == post).values(person_id=k.people["E"])
        )
        session.execute(
            update(IdentityPostMember)
            .where(IdentityPostMember.post_id == team, IdentityPostMember.person_id == k.people["A"])
            .values(person_id=None, name="临时工老赵")
        )
    found = _found(store)
    assert ("post.not_party_member", post) in found
    assert ("post.team_without_member", team) in found


@pytest.mark.parametrize(
    ("delisted_on", "reason"),
    [(None, "岗位撤销"), (date(2026, 1, 1), None), (date(2025, 2, 1), "岗位撤销")],
)
def test_a_delisting_needs_a_date_and_a_reason_after_the_listing(
    known: KnownStore, delisted_on: date | None, reason: str | None
) -> None:
    store, k = known
    post = _post(store, k)
    _set(store, IdentityPost, post, delisted_on=delisted_on, delist_reason=reason)
    assert ("post.delisting", post) in _found(store)


# -- 纪律作风督导 ---------------------------------------------------------------------------------------------------
def _team(store: Store, k: Known) -> str:
    members = (ins.TeamMemberData("王建国", k.people["A"], "组长"), ins.TeamMemberData("退休干部老赵", None, "成员"))
    return ins.save_team(store, ins.TeamData("党委第一督导组", k.root, date(2026, 1, 1), date(2026, 12, 31), members))


def _inspection(store: Store, k: Known, team: str, **kw: object) -> str:
    values: dict[str, object] = dict(
        inspection_date=date(2026, 11, 10),
        team_id=team,
        unit_id=k.b1,
        kind="三违",
        description="综采工作面一名职工未按规定佩戴自救器",
        place="3号综采工作面",
        rectify=True,
        requirement="班前会重申自救器佩戴规定",
        deadline=date(2026, 11, 17),
    )
    values.update(kw)
    return ins.save_inspection(store, ins.InspectionData(**values), today=TODAY)  # type: ignore[arg-type]


def _task_of(store: Store, inspection: str) -> str:
    with store.reading() as session:
        return session.scalars(select(SupervisionTask.id).where(SupervisionTask.inspection_id == inspection)).one()


def test_an_inspection_in_the_future_before_its_team_or_outside_its_unit(known: KnownStore) -> None:
    store, k = known
    team = _team(store, k)
    future, early = (_inspection(store, k, team, description=f"记录{n}") for n in range(2))
    branch_team = ins.save_team(
        store,
        ins.TeamData(
            "一队督导小组",
            k.b1,
            date(2026, 1, 1),
            date(2026, 12, 31),
            (ins.TeamMemberData("李明", k.people["B"], "组长"),),
        ),
    )
    outside = _inspection(store, k, branch_team)
    assert not _register_kinds(store)
    _set(store, Inspection, future, inspection_date=TODAY + timedelta(days=3))
    _set(store, Inspection, early, inspection_date=date(2025, 12, 20))  # the team was set up on 2026-01-01
    _set(store, Inspection, outside, unit_id=k.b2)  # not under 综采一队, which set the team up
    found = _found(store)
    assert ("inspection.future", future) in found
    assert ("inspection.outside_team_period", early) in found
    assert ("inspection.unit_outside_team", outside) in found


def test_a_rectification_deadline_before_the_inspection_or_missing(known: KnownStore) -> None:
    store, k = known
    team = _team(store, k)
    early, lost, done = (_inspection(store, k, team, description=f"记录{n}") for n in range(3))
    _set(store, SupervisionTask, _task_of(store, early), deadline=date(2026, 11, 1))
    _set(store, SupervisionTask, _task_of(store, lost), deleted=True)
    _set(store, SupervisionTask, _task_of(store, done), done_date=date(2026, 11, 12), confirmed_by=None)
    found = _found(store)
    assert ("inspection.deadline_before", early) in found
    assert ("inspection.rectify_without_task", lost) in found
    assert ("inspection.completion", done) in found
    nothing = _inspection(store, k, team, kind="未发现问题", description="未发现问题", rectify=False)
    _set(store, Inspection, nothing, rectify=True)
    assert ("inspection.rectify_nothing_found", nothing) in _found(store)


def test_a_team_and_its_duty_roster(known: KnownStore) -> None:
    store, k = known
    team = _team(store, k)
    duty = ins.save_duty(store, ins.DutyData(team, date(2026, 3, 2), "王建国", "李明"))
    assert not _register_kinds(store)
    _set(store, InspectionDuty, duty, duty_date=date(2027, 1, 5), member_name="外人")
    with store.transaction() as session:
        session.execute(update(InspectionTeamMember).where(InspectionTeamMember.team_id == team).values(role="组长"))
    found = _found(store)
    assert {("inspection_duty.outside_period", duty), ("inspection_duty.not_member", duty)} <= found
    assert ("inspection_team.members", team) in found


# -- 13710 督办 -------------------------------------------------------------------------------------------------
def _task(store: Store, k: Known, **kw: object) -> str:
    values: dict[str, object] = dict(
        title="落实井口安全设施整改", unit_id=k.b1, start_date=date(2026, 11, 2), tier_days=7
    )
    values.update(kw)
    return sv.save_task(store, sv.TaskData(**values), today=TODAY)  # type: ignore[arg-type]


def test_an_open_task_whose_deadline_lies_past_its_tier_is_pointed_at(known: KnownStore) -> None:
    store, k = known
    task = _task(store, k)
    assert not _register_kinds(store)  # 2026-11-09, overdue on the 23rd: listed as overdue, not a data problem
    _set(store, SupervisionTask, task, deadline=date(2027, 3, 1))  # past its 7 days, yet never shown as overdue
    assert ("task.deadline_past_tier", task) in _found(store)
    assert REGISTER_KINDS["task.deadline_past_tier"][1] == "提示"
    _set(store, SupervisionTask, task, done_date=date(2026, 11, 20), confirmed_by="张书记")
    assert "task.deadline_past_tier" not in _register_kinds(store)  # done: nothing hidden


def test_a_task_deadline_before_its_start_a_bad_completion_or_a_later_meeting(known: KnownStore) -> None:
    store, k = known
    before, done, future = _task(store, k), _task(store, k, title="二"), _task(store, k, title="三")
    _set(store, SupervisionTask, before, deadline=date(2026, 10, 30))
    _set(store, SupervisionTask, done, done_date=date(2026, 10, 1), confirmed_by="张书记")
    _set(store, SupervisionTask, future, start_date=TODAY + timedelta(days=1), deadline=TODAY + timedelta(days=8))
    found = _found(store)
    assert ("task.deadline_before_start", before) in found
    assert ("task.completion", done) in found
    assert ("task.start", future) in found


def test_a_task_decided_at_a_meeting_held_after_it_or_deleted(known: KnownStore) -> None:
    store, k = known
    with store.reading() as session:
        meeting, day = session.execute(
            select(StudySession.id, StudySession.session_date).where(StudySession.deleted.is_(False)).limit(1)
        ).one()
    task = _task(store, k, start_date=day, session_id=meeting)
    assert not _register_kinds(store)
    _set(store, StudySession, meeting, session_date=day + timedelta(days=2))
    assert ("task.meeting", task) in _found(store)
    _set(store, StudySession, meeting, session_date=day, deleted=True)
    text = next(p.text for p in audit_store(store, TODAY).problems if p.kind == "task.meeting")
    assert text.endswith("：会议日期已删除")


# -- 技术比武 ----------------------------------------------------------------------------------------------------
def _event(store: Store, k: Known, **kw: object) -> str:
    values: dict[str, object] = dict(
        name="2026年采煤机司机技术比武",
        event_date=date(2026, 9, 20),
        trade="采煤机司机",
        level="集团",
        organiser="焦煤集团工会",
        unit_id=k.root,
    )
    values.update(kw)
    event = contests.save_event(store, contests.EventData(**values), today=TODAY)  # type: ignore[arg-type]
    contests.save_entrants(
        store,
        event,
        [
            EntrantData("王建国", k.b1, k.people["A"], 95.5, 1),
            EntrantData("吴刚", k.b2, k.people["H"], 91.0, 2),
            EntrantData("陈静", k.b2, k.people["F"], 70.0, None),
        ],
        today=TODAY,
    )
    return event


def _entrants(store: Store, event: str) -> dict[str, str]:
    with store.reading() as session:
        rows = session.execute(
            select(ContestEntrant.name, ContestEntrant.id).where(ContestEntrant.event_id == event)
        ).all()
    return dict(rows)  # type: ignore[arg-type]


def test_a_placing_without_an_entrant_and_duplicate_placings(known: KnownStore) -> None:
    store, k = known
    event = _event(store, k)
    contests.grant_honours(store, event, today=TODAY)
    assert not _register_kinds(store)
    ids = _entrants(store, event)
    with store.transaction() as session:
        session.execute(update(ContestEntrant).where(ContestEntrant.id == ids["吴刚"]).values(placing=1))
        session.execute(
            update(ContestEntrant).where(ContestEntrant.id == ids["陈静"]).values(name="", person_id=None, placing=3)
        )
    found = _found(store)
    assert ("contest.duplicate_placing", event) in found
    assert ("contest.placing_without_entrant", ids["陈静"]) in found
    text = next(p.text for p in audit_store(store, TODAY).problems if p.kind == "contest.duplicate_placing")
    assert text == "“2026年采煤机司机技术比武”（2026-09-20）：第1名有2人（王建国、吴刚）"
    _set(store, ContestEvent, event, ties_allowed=True)
    assert ("contest.duplicate_placing", event) not in _found(store)  # 并列名次 allowed


def test_a_contest_scored_before_it_took_place_twice_entered_or_honouring_a_loser(known: KnownStore) -> None:
    store, k = known
    event = _event(store, k)
    contests.grant_honours(store, event, today=TODAY)
    ids = _entrants(store, event)
    with store.transaction() as session:
        session.execute(update(ContestEntrant).where(ContestEntrant.id == ids["王建国"]).values(placing=9))
        session.execute(
            update(ContestEntrant).where(ContestEntrant.id == ids["陈静"]).values(person_id=k.people["H"], score=101)
        )
    found = _found(store)
    assert ("contest.honour_not_winner", ids["王建国"]) in found
    assert ("contest.duplicate_entrant", event) in found
    assert ("contest.score", ids["陈静"]) in found
    with store.transaction() as session:
        session.execute(
            update(ContestEvent).where(ContestEvent.id == event).values(event_date=TODAY + timedelta(days=10))
        )
    assert ("contest.result_before_event", ids["吴刚"]) in _found(store)


# -- 创新工作室 --------------------------------------------------------------------------------------------------
def _studio(store: Store, k: Known, **kw: object) -> str:
    values: dict[str, object] = dict(
        name="陈静劳模创新工作室",
        kind=StudioKind.MODEL_WORKER.value,
        level=StudioLevel.GROUP.value,
        unit_id=k.b2,
        founded_on=date(2021, 5, 1),
        members=(k.people["F"], k.people["G"]),
        leader_id=k.people["F"],
    )
    values.update(kw)
    return studios.save_studio(store, studios.StudioData(**values), today=TODAY)  # type: ignore[arg-type]


def test_a_studio_whose_leader_is_not_on_its_team(known: KnownStore) -> None:
    store, k = known
    studio = _studio(store, k)
    assert not _register_kinds(store)
    with store.transaction() as session:
        session.execute(
            update(InnovationStudioMember)
            .where(InnovationStudioMember.studio_id == studio, InnovationStudioMember.person_id == k.people["F"])
            .values(deleted=True)
        )
    assert ("studio.leader_not_member", studio) in _found(store)


def test_a_closed_studio_still_listing_output_after_it_closed(known: KnownStore) -> None:
    store, k = known
    studio = _studio(store, k)
    item = innovation.save_item(
        store,
        innovation.InnovationData(InnovationKind.MASS_RESULT.value, "锚杆托盘改进", k.b2, 2024, studio_id=studio),
        today=TODAY,
    )
    studios.save_studio(
        store,
        replace(studios.get_studio(store, studio), closed_on=date(2024, 12, 31), close_reason="领衔人调离"),
        today=TODAY,
    )
    assert not _register_kinds(store)
    _set(store, InnovationItem, item, year=2026)
    assert ("studio.output_after_close", studio) in _found(store)
    _set(store, InnovationItem, item, year=2019)
    assert ("studio.output_before_founding", studio) in _found(store)
    _set(store, InnovationStudio, studio, close_reason=None)
    assert ("studio.dates", studio) in _found(store)
    _set(store, InnovationStudio, studio, alliance="河南省劳模创新工作室联盟")
    assert ("studio.alliance", studio) in _found(store)


def test_studio_output_of_another_kind_or_another_mine(known: KnownStore) -> None:
    store, k = known
    studio = _studio(store, k)
    item = innovation.save_item(
        store,
        innovation.InnovationData(InnovationKind.MASS_RESULT.value, "锚杆托盘改进", k.b2, 2024, studio_id=studio),
        today=TODAY,
    )
    _set(store, InnovationItem, item, kind=InnovationKind.REFORM_TASK.value)
    assert ("innovation.studio_output", item) in _found(store)
    # 综采一队 is neither above nor below 掘进二队, which keeps the studio
    _set(store, InnovationItem, item, kind=InnovationKind.MASS_RESULT.value, unit_id=k.b1)
    assert ("innovation.studio_output", item) in _found(store)


# -- 标准化建设 --------------------------------------------------------------------------------------------------
def _assessment(store: Store, k: Known) -> str:
    scores = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}
    return st.save_assessment(store, st.AssessmentData(k.b1, 2025, date(2025, 12, 20), scores), today=TODAY)


def test_an_acceptance_below_its_line_before_or_without_its_self_assessment(known: KnownStore) -> None:
    store, k = known
    assessment = _assessment(store, k)
    acceptance = st.save_acceptance(
        store, st.AcceptanceData(assessment, k.root, Result.FAILED.value, date(2026, 1, 15), "张书记"), today=TODAY
    )
    assert not _register_kinds(store)
    _set(store, StandardAcceptance, acceptance, result=Result.MODEL.value, accepted_on=date(2025, 12, 1))
    found = _found(store)
    assert ("standard.below_line", acceptance) in found  # 62.5 points: the system items mostly unmet
    assert ("standard.acceptance_before_assessment", acceptance) in found
    _set(store, StandardAcceptance, acceptance, unit_id=k.b2)
    assert ("standard.acceptor_not_above", acceptance) in _found(store)
    _set(store, StandardAssessment, assessment, deleted=True)
    assert ("standard.acceptance_without_assessment", acceptance) in _found(store)


def test_stored_kinds_and_results_read_in_the_output_language(known: KnownStore) -> None:
    """English `jiaomei check` put the stored Chinese post kind and acceptance result into English sentences
    (“… (党员示范岗): …”, “accepted as 示范”); they now go through the vocabulary's translation."""
    from jiaomei_desktop import i18n

    store, k = known
    post = _post(store, k, PostKind.MODEL, "A")
    assessment = _assessment(store, k)
    acceptance = st.save_acceptance(
        store, st.AcceptanceData(assessment, k.root, Result.FAILED.value, date(2026, 1, 15), "张书记"), today=TODAY
    )
    _set(store, StandardAcceptance, acceptance, result=Result.MODEL.value)
    _set(store, IdentityPost, post, delisted_on=date(2026, 5, 2))  # a date without a reason
    i18n.install("en")
    try:
        texts = {p.kind: p.text for p in audit_store(store, TODAY).problems}
        model, kind = i18n._(Result.MODEL.value), i18n._(PostKind.MODEL.value)
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
    assert kind != PostKind.MODEL.value and model != Result.MODEL.value  # the catalogue has both
    post_text = next(t for kind_, t in texts.items() if kind_.startswith("post."))
    assert f"({kind})" in post_text and "（" not in post_text, post_text
    assert model in texts["standard.below_line"] and Result.MODEL.value not in texts["standard.below_line"]


def test_a_self_assessment_whose_total_is_not_its_scores(known: KnownStore) -> None:
    store, k = known
    assessment = _assessment(store, k)
    _set(store, StandardAssessment, assessment, total=99.0)
    assert ("standard.total", assessment) in _found(store)


# -- 责任区, 办实事, 品牌 and rows entered twice ----------------------------------------------------------------------
def test_the_older_registers(known: KnownStore) -> None:
    store, k = known
    with store.reading() as session:
        zone = session.scalars(select(ResponsibilityZone.id).where(ResponsibilityZone.person_id == k.people["A"])).one()
        brand = session.scalars(select(BranchBrand.id).where(BranchBrand.unit_id == k.b1)).one()
    deed = deeds.save_deed(
        store,
        deeds.DeedData(item="春节慰问", unit_id=k.b1, deed_date=date(2026, 1, 20), state=DeedState.DONE.value),
        today=TODAY,
    )
    change_membership(
        store,
        ChangeRequest(k.people["A"], MembershipState.TRANSFERRED_OUT, date(2026, 5, 1), to_unit_name="外矿党委"),
        today=TODAY,
    )
    _set(store, WorkerDeed, deed, deed_date=TODAY + timedelta(days=30))
    _set(store, BranchBrand, brand, unit_id=k.root)
    found = _found(store)
    assert {("zone.holder", zone), ("deed.done_in_future", deed), ("brand.not_branch", brand)} <= found
    # ended before the holder left: nothing to clear
    _set(store, ResponsibilityZone, zone, end_date=date(2026, 4, 30))
    assert ("zone.holder", zone) not in _found(store)
    _set(store, ResponsibilityZone, zone, start_date=date(2026, 6, 1))
    assert ("zone.dates", zone) in _found(store)


def test_a_register_row_entered_twice(known: KnownStore) -> None:
    store, k = known
    post, twin = _post(store, k), new_id()
    with store.transaction() as session:
        row = session.get(IdentityPost, post)
        assert row is not None
        copy = {c.name: getattr(row, c.name) for c in IdentityPost.__table__.columns}
        session.execute(insert(IdentityPost), [{**copy, "id": twin}])
    problems = [p for p in audit_store(store, TODAY).problems if p.kind == "register.duplicate"]
    assert [p.text for p in problems] == ["【亮明身份】综采机组党员示范岗：登记了2次"]
    assert problems[0].record_id == max(post, twin)  # the same row every run
    _set(store, IdentityPost, twin, listed_on=date(2025, 3, 2))  # hung again the next day: another record
    assert "register.duplicate" not in _register_kinds(store)


def test_the_command_lists_register_problems_with_their_labels(known: KnownStore, capsys: Any) -> None:
    from jiaomei_desktop.cli.main import main

    store, k = known
    post = _post(store, k)
    _set(store, IdentityPost, post, delisted_on=date(2026, 1, 1), delist_reason=None)
    assert main(["check", "--data-dir", str(store.data_dir), "--as-of", TODAY.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by_kind"]["post.delisting"] == {
        "label": "摘牌没有日期或原因，或早于挂牌",
        "severity": "错误",
        "count": 1,
        "planted": 0,
    }
    assert [i["text"] for i in data["items"] if i["kind"] == "post.delisting"] == [
        "综采一队党支部“综采机组党员示范岗”（党员示范岗）：摘牌日期2026-01-01，原因“未填写”"
    ]


def test_the_audit_spells_out_the_registers_constants_it_does_not_import() -> None:
    """services.audit_registers avoids importing services.standards and services.supervision (openpyxl and the
    statistics would load into every `jiaomei check`): their constants must stay equal."""
    from jiaomei_desktop.services.audit_registers import standards as audit_standards
    from jiaomei_desktop.services.audit_registers import tasks as audit_tasks

    assert audit_standards.CHECKLIST_SETTING == st.CHECKLIST_SETTING
    assert audit_tasks.TIER_MAX_DAYS == sv.TIER_MAX_DAYS
