"""修改记录: the change history of one record, and putting a record back to an earlier state.

The history is written by the flush listener in db.models.history. Putting a record back is a new change by this
office (version += 1 through office.touch), so a bundle carries it like any edit; the history itself stays local.

A register's record is put back through its service's own save (REGISTERS): the earlier state is checked by the
same rules as an edit today (a member who has left since, a unit since dissolved, an accepted self-assessment…) and
refused with the rule's message, nothing written. Its member list (a post's, a 督导组's, a studio's team) and an
inspection's photos come back with it, and so do an inspection's 整改 deadline and completion as its own form changed
them (held by its 13710 item, logged on the inspection: db.models.history.LINKED_ROWS); a contest's entrants, a 督导组's duty roster and a task's progress notes are
shown in the history but not put back (they are edited in their own dialogs, one line at a time).

A person, study session, mentor pair or honour is put back column by column, once services.history_checks found the
earlier state fit for today's rules through the record's own service checks (an ID number now someone else's, a
mentor who has left, an attendance list of another unit…) and found that it undoes no 党籍变动, 转正 or 出师 recorded
since. Derived columns (拼音排序, 应到/实到) are recomputed; a session's attendance is not in the history and stays.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import Base
from jiaomei_desktop.db.models import Attendance, ChangeLog, Honor, MentorPair, OrgUnit, Person, StudySession
from jiaomei_desktop.db.models.history import (
    CHILD_LISTS,
    LINKED_ROWS,
    UNLOGGED_COLUMNS,
    change_note,
    sorted_children,
    stored_children,
)
from jiaomei_desktop.domain import pinyin
from jiaomei_desktop.domain.development import split_legacy_status
from jiaomei_desktop.domain.registers import format_yuan
from jiaomei_desktop.domain.standards import scores_from_json
from jiaomei_desktop.i18n import _, join_list
from jiaomei_desktop.services import (
    brands,
    contests,
    deeds,
    history_checks,
    honors,
    innovation,
    inspections,
    mentor,
    ownership,
    posts,
    roster,
    standards,
    studios,
    study,
    supervision,
    zones,
)
from jiaomei_desktop.services.errors import NotFoundError, ReadOnlyRecord, ServiceError, ValidationFailed
from jiaomei_desktop.services.office import touch
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.sessions import session_counts


@dataclass(frozen=True)
class Register:
    """How a register's record is read, saved and deleted by its own service (the edit path); `convert` turns the
    logged value of a field into the value of the service's data class."""

    get: Callable[[Store, str], Any]
    save: Callable[[Store, Any], Any]
    delete: Callable[[Store, str], None]
    convert: dict[str, Callable[[Any], Any]]


def _members(cls: type) -> Callable[[Any], tuple]:
    return lambda rows: tuple(cls(name=m["name"], person_id=m["person_id"], role=m["role"]) for m in rows or ())


REGISTERS: dict[str, Register] = {
    "identity_post": Register(posts.get_post, posts.save_post, posts.delete_post,
                              {"members": _members(posts.PostMemberData)}),
    "inspection_team": Register(inspections.get_team, inspections.save_team, inspections.delete_team,
                                {"members": _members(inspections.TeamMemberData)}),
    "inspection": Register(inspections.get_inspection, inspections.save_inspection, inspections.delete_inspection,
                           {"photos": lambda rows: tuple(p["photo_sha256"] for p in rows or ())}),
    "supervision_task": Register(supervision.get_task, supervision.save_task, supervision.delete_task, {}),
    "contest_event": Register(contests.get_event, contests.save_event, contests.delete_event, {}),
    "standard_assessment": Register(standards.get_assessment, standards.save_assessment,
                                    standards.delete_assessment, {"scores": scores_from_json}),
    "standard_acceptance": Register(standards.get_acceptance, standards.save_acceptance,
                                    standards.withdraw_acceptance, {}),
    "responsibility_zone": Register(zones.get_zone, zones.save_zone, zones.delete_zone, {}),
    "worker_deed": Register(deeds.get_deed, deeds.save_deed, deeds.delete_deed, {}),
    "branch_brand": Register(brands.get_brand, brands.save_brand, brands.delete_brand, {}),
    "innovation_item": Register(innovation.get_item, innovation.save_item, innovation.delete_item, {}),
    "innovation_studio": Register(studios.get_studio, studios.save_studio, studios.delete_studio,
                                  {"members": lambda rows: tuple(m["person_id"] for m in rows or ())}),
}
# The tables with a 修改记录: people, sessions, pairs and honours are put back column by column, once
# services.history_checks found the state fit for today's rules (restore below).
MODELS: dict[str, type] = {
    "person": Person,
    "study_session": StudySession,
    "mentor_pair": MentorPair,
    "honor": Honor,
    **{t: m.class_ for m in Base.registry.mappers if (t := getattr(m.class_, "__tablename__", "")) in REGISTERS},
}
# The list-valued fields of each table (its child rows, db.models.history.CHILD_LISTS).
CHILD_FIELDS: dict[str, dict[str, str]] = {}
for _child, _spec in CHILD_LISTS.items():
    CHILD_FIELDS.setdefault(_spec.parent_table, {})[_spec.field] = _child


