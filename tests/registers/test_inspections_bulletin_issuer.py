"""Who signs a 督导通报 and what a month without inspections says: the body whose 督导组 inspected signs it (a
branch's 通报 of the 党委's inspection is the 党委's word, not the branch's), a month with only earlier findings' 整改
says plainly that none was held, and a month with nothing to report is not issued."""

from __future__ import annotations

import pytest

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services.errors import ValidationFailed
from tests.registers.known import TODAY
from tests.registers.test_inspections_bulletin import month  # noqa: F401  (the November 2026 fixture)
from tests.reports.pdfcheck import pages_text

NO_INSPECTION = (
    "关于2026年10月纪律作风督导情况的通报各基层党组织："
    "2026年10月，测试矿党委范围内未开展纪律作风督导检查。为严明纪律、转变作风，保障安全生产，"
    "现将前期督导发现问题的整改情况通报如下。"
    "一、总体情况前期督导发现的问题中，本月整改到位1个，截至10月31日仍有2个逾期未整改。"
    "二、整改情况（一）已整改到位的问题1.综采一队党支部：跟车作业未系安全带（9月10日督导发现），已于10月12日整改到位（超过整改期限）。"
    "（二）逾期未整改的问题1.综采一队党支部：井口候车区聚集闲谈（9月8日督导发现），整改期限为9月15日，截至10月31日已逾期46天。"
    "2.综采一队党支部：班前会流于形式（9月20日督导发现），整改期限为9月27日，截至10月31日已逾期34天。"
    "三、工作要求各党组织要以本通报为镜鉴，严明工作纪律，狠抓作风建设，坚决纠治“三违”行为，把纪律作风督导与安全生产紧密结合；"
    "逾期未整改的单位要立即整改到位，并将整改情况报党委督—1—导组，逾期事项按13710督办跟踪问效。测试矿党委2026年11月23日—2—"
)


def _text(data: ins.InspectionBulletinData) -> str:
    return "".join(pages_text(ins.render_bulletin(data)))


def test_a_branchs_bulletin_is_signed_by_the_committee_that_inspected_it(month) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store, k = month
    data = ins.bulletin_data(store, k.b1, 2026, 11, today=TODAY)
    assert (data.unit_name, data.teams_of, data.issuer) == ("综采一队党支部", "测试矿党委", "测试矿党委")
    text = _text(data)
    assert "2026年11月，测试矿党委纪律作风督导组深入基层开展督导检查，现将督导情况通报如下。" in text
    assert text.endswith("逾期事项按13710督办跟踪问效。测试矿党委2026年11月23日—2—")
    named = ins.bulletin_data(store, k.b1, 2026, 11, today=TODAY, issuer="综采一队党支部")  # the user's own word
    assert _text(named).endswith("逾期事项按13710督办跟踪问效。综采一队党支部2026年11月23日—2—")


def test_a_month_without_inspections_says_so_and_reports_the_earlier_rectifications(month) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store, k = month
    [october] = ins.list_inspections(store, k.root, month=(2026, 10), today=TODAY)
    ins.delete_inspection(store, october.id)
    data = ins.bulletin_data(store, k.root, 2026, 10, today=TODAY)
    assert (data.inspections, len(data.fixed), len(data.overdue), data.issuer) == (0, 1, 2, "测试矿党委")
    assert _text(data) == NO_INSPECTION
    # the branch's: signed by the 党委 whose team found the earlier problems
    branch = ins.bulletin_data(store, k.b1, 2026, 10, today=TODAY)
    assert (branch.unit_name, branch.issuer) == ("综采一队党支部", "测试矿党委")
    assert _text(branch).startswith(
        "关于2026年10月纪律作风督导情况的通报各基层党组织：2026年10月，综采一队党支部范围内未开展纪律作风督导检查。")


def test_a_month_with_nothing_to_report_is_not_issued(month) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store, k = month
    with pytest.raises(ValidationFailed) as refused:
        ins.bulletin_data(store, k.b2, 2026, 9, today=TODAY)
    assert refused.value.errors == {
        "month": "掘进二队党支部2026年9月没有督导检查记录，前期督导发现的问题也没有需要通报的整改情况，无需通报"}
