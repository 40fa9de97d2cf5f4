"""`jiaomei org import|list`: the organisation tree from an Excel sheet of units, and as a listing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.org_excel import commit_org_import, list_units_table, plan_org_import
from jiaomei_desktop.services.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("org", help="组织机构：从 Excel 导入、列出")
    commands = parser.add_subparsers(dest="org_command", required=True, metavar="操作")

    p = commands.add_parser("import", help="从 Excel（.xlsx）单位表导入组织机构（先预览，再写入新单位）")
    add_common(p)
    p.add_argument("file", type=Path, help="单位表 .xlsx 文件（单位名称、单位代码、类别、上级单位代码）")
    p.add_argument("--parent", help="表中没有上级单位时，挂在哪个单位下（单位代码）")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    p.set_defaults(func=run_import)

    p = commands.add_parser("list", help="列出组织机构")
    add_common(p)
    p.set_defaults(func=run_list)


def _unit_id(store: Store, code: str | None) -> str | None:
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def run_import(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        plan = plan_org_import(store, args.file, _unit_id(store, args.parent))
        errors = [{"row": r.row_number, "name": r.name, "code": r.code, "reason": r.message}
                  for r in plan.rows if r.status is RowStatus.ERROR]
        data: dict[str, Any] = {"file": plan.file_name, "sheet": plan.sheet_name, "counts": plan.counts,
                                "importable": plan.importable, "dry_run": args.dry_run, "errors": errors}
        if plan.importable == 0 and (errors or not plan.rows):
            raise CliError("没有可导入的新单位，未写入任何数据", exit_code=1, details=data)
        data["written"] = None if args.dry_run else commit_org_import(store, plan).created
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    lines = ["  ".join(f"{k} {v}" for k, v in plan.counts.items())]
    lines += [f"  第{e['row']}行 {e['name']}（{e['code']}）：{e['reason']}" for e in errors]
    lines.append("预览完成，未写入。" if args.dry_run else f"已新建 {data['written']} 个单位；有错误的行未导入。")
    return Result(data, "\n".join(lines))


def run_list(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        units = list_units_table(store)
    finally:
        store.close()
    text = "\n".join(f"{'  ' * u['depth']}{u['name']}（{u['code']}，{u['kind']}）" for u in units)
    return Result({"units": units}, text + f"\n共 {len(units)} 个单位")
