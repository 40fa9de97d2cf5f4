"""The 创新工作室 section of 工作台账: the model passes the model tester, filters work in memory, the form validates as
you type (no leader, a founding date in the future, closing without a reason) and writes through the service, the
leader's honour is offered from the gallery, the innovation form links a result to a studio, Excel export, 修改记录;
the section and its form fit 1366×768 (PNGs with JIAOMEI_SCREENSHOTS=DIR)."""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog

from jiaomei_desktop import i18n
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import innovation
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.forms import InnovationDialog
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.studios import StudioDialog, StudiosPanel
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _seed(store, k) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    a = st.save_studio(
        store,
        st.StudioData(
            "陈静劳模创新工作室",
            StudioKind.MODEL_WORKER.value,
            StudioLevel.PROVINCIAL.value,
            k.b2,
            date(2021, 5, 1),
            members=(k.people["F"], k.people["G"], k.people["H"]),
            leader_id=k.people["F"],
            alliance="河南省劳模创新工作室联盟",
            alliance_joined_on=date(2023, 6, 1),
        ),
        TODAY,
    )
    b = st.save_studio(
        store,
        st.StudioData(
            "王建国职工创新工作室",
            StudioKind.WORKER.value,
            StudioLevel.MINE.value,
            k.b1,
            date(2019, 3, 1),
            members=(k.people["A"], k.people["B"]),
            leader_id=k.people["A"],
            closed_on=date(2024, 12, 31),
            close_reason="并入综采一队",
        ),
        TODAY,
    )
    innovation.save_item(
        store,
        innovation.InnovationData(InnovationKind.UTILITY_PATENT.value, "一种锚杆快速安装装置", k.b2, 2025, studio_id=a),
        TODAY,
    )
    return a, b


def _panel(qtbot, ctx, k) -> StudiosPanel:  # type: ignore[no-untyped-def]
    runs: list[QDialog] = []
    panel = StudiosPanel(ctx, [2026, 2025, 2024], lambda d, _row: runs.append(d) or False, None, TODAY)
    qtbot.addWidget(panel)
    panel.year_combo.setCurrentIndex(0)  # every year
    panel.set_unit(k.root)
    return panel


def test_panel_lists_filters_exports_and_shows_history(qtbot, qtmodeltester, known_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    panel = _panel(qtbot, ctx, k)
    qtmodeltester.check(panel.model)
    assert [r.name for r in panel.model.rows()] == ["王建国职工创新工作室", "陈静劳模创新工作室"]
    row = next(i for i, r in enumerate(panel.model.rows()) if r.name == "陈静劳模创新工作室")
    assert [panel.model.index(row, c).data() for c in (1, 2, 4, 5, 8, 10, 11)] == [
        "劳模创新工作室",
        "省级",
        "陈静",
        "3",
        "1",
        "运行中",
        "河南省劳模创新工作室联盟",
    ]
    assert panel.summary_label.text().startswith("工作室2个（运行中1个），成员5名，加入联盟1个；项目与成果0项、专利1项")
    panel.year_combo.setCurrentIndex(panel.year_combo.findData(2025))  # the closed one did not work in 2025
    assert [r.name for r in panel.model.rows()] == ["陈静劳模创新工作室"]
    panel.year_combo.setCurrentIndex(0)
    panel.level_filter.setCurrentIndex(panel.level_filter.findData(StudioLevel.MINE.value))
    assert [r.name for r in panel.model.rows()] == ["王建国职工创新工作室"]
    panel.level_filter.setCurrentIndex(0)
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(StudioKind.MODEL_WORKER.value))
    assert len(panel.model.rows()) == 1
    panel.kind_filter.setCurrentIndex(0)
    with qtbot.waitSignal(panel._timer.timeout):  # the search box refreshes the list after a pause
        panel.search.setText("吴刚")  # a member
    assert [r.name for r in panel.model.rows()] == ["陈静劳模创新工作室"]
    assert panel.export(tmp_path / "s.xlsx") == 1
    assert load_workbook(tmp_path / "s.xlsx").active["A2"].value == "陈静劳模创新工作室"
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: len(panel.selected_rows()) == 1)
    assert panel.history_button.isEnabled() and panel.edit_button.isEnabled()
    history = panel.show_history()
    assert history is not None and "陈静劳模创新工作室" in history.windowTitle()
    history.close()


