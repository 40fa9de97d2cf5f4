"""The 统计 figures and the annual report's sentences of 创新工作室, 技术比武 and 亮明身份: exact text, clauses with a
zero left out, numbers as 党政公文 write them; the click-through lists the records behind a figure."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.domain.registers import AwardLevel, InnovationKind
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services import innovation, statistics
from jiaomei_desktop.services import posts as ps
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.statistics.model import Dashboard, Figure, FigureGroup
from jiaomei_desktop.services.statistics.report import (
    contests_paragraph,
    posts_paragraph,
    render_report,
    studios_paragraph,
)
from tests.registers.known import TODAY


def _studio(k, *keys: str, **kw) -> st.StudioData:  # type: ignore[no-untyped-def]
    values = dict(
        name="陈静劳模创新工作室",
        kind=StudioKind.MODEL_WORKER.value,
        level=StudioLevel.PROVINCIAL.value,
        unit_id=k.b2,
        founded_on=date(2021, 5, 1),
        members=tuple(k.people[x] for x in keys),
        leader_id=k.people[keys[0]],
    )
    values.update(kw)
    return st.StudioData(**values)  # type: ignore[arg-type]


def _build_studios(store, k) -> dict[str, str]:  # type: ignore[no-untyped-def]
    ids = {
        "a": st.save_studio(
            store,
            _studio(k, "F", "G", "H", alliance="河南省劳模创新工作室联盟", alliance_joined_on=date(2023, 6, 1)),
            TODAY,
        ),
        "b": st.save_studio(
            store,
            _studio(
                k,
                "A",
                "B",
                name="王建国劳模创新工作室",
                unit_id=k.b1,
                level=StudioLevel.GROUP.value,
                alliance="河南省劳模创新工作室联盟",
                alliance_joined_on=date(2024, 3, 1),
            ),
            TODAY,
        ),
        "c": st.save_studio(
            store,
            _studio(
                k,
                "B",
                "C",
                name="综采一队职工创新工作室",
                kind=StudioKind.WORKER.value,
                unit_id=k.b1,
                level=StudioLevel.GROUP.value,
            ),
            TODAY,
        ),
        # closed before the end of 2025: not counted on 2025-12-31, its 2025 output still is
        "d": st.save_studio(
            store,
            _studio(
                k,
                "D",
                name="刘洋技能大师工作室",
                kind=StudioKind.SKILL_MASTER.value,
                unit_id=k.b1,
                level=StudioLevel.MINE.value,
                closed_on=date(2025, 10, 1),
                close_reason="领衔人退休",
            ),
            TODAY,
        ),
    }
    for key, kind, title, year, level in (
        ("a", InnovationKind.UTILITY_PATENT, "一种锚杆快速安装装置", 2025, None),
        ("a", InnovationKind.INVENTION_PATENT, "一种掘进机截割控制方法", 2025, None),
        ("a", InnovationKind.TECH_PROJECT, "快速掘进工艺攻关", 2025, None),
        ("a", InnovationKind.AWARD, "中国煤炭工业协会科学技术奖", 2025, AwardLevel.INDUSTRY.value),
        ("b", InnovationKind.MASS_RESULT, "采煤机截齿快换工具", 2025, None),
        ("d", InnovationKind.MASS_RESULT, "液压支架快速检修法", 2025, None),
        ("a", InnovationKind.UTILITY_PATENT, "一种皮带清扫器", 2024, None),  # another year
    ):
        unit = k.b2 if key == "a" else k.b1
        item_id = innovation.save_item(
            store, innovation.InnovationData(kind.value, title, unit, year, studio_id=ids[key]), TODAY
        )
        if level:
            _set_award_level(store, item_id, level)
    return ids


def _set_award_level(store, item_id: str, level: str) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.db.models import InnovationItem

    with store.transaction() as session:
        session.get(InnovationItem, item_id).award_level = level


def test_studio_figures_and_sentence(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    _build_studios(store, k)
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    values = {f.key: f.value for g in dash.groups if g.key.startswith("studios") for f in g.figures if f.value}
    assert values == {
        "studios.studios": 3,
        "studios.members": 6,  # 陈静 周杰 吴刚, 王建国 李明, 张丽 (李明 on two teams counts once)
        "studios.alliance": 2,
        "studios.联盟·河南省劳模创新工作室联盟": 2,
        "studios.results": 3,
        "studios.patents": 2,
        "studios.awards": 1,
        "studios.获奖·行业协会": 1,
        "studios_by_kind.劳模创新工作室": 2,
        "studios_by_kind.职工创新工作室": 1,
        "studios_by_level.省级": 1,
        "studios_by_level.集团级": 2,
    }
    assert studios_paragraph(dash) == (
        "建成创新工作室3个（劳模创新工作室2个、职工创新工作室1个；省级1个、集团级2个），"
        "其中2个加入河南省劳模创新工作室联盟，工作室成员6名；"
        "全年取得创新成果3项、获得专利2项，1项创新成果获行业协会技术奖。"
    )
    # One branch: one kind, no alliance clause, no award.
    one = statistics.dashboard(store, k.b1, 2025, today=TODAY)
    assert studios_paragraph(one) == (
        "建成创新工作室2个（劳模创新工作室1个、职工创新工作室1个；集团级2个），其中1个加入河南省劳模创新工作室联盟，"
        "工作室成员3名；全年取得创新成果2项。"
    )
    b2 = statistics.dashboard(store, k.b2, 2025, today=TODAY)
    assert studios_paragraph(b2).startswith("建成劳模创新工作室1个（省级1个），其中1个加入河南省劳模创新工作室联盟")
    # Before any studio was founded: no sentence at all.
    assert studios_paragraph(statistics.dashboard(store, k.root, 2020, today=TODAY)) == ""
    # The click-through lists the studios and the output.
    rows = statistics.records_behind(store, dash.figure("studios.alliance"))
    assert sorted(r[0] for r in rows.rows) == ["王建国劳模创新工作室", "陈静劳模创新工作室"]
    patents = statistics.records_behind(store, dash.figure("studios.patents"))
    assert sorted(r[1] for r in patents.rows) == ["一种掘进机截割控制方法", "一种锚杆快速安装装置"]


def _dash(values: dict[str, float], alliances: dict[str, int] | None = None) -> Dashboard:
    """A dashboard holding only the studio groups, for the sentence's edge cases."""
    kinds = [k.value for k in StudioKind]
    levels = [v.value for v in reversed(StudioLevel)]
    summary = [
        Figure(f"studios.{n}", n, values.get(n, 0))
        for n in ("studios", "members", "alliance", "results", "patents", "awards")
    ]
    summary += [Figure(f"studios.联盟·{a}", a, n) for a, n in (alliances or {}).items()]
    summary += [Figure(f"studios.获奖·{a.value}", a.value, values.get(f"获奖·{a.value}", 0)) for a in AwardLevel]
    return Dashboard(
        "u",
        "测试矿党委",
        2025,
        date(2025, 12, 31),
        (
            FigureGroup("studios", "创新工作室", tuple(summary)),
            FigureGroup(
                "studios_by_kind", "", tuple(Figure(f"studios_by_kind.{n}", n, values.get(n, 0)) for n in kinds)
            ),
            FigureGroup(
                "studios_by_level", "", tuple(Figure(f"studios_by_level.{n}", n, values.get(n, 0)) for n in levels)
            ),
        ),
    )


