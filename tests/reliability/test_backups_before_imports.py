"""Every import that writes takes a backup first (issue 8: "before migrations and imports"); dry runs do not."""

from __future__ import annotations

from pathlib import Path

from jiaomei_desktop.services import bundles, org_excel, roster_excel
from jiaomei_desktop.services.health import REASON_IMPORT, list_backups
from jiaomei_desktop.services.store import Store


def _import_backups(store: Store) -> int:
    return sum(1 for b in list_backups(store.data_dir) if b.reason == REASON_IMPORT)


def test_roster_excel_import_backs_up_first(store: Store, tmp_path: Path) -> None:
    from tests.excel_fixtures import messy_roster

    plan = roster_excel.plan_roster_import(store, messy_roster(tmp_path / "m.xlsx"), None)
    assert _import_backups(store) == 0
    roster_excel.commit_roster_import(store, plan)
    assert _import_backups(store) == 1


def test_org_excel_import_backs_up_first(store: Store, tmp_path: Path) -> None:
    from tests.excel_fixtures import write_sheet

    path = write_sheet(tmp_path / "units.xlsx", ["单位名称", "单位代码", "类别", "上级代码"],
                       [["新建党支部", "T-09", "党支部", "T"]])
    org_excel.commit_org_import(store, org_excel.plan_org_import(store, path))
    assert _import_backups(store) == 1


def test_bundle_import_backs_up_first_but_not_a_dry_run(store: Store, tmp_path: Path) -> None:
    bundle = bundles.export_bundle(store, tmp_path / "out").path
    bundles.import_bundle(store, bundle, dry_run=True)
    assert _import_backups(store) == 0
    bundles.import_bundle(store, bundle)
    assert _import_backups(store) == 1
