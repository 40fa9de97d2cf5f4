"""The command line's last net: an error no command turned into a message still ends as one, never a traceback.

A full or read-only disk says so; a read that finds the store damaged runs the start-up diagnosis (where the damage
is, which backups are good, the command to restore one); anything else is a short Chinese message with the error's
type, its details in `jiaomei.log` beside the store for whoever maintains the PC.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import traceback
from pathlib import Path

from jiaomei_desktop.cli.common import CliError

EXIT_UNEXPECTED = 70  # EX_SOFTWARE


def _data_dir(args: argparse.Namespace) -> Path | None:
    from jiaomei_desktop.services.store import resolve_data_dir

    try:
        return resolve_data_dir(getattr(args, "data_dir", None))
    except Exception:  # a net under the net must not fall through
        return None


def _log(exc: BaseException, folder: Path | None) -> str:
    """The traceback goes into jiaomei.log (scrubbed of ID and phone numbers); returns where."""
    if folder is None or not folder.is_dir():
        return ""
    try:
        from jiaomei_desktop.services.diagnostics import ScrubbingFormatter

        handler = logging.FileHandler(folder / "jiaomei.log", encoding="utf-8")
        handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        record = logging.LogRecord(
            "jiaomei_desktop.cli",
            logging.ERROR,
            __file__,
            0,
            "command failed:\n%s",
            ("".join(traceback.format_exception(exc)),),
            None,
        )
        handler.emit(record)
        handler.close()
    except (OSError, ImportError):
        return ""
    return str(folder / "jiaomei.log")


def unexpected_error(exc: BaseException, args: argparse.Namespace) -> CliError:
    """The CliError to report for an exception that reached the top of `jiaomei`."""
    from jiaomei_desktop.services import health
    from jiaomei_desktop.services.storage_errors import as_storage_error, is_damage

    folder = _data_dir(args)
    storage = as_storage_error(exc, folder)
    if storage is not None:
        return CliError(str(storage), exit_code=4, details={"kind": storage.kind})
    if is_damage(exc) and folder is not None:
        from jiaomei_desktop.cli.common import diagnosis_error

        try:
            diagnosis = health.diagnose(folder)
        except Exception:  # the diagnosis of a store this broken may fail too: the plain message then
            diagnosis = None
        if diagnosis is not None and not diagnosis.ok:
            return diagnosis_error(diagnosis)
        return CliError(health.damaged_message(folder / "jiaomei.sqlite3"), exit_code=3)
    where = _log(exc, folder)
    hint = f"详细信息已写入 {where}，" if where else ""
    return CliError(
        f"程序内部错误（{type(exc).__name__}），这次操作没有完成。{hint}请把它告诉维护人员。", exit_code=EXIT_UNEXPECTED
    )
