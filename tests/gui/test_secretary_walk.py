"""What a new secretary trips over (issue 15): a new member is filed under a branch, never straight under a 党委."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services import org
from jiaomei_desktop.ui.roster.person_form import PersonFormDialog
from jiaomei_desktop.ui.roster.tab import RosterTab
from tests.conftest import unit_id


def test_a_new_member_defaults_to_a_branch_never_to_a_committee(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    store = ctx.store
    committee, branch = unit_id(store, "T"), unit_id(store, "T-01")
    general = org.add_unit(store, committee, "T-09", "机关党总支", UnitKind.GENERAL_BRANCH)
    only = org.add_unit(store, general.id, "T-09-01", "机关第一党支部", UnitKind.BRANCH)
    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.set_unit(committee)  # the tree selects the 党委 at start-up
    assert tab._default_branch() is None  # three branches below: the secretary chooses
    form = PersonFormDialog(ctx, None, default_branch_id=tab._default_branch())
    qtbot.addWidget(form)
    assert form._fields["branch_id"].currentIndex() == -1
    assert form._fields["branch_id"].placeholderText() == "请选择所在支部"
    assert "branch_id" in form.errors()
    tab.set_unit(general.id)
    assert tab._default_branch() == only.id  # a 党总支 with one branch: that branch
    tab.set_unit(branch)
    assert tab._default_branch() == branch
    form = PersonFormDialog(ctx, None, default_branch_id=branch)
    qtbot.addWidget(form)
    assert form._fields["branch_id"].currentData() == branch
    assert "branch_id" not in form.errors()


def test_the_form_takes_a_month_like_the_import_and_shows_the_day_it_assumed(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    form = PersonFormDialog(ctx, None, default_branch_id=unit_id(ctx.store, "T-01"))
    qtbot.addWidget(form)
    join = form._fields["join_date"]
    join.setText("2005.07")
    assert "join_date" not in form.errors()
    assert join.parsed() == (date(2005, 7, 1), None)
    join.editingFinished.emit()
    assert join.text() == "2005-07-01" and join.toolTip() == "未写日，按 2005-07-01 记录"
    join.setText("2005.13")
    assert "join_date" in form.errors()


def test_a_meeting_date_still_needs_its_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.widgets import DateLineEdit

    edit = DateLineEdit()
    qtbot.addWidget(edit)
    edit.setText("2026.06")
    value, error = edit.parsed()
    assert value is None and error is not None and "完整日期" in error


def test_the_upward_export_dialog_has_no_stray_recipient_box(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.sync.dialogs import ExportDialog

    up = ExportDialog(tmp_path / "x.jmb", "导出上报数据包", None)
    qtbot.addWidget(up)
    up.show()
    assert not up.recipient.isVisibleTo(up)  # it used to sit over "保存到：" at the corner
    down = ExportDialog(tmp_path / "x.jmb", "生成下发数据包", [("u1", "综采一队党支部")])
    qtbot.addWidget(down)
    down.show()
    assert down.recipient.isVisibleTo(down) and down.recipient.count() == 2
    assert down.recipient.currentData() is None  # 全部下级单位 stays the first choice


def test_first_run_fields_keep_their_height_when_a_message_appears(qtbot) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog._fields["name"]
    before = (name.height(), dialog.sizeHint().height())
    dialog._accept_unit()  # both fields empty: 请填写此项 under each
    qtbot.waitUntil(lambda: name.error.isVisible())
    assert (name.height(), dialog.sizeHint().height()) == before
