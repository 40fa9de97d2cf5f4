"""`jiaomei check`: the data audit (services.audit): every record that breaks a rule, by kind, with counts."""

from __future__ import annotations

import argparse
from datetime import date

from jiaomei_desktop.cli.common import Result, add_common, open_store_or_fail
from jiaomei_desktop.services.audit import audit_store

HELP = "数据核查：列出违反党务规则的记录（按类别计数）"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help=HELP)
    add_common(parser)
    parser.add_argument(
        "--as-of", type=_day, default=None, help="核查日期 YYYY-MM-DD（默认今天；演示数据默认为其生成日）"
    )
    parser.add_argument("--limit", type=int, default=20, help="每类最多列出几条（默认20；--json 列出全部）")
    parser.set_defaults(func=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应为 YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        report = audit_store(store, args.as_of)
    finally:
        store.close()
    data = report.as_dict()
    lines = [
        f"核查日期：{report.as_of.isoformat() if report.as_of else ''}",
        f"发现问题 {len(report.real)} 条"
        + (f"（另有演示数据有意设置的 {len(report.planted)} 条）" if report.planted else ""),
    ]
    for kind, info in report.counts().items():
        real = int(info["count"]) - int(info["planted"])  # type: ignore[call-overload]
        planted = f"，其中有意设置 {info['planted']} 条" if info["planted"] else ""
        lines.append(f"【{info['severity']}】{info['label']}：{info['count']} 条{planted}")
        shown = [p for p in report.problems if p.kind == kind][: max(args.limit, 0)]
        lines += [f"    {p.text}" + ("（有意设置）" if p.planted else "") for p in shown]
        if real + int(info["planted"]) > len(shown):  # type: ignore[call-overload]
            lines.append(f"    ……共 {info['count']} 条")
    if not report.problems:
        lines.append("没有发现违反规则的记录。")
    return Result(data, "\n".join(lines))