# Columns holding the id of a unit or of a person: the history shows the name, not "3f2a… → 9c1b…".
UNIT_FIELDS = frozenset({"branch_id", "party_group_id", "unit_id", "owner_unit_id", "parent_id", "from_branch_id",
                         "from_unit_id", "to_unit_id"})
PERSON_FIELDS = frozenset({"person_id", "mentor_id", "mentee_id", "host_id", "recorder_id", "lecturer_id",
                           "leader_id"})
# Columns naming another record: shown by its name (a task's meeting by its date and topic).
RECORD_FIELDS = {"team_id": "inspection_team", "studio_id": "innovation_studio", "session_id": "study_session",
                 "leader_honor_id": "honor", "inspection_id": "inspection", "assessment_id": "standard_assessment"}
LONG_LIST = 8  # a child list longer than this is shown as what was removed and what was added


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
        person_ids = _ids(values, PERSON_FIELDS) | _listed_people(values)
        names = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(unit_ids))).all())
        people = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(person_ids))).all())
        records = _record_names(session, values)
    children = CHILD_FIELDS.get(table_name, {})
    items = {i.key: _(i.name) for i in standards.checklist(store).items} if table_name == "standard_assessment" else {}
    return [_entry(row, old, new, _Names(names, people, records, items), children)
            for row, (old, new) in zip(rows, values, strict=True)]


def _ids(values: list[tuple[dict[str, Any], dict[str, Any]]], fields: frozenset[str]) -> set[str]:
    return {v for pair in values for side in pair for f, v in side.items() if f in fields and isinstance(v, str)}


def _listed_people(values: list[tuple[dict[str, Any], dict[str, Any]]]) -> set[str]:
    """Person ids inside child lists (a studio's team has ids only; entrants and members may have names too)."""
    return {item["person_id"] for pair in values for side in pair for v in side.values() if isinstance(v, list)
            for item in v if isinstance(item, dict) and isinstance(item.get("person_id"), str)}


def _record_names(session: Session, values: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, table in RECORD_FIELDS.items():
        ids = _ids(values, frozenset({field}))
        if not ids:
            continue
        model = next(m.class_ for m in Base.registry.mappers if getattr(m.class_, "__tablename__", "") == table)
        for record_id in ids:
            row = session.get(model, record_id)  # a handful per history: the entries' teams, meetings, studios…
            if row is not None:
                out[record_id] = _record_label(table, row)
    return out


def _record_label(table: str, row: Any) -> str:
    if table == "study_session":
        return f"{row.session_date:%Y-%m-%d} {row.topic}".strip()
    if table == "honor":
        return str(row.title)
    if table == "inspection":
        return f"{row.inspection_date:%Y-%m-%d} {row.place or ''}".strip()
    if table == "standard_assessment":
        return _("{year}年自评").format(year=row.year)
    return str(row.name)


@dataclass(frozen=True)
class _Names:
    units: dict[str, str]
    people: dict[str, str]
    records: dict[str, str]
    items: dict[str, str]  # a self-assessment's checklist items by key


def _entry(row: ChangeLog, old: dict[str, Any], new: dict[str, Any], names: _Names,
           children: dict[str, str]) -> ChangeEntry:
    def name(field: str, value: Any) -> str | None:
        if field in children:
            return None
        lookup = (names.units if field in UNIT_FIELDS else names.people if field in PERSON_FIELDS
                  else names.records if field in RECORD_FIELDS else {})
        return lookup.get(value) if isinstance(value, str) else None

    changes = []
    for f in sorted(set(old) | set(new)):
        before, after = old.get(f), new.get(f)
        before_text: str | None
        after_text: str | None
        if f in children:
            before_text, after_text = _list_texts(children[f], before or [], after or [], names.people)
        elif f == "scores" and row.table_name == "standard_assessment":
            before_text, after_text = _score_texts(before, after, names.items)
        elif f == "amount_fen" and row.table_name == "worker_deed":
            before_text, after_text = (format_yuan(v) if isinstance(v, int) else None for v in (before, after))
        else:
            before_text, after_text = name(f, before), name(f, after)
        changes.append(FieldChange(f, before, after, before_text, after_text))
    return ChangeEntry(row.id, row.table_name, row.record_id, row.action, row.version, row.changed_at,
                       row.office_unit_id, names.units.get(row.office_unit_id or "", ""), row.note, tuple(changes))


def _list_texts(child_table: str, before: list[dict[str, Any]], after: list[dict[str, Any]],
                people: dict[str, str]) -> tuple[str, str]:
    """A child list before and after, as a reader sees it: the whole list when short, else what went and came."""
    if child_table == "inspection_photo":
        return (_("{n}张照片").format(n=len(before)) if before else _("（空）"),
                _("{n}张照片").format(n=len(after)) if after else _("（空）"))
    old = [_item_text(child_table, item, people) for item in before]
    new = [_item_text(child_table, item, people) for item in after]
    if max(len(old), len(new)) > LONG_LIST:
        removed = [t for t in old if t not in new]
        added = [t for t in new if t not in old]
        if removed or added:
            return (_("移除：{items}").format(items=join_list(removed)) if removed else _("（空）"),
                    _("新增：{items}").format(items=join_list(added)) if added else _("（空）"))
    return join_list(old) or _("（空）"), join_list(new) or _("（空）")


def _score_texts(before: Any, after: Any, items: dict[str, str]) -> tuple[str, str]:
    """The checklist items whose score changed, "item 8分" each (the stored JSON means nothing to a reader)."""
    old, new = scores_from_json(before), scores_from_json(after)
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]

    def text(scores: dict[str, Any]) -> str:
        return join_list(_("{item} {score}分").format(item=items.get(k, k), score=f"{scores[k].score:g}")
                         for k in keys if k in scores) or _("（空）")

    return text(old), text(new)


