"""责任区 and 工作台账 tabs on the known data set: lists per unit, forms that validate as you type, placards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QHeaderView, QLabel, QTableView

from jiaomei_desktop.services import deeds, zones
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.forms import BrandDialog, DeedDialog, ZoneDialog
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.models import Column, RowsModel
from jiaomei_desktop.ui.registers.panel import ReadOnce
from jiaomei_desktop.ui.registers.tables_dialog import Table, TablesDialog
from jiaomei_desktop.ui.registers.zones_tab import ZonesTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def test_rows_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowsModel([Column("甲", lambda r: r[0]), Column("乙", lambda r: r[1], right=True)])
    model.set_rows([("a", 1), ("b", 2)])
    qtmodeltester.check(model)


def test_rows_model_paints_rows_with_their_colours(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    red, pink = QColor("#B3261E"), QColor("#FCE8E6")
    model = RowsModel([Column("甲", lambda r: r[0]), Column("乙", lambda r: r[1])],
                      colours=lambda r: (red, pink) if r[1] == "late" else (None, None))
    model.set_rows([("a", "late"), ("b", "on time")])
    qtmodeltester.check(model)
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == pink
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, 0).data() == "a"  # the texts as without colours
    plain = RowsModel([Column("甲", lambda r: r[0])])
    plain.set_rows([("a", "late")])
    assert plain.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_tables_dialog_shows_the_summary_captions_and_tables(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    columns = [Column("名称", lambda r: r[0]), Column("人数", lambda r: r[1], right=True)]
    dialog = TablesDialog("统计", "合计6人", [
        Table(columns, [("甲", 1)], "按工种", stretch=0),
        Table(columns, [("乙", 2), ("丙", 3)]),
    ])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "统计"
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert labels == ["合计6人", "按工种"]  # no caption for the second table
    assert [m.rowCount() for m in dialog.models] == [1, 2]
    qtmodeltester.check(dialog.models[1])
    first, second = dialog.findChildren(QTableView)
    assert first.horizontalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert second.horizontalHeader().stretchLastSection()


def test_read_once_reads_a_key_once_until_forgotten() -> None:
    reads: list[tuple[str, int]] = []

    def read(unit: str, year: int) -> list[str]:
        reads.append((unit, year))
        return [f"{unit}{year}"]

    kept = ReadOnce(read)
    assert kept("a", 2025) == ["a2025"] and kept("a", 2025) == ["a2025"]
    assert reads == [("a", 2025)]  # a filter change: the rows kept
    assert kept("a", 2026) == ["a2026"]  # another key: read
    kept.forget()  # a save or a sync: read again, even for the same key
    assert kept("a", 2026) == ["a2026"]
    assert reads == [("a", 2025), ("a", 2026), ("a", 2026)]


def test_ledger_tab_lists_per_unit_and_year(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    tab.deeds.year_combo.setCurrentIndex(tab.deeds.year_combo.findData(2025))
    assert tab.deeds.model.rowCount() == 4  # 3 done + 1 planned
    assert "已办结3件" in tab.deeds.summary_label.text() and "17,345.67" in tab.deeds.summary_label.text()
    tab.set_unit(k.b2)
    assert tab.deeds.model.rowCount() == 1
    tab.brands.year_combo.setCurrentIndex(0)  # all years
    tab.set_unit(k.root)
    assert tab.brands.model.rowCount() == 3
    assert tab.innovation.stack.currentIndex() == 1  # this year (2026) has none: the empty state shows
    tab.innovation.year_combo.setCurrentIndex(tab.innovation.year_combo.findData(2025))
    assert tab.innovation.model.rowCount() == 8


def test_ledger_on_screen_reads_only_the_register_shown(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """工作台账 holds eight registers; its first showing read all eight on the GUI thread. In a window on screen a
    register hidden behind its sub-tab takes the unit when it is shown."""
    from jiaomei_desktop.services import brands

    ctx, k = known_ctx
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    read: list[str] = []
    for module, name in ((deeds, "list_deeds"), (brands, "list_brands")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name: read.append(name) or real(*a))
    tab.set_unit(k.root)
    assert read == ["list_deeds"] and tab.deeds.unit_id == k.root
    tab.tabs.setCurrentWidget(tab.brands)
    assert read == ["list_deeds", "list_brands"] and tab.brands.unit_id == k.root
    tab.brands.year_combo.setCurrentIndex(0)  # all years
    assert tab.brands.model.rowCount() == 3
    tab.tabs.setCurrentWidget(tab.deeds)
    assert read.count("list_deeds") == 1  # shown again with the same unit: not read again


def test_deed_form_validates_as_you_type(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = DeedDialog(ctx.store, unit_choices(ctx.store, k.root), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # no item yet
    assert dialog.validate()["item"] == "请填写实事内容"
    dialog.item.setText("慰问井下一线职工")
    dialog.money.setText("abc")
    assert "不是有效的金额" in dialog.validate()["amount_fen"]
    dialog.money.setText("1.5万")
    dialog.people.setValue(30)
    assert dialog.validate() == {}
    assert save.isEnabled()
    dialog.save()
    saved = deeds.get_deed(ctx.store, dialog.saved_id)
    assert saved.amount_fen == 1_500_000 and saved.person_times == 30 and saved.unit_id == k.b1


def test_brand_form_refuses_a_non_branch(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = BrandDialog(ctx.store, [(k.root, "测试矿党委")], None, k.root, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("“红旗”")
    assert "党建品牌登记在党支部上" in dialog.validate()["unit_id"]


def test_zone_form_and_placard_preview(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = ZoneDialog(ctx.store, zones.get_zone(ctx.store, zones.zones_for_person(ctx.store, k.people["A"])[0].id))
    qtbot.addWidget(dialog)
    assert dialog.validate() == {}
    dialog.zone.setText("")
    assert dialog.validate()["zone_name"] == "请填写责任区名称"

    tab = ZonesTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    assert tab.panel.model.rowCount() == 0  # read on a worker thread
    tab.wait_idle()
    assert tab.panel.model.rowCount() == 2  # in force today: A's and F's
    tab.panel.year_combo.setCurrentIndex(0)
    tab.wait_idle()
    assert tab.panel.model.rowCount() == 3
    tab.search.setText("wjg")
    tab.panel.refresh()
    tab.wait_idle()
    assert [r.person_name for r in tab.panel.model.rows()] == ["王建国"]
    tab.panel.table.selectRow(0)
    tab.print_current()
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=15000)
    assert tab.last_pdf.startswith(b"%PDF")


def test_zones_tab_filters_in_memory_and_reads_again_after_a_change(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A unit's zones are read once and filtered in memory; a change notice, a deletion or another unit reads them
    again, so no filter shows a zone as it was."""
    ctx, k = known_ctx
    tab = ZonesTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    reads: list[str | None] = []
    read = zones.unit_zones
    monkeypatch.setattr(zones, "unit_zones", lambda store, unit=None, person=None: reads.append(unit) or read(store, unit))
    tab.set_unit(k.root)
    tab.wait_idle()
    tab.panel.year_combo.setCurrentIndex(0)
    tab.wait_idle()
    assert tab.panel.model.rowCount() == 3
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(zones.ZoneKind.EQUIPMENT.value))
    assert tab.panel.model.rowCount() == 0 and reads == [k.root]  # filtered at once, not read again
    tab.kind_filter.setCurrentIndex(0)
    tab.search.setText("机房")
    tab.panel.refresh()
    tab.wait_idle()
    assert [r.zone_name for r in tab.panel.model.rows()] == ["机房责任区"] and reads == [k.root]

    zones.save_zone(ctx.store, zones.ZoneData(k.people["G"], "机房二号责任区"))  # saved elsewhere, announced
    ctx.data_changed.changed.emit("registers")
    tab.panel.refresh()
    tab.wait_idle()
    assert [r.zone_name for r in tab.panel.model.rows()] == ["机房责任区", "机房二号责任区"]
    assert reads == [k.root, k.root]

    tab.panel.table.selectRow(1)
    monkeypatch.setattr("jiaomei_desktop.ui.registers.panel.QMessageBox.question",
                        lambda *_a: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.Yes)
    tab.panel.delete_current()
    tab.wait_idle()
    assert [r.zone_name for r in tab.panel.model.rows()] == ["机房责任区"] and len(reads) == 3

    tab.set_unit(k.b1)
    tab.wait_idle()
    assert tab.panel.model.rowCount() == 0 and reads[-1] == k.b1  # 机房 is b2's

    tab.search.clear()
    tab.set_unit(k.root)  # a read under way: what it shows is not overwritten by a filter shown before it ends
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(zones.ZoneKind.SAFETY.value))
    tab.wait_idle()
    assert len(reads) == 5 and tab.panel.model.rowCount() == 3
    tab.set_unit(k.b1)  # b1's zones are read again, then root's are asked for while that read runs
    tab.set_unit(k.root)
    tab.wait_idle()
    assert reads[-1] == k.root and tab.panel.model.rowCount() == 3
