"""`jiaomei honors list|export`: the 先进典型 records, filtered like the gallery."""

from __future__ import annotations

import argparse
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.domain.honor import LEVELS
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.honors import HonorQuery
from jiaomei_desktop.services.org import find_unit_by_code


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("honors", help="先进典型：荣誉记录列表与导出")
    commands = parser.add_subparsers(dest="honors_command", required=True, metavar="操作")
    listing = commands.add_parser("list", help="列出荣誉记录")
    _add_filters(listing)
    listing.add_argument("--limit", type=int, default=None, help="最多列出多少条")
    listing.set_defaults(func=run_list)
    export = commands.add_parser("export", help="导出为 Excel 表格")
    _add_filters(export)
    export.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx）")
    export.set_defaults(func=run_export)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--year", type=int, help="获奖年度，如 2026")
    parser.add_argument("--level", choices=LEVELS, help="荣誉级别")
    parser.add_argument("--category", help="荣誉类别，如 劳动模范")
    parser.add_argument("--unit", help="单位代码（含下级单位）")
    parser.add_argument("--search", default="", help="按姓名（含拼音）、单位、称号或事迹中的文字查找")
    parser.add_argument("--kind", choices=("person", "unit"), help="只看个人（person）或集体（unit）")


def _query(store, args: argparse.Namespace) -> HonorQuery:  # type: ignore[no-untyped-def]
    unit_id = None
    if args.unit:
        unit = find_unit_by_code(store, args.unit)
        if unit is None:
            raise CliError(f"没有代码为“{args.unit}”的单位")
        unit_id = unit.id
    if args.year is not None and not 1949 <= args.year <= 2100:
        raise CliError(f"年度“{args.year}”不正确，应为四位年份，如 2026")
    return HonorQuery(text=args.search, unit_id=unit_id, year=args.year, level=args.level,
                      category=args.category, kind=args.kind)


def run_list(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        query = _query(store, args)
        rows = honors.list_honors(store, query, limit=args.limit)
        total = honors.count_honors(store, query)
        subjects = len(honors.find_card_keys(store, query))
    finally:
        store.close()
    items = [{
        "id": r.id, "kind": r.kind, "name": r.subject_name, "unit": r.unit_name, "post": r.post, "title": r.title,
        "category": r.category, "level": r.level, "awarding_body": r.awarding_body,
        "award_date": r.award_date.isoformat(), "deeds": r.deeds, "photo_sha256": r.photo_sha256,
    } for r in rows]
    lines = [f"{r.award_date:%Y-%m-%d}  {r.level:<4} {r.category:<8} {r.subject_name}（{r.unit_name}）  {r.title}"
             for r in rows]
    lines.append(f"共 {total} 条荣誉记录，涉及 {subjects} 个先进个人或集体")
    return Result({"count": total, "subjects": subjects, "honors": items}, "\n".join(lines))


def run_export(args: argparse.Namespace) -> Result:
    if args.out.suffix.lower() != ".xlsx":
        raise CliError("输出文件应以 .xlsx 结尾")
    store = open_store_or_fail(args.data_dir)
    try:
        written = honors.export_honors_xlsx(store, _query(store, args), args.out)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"count": written, "path": str(args.out)}, f"已导出 {written} 条荣誉记录到 {args.out}")
