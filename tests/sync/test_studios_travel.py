"""创新工作室 travel in bundles like every other synced record: a studio a branch office keeps, its team, the honour
its leader holds and the results linked to it reach the committee and the group, read-only there."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.studios import StudioKind, StudioLevel
from jiaomei_desktop.services import bundles, innovation
from jiaomei_desktop.services import studios as st
from jiaomei_desktop.services.errors import ReadOnlyRecord
from tests.sync.conftest import add_person, export, unit_id

TODAY = date(2026, 11, 23)


def test_a_studio_its_team_and_output_reach_the_group(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(tree.b1, "C1-01")
    leader = add_person(tree.b1, "C1-01", "王建国", 917)
    member = add_person(tree.b1, "C1-01", "李明", 918)
    studio_id = st.save_studio(
        tree.b1,
        st.StudioData(
            "王建国职工创新工作室",
            StudioKind.WORKER.value,
            StudioLevel.MINE.value,
            branch,
            date(2022, 3, 1),
            members=(leader, member),
            leader_id=leader,
            alliance="河南省劳模创新工作室联盟",
            alliance_joined_on=date(2024, 5, 1),
        ),
        TODAY,
    )
    innovation.save_item(
        tree.b1,
        innovation.InnovationData(
            InnovationKind.UTILITY_PATENT.value, "一种刮板链张紧装置", branch, 2025, studio_id=studio_id
        ),
        TODAY,
    )
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    [row] = st.list_studios(tree.group, unit_id(tree.group, "C1"))
    assert (row.name, row.leader_name, [m.name for m in row.members], row.patents, row.alliance) == (
        "王建国职工创新工作室",
        "王建国",
        ["王建国", "李明"],
        1,
        "河南省劳模创新工作室联盟",
    )
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        st.save_studio(tree.group, replace(st.get_studio(tree.group, studio_id), name="改名"), TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):  # the committee cannot change its branch's team either
        st.save_studio(tree.c1, replace(st.get_studio(tree.c1, studio_id), members=(leader,)), TODAY)
