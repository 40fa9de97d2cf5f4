"""Reading and writing the Excel (.xlsx) files secretaries keep: opening safely, finding the header row under a title
or two, reading cells as text, and saving without ever leaving a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from jiaomei_desktop.domain.text import clean_text
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError

HEADER_SCAN_ROWS = 10
# A sheet formatted down to row 1,048,576 would otherwise be read to the end.
MAX_BLANK_RUN = 1000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
TOTAL_MARKERS = ("合计", "总计", "小计")


class RowStatus(StrEnum):
    NEW = "新增"
    UPDATE = "更新"
    UNCHANGED = "无变化"
    ERROR = "错误"


@dataclass(frozen=True)
class SheetRows:
    """The data rows under the header: (Excel row number, {field: raw cell value})."""

    sheet_name: str
    header_row: int
    columns: Mapping[str, int]  # field -> 0-based column index
    ignored_headers: tuple[str, ...]
    total_rows: int | None  # for progress; None when the file does not say
    rows: Iterator[tuple[int, dict[str, Any]]]


def header_key(text: object) -> str:
    """'姓 名', '出生年月\n（年.月）', '*身份证号' all reduce to the bare name."""
    if text is None:
        return ""
    value = _BRACKETS.sub("", str(text))
    return _SPACES.sub("", value).replace("*", "").replace("：", "").replace(":", "")


def cell_text(value: object) -> str:
    """A cell as the text a person reads: 13800000000.0 -> '13800000000', None -> ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def is_total_row(values: Sequence[Any]) -> bool:
    """合计 / 总计 rows at the foot of a sheet, whichever column the word sits in (often 序号)."""
    first = next((cell_text(v) for v in values if cell_text(v)), "")
    return header_key(first).startswith(TOTAL_MARKERS)


@contextlib.contextmanager
def open_sheet(path: Path, aliases: Mapping[str, str], required: str, what: str) -> Iterator[SheetRows]:
    """Open `path` and yield the rows of the first sheet whose header names the `required` field.

    `aliases` maps a header_key() to a field name. Raises ServiceError for anything a user could have handed us by
    mistake: a missing file, an old .xls, a password-protected or corrupt file, a sheet without a recognisable header.
    """
    workbook = _load(path)
    try:
        for sheet in _sheets_active_first(workbook):
            found = _find_header(sheet, aliases, required)
            if found is None:
                continue
            header_row, columns, ignored = found
            max_row = sheet.max_row if isinstance(sheet.max_row, int) else None
            total = max(0, max_row - header_row) if max_row else None
            yield SheetRows(sheet.title, header_row, columns, ignored, total, _data_rows(sheet, header_row, columns))
            return
        raise ServiceError(
            _("在“{file}”中没有找到{what}的表头行：前{n}行里没有“{col}”列。请确认表头有“{col}”等列名。").format(
                file=path.name, what=what, n=HEADER_SCAN_ROWS, col=_required_label(aliases, required)
            )
        )
    finally:
        workbook.close()


def _required_label(aliases: Mapping[str, str], required: str) -> str:
    return next((k for k, v in aliases.items() if v == required), required)


