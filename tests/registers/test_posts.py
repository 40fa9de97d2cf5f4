"""亮明身份 (示范岗 / 先锋岗 / 突击队 / 安全监督岗): rules and bad input that writes nothing, members replaced as
row changes, the list's filter, who wears the 党员 mark, figures with the 一线 share, Excel export, placard text."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from jiaomei_desktop.db.models.post import IdentityPost, IdentityPostMember
from jiaomei_desktop.domain.posts import PostKind, PostRole, is_front_line
from jiaomei_desktop.services import posts as ps
from jiaomei_desktop.services.errors import ValidationFailed
from tests.registers.known import TODAY


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0


def _post(unit: str, *people: ps.PostMemberData, **kw) -> ps.PostData:  # type: ignore[no-untyped-def]
    values = dict(
        kind=PostKind.MODEL.value,
        name="采煤机司机岗",
        unit_id=unit,
        listed_on=date(2026, 3, 1),
        members=people,
        place="8101综采工作面",
        duties="严格执行操作规程\n带头排查隐患",
        pledge="安全生产我带头\n工作质量我带头",
    )
    values.update(kw)
    return ps.PostData(**values)  # type: ignore[arg-type]


def _m(k, key: str, role: str = PostRole.MEMBER.value) -> ps.PostMemberData:  # type: ignore[no-untyped-def]
    return ps.PostMemberData("", k.people[key], role)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (dict(members=()), "members", "请至少添加一名成员"),
        (dict(delisted_on=date(2026, 2, 1), delist_reason="岗位调整"), "delisted_on", "摘牌日期不能早于挂牌日期"),
        (dict(delisted_on=date(2026, 9, 1)), "delist_reason", "摘牌须写明原因"),
        (dict(delist_reason="岗位调整"), "delisted_on", "写了摘牌原因，请同时填写摘牌日期"),
        (dict(listed_on=None), "listed_on", "请填写挂牌日期"),
        (dict(kind="示范班组"), "kind", "请选择类别"),
        (dict(name="  "), "name", "请填写岗位或队名"),
        (dict(unit_id=None), "unit_id", "请选择单位"),
    ],
)
def test_bad_post_is_refused_and_writes_nothing(known, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    data = replace(_post(k.b1, _m(k, "A")), **change)
    assert message in ps.check_post(store, data)[field]
    with pytest.raises(ValidationFailed, match=message):
        ps.save_post(store, data)
    assert _count(store, IdentityPost) == 0 and _count(store, IdentityPostMember) == 0


def test_only_party_members_on_a_post_but_a_commando_takes_workers(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    # 孙强 is a 群众 (an 入党积极分子 on the way in): not on a 示范岗 / 先锋岗 / 安全监督岗.
    for kind in (PostKind.MODEL, PostKind.VANGUARD, PostKind.SAFETY):
        errors = ps.check_post(store, _post(k.b1, _m(k, "A"), _m(k, "E"), kind=kind.value))
        assert errors == {"members.2": f"第2行：孙强是群众，{kind.value}只能由党员担任"}
    typed = ps.PostMemberData("赵外协")
    assert (
        ps.check_post(store, _post(k.b1, typed))["members.1"]
        == "第1行：赵外协不在花名册中，党员示范岗只能由在册党员担任"
    )
    # 郑华 transferred out: on no post at all.
    assert "已转出" in ps.check_post(store, _post(k.b2, _m(k, "I")))["members.1"]
    assert ps.check_post(store, _post(k.b1, _m(k, "A"), _m(k, "A")))["members.2"] == "第2行：王建国重复"
    # A 突击队 takes a non-member and a typed-in worker, but needs at least one member.
    team = dict(kind=PostKind.COMMANDO.value, name="综采一队抢险突击队")
    assert ps.check_post(store, _post(k.b1, _m(k, "E"), typed, **team)) == {"members": "党员突击队至少要有一名党员"}
    post_id = ps.save_post(store, _post(k.b1, _m(k, "A", PostRole.LEAD.value), _m(k, "E"), typed, **team))
    row = ps.list_posts(store, k.b1)[0]
    assert row.id == post_id and row.party_members == 1
    assert [(m.name, m.is_member, m.status_text) for m in row.members] == [
        ("王建国", True, "正式党员"),
        ("孙强", False, "群众"),
        ("赵外协", False, "职工（未在花名册）"),
    ]
    assert _count(store, IdentityPostMember) == 3


def test_a_party_group_is_no_unit_for_a_post(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.enums import UnitKind
    from jiaomei_desktop.services import org

    store, k = known
    group = org.add_unit(store, k.b1, "T-01-G1", "第一党小组", UnitKind.PARTY_GROUP).id
    assert ps.check_post(store, _post(group, _m(k, "A")))["unit_id"] == "请选择党支部或上级单位，而不是党小组"


def test_edit_keeps_rows_of_people_still_on_the_post_and_delete_tombstones(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    post_id = ps.save_post(store, _post(k.b1, _m(k, "A"), _m(k, "B")))
    with store.reading() as session:
        first = {m.person_id: m.id for m in session.scalars(select(IdentityPostMember))}
    ps.save_post(store, replace(ps.get_post(store, post_id), members=(_m(k, "B"), _m(k, "C"))))
    with store.reading() as session:
        live = {
            m.person_id: m.id
            for m in session.scalars(select(IdentityPostMember).where(IdentityPostMember.deleted.is_(False)))
        }
    assert live[k.people["B"]] == first[k.people["B"]] and set(live) == {k.people["B"], k.people["C"]}
    assert [m.name for m in ps.get_post(store, post_id).members] == ["李明", "张丽"]
    ps.delete_post(store, post_id)
    assert _count(store, IdentityPost) == 0 and _count(store, IdentityPostMember) == 0
    assert ps.list_posts(store) == []


def test_filter_wearers_and_figures(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    ps.save_post(store, _post(k.b1, _m(k, "A", PostRole.LEAD.value), _m(k, "B")))
    ps.save_post(store, _post(k.b1, _m(k, "A"), kind=PostKind.SAFETY.value, name="工作面安全监督岗"))
    ps.save_post(store, _post(k.b2, _m(k, "F"), _m(k, "H"), kind=PostKind.COMMANDO.value, name="掘进二队突击队"))
    ps.save_post(
        store,
        _post(
            k.b2,
            _m(k, "G"),
            kind=PostKind.VANGUARD.value,
            name="皮带集控岗",
            delisted_on=date(2026, 6, 1),
            delist_reason="岗位调整",
        ),
    )
    rows = ps.list_posts(store)
    assert len(rows) == 4
    assert [r.name for r in ps.filter_posts(rows, kind=PostKind.COMMANDO.value)] == ["掘进二队突击队"]
    assert [r.name for r in ps.filter_posts(rows, text="李明")] == ["采煤机司机岗"]
    assert len(ps.filter_posts(rows, active_on=TODAY)) == 3
    assert len(ps.filter_posts(rows, active_on=date(2026, 5, 1))) == 4

    worn = ps.wearers(store, None, TODAY)
    # By unit (tree order), post, then the post's own order; 吴刚 (群众) wears no 党员 mark; 周杰's post is down.
    b1_lines = [
        ("王建国", "工作面安全监督岗", "成员"),
        ("王建国", "采煤机司机岗", "负责人"),
        ("李明", "采煤机司机岗", "成员"),
    ]
    b2_lines = [("陈静", "掘进二队突击队", "成员")]
    b1_first = rows[0].unit_id == k.b1
    assert [(w.name, w.post_name, w.role) for w in worn] == (b1_lines + b2_lines if b1_first else b2_lines + b1_lines)
    assert ps.export_wearers(worn, tmp_path / "w.xlsx") == 4
    sheet = load_workbook(tmp_path / "w.xlsx").active
    assert [c.value for c in sheet[1]] == ["姓名", "政治面貌", "所在支部", "岗位/队名", "类别", "角色", "挂牌日期"]
    assert [c.value for c in sheet[2]][:4] == [worn[0].name, "正式党员", worn[0].branch_name, worn[0].post_name]
    assert {sheet.cell(2, 3).value, sheet.cell(5, 3).value} == {"综采一队党支部", "掘进二队党支部"}

    f = ps.figures(store, None, TODAY)
    assert f.posts == 3 and f.delisted == 1
    assert f.by_kind == {"党员示范岗": 1, "党员先锋岗": 0, "党员突击队": 1, "党员安全监督岗": 1}
    assert (f.people, f.members_on_posts, f.workers_on_posts) == (4, 3, 1)
    # 一线: 综采一队 (王建国 李明 张丽 刘洋) and 掘进二队 (陈静 周杰); 机关 is no 一线 unit; 3 of 6 on a post.
    assert (f.front_line_members, f.front_line_on_posts, f.front_line_share) == (6, 3, 0.5)
    assert ps.figures(store, k.b2, date(2026, 5, 1)).as_dict()["front_line_share"] == 1.0
    assert ps.figures(store, k.b3, TODAY).front_line_share is None

    assert ps.export_posts(rows, tmp_path / "p.xlsx") == 4
    lines = [[c.value for c in r] for r in load_workbook(tmp_path / "p.xlsx").active.iter_rows()]
    assert lines[0][:3] == ["类别", "岗位/队名", "单位"]
    assert "陈静、吴刚（职工）" in [line[7] for line in lines]


def test_front_line_units_by_name() -> None:
    assert all(
        map(
            is_front_line,
            (
                "九里山矿综采一队党支部",
                "选煤公司洗选车间党支部",
                "九里山矿选煤厂党支部",
                "建设工程公司土建工程处党支部",
                "九里山矿救护中队党支部",
            ),
        )
    )
    assert not any(
        map(
            is_front_line,
            (
                "九里山矿机关第一党支部",
                "九里山矿地测科党支部",
                "调度指挥中心党支部",
                "煤炭运销公司销售一部党支部",
                "九里山矿调度室党支部",
            ),
        )
    )


def test_placard_heading_follows_the_kind(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    post_id = ps.save_post(
        store,
        _post(
            k.b2,
            _m(k, "F", PostRole.LEAD.value),
            _m(k, "H"),
            ps.PostMemberData("赵外协"),
            kind=PostKind.COMMANDO.value,
            name="掘进二队抢险突击队",
            place=None,
        ),
    )
    data = ps.placard_data(store, post_id)
    assert (data.kind, data.member_name, data.zone) == (
        "党员突击队",
        "陈静（负责人）、吴刚（职工）、赵外协（职工）",
        "掘进二队抢险突击队",
    )
    assert data.scope == "严格执行操作规程；带头排查隐患" and data.duties == ["安全生产我带头", "工作质量我带头"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(ps.render_post_placard(store, post_id))).pages)
    flat = text.replace(" ", "").replace("\n", "").replace("　", "")
    for part in (
        "党员突击队",
        "队员：",
        "陈静（负责人）",
        "队名：掘进二队抢险突击队",
        "任务：",
        "安全生产我带头",
        "掘进二队党支部",
    ):
        assert part in flat, part
    model_id = ps.save_post(store, _post(k.b1, _m(k, "A")))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(ps.render_post_placard(store, model_id))).pages)
    flat = text.replace(" ", "").replace("\n", "").replace("　", "")
    assert "党员示范岗" in flat and "党员：王建国" in flat and "岗位：采煤机司机岗（8101综采工作面）" in flat


def test_cli_posts_list(known, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    import json

    from jiaomei_desktop.cli.main import main

    store, k = known
    ps.save_post(
        store,
        _post(k.b2, _m(k, "F", PostRole.LEAD.value), _m(k, "H"), kind=PostKind.COMMANDO.value, name="掘进二队突击队"),
    )
    ps.save_post(
        store,
        _post(k.b1, _m(k, "A"), delisted_on=date(2025, 6, 1), delist_reason="岗位调整", listed_on=date(2024, 3, 1)),
    )
    base = ["--data-dir", str(store.data_dir), "--json"]
    assert main(["posts", "list", "--unit", "T-02", *base]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["kind"], r["name"], r["unit"]) for r in rows] == [("党员突击队", "掘进二队突击队", "掘进二队党支部")]
    assert rows[0]["members"] == [
        {"name": "陈静", "role": "负责人", "party_member": True, "political_status": "正式党员"},
        {"name": "吴刚", "role": "成员", "party_member": False, "political_status": "群众"},
    ]
    assert main(["posts", "list", "--unit", "T", "--year", "2024", *base]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)["rows"]] == ["采煤机司机岗"]
    assert main(["posts", "list", "--unit", "T", "--year", "2025", *base]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0  # the 示范岗 came down in June, the 突击队 came in 2026
    assert main(["posts", "list", "--unit", "T", "--year", "2026", *base]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)["rows"]] == ["掘进二队突击队"]
    assert main(["posts", "list", "--unit", "NOPE", *base]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]


def test_another_offices_posts_are_read_only(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import ReadOnlyRecord
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.sync.authority import FILED_UNDER
    from jiaomei_desktop.sync.tables import table_by_name

    store, k = known
    post_id = ps.save_post(store, _post(k.b1, _m(k, "A"), _m(k, "B")))
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ps.save_post(store, replace(ps.get_post(store, post_id), name="改名"))
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ps.save_post(store, replace(ps.get_post(store, post_id), members=(_m(k, "A"),)))
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ps.delete_post(store, post_id)
    assert ps.get_post(store, post_id).name == "采煤机司机岗" and _count(store, IdentityPostMember) == 2
    # Both tables travel in bundles, the people filed where their post is.
    assert {"identity_post", "identity_post_member"} <= set(table_by_name())
    assert FILED_UNDER["identity_post_member"] == (("post_id", "identity_post"),)


def test_statistics_tab_figures(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import statistics

    store, k = known
    ps.save_post(store, _post(k.b1, _m(k, "A", PostRole.LEAD.value), _m(k, "B")))
    ps.save_post(store, _post(k.b2, _m(k, "F"), _m(k, "H"), kind=PostKind.COMMANDO.value, name="掘进二队突击队"))
    ps.save_post(
        store,
        _post(
            k.b2,
            _m(k, "G"),
            kind=PostKind.VANGUARD.value,
            name="皮带集控岗",
            delisted_on=date(2026, 6, 1),
            delist_reason="岗位调整",
        ),
    )
    dash = statistics.dashboard(store, k.root, 2026, today=TODAY)
    assert [
        dash.value(f"posts.{key}")
        for key in ("posts", "model", "vanguard", "commando", "safety", "members", "front_line_members")
    ] == [2, 1, 0, 1, 0, 3, 6]
    assert dash.value("posts.front_line_share") == pytest.approx(0.5)
    # On 2026-05-01 周杰's 先锋岗 was still hung: 4 of the 6 一线 members on a post.
    earlier = statistics.dashboard(store, k.b2, 2026, today=date(2026, 5, 1))
    assert (earlier.value("posts.posts"), earlier.value("posts.front_line_share")) == (2, pytest.approx(1.0))


def test_a_big_team_on_a4_is_told_to_use_a3(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import ServiceError

    store, k = known
    crew = [_m(k, key) for key in "ABCDFGH"]
    post_id = ps.save_post(store, _post(k.b1, *crew, kind=PostKind.COMMANDO.value, name="综采一队抢险救灾党员突击队"))
    with pytest.raises(ServiceError, match=r"在A4标牌上排不下.*请改用A3或展板"):
        ps.render_post_placard(store, post_id, paper="A4")
    assert ps.render_post_placard(store, post_id, paper="A3").startswith(b"%PDF")
