"""`jiaomei inspections list --unit CODE [--month YYYY-MM | --year YYYY] [--overdue] [--export FILE.xlsx] --json`,
`jiaomei inspections bulletin --unit CODE --month YYYY-MM --out FILE.pdf [--names]` (the monthly 督导通报) and
`jiaomei inspections teams --unit CODE --json`: the 纪律作风督导 register."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.cli.print_cmd import write_pdf
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import Store

HELP = "纪律作风督导：督导检查记录、督导组、月度督导通报"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("inspections", help=HELP)
    actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
    listing = actions.add_parser("list", help="列出督导检查记录（新的在前）")
    add_common(listing)
    listing.add_argument("--unit", help="被督导单位代码（含下级单位；默认全部）")
    when = listing.add_mutually_exclusive_group()
    when.add_argument("--month", help="督导月份，例如 2026-11")
    when.add_argument("--year", type=int, help="督导年度")
    listing.add_argument("--overdue", action="store_true", help="只列整改逾期的记录")
    listing.add_argument("--names", action="store_true", help="列出涉及人员和确认人的姓名（默认不列）")
    listing.add_argument("--export", type=Path, help="同时导出为 Excel 文件（.xlsx）")
    listing.set_defaults(func=_list)
    bulletin = actions.add_parser("bulletin", help="生成月度督导通报 PDF")
    add_common(bulletin)
    bulletin.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    bulletin.add_argument("--month", required=True, help="通报月份，例如 2026-11")
    bulletin.add_argument("--names", action="store_true", help="通报中写出涉及人员姓名（默认不写）")
    bulletin.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    bulletin.set_defaults(func=_bulletin)
    teams = actions.add_parser("teams", help="列出督导组及其成员、工作期")
    add_common(teams)
    teams.add_argument("--unit", help="组建督导组的单位代码（含下级单位；默认全部）")
    teams.set_defaults(func=_teams)


def _unit_id(store: Store, code: str | None) -> str | None:
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _month(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not found or not 1 <= int(found[2]) <= 12:
        raise CliError(f"月份“{text}”应写成 年-月，例如 2026-11")
    return int(found[1]), int(found[2])


def _list(args: argparse.Namespace) -> Result:
    if args.export is not None and args.export.suffix.lower() != ".xlsx":
        raise CliError("导出文件应以 .xlsx 结尾")
    month = _month(args.month) if args.month else None
    store = open_store_or_fail(args.data_dir)
    try:
        rows = ins.list_inspections(store, _unit_id(store, args.unit), args.year, month)
        if args.overdue:
            rows = ins.overdue(rows)
        if args.export is not None:
            ins.export_inspections(rows, args.export, names=args.names)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    data = [
        {
            "id": r.id,
            "date": r.inspection_date,
            "team": r.team_name,
            "unit": r.unit_name,
            "place": r.place,
            "kind": r.kind,
            "description": r.description,
            "person": r.person_name if args.names else None,
            "rectify": r.rectify,
            "requirement": r.requirement,
            "deadline": r.deadline,
            "state": r.state or None,
            "days_over": r.days_over,
            "done_date": r.done_date,
            "confirmed_by": r.confirmed_by if args.names else None,
            "task_id": r.task_id,
            "photos": r.photos,
        }
        for r in rows
    ]
    lines = [
        f"{r.inspection_date}  {r.unit_name}  {r.kind}  {r.description[:30]}"
        + (f"  {ins.state_label(r.state)}" if r.state else "")
        + (f"（超期{r.days_over}天）" if r.state == supervision.OVERDUE else "")
        for r in rows
    ]
    figures = ins.figures_of(rows).as_dict()
    text = "\n".join([f"督导检查记录：共{len(rows)}条", *lines]) if rows else "督导检查记录：没有记录"
    return Result({"count": len(rows), "figures": figures, "rows": data}, text)


def _bulletin(args: argparse.Namespace) -> Result:
    year, month = _month(args.month)
    store = open_store_or_fail(args.data_dir)
    try:
        data = ins.bulletin_data(store, _unit_id(store, args.unit), year, month, names=args.names, today=date.today())
        pdf = ins.render_bulletin(data)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    write_pdf(args.out, pdf)
    pages = len(re.findall(rb"/Type /Page[^s]", pdf))
    # The month's own 整改 and the earlier months' (finished in the month, or still open past their deadline) are
    # kept apart, as the 通报 itself states them: added up they read as if the month had found them all.
    summary = {
        "inspections": data.inspections,
        "problems": data.problems,
        "fixed": data.own(data.fixed),
        "overdue": data.own(data.overdue),
        "earlier_fixed": data.earlier(data.fixed),
        "earlier_overdue": data.earlier(data.overdue),
        "names": args.names,
    }
    text = (
        f"已生成 {args.out}（{pages} 页）：{data.period}督导检查{data.inspections}次，发现问题{data.problems}个，"
        f"本月问题已整改{summary['fixed']}个，逾期{summary['overdue']}个"
    )
    if summary["earlier_fixed"] or summary["earlier_overdue"]:
        text += (
            f"\n以前月份的问题：本月整改完成{summary['earlier_fixed']}个，"
            f"逾期仍未整改{summary['earlier_overdue']}个"
        )
    return Result({"out": str(args.out), "pages": pages, "bytes": len(pdf), **summary}, text)


def _teams(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        teams = ins.list_teams(store, _unit_id(store, args.unit))
    finally:
        store.close()
    data = [
        {
            "id": t.id,
            "name": t.name,
            "unit": t.unit_name,
            "start_date": t.start_date,
            "end_date": t.end_date,
            "lead": t.lead,
            "members": [m.name for m in t.members],
        }
        for t in teams
    ]
    lines = [f"{t.start_date}至{t.end_date}  {t.name}（{t.unit_name}）  {t.member_names}" for t in teams]
    text = "\n".join([f"督导组：共{len(teams)}个", *lines]) if teams else "督导组：没有记录"
    return Result({"count": len(teams), "teams": data}, text)
