"""`jiaomei honors` on the command line, and the demo's honours."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.honor import LEVELS
from jiaomei_desktop.services import honors, photos
from jiaomei_desktop.services.honors import HonorQuery


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_list_json_by_year(honoured, capsys):
    code, out = _run(capsys, "honors", "list", "--year", "2025", "--json", "--data-dir", str(honoured.store.data_dir))
    assert code == 0
    payload = json.loads(out)
    assert payload["ok"] and payload["count"] == 2 and payload["subjects"] == 2
    assert {h["name"] for h in payload["honors"]} == {"王建国", "李秀英"}
    assert payload["honors"][0]["award_date"] == "2025-05-01"


def test_list_text_and_filters(honoured, capsys):
    code, out = _run(capsys, "honors", "list", "--unit", "T-01", "--search", "wjg",
                     "--data-dir", str(honoured.store.data_dir))
    assert code == 0 and "王建国" in out and "李秀英" not in out and "共 2 条" in out


def test_errors_are_clear(honoured, capsys):
    code, out = _run(capsys, "honors", "list", "--unit", "NOPE", "--json", "--data-dir", str(honoured.store.data_dir))
    assert code != 0 and "NOPE" in json.loads(out)["error"]
    code, out = _run(capsys, "honors", "list", "--year", "26", "--data-dir", str(honoured.store.data_dir))
    assert code != 0 and "年份" in out


def test_export(honoured, capsys, tmp_path):
    target = tmp_path / "荣誉.xlsx"
    code, out = _run(capsys, "honors", "export", "--out", str(target), "--json",
                     "--data-dir", str(honoured.store.data_dir))
    assert code == 0 and json.loads(out)["count"] == 4
    assert load_workbook(target).active.max_row == 5


def test_demo_has_honours_at_every_level_with_pictures(demo_store):
    rows = honors.list_honors(demo_store, HonorQuery())
    assert {r.level for r in rows} == set(LEVELS)
    assert {r.award_date.year for r in rows} >= {2024, 2025, 2026}
    assert any(r.kind == "unit" for r in rows) and any(r.kind == "person" for r in rows)
    with_photo = [r for r in rows if r.photo_sha256]
    assert len(with_photo) > len(rows) // 2
    assert len({r.photo_sha256 for r in with_photo}) <= 44  # a few drawn pictures, each stored once
    assert all(photos.has_photo_file(demo_store, sha) for sha in {r.photo_sha256 for r in with_photo})
    assert all("同志" in r.deeds or r.kind == "unit" for r in rows)
    keys = honors.find_card_keys(demo_store, HonorQuery())
    assert len(keys) < len(rows)  # people honoured more than once have one card
