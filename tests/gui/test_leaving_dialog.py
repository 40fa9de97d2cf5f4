"""The 党籍变动 dialog lists what a leaving member still holds (services.leaving) and writes the ticked lines with the
change, or nothing at all."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jiaomei_desktop import i18n
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.services import posts, roster, zones
from jiaomei_desktop.ui.context import AppContext
from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
from tests.conftest import unit_id
from tests.core.test_roster import person
from tests.gui.test_screen_fit import SCREENS, on_screen, problems

DAY = date(2026, 1, 5)


@pytest.fixture
def holder(ctx: AppContext) -> tuple[str, str]:
    """A member with a 责任区 from 2025 and alone on a 示范岗: (person, post)."""
    b1 = unit_id(ctx.store, "T-01")
    pid = roster.save_person(ctx.store, person(b1, "王建国", 1))
    zones.save_zone(ctx.store, zones.ZoneData(pid, "8101工作面安全责任区", start_date=date(2025, 1, 1)))
    post = posts.save_post(ctx.store, posts.PostData(PostKind.MODEL.value, "综采机组党员示范岗", b1, date(2025, 3, 1), (
        posts.PostMemberData("", pid, PostRole.LEAD.value),)))
    return pid, post


def _open(qtbot, ctx: AppContext, pid: str) -> MembershipDialog:  # type: ignore[no-untyped-def]
    dialog = MembershipDialog(ctx, pid)
    qtbot.addWidget(dialog)
    dialog._date.setText(DAY.isoformat())
    dialog._state.setCurrentIndex(dialog._state.findData(MembershipState.DECEASED))
    dialog._reason.setText("因病")
    return dialog


def _rows(dialog: MembershipDialog) -> dict[str, int]:
    table = dialog._holdings
    return {table.item(r, 0).text(): r for r in range(table.rowCount())}


def test_the_lines_are_listed_ticked_and_applied_with_the_change(qtbot, ctx, holder) -> None:  # type: ignore[no-untyped-def]
    pid, post = holder
    dialog = _open(qtbot, ctx, pid)
    rows = _rows(dialog)
    assert set(rows) == {"党员责任区", "亮明身份岗位", "岗位摘牌"}
    table = dialog._holdings
    assert all(table.item(r, 0).checkState() == Qt.CheckState.Checked for r in rows.values())
    assert table.item(rows["党员责任区"], 2).text() == "于2026-01-04结束（变动前一天）"
    assert table.item(rows["岗位摘牌"], 3).text() == "王建国去世，岗位暂无人员"
    table.item(rows["岗位摘牌"], 3).setText("岗长病故，待重新选配")
    dialog._apply()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert roster.get_person(ctx.store, pid).membership_state is MembershipState.DECEASED
    (zone,) = zones.list_zones(ctx.store, zones.ZoneQuery(person_id=pid))
    assert zone.end_date == date(2026, 1, 4)
    data = posts.get_post(ctx.store, post)
    assert (data.delisted_on, data.delist_reason, data.members) == (DAY, "岗长病故，待重新选配", ())


def test_an_unticked_line_is_left_and_a_bad_reason_writes_nothing(qtbot, ctx, holder) -> None:  # type: ignore[no-untyped-def]
    pid, post = holder
    dialog = _open(qtbot, ctx, pid)
    rows = _rows(dialog)
    table = dialog._holdings
    table.item(rows["岗位摘牌"], 3).setText("")
    dialog._apply()
    assert "摘牌的原因" in dialog._wrapped["holdings"].error.text()
    assert roster.get_person(ctx.store, pid).membership_state is MembershipState.ACTIVE
    assert zones.list_zones(ctx.store, zones.ZoneQuery(person_id=pid))[0].end_date is None
    table.item(rows["岗位摘牌"], 0).setCheckState(Qt.CheckState.Unchecked)  # keep it hung to add someone
    dialog._date.setText("2026-01-06")
    # the day is re-read: the user's ticks stay
    assert table.item(_rows(dialog)["岗位摘牌"], 0).checkState() == Qt.CheckState.Unchecked
    dialog._apply()
    assert dialog.result() == dialog.DialogCode.Accepted
    data = posts.get_post(ctx.store, post)
    assert data.delisted_on is None and data.members == ()


def test_restoring_to_the_roll_lists_nothing(qtbot, ctx, holder) -> None:  # type: ignore[no-untyped-def]
    pid, _post = holder
    dialog = _open(qtbot, ctx, pid)
    dialog._state.setCurrentIndex(dialog._state.findData(MembershipState.TRANSFERRED_OUT))
    dialog._outside.setChecked(True)
    assert dialog._holdings.rowCount() == 3
    dialog._reason.setText("")
    dialog._outside_name.setText("某市机关党委")
    dialog._apply()
    assert roster.get_person(ctx.store, pid).membership_state is MembershipState.TRANSFERRED_OUT
    back = MembershipDialog(ctx, pid)
    qtbot.addWidget(back)
    assert back._holdings.rowCount() == 0 and back._wrapped["holdings"].isHidden()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_dialog_with_its_lines_fits_an_office_screen(qtbot, ctx, holder, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    pid, _post = holder
    i18n.install(language)
    try:
        found = []
        for screen in SCREENS:
            on_screen(monkeypatch, screen)
            dialog = _open(qtbot, ctx, pid)
            dialog.show()
            QApplication.processEvents()
            assert dialog._holdings.isVisible() and dialog._holdings.rowCount() == 3
            found += problems(dialog, screen)
            dialog.done(0)
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
    assert not found, "\n".join(found)
