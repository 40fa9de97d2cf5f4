"""Change history (修改记录) of people, study sessions, mentor pairs, honours and every register, kept by a flush
listener.

Every flush that creates or changes a watched row adds one `change_log` row holding the old and new values of the
columns that changed, the time and the office that made the change. Services need do nothing: the listener is
registered on SQLAlchemy's Session class when this module is imported (db.models imports it).

A register's child rows (a post's or a 督导组's members, a contest's entrants, a task's progress notes…) have no
history of their own: a change to them is logged on the parent as one list-valued field (CHILD_LISTS), the list
before and after, so a secretary reads "成员: 张三、李四 → 张三、王五" in the parent's 修改记录.

The log is local to this installation and is never synced: a change that arrives by bundle import is written by the
importer's raw SQL and is not logged here. Putting a record back (services.history) is an ordinary change, so it is
logged and carries a new version that sync passes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from jiaomei_desktop.db.base import Base, new_id, utcnow
from jiaomei_desktop.db.models.setting import Setting

# Table names whose changes are kept; the listener checks the table name so it needs no model imports.
WATCHED_TABLES = frozenset({
    "person", "study_session", "mentor_pair", "honor", "innovation_studio",
    # the registers (issue 19: "each register is synced like the others … change history")
    "identity_post", "inspection_team", "inspection", "supervision_task", "contest_event", "standard_assessment",
    "standard_acceptance", "responsibility_zone", "worker_deed", "branch_brand", "innovation_item",
})


@dataclass(frozen=True)
class ChildList:
    """Rows of `table` belong to a row of `parent_table` (by `parent_column`); their live rows, each reduced to
    `columns` and sorted by `order`, are logged on the parent as the value of the field `field`."""

    parent_table: str
    parent_column: str
    field: str
    columns: tuple[str, ...]
    order: tuple[str, ...]


CHILD_LISTS = {
    "identity_post_member": ChildList("identity_post", "post_id", "members", ("person_id", "name", "role"),
                                      ("position",)),
    "inspection_team_member": ChildList("inspection_team", "team_id", "members", ("person_id", "name", "role"),
                                        ("position",)),
    "inspection_duty": ChildList("inspection_team", "team_id", "duties", ("duty_date", "member_name", "unit_person"),
                                 ("duty_date", "member_name")),
    "innovation_studio_member": ChildList("innovation_studio", "studio_id", "members", ("person_id", "role"),
                                          ("position",)),
    "inspection_photo": ChildList("inspection", "inspection_id", "photos", ("photo_sha256",), ("position",)),
    "contest_entrant": ChildList("contest_event", "event_id", "entrants",
                                 ("person_id", "name", "score", "placing"), ("name", "person_id")),
    "supervision_note": ChildList("supervision_task", "task_id", "progress", ("note_date", "text"),
                                  ("note_date", "text")),
}


@dataclass(frozen=True)
class LinkedRow:
    """A row of `table` whose `parent_column` names a row of `parent_table`, and whose `columns` the parent's own form
    edits too (an inspection's 整改 is a 13710 item: its deadline and completion are written from either form,
    services.inspections._task_data). Changed by the parent's own save (inside `logged_on`), they are logged on the
    parent's entry as well, under the same names, so the parent's 修改记录 shows them and putting it back restores
    them; the 13710 form's own changes stay in the item's history only. A new parent's insert entry logs no values."""

    parent_table: str
    parent_column: str
    columns: tuple[str, ...]


LINKED_ROWS = {
    "supervision_task": LinkedRow("inspection", "inspection_id", ("deadline", "done_date", "confirmed_by")),
}
# Bookkeeping columns: they change with every edit and say nothing the entry's own fields don't.
UNLOGGED_COLUMNS = frozenset({"id", "version", "updated_at", "owner_unit_id"})
OFFICE_SETTING = "office_unit_id"  # same key as services.office.OFFICE_UNIT_KEY (db cannot import services)

ACTION_INSERT = "insert"
ACTION_UPDATE = "update"
ACTION_DELETE = "delete"  # set deleted=True (a tombstone), never a physical delete
ACTION_UNDELETE = "undelete"
ACTION_PURGE = "purge"  # a physical delete; synced rows should never see one, but if it happens it is kept


