"""`jiaomei backup check|list|now|restore` and `jiaomei history`: the store's health, its backups, and the change
history of one record — for the IT person who looks after an office PC."""

from __future__ import annotations

import argparse
from pathlib import Path

from jiaomei_desktop.cli.common import CliError, Result, add_common, diagnosis_error, open_store_or_fail
from jiaomei_desktop.services import backups, health, history
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.instance_lock import InstanceLock, StoreInUse
from jiaomei_desktop.services.store import DB_FILENAME, resolve_data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("backup", help="数据检查、备份与恢复")
    sub = parser.add_subparsers(dest="backup_command", required=True)
    for name, help_text, func in (("check", "检查数据文件是否完好（PRAGMA quick_check）", run_check),
                                  ("list", "列出自动备份", run_list), ("now", "立即备份一次", run_now)):
        command = sub.add_parser(name, help=help_text)
        add_common(command)
        command.set_defaults(func=func)
    restore = sub.add_parser("restore", help="用一个备份替换当前数据（先把当前数据另存为备份）")
    add_common(restore)
    restore.add_argument("backup", type=Path, help="备份文件（见 jiaomei backup list）")
    restore.set_defaults(func=run_restore)
    changes = subparsers.add_parser("history", help="一条记录的修改记录")
    add_common(changes)
    changes.add_argument("table", choices=sorted(history.MODELS), help="记录类型")
    changes.add_argument("record_id", help="记录的 ID")
    changes.set_defaults(func=run_history)


def _directory(args: argparse.Namespace) -> Path:
    directory = resolve_data_dir(args.data_dir)
    if not (directory / DB_FILENAME).exists() and not backups.list_backups(directory):
        raise CliError(f"在 {directory} 中没有找到数据文件")
    return directory


def run_check(args: argparse.Namespace) -> Result:
    """The whole start-up diagnosis, with PRAGMA quick_check: what is wrong, where, and the good backups."""
    directory = resolve_data_dir(args.data_dir)
    diagnosis = health.diagnose(directory)
    if diagnosis.kind == health.Kind.MISSING and not diagnosis.backups:
        raise CliError(f"在 {directory} 中没有找到数据文件")
    if not diagnosis.ok:
        raise diagnosis_error(diagnosis)
    return Result({"ok_file": True, "kind": str(diagnosis.kind), "path": str(directory / DB_FILENAME)}, "数据文件完好")


def run_list(args: argparse.Namespace) -> Result:
    found = backups.list_backups(_directory(args))
    rows = [
        {"path": str(b.path), "created": b.created.isoformat(), "reason": b.reason, "size_bytes": b.size_bytes}
        for b in found
    ]
    text = (
        "\n".join(
            f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason:<16} {b.size_bytes // 1024:>8} KB  {b.path.name}" for b in found
        )
        or "还没有备份"
    )
    return Result({"backups": rows}, text)


def run_now(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        path = backups.backup_now(store, backups.REASON_MANUAL)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    return Result({"path": str(path)}, f"已备份到 {path}")


def run_restore(args: argparse.Namespace) -> Result:
    directory = _directory(args)
    try:
        with InstanceLock(directory):  # never under an open program
            saved = backups.restore_backup(directory, args.backup)
    except StoreInUse as exc:
        raise CliError(str(exc)) from exc
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    return Result({"restored_from": str(args.backup), "previous_saved_as": str(saved) if saved else None},
                  f"已用 {args.backup.name} 恢复数据；原来的数据另存为 {saved.name if saved else '（无）'}")


def run_history(args: argparse.Namespace) -> Result:
    store = open_store_or_fail(args.data_dir)
    try:
        entries = history.list_changes(store, args.table, args.record_id)
    except ServiceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    rows = [{"id": e.id, "action": e.action, "changed_at": e.changed_at.isoformat(), "office": e.office_name,
             "version": e.version, "note": e.note,
             "changes": {c.field: [c.old, c.new] for c in e.changes if c.field not in ("name_sort", "search_text")}}
            for e in entries]
    lines = [f"#{r['id']}  {history.local_time(e.changed_at):%Y-%m-%d %H:%M}  {e.action:<8} {e.office_name}  "
             + "、".join(r["changes"]) for r, e in zip(rows, entries, strict=True)]
    return Result({"changes": rows}, "\n".join(lines) or "没有修改记录")
