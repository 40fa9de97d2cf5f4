"""学习通报 in the app: generated from the log, edited in the dialog, rendered as edited."""

from PySide6.QtWidgets import QTableWidgetItem

from jiaomei_desktop.ui.study.bulletin_dialog import BulletinDialog
from tests.conftest import unit_id
from tests.reports.pdfcheck import text_of


def test_generate_edit_and_render(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = BulletinDialog(demo_ctx, unit_id(demo_ctx.store, "JM-01"))
    qtbot.addWidget(dialog)
    assert not dialog.preview_button.isEnabled()
    dialog.year.setValue(2025)
    dialog.period.setCurrentIndex(dialog.period.findText("第四季度"))
    dialog.generate()
    assert dialog.period_label.text() == "2025年第四季度"
    assert dialog.kinds.rowCount() > 0 and dialog.preview_button.isEnabled()
    dialog.issuer.setText("中共九里山矿委员会")
    row = dialog.gaps.rowCount()
    dialog.gaps.insertRow(row)
    dialog.gaps.setItem(row, 0, QTableWidgetItem("九里山矿机电队党支部"))
    dialog.gaps.setItem(row, 1, QTableWidgetItem("12月未按时报送学习台账"))
    text = text_of(dialog.render())
    assert "关于九里山矿党委2025年第四季度学习情况的通报" in text
    assert "九里山矿机电队党支部：12月未按时报送学习台账。" in text
    assert "中共九里山矿委员会" in text


def test_bad_count_is_named(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = BulletinDialog(demo_ctx, unit_id(demo_ctx.store, "JM-01"))
    qtbot.addWidget(dialog)
    dialog.year.setValue(2025)
    dialog.generate()
    dialog.kinds.setItem(0, 1, QTableWidgetItem("十二"))
    try:
        dialog.render()
    except ValueError as exc:
        assert "整数" in str(exc)
    else:
        raise AssertionError("a non-numeric count must be refused")


def test_study_tab_opens_the_bulletin(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.study.tab import StudyTab

    tab = StudyTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.bulletin_button.click()
    assert isinstance(tab._dialog, BulletinDialog)
    tab._dialog.close()
