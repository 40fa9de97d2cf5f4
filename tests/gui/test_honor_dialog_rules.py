"""The honour form shows the eligibility rules as the user fills it in: a 预备党员 named 优秀共产党员 is a warning that
does not block saving; a 先进集体 may be a 班组 named with the party unit it belongs to."""

from __future__ import annotations

from datetime import date

from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import honors, roster
from jiaomei_desktop.ui.gallery.honor_dialog import HonorDialog
from tests.conftest import unit_id


def _fill(dialog: HonorDialog, title: str, category: str, level: str, body: str) -> None:
    dialog.title.setText(title)
    dialog.category.setCurrentText(category)
    dialog.level.setCurrentIndex(dialog.level.findData(level))
    dialog.awarding_body.setText(body)
    dialog.award_date.setText("2026-06-28")


def test_a_probationary_member_is_warned_about_but_may_be_saved(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    pid = roster.save_person(
        ctx.store,
        PersonData(
            name="张丽",
            branch_id=unit_id(ctx.store, "T-01"),
            political_status=PoliticalStatus.PROBATIONARY,
            join_date=date(2026, 1, 10),
        ),
        today=date(2026, 11, 23),
    )
    dialog = HonorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.person.addItem("张丽", pid)
    dialog.person.setCurrentIndex(dialog.person.findData(pid))
    _fill(dialog, "2026年度优秀共产党员", "优秀共产党员", "矿级", "测试矿党委")
    dialog._touched = True
    assert dialog.check(date(2026, 11, 23)) == {}
    assert "预备党员" in dialog.warning.text() and not dialog.warning.isHidden()
    _fill(dialog, "2026年度优秀共产党员", "优秀共产党员", "矿级", "焦煤集团党委")
    assert "集团级" in dialog.check(date(2026, 11, 23))["level"]


def test_a_team_is_honoured_under_its_party_unit(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(ctx.store, "T-01")
    dialog = HonorDialog(ctx, default_unit_id=branch)
    qtbot.addWidget(dialog)
    dialog.kind_unit.setChecked(True)
    dialog.unit.setCurrentIndex(dialog.unit.findData(branch))
    dialog.team.setText("综采一队检修班")
    _fill(dialog, "安全生产先进班组", "先进集体", "矿级", "测试矿党委")
    honour_id = dialog.save(date(2026, 11, 23))
    assert honour_id
    saved = honors.get_honor(ctx.store, honour_id)
    assert saved.collective_name == "综采一队检修班" and saved.unit_id == branch
