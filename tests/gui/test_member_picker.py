"""The one member picker (forms.MemberPicker) of the 亮明身份 post form and the 督导组 form: roster people found by
pinyin, names typed in, the first one leads until another is made lead, removing a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import posts
from jiaomei_desktop.services.register_common import unit_choices
from jiaomei_desktop.ui.registers.forms import MemberPicker
from jiaomei_desktop.ui.registers.inspections import TeamDialog
from jiaomei_desktop.ui.registers.posts_tab import PostDialog
from tests.gui.registers_fixtures import known_context
from tests.registers.known import TODAY


@pytest.fixture
def known_ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield from known_context(tmp_path)


def test_both_forms_use_the_one_picker(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, k = known_ctx
    units = unit_choices(ctx.store, None)
    post, team = PostDialog(ctx.store, units, None, k.b1, None, TODAY), TeamDialog(ctx.store, units, None, k.root)
    for dialog in (post, team):
        qtbot.addWidget(dialog)
        assert isinstance(dialog.picker, MemberPicker) and dialog.members is dialog.picker.members
    assert post.picker.typed.placeholderText() == "未在花名册的职工姓名（仅突击队）"
    assert team.picker.typed.placeholderText() == "不在花名册的人员姓名"


def test_find_type_lead_and_remove(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, _k = known_ctx
    picker = MemberPicker(ctx.store, ins.TeamMemberData, "组长", "成员", "设为组长", "姓名", "添加")
    qtbot.addWidget(picker)
    changes: list[None] = []
    picker.changed.connect(lambda: changes.append(None))
    picker.search("wjg")  # 王建国 by pinyin initials
    assert [w.name for w in picker.found] == ["王建国"] and picker.finder.itemText(0).startswith("王建国（综采一队党支部，")
    picker.finder.setCurrentIndex(0)
    picker.add_found()
    picker.typed.setText("  纪委 周某 ")
    picker.add_typed()
    picker.add(ins.TeamMemberData("老赵", None, "副组长"))
    assert [(m.name, m.role) for m in picker.lines()] == [("王建国", "组长"), ("纪委 周某", "成员"), ("老赵", "副组长")]
    assert [picker.members.item(i).text() for i in range(3)] == [
        "王建国（组长）", "纪委 周某（未在花名册）", "老赵（副组长，未在花名册）"]
    picker.members.setCurrentRow(1)
    picker.make_lead()  # the former lead becomes a member; a 副组长 stays one
    assert [m.role for m in picker.lines()] == ["成员", "组长", "副组长"]
    picker.members.setCurrentRow(0)
    picker.remove_current()
    assert [m.name for m in picker.lines()] == ["纪委 周某", "老赵"] and len(changes) == 5


def test_a_post_line_is_a_post_member(qtbot, known_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, _k = known_ctx
    picker = MemberPicker(ctx.store, posts.PostMemberData, "负责人", "成员", "设为负责人", "姓名", "添加职工")
    qtbot.addWidget(picker)
    picker.typed.setText("赵外协")
    picker.add_typed()
    picker.typed.setText("   ")
    picker.add_typed()  # nothing typed: nothing added
    assert picker.lines() == (posts.PostMemberData("赵外协", None, "负责人"),)
