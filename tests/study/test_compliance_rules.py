"""Compliance as the 支部工作条例 asks it, with the 条例's own numbers: no 支委会 below 7 正式党员 (第六章), 党小组会 per
existing 党小组 (第十三条), a closed period is closed (a past year is judged as of its 12-31), 所属年度 for yearly
meetings held in January, the 书记's yearly 党课 (第十六条), and study hours that count party education only (32 / 56
学时, 2019—2023年全国党员教育培训工作规划)."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.committee import RoleRecord
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.study import SECRETARY_LECTURE, CellState
from jiaomei_desktop.services import org, study
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData
from jiaomei_desktop.services.study.committees import save_committee
from tests.conftest import unit_id
from tests.study.fixtures import _person, make_branch

TERM = (date(2024, 1, 10), date(2027, 1, 10))


def _add(store: Store, unit: str, kind: str, day: date, **changes: object) -> str:
    return study.save_session(
        store, SessionData(unit_id=unit, kind=kind, session_date=day, topic="学习", hours=2.0, **changes)
    )  # type: ignore[arg-type]


def _row(store: Store, code: str, year: int, as_of: date) -> study.compliance.ComplianceRow:
    grid = study.compliance_grid(store, unit_id(store, "T"), year, as_of=as_of)
    return next(r for r in grid.rows if r.branch_code == code)


def _small_branch(store: Store) -> tuple[str, list[str]]:
    """T-02 with five 正式党员 and no 党小组; the first one is its 书记."""
    branch = unit_id(store, "T-02")
    people = [_person(store, n, branch) for n in ("郑军", "冯涛", "褚亮", "卫东", "蒋平")]
    save_committee(store, branch, [RoleRecord(people[0], "书记", *TERM)], today=date(2025, 1, 5))
    return branch, people


def _hold_everything_but_committee(store: Store, branch: str, secretary: str, year: int) -> None:
    for month in range(1, 13):
        _add(store, branch, "主题党日", date(year, month, 12))
    for quarter in range(4):
        _add(store, branch, "支部党员大会", date(year, quarter * 3 + 2, 20))
        _add(store, branch, "党课", date(year, quarter * 3 + 2, 21), lecturer_id=secretary if quarter == 0 else None)
    _add(store, branch, "组织生活会", date(year, 12, 10))
    _add(store, branch, "民主评议党员", date(year, 12, 11))


def test_a_five_member_branch_holding_everything_it_must_is_fully_met(store: Store) -> None:
    branch, people = _small_branch(store)
    _hold_everything_but_committee(store, branch, people[0], 2025)
    row = _row(store, "T-02", 2025, date(2026, 1, 10))
    kinds = {c.rule.kind for cell in (*row.months, row.year) for c in cell.checks}
    assert "支委会" not in kinds and "党小组会" not in kinds  # 不足7人: no committee; no 党小组 at all
    # 党员大会 4 + 党课 4 + 主题党日 12 + 组织生活会 1 + 民主评议 1 + 书记讲党课 1
    assert (row.totals.met, row.totals.due) == (23, 23)


def test_seven_full_members_are_asked_for_twelve_committee_meetings(store: Store) -> None:
    make_branch(store)  # T-01: 7 正式党员
    row = _row(store, "T-01", 2025, date(2026, 1, 10))
    committee_checks = {(c.rule.kind, c.period_index) for m in row.months for c in m.checks if c.rule.kind == "支委会"}
    assert len(committee_checks) == 12


def test_party_group_meetings_are_asked_of_each_existing_group(store: Store) -> None:
    b = make_branch(store)
    for month in range(1, 13):
        _add(store, b.group1, "党小组会", date(2025, month, 8))  # only the first group meets
    row = _row(store, "T-01", 2025, date(2026, 1, 10))
    group = next(c for c in row.months[0].checks if c.rule.kind == "党小组会")
    assert (group.held, group.needed, group.state) == (1, 2, CellState.MISSED)
    # An empty 党小组 cannot meet and is not asked.
    org.add_unit(store, b.branch_id, "T-01-G3", "第三党小组", UnitKind.PARTY_GROUP)
    row = _row(store, "T-01", 2025, date(2026, 1, 10))
    assert next(c for c in row.months[0].checks if c.rule.kind == "党小组会").needed == 2


def test_a_closed_year_counts_the_same_on_its_last_day_and_after(store: Store) -> None:
    branch, people = _small_branch(store)
    _hold_everything_but_committee(store, branch, people[0], 2025)
    on_last_day = study.compliance_grid(store, unit_id(store, "T"), 2025, as_of=date(2025, 12, 31))
    next_day = study.compliance_grid(store, unit_id(store, "T"), 2025, as_of=date(2026, 1, 1))
    assert (on_last_day.total.met, on_last_day.total.due) == (next_day.total.met, next_day.total.due)
    for grid in (on_last_day, next_day):
        for row in grid.rows:
            states = {c.state for m in row.months for c in m.checks} | {c.state for c in row.year.checks}
            assert CellState.OPEN not in states and CellState.FUTURE not in states
    # T-01 (no sessions) misses December's monthly rules and the yearly ones on 12-31 already.
    t01 = next(r for r in on_last_day.rows if r.branch_code == "T-01")
    assert "主题党日" in t01.months[11].missed and "组织生活会" in t01.year.missed
    # A past year looked at later is judged as of its end.
    assert study.compliance_grid(store, unit_id(store, "T"), 2025, as_of=date(2026, 11, 23)).as_of == date(2025, 12, 31)


def test_a_january_life_meeting_counts_for_the_year_it_belongs_to(store: Store) -> None:
    branch, _people = _small_branch(store)
    sid = _add(store, branch, "组织生活会", date(2026, 1, 15), belongs_year=2025)
    _add(store, branch, "民主评议党员", date(2026, 1, 16))  # no 所属年度: the meeting's own year
    assert study.get_session(store, sid).belongs_year == 2025
    y2025 = {c.rule.kind: c.state for c in _row(store, "T-02", 2025, date(2026, 1, 20)).year.checks}
    y2026 = {c.rule.kind: c.state for c in _row(store, "T-02", 2026, date(2026, 1, 20)).year.checks}
    assert y2025["组织生活会"] is CellState.MET and y2025["民主评议党员"] is CellState.MISSED
    assert y2026["组织生活会"] is CellState.OPEN and y2026["民主评议党员"] is CellState.MET
    cells = study.cell_sessions(store, branch, 2025, None, frozenset({"组织生活会", "民主评议党员"}))
    assert [r.id for r in cells] == [sid]


@pytest.mark.parametrize(
    ("kind", "day", "year", "words"),
    [
        ("组织生活会", date(2026, 1, 15), 2024, "所属年度应为会议当年"),
        ("支委会", date(2026, 1, 15), 2025, "只有组织生活会和民主评议党员"),
    ],
)
def test_a_wrong_belongs_year_is_refused(store: Store, kind: str, day: date, year: int, words: str) -> None:
    branch, _people = _small_branch(store)
    with pytest.raises(ValidationFailed) as err:
        _add(store, branch, kind, day, belongs_year=year)
    assert words in err.value.errors["belongs_year"]


def test_the_secretary_gives_a_party_lecture_every_year(store: Store) -> None:
    branch, people = _small_branch(store)
    _add(store, branch, "党课", date(2025, 3, 5), lecturer_id=people[1])  # not the 书记
    year = {c.rule.kind: c for c in _row(store, "T-02", 2025, date(2026, 1, 10)).year.checks}
    assert year[SECRETARY_LECTURE].state is CellState.MISSED
    _add(store, branch, "党课", date(2025, 9, 5), lecturer_id=people[0])
    year = {c.rule.kind: c for c in _row(store, "T-02", 2025, date(2026, 1, 10)).year.checks}
    assert year[SECRETARY_LECTURE].state is CellState.MET


def test_study_hours_count_party_education_against_32_or_56(store: Store) -> None:
    b = make_branch(store)
    member, secretary = b.full[3], b.secretary
    save_committee(
        store,
        b.branch_id,
        [
            RoleRecord(secretary, "书记", *TERM),
            RoleRecord(b.committee, "组织委员", *TERM),
            RoleRecord(b.full[2], "宣传委员", *TERM),
        ],
        today=date(2025, 1, 5),
    )
    people = (AttendanceEntry(member), AttendanceEntry(secretary))
    _add(store, b.branch_id, "党课", date(2025, 3, 5), attendance=people)  # 2 学时
    _add(store, b.branch_id, "技术培训", date(2025, 4, 5), attendance=people)  # work training
    _add(store, b.branch_id, "安全生产学习", date(2025, 5, 5), attendance=people)
    record = study.member_record(store, member, 2025)
    assert (record.hours, record.other_hours, record.target, record.target_met) == (2.0, 4.0, 32.0, False)
    assert study.member_record(store, secretary, 2025).target == 56.0


def test_compliance_is_labelled_for_what_it_counts(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    make_branch(store)
    assert main(["study", "compliance", "--year", "2025", "--data-dir", str(store.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "组织生活制度落实情况" in out and "三会一课落实情况" not in out  # it counts 主题党日 and 组织生活会 too


def test_the_committee_rule_counts_full_members_as_of_the_year_judged(store: Store) -> None:
    from jiaomei_desktop.db.models import Person

    b = make_branch(store)  # 7 正式党员 today
    with store.transaction() as s:
        s.get(Person, b.full[6]).full_member_date = date(2026, 3, 1)  # type: ignore[union-attr]  # 转正 in 2026
    kinds_2025 = {c.rule.kind for m in _row(store, "T-01", 2025, date(2026, 11, 23)).months for c in m.checks}
    kinds_2026 = {c.rule.kind for m in _row(store, "T-01", 2026, date(2026, 11, 23)).months for c in m.checks}
    assert "支委会" not in kinds_2025 and "支委会" in kinds_2026  # six 正式党员 at the end of 2025
