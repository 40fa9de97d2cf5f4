"""`jiaomei roster import|export|list` and `jiaomei org import|list` through main() as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.services.store import Store
from tests.excel_fixtures import ID_A, messy_roster, write_sheet


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out.strip().splitlines()[-1])


def count(store: Store, model: type) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_dry_run_reports_counts_and_error_rows_and_writes_nothing(store: Store, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_roster(tmp_path / "m.xlsx")
    code, data = run(capsys, "roster", "import", str(path), "--dry-run", "--json", "--data-dir", str(store.data_dir))
    assert code == 0 and data["ok"] is True
    assert data["counts"] == {"新增": 2, "更新": 0, "无变化": 0, "错误": 8}
    assert data["dry_run"] is True and data["written"] is None
    errors = {e["row"]: e["reason"] for e in data["errors"]}
    assert "校验位不正确" in errors[6] and "存成了数字" in errors[7] and "第13行、第14行" in errors[13]
    assert count(store, Person) == 0


def test_import_writes_good_rows(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_roster(tmp_path / "m.xlsx")
    code, data = run(capsys, "roster", "import", str(path), "--json", "--data-dir", str(store.data_dir))
    assert code == 0 and data["written"] == {"created": 2, "updated": 0}
    assert count(store, Person) == 2


def test_text_output_names_rows(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_roster(tmp_path / "m.xlsx")
    assert main(["roster", "import", str(path), "--dry-run", "--data-dir", str(store.data_dir)]) == 0
    out = capsys.readouterr().out
    assert "新增 2" in out and "第12行 吴小明：所在支部：找不到名为“通风三队党支部”的单位" in out


def test_nothing_importable_exits_non_zero(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_sheet(tmp_path / "bad.xlsx", ("姓名", "身份证号", "所在支部"), [["张伟", float(ID_A), "综采一队党支部"]])
    code, data = run(capsys, "roster", "import", str(path), "--json", "--data-dir", str(store.data_dir))
    assert code == 1 and data["ok"] is False
    assert "没有可导入的有效记录" in data["error"] and data["errors"][0]["row"] == 4
    assert count(store, Person) == 0


def test_unreadable_file_exits_non_zero(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("not excel")
    code, data = run(capsys, "roster", "import", str(path), "--json", "--data-dir", str(store.data_dir))
    assert code == 2 and "不是 Excel" in data["error"]


def test_unknown_unit_code(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = messy_roster(tmp_path / "m.xlsx")
    code, data = run(capsys, "roster", "import", str(path), "--unit", "NOPE", "--json",
                     "--data-dir", str(store.data_dir))
    assert code == 2 and "NOPE" in data["error"]


def test_export_and_list(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "成员.xlsx"
    data_dir = str(demo_store.data_dir)
    code, data = run(capsys, "roster", "export", str(out), "--unit", "JM-01", "--status", "正式党员", "--json",
                     "--data-dir", data_dir)
    assert code == 0 and data["rows"] > 0 and out.is_file()
    code, listing = run(capsys, "roster", "list", "--unit", "JM-01", "--status", "正式党员", "--json",
                        "--data-dir", data_dir)
    assert listing["total"] == data["rows"]
    assert all("********" in p["id_number"] for p in listing["people"])
    code, dry = run(capsys, "roster", "import", str(out), "--dry-run", "--json", "--data-dir", data_dir)
    assert dry["counts"]["无变化"] == data["rows"] and dry["counts"]["错误"] == 0
    name = listing["people"][0]["name"]
    code, found = run(capsys, "roster", "list", "--search", name, "--limit", "1", "--json", "--data-dir", data_dir)
    assert found["people"][0]["name"] == name


def test_org_import_and_list(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_sheet(tmp_path / "u.xlsx", ("单位名称", "单位代码", "组织类别", "上级单位代码"),
                       [("通风队党支部", "T-03", "党支部", "T"), ("坏单位", "T-04", "党小组", "T")],
                       titles=("单位表",))
    data_dir = str(store.data_dir)
    code, data = run(capsys, "org", "import", str(path), "--dry-run", "--json", "--data-dir", data_dir)
    assert code == 0 and data["counts"] == {"新增": 1, "无变化": 0, "错误": 1}
    assert data["errors"][0]["row"] == 4 and "基层党委下不能设立党小组" in data["errors"][0]["reason"]
    before = count(store, OrgUnit)
    code, data = run(capsys, "org", "import", str(path), "--json", "--data-dir", data_dir)
    assert code == 0 and data["written"] == 1 and count(store, OrgUnit) == before + 1
    code, listing = run(capsys, "org", "list", "--json", "--data-dir", data_dir)
    assert ("T-03", 1) in [(u["code"], u["depth"]) for u in listing["units"]]