def _item_text(child_table: str, item: dict[str, Any], people: dict[str, str]) -> str:
    person = item.get("person_id")
    who = item.get("name") or (people.get(person, "") if isinstance(person, str) else "")
    if child_table == "inspection_duty":
        with_unit = item.get("unit_person")
        return f"{item.get('duty_date')} {item.get('member_name')}" + (f"／{with_unit}" if with_unit else "")
    if child_table == "supervision_note":
        return f"{item.get('note_date')} {item.get('text')}"
    if child_table == "contest_entrant":
        parts = [who]
        if item.get("score") is not None:
            parts.append(_("{score}分").format(score=f"{item['score']:g}"))
        if item.get("placing") is not None:
            parts.append(_("第{n}名").format(n=item["placing"]))
        return " ".join(parts)
    role = item.get("role")
    if role and role != "成员":  # 组长, 负责人, 领衔人… (the stored Chinese role, shown in the UI language)
        return _("{name}（{role}）").format(name=who, role=_(role))
    return who


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
    """The record's values just after change `change_id`: today's values with every later change undone. A table with
    child rows has their lists too (db.models.history.CHILD_LISTS), as logged."""
    model = _model(table_name)
    children = CHILD_FIELDS.get(table_name, {})
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
        linked = _linked_now(session, table_name, record_id)
        state.update({key: value for key, (_type, value) in linked.items()})
        columns.update({key: column_type for key, (column_type, _value) in linked.items()})
        for field, child in children.items():
            spec = CHILD_LISTS[child]
            state[field] = sorted_children(spec, [v for _id, v in stored_children(session, child, spec, record_id)])
    for change in later:
        for key, value in json.loads(change.old_values or "{}").items():
            if key in columns:
                state[key] = _from_json(columns[key], value)
            elif key in children:
                state[key] = value
    if table_name == "person":
        _stage_from_old_status(state)
    return state


def _linked_now(session: Session, table_name: str, record_id: str) -> dict[str, tuple[Any, Any]]:
    """{column: (type, today's value)} of the columns of the record's linked row that its own form edits
    (db.models.history.LINKED_ROWS: an inspection's 整改 deadline and completion, held by its 13710 item); None
    values when it has no live linked row."""
    found = next(((table, spec) for table, spec in LINKED_ROWS.items() if spec.parent_table == table_name), None)
    if found is None:
        return {}
    table, spec = found
    t = Base.metadata.tables[table]
    values = session.execute(
        select(*(t.c[c] for c in spec.columns)).where(t.c[spec.parent_column] == record_id, t.c.deleted.is_(False))
    ).first()
    return {c: (t.c[c].type, values[i] if values is not None else None) for i, c in enumerate(spec.columns)}


def _stage_from_old_status(state: dict[str, Any]) -> None:
    """A change logged before revision 0018 may hold 入党积极分子 / 发展对象 as 政治面貌: it is put back the way that
    migration reads it, as 发展阶段 of a 群众 or 共青团员 (domain.development)."""
    status, stage = split_legacy_status(state.get("political_status") or "", state.get("position"), state.get("notes"))
    if stage is not None:
        state["political_status"], state["development_stage"] = status, stage.value


