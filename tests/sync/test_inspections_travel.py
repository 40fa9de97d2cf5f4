"""纪律作风督导 travels in bundles: a 党委's 督导组 inspects a branch that has its own office — the inspection, its
photos and its 整改 (a 13710 item filed where the inspection is, not under the branch) are the 党委's to write, reach
the group and the branch, and are read-only there; a 13710 item entered by hand stays filed under its unit."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.services import bundles, photos
from jiaomei_desktop.services import inspections as ins
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ReadOnlyRecord
from tests.gallery.images import picture
from tests.sync.conftest import export, unit_id

TODAY = date(2026, 11, 23)


def _team(store) -> str:  # type: ignore[no-untyped-def]
    return ins.save_team(
        store,
        ins.TeamData(
            "一矿党委督导组",
            unit_id(store, "C1"),
            date(2026, 1, 1),
            date(2026, 12, 31),
            (ins.TeamMemberData("督导员甲", None, "组长"),),
        ),
    )


def test_committee_inspects_a_branch_office_and_everyone_reads_it(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(tree.c1, "C1-01")
    team = _team(tree.c1)
    sha = photos.add_photo_bytes(tree.c1, picture("JPEG")).sha256
    data = ins.InspectionData(
        date(2026, 11, 10),
        team,
        branch,
        "三违",
        "无证操作绞车",
        rectify=True,
        requirement="脱岗培训",
        deadline=date(2026, 11, 17),
        photos=(sha,),
    )
    inspection_id = ins.save_inspection(tree.c1, data, today=TODAY)  # the branch is b1's: the 党委 may still file it
    # a 13710 item of its own under that branch stays the branch office's to write
    with pytest.raises(ReadOnlyRecord):
        sv.save_task(tree.c1, sv.TaskData("手工交办", branch, date(2026, 11, 10), 7), today=TODAY)
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    [row] = ins.list_inspections(tree.group, None, today=TODAY)
    assert (row.id, row.state, row.days_over, row.photos) == (inspection_id, "逾期", 6, 1)
    assert photos.has_photo_file(tree.group, sha)
    [task] = sv.list_tasks(tree.group, branch, today=TODAY)
    assert task.source == "督导整改"
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        sv.finish_task(tree.group, task.id, date(2026, 11, 20), "王书记", today=TODAY)
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        ins.delete_inspection(tree.group, inspection_id)
    # down to the branch office: it reads its own 整改 and cannot change it
    down = bundles.import_bundle(
        tree.b1, export(tree.c1, tmp_path / "down.jmb", direction="down", recipient_unit_id=branch)
    )
    assert down.totals()["rejected"] == 0
    assert [r.state for r in ins.list_inspections(tree.b1, branch, today=TODAY)] == ["逾期"]
    # the 党委 confirms the 整改: the completion follows up
    ins.save_inspection(
        tree.c1,
        ins.InspectionData(
            **{**data.__dict__, "done_date": date(2026, 11, 20), "confirmed_by": "王书记", "id": inspection_id}
        ),
        today=TODAY,
    )
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1v2.jmb"))
    done = ins.list_inspections(tree.group, None, today=TODAY)[0]
    assert (done.state, done.done_date, done.confirmed_by) == ("已办结", date(2026, 11, 20), "王书记")


@pytest.mark.parametrize("table", ["inspection", "supervision_task"])
def test_a_committee_cannot_file_findings_against_units_outside_its_subtree(tree, tmp_path, table) -> None:  # type: ignore[no-untyped-def]
    """A hostile 一矿党委 edits its own store so that its team's inspection (or the 整改 it sent) names the group's
    own unit, outside 一矿's subtree: the group refuses the whole bundle and keeps no part of it."""
    import sqlite3

    from jiaomei_desktop.services.store import open_store

    branch = unit_id(tree.c1, "C1-01")
    data = ins.InspectionData(
        date(2026, 11, 10),
        _team(tree.c1),
        branch,
        "三违",
        "无证操作绞车",
        rectify=True,
        requirement="脱岗培训",
        deadline=date(2026, 11, 17),
    )
    ins.save_inspection(tree.c1, data, today=TODAY)
    outside = unit_id(tree.c1, "G")
    tree.c1.close()
    with sqlite3.connect(tree.c1.db_path) as conn:
        conn.execute(f"UPDATE {table} SET unit_id = ?", (outside,))
    conn.close()
    c1 = open_store(tree.c1.data_dir)
    try:
        bundle = export(c1, tmp_path / "c1.jmb")
    finally:
        c1.close()
    with pytest.raises(bundles.SyncFailed, match="涉及的单位“测试集团党委（G）”不在“一矿党委（C1）”之下"):
        bundles.import_bundle(tree.group, bundle)
    assert ins.list_inspections(tree.group, None, today=TODAY) == []
    assert [t for t in sv.list_tasks(tree.group, None, today=TODAY) if t.source == "督导整改"] == []
