"""The honours list as an Excel sheet (openpyxl), written through a temp file so a failed export leaves no half file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import export_value, neutralise_formulas
from jiaomei_desktop.services.honors.gallery import PERSON, HonorQuery, list_honors
from jiaomei_desktop.services.store import Store

# The sheet's content (headers, sheet name, 个人/集体) stays Chinese: secretaries exchange these files.
HEADERS = ("序号", "姓名/集体", "类型", "所在单位", "岗位职务", "荣誉称号", "类别", "级别", "授予单位", "获奖日期", "主要事迹")
WIDTHS = (6, 14, 6, 24, 16, 30, 14, 8, 24, 12, 80)


def export_honors_xlsx(store: Store, query: HonorQuery, target: Path, progress: Progress = NO_PROGRESS) -> int:
    """Write the matching honours to `target` (.xlsx); returns how many rows were written."""
    rows = list_honors(store, query)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "先进典型"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C8102E")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for letter, width in zip("ABCDEFGHIJK", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=1):
        if number % 200 == 0:
            progress.step(number, len(rows), _("正在写入表格…"))
        sheet.append([export_value(v) for v in (  # other offices' text: no control characters, no formulas
            number, row.subject_name, "个人" if row.kind == PERSON else "集体", row.unit_name, row.post,
            row.title, row.category, row.level, row.awarding_body, row.award_date, row.deeds)])
        sheet.cell(row=number + 1, column=10).number_format = "yyyy-mm-dd"
        sheet.cell(row=number + 1, column=11).alignment = Alignment(wrap_text=True, vertical="top")
    _save(workbook, Path(target))
    progress.step(len(rows), len(rows), _("导出完成"))
    return len(rows)


def _save(workbook: Workbook, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=target.parent)
        os.close(fd)
        try:
            neutralise_formulas(workbook)
            workbook.save(temp_name)
            os.replace(temp_name, target)
        finally:
            Path(temp_name).unlink(missing_ok=True)
    except PermissionError as exc:
        raise ServiceError(_("无法写入“{name}”：文件可能正在被 Excel/WPS 打开，请关闭后重试").format(name=target.name)) from exc
    except OSError as exc:
        raise ServiceError(_("无法写入“{path}”：{error}").format(path=target, error=exc.strerror or exc)) from exc
