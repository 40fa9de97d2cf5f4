"""The demo carries the seed's yearly figures; the new registers travel in bundles like every synced table."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.services import statistics
from jiaomei_desktop.sync.tables import SYNC_COLUMNS, table_by_name

DEMO_TODAY = date(2026, 11, 23)


def test_demo_has_the_seed_figures(demo_store) -> None:  # type: ignore[no-untyped-def]
    dash = statistics.dashboard(demo_store, None, 2026, today=DEMO_TODAY)
    assert dash.value("deeds.items") == 165
    assert dash.value("deeds.relief_person_times") == 1557  # 救助: the relief categories only
    assert dash.value("deeds.relief_amount_fen") == 230_450_000  # 230余万元
    assert dash.value("brands.coverage") == pytest.approx(0.73, abs=0.005)
    assert dash.value("brands.own_share") == pytest.approx(0.61, abs=0.005)
    assert [dash.value(f"innovation.{k}") for k in ("改革任务", "技术创新项目", "群众性创新成果", "实用新型专利",
                                                    "发明专利")] == [133, 95, 352, 28, 3]
    assert 0.2 < dash.value("zones.member_share") < 0.3


def test_new_tables_sync() -> None:
    tables = table_by_name()
    for name in ("worker_deed", "branch_brand", "innovation_item", "responsibility_zone"):
        assert name in tables
        assert tables[name].column_names[:5] == SYNC_COLUMNS
    assert dict(tables["worker_deed"].foreign_keys)  # unit_id → org_unit travels after its unit
