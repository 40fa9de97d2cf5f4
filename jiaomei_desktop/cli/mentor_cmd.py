"""`jiaomei mentor list|figures|export|certificates`: 传帮带 pairs from the command line (same services as the tab)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.domain.dates import DateParseError, parse_date
from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.services import mentor
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code

FLAG_HELP = "attention（需关注：逾期、久未辅导、师傅离开）、overdue、stale、mentor_left"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("mentor", help="传帮带结对：列表、统计、导出、出师证书")
    commands = parser.add_subparsers(dest="mentor_command", required=True, metavar="操作")
    listing = commands.add_parser("list", help="列出结对（可按单位、状态、工种、姓名筛选）")
    _query_options(listing)
    listing.set_defaults(func=run_list)
    figures = commands.add_parser("figures", help="各单位结对统计：按状态、出师率、辅导学时")
    _unit_options(figures)
    figures.set_defaults(func=run_figures)
    export = commands.add_parser("export", help="导出结对名单和辅导记录到 Excel")
    _query_options(export)
    export.add_argument("--out", type=Path, required=True, help="输出 .xlsx 文件")
    export.set_defaults(func=run_export)
    certificates = commands.add_parser("certificates", help="为已出师的结对生成出师证书 PDF")
    _query_options(certificates)
    certificates.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    certificates.add_argument("--issue-date", help="落款日期（默认为出师日期）")
    certificates.set_defaults(func=run_certificates)


def _unit_options(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--unit", help="单位代码（含下级单位；默认全部）")
    parser.add_argument("--today", help=argparse.SUPPRESS)  # fixed date for tests and demos


def _query_options(parser: argparse.ArgumentParser) -> None:
    _unit_options(parser)
    parser.add_argument("--state", choices=[s.value for s in PairState], help="状态")
    parser.add_argument("--trade", default="", help="工种/技能方向")
    parser.add_argument("--search", default="", help="师傅或徒弟姓名（可用拼音或首字母）")
    parser.add_argument("--flag", choices=mentor.FLAGS, help=FLAG_HELP)


def _today(args: argparse.Namespace) -> date:
    return _date(args.today, "--today") or date.today()


def _date(text: str | None, option: str) -> date | None:
    try:
        parsed = parse_date(text)
    except DateParseError as exc:
        raise CliError(f"{option}：{exc}") from exc
    return parsed.value if parsed else None


def _unit_id(store, code: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if not code:
        return None
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _query(store, args: argparse.Namespace) -> mentor.PairQuery:  # type: ignore[no-untyped-def]
    states = frozenset({PairState(args.state)}) if args.state else frozenset()
    return mentor.PairQuery(text=args.search, unit_id=_unit_id(store, args.unit), states=states, trade=args.trade,
                            flag=args.flag, sort="unit", descending=False, today=_today(args))


def _row_dict(row: mentor.PairRow) -> dict[str, Any]:
    return {"id": row.id, "unit": row.unit_name, "mentor": row.mentor_name, "mentee": row.mentee_name,
            "mentee_status": row.mentee_status, "trade": row.trade, "state": row.state,
            "start_date": row.start_date.isoformat(),
            "planned_end_date": row.planned_end_date.isoformat() if row.planned_end_date else None,
            "end_date": row.end_date.isoformat() if row.end_date else None,
            "last_log": row.last_log.isoformat() if row.last_log else None, "logs": row.log_count,
            "hours": round(row.hours, 1), "overdue": row.overdue, "stale": row.stale,
            "mentor_left": row.mentor_left}


def run_list(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        query = _query(store, args)
        ids = mentor.find_ids(store, query)
        rows = mentor.fetch_rows(store, ids, query.today)
    finally:
        store.close()
    pairs = [_row_dict(rows[i]) for i in ids]
    lines = [f"共 {len(pairs)} 对"]
    for p in pairs:
        flags = "、".join(rows[p["id"]].flag_texts())
        lines.append(f"  {p['unit']}  师傅 {p['mentor']} → 徒弟 {p['mentee']}  {p['trade']}  {p['state']}  "
                     f"{p['start_date']}~{p['planned_end_date'] or ''}  {p['hours']}学时" + (f"  ！{flags}" if flags else ""))
    return Result({"count": len(pairs), "pairs": pairs}, "\n".join(lines))


def run_figures(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        report = mentor.unit_figures(store, _unit_id(store, args.unit), _today(args))
    finally:
        store.close()
    lines = [_figure_line(report.total)] + ["  " + _figure_line(child) for child in report.children]
    return Result({"total": report.total.as_dict(), "units": [c.as_dict() for c in report.children]},
                  "\n".join(lines))


def _figure_line(figures: mentor.MentorFigures) -> str:
    rate = figures.completion_rate
    states = "  ".join(f"{k}{v}" for k, v in figures.by_state.items())
    rate_text = f"{rate:.0%}" if rate is not None else "—"
    return (f"{figures.unit_name}：共{figures.total}对  {states}  出师率{rate_text}  辅导{figures.hours:g}学时"
            f"  逾期{figures.overdue}  久未辅导{figures.stale}")


def run_export(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        result = mentor.export_excel(store, _query(store, args), args.out)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"out": str(result.path), "pairs": result.pairs, "logs": result.logs},
                  f"已导出 {result.pairs} 对结对、{result.logs} 条辅导记录到 {result.path}")


def run_certificates(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        query = _query(store, args)
        if args.state and args.state != PairState.COMPLETED.value:
            raise CliError("只有已出师的结对才能打印出师证书")
        ids = mentor.find_ids(store, replace(query, states=frozenset({PairState.COMPLETED})))
        if not ids:
            raise CliError("没有符合条件的已出师结对")
        pdf = mentor.render_pair_certificates(store, ids, issue_date=_date(args.issue_date, "--issue-date"))
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        raise CliError(f"无法写入 {args.out}：{exc.strerror or exc}") from exc
    return Result({"out": str(args.out), "certificates": len(ids)}, f"已生成 {len(ids)} 张出师证书：{args.out}")
