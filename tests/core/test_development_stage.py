"""发展阶段 apart from 政治面貌 (issue 17 point 4): the rules of 发展党员工作细则 on the stage and its dates, and the
upgrade of a store whose 政治面貌 still held 入党积极分子 / 发展对象 (revision 0017 → 0018)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command

from jiaomei_desktop.db import migrate
from jiaomei_desktop.domain.development import split_legacy_status
from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData, validate_person
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.store import DB_FILENAME, Store, open_store
from tests.conftest import unit_id

TODAY = date(2026, 11, 23)
MASSES, LEAGUE = PoliticalStatus.MASSES, PoliticalStatus.YOUTH_LEAGUE
APPLICANT, ACTIVIST, TARGET = DevelopmentStage.APPLICANT, DevelopmentStage.ACTIVIST, DevelopmentStage.TARGET


def _person(**over: object) -> PersonData:
    base = PersonData(
        name="孙强",
        branch_id="b",
        political_status=MASSES,
        birth_date=date(1998, 2, 2),
        development_stage=TARGET,
        application_date=date(2023, 3, 1),
        activist_date=date(2023, 6, 1),
        target_date=date(2024, 9, 1),
    )
    return base.with_changes(**over)


def _errors(**over: object) -> dict[str, str]:
    return validate_person(_person(**over), TODAY).errors


def test_a_complete_path_to_development_target_is_valid() -> None:
    assert _errors() == {}
    assert _errors(political_status=LEAGUE) == {}


@pytest.mark.parametrize("status", [PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY])
def test_a_member_has_no_stage_but_keeps_the_dates(status: PoliticalStatus) -> None:
    joined = {"join_date": date(2025, 6, 1)}
    full = {"full_member_date": date(2026, 6, 1)} if status is PoliticalStatus.FULL_MEMBER else {}
    assert _errors(political_status=status, **joined, **full)["development_stage"] == (
        f"{status.value}不再有发展阶段（发展阶段只用于群众和共青团员）"
    )
    assert _errors(political_status=status, development_stage=None, **joined, **full) == {}


def test_join_date_follows_the_steps() -> None:
    errors = _errors(political_status=PoliticalStatus.PROBATIONARY, development_stage=None, join_date=date(2024, 8, 1))
    assert errors["join_date"] == "入党日期应晚于发展阶段各步的日期"


def test_activist_date_after_application() -> None:
    assert _errors(activist_date=date(2023, 3, 1))["activist_date"] == "确定为入党积极分子的日期应晚于申请入党日期"
    assert _errors(activist_date=date(2023, 2, 1), target_date=date(2024, 9, 1))["activist_date"]


def test_development_target_only_after_a_year_as_activist() -> None:
    # 细则 第十三条: 经过一年以上培养教育和考察. 2023-06-01 + one year = 2024-06-01 is the earliest day.
    message = _errors(target_date=date(2024, 5, 31))["target_date"]
    assert message == ("入党积极分子经过一年以上培养考察才能列为发展对象（发展党员工作细则第十三条），最早为2024-06-01")
    assert "target_date" not in _errors(target_date=date(2024, 6, 1))


def test_application_at_eighteen_at_the_earliest() -> None:
    # 党章 第一条, 细则 第五条: 年满十八岁. Born 1998-02-02: eighteen on 2016-02-02.
    assert (
        _errors(application_date=date(2016, 2, 1), development_stage=APPLICANT, activist_date=None, target_date=None)[
            "application_date"
        ]
        == "申请入党时应年满十八周岁（党章第一条）"
    )
    assert (
        _errors(application_date=date(2016, 2, 2), development_stage=APPLICANT, activist_date=None, target_date=None)
        == {}
    )


def test_no_dates_of_steps_not_reached_and_no_dates_without_a_stage() -> None:
    errors = _errors(development_stage=APPLICANT)
    assert errors["activist_date"] == "入党申请人还没有这一步的日期"
    assert errors["target_date"] == "入党申请人还没有这一步的日期"
    assert _errors(development_stage=None)["application_date"] == "请先选择发展阶段"


def test_dates_of_the_steps_not_in_the_future() -> None:
    assert (
        _errors(development_stage=APPLICANT, application_date=date(2027, 1, 1), activist_date=None, target_date=None)[
            "application_date"
        ]
        == "日期不能晚于今天"
    )


def test_dates_are_optional_for_records_carried_over() -> None:
    assert _errors(application_date=None, activist_date=None, target_date=None) == {}


def test_save_refuses_a_stage_on_a_member_and_writes_nothing(store: Store) -> None:
    branch = unit_id(store, "T-01")
    data = _person(branch_id=branch, political_status=PoliticalStatus.PROBATIONARY, join_date=date(2026, 6, 1))
    with pytest.raises(ValidationFailed) as info:
        roster.save_person(store, data, today=TODAY)
    assert "development_stage" in info.value.errors
    assert roster.count(store, roster.RosterQuery()) == 0


def test_stage_and_dates_round_trip_and_filter(store: Store) -> None:
    branch = unit_id(store, "T-01")
    target = roster.save_person(store, _person(branch_id=branch), today=TODAY)
    roster.save_person(
        store,
        _person(name="李平", branch_id=branch, development_stage=APPLICANT, activist_date=None, target_date=None),
        today=TODAY,
    )
    stored = roster.get_person(store, target)
    assert (stored.development_stage, stored.target_date) == (TARGET, date(2024, 9, 1))
    query = roster.RosterQuery(stages=frozenset({TARGET}))
    assert roster.find_ids(store, query) == [target]
    assert roster.fetch_rows(store, [target], TODAY)[target].development_stage == "发展对象"
    assert roster.count(store, roster.RosterQuery(statuses=frozenset({PoliticalStatus.FULL_MEMBER}))) == 0


@pytest.mark.parametrize(
    ("status", "position", "notes", "expected"),
    [
        ("入党积极分子", None, None, ("群众", ACTIVIST)),
        ("发展对象", "团支部书记", None, ("共青团员", TARGET)),
        ("入党积极分子", None, "共青团员，2019年入团", ("共青团员", ACTIVIST)),
        ("正式党员", "团支部书记", None, ("正式党员", None)),
        ("发展对象", "集团委员会秘书", "集团员工", ("群众", TARGET)),
        ("入党积极分子", None, "团员，2018年入团", ("共青团员", ACTIVIST)),
    ],
)
def test_old_status_read_as_stage(
    status: str, position: str | None, notes: str | None, expected: tuple[str, DevelopmentStage | None]
) -> None:
    assert split_legacy_status(status, position, notes) == expected


# -- the upgrade of a store at revision 0017 ------------------------------------------------------------------------
OLD_PEOPLE = (  # (id, name, 政治面貌 before, 职务, 备注)
    ("p1", "孙强", "入党积极分子", None, None),
    ("p2", "李娜", "发展对象", "团支部书记", None),
    ("p3", "周杰", "入党积极分子", "班长", "共青团员"),
    ("p4", "王建国", "正式党员", "党支部书记", None),
    ("p5", "吴刚", "群众", None, None),
    ("p6", "赵磊", "发展对象", "集团委员会秘书", "集团员工，2019年入职"),  # 团委 and 团员 inside other words
    ("p7", "钱程", "入党积极分子", None, "团员，2018年入团"),
)


def _old_store(tmp_path: Path) -> Path:
    db = tmp_path / DB_FILENAME
    command.upgrade(migrate.alembic_config(db), "0017")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO org_unit (id, owner_unit_id, version, updated_at, deleted, code, name, kind, "
            "parent_id, path, sort_order) VALUES ('u', 'u', 1, '2026-01-01 00:00:00', 0, 'T', '测试党支部', "
            "'党支部', NULL, '/u/', 0)"
        )
        for pid, name, status, position, notes in OLD_PEOPLE:
            conn.execute(
                "INSERT INTO person (id, owner_unit_id, version, updated_at, deleted, name, name_sort, "
                "search_text, political_status, branch_id, membership_state, position, notes) "
                "VALUES (?, 'u', 3, '2026-01-01 00:00:00', 0, ?, ?, ?, ?, 'u', '在册', ?, ?)",
                (pid, name, name, name, status, position, notes),
            )
    return db


def test_upgrade_moves_old_stages_out_of_political_status(tmp_path: Path) -> None:
    db = _old_store(tmp_path)
    open_store(tmp_path).close()
    with sqlite3.connect(db) as conn:
        rows = {
            r[0]: r[1:] for r in conn.execute("SELECT id, political_status, development_stage, version FROM person")
        }
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0018"
    assert rows == {
        "p1": ("群众", "入党积极分子", 3),
        "p2": ("共青团员", "发展对象", 3),  # a 团支部书记 is a 团员
        "p3": ("共青团员", "入党积极分子", 3),
        "p4": ("正式党员", None, 3),
        "p5": ("群众", None, 3),
        "p6": ("群众", "发展对象", 3),
        "p7": ("共青团员", "入党积极分子", 3),
    }  # versions kept: every office runs the same step, so no bundle has to carry it


def test_upgraded_people_read_and_validate(tmp_path: Path) -> None:
    _old_store(tmp_path)
    store = open_store(tmp_path)
    try:
        person = roster.get_person(store, "p2")
        assert (person.political_status, person.development_stage) == (LEAGUE, TARGET)
        assert validate_person(person, TODAY).errors == {}
    finally:
        store.close()


def test_downgrade_puts_the_stage_back_in_political_status(tmp_path: Path) -> None:
    db = _old_store(tmp_path)
    open_store(tmp_path).close()
    command.downgrade(migrate.alembic_config(db), "0017")
    with sqlite3.connect(db) as conn:
        statuses = dict(conn.execute("SELECT id, political_status FROM person"))
    assert statuses == {
        "p1": "入党积极分子",
        "p2": "发展对象",
        "p3": "入党积极分子",
        "p4": "正式党员",
        "p5": "群众",
        "p6": "发展对象",
        "p7": "入党积极分子",
    }


def test_restoring_a_state_logged_before_0018_reads_the_old_status_as_a_stage(store: Store) -> None:
    """A change logged while 政治面貌 still held 入党积极分子: putting the person back gives 群众 + 入党积极分子."""
    from sqlalchemy import select

    from jiaomei_desktop.db.models import ChangeLog
    from jiaomei_desktop.services import history

    pid = roster.save_person(
        store, _person(branch_id=unit_id(store, "T-01"), development_stage=ACTIVIST, target_date=None), today=TODAY
    )
    first = history.list_changes(store, "person", pid)[0].id
    admitted = roster.get_person(store, pid).with_changes(
        political_status=PoliticalStatus.PROBATIONARY, development_stage=None, join_date=date(2026, 6, 1)
    )
    roster.save_person(store, admitted, today=TODAY)
    with store.transaction() as session:  # the log as revision 0017 wrote it
        log = session.scalars(select(ChangeLog).where(ChangeLog.record_id == pid, ChangeLog.id > first)).one()
        log.old_values = '{"political_status": "入党积极分子", "join_date": null}'
    state = history.state_after(store, "person", pid, first)
    assert (state["political_status"], state["development_stage"]) == ("群众", "入党积极分子")
    history.restore(store, "person", pid, first)
    back = roster.get_person(store, pid)
    assert (back.political_status, back.development_stage, back.join_date) == (MASSES, ACTIVIST, None)
