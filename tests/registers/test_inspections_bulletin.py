"""督导通报: built from a month of records (counts by kind and unit, fixed, overdue), names only when allowed, exact
text of the GB/T 9704 notice, fonts embedded, refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ValidationFailed
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _rectified, _team
from tests.reports.pdfcheck import assert_fonts_embedded, page_sizes_mm, pages_text


@pytest.fixture
def month(known):  # type: ignore[no-untyped-def]
    """November 2026: four inspections (one without problem), three 整改 — done, overdue, not yet due; one
    October inspection that must stay out."""
    store, k = known
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _rectified(k, team, done_date=date(2026, 11, 15), confirmed_by="赵六"), today=TODAY)
    ins.save_inspection(
        store,
        _rectified(
            k,
            team,
            unit_id=k.b2,
            kind="纪律",
            description="值班室无人值守",
            inspection_date=date(2026, 11, 3),
            deadline=date(2026, 11, 20),
            person_name="马六",
        ),
        today=TODAY,
    )
    ins.save_inspection(
        store,
        _rectified(
            k,
            team,
            kind="安全行为",
            description="行人未走人行道",
            inspection_date=date(2026, 11, 21),
            deadline=date(2026, 11, 28),
        ),
        today=TODAY,
    )
    ins.save_inspection(
        store,
        _inspection(k, team, kind="未发现问题", description="未发现问题", inspection_date=date(2026, 11, 5)),
        today=TODAY,
    )
    ins.save_inspection(store, _inspection(k, team, kind="作风", inspection_date=date(2026, 10, 8)), today=TODAY)
    # September's 整改: still open and overdue; finished late in November; finished in October; not yet due
    for day, kind, text, deadline, done, person in (
        (date(2026, 9, 8), "纪律", "井口候车区聚集闲谈", date(2026, 9, 15), None, "周七"),
        (date(2026, 9, 20), "作风", "班前会流于形式", date(2026, 9, 27), date(2026, 11, 5), None),
        (date(2026, 9, 10), "安全行为", "跟车作业未系安全带", date(2026, 9, 17), date(2026, 10, 12), None),
        (date(2026, 9, 25), "其他", "区队学习记录不全", date(2026, 12, 10), None, None),
    ):
        ins.save_inspection(
            store,
            _rectified(
                k,
                team,
                kind=kind,
                description=text,
                inspection_date=day,
                deadline=deadline,
                done_date=done,
                confirmed_by="赵六" if done else None,
                person_name=person,
            ),
            today=TODAY,
        )
    return store, k


HEAD = (
    "关于2026年11月纪律作风督导情况的通报各基层党组织："
    "为严明纪律、转变作风，保障安全生产，2026年11月，测试矿党委纪律作风督导组深入基层开展督导检查，现将督导情况通报如下。"
    "一、总体情况2026年11月，各督导组共开展督导检查4次，发现问题3个，其中纪律问题1个、安全行为问题1个、三违问题1个。"
    "需要整改的3个，已整改到位1个，正在整改1个，逾期未整改1个。"
    "前期督导发现的问题中，本月整改到位1个，截至11月23日仍有1个逾期未整改。"
    "问题类别问题数纪律1安全行为1三违1合计3"
    "二、各单位问题情况被督导单位发现问题综采一队党支部2—1—"
)
BODY = (
    "被督导单位发现问题掘进二队党支部1"
    "三、整改情况（一）已整改到位的问题1.综采一队党支部：综采工作面一名职工未按规定佩戴自救器，已于11月15日整改到位。"
    "2.综采一队党支部：班前会流于形式（9月20日督导发现），已于11月5日整改到位（超过整改期限）。"
    "（二）逾期未整改的问题1.综采一队党支部：井口候车区聚集闲谈（9月8日督导发现{zhou}），整改期限为9月15日，"
    "截至11月23日已逾期69天。"
    "2.掘进二队党支部：值班室无人值守{ma}，整改期限为11月20日，截至11月23日已逾期3天。"
    "四、工作要求各党组织要以本通报为镜鉴，严明工作纪律，狠抓作风建设，坚决纠治“三违”行为，把纪律作风督导与安全生产紧密结{page}合；"
    "逾期未整改的单位要立即整改到位，并将整改情况报党委督导组，逾期事项按13710督办跟踪问效。"
    "测试矿党委2026年11月23日—{last}—"
)
OCTOBER = (
    "关于2026年10月纪律作风督导情况的通报各基层党组织："
    "为严明纪律、转变作风，保障安全生产，2026年10月，测试矿党委纪律作风督导组深入基层开展督导检查，现将督导情况通报如下。"
    "一、总体情况2026年10月，各督导组共开展督导检查1次，发现问题1个，其中作风问题1个。"
    "前期督导发现的问题中，本月整改到位1个，截至10月31日仍有2个逾期未整改。"
    "问题类别问题数作风1合计1二、各单位问题情况被督导单位发现问题综采一队党支部1"
    "三、整改情况（一）已整改到位的问题1.综采一队党支部：跟车作业未系安全带（9月10日督导发现），已于10月12日整改到位（超过整改期限）。—1—",
    "（二）逾期未整改的问题1.综采一队党支部：井口候车区聚集闲谈（9月8日督导发现），整改期限为9月15日，截至10月31日已逾期46天。"
    "2.综采一队党支部：班前会流于形式（9月20日督导发现），整改期限为9月27日，截至10月31日已逾期34天。"
    "四、工作要求各党组织要以本通报为镜鉴，严明工作纪律，狠抓作风建设，坚决纠治“三违”行为，把纪律作风督导与安全生产紧密结合；"
    "逾期未整改的单位要立即整改到位，并将整改情况报党委督导组，逾期事项按13710督办跟踪问效。测试矿党委2026年11月23日—2—",
)


def test_bulletin_has_exact_text_and_no_names_by_default(month) -> None:  # type: ignore[no-untyped-def]
    store, k = month
    data = ins.bulletin_data(store, k.root, 2026, 11, today=TODAY)
    assert (data.inspections, data.problems, data.rectify, data.pending, data.as_of) == (4, 3, 3, 1, TODAY)
    assert [(x.person, x.found, x.days_over) for x in data.overdue] == [("", date(2026, 9, 8), 69), ("", None, 3)]
    assert [x.found for x in data.fixed] == [None, date(2026, 9, 20)]
    pdf = ins.render_bulletin(data)
    assert page_sizes_mm(pdf) == [(210, 297), (210, 297)]
    assert pages_text(pdf) == [HEAD, BODY.format(zhou="", ma="", page="", last=2)]
    assert "马六" not in "".join(pages_text(pdf)) and "周七" not in "".join(pages_text(pdf))
    assert_fonts_embedded(pdf)


def test_names_only_when_ticked(month) -> None:  # type: ignore[no-untyped-def]
    store, k = month
    pdf = ins.render_bulletin(ins.bulletin_data(store, k.root, 2026, 11, names=True, today=TODAY))
    # the longer lines push the last one, with the signature it is kept with, onto a third page
    assert "".join(pages_text(pdf)) == HEAD + BODY.format(
        zhou="，涉及人员：周七", ma="（涉及人员：马六）", page="—2—", last=3
    )


def test_earlier_months_are_judged_at_the_months_end(month) -> None:  # type: ignore[no-untyped-def]
    """October: one inspection of its own, no 整改 of its own; September's 整改 as they stood on 10-31 — one finished
    in October, two overdue (one of them finished only in November), one not yet due (left out)."""
    store, k = month
    data = ins.bulletin_data(store, k.root, 2026, 10, today=TODAY)
    assert (data.inspections, data.problems, data.rectify, data.pending, data.as_of) == (1, 1, 0, 0, date(2026, 10, 31))
    assert pages_text(ins.render_bulletin(data)) == list(OCTOBER)
    # issued on any later day it says the same
    sooner = ins.bulletin_data(store, k.root, 2026, 10, today=date(2026, 11, 1))
    assert replace(sooner, issue_date=TODAY) == data
    with pytest.raises(ValidationFailed, match="没有督导检查记录"):  # nothing to report: not issued
        ins.bulletin_data(store, k.b2, 2026, 9, today=TODAY)


def test_bulletin_refusals(month) -> None:  # type: ignore[no-untyped-def]
    store, k = month
    with pytest.raises(ValidationFailed, match="2026年12月还没有到，不能通报"):
        ins.bulletin_data(store, k.root, 2026, 12, today=TODAY)
    with pytest.raises(ValidationFailed, match="月份应为1至12"):
        ins.bulletin_data(store, k.root, 2026, 13, today=TODAY)
    # the state is the 13710 item's: finishing the overdue ones there moves them to 已整改到位
    for late in [r for r in ins.list_inspections(store, k.root, today=TODAY) if r.state == sv.OVERDUE]:
        sv.finish_task(store, late.task_id, date(2026, 11, 22), "刘洋", today=TODAY)
    data = ins.bulletin_data(store, k.root, 2026, 11, today=TODAY)
    assert (len(data.fixed), len(data.overdue)) == (4, 0)
    text = "".join(pages_text(ins.render_bulletin(data)))
    assert "值班室无人值守，已于11月22日整改到位（超过整改期限）。" in text
    assert "井口候车区聚集闲谈（9月8日督导发现），已于11月22日整改到位（超过整改期限）。" in text
    assert "前期督导发现的问题中，本月整改到位2个。" in text
    assert "截至11月23日，没有逾期未整改的问题。" in text


def test_a_character_no_font_has_is_refused_with_where_it_is(month) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import ServiceError

    store, k = month
    data = ins.bulletin_data(store, k.root, 2026, 11, today=TODAY)
    odd = replace(data, overdue=[replace(data.overdue[0], description="值班室无人值守\U0001f600")])
    with pytest.raises(ServiceError, match="以下字符没有可用字体：“😀”\\(U\\+1F600\\) 位于 第12段"):
        ins.render_bulletin(odd)


def test_many_lines_are_a_table_with_the_day_each_was_found() -> None:
    """More than ten 整改 in a list: a table whose 发现 column says 本月 or the day (with its year when earlier)."""
    from jiaomei_desktop.reports.inspection_bulletin import (
        BulletinLine,
        InspectionBulletinData,
        render_inspection_bulletin,
    )

    def line(n: int, found: date | None) -> BulletinLine:
        return BulletinLine(f"掘进{n}队党支部", "三违", "跟班未到位", date(2026, 11, 1), None, 29 - n, "", found)

    lines = [line(n, date(2025, 12, 3) if n == 1 else date(2026, 10, 9) if n == 2 else None) for n in range(1, 12)]
    data = InspectionBulletinData(
        "测试矿党委", 2026, 11, 9, 9, {"三违": 9}, [], 9, overdue=lines, issue_date=date(2026, 12, 2),
        as_of=date(2026, 11, 30),
    )  # fmt: skip
    text = "".join(pages_text(render_inspection_bulletin(data)))
    assert "需要整改的9个，逾期未整改9个。前期督导发现的问题中，截至11月30日仍有2个逾期未整改。" in text
    assert "本月暂无整改到位的问题。（二）逾期未整改的问题单位类别问题发现整改期限逾期天数" in text
    assert "掘进1队党支部三违跟班未到位2025年12月3日11月1日28掘进2队党支部三违跟班未到位10月9日11月1日27" in text
    assert "掘进3队党支部三违跟班未到位本月11月1日26" in text
