"""A branch's month of 1+1+3 work, end to end, and up to its committee (issue 19).

综采队党支部 (C1-01) keeps its own office; 一矿党委 (C1) keeps its 督导组. In November 2026 the branch hangs a 党员示范岗,
the 党委 inspects the branch and sends a 整改 that the 13710 side answers, the branch holds a 技术比武 whose winners
become honours, keeps a 创新工作室 with output and assesses itself for the 标准化建设, which the 党委 accepts; a member
on the post is transferred out. Each step uses the service the GUI calls; the bundles go up and down between them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import bundles, history, innovation, leaving, posts, statistics, studios
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import standards as sd
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.audit import audit_store
from jiaomei_desktop.services.errors import ReadOnlyRecord
from jiaomei_desktop.services.honors import records as honor_records
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.statistics import report
from jiaomei_desktop.services.statistics.period import period_dashboards
from jiaomei_desktop.services.store import Store
from tests.reports.pdfcheck import pages_text
from tests.sync.conftest import Tree, add_person, export, tree, tree_template, unit_id  # noqa: F401

TODAY = date(2026, 11, 23)
HAND = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}


def _up(child: Store, parent: Store, path: Path) -> None:
    summary = bundles.import_bundle(parent, export(child, path))
    assert summary.totals()["rejected"] == 0, summary


def _down(parent: Store, child: Store, unit: str, path: Path) -> None:
    summary = bundles.import_bundle(child, export(parent, path, direction="down", recipient_unit_id=unit))
    assert summary.totals()["rejected"] == 0, summary


def test_a_branch_month_up_to_its_committee_and_back(tree: Tree, tmp_path: Path) -> None:  # noqa: F811
    b1, c1 = tree.b1, tree.c1
    branch, committee = unit_id(b1, "C1-01"), unit_id(b1, "C1")
    wang = _person_id(b1, "王建国")  # entered by the group and handed over to the branch office at provisioning
    li = add_person(b1, "C1-01", "李明", 2)
    zhang = add_person(b1, "C1-01", "张丽", 3)

    # 1. the branch hangs a 党员示范岗 with two members on it
    post = posts.save_post(b1, posts.PostData(
        PostKind.MODEL.value, "综采机组党员示范岗", branch, date(2026, 3, 1),
        (posts.PostMemberData("", wang, PostRole.LEAD.value), posts.PostMemberData("", li, PostRole.MEMBER.value),
         posts.PostMemberData("", zhang, PostRole.MEMBER.value)),
        duties="带头执行规程", pledge="安全无三违"))
    _up(b1, c1, tmp_path / "b1-1.jmb")

    # 2. the 党委 sets up its 督导组 with a duty roster and inspects the branch; the 整改 goes to 13710
    team = ins.save_team(c1, ins.TeamData("一矿党委纪律作风督导组", committee, date(2026, 1, 1), date(2026, 12, 31), (
        ins.TeamMemberData("督导员甲", None, "组长"), ins.TeamMemberData("督导员乙", None, "成员"))))
    ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 10), "督导员甲", "综采队跟班队长"))
    ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 11), "督导员乙"))
    found = ins.InspectionData(
        date(2026, 11, 10), team, branch, "三违", "综采工作面一名职工未按规定佩戴自救器", place="综采工作面",
        person_id=li, rectify=True, requirement="脱岗培训三天", deadline=date(2026, 11, 17))
    inspection = ins.save_inspection(c1, found, today=TODAY)
    task = next(r.task_id for r in ins.list_inspections(c1, branch, today=TODAY) if r.id == inspection)
    assert task

    # 3. the 13710 side names the 责任人 and adds a progress note; the inspection is edited again
    sv.save_task(c1, replace(sv.get_task(c1, task), person_name="综采队队长孙强", tier_days=7), today=TODAY)
    sv.add_note(c1, task, date(2026, 11, 12), "已组织脱岗培训", today=TODAY)
    ins.save_inspection(c1, replace(found, id=inspection, description="综采工作面一名职工未按规定佩戴自救器上岗",
                                    deadline=date(2026, 11, 19)), today=TODAY)
    kept = sv.get_task(c1, task)
    assert (kept.person_name, kept.deadline) == ("综采队队长孙强", date(2026, 11, 19))
    assert [n.text for n in sv.list_notes(c1, task)] == ["已组织脱岗培训"]
    assert "未按规定佩戴自救器上岗" in kept.title

    # 4. the branch holds a 技术比武; its winners become honours in the gallery with one action
    contest = ct.save_event(b1, ct.EventData("2026年采煤机司机技术比武", date(2026, 11, 6), "采煤机司机", "矿",
                                             "一矿工会", branch, winner_places=2), today=TODAY)
    ct.save_entrants(b1, contest, [
        EntrantData("王建国", branch, wang, 96.0, 1), EntrantData("李明", branch, li, 90.0, 2),
        EntrantData("赵师傅", branch, None, 85.0, 3)], today=TODAY)
    grant = ct.grant_honours(b1, contest, today=TODAY)
    assert (grant.created, grant.already, grant.not_on_roster) == (2, 0, [])
    wang_honour = next(e.honor_id for e in ct.list_entrants(b1, contest) if e.person_id == wang)
    assert wang_honour

    # 5. a 创新工作室 led by the winner, linked to his new honour, with output in the innovation register
    studio = studios.save_studio(b1, studios.StudioData(
        "王建国职工创新工作室", StudioKind.WORKER.value, StudioLevel.MINE.value, branch, date(2026, 2, 1),
        members=(wang, zhang), leader_id=wang, leader_honor_id=wang_honour, focus="采煤机快速检修"), today=TODAY)
    innovation.save_item(b1, innovation.InnovationData(
        InnovationKind.MASS_RESULT.value, "采煤机截齿快换工具", branch, 2026, studio_id=studio), TODAY)

    # 6. the branch assesses itself; the 党委 accepts it
    assessment = sd.save_assessment(b1, sd.AssessmentData(branch, 2026, date(2026, 11, 20), HAND, "支部书记"),
                                    today=TODAY)
    total = sd.list_assessments(b1, branch, 2026)[0].total
    _up(b1, c1, tmp_path / "b1-2.jmb")
    line = sd.checklist(c1)
    result = Result.MODEL if total >= line.model_line else Result.PASSED if total >= line.pass_line else Result.FAILED
    sd.save_acceptance(c1, sd.AcceptanceData(assessment, committee, result.value, date(2026, 11, 22), "一矿党委验收组"),
                       today=TODAY)

    # 7. 张丽 is transferred out of the group; the follow-ups offered are ticked as they come
    request = ChangeRequest(zhang, MembershipState.TRANSFERRED_OUT, date(2026, 11, 21), "工作调动",
                            to_unit_name="外省某矿党支部")
    lines = leaving.holdings(b1, request)
    assert {h.kind for h in lines if h.ticked} == {leaving.Kind.POST, leaving.Kind.STUDIO}, lines
    change_membership(b1, replace(request, follow=tuple(h.key for h in lines if h.ticked)), today=TODAY)
    [on_post] = posts.list_posts(b1, branch)
    assert [m.name for m in on_post.members] == ["王建国", "李明"]
    assert [m.name for m in studios.list_studios(b1, branch)[0].members] == ["王建国"]


def _person_id(store: Store, name: str) -> str:
    with store.reading() as session:
        return session.scalars(select(Person.id).where(Person.name == name)).one()
