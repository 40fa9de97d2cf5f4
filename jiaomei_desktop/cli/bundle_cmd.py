"""`jiaomei bundle …`: file sync on the command line, through the same services as the 数据交换 tab.

    jiaomei bundle export --to E:\\ [--down [--for 单位代码]] [--passphrase-env VAR]
    jiaomei bundle import FILE [--dry-run] [--passphrase-env VAR]
    jiaomei bundle consolidate FOLDER [--dry-run]
    jiaomei bundle provision 单位代码 --to E:\\ [--passphrase-env VAR]   (without one, a passphrase is generated)
    jiaomei bundle setup FILE --passphrase-env VAR          (a new installation becomes that unit)
    jiaomei bundle keys [revoke 单位代码] | conflicts [--resolve ID --keep current|other] | history

Passphrases are read from an environment variable (--passphrase-env) or asked for on the terminal, so they do not
show in the process list; --passphrase exists for scripts that accept that.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from jiaomei_desktop.cli.common import CliError, Result, add_common, open_store_or_fail
from jiaomei_desktop.services import bundles, office_keys
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.services.store import Store, StoreError, resolve_data_dir

LABELS = {"new": "新增", "updated": "更新", "unchanged": "未变", "stale": "过期", "conflicts": "冲突",
          "rejected": "拒绝"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bundle", help="数据交换：导出、导入、汇总数据包，开通下级单位")
    commands = parser.add_subparsers(dest="bundle_command", required=True, metavar="操作")

    p = commands.add_parser("export", help="导出本单位（及下级转来）的数据包")
    add_common(p)
    p.add_argument("--to", type=Path, required=True, help="目标文件或文件夹（如U盘）")
    p.add_argument("--down", action="store_true", help="生成下发给下级单位的数据包（组织机构及相关记录）")
    p.add_argument("--for", dest="recipient", help="下发给哪个下级单位（单位代码）")
    _add_passphrase(p, "加密导出文件的密码（可选）")
    p.set_defaults(func=run_export)

    p = commands.add_parser("import", help="导入一个数据包（可先 --dry-run 预览）")
    add_common(p)
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入（数据文件一个字节也不变）")
    _add_passphrase(p, "数据包的密码（加密时）")
    p.set_defaults(func=run_import)

    p = commands.add_parser("consolidate", help="汇总一个文件夹中的全部数据包")
    add_common(p)
    p.add_argument("folder", type=Path)
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    _add_passphrase(p, "数据包的密码（加密时）")
    p.set_defaults(func=run_consolidate)

    p = commands.add_parser("provision", help="为下级单位生成开通文件")
    add_common(p)
    p.add_argument("unit", help="下级单位代码")
    p.add_argument("--to", type=Path, required=True, help="开通文件或文件夹")
    _add_passphrase(p, "开通文件的密码（不填则由程序生成七个词语，另行告知下级）")
    p.set_defaults(func=run_provision)

    p = commands.add_parser("setup", help="新安装的程序用开通文件设置为该单位")
    add_common(p)
    p.add_argument("file", type=Path)
    _add_passphrase(p, "开通文件的密码")
    p.set_defaults(func=run_setup)

    p = commands.add_parser("keys", help="显示本机及所信任单位的密钥指纹；revoke 吊销下级单位的密钥")
    add_common(p)
    p.set_defaults(func=run_keys)
    key_commands = p.add_subparsers(dest="keys_command", metavar="操作")
    r = key_commands.add_parser("revoke", help="吊销下级单位的密钥（电脑丢失或更换），之后须重新开通该单位")
    add_common(r)
    r.add_argument("code", help="下级单位的代码")
    r.set_defaults(func=run_revoke)

    p = commands.add_parser("conflicts", help="列出（或处理）数据冲突")
    add_common(p)
    p.add_argument("--resolve", type=int, help="要处理的冲突编号")
    p.add_argument("--keep", choices=["current", "other"], help="保留当前内容（current）或另一方内容（other）")
    p.set_defaults(func=run_conflicts)

    p = commands.add_parser("history", help="导入记录")
    add_common(p)
    p.set_defaults(func=run_history)


def _add_passphrase(parser: argparse.ArgumentParser, help_text: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--passphrase-env", metavar="变量名", help=f"{help_text}：从该环境变量读取")
    group.add_argument("--passphrase", help=f"{help_text}（会出现在进程列表中，慎用）")
    group.add_argument("--ask-passphrase", action="store_true", help="在终端输入密码")


def _passphrase(args: argparse.Namespace, required: bool = False) -> str | None:
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise CliError(f"环境变量 {args.passphrase_env} 没有设置密码")
        return value
    if args.passphrase:
        return args.passphrase
    if args.ask_passphrase or (required and sys.stdin.isatty()):
        return getpass.getpass("密码：")
    if required:
        raise CliError("请提供密码（--passphrase-env 变量名，或 --ask-passphrase）")
    return None


def _unit(store: Store, code: str) -> str:
    unit = find_unit_by_code(store, code)
    if unit is None:
        raise CliError(f"没有代码为“{code}”的单位")
    return unit.id


def _fail(exc: ServiceError) -> CliError:
    rejections = getattr(exc, "rejections", None) or []
    details = {"rejections": [r.__dict__ for r in rejections]} if rejections else None
    return CliError(str(exc), details=details)


def _summary_text(summary: bundles.ImportSummary, heading: str) -> str:
    lines = [heading, f"来源：{summary.source_name}", "按表："]
    for table, counts in sorted(summary.by_table.items()):
        shown = "，".join(f"{LABELS[k]} {v}" for k, v in counts.items() if v)
        lines.append(f"  {table}: {shown}")
    totals = summary.totals()
    lines.append("合计：" + "，".join(f"{LABELS[k]} {v}" for k, v in totals.items()))
    if summary.upgraded:
        lines.append("（数据包来自较旧版本的程序，已自动升级）")
    return "\n".join(lines)


def run_export(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        recipient = _unit(store, args.recipient) if args.recipient else None
        result = bundles.export_bundle(store, args.to, _passphrase(args), "down" if args.down else "up", recipient)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    text = f"已导出：{result.path}\n数据段 {result.segments} 个，记录 {result.rows} 条，照片 {result.photos} 张"
    return Result(result.as_dict(), text)


def run_import(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        summary = bundles.import_bundle(store, args.file, _passphrase(args), dry_run=args.dry_run)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    heading = "预览（未写入）：" if args.dry_run else "已导入："
    return Result({"dry_run": args.dry_run, **summary.as_dict()}, _summary_text(summary, heading))


def run_consolidate(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        report = bundles.consolidate(store, args.folder, _passphrase(args), dry_run=args.dry_run)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    lines = [f"{'预览' if args.dry_run else '汇总'}：成功 {report.imported} 个，失败 {report.failed} 个"]
    lines += [f"  {name}：{'成功' if s else '失败 — ' + err}" for name, s, err in report.files]
    lines.append("合计：" + "，".join(f"{LABELS[k]} {v}" for k, v in report.totals().items()))
    data: dict[str, Any] = {"dry_run": args.dry_run, **report.as_dict()}
    return Result(data, "\n".join(lines))


def run_provision(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        typed = _passphrase(args)
        passphrase = typed or bundles.new_passphrase()  # by default generated: seven words, about 84 bits
        result = bundles.provision_child(store, _unit(store, args.unit), args.to, passphrase)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    text = (f"已为“{result.unit_name}”生成开通文件：{result.path}\n移交记录 {result.handed_over} 条\n"
            f"该单位密钥指纹：{result.fingerprint}（请与下级核对）")
    data = result.as_dict()
    if typed is None:
        text += f"\n开通文件的密码（程序生成，请打电话读给对方，不要写在U盘上）：{passphrase}"
        data["passphrase"] = passphrase
    return Result(data, text)


def run_setup(args: argparse.Namespace) -> Result:
    directory = resolve_data_dir(args.data_dir)
    try:
        store, summary = bundles.setup_from_file(directory, args.file, _passphrase(args, required=True) or "")
    except (ServiceError, StoreError) as exc:
        raise CliError(str(exc)) from exc
    try:
        info = bundles.key_info(store)
    finally:
        store.close()
    text = f"本机已设置为“{info.office_name}”\n本机密钥指纹：{info.fingerprint}\n" + _summary_text(summary, "已导入：")
    return Result({"unit_id": info.office_unit_id, "unit_name": info.office_name, "fingerprint": info.fingerprint,
                   **summary.as_dict()}, text)


def run_keys(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        bundles.ensure_office_key(store)
        info = bundles.key_info(store)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    lines = [f"本机：{info.office_name}  {info.fingerprint}", "信任的单位密钥："]
    lines += [f"  {k.unit_name}  {k.fingerprint}  （由{k.issuer_name}签发，第{k.serial}版）" for k in info.trusted]
    return Result({"office_unit_id": info.office_unit_id, "fingerprint": info.fingerprint,
                   "trusted": [k.__dict__ for k in info.trusted]}, "\n".join(lines))


def run_revoke(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        done = office_keys.revoke_child_key(store, _unit(store, args.code))
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    text = (f"已吊销“{done.unit_name}”的密钥（第{done.serial}版）。请导出数据包，让吊销随数据包送达上下级单位；"
            f"再用 jiaomei bundle provision {args.code} 为其新电脑生成开通文件。")
    return Result(done.as_dict(), text)


def run_conflicts(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        if args.resolve is not None:
            if not args.keep:
                raise CliError("请用 --keep current 或 --keep other 说明保留哪一方")
            bundles.resolve_conflict(store, args.resolve, args.keep)
        conflicts = bundles.list_conflicts(store)
    except ServiceError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()
    lines = [f"未处理的冲突 {len(conflicts)} 个"]
    lines += [f"  #{c.id} {c.table} {c.row_id} 第{c.version}版（{c.owner_name}）{'可处理' if c.editable else '只读'}"
              for c in conflicts]
    return Result({"conflicts": [{"id": c.id, "table": c.table, "row_id": c.row_id, "version": c.version,
                                  "owner": c.owner_name, "editable": c.editable} for c in conflicts]},
                  "\n".join(lines))


def run_history(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        entries = bundles.import_history(store)
    finally:
        store.close()
    lines = [f"{e.imported_at:%Y-%m-%d %H:%M}  {e.source_name}  {e.file_name}  " +
             "，".join(f"{LABELS.get(k, k)} {v}" for k, v in e.totals.items() if v) for e in entries]
    return Result({"history": [{"id": e.id, "imported_at": e.imported_at.isoformat(), "source": e.source_name,
                                "file": e.file_name, "totals": e.totals} for e in entries]},
                  "\n".join(lines) or "还没有导入记录")
