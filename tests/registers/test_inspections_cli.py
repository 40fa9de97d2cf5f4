"""`jiaomei inspections list|bulletin|teams`: JSON rows and figures, month and overdue filters, names only when asked,
Excel export, the bulletin PDF, and clear errors."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services import inspections as ins
from tests.registers.known import TODAY
from tests.registers.test_inspections import _inspection, _rectified, _team
from tests.reports.pdfcheck import text_of


@pytest.fixture
def filled(known):  # type: ignore[no-untyped-def]
    store, k = known
    team = ins.save_team(store, _team(k))
    ins.save_inspection(store, _rectified(k, team, person_name="马六"), today=TODAY)  # overdue from 11-18 on
    ins.save_inspection(
        store, _inspection(k, team, unit_id=k.b2, kind="作风", inspection_date=date(2026, 10, 5)), today=TODAY
    )
    return store, k


def _run(capsys, *argv: str) -> dict:  # type: ignore[no-untyped-def]
    code = main([*argv, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert (code == 0) == out["ok"], out
    return out


def test_list_month_overdue_and_names(filled, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, _k = filled
    base = ("--data-dir", str(store.data_dir))
    out = _run(capsys, "inspections", "list", "--unit", "T", *base)
    assert out["count"] == 2 and out["figures"]["problems"] == 2 and out["rows"][0]["person"] is None
    assert [
        r["kind"] for r in _run(capsys, "inspections", "list", "--unit", "T", "--month", "2026-10", *base)["rows"]
    ] == ["作风"]
    assert _run(capsys, "inspections", "list", "--unit", "T-02", "--month", "2026-11", *base)["count"] == 0
    overdue = _run(capsys, "inspections", "list", "--unit", "T", "--overdue", "--names", *base)
    assert [(r["kind"], r["state"], r["person"]) for r in overdue["rows"]] == [("三违", "逾期", "马六")]
    path = tmp_path / "督导.xlsx"
    assert _run(capsys, "inspections", "list", "--unit", "T", "--export", str(path), *base)["count"] == 2
    assert len(list(load_workbook(path).active.iter_rows())) == 3


def test_bulletin_and_teams(filled, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, _k = filled
    base = ("--data-dir", str(store.data_dir))
    pdf = tmp_path / "通报.pdf"
    out = _run(capsys, "inspections", "bulletin", "--unit", "T", "--month", "2026-11", "--out", str(pdf), *base)
    assert (out["inspections"], out["problems"], out["overdue"], out["names"]) == (1, 1, 1, False)
    text = text_of(pdf.read_bytes())
    assert text.startswith("关于2026年11月纪律作风督导情况的通报") and "马六" not in text
    named = _run(
        capsys, "inspections", "bulletin", "--unit", "T", "--month", "2026-11", "--names", "--out", str(pdf), *base
    )
    assert named["names"] is True and "马六" in text_of(pdf.read_bytes())
    teams = _run(capsys, "inspections", "teams", "--unit", "T", *base)
    assert teams["teams"][0]["members"] == ["王建国", "退休干部老赵"] and teams["teams"][0]["lead"] == "王建国"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("list", "--unit", "NOPE"), "没有代码为“NOPE”的单位"),
        (("list", "--month", "2026/11"), "月份“2026/11”应写成 年-月，例如 2026-11"),
        (("list", "--month", "2026-13"), "月份“2026-13”应写成 年-月，例如 2026-11"),
        (("list", "--export", "out.csv"), "导出文件应以 .xlsx 结尾"),
        (("bulletin", "--month", "2999-01", "--out", "x.pdf"), "2999年1月还没有到，不能通报"),
        (("bulletin", "--month", "2025-01", "--out", "x.pdf"),
         "测试矿党委2025年1月没有督导检查记录，前期督导发现的问题也没有需要通报的整改情况，无需通报"),
    ],
)
def test_errors_are_messages(filled, capsys, argv, message) -> None:  # type: ignore[no-untyped-def]
    store, _k = filled
    out = _run(capsys, "inspections", *argv, "--data-dir", str(store.data_dir))
    assert out == {"ok": False, "error": message}


def test_bulletin_keeps_earlier_months_apart(filled, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """November's own 整改 (one overdue) and October's (one finished in November, one still open past its deadline)
    have their own keys and lines: the month is not credited with what earlier months found."""
    store, k = filled
    [team] = [t.id for t in ins.list_teams(store, k.root)]
    october = dict(inspection_date=date(2026, 10, 12), unit_id=k.b2)
    ins.save_inspection(
        store,
        _rectified(k, team, **october, deadline=date(2026, 10, 20), done_date=date(2026, 11, 5), confirmed_by="王建国"),
        today=TODAY,
    )
    ins.save_inspection(store, _rectified(k, team, **october, deadline=date(2026, 10, 25)), today=TODAY)
    base = ("--data-dir", str(store.data_dir))
    pdf = tmp_path / "通报.pdf"
    argv = ("inspections", "bulletin", "--unit", "T", "--month", "2026-11", "--out", str(pdf), *base)
    out = _run(capsys, *argv)
    assert (out["fixed"], out["overdue"], out["earlier_fixed"], out["earlier_overdue"]) == (0, 1, 1, 1)
    assert main(list(argv)) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"已生成 {pdf}（{out['pages']} 页）：2026年11月督导检查1次，发现问题1个，本月问题已整改0个，逾期1个",
        "以前月份的问题：本月整改完成1个，逾期仍未整改1个",
    ]
    # October alone, as of 10-31: its own two both past their deadline (one finished only in November)
    october_out = _run(capsys, "inspections", "bulletin", "--unit", "T", "--month", "2026-10", "--out", str(pdf), *base)
    assert (october_out["fixed"], october_out["overdue"]) == (0, 2)
    assert (october_out["earlier_fixed"], october_out["earlier_overdue"]) == (0, 0)
