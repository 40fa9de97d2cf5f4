"""`jiaomei check` on units and what hangs on them: mining teams only in mines, underground 责任区 only in units that
go below ground, one 书记 per branch and a committee with 7 正式党员 (支部工作条例 第六章), adult mentees at work, and
the 所属年度 of 组织生活会 and 民主评议党员."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from jiaomei_desktop.db.models import OrgUnit, Person, StudySession
from jiaomei_desktop.domain import org_fit
from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.domain.enums import PoliticalStatus, UnitKind
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import mentor, org, roster, study, zones
from jiaomei_desktop.services.audit import KINDS, audit_store
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import SessionData
from jiaomei_desktop.services.study.committees import save_committee
from tests.conftest import unit_id
from tests.study.fixtures import make_branch

TODAY = date(2026, 11, 23)
TERM = (date(2024, 1, 10), date(2027, 1, 10))


def _found(store: Store) -> set[tuple[str, str]]:
    return {(p.kind, p.record_id) for p in audit_store(store, TODAY).problems}


def _kinds(store: Store) -> set[str]:
    return {kind for kind, _id in _found(store)}


def _as_group(store: Store) -> str:
    """The test store's top unit renamed from a mine (测试矿党委) to the group: its branches are then in no mine."""
    top = unit_id(store, "T")
    with store.transaction() as s:
        s.execute(update(OrgUnit).where(OrgUnit.id == top).values(name="测试集团党委"))
    return top


def _person(store: Store, name: str, branch: str, **fields: object) -> str:
    base: dict[str, object] = {
        "political_status": PoliticalStatus.FULL_MEMBER,
        "join_date": date(2010, 7, 1),
        "full_member_date": date(2011, 7, 1),
        "birth_date": date(1985, 3, 4),
    }
    base.update(fields)
    return roster.save_person(store, PersonData(name=name, branch_id=branch, **base), today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("chain", "team", "mine"),
    [
        (("焦煤集团党委", "九里山矿党委", "九里山矿综采一队党支部"), "综采", True),
        (("焦煤集团党委", "九里山矿综采一队党支部"), "综采", True),  # kept by the group, its mine in its name
        (("焦煤集团党委", "赵固一矿党委", "赵固一矿通风队党支部"), "通风队", True),
        (("焦煤集团党委", "机电装备公司党委", "机电装备公司机加工车间党支部"), None, False),
        (("焦煤集团党委", "职业技术学院党委", "职业技术学院机电工程系党支部"), None, False),
        (("焦煤集团党委", "选煤公司党委", "选煤公司掘进二队党支部"), "掘进", False),
        (("焦煤集团党委", "热电公司党委", "热电公司运输队党支部"), "运输队", False),
        (("焦煤集团党委", "煤炭运销公司党委", "煤炭运销公司铁路发运站党支部"), None, False),
    ],
)
def test_mining_teams_and_mines_are_read_from_the_names(chain: tuple[str, ...], team: str | None, mine: bool) -> None:
    assert org_fit.mining_team(chain[-1]) == team
    assert org_fit.in_mine(chain) is mine


def test_a_mining_team_outside_a_mine_is_listed(store: Store) -> None:
    assert "org.mining_team_outside_mine" not in _kinds(store)  # 测试矿党委's 综采一队 and 掘进二队
    top = _as_group(store)
    plant = org.add_unit(store, top, "T-P", "机电装备公司党总支", UnitKind.GENERAL_BRANCH).id
    workshop = org.add_unit(store, plant, "T-P-01", "机电装备公司装配车间党支部", UnitKind.BRANCH).id
    mine = org.add_unit(store, top, "T-M", "九里山矿党总支", UnitKind.GENERAL_BRANCH).id
    team = org.add_unit(store, mine, "T-M-01", "九里山矿综采一队党支部", UnitKind.BRANCH).id
    found = {i for kind, i in _found(store) if kind == "org.mining_team_outside_mine"}
    assert found == {unit_id(store, "T-01"), unit_id(store, "T-02")}  # now directly under the group
    assert workshop not in found and team not in found


def test_an_underground_zone_in_an_office_is_listed(store: Store) -> None:
    team = unit_id(store, "T-01")  # 测试矿党委 / 综采一队
    office = org.add_unit(store, unit_id(store, "T"), "T-03", "宣传部党支部", UnitKind.BRANCH).id
    miner = _person(store, "韩刚", team)
    clerk = _person(store, "韩梅", office)
    ok = zones.save_zone(store, zones.ZoneData(miner, "8101工作面安全生产责任区", place="8101工作面"))
    wrong = zones.save_zone(store, zones.ZoneData(clerk, "12041运输巷安全生产责任区", place="12041运输巷"))
    desk = zones.save_zone(store, zones.ZoneData(clerk, "档案室环境卫生责任区", place="档案室"))
    found = {i for kind, i in _found(store) if kind == "zone.underground_unit"}
    assert found == {wrong}
    assert ok not in found and desk not in found
    _as_group(store)  # no mine above the 综采一队 any more: its 工作面 zone no longer fits either
    assert {i for kind, i in _found(store) if kind == "zone.underground_unit"} == {wrong, ok}


