"""The `jiaomei` command line: one subcommand group per module, all calling the same services as the GUI."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from jiaomei_desktop import __version__
from jiaomei_desktop.cli.common import CliError, emit, unlock_if_encrypted
from jiaomei_desktop.services.errors import ServiceError

# Each module defines `register(subparsers)`; its parsers set `func(args) -> dict` via set_defaults. Only the module
# of the command being run is imported (importing all of them costs over a second); the others appear in `--help`
# from this table. tests/core/test_cli_commands.py keeps the table equal to what the modules register.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("jiaomei_desktop.cli.demo_cmd", "生成演示数据（虚构人员）"),
    "stats": ("jiaomei_desktop.cli.stats_cmd", "统计：单位和人员数量"),
    "print": ("jiaomei_desktop.cli.print_cmd", "生成证书、学习通报、责任区标牌、通知、会议记录 PDF"),
    "mentor": ("jiaomei_desktop.cli.mentor_cmd", "传帮带结对：列表、统计、导出、出师证书"),
    "honors": ("jiaomei_desktop.cli.honors_cmd", "先进典型：荣誉记录列表与导出"),
    "study": ("jiaomei_desktop.cli.study_cmd", "学习记录：三会一课、出勤与落实情况"),
    "roster": ("jiaomei_desktop.cli.roster_cmd", "党员花名册：Excel 导入、导出、列表"),
    "org": ("jiaomei_desktop.cli.org_cmd", "组织机构：从 Excel 导入、列出"),
    "bundle": ("jiaomei_desktop.cli.bundle_cmd", "数据交换：导出、导入、汇总数据包，开通下级单位"),
    "backup": ("jiaomei_desktop.cli.backup_cmd", "数据检查、备份与恢复"),
    "history": ("jiaomei_desktop.cli.backup_cmd", "一条记录的修改记录"),
    "zones": ("jiaomei_desktop.cli.registers_cmd", "党员责任区"),
    "deeds": ("jiaomei_desktop.cli.registers_cmd", "我为职工办实事台账"),
    "brands": ("jiaomei_desktop.cli.registers_cmd", "党建品牌"),
    "innovation": ("jiaomei_desktop.cli.registers_cmd", "改革创新台账"),
    "contests": ("jiaomei_desktop.cli.registers_cmd", "技术比武"),
    "posts": ("jiaomei_desktop.cli.registers_cmd", "亮明身份：党员示范岗、先锋岗、突击队"),
    "studios": ("jiaomei_desktop.cli.registers_cmd", "创新工作室"),
    "supervision": ("jiaomei_desktop.cli.supervision_cmd", "13710督办：事项列表、逾期事项、各单位未办结数"),
    "inspections": ("jiaomei_desktop.cli.inspections_cmd", "纪律作风督导：督导检查记录、督导组、月度督导通报"),
    "standards": ("jiaomei_desktop.cli.standards_cmd", "党支部标准化建设：自评、验收、覆盖情况"),
    "check": ("jiaomei_desktop.cli.check_cmd", "数据核查：列出违反党务规则的记录（按类别计数）"),
}
COMMAND_MODULES = list(dict.fromkeys(module for module, _help in COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None, *, everything: bool = False) -> argparse.ArgumentParser:
    """The parser with the chosen command (or, with `everything`, every command) fully registered."""
    parser = argparse.ArgumentParser(prog="jiaomei", description="焦煤党建 命令行工具")
    parser.add_argument("--version", action="version", version=f"jiaomei {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="命令")
    words = list(sys.argv[1:] if argv is None else argv)
    chosen = next((word for word in words if word in COMMANDS), None)
    modules = COMMAND_MODULES if everything else [COMMANDS[chosen][0]] if chosen else []
    for module in modules:
        importlib.import_module(module).register(subparsers)
    for name, (_module, help_text) in COMMANDS.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=help_text)  # listed in --help; never run, since it was not chosen
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    as_json = bool(getattr(args, "json", False))
    problem = _year_problem(args)
    if problem:
        _fail(problem, as_json, None)
        return 2
    try:
        unlock_if_encrypted(args)
        result: Any = args.func(args)
    except CliError as exc:
        _fail(str(exc), as_json, exc.details)
        return exc.exit_code
    except ServiceError as exc:  # a command that forgot to translate one still fails with the message, not a trace
        _fail(str(exc), as_json, None)
        return 1
    except KeyboardInterrupt:
        _fail("已取消", as_json, None)
        return 130
    except Exception as exc:  # no traceback ever reaches a user: a message, the details in the log
        from jiaomei_desktop.cli.errors import unexpected_error

        error = unexpected_error(exc, args)
        _fail(str(error), as_json, error.details)
        return error.exit_code
    try:
        emit(result, as_json)
        sys.stdout.flush()
    except BrokenPipeError:
        # `jiaomei roster list | head`: the reader has gone; stop quietly instead of printing a trace.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


def _year_problem(args: argparse.Namespace) -> str | None:
    """--year of the statistics and the study log outside the years with records (domain/years.py)."""
    year = getattr(args, "year", None)
    if args.command not in ("stats", "study") or not isinstance(year, int):
        return None
    from jiaomei_desktop.domain.years import year_problem

    return year_problem(year)


def _fail(message: str, as_json: bool, details: dict[str, Any] | None) -> None:
    if as_json:
        payload = {"ok": False, "error": message}
        if details:
            payload.update(details)
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(f"错误：{message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
