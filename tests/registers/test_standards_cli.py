"""`jiaomei standards list | coverage | checklist`: JSON rows, the 未自评 branches of a year, the state filter, Excel
export, coverage per 党委, clear errors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, Score
from jiaomei_desktop.services import standards as st
from tests.registers.known import TODAY


def test_cli_standards(known, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    st.set_checklist(store, replace(DEFAULT_CHECKLIST, pass_line=60))
    hand = {i.key: Score(i.weight) for i in DEFAULT_CHECKLIST.items if not i.auto}
    saved = st.save_assessment(store, st.AssessmentData(k.b1, 2025, date(2025, 12, 20), hand), today=TODAY)
    st.save_acceptance(
        store, st.AcceptanceData(saved, k.root, Result.PASSED.value, date(2026, 1, 5), "验收组"), today=TODAY
    )
    base = ["--data-dir", str(store.data_dir), "--json"]
    assert main(["standards", "list", "--unit", "T", "--year", "2025", *base]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["branch"], r["state"]) for r in rows] == [
        ("综采一队党支部", "达标"),
        ("掘进二队党支部", "未自评"),
        ("机关党支部", "未自评"),
    ]
    assert rows[0]["scores"]["committee"]["auto"] is True and rows[0]["accepting_unit"] == "测试矿党委"
    out = tmp_path / "s.xlsx"
    assert (
        main(["standards", "list", "--unit", "T", "--year", "2025", "--state", "未自评", "--export", str(out), *base])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["count"] == 2
    assert load_workbook(out).active.max_row == 3
    assert main(["standards", "coverage", "--unit", "T", "--year", "2025", *base]) == 0
    found = json.loads(capsys.readouterr().out)["committees"]
    assert [(c["committee"], c["branches"], c["accepted"], c["passed"]) for c in found] == [
        ("测试矿党委", 3, 1, 1),
        ("合计", 3, 1, 1),
    ]
    assert main(["standards", "checklist", *base]) == 0
    assert json.loads(capsys.readouterr().out)["pass_line"] == 60
    assert main(["standards", "list", "--unit", "NOPE", *base]) == 2
    assert "没有代码为“NOPE”的单位" in json.loads(capsys.readouterr().out)["error"]
    assert main(["standards", "list", "--export", str(tmp_path / "s.csv"), *base]) == 2
    assert "导出文件应以 .xlsx 结尾" in json.loads(capsys.readouterr().out)["error"]
