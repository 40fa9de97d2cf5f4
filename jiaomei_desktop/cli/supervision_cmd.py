"""`jiaomei supervision list --unit CODE [--year YYYY] [--overdue | --open] [--export FILE.xlsx] --json` and
`jiaomei supervision units --unit CODE --json`: the 13710 督办 items and the open/overdue count per unit."""

from __future__ import annotations

import argparse
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.services import supervision
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("supervision", help="13710督办：事项列表、逾期事项、各单位未办结数")
    actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
    listing = actions.add_parser("list", help="列出督办事项（逾期在前）")
    add_common(listing)
    listing.add_argument("--unit", help="责任单位代码（含下级单位；默认全部）")
    listing.add_argument("--year", type=int, help="交办日期在该年度的事项")
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--overdue", action="store_true", help="只列逾期未办结的事项")
    which.add_argument("--open", action="store_true", help="只列未办结的事项（含逾期）")
    listing.add_argument("--export", type=Path, help="同时导出为 Excel 文件（.xlsx）")
    listing.set_defaults(func=_list)
    units = actions.add_parser("units", help="各责任单位未办结和逾期事项数")
    add_common(units)
    units.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    units.set_defaults(func=_units)
    tiers = actions.add_parser("tiers", help="查看或设置13710时限档次（交办、反馈、办结、复杂事项的天数）")
    add_common(tiers)
    tiers.add_argument("--set", dest="days", help="四档天数，逗号分隔，例如 1,3,7,10")
    tiers.set_defaults(func=_tiers)


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
        state = supervision.OVERDUE if args.overdue else None
        rows = supervision.list_tasks(store, _unit_id(store, args.unit), args.year, state)
        if args.open:
            rows = [r for r in rows if r.state != supervision.DONE]
        if args.export is not None:
            supervision.export_tasks(rows, args.export)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    data = [
        {
            "id": r.id,
            "title": r.title,
            "source": r.source,
            "session_id": r.session_id,
            "unit": r.unit_name,
            "person": r.person_name,
            "start_date": r.start_date,
            "tier_days": r.tier_days,
            "deadline": r.deadline,
            "state": r.state,
            "days_over": r.days_over,
            "done_date": r.done_date,
            "confirmed_by": r.confirmed_by,
        }
        for r in rows
    ]
    lines = [
        f"{r.deadline}  {r.state}{f'（超期{r.days_over}天）' if r.days_over else ''}  {r.unit_name}  {r.title}"
        for r in rows
    ]
    text = "\n".join([f"督办事项：共{len(rows)}条", *lines]) if rows else "督办事项：没有记录"
    return Result({"count": len(rows), "rows": data}, text)


def _units(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        loads = supervision.open_by_unit(store, _unit_id(store, args.unit))
    finally:
        store.close()
    lines = [f"{x.unit_name}  未办结{x.open}件  其中逾期{x.overdue}件" for x in loads]
    text = "\n".join(["各单位督办事项：", *lines]) if loads else "没有未办结的督办事项"
    return Result({"count": len(loads), "units": [x.as_dict() for x in loads]}, text)


def _tiers(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        if args.days is not None:
            parts = [p.strip() for p in args.days.replace("，", ",").split(",")]
            if not all(p.isdigit() for p in parts):
                raise CliError("时限应为逗号分隔的天数，例如 1,3,7,10")
            supervision.set_tier_days(store, [int(p) for p in parts])
        tiers = supervision.tier_days(store)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    text = "13710时限：" + "，".join(f"{name}{days}天" for name, days in tiers)
    return Result({"tiers": [{"name": name, "days": days} for name, days in tiers]}, text)
