"""A small branch for the study tests: people with known statuses, positions and party groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaomei_desktop.domain.enums import PoliticalStatus, UnitKind
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id


@dataclass
class Branch:
    branch_id: str
    other_branch_id: str
    group1: str
    group2: str
    secretary: str
    committee: str
    full: list[str]  # 正式党员 (secretary and committee member included)
    probationary: str
    activist: str
    stranger: str  # in the other branch


def _person(store: Store, name: str, branch: str, status: PoliticalStatus = PoliticalStatus.FULL_MEMBER,
            position: str | None = None, group: str | None = None) -> str:
    joined = date(2010, 7, 1) if status.is_member else None
    full = date(2011, 7, 1) if status is PoliticalStatus.FULL_MEMBER else None
    return roster.save_person(store, PersonData(
        name=name, branch_id=branch, political_status=status, join_date=joined, full_member_date=full,
        position=position, party_group_id=group, birth_date=date(1985, 3, 4)), today=date(2026, 11, 23))


def make_branch(store: Store) -> Branch:
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    g1 = org.add_unit(store, b1, "T-01-G1", "第一党小组", UnitKind.PARTY_GROUP).id
    g2 = org.add_unit(store, b1, "T-01-G2", "第二党小组", UnitKind.PARTY_GROUP).id
    secretary = _person(store, "王建国", b1, position="党支部书记", group=g1)
    committee = _person(store, "李明", b1, position="组织委员", group=g1)
    # Seven 正式党员 in all: the branch has a 支部委员会 (条例 第六章), so it is asked for monthly 支委会.
    others = [_person(store, n, b1, group=g1 if i % 2 else g2)
              for i, n in enumerate(("张伟", "刘洋", "陈静", "黄芳", "吴刚"))]
    probationary = _person(store, "赵磊", b1, PoliticalStatus.PROBATIONARY, group=g2)
    activist = _person(store, "孙强", b1, PoliticalStatus.MASSES)  # an 入党积极分子, not a member
    stranger = _person(store, "周杰", b2)
    return Branch(b1, b2, g1, g2, secretary, committee, [secretary, committee, *others], probationary, activist,
                  stranger)
