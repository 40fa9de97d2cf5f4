"""A member who leaves (转出, 出党, 去世) and the roles she still holds (services.leaving, issue 19): each kind is listed
with the obvious handling ticked, the ticked ones are written with the change or nothing is, and `jiaomei check`
then reports nothing new."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update

from jiaomei_desktop.db.models import (
    IdentityPost,
    IdentityPostMember,
    InnovationStudioMember,
    InspectionDuty,
    InspectionTeamMember,
    MembershipChange,
    MentorPair,
    ResponsibilityZone,
    SupervisionTask,
)
from jiaomei_desktop.domain.enums import ExitKind, MembershipState
from jiaomei_desktop.domain.mentor import LogData
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import history, leaving, mentor, posts, roster, studios, zones
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.audit import audit_store
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.leaving import Kind
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.store import Store
from tests.registers.known import TODAY, Known

KnownStore = tuple[Store, Known]
DAY = date(2026, 11, 20)


def _post(store: Store, k: Known, kind: PostKind, name: str, *people: tuple[str | None, str]) -> str:
    """people: (known key or None for a typed-in worker, role)."""
    members = tuple(
        posts.PostMemberData("" if key else "张师傅", k.people[key] if key else None, role) for key, role in people
    )
    return posts.save_post(store, posts.PostData(kind.value, name, k.b1, date(2025, 3, 1), members))


def _roles_of_a(store: Store, k: Known) -> dict[str, str]:
    """王建国 (A) holds one of each kind beside the known store's 责任区 and pair (A mentors E)."""
    made = {
        "alone": _post(store, k, PostKind.MODEL, "综采机组党员示范岗", ("A", PostRole.LEAD.value)),
        "shared": _post(store, k, PostKind.MODEL, "检修班党员先锋岗", ("A", PostRole.LEAD.value),
                        ("B", PostRole.MEMBER.value)),
        "commando": _post(store, k, PostKind.COMMANDO, "抢险党员突击队", ("A", PostRole.LEAD.value),
                          (None, PostRole.MEMBER.value)),
        "team": ins.save_team(store, ins.TeamData("党委第一督导组", k.root, date(2026, 1, 1), date(2026, 12, 31), (
            ins.TeamMemberData("王建国", k.people["A"], "组长"), ins.TeamMemberData("退休干部老赵", None, "成员")))),
        "studio": studios.save_studio(store, studios.StudioData(
            name="陈静劳模创新工作室", kind=StudioKind.MODEL_WORKER.value, level=StudioLevel.GROUP.value, unit_id=k.b1,
            founded_on=date(2021, 5, 1), members=(k.people["F"], k.people["A"]), leader_id=k.people["F"]), today=TODAY),
        "led": studios.save_studio(store, studios.StudioData(
            name="王建国职工创新工作室", kind=StudioKind.WORKER.value, level=StudioLevel.MINE.value, unit_id=k.b1,
            founded_on=date(2022, 5, 1), members=(k.people["A"], k.people["B"]), leader_id=k.people["A"]),
            today=TODAY),
        "task": sv.save_task(store, sv.TaskData(title="落实井口安全设施整改", unit_id=k.b1, start_date=date(2026, 11, 2),
                                                tier_days=7, person_name="王建国"), today=TODAY),
    }
    return made


def _lines(store: Store, request: ChangeRequest) -> dict[tuple[Kind, str], leaving.Holding]:
    return {(h.kind, h.record): h for h in leaving.holdings(store, request)}


def _leave(k: Known, **kw: object) -> ChangeRequest:
    values: dict[str, object] = dict(person_id=k.people["A"], new_state=MembershipState.DECEASED, change_date=DAY,
                                     reason="因病")
    values.update(kw)
    return ChangeRequest(**values)  # type: ignore[arg-type]


def _count(store: Store, model: type, *where: object) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))  # type: ignore[no-any-return]