@pytest.mark.parametrize(
    ("values", "alliances", "sentence"),
    [
        (
            {
                "studios": 36,
                "劳模创新工作室": 36,
                "省级": 7,
                "集团级": 29,
                "members": 12480,
                "results": 158,
                "patents": 46,
                "国家级": 0,
            },
            {"河南省劳模创新工作室联盟": 7},
            "建成劳模创新工作室36个（省级7个、集团级29个），其中7个加入河南省劳模创新工作室联盟，工作室成员1.2万名；"
            "全年取得创新成果158项、获得专利46项。",
        ),
        (
            {"studios": 9, "劳模创新工作室": 5, "党员创新工作室": 4, "集团级": 9, "members": 80},
            {"河南省劳模创新工作室联盟": 3, "焦煤集团创新工作室联盟": 2},
            "建成创新工作室9个（劳模创新工作室5个、党员创新工作室4个；集团级9个），"
            "其中3个加入河南省劳模创新工作室联盟、2个加入焦煤集团创新工作室联盟，工作室成员80名。",
        ),
        ({"results": 2, "awards": 1}, {}, "创新工作室全年取得创新成果2项，获奖1项。"),
        (
            {"studios": 2, "技能大师工作室": 2, "矿级": 2, "members": 11, "awards": 3, "获奖·省部级": 2},
            {},
            "建成技能大师工作室2个（矿级2个），工作室成员11名；全年2项创新成果获省部级技术奖。",
        ),
        ({}, {}, ""),
    ],
)
def test_studio_sentence_leaves_zero_clauses_out(values, alliances, sentence) -> None:  # type: ignore[no-untyped-def]
    assert studios_paragraph(_dash(values, alliances)) == sentence


def _contests(store, k) -> None:  # type: ignore[no-untyped-def]
    first = ct.save_event(
        store,
        ct.EventData("2025年采煤机司机技术比武", date(2025, 9, 20), "采煤机司机", "集团", "焦煤集团工会", k.root),
        today=TODAY,
    )
    ct.save_entrants(
        store,
        first,
        [
            EntrantData("王建国", k.b1, k.people["A"], 95.5, 1),
            EntrantData("吴刚", k.b2, k.people["H"], 91.0, 2),
            EntrantData("赵外矿", k.b2, None, 88.0, 3),
            EntrantData("陈静", k.b2, k.people["F"], 70.0, None),
        ],
        today=TODAY,
    )
    ct.grant_honours(store, first, today=TODAY)  # 王建国 and 吴刚; 赵外矿 is not on the roster
    second = ct.save_event(
        store,
        ct.EventData(
            "2025年综掘机司机技术比武",
            date(2025, 5, 8),
            "综掘机司机",
            "矿",
            "测试矿工会",
            k.b2,
            honour_category="岗位能手",
            winner_places=1,
        ),
        today=TODAY,
    )
    ct.save_entrants(
        store,
        second,
        [EntrantData("周杰", k.b2, k.people["G"], 92.0, 1), EntrantData("吴刚", k.b2, k.people["H"], 90.0, 2)],
        today=TODAY,
    )
    ct.grant_honours(store, second, today=TODAY)
    ct.save_event(  # another year
        store,
        ct.EventData("2024年电工技术比武", date(2024, 6, 1), "电工", "矿", "测试矿工会", k.b1),
        today=TODAY,
    )