def _load(path: Path) -> Any:
    path = Path(path)
    if not path.is_file():
        raise ServiceError(_("找不到文件：{path}").format(path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head.startswith(_OLE_MAGIC):
                fh.seek(0)
                _raise_for_ole(path, fh.read())
    except PermissionError as exc:
        raise ServiceError(_("没有权限读取“{name}”（文件可能正在被其他程序使用）").format(name=path.name)) from exc
    except OSError as exc:
        raise ServiceError(_("无法读取“{name}”：{err}").format(name=path.name, err=exc.strerror or exc)) from exc
    if not head.startswith(_ZIP_MAGIC):
        raise ServiceError(
            _("“{name}”不是 Excel（.xlsx）文件。请在 Excel 或 WPS 中打开后“另存为”.xlsx 格式。").format(name=path.name)
        )
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise ServiceError(
            _("“{name}”已损坏或不是有效的 .xlsx 文件，无法读取。请在 Excel 或 WPS 中打开检查后重新保存。").format(
                name=path.name
            )
        ) from exc


def _raise_for_ole(path: Path, data: bytes) -> None:
    # Password-protected .xlsx files are OLE containers holding an "EncryptionInfo" stream; otherwise it is an old .xls.
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise ServiceError(
            _("“{name}”设置了打开密码，程序无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。").format(
                name=path.name
            )
        )
    raise ServiceError(
        _("“{name}”是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为”.xlsx 格式后再导入。").format(name=path.name)
    )


def _sheets_active_first(workbook: Any) -> list[Any]:
    sheets = list(workbook.worksheets)
    try:
        active = workbook.active
    except (IndexError, AttributeError):
        active = None
    if active is not None and active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)
    return sheets


def _find_header(
    sheet: Any, aliases: Mapping[str, str], required: str
) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
    best: tuple[int, dict[str, int], tuple[str, ...]] | None = None
    for number, values in enumerate(sheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), start=1):
        columns: dict[str, int] = {}
        ignored: list[str] = []
        for index, value in enumerate(values):
            key = header_key(value)
            if not key:
                continue
            field = aliases.get(key)
            if field and field not in columns:
                columns[field] = index
            elif not field and key not in ("序号", "编号"):
                ignored.append(key)
        if required in columns and len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (number, columns, tuple(ignored))
    return best


def _data_rows(sheet: Any, header_row: int, columns: Mapping[str, int]) -> Iterator[tuple[int, dict[str, Any]]]:
    blank_run = 0
    for number, values in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        row = {field: values[index] if index < len(values) else None for field, index in columns.items()}
        if not any(cell_text(v) for v in row.values()):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                return
            continue
        blank_run = 0
        if is_total_row(values):
            continue
        yield number, row


def export_value(value: object) -> object:
    """A value for a cell: text without the characters a workbook cannot hold or a reader cannot see
    (domain.text: control, direction-override, zero-width); anything else unchanged."""
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def text_cell(sheet: Any, value: object) -> Any:
    """A write-only cell holding `value`; text is always stored as text, so "=HYPERLINK(…)" or "=cmd|…" from another
    office's data is shown, never evaluated (text starting with + - @ is text in openpyxl already)."""
    cell = WriteOnlyCell(sheet, value=export_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def safe_row(sheet: Any, values: Sequence[Any]) -> list[Any]:
    """A row for `sheet.append` in a write-only sheet: plain text values become text cells (text_cell)."""
    return [text_cell(sheet, v) if isinstance(v, str) else v for v in values]


def neutralise_formulas(workbook: Workbook) -> None:
    """For a workbook built in memory: every cell openpyxl took for a formula (text starting with "=") is text.
    None of our exports writes a formula on purpose."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def save_workbook_safely(workbook: Workbook, path: Path) -> None:
    """Write to a temp file in the target folder, then rename over the target: a failure leaves no half file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not workbook.write_only:  # a write-only sheet is already written; its text goes through text_cell
        neutralise_formulas(workbook)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~", suffix=".xlsx.tmp", dir=folder)
        os.close(fd)
        workbook.save(tmp_name)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise ServiceError(_write_error_message(path, exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _write_error_message(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return _("磁盘空间不足，无法保存“{name}”。请清理磁盘或换一个位置保存。").format(name=path.name)
    if isinstance(exc, PermissionError):
        return _("没有权限写入“{path}”。如果该文件正在 Excel 或 WPS 中打开，请先关闭它；或换一个文件夹保存。").format(
            path=path
        )
    if isinstance(exc, FileNotFoundError):
        return _("文件夹不存在：{folder}").format(folder=path.parent)
    return _("无法保存“{name}”：{err}").format(name=path.name, err=exc.strerror or exc)