def test_every_role_she_holds_is_listed_with_the_obvious_handling_ticked(known: KnownStore) -> None:
    store, k = known
    _roles_of_a(store, k)
    lines = leaving.holdings(store, _leave(k))
    by_kind = {kind: [h for h in lines if h.kind is kind] for kind in Kind}
    (zone,) = by_kind[Kind.ZONE]
    assert zone.ticked and "2026-11-19" in zone.action  # the day before: she is off the roll on the change's day
    assert len(by_kind[Kind.POST]) == 3 and all(h.ticked for h in by_kind[Kind.POST])
    delists = {h.record: h for h in by_kind[Kind.DELIST]}
    assert set(delists) == {"综采一队党支部“综采机组党员示范岗”（党员示范岗）", "综采一队党支部“抢险党员突击队”（党员突击队）"}
    assert all(h.ticked and h.reason == "王建国去世，岗位暂无人员" for h in delists.values())
    (pair,) = by_kind[Kind.PAIR]
    assert pair.ticked and pair.role == "师傅" and "原因“去世”" in pair.action
    (team,) = by_kind[Kind.TEAM]
    assert team.ticked and "组长" in team.note
    studio_lines = {h.record: h for h in by_kind[Kind.STUDIO]}
    assert studio_lines["“陈静劳模创新工作室”"].ticked
    led = studio_lines["“王建国职工创新工作室”"]
    assert not led.offered and not led.ticked and "另选领衔人" in led.note
    (task,) = by_kind[Kind.TASK]
    assert task.ticked and task.action == "清空责任人，待重新指定"
    assert leaving.holdings(store, _leave(k, new_state=MembershipState.ACTIVE)) == []


def test_applying_the_defaults_leaves_nothing_for_the_check_to_report(known: KnownStore) -> None:
    store, k = known
    made = _roles_of_a(store, k)
    before = {(p.kind, p.record_id) for p in audit_store(store, TODAY).real}
    request = _leave(k)
    ticked = tuple(h.key for h in leaving.holdings(store, request) if h.ticked)
    change_membership(store, _leave(k, follow=ticked), today=TODAY)
    after = {(p.kind, p.record_id) for p in audit_store(store, TODAY).real}
    assert after <= before
    with store.reading() as session:
        zone = session.scalars(select(ResponsibilityZone).where(ResponsibilityZone.person_id == k.people["A"])).one()
        assert zone.end_date == date(2026, 11, 19)
        alone = session.get(IdentityPost, made["alone"])
        assert (alone.delisted_on, alone.delist_reason) == (DAY, "王建国去世，岗位暂无人员")
        assert session.get(IdentityPost, made["shared"]).delisted_on is None  # 李明 stays on it
        pair = session.scalars(select(MentorPair).where(MentorPair.mentor_id == k.people["A"],
                                                        MentorPair.state != "已出师")).one()
        assert (pair.state, pair.end_date, pair.end_reason) == ("终止", DAY, "去世")
        assert session.get(SupervisionTask, made["task"]).person_name is None
    live = (IdentityPostMember.person_id == k.people["A"], IdentityPostMember.deleted.is_(False))
    assert _count(store, IdentityPostMember, *live) == 0
    assert _count(store, InspectionTeamMember, InspectionTeamMember.person_id == k.people["A"],
                  InspectionTeamMember.deleted.is_(False)) == 0
    # the studio she leads keeps her (another 领衔人 first); the other lets her go
    assert _count(store, InnovationStudioMember, InnovationStudioMember.person_id == k.people["A"],
                  InnovationStudioMember.deleted.is_(False)) == 1
    assert studios.get_studio(store, made["led"]).leader_id == k.people["A"]


def test_without_the_follow_up_the_check_reports_what_she_left(known: KnownStore) -> None:
    store, k = known
    _roles_of_a(store, k)
    change_membership(store, _leave(k), today=TODAY)
    kinds = {p.kind for p in audit_store(store, TODAY).real if "王建国" in p.text}
    assert {"zone.holder", "post.member_left"} <= kinds


