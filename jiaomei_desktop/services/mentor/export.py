"""Excel export of the pairs in view and their 辅导记录 (two sheets), written atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from jiaomei_desktop.db.models import MentorLog, MentorPair
from jiaomei_desktop.domain.progress import NO_PROGRESS, Progress
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.excel_io import export_value, neutralise_formulas
from jiaomei_desktop.services.mentor.query import Mentee, Mentor, PairQuery, PairUnit, fetch_rows, find_ids, joined
from jiaomei_desktop.services.store import Store

# The workbook's content (headers, sheet names, reminders) stays Chinese: secretaries exchange these files.
PAIR_HEADERS = ("序号", "所属单位", "师傅", "徒弟", "徒弟政治面貌", "工种/技能方向", "帮带目标", "开始日期", "计划出师日期",
                "状态", "结束日期", "出师评价", "终止原因", "辅导次数", "辅导学时", "最近辅导", "提醒")
LOG_HEADERS = ("所属单位", "师傅", "徒弟", "辅导日期", "学时", "辅导内容", "考核情况")
PAIR_WIDTHS = (6, 22, 10, 10, 12, 16, 30, 12, 12, 8, 12, 30, 24, 9, 9, 12, 24)
LOG_WIDTHS = (22, 10, 10, 12, 7, 50, 14)
BLOCK = 500


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pairs: int
    logs: int


def export_excel(store: Store, query: PairQuery, path: Path, progress: Progress = NO_PROGRESS) -> ExportResult:
    """The pairs matching `query` (in list order) and all their logs. The file appears only when complete."""
    today = query.today or date.today()
    ids = find_ids(store, query)
    workbook = Workbook()
    pairs_sheet = workbook.active
    pairs_sheet.title = "结对名单"
    logs_sheet = workbook.create_sheet("辅导记录")
    _header(pairs_sheet, PAIR_HEADERS, PAIR_WIDTHS)
    _header(logs_sheet, LOG_HEADERS, LOG_WIDTHS)
    texts = _texts(store, ids)
    log_count = 0
    for start in range(0, len(ids), BLOCK):
        progress.step(start, len(ids), _("正在导出结对 {done}/{total}").format(done=start, total=len(ids)))
        block = ids[start:start + BLOCK]
        rows = fetch_rows(store, block, today)
        for offset, pair_id in enumerate(block, start=start + 1):
            row, (goals, evaluation, reason) = rows[pair_id], texts[pair_id]
            pairs_sheet.append([export_value(v) for v in (  # no control characters (openpyxl refuses them)
                offset, row.unit_name, row.mentor_name, row.mentee_name, row.mentee_status, row.trade, goals,
                row.start_date, row.planned_end_date, row.state, row.end_date, evaluation, reason, row.log_count,
                round(row.hours, 1), row.last_log, "、".join(row.flag_texts()))])
        for log in _logs(store, block):
            logs_sheet.append([export_value(v) for v in log])
            log_count += 1
    progress.step(len(ids), len(ids), _("正在保存文件"))
    for sheet in (pairs_sheet, logs_sheet):
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    _save(workbook, path)
    return ExportResult(path, len(ids), log_count)


def _header(sheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    sheet.append(list(headers))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"


def _texts(store: Store, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    with store.reading() as session:
        for start in range(0, len(ids), BLOCK):
            stmt = select(MentorPair.id, MentorPair.goals, MentorPair.final_evaluation, MentorPair.end_reason).where(
                MentorPair.id.in_(ids[start:start + BLOCK]))
            for r in session.execute(stmt):
                found[r[0]] = (r[1] or "", r[2] or "", r[3] or "")
    return found


def _logs(store: Store, ids: list[str]) -> list[tuple]:  # type: ignore[type-arg]
    order = {pair_id: i for i, pair_id in enumerate(ids)}
    stmt = (joined([MentorLog.pair_id, PairUnit.name, Mentor.name, Mentee.name, MentorLog.log_date, MentorLog.hours,
                    MentorLog.content, MentorLog.assessment])
            .join(MentorLog, MentorLog.pair_id == MentorPair.id)
            .where(MentorLog.deleted.is_(False), MentorPair.id.in_(ids)))
    with store.reading() as session:
        rows = session.execute(stmt).all()
    rows.sort(key=lambda r: (order[r[0]], r[4]))
    return [(r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "") for r in rows]


def _save(workbook: Workbook, path: Path) -> None:
    path = Path(path)
    temp = path.with_name(path.name + ".part")
    try:
        neutralise_formulas(workbook)  # text from other offices is shown, never evaluated
        workbook.save(temp)
        os.replace(temp, path)
    except PermissionError as exc:
        temp.unlink(missing_ok=True)
        raise ServiceError(_("无法写入 {path}：文件可能正在被 Excel/WPS 打开，请关闭后重试").format(path=path)) from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ServiceError(_("无法写入 {path}：{error}").format(path=path, error=exc.strerror or exc)) from exc
