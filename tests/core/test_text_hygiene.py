"""Text hygiene at every boundary: forms, Excel import and export, the terminal (bundle import: tests/sync)."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from jiaomei_desktop.cli.common import Result, emit
from jiaomei_desktop.domain.person import PersonData, validate_person
from jiaomei_desktop.domain.text import clean_text, escape_for_terminal, has_unsafe, text_problem
from jiaomei_desktop.services import org, roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.services.org_excel import plan_org_import
from jiaomei_desktop.services.roster import RosterQuery
from jiaomei_desktop.services.roster_excel import export_roster
from tests.conftest import unit_id

UNSEEN = {
    "control": "\x1b[2J",
    "del": "\x7f",
    "c1": "\x85",
    "rtl override": "\u202e",
    "isolate": "\u2066",
    "zero width space": "\u200b",
    "zero width joiner": "\u200d",
    "bom": "\ufeff",
    "soft hyphen": "\u00ad",
}


@pytest.mark.parametrize("char", list(UNSEEN.values()), ids=list(UNSEEN))
def test_unsafe_characters_are_named_and_removed(char: str) -> None:
    text = f"王{char}建国"
    problem = text_problem(text, "姓名")
    assert problem and "姓名" in problem and "不可见" in problem
    assert clean_text(text).startswith("王") and not has_unsafe(clean_text(text))
    assert "\\" in escape_for_terminal(text) and not has_unsafe(escape_for_terminal(text))


@pytest.mark.parametrize("text", ["王建国", "阿卜杜拉·买买提", "综采一队　党支部", "Zhang San", "李-四", "=1"])
def test_ordinary_text_passes(text: str) -> None:
    assert text_problem(text, "姓名") is None and clean_text(text) == text


def test_line_breaks_only_where_a_field_has_lines() -> None:
    assert text_problem("第一行\n第二行", "备注", multiline=True) is None
    assert "换行" in (text_problem("王\n建国", "姓名") or "")
    assert clean_text("王\t建国") == "王 建国"


def test_the_person_form_refuses_hidden_characters() -> None:
    person = PersonData(name="王\u202e建国", branch_id="b", join_date=date(2005, 7, 1))
    errors = validate_person(person).errors
    assert "文字方向控制符" in errors["name"]
    notes = PersonData(name="王建国", branch_id="b", notes="第一行\n第二行\u200b")
    assert "零宽字符" in validate_person(notes).errors["notes"]
    assert "notes" not in validate_person(PersonData(name="王建国", branch_id="b", notes="第一行\n第二行")).errors


def test_unit_forms_refuse_hidden_characters(store) -> None:  # type: ignore[no-untyped-def]
    root = unit_id(store, "T")
    with pytest.raises(ValidationFailed) as err:
        org.add_unit(store, root, "T-03", "综采\x1b三队党支部", org.UnitKind.BRANCH)
    assert "控制字符" in err.value.errors["name"]
    with pytest.raises(ValidationFailed) as err:
        org.add_unit(store, root, "T-03\u200b", "综采三队党支部", org.UnitKind.BRANCH)
    assert "零宽字符" in err.value.errors["code"]
    with pytest.raises(ValidationFailed) as err:
        org.rename_unit(store, root, "测试\u202e矿党委")
    assert "文字方向控制符" in err.value.errors["name"]


def test_org_excel_import_refuses_a_row_with_hidden_characters(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位名称", "单位代码", "类别", "上级单位代码"])
    sheet.append(["综采\u202e三队党支部", "T-03", "党支部", "T"])
    sheet.append(["掘进四队党支部", "T-04", "党支部", "T"])
    path = tmp_path / "units.xlsx"
    workbook.save(path)
    plan = plan_org_import(store, path)
    bad, good = plan.rows
    assert bad.status == RowStatus.ERROR and "文字方向控制符" in bad.message
    assert good.status != RowStatus.ERROR


def _plant_names(demo_store, names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Names as another office's bundle could have brought them before this release: written straight into the
    store, past every check."""
    with sqlite3.connect(demo_store.db_path) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM person WHERE deleted = 0 ORDER BY id LIMIT ?", (len(names),))]
        conn.executemany("UPDATE person SET name = ? WHERE id = ?", list(zip(names, ids, strict=True)))
    return ids


def test_roster_export_writes_formulas_as_text_and_drops_control_characters(demo_store, tmp_path: Path) -> None:
    names = [
        '=HYPERLINK("http://x","点我")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2",
        "@SUM(A1)",
        "王\x1b[2J建国",
        "李\u202e四",
    ]
    _plant_names(demo_store, names)
    path = tmp_path / "roster.xlsx"
    export_roster(demo_store, RosterQuery(), path)
    sheet = load_workbook(path).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for name in names[:5]:
        assert name in cells, name
        assert cells[name].data_type == "s", name  # stored as text, never a formula
    assert "王[2J建国" in cells and "李四" in cells
    raw = _sheet_xml(path)
    assert "<f>" not in raw  # no formula anywhere in the file


def _sheet_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_cli_output_escapes_control_characters() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        emit(Result({"name": "王\x1b[2J建国\u202e"}, "王\x1b[2J建国\u202e"), as_json=False)
        emit({"name": "王\x1b[2J建国\u202e\x85"}, as_json=True)
    text, line = out.getvalue().splitlines()
    assert text == "王\\x1b[2J建国\\u202e"
    assert not has_unsafe(line) and json.loads(line)["name"] == "王\x1b[2J建国\u202e\x85"


def test_roster_form_save_refuses_a_zero_width_name(demo_store) -> None:  # type: ignore[no-untyped-def]
    data = PersonData(name="王\u200b建国", branch_id=unit_id(demo_store, "JM-01-03"), join_date=date(2005, 7, 1))
    with pytest.raises(ValidationFailed) as err:
        roster.save_person(demo_store, data)
    assert "零宽字符" in str(err.value.errors.get("name", err.value))


def test_roster_excel_import_refuses_a_row_with_hidden_characters(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.roster_excel import plan_roster_import
    from tests.helpers import make_id_number

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号码", "入党时间"])
    sheet.append(["王\u200b建国", make_id_number(date(1980, 1, 2), sequence=1), "2005-07-01"])
    sheet.append(["李四", make_id_number(date(1981, 1, 2), sequence=2), "2005-07-01"])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    plan = plan_roster_import(store, path, default_branch_id=unit_id(store, "T-01"))
    bad, good = plan.rows
    assert bad.status == RowStatus.ERROR and "零宽字符" in bad.message
    assert good.status == RowStatus.NEW
