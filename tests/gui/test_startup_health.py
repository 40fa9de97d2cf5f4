"""The GUI's start-up health path: damage the main window reads, a 0-byte store with backups, a read-only folder and a
lost -wal each end in their own dialog (never a traceback, never the first-run dialog over lost data)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from jiaomei_desktop import app
from jiaomei_desktop.services import backups, health, org
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.ui.backups.health_dialog import HealthDialog
from jiaomei_desktop.ui.first_run import FirstRunDialog
from tests.conftest import unit_id
from tests.reliability.faults import checkpoint, os_error, root_page, unit_codes, zero_page


@pytest.fixture(autouse=True)
def _leave_qt_as_found():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from jiaomei_desktop.ui.app_shell.qt_translations import install_qt_translations

    locale = QLocale()
    yield
    install_qt_translations("en")
    QLocale.setDefault(locale)


@pytest.fixture
def backed_up(store: Store) -> Path:
    backups.backup_now(store, backups.REASON_DAILY)
    org.add_unit(store, unit_id(store, "T"), "T-03", "机电三队党支部", org.UnitKind.BRANCH)
    directory = store.data_dir
    store.close()
    checkpoint(directory / "jiaomei.sqlite3")
    return directory


@pytest.fixture
def dialogs(monkeypatch) -> list[HealthDialog]:  # type: ignore[no-untyped-def]
    """Every HealthDialog shown; each answers with the newest good backup when it offers one, else quits."""
    shown: list[HealthDialog] = []

    def answer(dialog: HealthDialog) -> int:
        shown.append(dialog)
        (dialog.restore_button if dialog.restore_button.isVisibleTo(dialog) else dialog.quit_button).click()
        return int(dialog.result())

    monkeypatch.setattr(HealthDialog, "exec", answer)
    monkeypatch.setattr(FirstRunDialog, "exec", lambda _self: pytest.fail("first-run dialog over a store with backups"))
    return shown


def test_a_zeroed_org_unit_root_page_gives_the_restore_dialog(qtbot, backed_up, dialogs, capsys) -> None:  # type: ignore[no-untyped-def]
    db = backed_up / "jiaomei.sqlite3"
    zero_page(db, root_page(db, "org_unit"))
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 0
    assert "shown" in capsys.readouterr().out
    assert dialogs and dialogs[0].diagnosis.kind == health.Kind.DAMAGED and "org_unit" in dialogs[0].message.text()
    assert unit_codes(db) == {"T", "T-01", "T-02"}  # the backup's data
    assert any(b.reason == backups.REASON_DAMAGED for b in backups.list_backups(backed_up))  # set aside, not deleted


def test_a_zero_byte_store_with_backups_is_not_a_first_run(qtbot, backed_up, dialogs, capsys) -> None:  # type: ignore[no-untyped-def]
    (backed_up / "jiaomei.sqlite3").write_bytes(b"")
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 0
    assert dialogs[0].diagnosis.kind == health.Kind.EMPTY
    assert "shown" in capsys.readouterr().out
    assert unit_codes(backed_up / "jiaomei.sqlite3") == {"T", "T-01", "T-02"}


def test_a_read_only_folder_is_named_before_anything_is_written(qtbot, backed_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(health, "write_probe", lambda _folder: (_ for _ in ()).throw(os_error(errno.EROFS)))
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 2
    assert shown and "不能写入" in shown[0] and "Errno" not in shown[0] and "已损坏" not in shown[0]


def test_a_lost_wal_is_said_once_and_the_store_opens(qtbot, backed_up, dialogs, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services import store as store_module

    monkeypatch.setattr(store_module, "wal_lost", lambda _d: True)
    monkeypatch.setattr(health, "wal_lost", lambda _d: True)

    def carry_on(dialog: HealthDialog) -> int:
        dialogs.append(dialog)
        assert dialog.continue_button.isVisibleTo(dialog)
        dialog.continue_button.click()
        return 1

    monkeypatch.setattr(HealthDialog, "exec", carry_on)
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 0
    assert dialogs[0].diagnosis.kind == health.Kind.WAL_LOST and "可能已经丢失" in dialogs[0].message.text()
    assert "shown" in capsys.readouterr().out


def test_the_dialog_lists_checked_backups(qtbot, backed_up, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = backed_up / "jiaomei.sqlite3"
    zero_page(db, root_page(db, "org_unit"))
    dialog = HealthDialog(health.diagnose(backed_up))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.topLevelItemCount() == 1 and dialog.restore_button.isVisible()
    assert not dialog.new_button.isVisible() and not dialog.continue_button.isVisible()
    dialog.grab().save(str(tmp_path / "health_dialog.png"))


def test_a_disk_that_fills_up_while_starting_is_named(qtbot, backed_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))

    def full(_directory: Path) -> None:
        raise os_error(errno.ENOSPC)

    monkeypatch.setattr(app, "lock_store", full)
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 2
    assert shown and "磁盘已满" in shown[0] and "Errno" not in shown[0]


def test_a_wrong_clock_is_named_and_the_window_still_opens(qtbot, backed_up, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(health.years, "clock_plausible", lambda _today=None: False)
    assert app.main(["--data-dir", str(backed_up), "--startup-probe"]) == 0
    assert shown and "看起来不对" in shown[0]
    assert "shown" in capsys.readouterr().out
