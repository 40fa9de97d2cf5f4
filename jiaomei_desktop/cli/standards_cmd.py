"""`jiaomei standards list --unit CODE [--year YYYY] [--state 待验收] [--export FILE.xlsx] --json`,
`jiaomei standards coverage --unit CODE --year YYYY --json` and `jiaomei standards checklist --json`: 党支部标准化建设 —
each branch's self-assessment and acceptance, coverage per 党委, and the checklist in force."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.services import standards
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("standards", help="党支部标准化建设：自评、验收、覆盖情况")
    actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
    listing = actions.add_parser("list", help="列出各党支部的标准化建设自评和验收（给出年度时含未自评的支部）")
    add_common(listing)
    listing.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    listing.add_argument("--year", type=int, help="年度")
    listing.add_argument("--state", choices=standards.STATES, help="只列该状态")
    listing.add_argument("--export", type=Path, help="同时导出为 Excel 文件（.xlsx）")
    listing.set_defaults(func=_list)
    cover = actions.add_parser("coverage", help="各党委的党支部数、自评数、示范、达标、未达标和覆盖率")
    add_common(cover)
    cover.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    cover.add_argument("--year", type=int, help="年度（默认今年）")
    cover.set_defaults(func=_coverage)
    items = actions.add_parser("checklist", help="当前的标准化建设检查表（检查项、分值、达标和示范分数线）")
    add_common(items)
    items.set_defaults(func=_checklist)


def _unit_id(store: Store, code: str | None) -> str | None:
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _list(args: argparse.Namespace) -> Result:
    if args.export is not None and args.export.suffix.lower() != ".xlsx":
        raise CliError("导出文件应以 .xlsx 结尾")
    store = open_store_or_fail(args.data_dir)
    try:
        rows = standards.filter_rows(
            standards.list_assessments(store, _unit_id(store, args.unit), args.year), args.state
        )
        if args.export is not None:
            standards.export_assessments(rows, args.export, standards.checklist(store))
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    lines = [
        f"{r.year}  {r.committee_name}  {r.branch_name}  {r.state}"
        + (f"  自评{r.total:g}分" if r.total is not None else "")
        for r in rows
    ]
    text = "\n".join([f"标准化建设：共{len(rows)}条", *lines]) if rows else "标准化建设：没有记录"
    return Result({"count": len(rows), "rows": [r.as_dict() for r in rows]}, text)


def _coverage(args: argparse.Namespace) -> Result:
    year = args.year or date.today().year
    store = open_store_or_fail(args.data_dir)
    try:
        found = standards.coverage(store, _unit_id(store, args.unit), year)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    lines = [
        f"{c.committee}  党支部{c.branches}个  自评{c.assessed}个  通过验收{c.accepted}个（示范{c.model}个、达标{c.passed}个）"
        f"  未达标{c.failed}个  覆盖率{c.rate * 100:.0f}%"
        for c in found
    ]
    text = "\n".join([f"{year}年党支部标准化建设：", *lines]) if found else f"{year}年：没有党支部"
    return Result({"year": year, "committees": [c.as_dict() for c in found]}, text)


def _checklist(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        items = standards.checklist(store)
    finally:
        store.close()
    lines = [f"{i.category}  {i.name}  {i.weight:g}分" + ("（系统判定）" if i.auto else "") for i in items.items]
    text = "\n".join(
        [f"标准化建设检查表：总分{items.total:g}分，达标{items.pass_line:g}分，示范{items.model_line:g}分", *lines]
    )
    return Result(
        {"items": [i.as_dict() for i in items.items], "pass_line": items.pass_line, "model_line": items.model_line},
        text,
    )
