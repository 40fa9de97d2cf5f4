"""`jiaomei stats`: headline counts of the store, optionally for one unit's subtree."""

from __future__ import annotations

import argparse

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.cli.registers_cmd import year_figures
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.statistics.headcounts import store_stats


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="统计：单位和人员数量")
    add_common(parser)
    parser.add_argument("--unit", help="单位代码（默认全部）")
    parser.add_argument("--year", type=int, help="统计年度：加上后输出该年度的全部党建统计指标")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        unit_id = None
        if args.unit:
            unit = find_unit_by_code(store, args.unit)
            if unit is None:
                raise CliError(f"没有代码为“{args.unit}”的单位")
            unit_id = unit.id
        stats = store_stats(store, unit_id)
        figures = year_figures(store, unit_id, args.year) if args.year else None
    finally:
        store.close()
    lines = ["单位："] + [f"  {k}  {v}" for k, v in stats.units_by_kind.items()]
    lines += ["在册人员（按政治面貌）："] + [f"  {k}  {v}" for k, v in stats.people_by_status.items()]
    lines += ["人员（按党籍状态）："] + [f"  {k}  {v}" for k, v in stats.people_by_state.items()]
    lines.append(f"党员合计  {stats.members}")
    if figures:
        lines.append(figures.text)
        return Result({**stats.as_dict(), **figures}, "\n".join(lines))
    return Result(stats.as_dict(), "\n".join(lines))
