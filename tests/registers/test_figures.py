"""The dashboard against a data set whose figures are known, figure by figure."""

from __future__ import annotations

import pytest

from jiaomei_desktop.services import statistics
from jiaomei_desktop.services.store import open_store
from jiaomei_desktop.services.study.compliance import compliance_grid
from tests.registers.known import EXPECTED, EXPECTED_RATIOS, TODAY, YEAR


@pytest.fixture(scope="module")
def dash(known_template):  # type: ignore[no-untyped-def]
    directory, k = known_template
    store = open_store(directory, create=False)
    try:
        return statistics.dashboard(store, k.root, YEAR, today=TODAY)
    finally:
        store.close()


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_known_figure(dash, key: str) -> None:  # type: ignore[no-untyped-def]
    assert dash.value(key) == pytest.approx(EXPECTED[key]), key


@pytest.mark.parametrize("key", sorted(EXPECTED_RATIOS))
def test_every_known_ratio(dash, key: str) -> None:  # type: ignore[no-untyped-def]
    assert dash.value(key) == pytest.approx(EXPECTED_RATIOS[key])


def test_ids_behind_each_count_match_the_count(dash) -> None:  # type: ignore[no-untyped-def]
    for group in dash.groups:
        for figure in group.figures:
            if figure.unit not in ("%", "元", "小时", "人次") and figure.table:
                assert len(figure.ids) == figure.value, figure.key


def test_click_through_lists_the_records(known, dash) -> None:  # type: ignore[no-untyped-def]
    store, _k = known
    female = statistics.records_behind(store, dash.figure("members.female"))
    assert {row[0] for row in female.rows} == {"张丽", "陈静"}
    assert female.columns[0] == "姓名"
    money = statistics.records_behind(store, dash.figure("deeds.amount_fen"))
    assert sorted(row[5] for row in money.rows) == ["12,345.67", "5,000"]
    brand = statistics.records_behind(store, dash.figure("brands.with_own_brand"))
    assert [row[1] for row in brand.rows] == ["综采一队党支部"]
    sessions = statistics.records_behind(store, dash.figure("study.three_meetings"))
    assert [row[0] for row in sessions.rows] == ["2025-06-01", "2025-03-10"]  # newest first


def test_compliance_comes_from_the_study_rules(known, dash) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    grid = compliance_grid(store, k.root, YEAR, dash.as_of)
    assert dash.value("study.compliance_rate") == pytest.approx(grid.total.met / grid.total.due)
    assert dash.value("study.branches_met") + dash.value("study.branches_missed") <= 3


def test_a_branch_subtree_and_another_year(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    one = statistics.dashboard(store, k.b1, YEAR, today=TODAY)
    assert one.value("members.total") == 4
    assert one.value("deeds.items") == 1 and one.value("deeds.amount_fen") == 500_000
    assert one.value("brands.coverage") == 1.0 and one.value("brands.branches") == 1
    assert one.value("innovation.改革任务") == 0 and one.value("innovation.群众性创新成果") == 3
    later = statistics.dashboard(store, k.root, 2026, today=TODAY)
    assert later.as_of == TODAY
    assert later.value("brands.coverage") == 1.0 and later.value("brands.with_own_brand") == 2
    assert later.value("deeds.items") == 0 and later.value("zones.zones") == 2  # A's and F's zones on TODAY
    earlier = statistics.dashboard(store, k.root, 2024, today=TODAY)
    assert earlier.value("deeds.items") == 1 and earlier.value("innovation.发明专利") == 1


def test_as_dict_nests_groups(dash) -> None:  # type: ignore[no-untyped-def]
    data = dash.as_dict()
    assert data["deeds"]["amount_fen"] == 1_734_567
    assert data["brands"]["coverage"] == pytest.approx(0.6667)
    assert data["by_status"]["正式党员"] == 5


def test_whole_store_defaults_to_the_root(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    assert statistics.dashboard(store, None, YEAR, today=TODAY).unit_id == k.root


def test_a_party_group_shows_its_branch(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.domain.enums import UnitKind
    from jiaomei_desktop.services import org

    store, k = known
    group = org.add_unit(store, k.b1, "T-01-G1", "第一党小组", UnitKind.PARTY_GROUP)
    dash = statistics.dashboard(store, group.id, YEAR, today=TODAY)
    assert dash.unit_id == k.b1 and dash.value("members.total") == 4


def test_unknown_unit_is_a_clear_error(known) -> None:  # type: ignore[no-untyped-def]
    from jiaomei_desktop.services.errors import NotFoundError

    store, _k = known
    with pytest.raises(NotFoundError, match="单位不存在或已删除"):
        statistics.dashboard(store, "00000000-0000-4000-8000-000000000000", YEAR, today=TODAY)
