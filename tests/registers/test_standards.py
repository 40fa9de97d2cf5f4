"""党支部标准化建设: the checklist setting, the system-judged items and their evidence, the rules that refuse bad input
without writing anything, acceptance, the list with the branches still to assess, coverage per 党委, Excel export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models.standards import StandardAcceptance, StandardAssessment
from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.domain.enums import Gender, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.domain.posts import PostKind
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Checklist, ChecklistItem, Result, Score, round_half
from jiaomei_desktop.services import posts, roster
from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services.errors import ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.study import compliance_grid
from jiaomei_desktop.services.study.committees import save_committee
from tests.registers.known import TODAY

YEAR = 2025
HAND = [i for i in DEFAULT_CHECKLIST.items if not i.auto]


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0


def _data(branch: str, year: int = YEAR, less: float = 0.0, **kw) -> st.AssessmentData:  # type: ignore[no-untyped-def]
    """Every hand item at full points (less `less` on the first)."""
    scores = {i.key: Score(i.weight - (less if n == 0 else 0)) for n, i in enumerate(HAND)}
    values = dict(branch_id=branch, year=year, assessed_on=date(year, 12, 20), scores=scores, assessor="王建国")
    values.update(kw)
    return st.AssessmentData(**values)  # type: ignore[arg-type]


def _accept(assessment_id: str, unit: str, result: str = Result.PASSED.value, **kw) -> st.AcceptanceData:  # type: ignore[no-untyped-def]
    values = dict(result=result, accepted_on=date(YEAR + 1, 1, 15), accepted_by="矿党委 张书记")
    values.update(kw)
    return st.AcceptanceData(assessment_id, unit, **values)  # type: ignore[arg-type]


def test_default_checklist_is_100_points_with_four_system_items() -> None:
    assert DEFAULT_CHECKLIST.total == 100
    assert [i.auto for i in DEFAULT_CHECKLIST.items if i.auto] == ["committee", "org_life", "zones", "posts"]
    assert {i.category for i in DEFAULT_CHECKLIST.items} >= {"组织设置", "组织生活", "党员队伍", "阵地建设", "基础保障"}
    assert (DEFAULT_CHECKLIST.pass_line, DEFAULT_CHECKLIST.model_line) == (80, 90)
    assert round_half(1.25) == 1.5 and round_half(19.74) == 19.5 and round_half(4.99) == 5.0


def test_system_items_are_judged_from_the_stores_records(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    saved = st.save_assessment(store, _data(k.b1), today=TODAY)
    scores = st.get_assessment(store, saved).scores
    # 支部班子: 3 正式党员 (A, B, D), fewer than 7, and no 书记 recorded
    assert scores["committee"] == Score(0.0, "", True, "正式党员3人（不足7人只设书记），2025-12-31没有书记在任")
    # 组织生活: the compliance grid's rate for the branch and year
    row = next(r for r in compliance_grid(store, k.b1, YEAR, TODAY).rows if r.branch_id == k.b1)
    rate = row.totals.met / row.totals.due
    assert scores["org_life"].score == round_half(20 * rate) and scores["org_life"].auto
    assert f"应达标{row.totals.due}项次，达标{row.totals.met}项次" in scores["org_life"].evidence
    # 责任区: 王建国's zone in force on 2025-12-31 (李明's ended in June): 1 of the branch's 4 members
    assert scores["zones"] == Score(1.5, "", True, "党员4人，2025-12-31认领责任区1人（25%）")
    assert scores["posts"] == Score(0.0, "", True, "2025年没有挂牌的亮明身份岗位")
    hand_total = sum(i.weight for i in HAND)
    assert st.list_assessments(store, k.b1, YEAR)[0].total == hand_total + scores["org_life"].score + 1.5


def test_a_secretary_and_a_post_fill_their_items_on_the_next_save(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    saved = st.save_assessment(store, _data(k.b1), today=TODAY)
    save_committee(store, k.b1, [RoleRecord(k.people["A"], "书记", date(2024, 1, 1), date(2027, 1, 1))], today=TODAY)
    posts.save_post(
        store,
        posts.PostData(
            PostKind.MODEL.value, "采煤机司机岗", k.b1, date(2025, 3, 1), (posts.PostMemberData("", k.people["A"]),)
        ),
    )
    # The hand cannot score a system item: what it gives is replaced by the judgement, its note kept.
    data = replace(st.get_assessment(store, saved), scores={**_data(k.b1).scores, "posts": Score(0, "示范岗1个")})
    st.save_assessment(store, data, today=TODAY)
    scores = st.get_assessment(store, saved).scores
    assert scores["committee"].score == 10 and scores["committee"].evidence.endswith("有书记在任")
    assert scores["posts"] == Score(5.0, "示范岗1个", True, "2025年挂牌的示范岗、先锋岗、突击队等1个")


def test_a_branch_with_seven_full_members_needs_a_committee_of_three(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    for name in ("赵一鸣", "钱二林", "孙三石", "李四海"):
        roster.save_person(
            store,
            PersonData(
                name=name,
                branch_id=k.b1,
                political_status=PoliticalStatus.FULL_MEMBER,
                gender=Gender.MALE,
                birth_date=date(1980, 1, 1),
                join_date=date(2010, 7, 1),
                full_member_date=date(2011, 7, 1),
            ),
            today=TODAY,
        )
    save_committee(store, k.b1, [RoleRecord(k.people["A"], "书记", date(2024, 1, 1), date(2027, 1, 1))], today=TODAY)
    [judged] = st.judge(store, [k.b1], YEAR, TODAY).values()
    assert judged["committee"].score == 0
    assert judged["committee"].evidence == "正式党员7人（7人以上应设支委会），2025-12-31在任支部委员1人，有书记"
    save_committee(
        store,
        k.b1,
        [
            RoleRecord(k.people["A"], "书记", date(2024, 1, 1), date(2027, 1, 1)),
            RoleRecord(k.people["B"], "组织委员", date(2024, 1, 1), date(2027, 1, 1)),
            RoleRecord(k.people["D"], "纪检委员", date(2024, 1, 1), date(2027, 1, 1)),
        ],
        today=TODAY,
    )
    [judged] = st.judge(store, [k.b1], YEAR, TODAY).values()
    assert judged["committee"].score == 10


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (dict(scores={**_data("x").scores, "setup": Score(12)}), "score.setup", "得分12分超过该项分值10分"),
        (dict(scores={**_data("x").scores, "venue": Score(-1)}), "score.venue", "得分不能为负数"),
        (dict(scores={k: v for k, v in _data("x").scores.items() if k != "rules"}), "score.rules", "请为“"),
        (dict(scores={**_data("x").scores, "venue": Score(10, "x" * 201)}), "score.venue", "说明过长（最多200个字）"),
        (dict(scores={**_data("x").scores, "committee": Score(0, "书记\u202e")}), "score.committee", "不可见的"),
        (dict(assessor="王\u200b建国"), "assessor", "“自评人”含有不可见的"),
        (dict(year=2027), "year", "不能为今后的年度（2027年）自评"),
        (dict(year=None), "year", "请填写年度"),
        (dict(assessed_on=date(2024, 12, 1)), "assessed_on", "自评日期应在所评年度（2025年）之内或之后"),
        (dict(assessed_on=date(2026, 12, 1)), "assessed_on", "自评日期不能晚于今天"),
        (dict(branch_id=None), "branch_id", "请选择党支部"),
    ],
)
def test_bad_self_assessment_is_refused_and_writes_nothing(known, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    data = replace(_data(k.b1), **change)
    assert message in st.check_assessment(store, data, TODAY)[field]
    with pytest.raises(ValidationFailed) as caught:
        st.save_assessment(store, data, today=TODAY)
    assert message in caught.value.errors[field]
    assert _count(store, StandardAssessment) == 0


def test_only_a_branch_assesses_itself_once_a_year(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    with pytest.raises(ValidationFailed, match="“测试矿党委”是基层党委，不是党支部"):
        st.save_assessment(store, _data(k.root), today=TODAY)
    st.save_assessment(store, _data(k.b1), today=TODAY)
    with pytest.raises(ValidationFailed, match="“综采一队党支部”2025年度已有标准化建设自评，请修改原自评"):
        st.save_assessment(store, _data(k.b1), today=TODAY)
    assert _count(store, StandardAssessment) == 1


def test_acceptance_rules(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    # the known branches do little of what the system judges: lines to suit them (60 达标, 95 示范)
    st.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=60, model_line=95))
    top = st.save_assessment(store, _data(k.b1), today=TODAY)
    assert st.list_assessments(store, k.b1, YEAR)[0].total == 62.5  # hand items 60, org life 1, zones 1.5
    bad = [
        (_accept(top, k.root, accepted_on=date(2025, 12, 1)), "accepted_on", "验收日期不能早于自评日期（2025-12-20）"),
        (_accept(top, k.root, accepted_on=date(2026, 12, 1)), "accepted_on", "验收日期不能晚于今天"),
        (_accept(top, k.b2), "unit_id", "验收须由党支部的上级党组织作出，“掘进二队党支部”不是“综采一队党支部”的上级"),
        (_accept(top, k.b1), "unit_id", "不是“综采一队党支部”的上级"),
        (_accept(top, k.root, accepted_by=" "), "accepted_by", "请填写验收人"),
        (_accept(top, k.root, accepted_by="张\n书记"), "accepted_by", "“验收人”不能包含换行或制表符"),
        (_accept(top, k.root, result="优秀"), "result", "请选择验收结论"),
        (_accept(top, k.root, result=Result.MODEL.value), "result", "自评总分62.5分，未达到示范党支部分数线95分"),
    ]
    for data, field, message in bad:
        with pytest.raises(ValidationFailed) as caught:
            st.save_acceptance(store, data, today=TODAY)
        assert message in caught.value.errors[field], (field, caught.value.errors)
    assert _count(store, StandardAcceptance) == 0
    low = st.save_assessment(store, _data(k.b2, less=10), today=TODAY)
    with pytest.raises(ValidationFailed, match="未达到达标分数线60分"):
        st.save_acceptance(store, _accept(low, k.root), today=TODAY)
    st.save_acceptance(store, _accept(low, k.root, result=Result.FAILED.value, note="组织生活不规范"), today=TODAY)
    accepted = st.save_acceptance(store, _accept(top, k.root), today=TODAY)
    with pytest.raises(ValidationFailed, match="该自评已有验收结论，请修改原验收"):
        st.save_acceptance(store, _accept(top, k.root), today=TODAY)
    assert _count(store, StandardAcceptance) == 2
    # an accepted self-assessment stays as it was accepted until the acceptance is withdrawn
    with pytest.raises(ValidationFailed, match="已经上级党委验收，不能再修改"):
        st.save_assessment(store, replace(st.get_assessment(store, top), assessor="李明"), today=TODAY)
    with pytest.raises(ValidationFailed, match="已经上级党委验收，不能删除"):
        st.delete_assessment(store, top)
    st.withdraw_acceptance(store, accepted)
    st.save_assessment(store, replace(st.get_assessment(store, top), assessor="李明"), today=TODAY)
    assert st.get_assessment(store, top).assessor == "李明"


def test_list_shows_branches_still_to_assess_and_coverage_per_committee(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    st.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=60, model_line=95))
    a1 = st.save_assessment(store, _data(k.b1), today=TODAY)
    st.save_assessment(store, _data(k.b2), today=TODAY)
    st.save_acceptance(store, _accept(a1, k.root), today=TODAY)
    rows = st.list_assessments(store, k.root, YEAR)
    assert [(r.branch_name, r.state) for r in rows] == [
        ("综采一队党支部", "达标"),
        ("掘进二队党支部", "待验收"),
        ("机关党支部", "未自评"),
    ]
    assert rows[0].accepting_unit == "测试矿党委" and rows[0].committee_name == "测试矿党委"
    assert [r.branch_name for r in st.filter_rows(rows, state="待验收")] == ["掘进二队党支部"]
    assert [r.branch_name for r in st.filter_rows(rows, text="机关")] == ["机关党支部"]
    assert st.list_assessments(store, k.root, YEAR, missing=False)[-1].branch_name == "掘进二队党支部"
    assert st.list_assessments(store, k.root, 2024) == [] or all(
        r.state == "未自评" for r in st.list_assessments(store, k.root, 2024)
    )
    [mine, total] = st.coverage(store, k.root, YEAR)
    assert mine.as_dict() == {
        "committee": "测试矿党委",
        "branches": 3,
        "assessed": 2,
        "accepted": 1,
        "model": 0,
        "passed": 1,
        "failed": 0,
        "pending": 1,
        "rate": pytest.approx(1 / 3, abs=1e-4),
    }
    assert total.committee == "合计" and total.branches == 3


def test_checklist_is_a_setting_with_checked_values(known) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    assert st.checklist(store) == DEFAULT_CHECKLIST
    lighter = Checklist(tuple(replace(i, weight=i.weight / 2) for i in DEFAULT_CHECKLIST.items), 40, 45)
    st.set_checklist(store, lighter)
    assert st.checklist(store) == lighter
    for bad, message in (
        (replace(lighter, pass_line=46), "达标分数线 ≤ 示范分数线"),
        (replace(lighter, items=(*lighter.items, ChecklistItem("setup", "组织设置", "重复", 5))), "不能为空或重复"),
        (replace(lighter, items=(ChecklistItem("x", "组织设置", "零分", 0),)), "分值应大于0"),
        (
            replace(lighter, items=(*lighter.items, ChecklistItem("y", "组织生活", "再判", 5, "org_life"))),
            "每种只能有一项",
        ),
    ):
        with pytest.raises(ValidationFailed, match=message):
            st.set_checklist(store, bad)
    assert st.checklist(store) == lighter
    store.set_setting(st.CHECKLIST_SETTING, "{not json")
    assert st.checklist(store) == DEFAULT_CHECKLIST


def test_another_offices_assessment_is_read_only(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.sync.authority import FILED_UNDER

    store, k = known
    saved = st.save_assessment(store, _data(k.b1), today=TODAY)
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.save_assessment(store, replace(st.get_assessment(store, saved), assessor="李明"), today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.delete_assessment(store, saved)
    assert FILED_UNDER["standard_acceptance"] == (("unit_id", None),)


def test_export_has_a_column_per_item(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    st.save_assessment(store, _data(k.b1), today=TODAY)
    rows = st.list_assessments(store, k.root, YEAR)
    assert st.export_assessments(rows, tmp_path / "s.xlsx", DEFAULT_CHECKLIST) == 3
    sheet = load_workbook(tmp_path / "s.xlsx").active
    values = list(sheet.values)
    assert values[0][:4] == ("党支部", "所属党委", "年度", "状态")
    assert values[0][12] == "组织设置·支部班子健全：7名以上正式党员设支委会，不足7人设书记（10分，系统判定）"
    assert values[1][:4] == ("综采一队党支部", "测试矿党委", 2025, "待验收") and values[1][11] == 10
    assert values[3][3] == "未自评" and values[3][11] is None
