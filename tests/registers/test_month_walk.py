"""A branch's month of 1+1+3 work, end to end, and up to its committee (issue 19).

综采队党支部 (C1-01) keeps its own office; 一矿党委 (C1) keeps its 督导组. In November 2026 the branch hangs a 党员示范岗,
the 党委 inspects the branch and sends a 整改 that the 13710 side answers, the branch holds a 技术比武 whose winners
become honours, keeps a 创新工作室 with output and assesses itself for the 标准化建设, which the 党委 accepts; a member
on the post is transferred out. Each step uses the service the GUI calls; the bundles go up and down between them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.committee import RoleRecord
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
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.honors import records as honor_records
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.statistics import report
from jiaomei_desktop.services.statistics.period import period_dashboards
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.committees import save_committee
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


def test_a_branch_month_up_to_its_committee_and_back(tree: Tree, tmp_path: Path, capsys: Any) -> None:  # noqa: F811
    b1, c1 = tree.b1, tree.c1
    branch, committee = unit_id(b1, "C1-01"), unit_id(b1, "C1")
    wang = _person_id(b1, "王建国")  # entered by the group and handed over to the branch office at provisioning
    li = add_person(b1, "C1-01", "李明", 2)
    zhang = add_person(b1, "C1-01", "张丽", 3)
    save_committee(b1, branch, [RoleRecord(wang, "书记", date(2024, 1, 1), date(2027, 1, 1))], today=TODAY)

    # 1. the branch hangs a 党员示范岗 with three members on it
    post = posts.save_post(b1, posts.PostData(
        PostKind.MODEL.value, "综采机组党员示范岗", branch, date(2026, 3, 1),
        (posts.PostMemberData("", wang, PostRole.LEAD.value), posts.PostMemberData("", li, PostRole.MEMBER.value),
         posts.PostMemberData("", zhang, PostRole.MEMBER.value)),
        duties="带头执行规程", pledge="安全无三违"))
    _up(b1, c1, tmp_path / "b1-1.jmb")

    # 2. the 党委 sets up its 督导组 with a duty roster and inspects the branch; the 整改 goes to 13710
    team = ins.save_team(c1, ins.TeamData("一矿党委纪律作风督导组", committee, date(2026, 1, 1), date(2026, 12, 31), (
        ins.TeamMemberData("督导员甲", None, "组长"), ins.TeamMemberData("", zhang, "成员"))))
    ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 10), "督导员甲", "综采队跟班队长"))
    ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 11), "张丽"))
    ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 25), "张丽"))
    found = ins.InspectionData(
        date(2026, 11, 10), team, branch, "三违", "综采工作面一名职工未按规定佩戴自救器", place="综采工作面",
        person_id=li, rectify=True, requirement="脱岗培训三天", deadline=date(2026, 11, 17))
    inspection = ins.save_inspection(c1, found, today=TODAY)
    task = next(r.task_id for r in ins.list_inspections(c1, branch, today=TODAY) if r.id == inspection)
    assert task

    # 3. the 13710 side names the 责任人 and adds a progress note; the inspection is edited again
    sv.save_task(c1, replace(sv.get_task(c1, task), person_name="张丽", tier_days=7), today=TODAY)
    sv.add_note(c1, task, date(2026, 11, 12), "已组织脱岗培训", today=TODAY)
    ins.save_inspection(c1, replace(found, id=inspection, description="综采工作面一名职工未按规定佩戴自救器上岗",
                                    deadline=date(2026, 11, 19)), today=TODAY)
    kept = sv.get_task(c1, task)
    assert (kept.person_name, kept.deadline) == ("张丽", date(2026, 11, 19))
    assert [n.text for n in sv.list_notes(c1, task)] == ["已组织脱岗培训"]
    assert "未按规定佩戴自救器上岗" in kept.title
    with pytest.raises(ValidationFailed) as refused:  # the finding is the inspection's to write, not the 13710 side's
        sv.save_task(c1, replace(kept, title="改写的整改标题", content="改"), today=TODAY)
    assert refused.value.errors == {"title": "督导整改事项的事项名称随督导检查记录，请在“督导检查”中修改",
                                    "content": "督导整改事项的事项内容随督导检查记录，请在“督导检查”中修改"}
    assert sv.get_task(c1, task) == kept
    _down(c1, b1, branch, tmp_path / "c1-1.jmb")

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
    output = innovation.save_item(b1, innovation.InnovationData(
        InnovationKind.MASS_RESULT.value, "采煤机截齿快换工具", branch, 2026, studio_id=studio), TODAY)

    # 6. the branch assesses itself; the 党委 accepts it
    assessment = sd.save_assessment(b1, sd.AssessmentData(branch, 2026, date(2026, 11, 20), HAND, "支部书记"),
                                    today=TODAY)
    total = sd.list_assessments(b1, branch, 2026)[0].total
    _up(b1, c1, tmp_path / "b1-2.jmb")
    assert total == 75  # 20 of 组织生活 (no meetings yet) and 5 of 责任区 (none claimed) short of the 100
    sd.set_checklist(c1, replace(DEFAULT_CHECKLIST, pass_line=70))  # the 党委's own lines for its branches
    sd.save_acceptance(c1, sd.AcceptanceData(assessment, committee, Result.PASSED.value, date(2026, 11, 22),
                                             "一矿党委验收组"), today=TODAY)

    # 7. 张丽 is transferred out of the group; the follow-ups offered are ticked as they come
    request = ChangeRequest(zhang, MembershipState.TRANSFERRED_OUT, date(2026, 11, 21), "工作调动",
                            to_unit_name="外省某矿党支部")
    lines = leaving.holdings(b1, request)
    assert {h.kind for h in lines if h.ticked} == {leaving.Kind.POST, leaving.Kind.STUDIO}, lines
    assert {(h.kind, h.note) for h in lines if not h.offered} == {  # the 党委's: listed, not changed here
        (leaving.Kind.TEAM, "由“一矿党委”维护 · 只读"), (leaving.Kind.TASK, "由“一矿党委”维护 · 只读")}
    change_membership(b1, replace(request, follow=tuple(h.key for h in lines if h.ticked)), today=TODAY)
    [on_post] = posts.list_posts(b1, branch)
    assert [m.name for m in on_post.members] == ["王建国", "李明"]
    assert [m.name for m in studios.list_studios(b1, branch)[0].members] == ["王建国"]
    assert honor_records.get_honor(b1, wang_honour).title == "2026年采煤机司机技术比武技术能手（第1名）"

    # 8. the 转出 goes up: the 党委 is told of what it keeps for her (its duty day after she left, its 整改 naming her)
    _up(b1, c1, tmp_path / "b1-3.jmb")
    later = next(d.id for d in ins.list_duties(c1, team) if d.duty_date == date(2026, 11, 25))
    theirs = [
        ("inspection_duty.member_left", later, "“一矿党委纪律作风督导组”2026-11-25值班：张丽（2026-11-21已转出）"),
        ("task.person_left", task, "一矿综采队党支部“" + kept.title + "”：责任人张丽（已转出）"),
    ]
    assert _problems(c1) == theirs
    [kept_studio] = studios.list_studios(c1, branch)  # the 党委 reads the studio with its leader's honour
    assert (kept_studio.leader_honor, [m.name for m in kept_studio.members]) == (
        "2026年采煤机司机技术比武技术能手（第1名）", ["王建国"])
    assert _problems(b1) == theirs  # the branch reads them too (the leaving listed them read-only), until they change
    with pytest.raises(ValidationFailed, match="张丽已于2026-11-21转出，不能再安排值班"):  # nor a new one
        ins.save_duty(c1, ins.DutyData(team, date(2026, 11, 27), "张丽"))
    second = ins.TeamData("一矿党委第二督导组", committee, date(2026, 11, 1), date(2026, 12, 31), (
        ins.TeamMemberData("督导员甲", None, "组长"), ins.TeamMemberData("", zhang, "成员")))
    with pytest.raises(ValidationFailed, match="第2行：张丽已转出，不能加入督导组"):  # nor a seat on another team
        ins.save_team(c1, second)
    ins.save_team(c1, replace(ins.get_team(c1, team), notes="11月起重点督导综采工作面"))  # she may stay where she was
    ins.delete_duty(c1, later)
    sv.save_task(c1, replace(sv.get_task(c1, task), person_name="王建国"), today=TODAY)
    assert _problems(c1) == []
    assert [d.member_name for d in ins.list_duties(c1, team)] == ["督导员甲", "张丽"]  # the day she kept stays

    # 9. a day with nothing to find is recorded too; the month's 督导通报 names people only when ticked
    ins.save_inspection(c1, ins.InspectionData(date(2026, 11, 11), team, branch, "未发现问题", "未发现问题"),
                        today=TODAY)
    plain = "".join(pages_text(ins.render_bulletin(ins.bulletin_data(c1, committee, 2026, 11, today=TODAY))))
    named = "".join(pages_text(ins.render_bulletin(ins.bulletin_data(c1, committee, 2026, 11, names=True,
                                                                      today=TODAY))))
    assert "各督导组共开展督导检查2次，发现问题1个，其中三违问题1个。需要整改的1个，逾期未整改1个。" in plain
    assert "被督导单位发现问题一矿综采队党支部1" in plain
    assert ("1.一矿综采队党支部：综采工作面一名职工未按规定佩戴自救器上岗，整改期限为11月19日，截至11月23日已逾期4天。"
            in plain)
    assert "李明" not in plain and "张丽" not in plain
    assert "未按规定佩戴自救器上岗（涉及人员：李明），整改期限为11月19日" in named

    # 10. the annual and several-year reports say the right numbers
    dash = statistics.dashboard(c1, committee, 2026, today=TODAY)
    assert [f(dash) for f in SENTENCES] == [
        "深化“亮明身份”，设立党员示范岗1个，2名党员亮身份、挂牌上岗，一线党员上岗率为100%。",
        "开展纪律作风督导检查2次，发现问题1个；需整改的1个问题中，逾期未整改1个。",
        "实行13710督办，全年交办督办事项1件，已办结0件；截至2026年11月23日，尚有1件未办结，其中逾期1件。",
        "组织开展技术比武1场，参赛职工3人次，2人次获奖（其中党员2人次），2人次被授予“技术能手”称号。",
        "建成职工创新工作室1个（矿级1个），工作室成员1名；全年取得创新成果1项。",
        "2个党支部中1个完成标准化建设自评，1个通过上级党委验收。",
    ]
    assert report.period_paragraphs(period_dashboards(c1, committee, 2025, 2026, today=TODAY)) == [
        "2025年至2026年，实行13710督办，累计交办督办事项1件；截至2026年11月23日，尚有1件未办结，其中逾期1件。",
        "2025年至2026年，累计开展纪律作风督导检查2次，发现三违问题1个；需整改的1个问题中，截至2026年11月23日，"
        "逾期未整改1个。",
        "2025年至2026年，先后新建创新工作室1个，工作室累计取得创新成果1项；截至2026年11月23日，建成职工创新工作室1个"
        "（矿级1个），工作室成员1名。",
        "2025年至2026年，累计组织开展矿级技术比武1场，参赛职工3人次，2人次获奖（其中党员2人次），2人次被授予“技术能手”称号。",
        "2025年至2026年，深化“亮明身份”，先后挂牌党员示范岗1个；截至2026年11月23日，现有党员示范岗1个，2名党员亮身份、"
        "挂牌上岗，一线党员上岗率为100%。",
        "2026年，2个党支部中1个完成标准化建设自评，1个通过上级党委验收。",
        "截至2026年11月23日，一矿党委共有党员2名，均为正式党员。",  # 王建国, 李明: 张丽 left on 11-21
    ]

    # 11. down to the branch: it reads the 党委's inspection and 整改 of its own unit, as the 党委 left them
    _down(c1, b1, branch, tmp_path / "c1-2.jmb")
    assert _problems(b1) == []
    [seen] = sv.list_tasks(b1, branch, today=TODAY)
    assert (seen.id, seen.person_name, seen.deadline, seen.state) == (task, "王建国", date(2026, 11, 19), sv.OVERDUE)
    assert [n.text for n in sv.list_notes(b1, task)] == ["已组织脱岗培训"]
    assert [(r.state, r.total) for r in sd.list_assessments(b1, branch, 2026)] == [("达标", 75)]
    assert [(u.unit_name, u.open, u.overdue) for u in sv.open_by_unit(b1, None, today=TODAY)] == [
        ("一矿综采队党支部", 1, 1)]
    assert [r.kind for r in ins.list_inspections(b1, branch, today=TODAY)] == ["未发现问题", "三违"]  # newest first
    # the branch's own 通报 of the month names the team that inspected it: the 党委's, there is no team of the branch
    own = "".join(pages_text(ins.render_bulletin(ins.bulletin_data(b1, branch, 2026, 11, today=TODAY))))
    assert "2026年11月，一矿党委纪律作风督导组深入基层开展督导检查" in own
    assert own == plain  # signed by the 党委 whose team inspected; the 党委's has its one branch only
    signed = ins.bulletin_data(b1, branch, 2026, 11, today=TODAY, issuer="一矿综采队党支部")  # her own word
    assert "".join(pages_text(ins.render_bulletin(signed))).endswith("一矿综采队党支部2026年11月23日—2—")
    here = statistics.dashboard(b1, branch, 2026, today=TODAY)
    there = statistics.dashboard(c1, branch, 2026, today=TODAY)
    assert [f(here) for f in SENTENCES] == [f(there) for f in SENTENCES]

    # and up to the group, which reads the 党委's month as the 党委 does
    _up(c1, tree.group, tmp_path / "c1-up.jmb")
    assert _problems(tree.group) == []
    above = statistics.dashboard(tree.group, committee, 2026, today=TODAY)
    assert [f(above) for f in SENTENCES] == [f(dash) for f in SENTENCES]

    for office in (b1, c1, tree.group):  # `jiaomei check` as the secretary runs it: nothing to report
        assert main(["check", "--data-dir", str(office.data_dir), "--as-of", TODAY.isoformat(), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["items"] == []

    # 12. nobody edits the other's records
    for write in (
        lambda: sv.add_note(b1, task, TODAY, "支部补充说明", today=TODAY),
        lambda: sv.finish_task(b1, task, TODAY, "支部书记", today=TODAY),
        lambda: ins.save_inspection(b1, replace(found, id=inspection, requirement="改"), today=TODAY),
        lambda: ins.save_duty(b1, ins.DutyData(team, date(2026, 11, 26), "督导员甲")),
        lambda: sd.withdraw_acceptance(b1, sd.list_assessments(b1, branch, 2026)[0].acceptance_id),
    ):
        with pytest.raises(ReadOnlyRecord, match="本机只读"):
            write()
    for write in (
        lambda: posts.save_post(c1, replace(posts.get_post(c1, post), duties="改")),
        lambda: studios.save_studio(c1, replace(studios.get_studio(c1, studio), focus="改"), today=TODAY),
        lambda: ct.save_event(c1, replace(ct.get_event(c1, contest), rules="改"), today=TODAY),
        lambda: innovation.save_item(c1, replace(innovation.get_item(c1, output), notes="改"), TODAY),
        lambda: honor_records.delete_honor(c1, wang_honour),  # the 比武's honour in the gallery
    ):
        with pytest.raises(ReadOnlyRecord, match="本机只读"):
            write()

    # 13. each side's 修改记录 is its own: the keeper's edits, never the other office's, nothing for what it only reads
    for store, own, read in ((b1, OWN_B1, OWN_C1), (c1, OWN_C1, OWN_B1)):
        ids = {"identity_post": post, "innovation_studio": studio, "contest_event": contest,
               "standard_assessment": assessment, "inspection": inspection, "supervision_task": task}
        for table in own:
            offices = {e.office_name for e in history.list_changes(store, table, ids[table])}
            assert offices == {"一矿综采队党支部" if store is b1 else "一矿党委"}, table
        for table in read:
            assert history.list_changes(store, table, ids[table]) == [], table


SENTENCES = (report.posts_paragraph, report.inspections_paragraph, report.supervision_paragraph,
             report.contests_paragraph, report.studios_paragraph, report.standards_paragraph)
OWN_B1 = ("identity_post", "innovation_studio", "contest_event", "standard_assessment")
OWN_C1 = ("inspection", "supervision_task")


def _problems(store: Store) -> list[tuple[str, str, str]]:
    return [(p.kind, p.record_id, p.text) for p in audit_store(store, TODAY).real]


def _person_id(store: Store, name: str) -> str:
    with store.reading() as session:
        return session.scalars(select(Person.id).where(Person.name == name)).one()
