"""`jiaomei check`: the data audit lists every record that breaks a rule, by kind, with counts; the demo store has
none apart from what it plants on purpose (listed as planted)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import update

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db.models import Honor, MembershipChange, MentorPair, Person
from jiaomei_desktop.domain.enums import ExitKind, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import honors, innovation, mentor, roster
from jiaomei_desktop.services.audit import KINDS, audit_store, is_method_title
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id
from tests.helpers import make_id_number

TODAY = date(2026, 11, 23)


def test_the_demo_store_has_no_problems_but_the_planted_ones(demo_store: Store) -> None:
    report = audit_store(demo_store)
    assert report.as_of == TODAY  # a demo is audited as of the day it describes
    assert report.real == [], [p.text for p in report.real]
    assert report.planted and {p.kind for p in report.planted} == {"person.probation_overdue"}


def test_the_command_prints_json_with_counts_and_planted_items(demo_template, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--data-dir", str(demo_template), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["problems"] == 0 and data["items"] == []
    assert data["planted"] == len(data["planted_items"]) >= 1
    assert data["by_kind"]["person.probation_overdue"]["planted"] == data["planted"]
    assert main(["check", "--data-dir", str(demo_template)]) == 0
    assert "发现问题 0 条" in capsys.readouterr().out


def test_a_bad_date_is_refused(demo_template, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["check", "--data-dir", str(demo_template), "--as-of", "2026-13-01"])
    assert "日期“2026-13-01”无效" in capsys.readouterr().err


def _person(store: Store, name: str, **fields: object) -> str:
    base = {
        "political_status": PoliticalStatus.FULL_MEMBER,
        "join_date": date(2010, 7, 1),
        "full_member_date": date(2011, 7, 1),
    }
    base.update(fields)
    return roster.save_person(store, PersonData(name=name, branch_id=unit_id(store, "T-01"), **base), today=TODAY)  # type: ignore[arg-type]


def _break(store: Store) -> dict[str, str]:
    """Records as an older version or a careless import left them: written past the forms' checks."""
    ids = {
        "late": _person(store, "王一", skill_grade="中级工", id_number=make_id_number(date(1985, 3, 4), sequence=7)),
        "overdue": _person(
            store,
            "王二",
            political_status=PoliticalStatus.PROBATIONARY,
            join_date=date(2025, 3, 1),
            full_member_date=None,
        ),
        "gone": _person(store, "王三"),
        "masses": _person(
            store, "王四", political_status=PoliticalStatus.MASSES, join_date=None, full_member_date=None
        ),
        "minor": _person(
            store,
            "王五",
            political_status=PoliticalStatus.MASSES,
            join_date=None,
            full_member_date=None,
            birth_date=date(2008, 9, 1),
            work_start_date=date(2026, 1, 5),
            trade="掘进机司机",
            skill_grade="技师",
        ),
    }
    change_membership(
        store,
        ChangeRequest(ids["gone"], MembershipState.EXPELLED, date(2026, 1, 5), "违纪", exit_kind=ExitKind.EXPELLED),
        today=TODAY,
    )
    honour = honors.save_honor(
        store,
        HonorData(
            title="2026年度优秀共产党员",
            category="优秀共产党员",
            level="矿级",
            award_date=date(2026, 6, 28),
            person_id=ids["late"],
            awarding_body="测试矿党委",
        ),
        today=TODAY,
    )
    medal = honors.save_honor(
        store,
        HonorData(
            title="全国五一劳动奖章",
            category="劳动奖章",
            level="国家级",
            award_date=date(2026, 4, 28),
            person_id=ids["masses"],
            awarding_body="中华全国总工会",
        ),
        today=TODAY,
    )
    pair = mentor.create_pair(
        store, PairData(ids["late"], ids["minor"], date(2026, 3, 1), date(2027, 3, 1), trade="调度员"), today=TODAY
    )
    patent = innovation.save_item(
        store, innovation.InnovationData("实用新型专利", "一种巷道支护方法", unit_id(store, "T-01"), 2026), today=TODAY
    )
    with store.transaction() as session:
        session.execute(update(Person).where(Person.id == ids["late"]).values(full_member_date=date(2011, 7, 20)))
        session.execute(
            update(MembershipChange)
            .where(MembershipChange.person_id == ids["gone"])
            .values(exit_kind=None, reason="自动脱党")
        )
        session.execute(update(Honor).where(Honor.id == honour).values(person_id=ids["masses"], level="集团级"))
        session.execute(update(Honor).where(Honor.id == medal).values(category="劳动模范"))
        session.execute(update(MentorPair).where(MentorPair.id == pair).values(start_date=date(2025, 12, 1)))
    return {**ids, "honour": honour, "medal": medal, "pair": pair, "patent": patent}


def test_every_kind_of_problem_is_found_and_counted(store: Store) -> None:
    ids = _break(store)
    report = audit_store(store, TODAY)
    found = {(p.kind, p.record_id) for p in report.problems}
    gone = [c for c in report.problems if c.kind == "membership.exit_kind"]
    assert ("person.full_member_date", ids["late"]) in found
    assert ("person.probation_overdue", ids["overdue"]) in found
    assert len(gone) == 1 and "自行脱党" not in gone[0].text
    assert ("honor.not_member", ids["honour"]) in found
    assert ("honor.level_body", ids["honour"]) in found  # 测试矿党委 awards 矿级, recorded as 集团级
    assert ("honor.medal_as_model_worker", ids["medal"]) in found
    assert ("mentor.before_work", ids["pair"]) in found
    assert ("mentor.minor_underground", ids["pair"]) in found  # the mentee's own trade is underground
    assert ("mentor.skill_grade", ids["pair"]) in found  # 中级工 mentoring a 技师
    assert ("innovation.utility_method", ids["patent"]) in found
    counts = report.counts()
    assert sum(int(c["count"]) for c in counts.values()) == len(report.problems)  # type: ignore[call-overload]
    assert all(kind in KINDS for kind in counts)
    assert report.planted == []


def test_texts_name_people_without_id_numbers(store: Store) -> None:
    ids = _break(store)
    number = roster.get_person(store, ids["late"]).id_number
    texts = [p.text for p in audit_store(store, TODAY).problems]
    assert any("王一" in t for t in texts)
    assert number and not any(number in t or number[-6:] in t for t in texts)


@pytest.mark.parametrize(
    ("title", "method"),
    [
        ("一种巷道支护方法", True),
        ("一种注浆工艺", True),
        ("一种矿用液压支架护帮装置", False),
        ("一种锚索及其使用方法", True),
    ],
)
def test_a_utility_model_names_a_device(title: str, method: bool) -> None:
    assert is_method_title(title) is method