def restore(store: Store, table_name: str, record_id: str, change_id: int, today: date | None = None) -> int:
    """Put the record back to its state just after `change_id`, as a new change. Returns the new version.

    The state must pass today's rules (a register's own save; history_checks for the others): otherwise
    ValidationFailed "无法恢复：…" and nothing is written."""
    target = state_after(store, table_name, record_id, change_id)
    keeper = ownership.record_foreign_owner(store, table_name, record_id)  # the same rule as every other edit
    if keeper is not None:
        raise ReadOnlyRecord(ownership.row_message(keeper))
    with store.reading() as session:
        entry = session.get(ChangeLog, change_id)
        stamp = entry.changed_at if entry else None
    note = _("恢复到 {time} 的状态").format(time=f"{local_time(stamp):%Y-%m-%d %H:%M}" if stamp else "")
    if table_name in REGISTERS:
        _restore_register(store, table_name, record_id, target, note)
    elif target.get("deleted") and table_name in DELETES:
        _delete(store, table_name, record_id, note)
    else:
        return _restore_columns(store, table_name, record_id, target, note, stamp or datetime.min, today)
    with store.reading() as session:
        table = Base.metadata.tables[table_name]
        return int(session.scalar(select(table.c.version).where(table.c.id == record_id)) or 0)


# A session, pair or honour put back to deleted goes the way its list deletes it (attendance and 辅导记录 with it).
DELETES: dict[str, Callable[[Store, str], None]] = {
    "study_session": study.delete_session, "mentor_pair": mentor.delete_pair, "honor": honors.delete_honor,
}
# Columns computed from others: recomputed after the put-back, never compared or checked on their own.
DERIVED = {"person": frozenset({"name_sort", "search_text"}),
           "study_session": frozenset({"expected_count", "present_count", "voting_expected_count",
                                       "voting_present_count"})}


def _delete(store: Store, table_name: str, record_id: str, note: str) -> None:
    with change_note(note):
        DELETES[table_name](store, record_id)


def _restore_columns(store: Store, table_name: str, record_id: str, target: dict[str, Any], note: str,
                     since: datetime, today: date | None) -> int:
    """A person, session, pair or honour: column by column, after history_checks found the state fit for today."""
    derived = DERIVED.get(table_name, frozenset())
    try:
        with store.transaction() as session:
            row = session.get(_model(table_name), record_id)
            if row is None:
                raise NotFoundError(_("记录不存在"))
            wanted = {key: value for key, value in target.items() if key not in derived}
            if all(getattr(row, key) == value for key, value in wanted.items()):
                raise ServiceError(_("记录已经是这个状态，无需恢复"))
            if not target.get("deleted"):  # a tombstone (a person: no list deletes one) needs no rule
                put = history_checks.PutBack(session, store, row, target, since, today or date.today())
                found = history_checks.problems(table_name, put)
                if found:
                    raise ValidationFailed({"restore": _("；").join(found)},
                                           _("无法恢复：{reasons}").format(reasons=_("；").join(found)))
            for key, value in wanted.items():
                setattr(row, key, value)
            _recompute(session, table_name, row)
            touch(row)
            session.info["change_note"] = note
            session.flush()
            version = row.version
    except IntegrityError as exc:
        raise ServiceError(_("无法恢复：恢复后的身份证号等信息与另一条现有记录重复")) from exc
    return int(version)


def _recompute(session: Session, table_name: str, row: Any) -> None:
    if table_name == "person":
        row.name_sort = pinyin.sort_key(row.name)
        row.search_text = roster.search_text_for(row.name, row.id_number, row.phone)
    elif table_name == "study_session":
        statuses = [(a.person_id, a.status) for a in session.scalars(
            select(Attendance).where(Attendance.session_id == row.id, Attendance.deleted.is_not(True)))]
        counts = session_counts(session, row.unit_id, row.kind, row.session_date, bool(row.is_election), statuses)
        row.expected_count, row.present_count = counts.expected, counts.present
        row.voting_expected_count, row.voting_present_count = counts.voting_expected, counts.voting_present


def _restore_register(store: Store, table_name: str, record_id: str, target: dict[str, Any], note: str) -> None:
    """Through the register's own save, so the earlier state meets today's rules like an edit would; a deleted
    record is not brought back (it is gone from the lists: its history is read from nowhere)."""
    register = REGISTERS[table_name]
    current = register.get(store, record_id)  # NotFoundError with the register's own words when deleted
    if target.get("deleted"):
        with change_note(note):
            register.delete(store, record_id)
        return
    wanted = {f.name: register.convert.get(f.name, lambda v: v)(target[f.name])
              for f in fields(current) if f.name in target and f.name != "id"}
    data = replace(current, **wanted)
    if data == current:
        raise ServiceError(_("记录已经是这个状态，无需恢复"))
    try:
        with change_note(note):
            register.save(store, data)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.errors, _("无法恢复：{reasons}").format(reasons=str(exc))) from exc
