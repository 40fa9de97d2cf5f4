"""Fixed choices are stored in Chinese and shown in the UI language (issue 15: 性别, 政治面貌, 在册 and ledger states
stayed Chinese in English)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QTableWidget

from jiaomei_desktop import i18n


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    i18n.install("en")
    yield
    i18n.install(i18n.DEFAULT_LANGUAGE)


def test_the_person_form_shows_fixed_choices_in_english_and_keeps_the_stored_value(qtbot, ctx, english) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
    from tests.conftest import unit_id

    form = PersonFormDialog(ctx, None, default_branch_id=unit_id(ctx.store, "T-01"))
    qtbot.addWidget(form)
    gender, status = form._fields["gender"], form._fields["political_status"]
    shown = {gender.itemText(i) for i in range(gender.count())} | {status.itemText(i) for i in range(status.count())}
    assert "Male" in shown and "男" not in shown and "正式党员" not in shown
    gender.setCurrentIndex(gender.findData("女"))
    data, _errors = form.person_data()
    assert data.gender is not None and data.gender.value == "女"  # stored as the Chinese term, as before
    assert form._state_label.text() == i18n._("在册") != "在册"


def test_ledger_and_zone_columns_show_stored_terms_in_english(english) -> None:
    from jiaomei_desktop.ui.registers.ledger_tab import DEED_COLUMNS
    from jiaomei_desktop.ui.registers.zones_tab import ZONE_COLUMNS

    state = next(c for c in DEED_COLUMNS if c.header == "状态")
    assert state.value(SimpleNamespace(state="已办结")) == i18n._("已办结") != "已办结"
    kind = next(c for c in ZONE_COLUMNS if c.header == "类别")
    assert kind.value(SimpleNamespace(kind="安全生产")) == i18n._("安全生产") != "安全生产"


def test_a_mentor_choice_names_the_status_in_english(english) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.mentor.query import PersonChoice

    choice = PersonChoice("p1", "王建国", "综采一队党支部", "正式党员", "", "采煤机司机", 1)
    # the English pattern's own brackets round the details (the f-string put Chinese ones round English words)
    assert choice.label() == f"王建国 (综采一队党支部 · 采煤机司机 · {i18n._('正式党员')})"
    assert "正式党员" not in choice.label()


def test_honour_categories_are_listed_in_english_and_stored_in_chinese(qtbot, store, english) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
    from jiaomei_desktop.ui.gallery.honor_dialog import HonorDialog

    dialog = HonorDialog(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(dialog)
    index = dialog.category.findData("优秀共产党员")
    assert index >= 0 and dialog.category.itemText(index) == i18n._("优秀共产党员") != "优秀共产党员"
    dialog.category.setCurrentIndex(index)
    assert dialog.data()[0].category == "优秀共产党员"
    dialog.category.setEditText("安全标兵")  # a category of this office's own
    assert dialog.data()[0].category == "安全标兵"


def test_membership_history_names_states_in_english(qtbot, ctx, english) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from jiaomei_desktop.domain.enums import MembershipState
    from jiaomei_desktop.services import membership, roster
    from jiaomei_desktop.ui.roster.membership_dialog import MembershipDialog
    from tests.conftest import unit_id
    from tests.core.test_roster import person

    person_id = roster.save_person(ctx.store, person(unit_id(ctx.store, "T-01"), "王建国", 1))
    membership.change_membership(ctx.store, membership.ChangeRequest(
        person_id, MembershipState.TRANSFERRED_OUT, date(2026, 5, 1), to_unit_name="外单位党支部"), date(2026, 6, 1))
    dialog = MembershipDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    change = table.item(0, 1).text()
    assert "在册" not in change and i18n._("在册") in change
