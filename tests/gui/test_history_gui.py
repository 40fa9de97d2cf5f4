"""修改记录 in every register panel (issue 19): the button is on for exactly one selected row, also another office's,
and opens the record's history with readable labels; put back from the dialog, the panel shows the earlier state;
another office's record is read there but not put back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTreeWidget

from jiaomei_desktop.services import posts
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY
from jiaomei_desktop.ui.history_dialog import HistoryDialog
from jiaomei_desktop.ui.registers.inspections import TeamsDialog
from jiaomei_desktop.ui.registers.ledger_tab import LedgerTab
from jiaomei_desktop.ui.registers.panel import RegisterPanel
from jiaomei_desktop.ui.registers.posts_tab import PostsTab
from jiaomei_desktop.ui.registers.zones_tab import ZonesTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY
from tests.registers.test_history import CASES, Case, _team

# register table -> (the panel showing it, the row's id attribute)
PANELS: dict[str, tuple[Callable[[Any], RegisterPanel], str]] = {
    "identity_post": (lambda tabs: tabs["posts"].panel, "id"),
    "responsibility_zone": (lambda tabs: tabs["zones"].panel, "id"),
    "worker_deed": (lambda tabs: tabs["ledger"].deeds, "id"),
    "branch_brand": (lambda tabs: tabs["ledger"].brands, "id"),
    "innovation_item": (lambda tabs: tabs["ledger"].innovation, "id"),
    "innovation_studio": (lambda tabs: tabs["ledger"].studios, "id"),
    "supervision_task": (lambda tabs: tabs["ledger"].supervision, "id"),
    "inspection": (lambda tabs: tabs["ledger"].inspections, "id"),
    "contest_event": (lambda tabs: tabs["ledger"].contests, "id"),
    "standard_assessment": (lambda tabs: tabs["ledger"].standards, "assessment_id"),
}


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _tabs(qtbot, ctx, k) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    tabs = {"ledger": LedgerTab(ctx, None, today=TODAY), "posts": PostsTab(ctx, None, today=TODAY),
            "zones": ZonesTab(ctx, None, today=TODAY)}
    for tab in tabs.values():
        qtbot.addWidget(tab)
        tab.set_unit(k.root)
    return tabs


def _select(qtbot, panel: RegisterPanel, attr: str, record_id: str) -> None:  # type: ignore[no-untyped-def]
    if attr == "assessment_id":
        panel.year_combo.setCurrentIndex(panel.year_combo.findData(2025))  # the self-assessment is of 2025
    panel.wait_idle()
    rows = panel.model.rows()
    index = next(i for i, r in enumerate(rows) if getattr(r, attr) == record_id)
    panel.table.selectRow(index)
    qtbot.waitUntil(lambda: len(panel.selected_rows()) == 1)


def _open(panel: RegisterPanel) -> HistoryDialog:
    dialog = panel.show_history()
    assert isinstance(dialog, HistoryDialog)
    return dialog


def _labels(dialog: HistoryDialog) -> list[str]:
    tree: QTreeWidget = dialog.details
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


@pytest.mark.parametrize("case", [c for c in CASES if c.table in PANELS], ids=lambda c: c.table)
def test_button_opens_the_history_and_puts_back(qtbot, known_ctx, case: Case) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    record_id = case.make(ctx.store, k)
    created = case.get(ctx.store, record_id)
    case.save(ctx.store, replace(created, **{case.field: case.value}))
    tabs = _tabs(qtbot, ctx, k)
    get_panel, attr = PANELS[case.table]
    panel = get_panel(tabs)
    assert panel.history_button is not None and not panel.history_button.isEnabled()  # nothing selected
    _select(qtbot, panel, attr, record_id)
    assert panel.history_button.isEnabled()
    dialog = _open(panel)
    qtbot.addWidget(dialog)
    assert dialog.changes.topLevelItemCount() == 2 and dialog.changes.topLevelItem(0).text(1) == "修改"
    assert all(not label.isascii() for label in _labels(dialog))  # every changed field has a Chinese label
    dialog.changes.setCurrentItem(dialog.changes.topLevelItem(1))
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(panel.history_restored):
        assert dialog.restore_to(dialog.current_entry().id)  # type: ignore[union-attr]
    assert case.get(ctx.store, record_id) == created
    panel.wait_idle()
    dialog.close()


def test_another_offices_record_opens_read_only(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    case = CASES[0]
    post_id = case.make(ctx.store, k)
    posts.save_post(ctx.store, replace(posts.get_post(ctx.store, post_id), name="掘进机司机岗"))
    ctx.store.set_setting(OFFICE_UNIT_KEY, k.b3)  # this PC is now 机关党支部's; the post is the 党委's
    tab = PostsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    _select(qtbot, tab.panel, "id", post_id)
    assert not tab.panel.edit_button.isEnabled() and tab.panel.history_button.isEnabled()
    dialog = _open(tab.panel)
    qtbot.addWidget(dialog)
    dialog.changes.setCurrentItem(dialog.changes.topLevelItem(1))
    assert not dialog.restore_button.isEnabled() and "本机只读" in dialog.restore_button.toolTip()
    assert _labels(dialog) == ["成员"]  # the insert: the post's people, as one line
    assert dialog.details.topLevelItem(0).text(2) == "王建国（负责人）、李明"
    dialog.close()


def test_team_list_and_acceptance_have_their_history(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    team_id = _team(ctx.store, k)
    dialog = TeamsDialog(ctx.store, k.root, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(next(i for i, r in enumerate(dialog.model.rows()) if r.id == team_id))
    history = dialog.show_history()
    assert isinstance(history, HistoryDialog) and "党委第一督导组" in history.windowTitle()
    history.close()

    acceptance = next(c for c in CASES if c.table == "standard_acceptance")
    acceptance_id = acceptance.make(ctx.store, k)
    accepted = acceptance.get(ctx.store, acceptance_id)
    acceptance.save(ctx.store, replace(accepted, **{acceptance.field: acceptance.value}))
    tab = LedgerTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    panel = tab.standards
    _select(qtbot, panel, "assessment_id", accepted.assessment_id)
    shown = panel.show_history(acceptance=True)
    assert isinstance(shown, HistoryDialog) and shown.changes.topLevelItemCount() == 2
    assert _labels(shown) == ["验收人"]
    shown.close()


def test_every_logged_field_of_a_register_has_a_chinese_label() -> None:
    from sqlalchemy import inspect

    from jiaomei_desktop.db.models.history import LINKED_ROWS, UNLOGGED_COLUMNS
    from jiaomei_desktop.services import history
    from jiaomei_desktop.ui.history_dialog import HIDDEN_FIELDS, field_label

    for table in history.REGISTERS:
        columns = {a.key for a in inspect(history.MODELS[table]).column_attrs} - UNLOGGED_COLUMNS - HIDDEN_FIELDS
        linked = {c for spec in LINKED_ROWS.values() if spec.parent_table == table for c in spec.columns}
        fields = columns | set(history.CHILD_FIELDS.get(table, {})) | linked
        unlabelled = sorted(f for f in fields if field_label(table, f).isascii())
        assert not unlabelled, f"{table}: {unlabelled}"


def test_an_inspections_history_shows_the_deadline_its_form_changed(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import inspections
    from tests.registers.test_history_rectify import _rectified

    ctx, k = known_ctx
    record_id = _rectified(ctx.store, k)
    data = inspections.get_inspection(ctx.store, record_id)
    inspections.save_inspection(ctx.store, replace(data, deadline=data.deadline.replace(day=19)), today=TODAY)
    panel = _tabs(qtbot, ctx, k)["ledger"].inspections
    _select(qtbot, panel, "id", record_id)
    dialog = _open(panel)
    qtbot.addWidget(dialog)
    assert _labels(dialog) == ["整改期限"]
    line = dialog.details.topLevelItem(0)
    assert (line.text(1), line.text(2)) == ("2026-11-17", "2026-11-19")
    dialog.close()
