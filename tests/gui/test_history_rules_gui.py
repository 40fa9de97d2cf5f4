"""The 修改记录 dialog shows a refused put-back's reason (a 转正 recorded since) and leaves the record and the list as
they were; the dialog fits 1366×768 in Chinese and English (JIAOMEI_SCREENSHOTS=dir saves what it looks like)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from jiaomei_desktop import i18n
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.services import roster
from jiaomei_desktop.ui.history_dialog import HistoryDialog
from jiaomei_desktop.ui.theme import register_fonts
from tests.gui.registers_fixtures import known_context
from tests.gui.test_screen_fit import on_screen, problems
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _made_full_member(ctx, person_id: str) -> None:  # type: ignore[no-untyped-def]
    person = roster.get_person(ctx.store, person_id)
    roster.save_person(ctx.store, person.with_changes(political_status=PoliticalStatus.FULL_MEMBER,
                                                      full_member_date=person.join_date.replace(year=2026)),
                       today=TODAY)


def test_the_dialog_shows_why_a_put_back_is_refused(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    person_id = k.people["C"]  # 预备党员 since 2025-07-01
    _made_full_member(ctx, person_id)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *_a: shown.append((title, text)))
    announced: list[str] = []
    ctx.data_changed.changed.connect(announced.append)
    dialog = HistoryDialog(ctx, "person", person_id, "张丽")
    qtbot.addWidget(dialog)
    dialog.changes.setCurrentItem(dialog.changes.topLevelItem(1))  # the state before the 转正
    assert dialog.restore_button.isEnabled()
    entries = dialog.changes.topLevelItemCount()
    assert not dialog.restore_to(dialog.current_entry().id)  # type: ignore[union-attr]
    assert len(shown) == 1 and shown[0][0] == "无法恢复"
    assert shown[0][1].startswith("无法恢复：此后已转正（2026-07-01）")
    assert not dialog.restored and not announced and dialog.changes.topLevelItemCount() == entries
    assert roster.get_person(ctx.store, person_id).political_status is PoliticalStatus.FULL_MEMBER


def test_the_dialog_keeps_its_look(qtbot, known_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _made_full_member(ctx, k.people["C"])
    size = QSize(1366, 768)
    on_screen(monkeypatch, size)
    target = os.environ.get("JIAOMEI_SCREENSHOTS")
    font = QFont(register_fonts()) if target else None  # the picture shows Chinese, not boxes
    found = []
    try:
        for language in ("zh_CN", "en"):
            i18n.install(language)
            dialog = HistoryDialog(ctx, "person", k.people["C"], "张丽")
            qtbot.addWidget(dialog)
            if font is not None:
                dialog.setFont(font)
            dialog.show()
            dialog.changes.setCurrentItem(dialog.changes.topLevelItem(1))
            QApplication.processEvents()
            found += [f"{language}: {p}" for p in problems(dialog, size)]
            if target:
                dialog.grab().save(str(Path(target) / f"history_dialog_{language}.png"))
                box = QMessageBox(QMessageBox.Icon.Warning, i18n._("无法恢复"), _refusal(dialog), parent=dialog)
                box.setFont(dialog.font())
                box.show()
                QApplication.processEvents()
                box.grab().save(str(Path(target) / f"history_refusal_{language}.png"))
                box.close()
            dialog.close()
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
    assert not found, "\n".join(found)


def _refusal(dialog: HistoryDialog) -> str:
    from jiaomei_desktop.services import history
    from jiaomei_desktop.services.errors import ServiceError

    try:
        history.restore(dialog._store, "person", dialog._record, dialog.current_entry().id)  # type: ignore[union-attr]
    except ServiceError as exc:
        return str(exc)
    raise AssertionError("the put-back was not refused")
