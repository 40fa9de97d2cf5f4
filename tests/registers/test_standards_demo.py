"""The demo's 标准化建设: every branch assessed for the two full years before the demo's today and accepted by a unit
above it, a spread of 示范 and 达标, the system-judged items carrying their evidence, and part of the branches
already waiting for acceptance in the running year."""

from __future__ import annotations

from collections import Counter

from jiaomei_desktop.services import standards as st
from jiaomei_desktop.services.demo.context import DEMO_TODAY


def test_demo_branches_are_assessed_and_accepted(demo_store) -> None:  # type: ignore[no-untyped-def]
    for year in (DEMO_TODAY.year - 2, DEMO_TODAY.year - 1):
        rows = st.list_assessments(demo_store, None, year)
        states = Counter(r.state for r in rows)
        assert len(rows) == 276 and states["未自评"] == 0 and states["待验收"] == 0
        assert states["示范"] > 0 and states["达标"] > states["示范"]
        for r in rows:
            assert r.accepting_unit and r.accepted_on is not None and r.assessed_on is not None
            assert r.assessed_on <= r.accepted_on <= DEMO_TODAY
            assert all(r.scores[key].auto and r.scores[key].evidence for key in ("committee", "org_life", "zones"))
    running = Counter(r.state for r in st.list_assessments(demo_store, None, DEMO_TODAY.year))
    assert set(running) == {"未自评", "待验收"} and 0 < running["待验收"] < running["未自评"]
