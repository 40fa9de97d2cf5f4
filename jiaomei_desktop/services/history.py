"""修改记录: the change history of one record, and putting a record back to an earlier state.

The history is written by the flush listener in db.models.history. Putting a record back is a new change by this
office (version += 1 through office.touch), so a bundle carries it like any edit; the history itself stays local.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from jiaomei_desktop.db.models import ChangeLog, Honor, MentorPair, OrgUnit, Person, StudySession
from jiaomei_desktop.db.models.history import UNLOGGED_COLUMNS
from jiaomei_desktop.db.models.studio import InnovationStudio
from jiaomei_desktop.domain.development import split_legacy_status
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership
from jiaomei_desktop.services.errors import NotFoundError, ReadOnlyRecord, ServiceError
from jiaomei_desktop.services.office import touch
from jiaomei_desktop.services.store import Store

MODELS: dict[str, type] = {
    "person": Person,
    "study_session": StudySession,
    "mentor_pair": MentorPair,
    "honor": Honor,
    "innovation_studio": InnovationStudio,
}


# Columns holding the id of a unit or of a person: the history shows the name, not "3f2a… → 9c1b…".
UNIT_FIELDS = frozenset({"branch_id", "party_group_id", "unit_id", "owner_unit_id", "parent_id", "from_branch_id",
                         "from_unit_id", "to_unit_id"})
PERSON_FIELDS = frozenset({"person_id", "mentor_id", "mentee_id", "host_id", "recorder_id", "lecturer_id",
                           "leader_id"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    old_name: str | None = None  # for a unit or person id: whom it names (None when not an id, or not found)
    new_name: str | None = None


@dataclass(frozen=True)
class ChangeEntry:
    id: int
    table_name: str
    record_id: str
    action: str  # insert / update / delete / undelete / purge (db.models.history)
    version: int | None
    changed_at: datetime  # UTC
    office_unit_id: str | None
    office_name: str
    note: str | None
    changes: tuple[FieldChange, ...]


def local_time(utc: datetime) -> datetime:
    """Change times are stored in UTC; people read them in the PC's local time."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _model(table_name: str) -> type:
    try:
        return MODELS[table_name]
    except KeyError:
        raise ServiceError(_("这类记录没有修改记录")) from None


def list_changes(store: Store, table_name: str, record_id: str) -> list[ChangeEntry]:
    """The record's changes, newest first."""
    _model(table_name)
    with store.reading() as session:
        rows = session.scalars(
            select(ChangeLog).where(ChangeLog.table_name == table_name, ChangeLog.record_id == record_id)
            .order_by(ChangeLog.id.desc())
        ).all()
        values = [(json.loads(r.old_values or "{}"), json.loads(r.new_values or "{}")) for r in rows]
        unit_ids = {r.office_unit_id for r in rows if r.office_unit_id} | _ids(values, UNIT_FIELDS)
        person_ids = _ids(values, PERSON_FIELDS)
        names = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids))).all())
        people = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(person_ids))).all())
    return [_entry(row, old, new, names, people) for row, (old, new) in zip(rows, values, strict=True)]


def _ids(values: list[tuple[dict[str, Any], dict[str, Any]]], fields: frozenset[str]) -> set[str]:
    return {v for pair in values for side in pair for f, v in side.items() if f in fields and isinstance(v, str)}


def _entry(row: ChangeLog, old: dict[str, Any], new: dict[str, Any], names: dict[str, str],
           people: dict[str, str]) -> ChangeEntry:
    def name(field: str, value: Any) -> str | None:
        lookup = names if field in UNIT_FIELDS else people if field in PERSON_FIELDS else {}
        return lookup.get(value) if isinstance(value, str) else None

    fields = sorted(set(old) | set(new))
    return ChangeEntry(row.id, row.table_name, row.record_id, row.action, row.version, row.changed_at,
                       row.office_unit_id, names.get(row.office_unit_id or "", ""), row.note,
                       tuple(FieldChange(f, old.get(f), new.get(f), name(f, old.get(f)), name(f, new.get(f)))
                             for f in fields))


def _from_json(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is bool:
        return bool(value)
    return value


def state_after(store: Store, table_name: str, record_id: str, change_id: int) -> dict[str, Any]:
    """The record's column values just after change `change_id`: today's values with every later change undone."""
    model = _model(table_name)
    with store.reading() as session:
        row = session.get(model, record_id)
        if row is None:
            raise NotFoundError(_("记录不存在"))
        later = session.scalars(
            select(ChangeLog).where(ChangeLog.table_name == table_name, ChangeLog.record_id == record_id,
                                    ChangeLog.id > change_id).order_by(ChangeLog.id.desc())
        ).all()
        if session.get(ChangeLog, change_id) is None:
            raise NotFoundError(_("这条修改记录不存在"))
        columns = {attr.key: attr.columns[0].type for attr in inspect(model).column_attrs
                   if attr.key not in UNLOGGED_COLUMNS}
        state = {key: getattr(row, key) for key in columns}
    for change in later:
        for key, value in json.loads(change.old_values or "{}").items():
            if key in columns:
                state[key] = _from_json(columns[key], value)
    if table_name == "person":
        _stage_from_old_status(state)
    return state


def _stage_from_old_status(state: dict[str, Any]) -> None:
    """A change logged before revision 0018 may hold 入党积极分子 / 发展对象 as 政治面貌: it is put back the way that
    migration reads it, as 发展阶段 of a 群众 or 共青团员 (domain.development)."""
    status, stage = split_legacy_status(state.get("political_status") or "", state.get("position"), state.get("notes"))
    if stage is not None:
        state["political_status"], state["development_stage"] = status, stage.value


def restore(store: Store, table_name: str, record_id: str, change_id: int) -> int:
    """Put the record back to its state just after `change_id`, as a new change. Returns the new version."""
    target = state_after(store, table_name, record_id, change_id)
    model = _model(table_name)
    keeper = ownership.record_foreign_owner(store, table_name, record_id)  # the same rule as every other edit
    if keeper is not None:
        raise ReadOnlyRecord(ownership.row_message(keeper))
    with store.reading() as session:
        entry = session.get(ChangeLog, change_id)
        stamp = entry.changed_at if entry else None
    try:
        with store.transaction() as session:
            row = session.get(model, record_id)
            if row is None:
                raise NotFoundError(_("记录不存在"))
            changed = False
            for key, value in target.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
                    changed = True
            if not changed:
                raise ServiceError(_("记录已经是这个状态，无需恢复"))
            touch(row)
            session.info["change_note"] = _("恢复到 {time} 的状态").format(
                time=f"{local_time(stamp):%Y-%m-%d %H:%M}" if stamp else "")
            session.flush()
            version = row.version
    except IntegrityError as exc:
        raise ServiceError(_("无法恢复：恢复后的身份证号等信息与另一条现有记录重复")) from exc
    return version
