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
from jiaomei_desktop.cli.common import CliError, emit
from jiaomei_desktop.services.errors import ServiceError

# Each module defines `register(subparsers)`; its parsers set `func(args) -> dict` via set_defaults.
COMMAND_MODULES = [
    "jiaomei_desktop.cli.demo_cmd",
    "jiaomei_desktop.cli.stats_cmd",
    "jiaomei_desktop.cli.print_cmd",
    "jiaomei_desktop.cli.mentor_cmd",
    "jiaomei_desktop.cli.honors_cmd",
    "jiaomei_desktop.cli.study_cmd",
    "jiaomei_desktop.cli.roster_cmd",
    "jiaomei_desktop.cli.org_cmd",
    "jiaomei_desktop.cli.bundle_cmd",
    "jiaomei_desktop.cli.backup_cmd",
    "jiaomei_desktop.cli.registers_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jiaomei", description="焦煤党建 命令行工具")
    parser.add_argument("--version", action="version", version=f"jiaomei {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    as_json = bool(getattr(args, "json", False))
    try:
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
    try:
        emit(result, as_json)
        sys.stdout.flush()
    except BrokenPipeError:
        # `jiaomei roster list | head`: the reader has gone; stop quietly instead of printing a trace.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


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
