"""An inspection's 修改记录 holds its 整改's deadline and completion as its own form changed them (they live on the
整改's 13710 item, db.models.history.LINKED_ROWS), and putting the inspection back puts them back — a save from the
inspection's form, as the ownership rule of services.inspections._task_data has it: the deadline and completion are
either form's (the last save wins), the 责任人, tier and progress notes the 13710 side's and never touched."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from jiaomei_desktop.services import history, inspections, supervision
from tests.registers.known import TODAY
from tests.registers.test_history import _team

FOUND = date(2026, 11, 10)


def _rectified(store: Any, k: Any) -> str:
    return inspections.save_inspection(store, inspections.InspectionData(
        inspection_date=FOUND, team_id=_team(store, k), unit_id=k.b1, kind="三违",
        description="综采工作面一名职工未按规定佩戴自救器", rectify=True, requirement="脱岗培训三天",
        deadline=date(2026, 11, 17)), today=TODAY)


def _fields(entry: history.ChangeEntry) -> dict[str, tuple[Any, Any]]:
    return {c.field: (c.old, c.new) for c in entry.changes}


def test_the_deadline_changed_in_the_inspection_form_is_in_its_history_and_comes_back(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    inspection = _rectified(store, k)
    task = inspections.get_inspection(store, inspection)
    [created] = history.list_changes(store, "inspection", inspection)
    assert (created.action, created.changes) == ("insert", ())  # a new record's first values are not listed
    inspections.save_inspection(store, replace(task, deadline=date(2026, 11, 19)), today=TODAY)
    moved = history.list_changes(store, "inspection", inspection)[0]
    assert _fields(moved) == {"deadline": ("2026-11-17", "2026-11-19")}
    inspections.save_inspection(store, replace(task, deadline=date(2026, 11, 19), done_date=date(2026, 11, 18),
                                               confirmed_by="赵六", place="3号综采工作面"), today=TODAY)
    finished = history.list_changes(store, "inspection", inspection)[0]
    assert _fields(finished) == {"place": (None, "3号综采工作面"), "done_date": (None, "2026-11-18"),
                                 "confirmed_by": (None, "赵六")}

    # the 13710 side names the 责任人 and notes progress: its own history, not the inspection's
    task_id = inspections.list_inspections(store, k.b1, today=TODAY)[0].task_id
    supervision.save_task(store, replace(supervision.get_task(store, task_id), person_name="张丽"), today=TODAY)
    supervision.add_note(store, task_id, date(2026, 11, 12), "已组织脱岗培训", today=TODAY)
    assert history.list_changes(store, "inspection", inspection)[0] == finished

    # put back to just after the first save: the deadline and the open 整改 come back, the 13710 side's stay
    history.restore(store, "inspection", inspection, created.id)
    back = inspections.get_inspection(store, inspection)
    assert (back.deadline, back.done_date, back.confirmed_by, back.place) == (date(2026, 11, 17), None, None, None)
    item = supervision.get_task(store, task_id)
    assert (item.deadline, item.done_date, item.person_name) == (date(2026, 11, 17), None, "张丽")
    assert [n.text for n in supervision.list_notes(store, task_id)] == ["已组织脱岗培训"]
    restored = history.list_changes(store, "inspection", inspection)[0]
    assert restored.note and restored.note.startswith("恢复到")
    assert _fields(restored) == {"place": ("3号综采工作面", None), "deadline": ("2026-11-19", "2026-11-17"),
                                 "done_date": ("2026-11-18", None), "confirmed_by": ("赵六", None)}
    # and forward again to the finished state
    history.restore(store, "inspection", inspection, finished.id)
    again = inspections.get_inspection(store, inspection)
    assert (again.deadline, again.done_date, again.confirmed_by) == (date(2026, 11, 19), date(2026, 11, 18), "赵六")


def test_a_deadline_changed_on_the_13710_side_is_kept_by_a_put_back_that_did_not_change_it(known) -> None:  # type: ignore[no-untyped-def]
    """Only what the inspection's form changed is undone: a later 13710 change of the deadline is the last save."""
    store, k = known
    inspection = _rectified(store, k)
    data = inspections.get_inspection(store, inspection)
    inspections.save_inspection(store, replace(data, place="运输大巷"), today=TODAY)
    [placed, _created] = history.list_changes(store, "inspection", inspection)
    inspections.save_inspection(store, replace(data, place="回风大巷"), today=TODAY)
    task_id = inspections.list_inspections(store, k.b1, today=TODAY)[0].task_id
    supervision.save_task(store, replace(supervision.get_task(store, task_id), deadline=date(2026, 11, 20)),
                          today=TODAY)
    history.restore(store, "inspection", inspection, placed.id)
    back = inspections.get_inspection(store, inspection)
    assert (back.place, back.deadline) == ("运输大巷", date(2026, 11, 20))


def test_unticking_and_ticking_again_shows_and_restores_the_deadline(known) -> None:  # type: ignore[no-untyped-def]
    store, k = known
    inspection = _rectified(store, k)
    data = inspections.get_inspection(store, inspection)
    inspections.save_inspection(store, replace(data, rectify=False), today=TODAY)
    unticked = history.list_changes(store, "inspection", inspection)[0]
    assert _fields(unticked) == {"rectify": (True, False), "requirement": ("脱岗培训三天", None),
                                 "deadline": ("2026-11-17", None)}
    assert inspections.list_inspections(store, k.b1, today=TODAY)[0].task_id is None
    [_unticked, created] = history.list_changes(store, "inspection", inspection)
    history.restore(store, "inspection", inspection, created.id)
    back = inspections.get_inspection(store, inspection)
    assert (back.rectify, back.requirement, back.deadline) == (True, "脱岗培训三天", date(2026, 11, 17))
