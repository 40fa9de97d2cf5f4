"""`jiaomei stats`: headline counts of the store, optionally for one unit's subtree."""

from __future__ import annotations

import argparse
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.cli.registers_cmd import year_figures
from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.errors import ServiceError, ValidationFailed
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.statistics.headcounts import store_stats
from jiaomei_desktop.services.statistics.period import period_dashboards
from jiaomei_desktop.services.statistics.report import (
    period_paragraphs,
    period_totals,
    render_period_report,
    render_report,
)
from jiaomei_desktop.services.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="统计：单位和人员数量")
    add_common(parser)
    parser.add_argument("--unit", help="单位代码（默认全部）")
    parser.add_argument("--year", type=int, help="统计年度：加上后输出该年度的全部党建统计指标")
    parser.add_argument("--from-year", type=int, help="统计期间的起始年度（与 --to-year 同用：多年累计）")
    parser.add_argument("--to-year", type=int, help="统计期间的截止年度")
    parser.add_argument("--report", type=Path, help="同时生成统计报告 PDF（年度或期间）")
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="stats_action", metavar="report")
    report = actions.add_parser("report", help="年度党建工作统计报告 PDF（GB/T 9704 版式）")
    add_common(report)
    report.add_argument("--unit", required=True, help="单位代码")
    report.add_argument("--year", type=int, required=True, help="统计年度")
    report.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    report.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> Result:
    """`jiaomei stats report --unit CODE --year YYYY --out FILE.pdf`: the annual report the 统计 tab prints."""
    from jiaomei_desktop.cli.print_cmd import write_pdf

    store = open_store_or_fail(args.data_dir)
    try:
        unit = find_unit_by_code(store, args.unit)
        if unit is None:
            raise CliError(f"没有代码为“{args.unit}”的单位")
        try:
            pdf = render_report(statistics.dashboard(store, unit.id, args.year), store=store)
        except ServiceError as exc:
            raise CliError(str(exc)) from exc
    finally:
        store.close()
    write_pdf(args.out, pdf)
    data = {"document": "report", "unit": args.unit, "year": args.year, "out": str(args.out), "bytes": len(pdf)}
    return Result(data, f"已生成 {args.out}（{len(pdf) // 1024} KB）")


def run(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        unit_id = None
        if args.unit:
            unit = find_unit_by_code(store, args.unit)
            if unit is None:
                raise CliError(f"没有代码为“{args.unit}”的单位")
            unit_id = unit.id
        if args.from_year is not None or args.to_year is not None:
            return _period(store, unit_id, args)
        stats = store_stats(store, unit_id)
        figures = year_figures(store, unit_id, args.year) if args.year else None
        if args.report and args.year:
            _write(args.report, render_report(statistics.dashboard(store, unit_id, args.year), store=store))
    finally:
        store.close()
    lines = ["单位："] + [f"  {k}  {v}" for k, v in stats.units_by_kind.items()]
    lines += ["在册人员（按政治面貌）："] + [f"  {k}  {v}" for k, v in stats.people_by_status.items()]
    lines += ["在册人员（按发展阶段，不是党员）："] + [f"  {k}  {v}" for k, v in stats.people_by_stage.items()]
    lines += ["人员（按在册状态）："] + [f"  {k}  {v}" for k, v in stats.people_by_state.items()]
    lines.append(f"党员合计  {stats.members}")
    if figures:
        lines.append(figures.text)
        return Result({**stats.as_dict(), **figures}, "\n".join(lines))
    return Result(stats.as_dict(), "\n".join(lines))


def _period(store: Store, unit_id: str | None, args: argparse.Namespace) -> Result:
    """Several years: each year's figures as of its own year-end, the sums ("累计"), the period's own figures on its
    last day ("span": 督导 整改 and 13710 items as they then stood, posts, zones and brands of the period) and the
    report's sentences."""
    if args.from_year is None or args.to_year is None:
        raise CliError("请同时给出 --from-year 和 --to-year")
    if args.year is not None:
        raise CliError("--year 与 --from-year/--to-year 不能同时使用")
    try:
        dashes = period_dashboards(store, unit_id, args.from_year, args.to_year)
    except ValidationFailed as exc:
        raise CliError("；".join(exc.errors.values())) from exc
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    if args.report:
        _write(args.report, render_period_report(dashes))
    sentences = period_paragraphs(dashes)
    data = {"from_year": args.from_year, "to_year": args.to_year, "unit": dashes[-1].unit_name,
            "as_of": {d.year: d.as_of.isoformat() for d in dashes}, "totals": period_totals(dashes),
            "years": {d.year: d.as_dict() for d in dashes}, "span": dashes.span.as_dict(), "sentences": sentences}
    text = [f"{dashes[-1].unit_name} {args.from_year}—{args.to_year}年统计：", *sentences]
    return Result(data, "\n".join(text))


def _write(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise CliError(f"无法写入报告文件 {path}：{exc.strerror or exc}") from exc
