"""`jiaomei study …` on the demo store: compliance as JSON, the list, minutes, export, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.services.store import Store


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_compliance_json(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_store.data_dir)
    assert main(["study", "compliance", "--unit", "JM-01", "--year", "2025", "--as-of", "2026-11-23",
                 "--data-dir", d, "--json"]) == 0
    out = _json(capsys)
    assert out["ok"] and out["unit"] == "九里山矿党委" and out["year"] == 2025
    assert out["branches"] == len(out["rows"]) > 0 and 0 < out["met"] <= out["due"]
    assert len(out["rows"][0]["months"]) == 12
    whole = main(["study", "compliance", "--year", "2025", "--data-dir", d])
    assert whole == 0 and "党支部 276 个" in capsys.readouterr().out


def test_list_minutes_and_export(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_store.data_dir)
    assert main(["study", "list", "--unit", "JM-01-01", "--kind", "支部党员大会", "--limit", "3", "--data-dir", d,
                 "--json"]) == 0
    out = _json(capsys)
    assert out["total"] >= 8 and len(out["sessions"]) == 3
    assert {s["kind"] for s in out["sessions"]} == {"支部党员大会"}
    pdf = tmp_path / "minutes.pdf"
    assert main(["study", "minutes", out["sessions"][0]["id"], "--out", str(pdf), "--data-dir", d]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "s.xlsx"
    assert main(["study", "export", "--unit", "JM-01-01", "--from", "2026-01-01", "--out", str(xlsx),
                 "--data-dir", d, "--json"]) == 0
    assert _json(capsys)["sessions"] > 10 and xlsx.exists()


def test_errors_are_clear(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_store.data_dir)
    assert main(["study", "compliance", "--unit", "NOPE", "--data-dir", d, "--json"]) != 0
    assert "没有代码为“NOPE”的单位" in _json(capsys)["error"]
    assert main(["study", "minutes", "no-such-id", "--out", "x.pdf", "--data-dir", d]) != 0
    assert "会议记录不存在" in capsys.readouterr().err
    assert main(["study", "list", "--from", "2026-13-01", "--data-dir", d]) != 0
    assert "开始日期" in capsys.readouterr().err
