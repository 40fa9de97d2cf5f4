"""Excel workbooks of sessions (with an attendance sheet) and of the compliance grid (openpyxl, write-only so a
group-wide export of half a million attendance rows stays within memory)."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from jiaomei_desktop.db.models import Attendance, Person
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.domain.study import CellState
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import safe_row
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.compliance import ComplianceGrid
from jiaomei_desktop.services.study.query import SessionQuery, fetch_rows, find_ids

BLOCK = 500
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="F3ECE4")
_STATE_FILL = {CellState.MET: "E6F4EA", CellState.MISSED: "FCE8E6", CellState.OPEN: "FFF4E5"}


def _header(ws: Worksheet, titles: list[str], widths: list[int]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, title)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cells.append(cell)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    ws.append(cells)


def _save(wb: Workbook, path: Path) -> None:
    """Write beside the target and rename, so a failed or cancelled export never leaves half a file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError(_("无法写入文件 {path}：{error}").format(path=path, error=exc.strerror or exc)) from exc


def export_sessions(store: Store, query: SessionQuery, path: Path, progress: Progress = NO_PROGRESS) -> int:
    """Sessions matching `query` on sheet 会议记录, their attendance on sheet 出勤明细; returns the session count.
    The workbook's content stays Chinese (secretaries exchange these files); only the progress text is translated."""
    ids = find_ids(store, query)
    wb = Workbook(write_only=True)
    sessions_ws = wb.create_sheet("会议记录")
    _header(sessions_ws, ["日期", "会议类型", "单位", "主题", "地点", "主持人", "应到", "实到", "学时", "结合安全生产"],
            [12, 14, 28, 40, 18, 10, 6, 6, 6, 12])
    att_ws = wb.create_sheet("出勤明细")
    _header(att_ws, ["日期", "会议类型", "单位", "主题", "姓名", "出勤", "原因"], [12, 14, 28, 40, 10, 8, 30])
    for start in range(0, len(ids), BLOCK):
        progress.step(start, len(ids), _("正在导出会议记录 {done}/{total}").format(done=start, total=len(ids)))
        block = ids[start:start + BLOCK]
        rows = fetch_rows(store, block)
        for sid in block:
            r = rows[sid]
            sessions_ws.append(safe_row(sessions_ws, [r.session_date, r.kind, r.unit_name, r.topic, r.place,
                                                      r.host_name, r.expected, r.present, r.hours,
                                                      "是" if r.safety_flag else "否"]))
        stmt = (select(Attendance.session_id, Person.name, Attendance.status, Attendance.reason)
                .join(Person, Person.id == Attendance.person_id)
                .where(Attendance.session_id.in_(block), Attendance.deleted.is_not(True))
                .order_by(Person.name_sort))
        with store.reading() as session:
            by_session: dict[str, list[tuple[str, str, str | None]]] = {}
            for sid, name, status, reason in session.execute(stmt).all():
                by_session.setdefault(sid, []).append((name, status, reason))
        for sid in block:
            r = rows[sid]
            for name, status, reason in by_session.get(sid, []):
                att_ws.append(safe_row(att_ws, [r.session_date, r.kind, r.unit_name, r.topic, name, status,
                                                reason or ""]))
    progress.step(len(ids), len(ids), _("正在保存文件"))
    _save(wb, path)
    return len(ids)


def export_compliance(grid: ComplianceGrid, path: Path) -> None:
    """The grid as a sheet: one row per branch, a cell per month (达标 / 未达标: which kinds / 进行中), totals."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"{grid.year}年合规情况")
    titles = ["单位代码", "上级", "党支部"] + [f"{m}月" for m in range(1, 13)] + ["全年", "达标", "应达标", "达标率"]
    _header(ws, titles, [12, 18, 28] + [12] * 13 + [6, 6, 8])
    for row in grid.rows:
        cells: list[object] = [row.branch_code, row.parent_name, row.branch_name]
        for cell in (*row.months, row.year):
            cells.append(_state_cell(ws, cell))
        cells += [row.totals.met, row.totals.due, f"{row.totals.rate:.0%}"]
        ws.append(cells)
    ws.append(["", "", "合计（达标支部数）", *grid.month_met, "", grid.total.met, grid.total.due,
               f"{grid.total.rate:.0%}"])
    ws.append([f"{grid.unit_name} {grid.year}年组织生活制度落实情况（三会一课、主题党日、组织生活会、民主评议党员），统计截至{grid.as_of:%Y-%m-%d}"])
    _save(wb, path)


def _state_cell(ws: Worksheet, cell) -> WriteOnlyCell:  # type: ignore[no-untyped-def]
    if cell.state is None:
        return WriteOnlyCell(ws, "")
    text = cell.state.value
    if cell.missed:
        text = "缺：" + "、".join(dict.fromkeys(cell.missed))
    out = WriteOnlyCell(ws, text)
    color = _STATE_FILL.get(cell.state)
    if color:
        out.fill = PatternFill("solid", fgColor=color)
    out.alignment = Alignment(wrap_text=True)
    return out