def test_form_validates_as_you_type_and_saves(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = StudioDialog(ctx.store, unit_choices(ctx.store, None), None, k.b2, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("陈静劳模创新工作室")
    assert dialog.validate()["members"] == "请至少添加一名成员（领衔人）"
    assert not dialog.buttons.buttons()[0].isEnabled()
    dialog._search("cj")  # 陈静 by her initials
    assert dialog.finder.count() == 1
    dialog.finder.setCurrentIndex(0)
    dialog.add_found()
    dialog.add_person(k.people["G"], "周杰")
    assert [dialog.members.item(i).text() for i in range(2)] == ["陈静（领衔人）", "周杰"]
    assert dialog.leader_label.text() == "陈静"
    # The leader's honours from the gallery: 陈静 is a 劳动模范 (省部级).
    assert [dialog.honor.itemText(i) for i in range(dialog.honor.count())] == ["（不关联）", "2025 省部级 劳动模范"]
    dialog.honor.setCurrentIndex(1)
    dialog.founded.setDate(dialog.founded.date().addDays(1))  # TODAY + 1
    assert dialog.validate()["founded_on"] == "成立日期不能晚于今天"
    dialog.founded.setDate(dialog.founded.date().addYears(-5))
    dialog.alliance.setEditText("河南省劳模创新工作室联盟")
    assert dialog.joined.isEnabled()
    dialog.joined.setDate(dialog.founded.date().addDays(-1))
    assert dialog.validate()["alliance_joined_on"] == "加入联盟日期不能早于成立日期"
    dialog.joined.setDate(dialog.founded.date().addYears(1))
    dialog.closing.setChecked(True)
    assert dialog.validate()["close_reason"] == "撤销须写明原因"
    dialog.closing.setChecked(False)
    # 周杰 becomes the leader: 陈静's honour is not his, so the link falls back to none.
    dialog.members.setCurrentRow(1)
    dialog.make_lead()
    assert dialog.leader_label.text() == "周杰" and dialog.honor.currentIndex() == 0
    dialog.members.setCurrentRow(1)
    dialog.remove_current()  # removing the leader hands the lead to the first member left
    assert dialog.leader_label.text() == "陈静"
    dialog.honor.setCurrentIndex(1)
    assert dialog.validate() == {}
    dialog.save()
    saved = st.get_studio(ctx.store, dialog.saved_id)
    assert (saved.leader_id, saved.members, saved.alliance) == (
        k.people["F"],
        (k.people["F"],),
        "河南省劳模创新工作室联盟",
    )
    assert saved.leader_honor_id is not None and saved.founded_on == date(2021, 11, 24)
    # Reopened: the form shows what was saved.
    again = StudioDialog(ctx.store, unit_choices(ctx.store, None), saved, None, None, TODAY)
    qtbot.addWidget(again)
    assert again.leader_label.text() == "陈静" and again.honor.currentIndex() == 1 and again.validate() == {}


def test_innovation_form_links_a_result_to_a_studio(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    a, _b = _seed(ctx.store, k)
    dialog = InnovationDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(InnovationKind.UTILITY_PATENT.value))
    dialog.title_edit.setText("一种皮带清扫器")
    dialog.year.setValue(2025)
    dialog.studio.setCurrentIndex(dialog.studio.findData(a))
    assert "不在同一单位体系" in dialog.validate()["studio_id"]  # 综采一队 is not under 掘进二队
    dialog.unit.setCurrentIndex(dialog.unit.findData(k.b2))
    assert dialog.validate() == {}
    dialog.save()
    assert innovation.get_item(ctx.store, dialog.saved_id).studio_id == a


def test_ledger_section_at_1366x768(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui import geometry
    from tests.gui.test_screen_fit import on_screen, problems

    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366 - 260, 768 - 120)  # beside the unit tree, under the menu, tab bar and status line
    tab.set_unit(k.root)
    tab.tabs.setCurrentWidget(tab.studios)
    tab.show()
    qtbot.waitExposed(tab)
    p = tab.studios
    p.year_combo.setCurrentIndex(0)
    assert tab.tabs.tabText(tab.tabs.indexOf(p)) == "创新工作室"
    assert tab.panels()[tab.tabs.currentIndex()] is p  # 新建 (Ctrl+N) goes to the section shown
    buttons = [p.new_button, p.edit_button, p.delete_button, p.history_button, p.export_button]
    shown = [b for b in buttons if b.isVisible()]
    assert all(b.mapTo(tab, b.rect().topRight()).x() < tab.width() for b in shown)
    assert p.table.isVisible() and p.table.height() > 300 and p.model.rowCount() == 2
    found = []
    saved = st.get_studio(ctx.store, st.list_studios(ctx.store, k.root)[1].id)
    try:
        for language, size in itertools.product(("zh_CN", "en"), (QSize(1366, 768), QSize(1280, 720))):
            i18n.install(language)
            on_screen(monkeypatch, size)
            for existing in (None, saved):
                dialog = StudioDialog(ctx.store, unit_choices(ctx.store, None), existing, k.b1, None, TODAY)
                qtbot.addWidget(dialog)
                dialog.show()
                QApplication.processEvents()
                found += [f"{language}: {p}" for p in problems(dialog, size)]
                target = os.environ.get("JIAOMEI_SCREENSHOTS")
                if target and existing is not None and size.width() == 1366:
                    dialog.grab().save(str(Path(target) / f"studio_dialog_{language}.png"))
                dialog.done(0)
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
    assert not found, "\n".join(found)
    assert geometry.room().height() <= 720
    target = os.environ.get("JIAOMEI_SCREENSHOTS")
    if target:
        tab.grab().save(str(Path(target) / "studios_section.png"))


def test_another_offices_studio_is_read_only(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.office import OFFICE_UNIT_KEY

    ctx, k = known_ctx
    _seed(ctx.store, k)
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b2)  # this PC is now 掘进二队's; the studios were the 党委's
    panel = _panel(qtbot, ctx, k)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: len(panel.selected_rows()) == 1)
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    assert "只读" in panel.owner_marker.text()
    assert panel.history_button.isEnabled()  # the history of a record kept elsewhere can still be read
