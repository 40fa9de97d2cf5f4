"""Importing an org tree from a sheet of units."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from jiaomei_desktop.db.models import OrgUnit
from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.services import org
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.services.org_excel import commit_org_import, list_units_table, plan_org_import
from jiaomei_desktop.services.store import Store
from tests.conftest import unit_id
from tests.excel_fixtures import write_sheet

HEADER = ("序号", "单位名称", "单位代码", "组织类别", "上级单位代码")


def unit_count(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(OrgUnit)) or 0


def plan(store: Store, tmp_path: Path, rows, header=HEADER, default: str | None = None):  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "units.xlsx", header, rows, titles=("组织机构设置表",))
    return plan_org_import(store, path, default)


def by_row(p, number: int):  # type: ignore[no-untyped-def]
    return next(r for r in p.rows if r.row_number == number)


def test_new_units_under_store_and_file_parents(store: Store, tmp_path: Path) -> None:
    rows = [
        (1, "测试矿党委", "T", "基层党委", None),  # the office itself: unchanged
        (2, "机电党总支", "T-Z1", "党总支", "T"),
        (3, "机电一队党支部", "T-Z1-01", "党支部", "T-Z1"),  # parent comes from the file
        (4, "第一党小组", "T-Z1-01-G1", "", "T-Z1-01"),  # kind from the name
        (5, "综采一队党支部", "T-01", "党支部", "T"),  # existing: unchanged
        ("合计", None, None, None, None),
    ]
    p = plan(store, tmp_path, rows)
    assert [(r.row_number, r.status) for r in p.rows] == [
        (3, RowStatus.UNCHANGED), (4, RowStatus.NEW), (5, RowStatus.NEW), (6, RowStatus.NEW), (7, RowStatus.UNCHANGED)]
    summary = commit_org_import(store, p)
    assert summary.created == 3
    general = org.get_unit(store, unit_id(store, "T-Z1"))
    branch = org.get_unit(store, unit_id(store, "T-Z1-01"))
    group = org.get_unit(store, unit_id(store, "T-Z1-01-G1"))
    root = org.get_unit(store, unit_id(store, "T"))
    assert general.path == f"{root.path}{general.id}/"
    assert branch.path == f"{general.path}{branch.id}/" and group.path == f"{branch.path}{group.id}/"
    assert group.kind.value == "党小组"
    assert unit_id(store, "T-Z1-01") in org.subtree_ids(store, root.id)


def test_parent_by_name_and_default_parent(store: Store, tmp_path: Path) -> None:
    header = ("单位名称", "单位代码", "类别", "上级单位名称")
    rows = [("第一党小组", "T-01-G1", "党小组", "综采一队党支部"), ("通风队党支部", "T-03", "支部", None)]
    p = plan(store, tmp_path, rows, header=header)
    assert by_row(p, 3).status is RowStatus.NEW
    assert "未填写上级单位" in by_row(p, 4).message
    p = plan(store, tmp_path, rows, header=header, default=unit_id(store, "T"))
    assert p.counts == {"新增": 2, "无变化": 0, "错误": 0}


@pytest.mark.parametrize(("rows", "number", "expected"), [
    ([(1, "甲党支部", "T-09", "党支部", "NOPE")], 3, "找不到上级单位代码“NOPE”"),
    ([(1, "甲党总支", "T-09", "党总支", "T-01")], 3, "党支部下不能设立党总支"),
    ([(1, "甲党支部", "T-09", "党支部", "T"), (2, "乙党支部", "T-09", "党支部", "T")], 3,
     "单位代码重复：文件中第3行、第4行都是“T-09”"),
    ([(1, "甲党支部", "T-09", "党支部", "T"), (2, "乙党支部", "T-09", "党支部", "T")], 4, "第3行、第4行"),
    ([(1, "甲党总支", "A", "党总支", "B"), (2, "乙党总支", "B", "党总支", "A")], 3, "循环"),
    ([(1, "甲党总支", "A", "党总支", "A")], 3, "循环"),
    ([(1, "甲党支部", "T-09", "党支部", "X"), (2, "甲一党小组", "T-09-G1", "党小组", "T-09")], 4,
      "上级单位（第3行）有错误"),
    ([(1, "", "T-09", "党支部", "T")], 3, "缺少单位名称"),
    ([(1, "甲党支部", None, "党支部", "T")], 3, "缺少单位代码"),
    ([(1, "甲单位", "T-09", "车间", "T")], 3, "无法识别的组织类别“车间”"),
    ([(1, "掘进三队党支部", "T-02", "党支部", "T")], 3, "库中已有代码为“T-02”的单位"),
])
def test_error_rows(store: Store, tmp_path: Path, rows, number: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    p = plan(store, tmp_path, rows)
    item = by_row(p, number)
    assert item.status is RowStatus.ERROR
    assert expected in item.message
    before = unit_count(store)
    commit_org_import(store, p)
    assert unit_count(store) == before + p.importable


def test_no_code_column(store: Store, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "u.xlsx", ("单位名称", "类别"), [("甲党支部", "党支部")])
    with pytest.raises(ServiceError, match="没有“单位代码”列"):
        plan_org_import(store, path)


def test_stale_plan_and_cancel_write_nothing(store: Store, tmp_path: Path) -> None:
    rows = [(1, "甲党支部", "T-09", "党支部", "T"), (2, "乙党支部", "T-10", "党支部", "T")]
    p = plan(store, tmp_path, rows)
    progress = Progress(lambda done, total, text: progress.cancel() if done >= 1 else None)
    with pytest.raises(Cancelled):
        commit_org_import(store, p, progress)
    assert org.find_unit_by_code(store, "T-09") is None
    org.add_unit(store, unit_id(store, "T"), "T-10", "乙党支部", org.UnitKind.BRANCH)
    with pytest.raises(ServiceError, match="重新预览"):
        commit_org_import(store, p)
    assert org.find_unit_by_code(store, "T-09") is None


def test_list_units_table_walks_the_tree(store: Store) -> None:
    table = list_units_table(store)
    assert [(u["code"], u["depth"]) for u in table] == [("T", 0), ("T-01", 1), ("T-02", 1)]
