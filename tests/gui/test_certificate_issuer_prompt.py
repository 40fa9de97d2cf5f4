"""Certificates from the gallery carry this office's own 党委; with none above the office, the user is asked once."""

# ruff: noqa: F811  (the gallery fixtures are imported from tests/gallery/conftest.py and used as arguments)
from PySide6.QtWidgets import QInputDialog

from jiaomei_desktop.services import honors
from jiaomei_desktop.services.honors.documents import CERTIFICATE_ISSUER_KEY, certificate_issuer
from jiaomei_desktop.services.honors.gallery import HonorQuery
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.gallery.tab import GalleryTab
from tests.gallery.conftest import honoured, honoured_template, store_template  # noqa: F401 (fixtures)
from tests.reports.pdfcheck import text_of


def test_asked_once_when_no_committee_is_known(qtbot, honoured, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = honoured.store
    store.set_setting("office_unit_id", "")  # an office whose 党委 cannot be found
    asked = []

    def answer(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(True)
        return "中共测试矿委员会", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    tab = GalleryTab(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(tab)
    keys = honors.find_card_keys(store, HonorQuery())
    task = tab.print_certificates(keys)
    with qtbot.waitSignal(task.done, timeout=30000) as blocker:
        pass
    assert "中共测试矿委员会" in text_of(blocker.args[0])
    assert store.get_setting(CERTIFICATE_ISSUER_KEY) == "中共测试矿委员会" == certificate_issuer(store)
    tab.last_preview.close()
    task = tab.print_certificates(keys)  # remembered: not asked again
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert len(asked) == 1
    tab.last_preview.close()


def test_cancelled_prompt_prints_nothing(qtbot, honoured, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = honoured.store
    store.set_setting("office_unit_id", "")
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("", False))
    tab = GalleryTab(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(tab)
    assert tab.print_certificates(honors.find_card_keys(store, HonorQuery())) is None
