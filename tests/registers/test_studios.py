"""创新工作室: rules and bad input that writes nothing, the team replaced as row changes, the leader's honour, output
links from the innovation register (same line of units, working in the year, not a 改革任务), list, filter, Excel,
read-only elsewhere, sync registration, CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Honor, InnovationItem
from jiaomei_desktop.db.models.studio import InnovationStudio, InnovationStudioMember
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel, StudioRole
from jiaomei_desktop.services import innovation
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.errors import ValidationFailed
from tests.registers.known import TODAY


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0


def _studio(k, *keys: str, **kw) -> st.StudioData:  # type: ignore[no-untyped-def]
    keys = keys or ("F", "G")
    values = dict(
        name="陈静劳模创新工作室",
        kind=StudioKind.MODEL_WORKER.value,
        level=StudioLevel.GROUP.value,
        unit_id=k.b2,
        founded_on=date(2021, 5, 1),
        members=tuple(k.people[x] for x in keys),
        leader_id=k.people[keys[0]],
        focus="掘进工作面快速支护",
    )
    values.update(kw)
    return st.StudioData(**values)  # type: ignore[arg-type]


def _honor_of(store, person_id: str) -> str:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(Honor.id).where(Honor.person_id == person_id, Honor.deleted.is_(False)))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (dict(name=" "), "name", "请填写工作室名称"),
        (dict(kind="创客空间"), "kind", "请选择类别（劳模创新工作室、职工创新工作室、党员创新工作室、技能大师工作室）"),
        (dict(level="市级"), "level", "请选择级别（矿级、集团级、省级、国家级）"),
        (dict(unit_id=None), "unit_id", "请选择单位"),
        (dict(founded_on=None), "founded_on", "请填写成立日期"),
        (dict(founded_on=date(2026, 11, 24)), "founded_on", "成立日期不能晚于今天"),
        (dict(members=()), "members", "请至少添加一名成员（领衔人）"),
        (dict(leader_id=None), "leader_id", "请指定领衔人"),
        (dict(closed_on=date(2020, 1, 1), close_reason="合并"), "closed_on", "撤销日期不能早于成立日期"),
        (dict(closed_on=date(2026, 12, 1), close_reason="合并"), "closed_on", "撤销日期不能晚于今天"),
        (dict(closed_on=date(2025, 1, 1)), "close_reason", "撤销须写明原因"),
        (dict(close_reason="合并"), "closed_on", "写了撤销原因，请同时填写撤销日期"),
        (dict(alliance="河南省劳模创新工作室联盟"), "alliance_joined_on", "请填写加入联盟的日期"),
        (dict(alliance_joined_on=date(2022, 1, 1)), "alliance", "请填写联盟名称"),
        (
            dict(alliance="河南省劳模创新工作室联盟", alliance_joined_on=date(2021, 4, 30)),
            "alliance_joined_on",
            "加入联盟日期不能早于成立日期",
        ),
        (
            dict(alliance="联盟", alliance_joined_on=date(2026, 11, 24)),
            "alliance_joined_on",
            "加入联盟日期不能晚于今天",
        ),
        (
            dict(alliance="联盟", alliance_joined_on=date(2024, 1, 1), closed_on=date(2023, 1, 1), close_reason="合并"),
            "alliance_joined_on",
            "加入联盟日期不能晚于撤销日期",
        ),
    ],
)
def test_bad_studio_is_refused_and_writes_nothing(known, change, field, message) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    data = replace(_studio(k), **change)
    assert st.check_studio(store, data, TODAY)[field] == message
    with pytest.raises(ValidationFailed, match=message.replace("（", ".").replace("）", ".")):
        st.save_studio(store, data, TODAY)
    assert _count(store, InnovationStudio) == 0 and _count(store, InnovationStudioMember) == 0


def test_leader_must_be_a_member_on_the_roster(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    # 周杰 leads but is not on the team list.
    assert st.check_studio(store, _studio(k, "F", leader_id=k.people["G"]), TODAY) == {
        "leader_id": "领衔人须是工作室成员"
    }
    # Someone not on the roster (an unknown id), and a person twice.
    errors = st.check_studio(store, _studio(k, "F", "G", members=(k.people["F"], "no-such-person")), TODAY)
    assert errors == {"members.2": "第2行：所选人员不在花名册中或已删除"}
    errors = st.check_studio(store, _studio(k, "F", "G", members=(k.people["F"], k.people["G"], k.people["F"])), TODAY)
    assert errors == {"members.3": "第3行：陈静重复"}
    # 郑华 transferred out: not added to a team.
    assert st.check_studio(store, _studio(k, "F", "I"), TODAY) == {"members.2": "第2行：郑华已转出，不能加入工作室"}


def test_leader_honour_must_be_the_leaders(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    model_worker = _honor_of(store, k.people["F"])  # 陈静's 劳动模范 (省部级)
    other = _honor_of(store, k.people["A"])
    assert st.check_studio(store, _studio(k, leader_honor_id=other), TODAY) == {
        "leader_honor_id": "所选荣誉“优秀共产党员”不是领衔人陈静的荣誉"
    }
    assert st.check_studio(store, _studio(k, leader_honor_id="gone"), TODAY) == {
        "leader_honor_id": "所选荣誉不存在或已删除"
    }
    studio_id = st.save_studio(store, _studio(k, leader_honor_id=model_worker), TODAY)
    row = st.list_studios(store, k.root)[0]
    assert (row.id, row.leader_name, row.leader_honor) == (studio_id, "陈静", "劳动模范")
    assert st.leader_honors(store, k.people["F"]) == [(model_worker, "2025 省部级 劳动模范")]


def test_same_name_twice_in_one_unit_is_refused(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    st.save_studio(store, _studio(k), TODAY)
    assert st.check_studio(store, _studio(k), TODAY) == {"name": "本单位已有名为“陈静劳模创新工作室”的工作室"}
    assert st.check_studio(store, _studio(k, unit_id=k.b1), TODAY) == {}


def test_team_changes_are_row_changes(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    studio_id = st.save_studio(store, _studio(k, "F", "G", "H"), TODAY)
    with store.reading() as session:
        before = {
            m.person_id: (m.id, m.version, m.role)
            for m in session.scalars(
                select(InnovationStudioMember).where(InnovationStudioMember.studio_id == studio_id)
            )
        }
    assert before[k.people["F"]][2] == StudioRole.LEAD.value and before[k.people["G"]][2] == StudioRole.MEMBER.value
    # 吴刚 leaves, 周杰 becomes the leader: 陈静's and 周杰's rows change, 吴刚's becomes a tombstone.
    st.save_studio(
        store,
        replace(st.get_studio(store, studio_id), members=(k.people["G"], k.people["F"]), leader_id=k.people["G"]),
        TODAY,
    )
    with store.reading() as session:
        after = {
            m.person_id: (m.id, m.version, m.role, m.deleted)
            for m in session.scalars(
                select(InnovationStudioMember).where(InnovationStudioMember.studio_id == studio_id)
            )
        }
    assert after[k.people["H"]][3] is True
    assert after[k.people["G"]][0] == before[k.people["G"]][0] and after[k.people["G"]][2] == StudioRole.LEAD.value
    assert [m.name for m in st.list_studios(store, k.root)[0].members] == ["周杰", "陈静"]
    # Saving unchanged data writes nothing (no version bump).
    with store.reading() as session:
        version = session.get(InnovationStudio, studio_id).version
    st.save_studio(store, st.get_studio(store, studio_id), TODAY)
    with store.reading() as session:
        assert session.get(InnovationStudio, studio_id).version == version


def test_a_member_who_left_stays_on_a_saved_team(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.enums import MembershipState
    from jiaomei_desktop.services.membership import ChangeRequest, change_membership

    store, k = known
    studio_id = st.save_studio(store, _studio(k, "F", "G"), TODAY)
    change_membership(
        store,
        ChangeRequest(k.people["G"], MembershipState.TRANSFERRED_OUT, date(2026, 3, 1), to_unit_name="外单位"),
        today=TODAY,
    )
    assert st.check_studio(store, replace(st.get_studio(store, studio_id), focus="新方向"), TODAY) == {}
    assert not st.list_studios(store, k.root)[0].members[1].on_roll


def _item(
    k,
    studio_id: str | None,
    kind: InnovationKind = InnovationKind.UTILITY_PATENT,
    unit: str | None = None,
    year: int = 2025,
) -> innovation.InnovationData:  # type: ignore[no-untyped-def]
    return innovation.InnovationData(
        kind.value, "一种锚杆快速安装装置", unit or k.b2, year, people="陈静、周杰", studio_id=studio_id
    )


def test_output_links_from_the_innovation_register(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    studio_id = st.save_studio(store, _studio(k, closed_on=date(2025, 9, 1), close_reason="领衔人调离"), TODAY)
    # A result of another branch (综采一队 is not under 掘进二队, nor above it): refused, nothing written.
    bad = _item(k, studio_id, unit=k.b1)
    message = "“陈静劳模创新工作室”属于“掘进二队党支部”，与本成果的单位“综采一队党支部”不在同一单位体系，不能关联"
    assert innovation.check_item(store, bad, TODAY) == {"studio_id": message}
    items = _count(store, InnovationItem)
    with pytest.raises(ValidationFailed, match="不在同一单位体系"):
        innovation.save_item(store, bad, TODAY)
    assert _count(store, InnovationItem) == items
    # The unit above the studio (the mine's committee) may file the studio's patent.
    assert innovation.check_item(store, _item(k, studio_id, unit=k.root), TODAY) == {}
    # Not before the studio was founded, not after it closed, not a 改革任务, not a studio that is gone.
    assert innovation.check_item(store, _item(k, studio_id, year=2020), TODAY) == {
        "studio_id": "“陈静劳模创新工作室”2021年才成立，不能登记为其2020年的成果"
    }
    assert innovation.check_item(store, _item(k, studio_id, year=2026), TODAY) == {
        "studio_id": "“陈静劳模创新工作室”已于2025-09-01撤销，不能登记为其2026年的成果"
    }
    assert innovation.check_item(store, _item(k, studio_id, InnovationKind.REFORM_TASK), TODAY) == {
        "studio_id": "改革任务不是工作室的创新成果，不能关联创新工作室"
    }
    assert innovation.check_item(store, _item(k, "gone"), TODAY) == {"studio_id": "所选创新工作室不存在或已删除"}
    # Linked: the studio counts its output, the register shows the studio.
    item_id = innovation.save_item(store, _item(k, studio_id), TODAY)
    innovation.save_item(store, _item(k, studio_id, InnovationKind.TECH_PROJECT), TODAY)
    innovation.save_item(store, _item(k, studio_id, InnovationKind.AWARD), TODAY)
    row = st.list_studios(store, k.root)[0]
    assert (row.results, row.patents, row.awards) == (1, 1, 1)
    assert innovation.get_item(store, item_id).studio_id == studio_id
    assert {r.studio_name for r in innovation.list_items(store, k.b2, 2025)} == {"陈静劳模创新工作室"}


def test_a_studio_with_output_keeps_fitting_it(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    studio_id = st.save_studio(store, _studio(k), TODAY)
    innovation.save_item(store, _item(k, studio_id, year=2022), TODAY)
    innovation.save_item(store, _item(k, studio_id, year=2025), TODAY)
    data = st.get_studio(store, studio_id)
    assert st.check_studio(store, replace(data, founded_on=date(2023, 1, 1)), TODAY) == {
        "founded_on": "工作室已登记有2022年的成果，成立日期不能晚于该年"
    }
    assert st.check_studio(store, replace(data, closed_on=date(2024, 6, 30), close_reason="合并"), TODAY) == {
        "closed_on": "工作室已登记有2025年的成果，撤销日期不能早于该年"
    }
    assert st.check_studio(store, replace(data, unit_id=k.b1), TODAY) == {
        "unit_id": "工作室已关联“掘进二队党支部”的成果，不能改到与其不在同一单位体系的“综采一队党支部”"
    }
    # Deleting it would orphan the results: refused, nothing written; closing is the way.
    with pytest.raises(ValidationFailed, match="已关联2项创新成果，不能删除"):
        st.delete_studio(store, studio_id)
    assert _count(store, InnovationStudio) == 1 and _count(store, InnovationStudioMember) == 2


def test_delete_tombstones_studio_and_team(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    studio_id = st.save_studio(store, _studio(k), TODAY)
    st.delete_studio(store, studio_id)
    assert _count(store, InnovationStudio) == 0 and _count(store, InnovationStudioMember) == 0
    with store.reading() as session:
        assert session.get(InnovationStudio, studio_id).deleted  # a tombstone travels with the next bundle


def _three(store, k) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    a = st.save_studio(
        store,
        _studio(
            k,
            level=StudioLevel.PROVINCIAL.value,
            alliance="河南省劳模创新工作室联盟",
            alliance_joined_on=date(2023, 6, 1),
        ),
        TODAY,
    )
    b = st.save_studio(
        store,
        _studio(
            k,
            "A",
            "B",
            name="王建国职工创新工作室",
            kind=StudioKind.WORKER.value,
            unit_id=k.b1,
            level=StudioLevel.MINE.value,
            founded_on=date(2019, 3, 1),
            closed_on=date(2024, 12, 31),
            close_reason="并入综采一队党员创新工作室",
        ),
        TODAY,
    )
    c = st.save_studio(
        store,
        _studio(
            k,
            "B",
            "C",
            name="综采一队党员创新工作室",
            kind=StudioKind.PARTY_MEMBER.value,
            unit_id=k.b1,
            founded_on=date(2025, 1, 1),
        ),
        TODAY,
    )
    return a, b, c


def test_list_year_and_filter(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    a, b, c = _three(store, k)
    assert [r.id for r in st.list_studios(store, k.root)] == [c, b, a]  # by unit, then level from the highest
    assert [r.id for r in st.list_studios(store, k.b1)] == [c, b]
    assert {r.id for r in st.list_studios(store, k.root, 2024)} == {a, b}  # c founded in 2025
    assert {r.id for r in st.list_studios(store, k.root, 2025)} == {a, c}  # b closed at the end of 2024
    rows = st.list_studios(store, k.root)
    assert [r.id for r in st.filter_studios(rows, "王建国")] == [b]  # a member's name
    assert [r.id for r in st.filter_studios(rows, kind=StudioKind.PARTY_MEMBER.value)] == [c]
    assert [r.id for r in st.filter_studios(rows, level=StudioLevel.PROVINCIAL.value)] == [a]
    assert [r.id for r in st.filter_studios(rows, open_on=TODAY)] == [c, a]
    assert [r.id for r in st.filter_studios(rows, alliance_only=True)] == [a]
    assert st.alliances(store) == ["河南省劳模创新工作室联盟"]
    assert [c.label for c in st.studio_choices(store)][:1] == ["王建国职工创新工作室（综采一队党支部）"]


def test_excel_export(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    _three(store, k)
    path = tmp_path / "工作室.xlsx"
    assert st.export_studios(st.list_studios(store, k.root), path) == 3
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("工作室名称", "类别", "级别", "单位", "领衔人")
    last = rows[3]
    assert last[0] == "陈静劳模创新工作室" and last[6] == "陈静（领衔人）、周杰" and last[7] == 2
    assert last[9] == "河南省劳模创新工作室联盟"
    assert rows[2][15] is not None and rows[2][16] == "并入综采一队党员创新工作室"


def test_another_offices_studios_are_read_only(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import ReadOnlyRecord
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
    from jiaomei_desktop.sync.authority import FILED_UNDER
    from jiaomei_desktop.sync.summary import table_label
    from jiaomei_desktop.sync.tables import table_by_name

    store, k = known
    studio_id = st.save_studio(
        store, _studio(k, unit_id=k.b1, members=(k.people["A"],), leader_id=k.people["A"]), TODAY
    )
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.save_studio(store, replace(st.get_studio(store, studio_id), name="改名"), TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.delete_studio(store, studio_id)
    assert st.get_studio(store, studio_id).name == "陈静劳模创新工作室"
    # Both tables travel in bundles, the team filed where its studio is; the output link column travels too.
    tables = table_by_name()
    assert {"innovation_studio", "innovation_studio_member"} <= set(tables)
    assert "studio_id" in tables["innovation_item"].column_names
    assert FILED_UNDER["innovation_studio_member"] == (("studio_id", "innovation_studio"),)
    assert table_label("innovation_studio") == "创新工作室"


def test_change_history_is_kept(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import history

    store, k = known
    studio_id = st.save_studio(store, _studio(k), TODAY)
    st.save_studio(store, replace(st.get_studio(store, studio_id), level=StudioLevel.PROVINCIAL.value), TODAY)
    entries = history.list_changes(store, "innovation_studio", studio_id)
    assert [e.action for e in entries][:2] == ["update", "insert"]  # newest first
    change = next(c for c in entries[0].changes if c.field == "level")
    assert (change.old, change.new) == ("集团级", "省级")


def test_cli_list(known, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.cli.main import main

    store, k = known
    _three(store, k)
    base = ["--data-dir", str(store.data_dir), "--json"]
    store.close()
    assert main(["studios", "list", "--unit", "T-01", "--year", "2025", *base]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in out["rows"]] == ["综采一队党员创新工作室"]
    row = out["rows"][0]
    assert row["leader"] == "李明" and row["members"] == ["李明", "张丽"] and row["level"] == "集团级"
    assert main(["studios", "list", "--unit", "T", *base]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3
    assert main(["studios", "list", "--unit", "NOPE", *base]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]


def test_demo_studios_shape_and_rules(demo_store) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.demo.context import DEMO_TODAY
    from jiaomei_desktop.services.demo.studios import ALLIANCE, IN_ALLIANCE

    rows = st.list_studios(demo_store)
    assert len(rows) >= 10
    assert sum(1 for r in rows if r.alliance == ALLIANCE) == IN_ALLIANCE
    assert {r.kind for r in rows} >= {StudioKind.MODEL_WORKER.value, StudioKind.WORKER.value}
    assert any(r.leader_honor for r in rows) and any(r.closed_on for r in rows)
    assert sum(r.results + r.patents + r.awards for r in rows) > 0
    # Every demo studio is one the form would accept, and so is every result linked to one.
    for r in rows:
        assert st.check_studio(demo_store, st.get_studio(demo_store, r.id), DEMO_TODAY) == {}, r.name
    linked = [i for i in innovation.list_items(demo_store) if i.studio_id]
    for item in linked[:200]:
        assert innovation.check_item(demo_store, innovation.get_item(demo_store, item.id), DEMO_TODAY) == {}
