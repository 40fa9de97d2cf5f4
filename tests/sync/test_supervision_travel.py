"""13710 督办 items and their progress notes travel in bundles like every other synced record: an item a branch
office keeps reaches its committee and the group, is read-only there, and its 办结 follows."""

from __future__ import annotations

from datetime import date

import pytest

from jiaomei_desktop.services import bundles
from jiaomei_desktop.services import supervision as sv
from jiaomei_desktop.services.errors import ReadOnlyRecord
from tests.sync.conftest import export, unit_id

TODAY = date(2026, 11, 23)


def test_item_and_notes_reach_the_group_and_stay_read_only(tree, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = unit_id(tree.b1, "C1-01")
    task_id = sv.save_task(
        tree.b1, sv.TaskData("落实皮带巷隐患整改", branch, date(2026, 11, 10), 7, person_name="张三"), today=TODAY
    )
    sv.add_note(tree.b1, task_id, date(2026, 11, 12), "已完成现场核查", today=TODAY)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1.jmb"))
    summary = bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1.jmb"))
    assert summary.totals()["rejected"] == 0
    at_group = sv.list_tasks(tree.group, unit_id(tree.group, "C1-01"), today=TODAY)
    assert [(r.title, r.state, r.days_over) for r in at_group] == [("落实皮带巷隐患整改", "逾期", 6)]
    assert [n.text for n in sv.list_notes(tree.group, task_id)] == ["已完成现场核查"]
    with pytest.raises(ReadOnlyRecord, match="本机只读"):
        sv.finish_task(tree.group, task_id, date(2026, 11, 20), "王书记", today=TODAY)
    # The branch closes it: the 办结 follows the same way.
    sv.finish_task(tree.b1, task_id, date(2026, 11, 20), "王书记", today=TODAY)
    bundles.import_bundle(tree.c1, export(tree.b1, tmp_path / "b1v2.jmb"))
    bundles.import_bundle(tree.group, export(tree.c1, tmp_path / "c1v2.jmb"))
    done = sv.list_tasks(tree.group, None, today=TODAY)[0]
    assert (done.state, done.done_date, done.confirmed_by) == ("已办结", date(2026, 11, 20), "王书记")
