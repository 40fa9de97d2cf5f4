"""先进典型 tab: the gallery model (qtmodeltester), filtering, adding an honour with a photo, printing."""
# ruff: noqa: F811  (the gallery fixtures are imported from tests/gallery/conftest.py and used as arguments)

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from jiaomei_desktop.services import honors
from jiaomei_desktop.services.honors import BoardOptions, HonorQuery
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.gallery.model import CARD_ROLE, GalleryModel
from jiaomei_desktop.ui.gallery.tab import GalleryTab
from tests.gallery.conftest import (  # noqa: F401  (fixtures)
    TODAY,
    honoured,
    honoured_template,
    store_template,
)
from tests.gallery.images import picture


@pytest.fixture
def gallery(qtbot, honoured):  # type: ignore[no-untyped-def]
    ctx = AppContext(store=honoured.store, selection=UnitSelection(), data_changed=DataChanged())
    tab = GalleryTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.wait_idle()
    yield tab, honoured
    tab.shutdown()


def test_gallery_model_passes_qtmodeltester(qtmodeltester, qtbot, honoured) -> None:  # type: ignore[no-untyped-def]
    model = GalleryModel(honoured.store)
    model.set_query(HonorQuery())
    assert model.rowCount() == 0 and model.loading  # the keys are found on a worker thread
    with qtbot.waitSignal(model.loaded, timeout=20000):
        pass
    assert model.rowCount() == 3 and model.honor_count == 4
    qtmodeltester.check(model)
    model.set_query(HonorQuery(year=2024))
    model.wait_idle()
    qtmodeltester.check(model)
    model.shutdown()


def test_thumbnails_arrive_without_blocking(qtbot, honoured) -> None:  # type: ignore[no-untyped-def]
    model = GalleryModel(honoured.store)
    model.set_query(HonorQuery())
    model.wait_idle()
    row = model.row_of(f"p:{honoured.wang}")
    first = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
    assert first is model.thumbnails.placeholder  # not ready yet: the GUI thread did not wait for it
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    ready = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(ready, QPixmap) and ready is not model.thumbnails.placeholder
    assert (ready.width(), ready.height()) == (144, 192)
    model.shutdown()


def test_filters_search_and_unit(qtbot, gallery) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    assert tab.model.rowCount() == 3
    qtbot.keyClicks(tab.search, "wjg")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.data(tab.model.index(0, 0)) == "王建国"
    tab.search.setText("传帮带")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.search.clear()
    tab.apply_filters()
    tab.year_filter.setCurrentIndex(tab.year_filter.findData(2025))
    tab.wait_idle()
    assert tab.model.rowCount() == 2
    tab.level_filter.setCurrentIndex(tab.level_filter.findData("省部级"))
    tab.wait_idle()
    assert [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())] == ["李秀英"]
    tab.year_filter.setCurrentIndex(0)
    tab.level_filter.setCurrentIndex(0)
    tab.set_unit(data.branch2)
    tab.wait_idle()
    assert tab.model.rowCount() == 1
    tab.set_unit(None)
    tab.search.setText("没有这个人")
    tab.apply_filters()
    tab.wait_idle()
    assert tab.stack.currentWidget() is tab.empty_label and "没有符合条件" in tab.empty_label.text()


def test_selecting_a_card_shows_detail(qtbot, gallery) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    tab.select_row(tab.model.row_of(f"p:{data.wang}"))
    assert tab.detail.name.text() == "王建国"
    assert tab.detail.list.count() == 2
    assert "传帮带" in tab.detail.deeds.toPlainText()
    assert tab.board_button.isEnabled()


