"""技术比武 travels in bundles like every other synced record: a contest a branch office keeps, its results list and
the honours its winners received reach the committee and the group, read-only there, the honour still linked."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.domain.contests import EntrantData
from jiaomei_desktop.services import bundles
from jiaomei_desktop.services import contests as ct
from jiaomei_desktop.services.errors import ReadOnlyRecord
from tests.sync.conftest import add_person, export, unit_id

TODAY = date(2026, 11, 23)


def test_contest_results_and_honours_reach_the_group(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(tree.b1, "C1-01")
    winner = add_person(tree.b1, "C1-01", "王建国", 917)
    event_id = ct.save_event(
        tree.b1,
        ct.EventData("综采维修电工比武", date(2026, 10, 9), "综采维修电工", "矿", "测试矿工会", branch),
        today=TODAY,
    )
    ct.save_entrants(
        tree.b1,
        event_id,
        [EntrantData("王建国", branch, winner, 96.0, 1), EntrantData("外单位选手", branch, None, 90.0, 2)],
        today=TODAY,
    )
    assert ct.grant_honours(tree.b1, event_id, today=TODAY).created == 1
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    [row] = ct.list_events(tree.group, unit_id(tree.group, "C1-01"))
    assert (row.name, row.entrants, row.winners, row.honoured) == ("综采维修电工比武", 2, 2, 1)
    lines = ct.list_entrants(tree.group, event_id)
    assert [(x.name, x.placing, bool(x.honor_id)) for x in lines] == [("王建国", 1, True), ("外单位选手", 2, False)]
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ct.save_entrants(tree.group, event_id, [x.as_data() for x in lines[:1]], today=TODAY)
    assert ct.grant_honours(tree.group, event_id, today=TODAY).created == 0  # the honour came along: not again
