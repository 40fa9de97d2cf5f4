"""Excel export of the dashboard: one sheet of every figure (分组, 指标, 数值, 单位, 口径) and one sheet per group."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jiaomei_desktop.services.excel_io import export_value, save_workbook_safely
from jiaomei_desktop.services.statistics.model import Dashboard, Figure

HEADER_FILL = PatternFill("solid", fgColor="F3D9DC")
BOLD = Font(bold=True)


def _cell_value(figure: Figure) -> int | float:
    if figure.unit == "元":
        return figure.value / 100
    return figure.value


def _number_format(figure: Figure) -> str:
    return {"%": "0.0%", "元": "#,##0.00", "小时": "#,##0.0"}.get(figure.unit, "#,##0")


def build_workbook(d: Dashboard) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "统计指标"
    # the unit's name may come from another office: no characters a workbook cannot hold (formulas: save_workbook_safely)
    sheet.append([export_value(f"{d.unit_name}{d.year}年度党建统计（截至{d.as_of.isoformat()}）")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["分组", "指标", "数值", "单位", "口径", "代码"])
    for cell in sheet[2]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for group in d.groups:
        for figure in group.figures:
            sheet.append([group.title, figure.label, _cell_value(figure), figure.unit, figure.note, figure.key])
            sheet.cell(sheet.max_row, 3).number_format = _number_format(figure)
    for column, width in zip("ABCDEF", (22, 24, 14, 8, 40, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    for group in d.groups:
        page = book.create_sheet(group.title[:31].replace("（", "(").replace("）", ")"))
        page.append([group.title])
        page["A1"].font = Font(bold=True, size=13)
        page.append(["指标", "数值", "单位"])
        for cell in page[2]:
            cell.font, cell.fill = BOLD, HEADER_FILL
        for figure in group.figures:
            page.append([figure.label, _cell_value(figure), figure.unit])
            page.cell(page.max_row, 2).number_format = _number_format(figure)
            page.cell(page.max_row, 2).alignment = Alignment(horizontal="right")
        page.column_dimensions["A"].width = 28
        page.column_dimensions["B"].width = 14
    return book


def export_dashboard_xlsx(d: Dashboard, target: Path) -> Path:
    save_workbook_safely(build_workbook(d), target)
    return target
