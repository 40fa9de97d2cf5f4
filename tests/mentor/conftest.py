"""People for the mentor tests: party members who can mentor and workers who can be mentored, in branches T-01/T-02."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from jiaomei_desktop.domain.enums import Gender, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import mentor, org, roster
from jiaomei_desktop.services.store import Store, open_store
from tests.conftest import built_once
from tests.helpers import make_id_number

TODAY = date(2026, 11, 23)


@dataclass
class People:
    t01: str
    t02: str
    root: str
    wang: str  # 王建国, 正式党员, T-01
    li: str  # 李明, 预备党员, T-01
    zhao: str  # 赵强, 正式党员, T-02
    chen: str  # 陈晓东, 群众, T-01 (cannot mentor)
    sun: str  # 孙小兵, 群众, T-01 (a mentee)
    zhou: str  # 周新宇, 群众, T-01 (a mentee)
    wu: str  # 吴俊, 群众, T-02 (a mentee)


def add_person(store: Store, name: str, branch: str, status: PoliticalStatus, seq: int) -> str:
    member = status in (PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY)
    birth = date(1980 + seq, 3, 1 + seq)
    return roster.save_person(store, PersonData(
        name=name, branch_id=branch, gender=Gender.MALE, birth_date=birth,
        id_number=make_id_number(birth, True, sequence=seq), political_status=status,
        join_date=date(2010 + seq, 7, 1) if member else None,
        full_member_date=date(2011 + seq, 7, 1) if status is PoliticalStatus.FULL_MEMBER else None,
        trade="采煤机司机", post="生产班组"), today=TODAY)


@pytest.fixture(scope="session")
def people_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, People]:
    """The test office with its people, built once; each test gets a fresh copy (migrations are slow)."""
    return built_once(tmp_path_factory, "mentor-template", _people_store)


def _people_store(directory: Path) -> People:
    s = open_store(directory)
    root = org.create_office_unit(s, "T", "测试矿党委", UnitKind.COMMITTEE)
    t01 = org.add_unit(s, root.id, "T-01", "综采一队党支部", UnitKind.BRANCH).id
    t02 = org.add_unit(s, root.id, "T-02", "掘进二队党支部", UnitKind.BRANCH).id
    found = People(
        t01=t01, t02=t02, root=root.id,
        wang=add_person(s, "王建国", t01, PoliticalStatus.FULL_MEMBER, 1),
        li=add_person(s, "李明", t01, PoliticalStatus.PROBATIONARY, 2),
        zhao=add_person(s, "赵强", t02, PoliticalStatus.FULL_MEMBER, 3),
        chen=add_person(s, "陈晓东", t01, PoliticalStatus.MASSES, 4),
        sun=add_person(s, "孙小兵", t01, PoliticalStatus.MASSES, 5),
        zhou=add_person(s, "周新宇", t01, PoliticalStatus.MASSES, 6),
        wu=add_person(s, "吴俊", t02, PoliticalStatus.MASSES, 7),
    )
    s.close()
    return found


@pytest.fixture
def store(people_template: tuple[Path, People], tmp_path: Path) -> Iterator[Store]:
    """Overrides the shared empty store: the same office (T, T-01, T-02) plus the people below."""
    target = tmp_path / "data"
    shutil.copytree(people_template[0], target)
    s = open_store(target, create=False)
    yield s
    s.close()


@pytest.fixture
def people(store: Store, people_template: tuple[Path, People]) -> People:
    return people_template[1]


def pair_of(mentor_id: str, mentee_id: str | None, start: date = date(2026, 3, 1),
            end: date | None = date(2027, 3, 1), **extra: object) -> PairData:
    return PairData(mentor_id=mentor_id, mentee_id=mentee_id, start_date=start, planned_end_date=end,
                    trade=str(extra.pop("trade", "采煤机司机")), goals=str(extra.pop("goals", "独立操作采煤机")),
                    **extra)  # type: ignore[arg-type]


def make_pair(store: Store, mentor_id: str, mentee_id: str, **kwargs: object) -> str:
    return mentor.create_pair(store, pair_of(mentor_id, mentee_id, **kwargs), today=TODAY)  # type: ignore[arg-type]
