"""修改记录 of every register (issue 19): each register's record logs its changes, its child rows (members,
entrants, progress notes, duty roster, photos) show up on the parent as a readable line, and putting a record back
goes through the register's own save: refused with the rule's message when the earlier state breaks a rule today,
refused on another office's record, nothing written either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import ChangeLog
from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Score
from jiaomei_desktop.services import (
    brands,
    contests,
    deeds,
    history,
    innovation,
    inspections,
    posts,
    standards,
    studios,
    supervision,
    zones,
)
from jiaomei_desktop.services.errors import ReadOnlyRecord, ServiceError, ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from tests.registers.known import TODAY, Known

Store = Any


def _team(store: Store, k: Known, **kw: Any) -> str:
    values: dict[str, Any] = dict(
        name="党委第一督导组", unit_id=k.root, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31),
        members=(inspections.TeamMemberData("王建国", k.people["A"], "组长"),
                 inspections.TeamMemberData("退休干部老赵", None, "成员")))
    values.update(kw)
    return inspections.save_team(store, inspections.TeamData(**values))


def _inspection(store: Store, k: Known) -> str:
    return inspections.save_inspection(store, inspections.InspectionData(
        inspection_date=date(2026, 11, 10), team_id=_team(store, k), unit_id=k.b1, kind="三违",
        description="综采工作面一名职工未按规定佩戴自救器", place="3号综采工作面"), today=TODAY)


def _assessment(store: Store, k: Known) -> str:
    scores = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}
    return standards.save_assessment(store, standards.AssessmentData(
        k.b1, 2025, date(2025, 12, 20), scores=scores, assessor="王建国"), today=TODAY)


def _acceptance(store: Store, k: Known) -> str:
    # the known branch's system-judged items are low: a lower pass line lets its self-assessment be accepted
    standards.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=60))
    return standards.save_acceptance(store, standards.AcceptanceData(
        _assessment(store, k), k.root, "达标", date(2026, 1, 15), accepted_by="矿党委 张书记"), today=TODAY)


@dataclass(frozen=True)
class Case:
    table: str
    make: Callable[[Store, Known], str]
    get: Callable[[Store, str], Any]
    save: Callable[[Store, Any], Any]
    field: str  # a field the edit changes
    value: Any


CASES = [
    Case("identity_post", lambda s, k: posts.save_post(s, posts.PostData(
        kind="党员示范岗", name="采煤机司机岗", unit_id=k.b1, listed_on=date(2026, 3, 1),
        members=(posts.PostMemberData("", k.people["A"], "负责人"), posts.PostMemberData("", k.people["B"])))),
        posts.get_post, posts.save_post, "name", "掘进机司机岗"),
    Case("inspection_team", _team, inspections.get_team, inspections.save_team, "name", "党委第二督导组"),
    Case("inspection", _inspection, inspections.get_inspection,
         lambda s, d: inspections.save_inspection(s, d, today=TODAY), "place", "运输大巷"),
    Case("supervision_task", lambda s, k: supervision.save_task(s, supervision.TaskData(
        title="整改皮带巷积煤", unit_id=k.b1, start_date=date(2026, 11, 2), tier_days=7), today=TODAY),
        supervision.get_task, lambda s, d: supervision.save_task(s, d, today=TODAY), "title", "清理皮带巷积煤"),
    Case("contest_event", lambda s, k: contests.save_event(s, contests.EventData(
        name="2026年采煤机司机技术比武", event_date=date(2026, 9, 20), trade="采煤机司机", level="集团",
        organiser="焦煤集团工会", unit_id=k.b1), today=TODAY),
        contests.get_event, lambda s, d: contests.save_event(s, d, today=TODAY), "rules", "理论40分，实操60分"),
    Case("standard_assessment", _assessment, standards.get_assessment,
         lambda s, d: standards.save_assessment(s, d, today=TODAY), "assessor", "李明"),
    Case("standard_acceptance", _acceptance, standards.get_acceptance,
         lambda s, d: standards.save_acceptance(s, d, today=TODAY), "accepted_by", "矿党委 李书记"),
    Case("responsibility_zone", lambda s, k: zones.save_zone(s, zones.ZoneData(
        k.people["C"], "运输巷责任区", start_date=date(2026, 1, 1))),
        zones.get_zone, zones.save_zone, "zone_name", "回风巷责任区"),
    Case("worker_deed", lambda s, k: deeds.save_deed(s, deeds.DeedData(
        "走访慰问困难职工", k.b1, date(2026, 2, 1), person_times=10), today=TODAY),
        deeds.get_deed, lambda s, d: deeds.save_deed(s, d, today=TODAY), "person_times", 12),
    Case("branch_brand", lambda s, k: brands.save_brand(s, brands.BrandData(k.b2, "“掘进先锋”", 2026), today=TODAY),
         brands.get_brand, lambda s, d: brands.save_brand(s, d, today=TODAY), "name", "“掘进尖兵”"),
    Case("innovation_item", lambda s, k: innovation.save_item(s, innovation.InnovationData(
        "技术创新项目", "液压支架快速移架", k.b1, 2026), today=TODAY),
        innovation.get_item, lambda s, d: innovation.save_item(s, d, today=TODAY), "title", "液压支架自动移架"),
    Case("innovation_studio", lambda s, k: studios.save_studio(s, studios.StudioData(
        name="陈静劳模创新工作室", kind="劳模创新工作室", level="集团级", unit_id=k.b2, founded_on=date(2021, 5, 1),
        members=(k.people["F"], k.people["G"]), leader_id=k.people["F"]), TODAY),
        studios.get_studio, lambda s, d: studios.save_studio(s, d, TODAY), "level", "省级"),
]


def _log_size(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(ChangeLog)) or 0


def test_every_register_has_a_history() -> None:
    assert {c.table for c in CASES} == set(history.REGISTERS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.table)
def test_changes_are_logged_and_a_record_is_put_back(known, case: Case) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    record_id = case.make(store, k)
    created = case.get(store, record_id)
    case.save(store, replace(created, **{case.field: case.value}))
    entries = history.list_changes(store, case.table, record_id)
    assert [e.action for e in entries] == ["update", "insert"]
    change = next(c for c in entries[0].changes if c.field == case.field)
    assert change.new == case.value and change.old == getattr(created, case.field)

    version = history.restore(store, case.table, record_id, entries[1].id)
    assert case.get(store, record_id) == created
    latest = history.list_changes(store, case.table, record_id)[0]
    assert latest.note and "恢复到" in latest.note and latest.version == version
    with pytest.raises(ServiceError, match="无需恢复"):
        history.restore(store, case.table, record_id, latest.id)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.table)
def test_another_offices_record_is_read_but_not_put_back(known, case: Case) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    record_id = case.make(store, k)
    created = case.get(store, record_id)
    case.save(store, replace(created, **{case.field: case.value}))
    first = history.list_changes(store, case.table, record_id)[-1]
    store.set_setting(OFFICE_UNIT_KEY, k.b3)  # now another office: the record is kept elsewhere
    assert len(history.list_changes(store, case.table, record_id)) == 2  # reading the history is allowed
    size = _log_size(store)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        history.restore(store, case.table, record_id, first.id)
    assert getattr(case.get(store, record_id), case.field) == case.value and _log_size(store) == size


def _field(entry: history.ChangeEntry, name: str) -> history.FieldChange:
    return next(c for c in entry.changes if c.field == name)


def test_a_change_of_members_is_one_readable_line_and_comes_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    post_id = CASES[0].make(store, k)
    created = posts.get_post(store, post_id)
    posts.save_post(store, replace(created, members=(posts.PostMemberData("", k.people["A"], "负责人"),
                                                     posts.PostMemberData("", k.people["C"]))))
    entries = history.list_changes(store, "identity_post", post_id)
    assert {c.field for c in entries[0].changes} == {"members"}  # the post's own fields did not change
    line = _field(entries[0], "members")
    assert (line.old_name, line.new_name) == ("王建国（负责人）、李明", "王建国（负责人）、张丽")
    assert _field(entries[1], "members").new_name == "王建国（负责人）、李明"  # the insert names its people
    history.restore(store, "identity_post", post_id, entries[1].id)
    assert posts.get_post(store, post_id) == created


def test_studio_team_and_team_roster_show_names(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    studio_id = CASES[-1].make(store, k)
    studios.save_studio(store, replace(studios.get_studio(store, studio_id), members=(k.people["F"],)), TODAY)
    line = _field(history.list_changes(store, "innovation_studio", studio_id)[0], "members")
    assert (line.old_name, line.new_name) == ("陈静（领衔人）、周杰", "陈静（领衔人）")

    team_id = _team(store, k)
    inspections.save_duty(store, inspections.DutyData(team_id, date(2026, 11, 2), "王建国", unit_person="李明"))
    entry = history.list_changes(store, "inspection_team", team_id)[0]
    assert _field(entry, "duties").new_name == "2026-11-02 王建国／李明"


def test_entrants_and_progress_notes_show_on_their_parent(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = CASES[4].make(store, k)
    contests.save_entrants(store, event_id, [EntrantData("王建国", k.b1, k.people["A"], 95.5, 1),
                                             EntrantData("赵外矿", k.b2, None, 88.0, 2)], today=TODAY)
    line = _field(history.list_changes(store, "contest_event", event_id)[0], "entrants")
    assert line.old_name == "（空）" and line.new_name == "王建国 95.5分 第1名、赵外矿 88分 第2名"

    task_id = CASES[3].make(store, k)
    supervision.add_note(store, task_id, date(2026, 11, 3), "已安排人员清理", today=TODAY)
    line = _field(history.list_changes(store, "supervision_task", task_id)[0], "progress")
    assert line.new_name == "2026-11-03 已安排人员清理"


def test_a_long_list_shows_what_went_and_came(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    event_id = CASES[4].make(store, k)
    many = [EntrantData(f"职工{n:02d}", k.b1, None, 80.0 + n, None) for n in range(10)]
    contests.save_entrants(store, event_id, many, today=TODAY)
    contests.save_entrants(store, event_id, many[1:], today=TODAY)
    line = _field(history.list_changes(store, "contest_event", event_id)[0], "entrants")
    assert (line.old_name, line.new_name) == ("移除：职工00 80分", "（空）")


def test_a_put_back_that_breaks_a_rule_today_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    post_id = CASES[0].make(store, k)
    first = history.list_changes(store, "identity_post", post_id)[-1]
    posts.save_post(store, replace(posts.get_post(store, post_id), name="掘进机司机岗",
                                   members=(posts.PostMemberData("", k.people["A"], "负责人"),)))
    # 李明 is transferred out since: he can no longer be on a post, so the first state cannot come back
    change_membership(store, ChangeRequest(k.people["B"], MembershipState.TRANSFERRED_OUT, date(2026, 11, 1),
                                           to_unit_name="外单位党委"), today=TODAY)
    size = _log_size(store)
    with pytest.raises(ValidationFailed, match="无法恢复") as refused:
        history.restore(store, "identity_post", post_id, first.id)
    assert "李明" in str(refused.value)
    after = posts.get_post(store, post_id)
    assert after.name == "掘进机司机岗" and len(after.members) == 1 and _log_size(store) == size


def test_an_accepted_self_assessment_is_not_put_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    assessment_id = _assessment(store, k)
    first = history.list_changes(store, "standard_assessment", assessment_id)[-1]
    standards.save_assessment(store, replace(standards.get_assessment(store, assessment_id), assessor="李明"),
                              today=TODAY)
    standards.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=60))
    standards.save_acceptance(store, standards.AcceptanceData(assessment_id, k.root, "达标", date(2026, 1, 15),
                                                              accepted_by="矿党委 张书记"), today=TODAY)
    with pytest.raises(ValidationFailed, match=r"无法恢复.*撤销验收"):
        history.restore(store, "standard_assessment", assessment_id, first.id)
    assert standards.get_assessment(store, assessment_id).assessor == "李明"


def test_a_deleted_record_is_not_brought_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    deed_id = CASES[8].make(store, k)
    first = history.list_changes(store, "worker_deed", deed_id)[-1]
    deeds.delete_deed(store, deed_id)
    assert history.list_changes(store, "worker_deed", deed_id)[0].action == "delete"
    with pytest.raises(ServiceError, match="不存在或已删除"):
        history.restore(store, "worker_deed", deed_id, first.id)


def test_an_inspections_photos_show_as_a_count_and_come_back(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import photos
    from tests.gallery.images import picture

    store, k = known
    first = photos.add_photo_bytes(store, picture("JPEG")).sha256
    second = photos.add_photo_bytes(store, picture("PNG", color="gold")).sha256
    inspection_id = _inspection(store, k)
    inspections.save_inspection(store, replace(inspections.get_inspection(store, inspection_id),
                                               photos=(first, second)), today=TODAY)
    with_two = history.list_changes(store, "inspection", inspection_id)[0]
    inspections.save_inspection(store, replace(inspections.get_inspection(store, inspection_id), photos=(second,)),
                                today=TODAY)
    line = _field(history.list_changes(store, "inspection", inspection_id)[0], "photos")
    assert (line.old_name, line.new_name) == ("2张照片", "1张照片")
    history.restore(store, "inspection", inspection_id, with_two.id)
    assert inspections.inspection_photos(store, inspection_id) == [first, second]
