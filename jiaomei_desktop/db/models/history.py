"""Change history (修改记录) of people, study sessions, mentor pairs and honours, kept by a flush listener.

Every flush that creates or changes a watched row adds one `change_log` row holding the old and new values of the
columns that changed, the time and the office that made the change. Services need do nothing: the listener is
registered on SQLAlchemy's Session class when this module is imported (db.models imports it).

The log is local to this installation and is never synced: a change that arrives by bundle import is written by the
importer's raw SQL and is not logged here. Putting a record back (services.history) is an ordinary change, so it is
logged and carries a new version that sync passes on.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from jiaomei_desktop.db.base import Base, new_id, utcnow
from jiaomei_desktop.db.models.setting import Setting

# Table names whose changes are kept; the listener checks the table name so it needs no model imports.
WATCHED_TABLES = frozenset({"person", "study_session", "mentor_pair", "honor", "innovation_studio"})
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
        note = session.info.get("change_note")
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
    session.add_all(entries)
