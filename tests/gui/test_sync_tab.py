"""数据交换 tab: models pass qtmodeltester; export, preview + import, consolidation, provisioning and conflicts
work from the tab through background tasks."""
# ruff: noqa: F811  (tree fixtures are imported from tests/sync/conftest.py and used as arguments)

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QLineEdit

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.ui.context import AppContext, DataChanged, UnitSelection
from jiaomei_desktop.ui.sync.dialogs import ExportDialog, PreviewDialog, ProvisionDialog, RejectedDialog
from jiaomei_desktop.ui.sync.models import ConflictModel, HistoryModel, KeysModel
from jiaomei_desktop.ui.sync.tab import SyncTab
from tests.sync.conftest import (  # noqa: F401  (fixtures)
    add_person,
    edit_person,
    export,
    person_row,
    tree,
    tree_template,
    unit_id,
)


def _tab(qtbot, store) -> SyncTab:  # type: ignore[no-untyped-def]
    tab = SyncTab(AppContext(store=store, selection=UnitSelection(), data_changed=DataChanged()))
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    return tab




def test_models_pass_qtmodeltester(qtmodeltester, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_person(tree.b1, "C1-01", "李四", 2)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    for model, items in ((HistoryModel(), bundles.import_history(tree.c1)),
                         (KeysModel(), bundles.key_info(tree.c1).trusted)):
        model.set_items(items)
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    conflicts = ConflictModel()
    conflicts.set_items(_make_conflict(tree, tmp_path))
    assert conflicts.rowCount() == 1
    qtmodeltester.check(conflicts)


def _make_conflict(tree, tmp_path):  # type: ignore[no-untyped-def]
    pid = add_person(tree.b1, "C1-01", "周五", 3)
    tree.b1.engine.dispose()
    shutil.copytree(tree.root / "b1", tmp_path / "clone")
    clone = open_store(tmp_path / "clone", create=False)
    edit_person(tree.b1, pid, post="班长")
    edit_person(clone, pid, post="副班长")
    bundles.import_bundle(tree.b1, export(clone, tmp_path / "clone.jmb"))
    clone.close()
    return bundles.list_conflicts(tree.b1)


def test_tab_shows_office_and_fingerprint(qtbot, tree) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, tree.b1)
    assert "一矿综采队党支部" in tab.office.text()
    assert tab.fingerprint.text() == bundles.key_info(tree.b1).fingerprint
    assert tab.keys.rowCount() == 3
    assert tab.title() == "数据交换"


