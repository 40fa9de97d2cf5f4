"""CRUD and validation of the four registers: clear Chinese messages, nothing written on error, tombstones."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import BranchBrand, InnovationItem, ResponsibilityZone, WorkerDeed
from jiaomei_desktop.domain.registers import DeedState, format_yuan, parse_yuan
from jiaomei_desktop.services import brands, deeds, innovation, zones
from jiaomei_desktop.services.errors import NotFoundError, ReadOnlyRecord, ValidationFailed
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from tests.registers.known import TODAY, YEAR


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_money_text_round_trips() -> None:
    assert parse_yuan("2,300.50") == 230050
    assert parse_yuan("12万") == 120_000_00
    assert parse_yuan("85元") == 8500
    assert format_yuan(1_234_567) == "12,345.67" and format_yuan(500_000) == "5,000"
    for bad in ("abc", "-5", "1e400x"):
        with pytest.raises(ValueError, match="金额"):
            parse_yuan(bad)


def test_deed_rules_write_nothing(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    before = _count(store, WorkerDeed)
    cases = [
        (deeds.DeedData("", k.b1, date(2025, 1, 1)), "item", "请填写实事内容"),
        (deeds.DeedData("慰问", "", date(2025, 1, 1)), "unit_id", "请选择办理单位"),
        (deeds.DeedData("慰问", k.b1, None), "deed_date", "请填写日期"),
        (deeds.DeedData("慰问", k.b1, date(2026, 12, 1)), "deed_date", "已办结的实事，日期不能晚于今天"),
        (deeds.DeedData("慰问", k.b1, date(2025, 1, 1), person_times=-1), "person_times", "受益人次"),
        (deeds.DeedData("慰问", k.b1, date(2025, 1, 1), amount_fen=-100), "amount_fen", "金额不能为负数"),
        (deeds.DeedData("慰问", k.b1, date(2025, 1, 1), state="半办"), "state", "计划"),
    ]
    for data, field, message in cases:
        with pytest.raises(ValidationFailed) as info:
            deeds.save_deed(store, data, today=TODAY)
        assert message in info.value.errors[field], (field, info.value.errors)
    assert _count(store, WorkerDeed) == before
    # A planned deed may lie in the future.
    deeds.save_deed(store, deeds.DeedData("慰问", k.b1, date(2026, 12, 1), state=DeedState.PLANNED.value), today=TODAY)


def test_deed_update_delete_and_totals(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    rows = deeds.list_deeds(store, k.b2, YEAR)
    assert [r.amount_fen for r in rows] == [1_234_567]
    data = deeds.get_deed(store, rows[0].id)
    deeds.save_deed(store, deeds.DeedData(**{**data.__dict__, "person_times": 25}), today=TODAY)
    assert deeds.get_deed(store, rows[0].id).person_times == 25
    lines = deeds.totals_by_unit(store, k.root, YEAR)
    assert lines[0].items == 3 and lines[0].person_times == 135 and lines[0].planned == 1
    assert {line.unit_name: line.items for line in lines[1:]} == {"综采一队党支部": 1, "掘进二队党支部": 1}
    deeds.delete_deed(store, rows[0].id)
    with pytest.raises(NotFoundError, match="不存在或已删除"):
        deeds.get_deed(store, rows[0].id)
    with store.reading() as session:  # a tombstone, with its version raised, travels to other offices
        row = session.get(WorkerDeed, rows[0].id)
        assert row.deleted and row.version == 3


def test_rows_of_another_office_are_read_only(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    deed_id = deeds.list_deeds(store, k.b1, YEAR)[0].id
    store.set_setting(OFFICE_UNIT_KEY, k.b2)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):  # the one ownership rule of services.ownership
        deeds.delete_deed(store, deed_id)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        deeds.save_deed(store, replace(deeds.get_deed(store, deed_id), item="改过的事项"), today=TODAY)
    assert deeds.get_deed(store, deed_id).item != "改过的事项"


def test_brand_rules(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    before = _count(store, BranchBrand)
    with pytest.raises(ValidationFailed) as info:
        brands.save_brand(store, brands.BrandData(k.root, "“红旗”", 2025), today=TODAY)
    assert "党建品牌登记在党支部上" in info.value.errors["unit_id"]
    with pytest.raises(ValidationFailed) as info:
        brands.save_brand(store, brands.BrandData(k.b1, "“乌金先锋”", 2025), today=TODAY)
    assert "已经登记了品牌" in info.value.errors["name"]
    with pytest.raises(ValidationFailed) as info:
        brands.save_brand(store, brands.BrandData(k.b1, "", 1800), today=TODAY)
    assert set(info.value.errors) == {"name", "year"}
    assert _count(store, BranchBrand) == before
    cov = brands.coverage(store, k.root, YEAR)
    assert (cov.branches, len(cov.branded_ids), len(cov.own_ids)) == (3, 2, 1)


def test_innovation_rules_and_counts(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    with pytest.raises(ValidationFailed) as info:
        innovation.save_item(store, innovation.InnovationData("专利", "", k.b1, None), today=TODAY)
    assert set(info.value.errors) == {"kind", "title", "year"}
    assert "改革任务" in info.value.errors["kind"]
    counts = innovation.counts_by_kind(store, k.root, YEAR)
    assert counts == {"改革任务": 2, "技术创新项目": 1, "群众性创新成果": 3, "实用新型专利": 1, "发明专利": 0, "获奖": 1}
    assert _count(store, InnovationItem) == 9


def test_zone_rules(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    before = _count(store, ResponsibilityZone)
    for person, message in (("E", "只能分配给党员"), ("I", "已转出")):
        with pytest.raises(ValidationFailed) as info:
            zones.save_zone(store, zones.ZoneData(k.people[person], "井口责任区"))
        assert message in info.value.errors["person_id"]
    with pytest.raises(ValidationFailed) as info:
        zones.save_zone(store, zones.ZoneData(k.people["A"], " ", start_date=date(2025, 5, 1),
                                              end_date=date(2025, 1, 1)))
    assert set(info.value.errors) == {"zone_name", "end_date"}
    assert _count(store, ResponsibilityZone) == before


def test_zones_for_person_and_lists(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    mine = zones.zones_for_person(store, k.people["A"])
    assert [z.zone_name for z in mine] == ["8101工作面安全责任区"]
    assert mine[0].unit_id == k.b1 and mine[0].scope == "本班12名职工；采煤机、刮板输送机"
    assert len(zones.list_zones(store, zones.ZoneQuery(unit_id=k.root))) == 3
    assert len(zones.list_zones(store, zones.ZoneQuery(unit_id=k.root, active_on=date(2025, 12, 31)))) == 1
    assert [z.person_name for z in zones.list_zones(store, zones.ZoneQuery(text="wjg"))] == ["王建国"]


def test_zone_search_in_memory_matches_as_like_did(known) -> None:  # type: ignore[no-untyped-def]
    """The 责任区 tab filters a unit's zones in memory (services.zones.filter_zones); it matches what SQLite's LIKE
    matched: member name, pinyin or initials, zone name or place, ASCII letters in any case, % and _ as themselves."""
    store, k = known
    zones.save_zone(store, zones.ZoneData(k.people["D"], "Ⅱ号皮带_机头%区", place="B2巷 Belt", start_date=date(2025, 1, 1)))

    def names(text: str = "", **query) -> list[str]:  # type: ignore[no-untyped-def]
        return [z.zone_name for z in zones.list_zones(store, zones.ZoneQuery(text=text, **query))]

    assert names("wangjianguo") == names("WJG") == names("王建") == ["8101工作面安全责任区"]
    assert names("8101工作") == names("8101 工作面") == ["8101工作面安全责任区"]  # the place or the zone name
    assert names("belt") == names("b2巷") == names("_机头%") == ["Ⅱ号皮带_机头%区"]
    assert names("BELT") == ["Ⅱ号皮带_机头%区"]
    assert names("_") == ["Ⅱ号皮带_机头%区"] and names("%") == ["Ⅱ号皮带_机头%区"] and names("x_y") == []
    assert names("责任区", kind="安全生产") == names("责任区", kind="安全生产", unit_id=k.root)
    assert sorted(names(active_on=date(2025, 12, 31))) == ["8101工作面安全责任区", "Ⅱ号皮带_机头%区"]
    assert names(person_id=k.people["B"]) == ["运输巷责任区"]
    every = zones.unit_zones(store, k.root)
    assert [z.zone_name for z in zones.filter_zones(every, zones.ZoneQuery(text="liming"))] == ["运输巷责任区"]
    assert zones.filter_zones(every, zones.ZoneQuery()) == zones.list_zones(store, zones.ZoneQuery(unit_id=k.root))


def test_placard_through_the_documents_layer(known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.pdfcheck import text_of

    store, k = known
    zone = zones.zones_for_person(store, k.people["A"])[0]
    data = zones.placard_data(store, zone.id)
    assert data.member_name == "王建国" and data.duties == ["带头遵章守纪", "每班巡查隐患"]
    text = text_of(zones.render_zone_placard(store, zone.id, scheme="white", paper="600x400"))
    assert "王建国" in text and "8101工作面安全责任区" in text
    paths = zones.save_placards(store, [z.id for z in zones.list_zones(store)], tmp_path / "out")
    assert len(paths) == 3 and all(p.read_bytes().startswith(b"%PDF") for p in paths)
