"""The 亮明身份 tab: the posts and wearers models pass the model tester, filters work in memory, the figures line,
the form validates as you type (a post with no member, a non-member on a 示范岗, 摘牌 without a reason) and writes
through the service, the placard previews, Excel exports; and the tab as a PNG at 1366×768."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from jiaomei_desktop.domain.posts import PostKind, PostRole
from jiaomei_desktop.services import posts as ps
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.posts_tab import PostDialog, PostsTab
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def _seed(store, k) -> None:  # type: ignore[no-untyped-def]
    def m(key: str, role: str = PostRole.MEMBER.value) -> ps.PostMemberData:
        return ps.PostMemberData("", k.people[key], role)

    base = dict(listed_on=date(2026, 3, 1), duties="严格执行操作规程", pledge="安全生产我带头")
    ps.save_post(
        store,
        ps.PostData(
            PostKind.MODEL.value,
            "采煤机司机岗",
            k.b1,
            members=(m("A", "负责人"), m("B")),
            place="8101综采工作面",
            **base,
        ),
    )
    ps.save_post(
        store,
        ps.PostData(
            PostKind.COMMANDO.value,
            "掘进二队抢险突击队",
            k.b2,
            members=(m("F", "负责人"), m("H"), ps.PostMemberData("赵外协")),
            **base,
        ),
    )
    ps.save_post(
        store,
        ps.PostData(
            PostKind.VANGUARD.value,
            "皮带集控岗",
            k.b2,
            members=(m("G"),),
            delisted_on=date(2026, 6, 1),
            delist_reason="岗位调整",
            **base,
        ),
    )


def test_tab_lists_filters_figures_prints_and_exports(qtbot, qtmodeltester, known_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = PostsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.set_unit(k.root)
    tab.wait_idle()  # the unit's posts are read on a worker thread
    qtmodeltester.check(tab.panel.model)
    assert tab.wearer_model.rowCount() == 0  # built when its page is shown
    tab.pages.setCurrentIndex(1)
    qtmodeltester.check(tab.wearer_model)
    assert tab.panel.model.rowCount() == 2  # hung today; 皮带集控岗 was taken down
    tab.panel.year_combo.setCurrentIndex(0)
    tab.wait_idle()
    assert tab.panel.model.rowCount() == 3
    down = next(i for i, r in enumerate(tab.panel.model.rows()) if r.name == "皮带集控岗")  # units in tree order
    assert [tab.panel.model.index(down, c).data() for c in (0, 1, 6)] == [
        "党员先锋岗",
        "皮带集控岗",
        "2026-06-01 岗位调整",
    ]
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findData(PostKind.COMMANDO.value))
    tab.wait_idle()
    assert [r.name for r in tab.panel.model.rows()] == ["掘进二队抢险突击队"]
    assert tab.panel.model.index(0, 3).data() == "陈静、吴刚、赵外协" and tab.panel.model.index(0, 4).data() == "1"
    tab.kind_filter.setCurrentIndex(0)
    with qtbot.waitSignal(tab._timer.timeout):  # the search box refreshes the list after a pause: let it
        tab.search.setText("李明")
    tab.wait_idle()
    assert [r.name for r in tab.panel.model.rows()] == ["采煤机司机岗"]
    assert tab.figures.text() == ("挂牌2个（示范岗1个、突击队1个），在岗党员3名、职工2名；一线党员6名，上岗率50.0%")
    assert sorted(tab.wearer_model.index(r, 0).data() for r in range(tab.wearer_model.rowCount())) == sorted(
        ["王建国", "李明", "陈静"]
    )
    assert tab.wearer_summary.text() == "佩戴党员标志3人次，3名党员"
    assert tab.export(tmp_path / "p.xlsx") == 1
    assert load_workbook(tmp_path / "p.xlsx").active["B2"].value == "采煤机司机岗"
    assert tab.export_wearers(tmp_path / "w.xlsx") == 3
    tab.panel.table.selectRow(0)
    # With no row selected print_current opens a modal message box, which would hang an offscreen run.
    qtbot.waitUntil(lambda: len(tab.panel.selected_rows()) == 1)
    tab.print_current()
    qtbot.waitUntil(lambda: tab.last_pdf is not None, timeout=15000)
    assert tab.last_pdf.startswith(b"%PDF")


def test_form_validates_as_you_type_and_saves(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    dialog = PostDialog(ctx.store, unit_choices(ctx.store, None), None, k.b1, None, TODAY)
    qtbot.addWidget(dialog)
    dialog.name.setText("液压支架操作岗")
    assert dialog.validate()["members"] == "请至少添加一名成员"
    assert not dialog.buttons.buttons()[0].isEnabled()
    dialog.typed.setText("赵外协")
    dialog.add_typed()
    assert dialog.validate()["members.1"] == "第1行：赵外协不在花名册中，党员示范岗只能由在册党员担任"
    dialog.kind.setCurrentIndex(dialog.kind.findData(PostKind.COMMANDO.value))
    assert dialog.validate()["members"] == "党员突击队至少要有一名党员"
    dialog.picker.search("wjg")
    assert dialog.finder.count() == 1
    dialog.finder.setCurrentIndex(0)
    dialog.add_found()
    dialog.members.setCurrentRow(1)
    dialog.make_lead()
    assert [dialog.members.item(i).text() for i in range(2)] == ["赵外协（未在花名册）", "王建国（负责人）"]
    assert dialog.validate() == {}
    dialog.has_end.setChecked(True)
    assert dialog.validate()["delist_reason"] == "摘牌须写明原因"
    dialog.has_end.setChecked(False)
    dialog.save()
    assert dialog.saved_id is not None
    saved = ps.get_post(ctx.store, dialog.saved_id)
    assert (saved.kind, saved.unit_id, [m.role for m in saved.members]) == ("党员突击队", k.b1, ["成员", "负责人"])


def test_tab_at_1366x768(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    _seed(ctx.store, k)
    tab = PostsTab(ctx, None, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366 - 260, 768 - 120)  # beside the unit tree, under the menu, tab bar and status line
    tab.set_unit(k.root)
    tab.show()
    qtbot.waitExposed(tab)
    tab.wait_idle()
    p = tab.panel
    buttons = [p.new_button, p.edit_button, p.delete_button, tab.print_button, tab.export_button]
    # each button in view, or folded into the toolbar's 更多 menu (ui/toolbar_row.py), which is in view
    shown = [b if b not in p.toolbar.folded() else p.toolbar.more_button for b in buttons]
    assert all(b.isVisible() and b.mapTo(tab, b.rect().topRight()).x() < tab.width() for b in shown)
    assert p.new_button not in p.toolbar.folded()
    assert p.table.isVisible() and p.table.height() > 300
    target = os.environ.get("JIAOMEI_SCREENSHOTS")
    if target:
        tab.grab().save(str(Path(target) / "posts_tab.png"))
        tab.pages.setCurrentIndex(1)
        tab.grab().save(str(Path(target) / "posts_wearers.png"))


def test_figures_line_names_kinds_and_joins_them_in_the_installed_language() -> None:
    import gettext

    from jiaomei_desktop import i18n
    from jiaomei_desktop.ui.registers.posts_tab import figures_text

    class Marked(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"、": ", ", "{kind}{n}个": "{n} {kind}"}.get(message, f"EN:{message}")

    figures = ps.PostFigures(
        posts=3,
        by_kind={PostKind.MODEL.value: 2, PostKind.COMMANDO.value: 1, PostKind.SAFETY.value: 0},
        people=5,
        members_on_posts=4,
        workers_on_posts=1,
        front_line_members=8,
        front_line_on_posts=4,
        delisted=0,
    )
    i18n._translations = Marked()
    try:
        text = figures_text(figures)
    finally:
        i18n.install(i18n.DEFAULT_LANGUAGE)
    assert "（2 EN:示范岗, 1 EN:突击队）" in text  # the kinds' short names and separator, each looked up
