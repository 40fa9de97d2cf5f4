"""Session list filters, rule edits and the compliance grid, Excel export and the meeting record PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.study import CellState, Period, Rule
from jiaomei_desktop.services import org, study
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData, SessionQuery
from jiaomei_desktop.services.study.export import export_compliance, export_sessions
from jiaomei_desktop.services.study.minutes import meeting_record_data, render_minutes
from tests.conftest import unit_id
from tests.study.fixtures import Branch, make_branch

AS_OF = date(2026, 11, 23)


@pytest.fixture
def branch(store: Store) -> Branch:
    return make_branch(store)


def _add(store: Store, unit: str, kind: str, day: date, topic: str = "学习", safety: bool = False,
         people: tuple[str, ...] = ()) -> str:
    return study.save_session(store, SessionData(unit_id=unit, kind=kind, session_date=day, topic=topic, hours=1.0,
                                                 safety_flag=safety,
                                                 attendance=tuple(AttendanceEntry(p) for p in people)))


def test_session_list_filters_and_sorts(store: Store, branch: Branch) -> None:
    a = _add(store, branch.branch_id, "党课", date(2026, 1, 5), "安全规程学习", safety=True)
    b = _add(store, branch.group1, "党小组会", date(2026, 2, 5), "交流心得")
    c = _add(store, branch.other_branch_id, "支委会", date(2026, 3, 5), "研究工作")
    assert study.find_ids(store, SessionQuery()) == [c, b, a]  # newest first
    assert study.find_ids(store, SessionQuery(unit_id=branch.branch_id)) == [b, a]  # party group included
    assert study.find_ids(store, SessionQuery(kinds=frozenset({"党课"}))) == [a]
    assert study.find_ids(store, SessionQuery(safety=True)) == [a]
    assert study.find_ids(store, SessionQuery(text="心得")) == [b]
    assert study.find_ids(store, SessionQuery(text="%")) == []
    assert study.find_ids(store, SessionQuery(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))) == [b]
    assert study.find_ids(store, SessionQuery(sort="session_date", descending=False)) == [a, b, c]
    assert study.count(store, SessionQuery(unit_id=branch.branch_id)) == 2
    assert study.fetch_rows(store, [b])[b].unit_name == "综采一队党支部 / 第一党小组"


def _grid_row(store: Store, code: str, year: int = 2026) -> study.compliance.ComplianceRow:
    grid = study.compliance_grid(store, unit_id(store, "T"), year, as_of=AS_OF)
    return next(r for r in grid.rows if r.branch_code == code)


def test_grid_with_no_sessions(store: Store, branch: Branch) -> None:
    grid = study.compliance_grid(store, unit_id(store, "T"), 2026, as_of=AS_OF)
    assert [r.branch_code for r in grid.rows] == ["T-01", "T-02"]
    row = grid.rows[0]
    assert row.months[0].state is CellState.MISSED
    assert row.months[10].state is CellState.OPEN  # November is still running
    assert row.totals.met == 0 and grid.month_missed[0] == 2
    assert set(row.months[0].missed) == {"支部党员大会", "支委会", "党小组会", "党课", "主题党日"}
    future = study.compliance_grid(store, unit_id(store, "T"), 2027, as_of=AS_OF)
    assert future.rows[0].months[0].state is CellState.FUTURE and future.total.due == 0


def test_grid_counts_party_groups_and_boundaries(store: Store, branch: Branch) -> None:
    b = branch.branch_id
    for kind in ("支部党员大会", "党课"):
        _add(store, b, kind, date(2026, 3, 31))  # last day of Q1
    for kind in ("支委会", "主题党日"):
        _add(store, b, kind, date(2026, 1, 1))
    _add(store, branch.group1, "党小组会", date(2026, 1, 20))
    row = _grid_row(store, "T-01")
    jan = {c.rule.kind: c for c in row.months[0].checks}
    assert jan["支部党员大会"].state is CellState.MET and jan["支委会"].state is CellState.MET
    assert (jan["党小组会"].held, jan["党小组会"].needed, jan["党小组会"].state) == (1, 2, CellState.MISSED)
    assert row.months[0].missed == ["党小组会"]
    _add(store, branch.group2, "党小组会", date(2026, 1, 31))
    org.add_unit(store, b, "T-01-G3", "第三党小组", UnitKind.PARTY_GROUP)  # no members yet: cannot meet
    assert _grid_row(store, "T-01").months[0].state is CellState.MET
    sessions = study.cell_sessions(store, b, 2026, 1)
    assert [s.kind for s in sessions] == ["支委会", "主题党日", "党小组会", "党小组会"] or len(sessions) == 4
    assert len(study.cell_sessions(store, b, 2026, 3)) == 2


def test_rule_edits_change_the_grid(store: Store, branch: Branch) -> None:
    b = branch.branch_id
    settings = study.rule_settings(store, b)
    assert [s.rule for s in settings][:2] == [Rule("支部党员大会", Period.QUARTER), Rule("支委会", Period.MONTH)]
    assert all(s.source_unit_id is None for s in settings)
    root = unit_id(store, "T")
    # The committee relaxes 支委会 to quarterly and drops 主题党日 for its subtree; the branch asks 党课 monthly.
    study.save_rules(store, root, [Rule("支委会", Period.QUARTER), Rule("主题党日", Period.MONTH, enabled=False)])
    study.save_rules(store, b, [Rule("党课", Period.MONTH, 1)])
    by_kind = {s.rule.kind: s for s in study.rule_settings(store, b)}
    assert by_kind["支委会"].rule.period is Period.QUARTER and by_kind["支委会"].source_unit_name == "测试矿党委"
    assert by_kind["党课"].source_unit_id == b and not by_kind["主题党日"].rule.enabled
    _add(store, b, "支委会", date(2026, 2, 10))
    row = _grid_row(store, "T-01")
    kinds = {c.rule.kind: c.state for c in row.months[0].checks}
    assert kinds["支委会"] is CellState.MET and "主题党日" not in kinds
    other = {c.rule.kind: c.rule for c in _grid_row(store, "T-02").months[0].checks}
    assert other["党课"].period is Period.QUARTER  # the branch's own rule stays in its branch
    # Setting the branch back to what it inherits retires its own row.
    study.save_rules(store, b, [Rule("党课", Period.QUARTER)])
    assert {s.rule.kind: s for s in study.rule_settings(store, b)}["党课"].source_unit_id is None
    study.reset_rules(store, root)
    assert all(s.source_unit_id is None for s in study.rule_settings(store, b))


def test_bad_rules_are_refused(store: Store, branch: Branch) -> None:
    with pytest.raises(ValidationFailed, match="次数"):
        study.save_rules(store, branch.branch_id, [Rule("党课", Period.MONTH, 0)])
    with pytest.raises(ValidationFailed, match="未知"):
        study.save_rules(store, branch.branch_id, [Rule("喝茶", Period.MONTH)])
    assert all(s.source_unit_id is None for s in study.rule_settings(store, branch.branch_id))


def test_excel_exports(store: Store, branch: Branch, tmp_path: Path) -> None:
    _add(store, branch.branch_id, "党课", date(2026, 1, 5), "安全规程", people=tuple(branch.full[:2]))
    out = tmp_path / "sessions.xlsx"
    assert export_sessions(store, SessionQuery(), out) == 1
    wb = load_workbook(out)
    assert [c.value for c in wb["会议记录"][2]][1:4] == ["党课", "综采一队党支部", "安全规程"]
    assert wb["出勤明细"].max_row == 3
    grid_out = tmp_path / "grid.xlsx"
    export_compliance(study.compliance_grid(store, unit_id(store, "T"), 2026, as_of=AS_OF), grid_out)
    ws = load_workbook(grid_out).active
    assert ws["C2"].value == "综采一队党支部" and str(ws["D2"].value).startswith("缺：")


def test_meeting_record(store: Store, branch: Branch) -> None:
    sid = study.save_session(store, SessionData(
        unit_id=branch.group1, kind="党课", lecture_form="微型党课", session_date=date(2026, 5, 8), topic="党章学习",
        start_time="09:00", end_time="10:30", host_name="王建国", recorder_name="李明", hours=1.5,
        attendance=(AttendanceEntry(branch.full[0]), AttendanceEntry(branch.full[1], "请假", "病假"))))
    data = meeting_record_data(store, sid)
    assert data.unit == "综采一队党支部第一党小组" and data.lecture_form == "微型"
    assert (data.expected, data.present) == (2, 1) and data.absentees[0][1:] == ("请假", "病假")
    assert render_minutes(store, sid).startswith(b"%PDF")


def test_duplicate_rules_from_two_offices_resolve_by_version(store: Store, branch: Branch) -> None:
    """Two offices may each have written a rule for the same unit and kind before a sync: higher version wins."""
    from jiaomei_desktop.db.base import new_id
    from jiaomei_desktop.db.models import StudyRule
    from jiaomei_desktop.services import ownership

    with store.transaction() as s:
        s.info[ownership.UNCHECKED] = True  # forging what a sync brings: rows written by another office
        for version, period in ((3, Period.YEAR), (2, Period.QUARTER)):
            s.add(StudyRule(id=new_id(), owner_unit_id=branch.branch_id, version=version, unit_id=branch.branch_id,
                            kind="支委会", period=period.value, min_count=1, per_party_group=False, enabled=True))
    by_kind = {r.rule.kind: r.rule for r in study.rule_settings(store, branch.branch_id)}
    assert by_kind["支委会"].period is Period.YEAR