@pytest.mark.parametrize("reason", ["", "因" * 201])
def test_one_line_failing_writes_nothing_not_even_the_change(known: KnownStore, reason: str) -> None:
    store, k = known
    made = _roles_of_a(store, k)
    lines = leaving.holdings(store, _leave(k))
    delist = next(h for h in lines if h.kind is Kind.DELIST)
    follow = tuple(h.key for h in lines if h.ticked)
    with pytest.raises(ValidationFailed) as caught:
        change_membership(store, _leave(k, follow=follow, delist_reasons=((delist.key, reason),)), today=TODAY)
    assert "摘牌的原因" in caught.value.errors["holdings"]
    assert roster.get_person(store, k.people["A"]).membership_state is MembershipState.ACTIVE
    assert _count(store, MembershipChange, MembershipChange.person_id == k.people["A"]) == 0
    assert zones.list_zones(store, zones.ZoneQuery(person_id=k.people["A"]))[0].end_date is None
    assert _count(store, MentorPair, MentorPair.mentor_id == k.people["A"], MentorPair.state == "进行中") == 1
    assert _count(store, IdentityPostMember, IdentityPostMember.person_id == k.people["A"],
                  IdentityPostMember.deleted.is_(False)) == 3
    assert sv.get_task(store, made["task"]).person_name == "王建国"


def test_a_line_that_cannot_be_applied_is_refused_with_its_reason(known: KnownStore) -> None:
    store, k = known
    _roles_of_a(store, k)
    led = next(h for h in leaving.holdings(store, _leave(k)) if not h.offered)
    with pytest.raises(ValidationFailed) as caught:
        change_membership(store, _leave(k, follow=(led.key,)), today=TODAY)
    assert "另选领衔人" in caught.value.errors["holdings"]
    with pytest.raises(ValidationFailed):
        change_membership(store, _leave(k, follow=("zone:no-such-row",)), today=TODAY)
    assert roster.get_person(store, k.people["A"]).membership_state is MembershipState.ACTIVE


def test_another_offices_record_is_listed_and_left_alone(known: KnownStore) -> None:
    store, k = known
    with store.transaction() as session:
        session.execute(update(ResponsibilityZone).where(ResponsibilityZone.person_id == k.people["A"])
                        .values(owner_unit_id=k.b2))
    (zone,) = [h for h in leaving.holdings(store, _leave(k)) if h.kind is Kind.ZONE]
    assert not zone.offered and not zone.ticked and zone.note == "由“掘进二队党支部”维护 · 只读"
    with pytest.raises(ValidationFailed):
        change_membership(store, _leave(k, follow=(zone.key,)), today=TODAY)


def test_a_transfer_within_the_tree_keeps_by_default_what_lies_above_her_new_branch(known: KnownStore) -> None:
    store, k = known
    _roles_of_a(store, k)
    lines = leaving.holdings(store, _leave(k, new_state=MembershipState.TRANSFERRED_OUT, to_unit_id=k.b2,
                                           reason=""))
    ticked = {h.kind for h in lines if h.ticked}
    assert {Kind.ZONE, Kind.POST, Kind.PAIR, Kind.TASK} <= ticked  # the old branch's
    (team,) = [h for h in lines if h.kind is Kind.TEAM]  # the 党委's 督导组 is above both branches
    assert team.offered and not team.ticked and "可以保留" in team.note


def test_expulsion_names_its_kind_and_a_future_zone_is_withdrawn(known: KnownStore) -> None:
    store, k = known
    later = zones.save_zone(store, zones.ZoneData(k.people["A"], "8102工作面责任区", start_date=DAY))
    request = _leave(k, new_state=MembershipState.EXPELLED, exit_kind=ExitKind.REMOVED, reason="")
    lines = {h.record: h for h in leaving.holdings(store, request) if h.kind in (Kind.ZONE, Kind.PAIR)}
    assert lines["“8102工作面责任区”（综采一队党支部）"].action == "尚未开始，作废该责任区"
    pair = next(h for h in lines.values() if h.kind is Kind.PAIR)
    assert "出党（除名）" in pair.action
    change_membership(store, ChangeRequest(**{**request.__dict__, "follow": tuple(h.key for h in lines.values())}),
                      today=TODAY)
    assert _count(store, ResponsibilityZone, ResponsibilityZone.id == later,
                  ResponsibilityZone.deleted.is_(True)) == 1


