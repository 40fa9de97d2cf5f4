"""The import preview: read the Excel file in the background, show what each row would do, and write the good rows
only when the secretary says so — all of them or none.

`ImportPreviewDialog` is the shared shape (the org-tree import uses it too); `RosterImportDialog` fills it in for the
party-member roster.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiaomei_desktop.domain.progress import Cancelled, Progress
from jiaomei_desktop.i18n import _, join_list, ngettext
from jiaomei_desktop.services import roster_excel
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.geometry import fit_to_screen
from jiaomei_desktop.ui.roster.import_model import ROSTER_COLUMNS, STATUS_COLORS, STATUS_SYMBOLS, ImportPreviewModel
from jiaomei_desktop.ui.tasks import BackgroundTask, Op, is_cancel
from jiaomei_desktop.ui.widgets import set_column_widths

COUNTED = (RowStatus.NEW, RowStatus.UPDATE, RowStatus.UNCHANGED, RowStatus.ERROR)


class ImportPreviewDialog(QDialog):
    """Plan → preview → commit. Subclasses provide `_plan_job`, `_commit_job`, `_summary_text` and `_area`."""

    planned = Signal(object)  # the plan
    committed = Signal(object)  # the summary
    failed = Signal(str)  # a message shown in the dialog

    def __init__(self, ctx: AppContext, path: Path, title: str, columns: Sequence[tuple[str, str]],
                 parent: QWidget | None, statuses: Sequence[RowStatus] = COUNTED) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._path = Path(path)
        self._statuses = tuple(statuses)
        self.plan: Any = None
        self.summary: Any = None
        self._task: BackgroundTask | None = None
        self._closing = False
        self.setWindowTitle(title)
        fit_to_screen(self, 880, 560)
        # The theme has no disabled look for the accent button; without it "导入 0 条" would look clickable.
        self.setStyleSheet('QPushButton[accent="true"]:disabled { background: #E9B7BF; border-color: #E9B7BF; '
                           'color: #FFFFFF; }')
        self.model = ImportPreviewModel(columns=columns, parent=self)
        self._build(title)
        QTimer.singleShot(0, self._start_plan)

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self, title: str) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        heading = QLabel(title, self)
        heading.setProperty("role", "heading")
        self.file_label = QLabel(_("文件：{name}").format(name=self._path.name), self)
        self.file_label.setProperty("role", "muted")
        self.file_label.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.file_label)
        layout.addLayout(self._build_counts())
        self.message = QLabel(_("正在读取文件…"), self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.errors_only = QCheckBox(_("只显示有错误的行"), self)
        self.errors_only.toggled.connect(self._filter_changed)
        layout.addWidget(self.errors_only)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        statuses = [f"{symbol} {_(status.value)}" for status, symbol in STATUS_SYMBOLS.items()]
        set_column_widths(self.table, self._column_widths(), {self.model.column_of("status"): statuses})
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(40)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)
        layout.addLayout(self._build_buttons())
        self._set_busy(True)

    def _column_widths(self) -> Sequence[int]:
        return (56, 84, 90, 150)

    def _build_counts(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.count_labels: dict[RowStatus, QLabel] = {}
        for status in self._statuses:
            fg, bg = STATUS_COLORS[status]
            label = QLabel(self)
            label.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; border-radius: 3px; padding: 4px 12px; "
                                f"font-weight: bold; }}")
            self.count_labels[status] = label
            row.addWidget(label)
        self._show_counts({})
        row.addStretch(1)
        return row

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.replan_button = QPushButton(_("重新预览"), self)
        self.replan_button.clicked.connect(self._start_plan)
        self.replan_button.hide()
        row.addWidget(self.replan_button)
        row.addStretch(1)
        self.import_button = QPushButton(_("导入"), self)
        self.import_button.setProperty("accent", "true")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._start_commit)
        self.cancel_button = QPushButton(_("取消"), self)
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.import_button)
        row.addWidget(self.cancel_button)
        return row

    # -- what subclasses fill in ---------------------------------------------------------------------------------
    def _plan_job(self, progress: Progress) -> Any:
        raise NotImplementedError

    def _commit_job(self, plan: Any, progress: Progress) -> Any:
        raise NotImplementedError

    def _summary_text(self, summary: Any) -> str:
        raise NotImplementedError

    def _plan_notes(self, plan: Any) -> str:
        return ""

    _area = "roster"

    def _import_text(self, n: int) -> str:
        """The import button: one pattern per count, so English can say "1 valid record" ("导入 {n} {what}" read
        "Import 1 valid records")."""
        return ngettext("导入 {n} 条有效记录", "导入 {n} 条有效记录", n).format(n=n)

    # -- planning ----------------------------------------------------------------------------------------------
    def _start_plan(self) -> None:
        self.replan_button.hide()
        self._set_busy(True)
        self.message.setProperty("role", "")
        self._restyle(self.message)
        self.message.setText(_("正在读取文件…"))
        self._task = (Op(self, self._plan_job)
                      .with_progress(_("正在读取 Excel 文件…"))
                      .expecting(Exception)  # a damaged .xlsx fails deep in openpyxl: it is about the file picked
                      .success(self._planned)
                      .failure(self._plan_failed)
                      .cancelled(lambda: self._plan_failed(Cancelled()))
                      .run())

    def _planned(self, plan: Any) -> None:
        self._task = None
        self.plan = plan
        self.model.set_rows(plan.rows)
        self._show_counts({s: plan.count(s) for s in self._statuses})
        importable = plan.importable
        self.import_button.setText(self._import_text(importable))
        self.import_button.setEnabled(importable > 0)
        self.import_button.setVisible(True)
        self.errors_only.setEnabled(plan.count(RowStatus.ERROR) > 0)
        notes = [self._plan_notes(plan)]
        errors = plan.count(RowStatus.ERROR)
        if errors:
            notes.append(_("有错误的 {n} 行不会导入：可以在 Excel 中改正后重新导入，或先导入其余的有效记录。")
                         .format(n=errors))
        if not plan.rows:
            notes.append(_("表头下面没有数据行。"))
        elif importable == 0 and not errors:
            notes.append(_("表中的记录与库中完全一致，无需导入。"))
        self._show_message(" ".join(n for n in notes if n), error=False)
        self.table.setEnabled(True)
        self.cancel_button.setText(_("取消"))
        if self.model.rowCount():
            self.table.selectRow(0)
        self.planned.emit(plan)

    def _plan_failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        self.import_button.hide()
        self.errors_only.setEnabled(False)
        self.cancel_button.setText(_("关闭"))
        text = _("已取消读取。") if is_cancel(exc) else _("无法读取这个文件：{err}").format(err=_message(exc))
        self._show_message(text, error=not is_cancel(exc))
        self.failed.emit(text)

    # -- committing --------------------------------------------------------------------------------------------
    def _start_commit(self) -> None:
        if self.plan is None or self.plan.importable == 0:
            return
        self._set_busy(True)
        plan = self.plan
        self._task = (Op(self, lambda progress: self._commit_job(plan, progress))
                      .with_progress(_("正在导入…"))
                      .success(self._committed)
                      .failure(self._commit_failed)
                      .cancelled(lambda: self._commit_failed(Cancelled()))
                      .finally_(self._commit_ended)
                      .run())

    def _commit_ended(self) -> None:
        """First on every ending: after a bug (reported by the global hook) the dialog is usable again."""
        self._task = None
        self._set_busy(False)

    def _committed(self, summary: Any) -> None:
        self._task = None
        self.summary = summary
        self._ctx.data_changed.changed.emit(self._area)
        self.import_button.hide()
        self.table.setEnabled(True)
        self.errors_only.setEnabled(self.plan.count(RowStatus.ERROR) > 0)
        self.cancel_button.setText(_("关闭"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self._show_message(self._summary_text(summary), error=False, done=True)
        self.committed.emit(summary)

    def _commit_failed(self, exc: BaseException) -> None:
        self._task = None
        self._set_busy(False)
        if is_cancel(exc):
            text = _("已取消导入，数据未作任何改动。")
        else:
            text = _("导入失败，未写入任何记录：{err}").format(err=_message(exc))
            self.replan_button.show()
        self._show_message(text, error=not is_cancel(exc))
        self.failed.emit(text)

    # -- helpers -----------------------------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        has_plan = self.plan is not None and self.plan.importable > 0
        self.import_button.setEnabled(not busy and has_plan)
        self.table.setEnabled(not busy)
        self.errors_only.setEnabled(not busy and self.plan is not None)
        self.replan_button.setEnabled(not busy)

    def _show_counts(self, counts: dict[RowStatus, int]) -> None:
        for status, label in self.count_labels.items():
            label.setText(f"{_(status.value)}  {counts.get(status, 0)}")

    def _show_message(self, text: str, error: bool, done: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else ("" if not done else "heading"))
        self._restyle(self.message)

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _filter_changed(self, only_errors: bool) -> None:
        self.model.show_only(RowStatus.ERROR if only_errors else None)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.model.row_at(rows[0].row()) if rows else None
        self.detail.setText(self._detail_text(item) if item is not None else "")

    def _detail_text(self, item: Any) -> str:
        name = item.name or _("（无姓名）")
        done = self.summary is not None
        text = item.message or {RowStatus.NEW: _("已新增") if done else _("将新增"),
                                RowStatus.UNCHANGED: _("与库中一致，没有改动")}.get(item.status, "")
        return _("第{n}行 {name}：{text}").format(n=item.row_number, name=name, text=text)

    def reject(self) -> None:
        task = self._task
        if task is not None:
            # The job rolls back at its next progress step; the dialog closes once it has.
            if not self._closing:
                self._closing = True
                task.cancel()
                task.error.connect(self._close_after_task)
                task.done.connect(self._close_after_task)
            return
        super().reject()

    def _close_after_task(self, _result: object) -> None:
        QDialog.reject(self)


def _message(exc: BaseException) -> str:
    return str(exc) or exc.__class__.__name__


class RosterImportDialog(ImportPreviewDialog):
    """Preview and import a roster .xlsx. Rows without a branch go to `default_branch_id` (the unit picked in the
    tree, when it is one people can belong to)."""

    def __init__(self, ctx: AppContext, path: Path, default_branch_id: str | None, parent: QWidget | None) -> None:
        self._default_branch_id = default_branch_id
        super().__init__(ctx, path, _("导入花名册预览"), ROSTER_COLUMNS, parent)

    def _plan_job(self, progress: Progress) -> Any:
        return roster_excel.plan_roster_import(self._ctx.store, self._path, self._default_branch_id, progress)

    def _commit_job(self, plan: Any, progress: Progress) -> Any:
        return roster_excel.commit_roster_import(self._ctx.store, plan, progress)

    def _plan_notes(self, plan: Any) -> str:
        text = _("工作表“{sheet}”，表头在第{row}行。").format(sheet=plan.sheet_name, row=plan.header_row)
        if plan.ignored_columns:
            text += _("未使用的列：{cols}。").format(cols=join_list(plan.ignored_columns))
        return text

    def _summary_text(self, summary: Any) -> str:
        text = _("导入完成：新增 {new} 人，更新 {upd} 人。").format(new=summary.created, upd=summary.updated)
        if summary.skipped_errors:
            text += _("有错误的 {n} 行未导入。").format(n=summary.skipped_errors)
        return text