def test_every_branch_with_full_members_has_one_secretary_and_seven_a_committee(store: Store) -> None:
    b = make_branch(store)  # T-01: 7 正式党员, no posts recorded; T-02: one 正式党员
    found = _found(store)
    assert ("committee.no_secretary", b.branch_id) in found and ("committee.missing", b.branch_id) in found
    assert ("committee.no_secretary", b.other_branch_id) in found
    assert ("committee.missing", b.other_branch_id) not in found  # below 7: a 书记 alone is right
    save_committee(store, b.branch_id, [RoleRecord(b.secretary, "书记", *TERM)], today=TODAY)
    found = _found(store)
    assert ("committee.no_secretary", b.branch_id) not in found and ("committee.missing", b.branch_id) in found
    save_committee(
        store,
        b.branch_id,
        [
            RoleRecord(b.secretary, "书记", *TERM),
            RoleRecord(b.committee, "组织委员", *TERM),
            RoleRecord(b.full[2], "宣传委员", *TERM),
        ],
        today=TODAY,
    )
    assert not {k for k, i in _found(store) if i == b.branch_id}


def test_mentees_are_adults_at_work(store: Store) -> None:
    branch = unit_id(store, "T-01")
    master = _person(store, "师傅甲", branch, skill_grade="技师")
    young = _person(
        store,
        "徒弟乙",
        branch,
        political_status=PoliticalStatus.MASSES,
        join_date=None,
        full_member_date=None,
        birth_date=date(2000, 5, 1),
        work_start_date=date(2020, 7, 1),
    )
    unknown = _person(
        store,
        "徒弟丙",
        branch,
        political_status=PoliticalStatus.MASSES,
        join_date=None,
        full_member_date=None,
        birth_date=date(1999, 5, 1),
        work_start_date=date(2021, 7, 1),
    )
    minor_pair = mentor.create_pair(
        store, PairData(master, young, date(2026, 3, 1), date(2027, 3, 1), trade="调度员"), today=TODAY
    )
    unknown_pair = mentor.create_pair(
        store,
        PairData(master, unknown, date(2026, 3, 1), date(2027, 3, 1), trade="调度员"),
        today=TODAY,
        allow_over_limit=True,
    )
    assert not {k for k, _i in _found(store) if k.startswith("mentor.")}
    with store.transaction() as s:  # as an import or an older version left them
        s.execute(update(Person).where(Person.id == young).values(birth_date=date(2009, 1, 1)))
        s.execute(update(Person).where(Person.id == unknown).values(work_start_date=None))
    found = _found(store)
    assert ("mentor.mentee_minor", minor_pair) in found  # 17 on 2026-03-01, above ground: a look, not an error
    assert ("mentor.minor_underground", minor_pair) not in found
    assert ("mentor.mentee_work_unknown", unknown_pair) in found
    problem = next(p for p in audit_store(store, TODAY).problems if p.record_id == minor_pair)
    assert "2009年出生" in problem.text


def test_yearly_meetings_carry_their_belongs_year(store: Store) -> None:
    branch = unit_id(store, "T-01")
    held = study.save_session(
        store,
        SessionData(
            unit_id=branch,
            kind="组织生活会",
            session_date=date(2026, 1, 15),
            topic="2025年度组织生活会",
            hours=3.0,
            belongs_year=2025,
        ),
    )
    review = study.save_session(
        store,
        SessionData(
            unit_id=branch,
            kind="民主评议党员",
            session_date=date(2026, 1, 16),
            topic="民主评议",
            hours=2.0,
            belongs_year=2025,
        ),
    )
    assert not {k for k, _i in _found(store) if k.startswith("study.")}
    with store.transaction() as s:
        s.execute(update(StudySession).where(StudySession.id == held).values(belongs_year=None))
        s.execute(update(StudySession).where(StudySession.id == review).values(belongs_year=2023))
    found = _found(store)
    assert ("study.belongs_year_missing", held) in found and ("study.belongs_year", review) in found
    assert KINDS["study.belongs_year"][1] == "错误" and KINDS["study.belongs_year_missing"][1] == "提示"


def test_an_audit_as_of_a_past_day_counts_the_full_members_of_that_day(store: Store) -> None:
    from jiaomei_desktop.domain.enums import MembershipState
    from jiaomei_desktop.services.membership import ChangeRequest, change_membership

    b = make_branch(store)  # seven 正式党员, no committee recorded
    change_membership(
        store,
        ChangeRequest(b.full[6], MembershipState.TRANSFERRED_OUT, date(2026, 6, 15), to_unit_id=b.other_branch_id),
        today=TODAY,
    )
    missing = {(p.kind, p.record_id) for p in audit_store(store, TODAY).problems}
    assert ("committee.missing", b.branch_id) not in missing  # six today: a 书记 alone is right
    assert ("committee.missing", b.other_branch_id) not in missing  # two there
    before = {(p.kind, p.record_id) for p in audit_store(store, date(2026, 1, 1)).problems}
    assert ("committee.missing", b.branch_id) in before  # seven on 1 January 2026