def test_a_pair_with_a_log_after_the_day_cannot_be_ended_there(known: KnownStore) -> None:
    store, k = known
    with store.reading() as session:
        pair = session.scalars(select(MentorPair.id).where(MentorPair.mentor_id == k.people["A"],
                                                           MentorPair.state == "进行中")).one()
    mentor.add_log(store, LogData(pair, date(2026, 11, 21), "讲解采煤机截割部检修", 2.0), today=TODAY)
    (line,) = [h for h in leaving.holdings(store, _leave(k)) if h.kind is Kind.PAIR]
    assert not line.offered and line.note


def test_a_team_member_who_kept_duty_stays_listed_and_her_coming_days_are_cancelled(known: KnownStore) -> None:
    store, k = known
    made = _roles_of_a(store, k)
    ins.save_duty(store, ins.DutyData(made["team"], date(2026, 3, 2), "王建国", "李明"))
    coming = ins.save_duty(store, ins.DutyData(made["team"], date(2026, 12, 1), "王建国", "李明"))
    (team,) = [h for h in leaving.holdings(store, _leave(k)) if h.kind is Kind.TEAM]
    assert team.action == "取消2026-11-20起的1个值班安排" and "已值班1天" in team.note
    change_membership(store, _leave(k, follow=(team.key,)), today=TODAY)
    assert _count(store, InspectionDuty, InspectionDuty.id == coming, InspectionDuty.deleted.is_(True)) == 1
    assert _count(store, InspectionTeamMember, InspectionTeamMember.person_id == k.people["A"],
                  InspectionTeamMember.deleted.is_(False)) == 1
    assert not [p for p in audit_store(store, TODAY).real if p.kind.startswith("inspection")]


def test_the_followed_records_keep_their_change_history(known: KnownStore) -> None:
    store, k = known
    made = _roles_of_a(store, k)
    lines = leaving.holdings(store, _leave(k))
    change_membership(store, _leave(k, follow=tuple(h.key for h in lines if h.ticked)), today=TODAY)
    (latest, *_older) = history.list_changes(store, "identity_post", made["shared"])
    (members,) = latest.changes
    assert (members.old_name, members.new_name) == ("王建国（负责人）、李明", "李明")
    pair = next(h.key.split(":")[1] for h in lines if h.kind is Kind.PAIR)
    (ended, *_older) = history.list_changes(store, "mentor_pair", pair)
    assert {c.field: c.new for c in ended.changes}["end_reason"] == "去世"


def test_a_team_member_without_duty_leaves_it_with_her_coming_days_unless_she_is_all_of_it(known: KnownStore) -> None:
    store, k = known
    made = _roles_of_a(store, k)
    coming = ins.save_duty(store, ins.DutyData(made["team"], date(2026, 12, 1), "王建国", "李明"))
    alone = ins.save_team(store, ins.TeamData("党委第二督导组", k.root, date(2026, 1, 1), date(2026, 12, 31), (
        ins.TeamMemberData("王建国", k.people["A"], "组长"),)))
    teams = {h.record: h for h in leaving.holdings(store, _leave(k)) if h.kind is Kind.TEAM}
    first = teams["“党委第一督导组”（2026-01-01至2026-12-31）"]
    assert first.ticked and first.action == "退出督导组，取消1个值班安排"
    second = teams["“党委第二督导组”（2026-01-01至2026-12-31）"]
    assert not second.offered and "唯一的成员" in second.note
    change_membership(store, _leave(k, follow=(first.key,)), today=TODAY)
    assert _count(store, InspectionDuty, InspectionDuty.id == coming, InspectionDuty.deleted.is_(True)) == 1
    assert [m.name for m in ins.list_teams(store, team_ids=(made["team"],))[0].members] == ["退休干部老赵"]
    assert _count(store, InspectionTeamMember, InspectionTeamMember.team_id == alone,
                  InspectionTeamMember.deleted.is_(False)) == 1
