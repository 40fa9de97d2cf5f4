"""Fixtures for the gallery tests: a store with a few people and honours.

Both are built once per session and copied for each test (a copy takes milliseconds; migrating a new store takes
seconds on a busy machine).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from jiaomei_desktop.domain.enums import PoliticalStatus, UnitKind
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import honors, org, photos, roster
from jiaomei_desktop.services.store import open_store
from tests.conftest import built_once, unit_id
from tests.gallery.images import picture

TODAY = date(2026, 11, 23)
MASSES = PoliticalStatus.MASSES


@dataclass
class Honoured:
    store: object
    wang: str  # person in T-01
    li: str  # person in T-02
    branch1: str
    branch2: str
    photo: str


# The awarding body sets the level (domain.honor.level_of_body).
BODY_OF_LEVEL = {"矿级": "测试矿党委", "集团级": "焦煤集团党委", "市厅级": "市总工会", "省部级": "省总工会",
                 "国家级": "中华全国总工会"}


def add_honor(store, **fields) -> str:
    base = dict(title="优秀共产党员", category="优秀共产党员", level="矿级", award_date=date(2026, 6, 28))
    base.update(fields)
    base.setdefault("awarding_body", BODY_OF_LEVEL.get(str(base["level"]), "测试矿党委"))
    return honors.save_honor(store, HonorData(**base), today=TODAY)


def _copy(template: Path, target: Path):  # type: ignore[no-untyped-def]
    shutil.copytree(template, target)
    return open_store(target, create=False)


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Same content as tests/conftest.py's `store`: office 基层党委 T with branches T-01, T-02."""
    def build(directory: Path) -> None:
        s = open_store(directory)
        root = org.create_office_unit(s, "T", "测试矿党委", UnitKind.COMMITTEE)
        org.add_unit(s, root.id, "T-01", "综采一队党支部", UnitKind.BRANCH)
        org.add_unit(s, root.id, "T-02", "掘进二队党支部", UnitKind.BRANCH)
        s.close()

    return built_once(tmp_path_factory, "gallery-store", build)[0]


@pytest.fixture
def store(store_template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    s = _copy(store_template, tmp_path / "data")
    yield s
    s.close()


@pytest.fixture(scope="session")
def honoured_template(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    def build(directory: Path) -> dict:
        s = _copy(store_template, directory)
        made = _fill(s)
        s.close()
        return made

    return built_once(tmp_path_factory, "gallery-honoured", build)


@pytest.fixture
def honoured(honoured_template: tuple[Path, dict], tmp_path: Path):  # type: ignore[no-untyped-def]
    directory, made = honoured_template
    s = _copy(directory, tmp_path / "honoured")
    yield Honoured(store=s, **made)
    s.close()


def _fill(store) -> dict:  # type: ignore[no-untyped-def]
    b1, b2 = unit_id(store, "T-01"), unit_id(store, "T-02")
    # 王建国 is a party member (优秀共产党员 goes to members only); 李秀英 is not.
    wang = roster.save_person(store, PersonData(name="王建国", branch_id=b1, post="采煤机司机",
                                                political_status=PoliticalStatus.FULL_MEMBER,
                                                join_date=date(2010, 7, 1), full_member_date=date(2011, 7, 1)),
                              today=TODAY)
    li = roster.save_person(store, PersonData(name="李秀英", branch_id=b2, post="通风工", position="班长",
                                             political_status=MASSES),
                            today=TODAY)
    photo = photos.add_photo_bytes(store, picture("JPEG")).sha256
    add_honor(store, person_id=wang, level="矿级", award_date=date(2024, 6, 28), title="2024年度优秀共产党员",
              deeds="连续1200天安全生产无事故")
    add_honor(store, person_id=wang, level="集团级", award_date=date(2025, 4, 30), title="2025年度劳动模范",
              category="劳动模范", deeds="主持综采工作面技术革新，传帮带徒弟5名", photo_sha256=photo)
    add_honor(store, person_id=li, level="省部级", award_date=date(2025, 5, 1), title="省技术能手",
              category="技术能手", awarding_body="省人力资源和社会保障厅", deeds="通风系统改造")
    add_honor(store, unit_id=b1, level="集团级", award_date=date(2026, 1, 20), title="2025年度先进集体",
              category="先进集体", deeds="全年安全生产，超额完成任务")
    return {"wang": wang, "li": li, "branch1": b1, "branch2": b2, "photo": photo}
