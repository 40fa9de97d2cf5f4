"""The diagnostic package a secretary saves to a USB stick for whoever supports the program, and log scrubbing.

The package (a zip) holds what is needed to understand a fault without the data itself: the program's version and
the machine's platform, the store's check result (SQLite `quick_check`, its migration revision, how many rows each
table holds), the list of backups, the logs and the error that was just shown. ID numbers and phone numbers never
leave the machine: every text is scrubbed, and the log handler scrubs as it writes (`ScrubbingFormatter`).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import sys
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from jiaomei_desktop import __version__
from jiaomei_desktop.db.sqlite_connect import connect as connect_db
from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import backups
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.store import DB_FILENAME

LOG_NAME = "jiaomei.log"
ID_MASK = "<身份证号>"
PHONE_MASK = "<手机号>"
# Digits glued to letters or other digits are something else (a hash, a file size), so both ends are guarded.
# Resident ID numbers: 18 characters (17 digits and a check digit, X for 10) and the old 15-digit form (GB 11643).
_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Mainland mobile numbers: 11 digits starting 13–19, optionally +86 / 86 before and written 3-4-4 with spaces or dashes.
_PHONE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])")


def scrub(text: str) -> str:
    """The text with every ID number and mobile number replaced by a placeholder."""
    return _PHONE.sub(PHONE_MASK, _ID.sub(ID_MASK, text))


class ScrubbingFormatter(logging.Formatter):
    """For the log file: a message or traceback that quotes an ID number or phone is written without it."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The program's version and the machine it runs on (no user data)."""
    info = {
        "version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "frozen": str(bool(getattr(sys, "frozen", False))),
        "time": datetime.now().isoformat(timespec="seconds"),
    }
    info.update(extra or {})
    return info


def store_check(data_dir: Path) -> dict[str, object]:
    """How the store looks from outside its data: sound or not, its migration revision, rows per table, backups."""
    db_path = data_dir / DB_FILENAME
    result: dict[str, object] = {"store_exists": db_path.exists()}
    if db_path.exists():
        result["size_bytes"] = db_path.stat().st_size
        problems = backups.quick_check(db_path)
        result["quick_check"] = problems or ["ok"]
        if not problems:
            result.update(_counts(db_path))
    result["backups"] = [
        {"name": b.path.name, "reason": b.reason, "size_bytes": b.size_bytes} for b in backups.list_backups(data_dir)
    ]
    return result


def _counts(db_path: Path) -> dict[str, object]:
    try:
        conn = connect_db(f"{db_path.as_uri()}?mode=ro", uri=True)
    except database_errors() as exc:
        return {"counts_error": str(exc)}
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        # Table names come from the store's own schema, quoted as identifiers.
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    except database_errors() as exc:
        return {"counts_error": str(exc)}
    finally:
        conn.close()
    return {"revision": [r[0] for r in revision], "rows": counts}


def package_name(now: datetime | None = None) -> str:
    return _("焦煤党建诊断包") + f"-{(now or datetime.now()):%Y%m%d-%H%M%S}.zip"


def build_package(
    data_dir: Path,
    folder: Path,
    *,
    error: str | None = None,
    extra: Mapping[str, str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """Write the diagnostic package into `folder` (e.g. a USB stick) and return its path.

    `error` is the traceback just shown to the user, if any; `extra` adds facts only the caller knows (Qt version).
    """
    if not folder.is_dir():
        raise ServiceError(_("找不到文件夹“{folder}”，请重新选择保存位置").format(folder=folder))
    target = folder / package_name()
    partial = target.with_name(target.name + ".part")
    progress.step(0, 3, _("正在检查数据文件…"))
    check = store_check(data_dir)
    progress.step(1, 3, _("正在收集日志…"))
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.txt", _readme())
            zf.writestr("environment.json", _json(environment(extra)))
            zf.writestr("store_check.json", _json(check))
            if error:
                zf.writestr("error.txt", scrub(error))
            for log_file in _log_files(data_dir):
                zf.writestr(f"logs/{log_file.name}", scrub(log_file.read_text("utf-8", errors="replace")))
        progress.step(2, 3, _("正在保存…"))
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ServiceError(
            _("无法在“{folder}”保存诊断包：{reason}").format(folder=folder, reason=exc.strerror or exc)
        ) from exc
    progress.step(3, 3)
    return target


def _log_files(data_dir: Path) -> list[Path]:
    names = [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, 10)]
    return [data_dir / name for name in names if (data_dir / name).is_file()]


def _json(value: object) -> str:
    return scrub(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _readme() -> str:
    return _(
        "这是焦煤党建程序的诊断包，用于查找程序故障。\n"
        "其中有：程序版本和电脑系统、数据文件检查结果（不含任何记录内容）、备份列表、运行日志和刚才的错误信息。\n"
        "身份证号和手机号已全部去除。\n"
    )
