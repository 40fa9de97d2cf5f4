"""Who may receive an honour and at which level: 优秀共产党员 / 优秀党务工作者 only to party members on the award
date (a warning for a 预备党员), the awarding body sets the level, a 奖章 is not a 劳模 title, and a 先进集体 may be
a 区队 or 班组 named with the party unit it belongs to."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain import honor as rules
from jiaomei_desktop.domain.enums import ExitKind, HonorLevel, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.honor import HonorData, MemberFacts
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import honors, roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from tests.conftest import unit_id
from tests.gallery.conftest import TODAY, add_honor

AWARD_DAY = date(2026, 6, 28)


def _person(store, name: str, status: PoliticalStatus, join: date | None = None) -> str:  # type: ignore[no-untyped-def]
    full = date(join.year + 1, join.month, join.day) if join and status is PoliticalStatus.FULL_MEMBER else None
    return roster.save_person(
        store,
        PersonData(
            name=name, branch_id=unit_id(store, "T-01"), political_status=status, join_date=join, full_member_date=full
        ),
        today=TODAY,
    )


@pytest.mark.parametrize("category", ["优秀共产党员", "优秀党务工作者"])
def test_a_non_member_cannot_be_an_outstanding_member(store, category: str) -> None:  # type: ignore[no-untyped-def]
    masses = _person(store, "吴刚", PoliticalStatus.MASSES)
    with pytest.raises(ValidationFailed) as err:
        add_honor(store, person_id=masses, category=category, title=f"2026年度{category}")
    assert err.value.errors["category"] == f"“{category}”只授予党员：该同志在2026-06-28不是党员"
    assert honors.list_honors(store, honors.HonorQuery()) == []


def test_membership_is_judged_on_the_award_date(store) -> None:  # type: ignore[no-untyped-def]
    joined_later = _person(store, "李明", PoliticalStatus.PROBATIONARY, join=date(2026, 7, 1))
    with pytest.raises(ValidationFailed):
        add_honor(store, person_id=joined_later)  # awarded 2026-06-28, admitted 2026-07-01
    full = _person(store, "王建国", PoliticalStatus.FULL_MEMBER, join=date(2010, 7, 1))
    add_honor(store, person_id=full)
    change_membership(
        store,
        ChangeRequest(full, MembershipState.EXPELLED, date(2026, 8, 1), "严重违纪", exit_kind=ExitKind.EXPELLED),
        today=TODAY,
    )
    with pytest.raises(ValidationFailed):  # gone before the award
        add_honor(store, person_id=full, award_date=date(2026, 9, 1), title="又一次")


def test_a_probationary_member_is_a_warning_not_an_error(store) -> None:  # type: ignore[no-untyped-def]
    prob = _person(store, "张丽", PoliticalStatus.PROBATIONARY, join=date(2026, 1, 10))
    data = HonorData(
        title="2026年度优秀共产党员",
        category="优秀共产党员",
        level="矿级",
        award_date=AWARD_DAY,
        person_id=prob,
        awarding_body="测试矿党委",
    )
    assert honors.honor_warnings(store, data) == ["该同志在2026-06-28是预备党员，“优秀共产党员”一般授予正式党员"]
    honors.save_honor(store, data, today=TODAY)
    full = MemberFacts(date(2010, 7, 1), date(2011, 7, 1))
    assert rules.eligibility(data, full) == ({}, [])


def test_other_categories_need_no_membership(store) -> None:  # type: ignore[no-untyped-def]
    masses = _person(store, "吴刚", PoliticalStatus.MASSES)
    add_honor(store, person_id=masses, category="技术能手", title="技术比武能手")


@pytest.mark.parametrize(
    ("body", "level"),
    [
        ("焦煤集团党委", HonorLevel.GROUP),
        ("焦煤集团公司", HonorLevel.GROUP),
        ("西山煤矿党委", HonorLevel.MINE),
        ("焦煤集团官地矿党委", HonorLevel.MINE),
        ("中华全国总工会", HonorLevel.NATIONAL),
        ("省总工会", HonorLevel.PROVINCIAL),
        ("中共山西省委", HonorLevel.PROVINCIAL),
        ("中共市委", HonorLevel.MUNICIPAL),
        ("中国煤炭工业协会", None),
        ("", None),
    ],
)
def test_the_awarding_body_implies_the_level(body: str, level: HonorLevel | None) -> None:
    assert rules.level_of_body(body) == level


def test_a_level_that_contradicts_the_body_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    full = _person(store, "王建国", PoliticalStatus.FULL_MEMBER, join=date(2010, 7, 1))
    with pytest.raises(ValidationFailed) as err:
        add_honor(store, person_id=full, level="矿级", awarding_body="焦煤集团党委")
    assert err.value.errors["level"] == "授予单位“焦煤集团党委”颁发的荣誉为集团级，不是矿级"
    add_honor(store, person_id=full, level="集团级", awarding_body="焦煤集团党委")


def test_a_medal_is_not_a_model_worker_title(store) -> None:  # type: ignore[no-untyped-def]
    masses = _person(store, "吴刚", PoliticalStatus.MASSES)
    with pytest.raises(ValidationFailed) as err:
        add_honor(store, person_id=masses, category="劳动模范", title="全国五一劳动奖章", level="国家级")
    assert "不是劳动模范称号" in err.value.errors["category"]
    add_honor(store, person_id=masses, category="劳动奖章", title="全国五一劳动奖章", level="国家级")


def test_a_collective_may_be_a_team_that_is_no_party_unit(store) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(store, "T-01")
    hid = add_honor(store, unit_id=branch, collective_name="综采一队二班", category="先进集体", title="先进班组")
    saved = honors.get_honor(store, hid)
    assert saved.collective_name == "综采一队二班" and saved.unit_id == branch
    errors = rules.validate_honor(
        HonorData(
            title="先进班组",
            category="先进集体",
            level="矿级",
            award_date=AWARD_DAY,
            person_id="p",
            collective_name="综采一队二班",
        ),
        TODAY,
    )
    assert errors["subject"] == "集体名称须同时选择其所属的党组织"


def test_the_list_names_the_team_and_its_party_unit(store) -> None:  # type: ignore[no-untyped-def]
    add_honor(
        store, unit_id=unit_id(store, "T-01"), collective_name="综采一队二班", category="先进集体", title="先进班组"
    )
    row = honors.list_honors(store, honors.HonorQuery())[0]
    assert row.subject_name == "综采一队二班" and row.unit_name == "综采一队党支部"