def test_contest_figures_and_sentence(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    _contests(store, k)
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    assert {f.key: f.value for f in dash.group("contests").figures} == {
        "contests.events": 2,
        "contests.entrants": 6,
        "contests.winners": 4,
        "contests.member_winners": 2,  # 王建国 and 周杰; 吴刚 is 群众, 赵外矿 not on the roster
        "contests.honoured": 3,
        "contests.honoured·技术能手": 2,
        "contests.honoured·岗位能手": 1,
    }
    assert contests_paragraph(dash) == (
        "组织开展技术比武2场，参赛职工6人次，4人次获奖（其中党员2人次），3人次被授予“技术能手”“岗位能手”称号。"
    )
    assert contests_paragraph(statistics.dashboard(store, k.b2, 2025, today=TODAY)) == (
        "组织开展技术比武1场，参赛职工2人次，1人次获奖（其中党员1人次），1人次被授予“岗位能手”称号。"
    )
    # 2024: an event without results — the event alone; 2023: nothing.
    assert contests_paragraph(statistics.dashboard(store, k.root, 2024, today=TODAY)) == "组织开展技术比武1场。"
    assert contests_paragraph(statistics.dashboard(store, k.root, 2023, today=TODAY)) == ""
    entrants = statistics.records_behind(store, dash.figure("contests.winners"))
    assert sorted(r[0] for r in entrants.rows) == ["吴刚", "周杰", "王建国", "赵外矿"]
    assert [r[1] for r in statistics.records_behind(store, dash.figure("contests.events")).rows] == [
        "2025年采煤机司机技术比武",
        "2025年综掘机司机技术比武",
    ]


def _post(unit: str, *people: ps.PostMemberData, **kw) -> ps.PostData:  # type: ignore[no-untyped-def]
    values = dict(
        kind=PostKind.MODEL.value, name="采煤机司机岗", unit_id=unit, listed_on=date(2025, 3, 1), members=people
    )
    values.update(kw)
    return ps.PostData(**values)  # type: ignore[arg-type]


def test_posts_sentence(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known

    def m(key: str, role: str = PostRole.MEMBER.value) -> ps.PostMemberData:
        return ps.PostMemberData("", k.people[key], role)

    ps.save_post(store, _post(k.b1, m("A", PostRole.LEAD.value), m("B")))
    ps.save_post(store, _post(k.b2, m("F"), m("H"), kind=PostKind.COMMANDO.value, name="掘进二队突击队"))
    ps.save_post(store, _post(k.b2, m("G"), kind=PostKind.SAFETY.value, name="皮带安全监督岗"))
    ps.save_post(
        store,
        _post(
            k.b1,
            m("D"),
            kind=PostKind.VANGUARD.value,
            name="检修岗",
            delisted_on=date(2025, 6, 1),
            delist_reason="岗位调整",
        ),
    )
    dash = statistics.dashboard(store, k.root, 2025, today=TODAY)
    # 一线 members: the six members of 综采一队 and 掘进二队; on a post on 2025-12-31: 王建国 李明 陈静 周杰.
    assert posts_paragraph(dash) == (
        "深化“亮明身份”，设立党员示范岗1个、党员突击队1支、党员安全监督岗1个，4名党员亮身份、挂牌上岗，"
        "一线党员上岗率为67%。"
    )
    assert posts_paragraph(statistics.dashboard(store, k.root, 2024, today=TODAY)) == ""


def test_posts_sentence_without_front_line_members() -> None:
    figures = {
        "posts": 2,
        "model": 2,
        "vanguard": 0,
        "commando": 0,
        "safety": 0,
        "members": 3,
        "front_line_members": 0,
        "front_line_share": 0.0,
    }
    dash = Dashboard(
        "u",
        "机关党委",
        2025,
        date(2025, 12, 31),
        (FigureGroup("posts", "", tuple(Figure(f"posts.{k}", k, v) for k, v in figures.items())),),
    )
    assert posts_paragraph(dash) == "深化“亮明身份”，设立党员示范岗2个，3名党员亮身份、挂牌上岗。"


def test_report_pdf_carries_the_three_sentences(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    _build_studios(store, k)
    _contests(store, k)
    ps.save_post(store, _post(k.b1, ps.PostMemberData("", k.people["A"], PostRole.LEAD.value)))
    pdf = render_report(statistics.dashboard(store, k.root, 2025, today=TODAY), store=store)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for phrase in ("建成创新工作室3个", "组织开展技术比武2场", "深化“亮明身份”，设立党员示范岗1个"):
        assert phrase in text
