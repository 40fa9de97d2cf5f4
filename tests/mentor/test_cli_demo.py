"""`jiaomei mentor …` and the demo's pairs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.mentor import PairQuery
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id

DEMO_TODAY = date(2026, 11, 23)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_demo_has_pairs_in_every_state_with_logs(demo_store: Store) -> None:
    figures = mentor.unit_figures(demo_store, None, DEMO_TODAY).total
    assert figures.total >= 20
    assert all(n > 0 for n in figures.by_state.values()), figures.by_state
    assert figures.logs > figures.total
    ids = mentor.find_ids(demo_store, PairQuery(today=DEMO_TODAY))
    rows = mentor.fetch_rows(demo_store, ids, DEMO_TODAY)
    for row in rows.values():
        assert row.mentor_name != row.mentee_name
        if row.state == PairState.ACTIVE.value:
            assert row.end_date is None
        else:
            assert row.end_date is not None and row.end_date >= row.start_date
            assert row.last_log is None or row.last_log <= row.end_date
    assert mentor.certificate_items(demo_store, [i for i in ids if rows[i].state == "已出师"][:3])


def test_cli_list_json(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = str(demo_store.data_dir)
    code, everything = _run(capsys, "mentor", "list", "--data-dir", data_dir, "--json", "--today", "2026-11-23")
    assert code == 0 and everything["ok"]
    assert everything["count"] == len(everything["pairs"]) > 0
    first = everything["pairs"][0]
    assert {"mentor", "mentee", "state", "hours", "overdue", "stale", "mentor_left"} <= set(first)
    unit = first["unit"]
    code_of_unit = next(u.code for u in __import__("jiaomei_desktop.services.org", fromlist=["x"]).list_units(
        demo_store) if u.name == unit)
    code, one_unit = _run(capsys, "mentor", "list", "--unit", code_of_unit, "--data-dir", data_dir, "--json")
    assert code == 0 and 0 < one_unit["count"] <= everything["count"]
    assert {p["unit"] for p in one_unit["pairs"]} == {unit}
    code, done = _run(capsys, "mentor", "list", "--state", "已出师", "--data-dir", data_dir, "--json")
    assert {p["state"] for p in done["pairs"]} == {"已出师"}


def test_cli_unknown_unit(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["mentor", "list", "--unit", "NOPE", "--data-dir", str(demo_store.data_dir), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code != 0 and out == {"ok": False, "error": "没有代码为“NOPE”的单位"}


def test_cli_figures_export_certificates(demo_store: Store, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    data_dir = str(demo_store.data_dir)
    code, figures = _run(capsys, "mentor", "figures", "--data-dir", data_dir, "--json", "--today", "2026-11-23")
    assert code == 0 and figures["total"]["total"] > 0 and figures["units"]
    out = tmp_path / "pairs.xlsx"
    code, exported = _run(capsys, "mentor", "export", "--data-dir", data_dir, "--json", "--out", str(out))
    assert code == 0 and exported["pairs"] == figures["total"]["total"]
    assert load_workbook(out).sheetnames == ["结对名单", "辅导记录"]
    pdf = tmp_path / "certs.pdf"
    group = unit_id(demo_store, "JM")
    assert group
    code, printed = _run(capsys, "mentor", "certificates", "--data-dir", data_dir, "--json", "--out", str(pdf))
    assert code == 0 and printed["certificates"] == figures["total"]["by_state"]["已出师"]
    assert pdf.read_bytes().startswith(b"%PDF")