def test_add_honour_with_photo(qtbot, gallery, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    source = tmp_path / "劳模照片.png"
    source.write_bytes(picture("PNG", (900, 1200), color="seagreen"))
    dialog = tab.new_record()
    qtbot.keyClicks(dialog.person_search, "lxy")
    assert dialog.person.currentData() == data.li
    dialog.title.setText("2026年度技术能手")  # 李秀英 is no party member: not an 优秀共产党员
    dialog.category.setCurrentText("技术能手")
    dialog.level.setCurrentIndex(dialog.level.findData("集团级"))
    dialog.awarding_body.setText("焦煤集团公司")
    dialog.award_date.setText("2026-06-28")
    dialog.deeds.setPlainText("带领班组连续36个月安全生产无事故。")
    dialog.add_photo_file(source)
    qtbot.waitUntil(lambda: dialog.photo_sha256 is not None, timeout=10000)
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save(today=TODAY)
    tab.wait_idle()
    card = tab.model.data(tab.model.index(tab.model.row_of(f"p:{data.li}"), 0), CARD_ROLE)
    # the card still shows the higher 省部级 honour, with the photo of the newest honour that has one
    assert (card.honor_count, card.honor_level, card.photo_sha256) == (2, "省部级", dialog.photo_sha256)
    detail = honors.subject_detail(data.store, f"p:{data.li}")
    assert detail.honours[0].title == "2026年度技术能手"
    assert detail.honours[0].photo_sha256 == dialog.photo_sha256
    assert tab.current_key() == f"p:{data.li}"


def test_refused_photo_is_explained_and_nothing_saved(qtbot, gallery, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab, _data = gallery
    fake = tmp_path / "照片.jpg"
    fake.write_text("姓名,岗位\n王建国,采煤机司机\n", encoding="utf-8")
    dialog = tab.new_record()
    dialog.add_photo_file(fake)
    qtbot.waitUntil(lambda: dialog.photo_error.isVisible(), timeout=10000)
    assert "文本文件" in dialog.photo_error.text()
    assert dialog.photo_sha256 is None
    assert dialog.save(today=TODAY) is None  # nothing chosen: errors shown, nothing written
    assert dialog.subject_field.error.isVisible()
    dialog.reject()


def test_invalid_form_shows_messages(qtbot, gallery) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    dialog = tab.open_editor(subject_key=f"u:{data.branch2}")
    assert dialog.kind_unit.isChecked()
    dialog.title.setText("先进集体")
    dialog.category.setCurrentText("劳动模范")
    dialog.level.setCurrentIndex(dialog.level.findData("矿级"))
    dialog.award_date.setText("2030-01-01")
    assert dialog.save(today=date(2026, 11, 23)) is None
    assert "个人荣誉" in dialog.fields["category"].error.text()
    assert "不能晚于今天" in dialog.fields["award_date"].error.text()
    dialog.reject()


def test_print_board_and_certificates(qtbot, gallery) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    keys = honors.find_card_keys(data.store, HonorQuery())
    task = tab.print_board(keys, BoardOptions(unit="测试矿党委", period="2025年度", paper="A4"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert tab.last_preview is not None and tab.last_preview.page_count() == 1
    tab.last_preview.close()
    task = tab.print_certificates(keys)
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert tab.last_preview.page_count() == 3
    tab.last_preview.close()


def test_export_excel(qtbot, gallery, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    tab, _data = gallery
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    target = tmp_path / "先进典型.xlsx"
    task = tab.export_to(target)
    with qtbot.waitSignal(task.done, timeout=30000) as blocker:
        pass
    assert blocker.args == [4] and target.is_file()


def test_tab_is_registered() -> None:
    from jiaomei_desktop.ui.tabs import TAB_CLASSES

    assert "jiaomei_desktop.ui.gallery.tab:GalleryTab" in TAB_CLASSES
    assert GalleryTab.title() == "先进典型"


def test_missing_photo_file_keeps_the_placeholder(qtbot, honoured) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import photos

    photos.photo_path(honoured.store, honoured.photo).unlink()
    model = GalleryModel(honoured.store)
    model.set_query(HonorQuery())
    model.wait_idle()
    loader = model.thumbnails
    index = model.index(model.row_of(f"p:{honoured.wang}"), 0)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is loader.placeholder
    qtbot.waitUntil(lambda: not loader.is_pending(honoured.photo), timeout=5000)
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is loader.placeholder
    model.shutdown()


def test_deleting_an_honour_updates_the_gallery(qtbot, gallery) -> None:  # type: ignore[no-untyped-def]
    tab, data = gallery
    tab.select_row(tab.model.row_of(f"u:{data.branch1}"))
    honour_id = tab.detail.current_honour_id()
    tab.delete_honour(honour_id, confirm=False)
    tab.wait_idle()
    assert tab.model.row_of(f"u:{data.branch1}") == -1
    assert tab.model.rowCount() == 2
