"""Shared pieces of the command line: --data-dir/--json options, opening the store, printing results."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from jiaomei_desktop.domain.text import UNSAFE, escape_for_terminal


class CliError(Exception):
    """A user-caused error: printed as a clear message, exit code non-zero."""

    def __init__(self, message: str, exit_code: int = 2, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.details = details


class Result(dict):
    """A command result: a JSON-able dict plus the readable text printed without --json."""

    def __init__(self, data: dict[str, Any], text: str) -> None:
        super().__init__(data)
        self.text = text


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None, help="数据文件夹（默认为用户数据目录）")
    parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")


def emit(result: Any, as_json: bool) -> None:
    if as_json:
        payload = {"ok": True, **result} if isinstance(result, dict) else {"ok": True, "result": result}
        print(json_text(payload))
    elif isinstance(result, Result):
        print(terminal_text(result.text))
    elif result is not None:
        print(json_text(result, indent=2))


def terminal_text(text: str) -> str:
    """Text from the store (other offices' names among it) with every control, direction-override and zero-width
    character shown as an escape: it cannot move the cursor, recolour or clear the terminal, or reorder a line."""
    return escape_for_terminal(text)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON with those characters as \\u escapes (json.dumps escapes only C0 controls), still valid JSON."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


PASSWORD_ENV = "JIAOMEI_PASSWORD"


def unlock_if_encrypted(args: argparse.Namespace) -> None:
    """A store with a password is encrypted: every command needs the password (or the recovery code) first, from
    JIAOMEI_PASSWORD for scripts or asked for at the terminal. Without it nothing is read."""
    if not hasattr(args, "data_dir"):
        return
    from jiaomei_desktop.services.store_paths import KEY_FILENAME, resolve_data_dir

    directory = resolve_data_dir(args.data_dir)
    if not (directory / KEY_FILENAME).is_file():
        return  # no key file, no password (encryption.is_encrypted): cryptography need not even be loaded
    from jiaomei_desktop.services import encryption

    if not encryption.is_encrypted(directory) or encryption.folder_is_unlocked(directory):
        return
    secret = os.environ.get(PASSWORD_ENV)
    if secret is None:
        if not sys.stdin.isatty():
            raise CliError(f"数据文件已用启动密码加密。请在终端运行以输入密码，或在脚本中设置环境变量 {PASSWORD_ENV}。")
        secret = getpass.getpass("启动密码（或恢复码）：")
    try:
        encryption.unlock(directory, secret)
    except encryption.WrongSecret as exc:
        raise CliError(str(exc)) from exc


def open_store_or_fail(data_dir: Path | None, must_exist: bool = True):  # -> Store (services layer type)
    """Open the store after the start-up diagnosis (services.health): a store that cannot be opened gives its own
    message and, where a backup would help, the commands to restore the newest good ones."""
    from jiaomei_desktop.services import health
    from jiaomei_desktop.services.store import StoreError, open_store, resolve_data_dir

    directory = resolve_data_dir(data_dir)
    diagnosis = health.diagnose(directory, deep=False)
    clock = health.clock_warning()
    if clock:
        print(f"注意：{clock}", file=sys.stderr)
    if diagnosis.kind == health.Kind.WAL_LOST:
        print(f"注意：{diagnosis.message}", file=sys.stderr)
        health.acknowledge(diagnosis)
    elif not diagnosis.ok and not (diagnosis.kind == health.Kind.MISSING and not must_exist and not diagnosis.backups):
        raise diagnosis_error(diagnosis)
    try:
        return open_store(directory, create=not must_exist)
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def diagnosis_error(diagnosis: Any) -> CliError:  # diagnosis: services.health.Diagnosis
    """A CliError saying what is wrong with the store and how to restore it (kind and backups in --json)."""
    message = diagnosis.message
    if diagnosis.kind == "missing" and not diagnosis.backups:
        message = f"在 {diagnosis.data_dir} 中没有找到数据文件。请先创建单位或生成演示数据（jiaomei demo）。"
    if diagnosis.backups:
        commands = "\n".join(
            f'  jiaomei backup restore "{b.path}" --data-dir "{diagnosis.data_dir}"' for b in diagnosis.backups
        )
        message += f"\n可以用下面的命令从完好的备份恢复（最近的在前）：\n{commands}"
    exit_code = 2 if diagnosis.kind == "missing" and not diagnosis.backups else 3  # 2: as for any wrong argument
    return CliError(message, exit_code=exit_code, details={"diagnosis": diagnosis.as_dict()})
