"""纪律作风督导 in the 统计 tab and the annual report: the year's inspections, problems by kind, 整改 done, on time and
overdue on the report's date, each figure listing its inspections; the report's sentence, clauses with zero left out."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.statistics.records import records_behind
from jiaomei_desktop.services.statistics.report import inspections_paragraph, report_document
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _rectified, _team


def _group(dash):  # type: ignore[no-untyped-def]
    return next(g for g in dash.groups if g.key == "inspections")


def test_figures_sentence_and_records(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _rectified(k, team), today=TODAY)  # overdue on TODAY
    ins.save_inspection(
        store,
        _rectified(
            k,
            team,
            kind="纪律",
            description="脱岗",
            inspection_date=date(2026, 3, 2),
            deadline=date(2026, 3, 9),
            done_date=date(2026, 3, 6),
            confirmed_by="刘洋",
        ),
        today=TODAY,
    )
    ins.save_inspection(
        store,
        _rectified(
            k,
            team,
            kind="纪律",
            description="睡岗",
            inspection_date=date(2026, 4, 2),
            deadline=date(2026, 4, 5),
            done_date=date(2026, 4, 8),
            confirmed_by="刘洋",
        ),
        today=TODAY,
    )  # late
    ins.save_inspection(
        store,
        _inspection(k, team, kind="未发现问题", description="未发现问题", inspection_date=date(2026, 5, 6)),
        today=TODAY,
    )
    ins.save_inspection(
        store, _inspection(k, team, unit_id=k.b2, kind="作风", inspection_date=date(2026, 6, 1)), today=TODAY
    )
    dash = statistics.dashboard(store, k.root, 2026, today=TODAY)
    values = {f.name: f.value for f in _group(dash).figures}
    assert values == {
        "inspections": 5,
        "problems": 4,
        "纪律": 2,
        "作风": 1,
        "安全行为": 0,
        "三违": 1,
        "其他": 0,
        "rectify": 3,
        "done": 2,
        "on_time": 1,
        "on_time_rate": 0.5,
        "overdue": 1,
    }
    assert inspections_paragraph(dash) == (
        "开展纪律作风督导检查5次，发现问题4个；需整改的3个问题中，已整改2个，其中按期整改1个，逾期未整改1个。"
    )
    overdue = next(f for f in _group(dash).figures if f.name == "overdue")
    listed = records_behind(store, overdue)
    assert listed.columns == ("督导日期", "被督导单位", "问题类别", "督导情况", "整改期限", "完成日期")
    assert listed.rows == (
        ("2026-11-10", "综采一队党支部", "三违", "综采工作面一名职工未按规定佩戴自救器", "2026-11-17", ""),
    )
    texts = [b.text for b in report_document(dash).blocks if hasattr(b, "text")]
    assert inspections_paragraph(dash) in texts
    # a branch's year: only its own; the 掘进二队 one had no 整改, so the sentence stops at the problems
    branch = statistics.dashboard(store, k.b2, 2026, today=TODAY)
    assert inspections_paragraph(branch) == "开展纪律作风督导检查1次，发现问题1个。"
    # a year without inspections says nothing
    assert inspections_paragraph(statistics.dashboard(store, k.root, 2025, today=TODAY)) == ""
    assert all(f.value == 0 for f in _group(statistics.dashboard(store, k.root, 2025, today=TODAY)).figures)


def test_quiet_inspections_say_so(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _inspection(k, team, kind="未发现问题", description="未发现问题"), today=TODAY)
    dash = statistics.dashboard(store, k.root, 2026, today=TODAY)
    assert inspections_paragraph(dash) == "开展纪律作风督导检查1次，未发现问题。"
