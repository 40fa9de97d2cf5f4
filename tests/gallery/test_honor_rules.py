"""Pure honour rules (domain.honor): person XOR unit, categories, levels, dates, and which honour counts highest."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain import honor as rules
from jiaomei_desktop.domain.honor import HonorData

TODAY = date(2026, 11, 23)


def _honor(**changes) -> HonorData:
    base = HonorData(title="2026年度优秀共产党员", category="优秀共产党员", level="集团级",
                     award_date=date(2026, 6, 28), person_id="p1")
    return base.with_changes(**changes)


def test_valid_person_and_unit_honours():
    assert rules.validate_honor(_honor(), TODAY) == {}
    collective = _honor(person_id=None, unit_id="u1", category="先进集体", title="先进集体")
    assert rules.validate_honor(collective, TODAY) == {}


def test_exactly_one_subject():
    assert "subject" in rules.validate_honor(_honor(person_id=None), TODAY)
    both = rules.validate_honor(_honor(unit_id="u1"), TODAY)
    assert both["subject"] == "请选择获得荣誉的个人或集体（二者选其一）"


def test_required_fields_and_limits():
    errors = rules.validate_honor(_honor(title=" ", category="", level="特级", award_date=None), TODAY)
    assert set(errors) == {"title", "category", "level", "award_date"}
    assert "国家级" in errors["level"]
    assert "不能晚于今天" in rules.validate_honor(_honor(award_date=date(2027, 1, 1)), TODAY)["award_date"]
    assert "1949" in rules.validate_honor(_honor(award_date=date(1900, 1, 1)), TODAY)["award_date"]
    assert "20000" in rules.validate_honor(_honor(deeds="字" * 20001), TODAY)["deeds"]
    assert "200" in rules.validate_honor(_honor(title="称" * 201), TODAY)["title"]


def test_category_must_suit_the_subject():
    assert "集体荣誉" in rules.validate_honor(_honor(category="先进集体"), TODAY)["category"]
    unit = _honor(person_id=None, unit_id="u1", category="劳动模范")
    assert "个人荣誉" in rules.validate_honor(unit, TODAY)["category"]
    # a category the user added is allowed for either
    assert rules.validate_honor(_honor(category="安全生产标兵"), TODAY) == {}
    assert rules.category_error("类" * 31)


def test_highest_by_level_then_newest():
    mine_new = _honor(level="矿级", award_date=date(2026, 1, 1))
    group_old = _honor(level="集团级", award_date=date(2024, 1, 1))
    group_new = _honor(level="集团级", award_date=date(2025, 1, 1))
    national = _honor(level="国家级", award_date=date(2020, 1, 1))
    assert rules.highest([mine_new, group_old, group_new]) == group_new
    assert rules.highest([mine_new, national, group_new]) == national
    assert rules.highest([]) is None
    assert rules.level_rank("国家级") < rules.level_rank("矿级") < rules.level_rank("未知")


def test_normalized_trims_and_blanks():
    data = rules.normalized(_honor(title=" 劳模 ", awarding_body="  ", deeds="\n事迹\n", category="\u3000技术能手"))
    assert (data.title, data.awarding_body, data.deeds, data.category) == ("劳模", None, "事迹", "技术能手")


def test_categories_merge_builtin_first():
    merged = rules.merged_categories(["安全生产标兵", "劳动模范", "安全生产标兵"])
    assert merged[: len(rules.DEFAULT_CATEGORIES)] == list(rules.DEFAULT_CATEGORIES)
    assert merged.count("安全生产标兵") == 1 and merged.count("劳动模范") == 1
