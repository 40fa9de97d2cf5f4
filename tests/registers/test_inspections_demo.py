"""The demo's 纪律作风督导: a group's worth of teams, duty days and inspections, some 整改 overdue, every record passing
the rules a user's entry must pass, the same records on every build (seeded)."""

from __future__ import annotations

from collections import Counter

from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.demo.context import DEMO_TODAY


def test_demo_has_a_groups_worth_of_inspections(demo_store) -> None:  # type: ignore[no-untyped-def]
    teams = ins.list_teams(demo_store)
    assert len(teams) == 3 * 26  # three years of two group teams and one per 基层党委
    assert all(3 <= len(t.members) <= 6 and t.lead for t in teams)
    duty = ins.list_duties(demo_store, teams[0].id)
    assert len(duty) > 50 and {d.member_name for d in duty} <= {m.name for m in teams[0].members}
    rows = ins.list_inspections(demo_store, None, today=DEMO_TODAY)
    f = ins.figures_of(rows)
    assert 3_400 <= f.inspections <= 4_100 and 0.5 < f.problems / f.inspections < 0.7
    assert f.overdue >= 10 and f.open > f.overdue and f.on_time > 0.75 * f.done
    assert min(f.by_kind.values()) > 0
    tasks = [t for t in sv.list_tasks(demo_store, None, today=DEMO_TODAY) if t.from_inspection]
    assert len(tasks) == f.rectify and Counter(t.state for t in tasks)[sv.OVERDUE] == f.overdue
    assert all(r.inspection_date <= DEMO_TODAY for r in rows)
    assert sum(1 for r in rows if r.person_name) > 300
    for r in rows[:: len(rows) // 40]:  # every 40th record passes the rules a form would apply
        assert ins.check_inspection(demo_store, ins.get_inspection(demo_store, r.id), today=DEMO_TODAY) == {}
    assert ins.check_team(demo_store, ins.get_team(demo_store, teams[-1].id)) == {}
