"""`jiaomei roster import|export|list`: the roster through Excel files and the terminal, using the GUI's services."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.domain.dates import format_date
from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store_paths import resolve_data_dir

if TYPE_CHECKING:
    from jiaomei_desktop.services.roster import RosterQuery
    from jiaomei_desktop.services.store import Store

# services.org / services.roster / services.store load SQLAlchemy and every model (~0.4 s): imported where a command
# needs them, so that `roster list` on a store in order reads it through services.roster_listing without them.

STATUS_CHOICES = [s.value for s in PoliticalStatus]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("roster", help="党员花名册：Excel 导入、导出、列表")
    commands = parser.add_subparsers(dest="roster_command", required=True, metavar="操作")

    p = commands.add_parser("import", help="从 Excel（.xlsx）导入花名册（先预览，再写入有效记录）")
    add_common(p)
    p.add_argument("file", type=Path, help="花名册 .xlsx 文件")
    p.add_argument("--unit", help="表中没有“所在支部”时，人员归入的单位代码")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    p.set_defaults(func=run_import)

    p = commands.add_parser("export", help="把花名册导出为 Excel（.xlsx）")
    add_common(p)
    p.add_argument("out", type=Path, help="导出文件（.xlsx）")
    _add_filters(p)
    p.set_defaults(func=run_export)

    p = commands.add_parser("list", help="列出花名册（身份证号已遮挡）")
    add_common(p)
    _add_filters(p)
    p.add_argument("--search", default="", help="姓名、拼音、首字母、身份证号后几位或电话")
    p.add_argument("--limit", type=int, default=0, help="最多列出多少人（默认全部）")
    p.set_defaults(func=run_list)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    parser.add_argument("--status", action="append", choices=STATUS_CHOICES, help="政治面貌，可重复")
    parser.add_argument("--stage", action="append", choices=[s.value for s in DevelopmentStage],
                        help="发展阶段（入党申请人、入党积极分子、发展对象），可重复")


def _unit_id(store: Store, code: str | None) -> str | None:
    from jiaomei_desktop.services.org import find_unit_by_code

    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(_unknown_unit(code))
    return unit.id


def _unknown_unit(code: str) -> str:
    return f"没有代码为“{code}”的单位"


def _query(store: Store, args: argparse.Namespace, text: str = "") -> RosterQuery:
    from jiaomei_desktop.services.roster import RosterQuery

    statuses = frozenset(PoliticalStatus(s) for s in args.status or ())
    stages = frozenset(DevelopmentStage(s) for s in args.stage or ())
    return RosterQuery(text=text, unit_id=_unit_id(store, args.unit), statuses=statuses, stages=stages)


def run_import(args: argparse.Namespace) -> Result:
    from jiaomei_desktop.services.roster_excel import (  # openpyxl: slow
        RowStatus,
        commit_roster_import,
        plan_roster_import,
    )

    store = open_store_or_fail(args.data_dir)
    try:
        plan = plan_roster_import(store, args.file, _unit_id(store, args.unit))
        errors = [{"row": r.row_number, "name": r.name, "reason": r.message}
                  for r in plan.rows if r.status is RowStatus.ERROR]
        data: dict[str, Any] = {
            "file": plan.file_name, "sheet": plan.sheet_name, "header_row": plan.header_row,
            "counts": plan.counts, "importable": plan.importable, "dry_run": args.dry_run, "errors": errors,
            "updates": [{"row": r.row_number, "name": r.name, "changes": r.message}
                        for r in plan.rows if r.status is RowStatus.UPDATE],
        }
        if plan.importable == 0 and (errors or not plan.rows):
            reason = "表中没有数据行" if not plan.rows else f"{len(errors)}行都有错误"
            raise CliError(f"没有可导入的有效记录：{reason}，未写入任何数据", exit_code=1, details=data)
        written = None
        if not args.dry_run:
            summary = commit_roster_import(store, plan)
            written = {"created": summary.created, "updated": summary.updated}
        data["written"] = written
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result(data, _import_text(data))


def _import_text(data: dict[str, Any]) -> str:
    counts = data["counts"]
    lines = [f"文件：{data['file']}（工作表“{data['sheet']}”，表头在第{data['header_row']}行）",
             "  ".join(f"{k} {v}" for k, v in counts.items())]
    for e in data["errors"]:
        lines.append(f"  第{e['row']}行 {e['name'] or '（无姓名）'}：{e['reason']}")
    if data["dry_run"]:
        lines.append(f"预览完成，未写入。去掉 --dry-run 将导入 {data['importable']} 条有效记录。")
    elif data["written"]:
        w = data["written"]
        lines.append(f"已导入：新增 {w['created']} 人，更新 {w['updated']} 人；有错误的行未导入。")
    return "\n".join(lines)


def run_export(args: argparse.Namespace) -> Result:
    from jiaomei_desktop.services.roster_excel import export_roster  # openpyxl costs ~0.2 s; `list` never needs it

    store = open_store_or_fail(args.data_dir)
    try:
        count = export_roster(store, _query(store, args), args.out)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"file": str(args.out), "rows": count}, f"已导出 {count} 人到 {args.out}")


def run_list(args: argparse.Namespace) -> Result:
    from jiaomei_desktop.services.roster_listing import UnknownUnit, quick_listing

    try:
        quick = quick_listing(resolve_data_dir(args.data_dir), unit_code=args.unit, text=args.search,
                              statuses=[PoliticalStatus(s) for s in args.status or ()], limit=args.limit,
                              stages=[DevelopmentStage(s) for s in args.stage or ()])
    except UnknownUnit as exc:
        raise CliError(_unknown_unit(str(exc))) from exc
    if quick is not None:
        return _listing(quick.total, quick.people)
    return _listing(*_read_through_store(args))


def _read_through_store(args: argparse.Namespace) -> tuple[int, list[Any]]:
    """The full open (diagnosis, upgrade, messages) when the store is not plainly fine for the quick read."""
    from jiaomei_desktop.services.roster import fetch_rows, find_ids

    store = open_store_or_fail(args.data_dir)
    try:
        ids = find_ids(store, _query(store, args, args.search))
        shown = ids[: args.limit] if args.limit > 0 else ids
        rows = fetch_rows(store, shown)
    finally:
        store.close()
    return len(ids), [rows[i] for i in shown]


def _listing(total: int, rows: list[Any]) -> Result:
    """Rows of either path (services.roster.RosterRow or services.roster_listing.ListedPerson: the same names)."""
    people = [{"name": r.name, "gender": r.gender, "birth_date": _date(r.birth_date), "id_number": r.id_masked,
               "political_status": r.political_status, "join_date": _date(r.join_date),
               "branch": r.branch_name, "post": r.post, "phone": r.phone, "membership_state": r.membership_state,
               "probation_overdue": r.probation_overdue, "development_stage": r.development_stage or None}
              for r in rows]
    # A 预备党员 past the 预备期 is flagged wherever members are listed (党章 第七条: 转正 is due at once).
    lines = [f"{p['name']:<6}\t{p['gender']}\t{p['id_number']}\t{p['political_status']}"
             f"{'（预备期已满，待转正）' if p['probation_overdue'] else ''}"
             f"{'（' + p['development_stage'] + '）' if p['development_stage'] else ''}\t{p['branch']}" for p in people]
    lines.append(f"共 {total} 人" + (f"（显示前 {len(people)} 人）" if len(people) < total else ""))
    return Result({"total": total, "people": people}, "\n".join(lines))


def _date(value: date | str | None) -> str:
    """A date of the ORM path, or the YYYY-MM-DD text the quick read passes through as stored."""
    return value if isinstance(value, str) else format_date(value)
