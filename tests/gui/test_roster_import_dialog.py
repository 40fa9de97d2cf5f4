"""The import preview dialogs (roster and org tree): plan in the background, preview, commit or nothing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.services import roster_excel
from jiaomei_desktop.services.excel_io import RowStatus
from jiaomei_desktop.services.org import find_unit_by_code
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.org import import_units
from jiaomei_desktop.ui.org.import_units import OrgImportDialog, import_units_interactively
from jiaomei_desktop.ui.roster import import_dialog
from jiaomei_desktop.ui.roster.import_dialog import RosterImportDialog
from jiaomei_desktop.ui.roster.import_model import ImportPreviewModel
from tests.excel_fixtures import messy_roster, write_sheet

WAIT = 20000


def people(ctx: AppContext) -> int:
    with ctx.store.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def planned_dialog(qtbot, ctx: AppContext, path: Path) -> RosterImportDialog:  # type: ignore[no-untyped-def]
    dialog = RosterImportDialog(ctx, path, None, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.open()
    return dialog


def test_preview_shows_counts_rows_and_reasons(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, ctx, messy_roster(tmp_path / "m.xlsx"))
    assert dialog.count_labels[RowStatus.NEW].text() == "新增  2"
    assert dialog.count_labels[RowStatus.ERROR].text() == "错误  8"
    assert dialog.import_button.text() == "导入 2 条有效记录" and dialog.import_button.isEnabled()
    model = dialog.model
    assert model.rowCount() == 10
    assert model.data(model.index(0, 0)) == "4"
    assert model.data(model.index(0, 1)).endswith("新增")
    assert model.data(model.index(2, 1)).endswith("错误")
    assert model.data(model.index(2, 1), Qt.ItemDataRole.BackgroundRole) is not None
    assert "校验位不正确" in model.data(model.index(2, 4))
    assert "********" in model.data(model.index(0, 3))
    assert "表头在第3行" in dialog.message.text()
    dialog.table.selectRow(3)
    assert dialog.detail.text().startswith("第7行 赵海涛：") and "文本" in dialog.detail.text()
    assert people(ctx) == 0  # the preview writes nothing


def test_preview_model_passes_modeltester(qtmodeltester, qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = roster_excel.plan_roster_import(ctx.store, messy_roster(tmp_path / "m.xlsx"), None)
    model = ImportPreviewModel(plan.rows)
    qtmodeltester.check(model)
    model.show_only(RowStatus.ERROR)
    qtmodeltester.check(model)
    assert model.rowCount() == 8
    qtmodeltester.check(ImportPreviewModel([]))


def test_errors_only_filter(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, ctx, messy_roster(tmp_path / "m.xlsx"))
    dialog.errors_only.setChecked(True)
    assert dialog.model.rowCount() == 8
    assert all(dialog.model.row_at(r).status is RowStatus.ERROR for r in range(8))
    dialog.errors_only.setChecked(False)
    assert dialog.model.rowCount() == 10


def test_commit_writes_good_rows_and_announces(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, ctx, messy_roster(tmp_path / "m.xlsx"))
    areas: list[str] = []
    ctx.data_changed.changed.connect(areas.append)
    with qtbot.waitSignal(dialog.committed, timeout=WAIT):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert people(ctx) == 2
    assert areas == ["roster"]
    assert "新增 2 人" in dialog.message.text() and "8 行未导入" in dialog.message.text()
    assert dialog.import_button.isHidden() and dialog.cancel_button.text() == "关闭"


def test_cancel_button_writes_nothing(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, ctx, messy_roster(tmp_path / "m.xlsx"))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert people(ctx) == 0


def test_cancel_during_commit_rolls_back(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = roster_excel.commit_roster_import

    def cancelled_commit(store, plan, progress):  # type: ignore[no-untyped-def]
        progress.cancel()  # as if 取消 was pressed in the progress dialog before the first step
        return real(store, plan, progress)

    monkeypatch.setattr(import_dialog.roster_excel, "commit_roster_import", cancelled_commit)
    dialog = planned_dialog(qtbot, ctx, messy_roster(tmp_path / "m.xlsx"))
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as blocker:
        dialog.import_button.click()
    assert "已取消导入" in blocker.args[0]
    assert people(ctx) == 0
    assert dialog.import_button.isEnabled()  # the secretary can still import after all


def test_stale_plan_offers_a_new_preview(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = messy_roster(tmp_path / "m.xlsx")
    dialog = planned_dialog(qtbot, ctx, path)
    roster_excel.commit_roster_import(ctx.store, roster_excel.plan_roster_import(ctx.store, path, None))
    before = people(ctx)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as blocker:
        dialog.import_button.click()
    assert "重新预览" in blocker.args[0] and people(ctx) == before
    assert dialog.message.property("role") == "error" and not dialog.replan_button.isHidden()
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.replan_button.click()
    assert dialog.count_labels[RowStatus.UNCHANGED].text() == "无变化  2"
    assert not dialog.import_button.isEnabled()


def test_closing_while_reading_closes_cleanly(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def slow_plan(self: RosterImportDialog, progress: Progress) -> None:
        started.set()
        while True:  # a big file: reading goes on until the user cancels
            progress.step(0, 1)
            time.sleep(0.01)

    monkeypatch.setattr(RosterImportDialog, "_plan_job", slow_plan)
    dialog = RosterImportDialog(ctx, messy_roster(tmp_path / "m.xlsx"), None, None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    dialog.reject()  # cancels the reading job; the dialog closes once the worker has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert dialog.result() == dialog.DialogCode.Rejected and people(ctx) == 0


def test_unreadable_file_shows_why(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "名册.xlsx"
    path.write_text("plain text")
    dialog = RosterImportDialog(ctx, path, None, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT) as blocker:
        dialog.open()
    assert "不是 Excel（.xlsx）文件" in blocker.args[0]
    assert dialog.import_button.isHidden() and dialog.cancel_button.text() == "关闭"
    assert dialog.message.property("role") == "error"


# ------------------------------------------------------------------ org tree import

UNIT_HEADER = ("单位名称", "单位代码", "组织类别", "上级单位代码")


def test_org_import_dialog(qtbot, ctx: AppContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "u.xlsx", UNIT_HEADER,
                       [("通风队党支部", "T-03", "党支部", "T"), ("坏单位", "T-04", "党小组", "T")], titles=("单位表",))
    dialog = OrgImportDialog(ctx, path, None, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.planned, timeout=WAIT):
        dialog.open()
    assert dialog.import_button.text() == "导入 1 个新单位"
    assert "基层党委下不能设立党小组" in dialog.model.data(dialog.model.index(1, 6))
    areas: list[str] = []
    ctx.data_changed.changed.connect(areas.append)
    with qtbot.waitSignal(dialog.committed, timeout=WAIT):
        dialog.import_button.click()
    assert find_unit_by_code(ctx.store, "T-03") is not None and find_unit_by_code(ctx.store, "T-04") is None
    assert areas == ["org"]


def test_import_units_interactively(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = write_sheet(tmp_path / "u.xlsx", UNIT_HEADER, [("通风队党支部", "T-03", "党支部", "T")])
    monkeypatch.setattr(import_units.QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    assert import_units_interactively(None, ctx) is False

    class Driven(OrgImportDialog):  # clicks 导入 once the preview is ready, then closes
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self.planned.connect(lambda _plan: self.import_button.click())
            self.committed.connect(lambda _summary: self.accept())

    monkeypatch.setattr(import_units.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(import_units, "OrgImportDialog", Driven)
    assert import_units_interactively(None, ctx) is True
    assert find_unit_by_code(ctx.store, "T-03") is not None


@pytest.fixture(autouse=True)
def _no_leftover_threads(qtbot):  # type: ignore[no-untyped-def]
    yield
    qtbot.wait(10)


def test_the_import_button_counts_in_a_whole_pattern(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """“导入 {n} {what}” read “Import 1 valid records”: the button is one pattern per count through ngettext, so the
    catalogue can say “1 valid record”. A stand-in catalogue shows which form each count asked for."""
    import gettext

    from jiaomei_desktop import i18n

    class Plurals(gettext.NullTranslations):
        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return ("one:" if n == 1 else "many:") + msgid1

    monkeypatch.setattr(i18n, "_translations", Plurals())
    for dialog in (RosterImportDialog, OrgImportDialog):
        assert dialog._import_text(None, 1).startswith("one:导入 1 "), dialog  # type: ignore[arg-type]
        assert dialog._import_text(None, 3).startswith("many:导入 3 "), dialog  # type: ignore[arg-type]