def test_export_then_preview_then_import(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pid = add_person(tree.b1, "C1-01", "李四", 2)
    branch = _tab(qtbot, tree.b1)
    target = tmp_path / "b1.jmb"
    with qtbot.waitSignal(branch.export_to(target, "stick passphrase").done, timeout=30000):
        pass
    assert target.exists() and "已导出" in branch.status.text()

    committee = _tab(qtbot, tree.c1)
    history_before = committee.history.rowCount()
    committee.ask_passphrase = lambda _name: "stick passphrase"
    task = committee.preview_file(target)
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert isinstance(committee.dialog, PreviewDialog)
    assert person_row(tree.c1, pid) is None  # the preview wrote nothing
    with qtbot.waitSignal(committee.data_changed_signal(), timeout=30000):
        committee.dialog.accept()
    assert person_row(tree.c1, pid) is not None
    assert committee.history.rowCount() == history_before + 1


def test_rejected_bundle_shows_the_reason_and_changes_nothing(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jmb"
    bad.write_bytes(b"PK\x03\x04 not really")
    tab = _tab(qtbot, tree.c1)
    with qtbot.waitSignal(tab.preview_file(bad).error, timeout=30000):
        pass
    assert "数据包" in tab.last_error and tab.history.rowCount() == 1  # only the setup file's import


def test_consolidate_folder(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "stick"
    folder.mkdir()
    add_person(tree.b1, "C1-01", "李四", 2)
    add_person(tree.b2, "C1-02", "赵六", 3)
    export(tree.b1, folder / "b1.jmb")
    export(tree.b2, folder / "b2.jmb")
    (folder / "broken.jmb").write_bytes(b"x")
    tab = _tab(qtbot, tree.c1)
    with qtbot.waitSignal(tab.consolidate_folder(folder).done, timeout=30000):
        pass
    assert "成功 2 个" in tab.status.text()
    assert isinstance(tab.dialog, RejectedDialog)
    assert tab.history.rowCount() == 3  # the setup file and the two bundles


def test_provision_from_the_tab(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(qtbot, tree.group)
    c2 = unit_id(tree.group, "C2")
    with qtbot.waitSignal(tab.provision(c2, tmp_path, "a good passphrase").done, timeout=30000):
        pass
    assert "开通文件" in tab.status.text()
    assert list(tmp_path.glob("*.jms"))


def test_provision_dialog_validates_as_you_type(qtbot, tree) -> None:  # type: ignore[no-untyped-def]
    dialog = ProvisionDialog(bundles.provisionable_units(tree.group), tree.root, None)
    qtbot.addWidget(dialog)
    ok = dialog.box.buttons()[0]
    generated = dialog.passphrase.text()  # a generated passphrase by default: seven words, shown in clear
    assert ok.isEnabled() and len(generated.split()) == 7 and dialog.passphrase.first.echoMode() == QLineEdit.EchoMode.Normal
    dialog.passphrase.first.setText("short")
    assert not ok.isEnabled() and dialog.passphrase.first_box.error.text()
    dialog.passphrase.first.setText("password")  # long enough, but guessed at once
    assert not ok.isEnabled() and "猜到" in dialog.passphrase.first_box.error.text()
    dialog.passphrase.first.setText("long enough phrase")
    dialog.passphrase.second.setText("long enough phrasX")
    assert not ok.isEnabled()
    dialog.passphrase.second.setText("long enough phrase")
    assert ok.isEnabled()


def test_export_dialog_requires_a_passphrase_when_encrypting(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(tmp_path / "x.jmb", "导出", None, None)
    qtbot.addWidget(dialog)
    ok = dialog.box.buttons()[0]
    assert not ok.isEnabled()
    dialog.encrypt.setChecked(False)
    assert ok.isEnabled() and dialog.chosen_passphrase() is None


def test_conflict_resolution_from_the_tab(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    conflicts = _make_conflict(tree, tmp_path)
    tab = _tab(qtbot, tree.b1)
    assert tab.conflicts.rowCount() == len(conflicts) == 1
    tab.conflict_view.selectRow(0)
    assert tab.keep_other.isEnabled()
    assert "岗位" in tab.conflict_detail.toPlainText()
    tab.resolve_selected("other")
    assert tab.conflicts.rowCount() == 0
    assert "已处理" in tab.status.text()


def test_screenshot(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _make_conflict(tree, tmp_path)
    bundles.import_bundle(tree.b1, export(tree.c1, tmp_path / "down.jmb", direction="down",
                                          recipient_unit_id=unit_id(tree.c1, "C1-01")))
    tab = _tab(qtbot, tree.b1)
    tab.show()
    tab.conflict_view.selectRow(0)
    qtbot.waitExposed(tab)
    path = tmp_path / "sync_tab.png"
    assert tab.grab().save(str(path))


def test_setup_file_dialog(qtbot, tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.ui.sync.setup_dialog import SetupFileDialog

    setup = bundles.provision_child(tree.group, unit_id(tree.group, "C2"), tmp_path, "a good passphrase")
    dialog = SetupFileDialog(tmp_path / "new-office")
    qtbot.addWidget(dialog)
    dialog.try_setup()
    assert "开通文件" in dialog.error.text()
    dialog.file.setText(str(setup.path))
    dialog.passphrase.setText("wrong passphrase")
    dialog.try_setup()
    assert "密码不正确" in dialog.error.text() and dialog.store is None
    dialog.passphrase.setText("a good passphrase")
    dialog.try_setup()
    assert dialog.store is not None
    assert bundles.key_info(dialog.store).office_name == "二矿党委"
    dialog.store.close()
