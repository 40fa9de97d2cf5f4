from pathlib import Path

from jiaomei_desktop import app
from jiaomei_desktop.services import office, org
from jiaomei_desktop.services.statistics.headcounts import store_stats
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.ui.first_run import FirstRunDialog


def test_demo_start_creates_then_reopens_the_demo_store(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import demo

    monkeypatch.setattr(demo, "SEED_MEMBERS", 50)
    real = demo.create_demo_store
    monkeypatch.setattr(demo, "create_demo_store",
                        lambda directory, progress=None: real(directory, members=50, progress=progress))
    args = app.parse_args(["--demo", "--data-dir", str(tmp_path)])
    store = app.open_or_create(args)
    assert store is not None and store_stats(store).members == 50
    store.close()
    again = app.open_or_create(args)
    assert again is not None and store_stats(again).members == 50
    again.close()


def test_first_run_dialog_requires_name_and_code(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog._accept_unit()
    assert dialog.result() == 0
    assert "请填写" in dialog._fields["name"].error.text()
    dialog._name.setText("九里山矿综采一队党支部")
    dialog._code.setText("JM-01-01")
    dialog._accept_unit()
    assert dialog.result() == dialog.DialogCode.Accepted
    code, name, kind, _parent = dialog.unit()
    assert (code, name, kind.value) == ("JM-01-01", "九里山矿综采一队党支部", "党支部")


def test_first_run_creates_this_office_unit(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        self._name.setText("九里山矿综采一队党支部")
        self._code.setText("JM-01-01")
        self._parent.setText("九里山矿党委")
        return 1

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)
    store = app.first_run(tmp_path)
    assert store is not None
    assert office.has_office(store)
    (root,) = org.unit_tree(store)
    assert root.unit.name == "九里山矿党委"
    assert root.children[0].unit.name == "九里山矿综采一队党支部"
    assert root.children[0].unit.id == office.office_unit_id(store)
    store.close()
    reopened = open_store(tmp_path, create=False)
    assert office.has_office(reopened)
    reopened.close()


def test_first_run_sets_up_from_the_parents_setup_file(qtbot, store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first screen offers the setup file; the new installation becomes the provisioned branch."""
    from jiaomei_desktop.services import bundles
    from jiaomei_desktop.ui.sync.setup_dialog import SetupFileDialog
    from tests.conftest import unit_id

    setup = bundles.provision_child(store, unit_id(store, "T-01"), tmp_path / "t01.jms", "井口 灯房 绞车 风门 2026")
    choices = iter(["setup", "setup"])

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        next(choices)
        self.setup_file_button.click()
        return self.result()

    attempts: list[str] = []

    def fake_setup_exec(self) -> int:  # type: ignore[no-untyped-def]
        self.file.setText(str(setup.path))
        self.passphrase.setText("wrong" if not attempts else "井口 灯房 绞车 风门 2026")
        attempts.append(self.passphrase.text())
        self.try_setup()
        return self.result()

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)
    monkeypatch.setattr(SetupFileDialog, "exec", fake_setup_exec)
    directory = tmp_path / "branch"
    branch = app.first_run(directory)
    assert attempts == ["wrong", "井口 灯房 绞车 风门 2026"]  # a wrong password brings the choices back, nothing is created
    assert branch is not None
    assert office.office_unit_id(branch) == unit_id(store, "T-01")
    branch.close()


def test_bundled_fonts_unpack_in_the_background_after_start(tmp_path: Path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop import resources

    monkeypatch.setattr(resources, "cache_dir", lambda: tmp_path / "cache")
    app.unpack_fonts_in_background().join(60)
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*.ttc")) == ["ukai.ttc", "uming.ttc"]

    def full(_packed: Path, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(resources, "cache_dir", lambda: tmp_path / "other")
    monkeypatch.setattr(resources, "_unpack", full)
    app.unpack_fonts_in_background().join(60)  # a full disk is logged, never raised into the start-up
    assert "could not be unpacked" in caplog.text


def test_starting_the_app_does_not_import_what_only_later_dialogs_need() -> None:
    """The setup-file dialog (bundle services) and the committee dialog (study services) cost ~0.25 s of imports that
    every start-up paid before the window showed; they are imported when first opened."""
    import json
    import subprocess
    import sys

    code = ("import json, sys; import jiaomei_desktop.app; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('jiaomei_desktop.services'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "jiaomei_desktop.services.store" in loaded  # the check can see what the app imports
    assert not loaded & {"jiaomei_desktop.services.bundles", "jiaomei_desktop.services.study"}