class ChangeLog(Base):
    """One change of one watched row. Local only (not synced); old values may include ID numbers, like the row."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_record", "table_name", "record_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(10))
    version: Mapped[int | None] = mapped_column(Integer)  # the row's version after the change
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    office_unit_id: Mapped[str | None] = mapped_column(String(36))
    # JSON objects {column: value}; dates as ISO text. old_values is what putting a record back needs.
    old_values: Mapped[str] = mapped_column(Text, default="{}")
    new_values: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str | None] = mapped_column(String(200))  # e.g. "恢复到 2026-11-20 10:31 的状态"


# A note for the entries written while it is set (putting a record back through a service's own save path).
_NOTE: ContextVar[str | None] = ContextVar("change_note", default=None)


# The parent row (table, id) whose own save is writing its linked rows (LINKED_ROWS).
_LOGGED_ON: ContextVar[tuple[str, str] | None] = ContextVar("logged_on", default=None)


@contextmanager
def logged_on(table: str, record_id: str) -> Iterator[None]:
    """Log the linked columns (LINKED_ROWS) changed inside this block on the entry of the parent row `record_id`."""
    token = _LOGGED_ON.set((table, record_id))
    try:
        yield
    finally:
        _LOGGED_ON.reset(token)


@contextmanager
def change_note(note: str) -> Iterator[None]:
    token = _NOTE.set(note)
    try:
        yield
    finally:
        _NOTE.reset(token)


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dump(values: dict[str, Any]) -> str:
    return json.dumps({k: to_json_value(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True)


def _columns(obj: object) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in UNLOGGED_COLUMNS]


def _is_watched(obj: object) -> bool:
    return getattr(obj, "__tablename__", None) in WATCHED_TABLES


def _office(session: Session) -> str | None:
    with session.no_autoflush:
        row = session.get(Setting, OFFICE_SETTING)
    return row.value if row is not None else None


def _changed(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    state = inspect(obj)
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        old[key], new[key] = before, after
    return old, new


def _update_action(old: dict[str, Any], new: dict[str, Any]) -> str:
    if "deleted" in new and bool(new["deleted"]) != bool(old.get("deleted")):
        return ACTION_DELETE if new["deleted"] else ACTION_UNDELETE
    return ACTION_UPDATE


@event.listens_for(Session, "before_flush")
def _record_changes(session: Session, _flush_context: object, _instances: object) -> None:
    entries: list[ChangeLog] = []
    office: list[str | None] = []  # looked up once, only when something watched changed

    def add(obj: object, action: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        if not office:
            office.append(_office(session))
        note = session.info.get("change_note") or _NOTE.get()
        entries.append(ChangeLog(table_name=obj.__tablename__, record_id=obj.id,  # type: ignore[attr-defined]
                                 action=action, version=getattr(obj, "version", None) or 1, changed_at=utcnow(),
                                 office_unit_id=office[0], old_values=_dump(old), new_values=_dump(new), note=note))

    for obj in session.new:
        if _is_watched(obj):
            if getattr(obj, "id", None) is None:
                # The id default fires at flush; assign it now so the entry can name the row.
                obj.id = new_id()  # type: ignore[attr-defined]
            add(obj, ACTION_INSERT, {}, {})
    for obj in session.dirty:
        if _is_watched(obj) and session.is_modified(obj, include_collections=False):
            old, new = _changed(obj)
            if old or new:
                add(obj, _update_action(old, new), old, new)
    for obj in session.deleted:
        if _is_watched(obj):
            add(obj, ACTION_PURGE, {key: getattr(obj, key) for key in _columns(obj)}, {})
    _record_child_lists(session, entries, add_parent=lambda *args: _parent_entry(session, office, *args))
    _record_linked_rows(session, entries, add_parent=lambda *args: _parent_entry(session, office, *args))
    session.add_all(entries)
    _transaction_entries(session).update({(e.table_name, e.record_id): e for e in entries})


def _parent_entry(session: Session, office: list[str | None], table: str, record_id: str) -> ChangeLog:
    if not office:
        office.append(_office(session))
    parent = Base.metadata.tables[table]
    with session.no_autoflush:
        version = session.execute(select(parent.c.version).where(parent.c.id == record_id)).scalar()
    return ChangeLog(table_name=table, record_id=record_id, action=ACTION_UPDATE, version=version or 1,
                     changed_at=utcnow(), office_unit_id=office[0], old_values="{}", new_values="{}",
                     note=session.info.get("change_note") or _NOTE.get())


def _record_child_lists(session: Session, entries: list[ChangeLog], add_parent: Any) -> None:
    """Log the child lists this flush changes on their parents' entries (the parent's own entry when it has one)."""
    touched: dict[tuple[str, str], list[object]] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", "")
        spec = CHILD_LISTS.get(table)
        parent_id = getattr(obj, spec.parent_column, None) if spec else None
        if spec is None or parent_id is None:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        touched.setdefault((table, parent_id), []).append(obj)
    if not touched:
        return
    new_ids = {getattr(obj, "id", None) for obj in session.new if getattr(obj, "__tablename__", "") in WATCHED_TABLES}
    own = _transaction_entries(session)  # a save writes its parent row, flushes, then writes the children
    own.update({(e.table_name, e.record_id): e for e in entries})
    for (table, parent_id), objects in touched.items():
        spec = CHILD_LISTS[table]
        stored = [] if parent_id in new_ids else stored_children(session, table, spec, parent_id)
        before = sorted_children(spec, [values for _id, values in stored])
        after = sorted_children(spec, _children_after(session, spec, stored, objects))
        if before == after:
            continue
        entry = own.get((spec.parent_table, parent_id))
        if entry is None:
            entry = own[(spec.parent_table, parent_id)] = add_parent(spec.parent_table, parent_id)
            entries.append(entry)
        old, new = json.loads(entry.old_values or "{}"), json.loads(entry.new_values or "{}")
        old.setdefault(spec.field, before)
        new[spec.field] = after
        entry.old_values, entry.new_values = _dump(old), _dump(new)


def _record_linked_rows(session: Session, entries: list[ChangeLog], add_parent: Any) -> None:
    """Log the linked columns this flush changes on the entry of the parent whose own save is running (logged_on)."""
    parent = _LOGGED_ON.get()
    if parent is None:
        return
    own = _transaction_entries(session)
    own.update({(e.table_name, e.record_id): e for e in entries})
    for obj in (*session.new, *session.dirty):
        spec = LINKED_ROWS.get(getattr(obj, "__tablename__", ""))
        if spec is None or (spec.parent_table, getattr(obj, spec.parent_column, None)) != parent:
            continue
        before, after = _linked_values(obj, spec, new=obj in session.new)
        if before == after:
            continue
        entry = own.get(parent)
        if entry is None:
            entry = own[parent] = add_parent(*parent)
            entries.append(entry)
        if entry.action == ACTION_INSERT:
            continue
        old, new = json.loads(entry.old_values or "{}"), json.loads(entry.new_values or "{}")
        for column in spec.columns:
            if before[column] != after[column] or column in new:
                old.setdefault(column, to_json_value(before[column]))
                new[column] = to_json_value(after[column])
        entry.old_values, entry.new_values = _dump(old), _dump(new)


def _linked_values(obj: object, spec: LinkedRow, new: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """The linked columns before and after this flush; a row that did not exist, or is (or was) deleted, holds
    nothing (an inspection with no live 整改 item has no deadline)."""
    state = inspect(obj)
    after = {c: None if getattr(obj, "deleted", False) else getattr(obj, c) for c in spec.columns}
    if new or _committed_value(state, "deleted"):
        return dict.fromkeys(spec.columns), after
    return {c: _committed_value(state, c) for c in spec.columns}, after


def _committed_value(state: Any, key: str) -> Any:
    history = state.attrs[key].history
    return history.deleted[0] if history.deleted else (history.unchanged or [None])[0]


def _transaction_entries(session: Session) -> dict[tuple[str, str], ChangeLog]:
    """The entries written so far in the session's current transaction, by (table, record id)."""
    transaction = session.get_transaction()
    kept = session.info.get("history.entries")
    if kept is None or kept[0] is not transaction:
        kept = session.info["history.entries"] = (transaction, {})
    return kept[1]


