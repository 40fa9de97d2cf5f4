"""套打 from the gallery: calibrate a printer once, the dialog remembers it, the words go onto the book's sheet."""

# ruff: noqa: F811  (the gallery fixtures are imported from tests/gallery/conftest.py and used as arguments)
from jiaomei_desktop.reports.settings import load_overprint
from jiaomei_desktop.services import honors
from jiaomei_desktop.services.honors.gallery import HonorQuery
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.gallery.overprint_dialog import SETTINGS_FILE
from jiaomei_desktop.ui.gallery.tab import GalleryTab
from tests.gallery.conftest import honoured, honoured_template, store_template  # noqa: F401 (fixtures)
from tests.reports.pdfcheck import page_sizes_mm, pages_text


def test_calibrate_remember_and_overprint(qtbot, honoured) -> None:  # type: ignore[no-untyped-def]
    store = honoured.store
    tab = GalleryTab(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(tab)
    keys = honors.find_card_keys(store, HonorQuery())
    dialog = tab.open_overprint(keys)
    assert dialog is not None
    dialog.printer.setEditText("办公室HP")
    dialog.preset.setCurrentIndex(dialog.preset.findText("12开内芯 285×210"))
    dialog.print_calibration()
    assert dialog._preview is not None and dialog._preview.page_count() == 1
    dialog._preview.close()
    for spin, value in zip(dialog.measured, (22.8, 17.8, 265.4, 186.1), strict=True):
        spin.setValue(value)
    assert dialog.apply_measured()
    saved = load_overprint(store.data_dir / SETTINGS_FILE, "办公室HP")
    assert saved is not None and saved.offset_x_mm == dialog.offset_x.value() != 0
    pdf = dialog.render_pdf()
    assert set(page_sizes_mm(pdf)) == {(285, 210)} and len(page_sizes_mm(pdf)) == len(keys)
    assert "中共测试矿委员会" in "".join(pages_text(pdf))
    dialog.close()
    again = tab.open_overprint(keys)  # the printer's calibration comes back
    again.printer.setEditText("办公室HP")
    assert (again.offset_x.value(), again.scale.value()) == (saved.offset_x_mm, saved.scale)
    again.close()


def test_unreasonable_measurements_are_refused(qtbot, honoured, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **_k: shown.append(a[2]))
    store = honoured.store
    tab = GalleryTab(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(tab)
    dialog = tab.open_overprint(honors.find_card_keys(store, HonorQuery()))
    for spin, value in zip(dialog.measured, (70, 20, 265, 190), strict=True):
        spin.setValue(value)
    assert not dialog.apply_measured()
    assert shown and "校准" in shown[0]
    assert load_overprint(store.data_dir / SETTINGS_FILE, dialog.printer.currentText()) is None
    dialog.close()
