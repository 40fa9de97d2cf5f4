"""Importing units into the organisation tree from an Excel sheet: choose the file, preview, commit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.i18n import N_, _, ngettext
from jiaomei_desktop.services import org_excel
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.roster.import_dialog import ImportPreviewDialog

UNIT_COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("行号"), "row_number"), (N_("状态"), "status"), (N_("单位名称"), "name"), (N_("单位代码"), "code"),
    (N_("类别"), "kind"), (N_("上级单位"), "parent_label"), (N_("说明"), "message"),
)


class OrgImportDialog(ImportPreviewDialog):
    """Preview and import a sheet of units; rows without a parent go under `default_parent_id`."""

    _area = "org"

    def _import_text(self, n: int) -> str:
        return ngettext("导入 {n} 个新单位", "导入 {n} 个新单位", n).format(n=n)

    def __init__(self, ctx: AppContext, path: Path, default_parent_id: str | None, parent: QWidget | None) -> None:
        self._default_parent_id = default_parent_id
        super().__init__(ctx, path, _("导入组织机构预览"), UNIT_COLUMNS, parent,
                         statuses=(RowStatus.NEW, RowStatus.UNCHANGED, RowStatus.ERROR))

    def _column_widths(self) -> tuple[int, ...]:
        return (56, 84, 200, 110, 70, 200)

    def _plan_job(self, progress: Progress) -> Any:
        return org_excel.plan_org_import(self._ctx.store, self._path, self._default_parent_id, progress)

    def _commit_job(self, plan: Any, progress: Progress) -> Any:
        return org_excel.commit_org_import(self._ctx.store, plan, progress)

    def _plan_notes(self, plan: Any) -> str:
        return _("工作表“{sheet}”，表头在第{row}行。").format(sheet=plan.sheet_name, row=plan.header_row)

    def _summary_text(self, summary: Any) -> str:
        text = _("导入完成：新建 {n} 个单位。").format(n=summary.created)
        if summary.skipped_errors:
            text += _("有错误的 {n} 行未导入。").format(n=summary.skipped_errors)
        return text


def import_units_interactively(parent: QWidget, ctx: AppContext) -> bool:
    """File dialog → preview → commit. True when units were written."""
    path, _filter = QFileDialog.getOpenFileName(parent, _("选择单位表 Excel 文件"), "", _("Excel 文件 (*.xlsx)"))
    if not path:
        return False
    dialog = OrgImportDialog(ctx, Path(path), ctx.selection.unit_id, parent)
    dialog.exec()
    written = dialog.summary is not None and dialog.summary.created > 0
    dialog.deleteLater()
    return written


__all__ = ["OrgImportDialog", "import_units_interactively"]