def stored_children(session: Session, table: str, spec: ChildList, parent_id: str) -> list[tuple[str, dict]]:
    """The live child rows as stored before this flush: (id, {column: JSON value})."""
    t = Base.metadata.tables[table]
    wanted = tuple(dict.fromkeys(spec.columns + spec.order))
    with session.no_autoflush:
        rows = session.execute(
            select(t.c.id, *(t.c[c] for c in wanted))
            .where(t.c[spec.parent_column] == parent_id, t.c.deleted.is_(False))
        ).all()
    return [(r[0], {c: to_json_value(v) for c, v in zip(wanted, r[1:], strict=True)}) for r in rows]


def _children_after(session: Session, spec: ChildList, stored: list[tuple[str, dict]],
                    objects: list[object]) -> list[dict[str, Any]]:
    wanted = tuple(dict.fromkeys(spec.columns + spec.order))
    changed = {getattr(obj, "id", None) for obj in objects}
    out = [values for row_id, values in stored if row_id not in changed]
    for obj in objects:
        if obj in session.deleted or getattr(obj, "deleted", False):
            continue
        out.append({c: to_json_value(getattr(obj, c)) for c in wanted})
    return out


def sorted_children(spec: ChildList, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(row: dict[str, Any]) -> tuple:
        # None last; the values of one column are of one type (positions, dates as ISO text, names)
        return tuple((row.get(c) is None, row.get(c) if row.get(c) is not None else 0) for c in spec.order)

    ordered = sorted(rows, key=key)
    return [{c: row.get(c) for c in spec.columns} for row in ordered]
