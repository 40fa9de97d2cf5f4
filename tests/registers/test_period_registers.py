"""The report over several years (`jiaomei stats --from-year … --to-year …`) for 纪律作风督导, 13710督办, 技术比武,
亮明身份, 责任区 and 党建品牌: "先后…累计" over the period and the state on its last day, true to a small built store
(exact numbers). A 整改 found in one year and finished in the next counts as done at the period's end, though the
first year's dashboard had it overdue."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import posts as ps
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.statistics import report
from jiaomei_desktop.services.statistics.period import period_dashboards
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _rectified, _team
from tests.registers.test_studios_report import _contests, _post
from tests.reports.pdfcheck import text_of


def _inspections(store, k) -> None:  # type: ignore[no-untyped-def]
    """2024: a 三违 fixed on time, a 作风 fixed only in January 2025 (late); 2025: a 纪律 without 整改, a 三违 past
    its deadline, a 安全行为 not yet due on 12-31, and one visit that found nothing."""
    team = ins.save_team(store, _team(k, start_date=date(2024, 1, 1), end_date=date(2025, 12, 31)))
    fixed = dict(confirmed_by="王建国")
    for data in (
        _rectified(k, team, inspection_date=date(2024, 5, 10), deadline=date(2024, 5, 17),
                   done_date=date(2024, 5, 15), **fixed),
        _rectified(k, team, inspection_date=date(2024, 11, 20), unit_id=k.b2, kind="作风",
                   deadline=date(2024, 12, 20), done_date=date(2025, 1, 10), **fixed),
        _inspection(k, team, inspection_date=date(2025, 3, 3), kind="纪律"),
        _rectified(k, team, inspection_date=date(2025, 6, 3), unit_id=k.b2, deadline=date(2025, 6, 10)),
        _rectified(k, team, inspection_date=date(2025, 12, 20), kind="安全行为", deadline=date(2026, 1, 10)),
        _inspection(k, team, inspection_date=date(2025, 8, 1), kind="未发现问题", description="现场检查未发现问题"),
    ):
        ins.save_inspection(store, data, today=TODAY)


def _tasks(store, k) -> None:  # type: ignore[no-untyped-def]
    """By hand: 2024 done on time, 2025 done late, and one of 2023 still open (before the period: not counted)."""
    sv.save_task(store, sv.TaskData("清理巷道浮煤", k.b1, date(2024, 3, 1), 7, done_date=date(2024, 3, 5),
                                    confirmed_by="李明"), TODAY)
    sv.save_task(store, sv.TaskData("更换破损托辊", k.b2, date(2025, 8, 1), 7, done_date=date(2025, 8, 20),
                                    confirmed_by="陈静"), TODAY)
    sv.save_task(store, sv.TaskData("完善班前会记录", k.b2, date(2023, 12, 1), 10), TODAY)


def _posts(store, k) -> None:  # type: ignore[no-untyped-def]
    def m(key: str, role: str = PostRole.MEMBER.value) -> ps.PostMemberData:
        return ps.PostMemberData("", k.people[key], role)

    ps.save_post(store, _post(k.b1, m("A", PostRole.LEAD.value), m("B"), listed_on=date(2024, 3, 1)))
    ps.save_post(store, _post(k.b2, m("F"), m("H"), kind=PostKind.COMMANDO.value, name="掘进二队突击队"))
    ps.save_post(store, _post(k.b1, m("D"), kind=PostKind.VANGUARD.value, name="检修岗", listed_on=date(2024, 5, 1),
                              delisted_on=date(2025, 6, 1), delist_reason="岗位调整"))
    ps.save_post(store, _post(k.b2, m("G"), kind=PostKind.SAFETY.value, name="皮带安全监督岗",  # before the period
                              listed_on=date(2023, 1, 1)))


@pytest.fixture
def built(known):  # type: ignore[no-untyped-def]
    store, k = known
    _inspections(store, k)
    _tasks(store, k)
    _contests(store, k)
    _posts(store, k)
    return store, k


def test_period_states_each_register(built) -> None:  # type: ignore[no-untyped-def]
    store, k = built
    period = period_dashboards(store, k.root, 2024, 2025, today=TODAY)
    text = report.period_paragraphs(period)
    # 整改: 2024-05 on time; 2024-11 done 2025-01-10 (late); 2025-06 overdue; 2025-12 due 2026-01-10 (under way)
    assert (
        "2024年至2025年，累计开展纪律作风督导检查6次，发现问题5个（纪律问题1个、作风问题1个、安全行为问题1个、三违问题2个）；"
        "需整改的4个问题中，截至2025年12月31日，已整改2个（其中按期整改1个），正在整改1个，逾期未整改1个。"
    ) in text
    # the four 整改 and two items by hand; the 2023 item is before the period
    assert (
        "2024年至2025年，实行13710督办，累计交办督办事项6件，按时办结2件、超时办结2件；"
        "截至2025年12月31日，尚有2件未办结，其中逾期1件。"
    ) in text
    # 2025: 集团 (王建国 1, 吴刚 2, 赵外矿 3, 陈静 —) and 矿 (周杰 1, 吴刚 2; one winner place); 2024: 矿, no entrants
    assert (
        "2024年至2025年，累计组织开展技术比武3场（集团级1场、矿级2场），参赛职工6人次，4人次获奖（其中党员2人次），"
        "3人次被授予“技术能手”“岗位能手”称号。"
    ) in text
    # hung in the period: 示范岗 2024, 先锋岗 2024 (taken down 2025-06), 突击队 2025; the 安全监督岗 of 2023 stands on
    assert (
        "2024年至2025年，深化“亮明身份”，先后挂牌党员示范岗1个、党员先锋岗1个、党员突击队1支；截至2025年12月31日，"
        "现有党员示范岗1个、党员突击队1支、党员安全监督岗1个，4名党员亮身份、挂牌上岗，一线党员上岗率为67%。"
    ) in text
    # zones of the known store: 运输巷 2024-01-01 to 2025-06-30, 8101工作面 from 2025-01-01, 机房 from 2026
    assert (
        "2024年至2025年，先后设立党员责任区2个；截至2025年12月31日，现有党员责任区1个，1名党员认领责任区，"
        "占党员总数的17%。"
    ) in text
    # brands of the known store: 综采一队 2020 (own), 掘进二队 2025, 机关 2026
    assert (
        "2024年至2025年，先后创建党建品牌1个，党建品牌覆盖率由2024年的33%提高到2025年的67%；"
        "截至2025年12月31日，3个党支部中2个创建了党建品牌，“一支部一品牌”达到33%。"
    ) in text
    # the year's own dashboard had the late 整改 overdue at the end of 2024; the period has it done
    assert period[0].value("inspections.overdue") == 1 and period.span.value("inspections.done") == 2
    assert text[-1].startswith("截至2025年12月31日，测试矿党委共有党员")
    blocks = [b.text for b in report.period_document(period).blocks if hasattr(b, "text")]
    assert blocks[1:] == text
    pdf = text_of(report.render_period_report(period))
    assert "先后挂牌党员示范岗1个、党员先锋岗1个、党员突击队1支" in pdf and "超时办结2件" in pdf


def test_a_period_before_the_registers(built) -> None:  # type: ignore[no-untyped-def]
    """2022–2023: no inspection, contest or zone yet, no brand created in it (综采一队's is of 2020): no sentence of
    them, no 累计 of nothing; the 2023 item and the 2023 post are stated as they stood at the end of 2023."""
    store, k = built
    text = report.period_paragraphs(period_dashboards(store, k.root, 2022, 2023, today=TODAY))
    joined = "".join(text)
    assert "督导检查" not in joined and "比武" not in joined and "责任区" not in joined
    assert (
        "2022年至2023年，实行13710督办，累计交办督办事项1件；截至2023年12月31日，尚有1件未办结，其中逾期1件。"
    ) in text
    # 一线 members at the end of 2023: 王建国 李明 刘洋, 陈静 周杰 郑华 (transferred out only in 2025)
    assert (
        "2022年至2023年，深化“亮明身份”，先后挂牌党员安全监督岗1个；截至2023年12月31日，现有党员安全监督岗1个，"
        "1名党员亮身份、挂牌上岗，一线党员上岗率为17%。"
    ) in text
    assert (
        "截至2023年12月31日，3个党支部中1个创建了党建品牌，党建品牌覆盖率达到33%，“一支部一品牌”达到33%。"
    ) in text


def test_a_period_of_one_branch(built) -> None:  # type: ignore[no-untyped-def]
    """掘进二队 alone: its own inspections (the 作风 done late, the 三违 overdue), items and contest; one kind of
    problem is named in the clause, one contest level too."""
    store, k = built
    text = report.period_paragraphs(period_dashboards(store, k.b2, 2024, 2025, today=TODAY))
    assert (
        "2024年至2025年，累计开展纪律作风督导检查2次，发现问题2个（作风问题1个、三违问题1个）；需整改的2个问题中，"
        "截至2025年12月31日，已整改1个，逾期未整改1个。"
    ) in text
    assert "2024年至2025年，累计组织开展矿级技术比武1场，参赛职工2人次，1人次获奖（其中党员1人次），1人次被授予“岗位能手”称号。" in text


def test_the_stats_command_gives_the_period_figures(built, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    store, _k = built
    argv = ["stats", "--data-dir", str(store.data_dir), "--unit", "T", "--from-year", "2024", "--to-year", "2025"]
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["span"]["supervision_span"] == {"assigned": 6, "on_time": 2, "late": 2, "open": 2, "overdue": 1}
    assert data["span"]["inspections"]["done"] == 2 and data["years"]["2024"]["inspections"]["overdue"] == 1
    assert data["totals"]["contests.events"] == 3
    assert any(s.startswith("2024年至2025年，实行13710督办，累计交办督办事项6件") for s in data["sentences"])


def test_a_contest_still_to_come_is_not_counted(built) -> None:  # type: ignore[no-untyped-def]
    """An event planned for December of the running year, with its entrants listed, is no 技术比武 held yet: neither
    the year's figures nor the period's sentence count it."""
    from jiaomei_desktop.domain.contests import EntrantData
    from jiaomei_desktop.services import contests as ct

    store, k = built
    planned = ct.save_event(
        store, ct.EventData("2026年电钳工技术比武", date(2026, 12, 8), "电钳工", "省", "省总工会", k.root), today=TODAY
    )
    ct.save_entrants(store, planned, [EntrantData("李明", k.b1, k.people["B"], None, None)], today=TODAY)
    period = period_dashboards(store, k.root, 2025, 2026, today=TODAY)
    assert period[-1].value("contests.events") == 0 and period[-1].value("contests.entrants") == 0
    assert (
        "2025年至2026年，累计组织开展技术比武2场（集团级1场、矿级1场），参赛职工6人次，4人次获奖（其中党员2人次），"
        "3人次被授予“技术能手”“岗位能手”称号。"
    ) in report.period_paragraphs(period)
