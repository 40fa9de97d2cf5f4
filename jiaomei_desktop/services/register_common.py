"""What the 1+1+3 registers (zones, deeds, brands, innovation) share: the unit-subtree filter, unit and year checks,
and one save/delete/get path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit
from jiaomei_desktop.domain.registers import YEAR_MIN
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store


def in_subtree(column: Any, unit_id: str | None) -> Any:
    """SQL condition: `column` (a unit id) lies in the live subtree of `unit_id` (None: every live unit)."""
    units = select(OrgUnit.id).where(OrgUnit.deleted.is_(False))
    if unit_id:
        prefix = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
        units = units.where(OrgUnit.path.startswith(prefix, autoescape=False))
    return column.in_(units)


def column_rows(session: Session, stmt: Select) -> Sequence[Any]:
    """The rows of a select of plain columns, run as Core rather than through the ORM session: the ORM's handling
    of each row was about half the time of listing a group's few thousand entries (13710督办, 责任区)."""
    return session.connection().execute(stmt).all()


def iso_date(text: str | None) -> date | None:
    """A DATE column read as its stored text (`type_coerce(column, String)`): SQLAlchemy's per-value parsing of
    SQLite dates cost more than the rest of building a listed row."""
    return date.fromisoformat(text) if text else None


def live_unit(session: Session, unit_id: str | None) -> OrgUnit | None:
    if not unit_id:
        return None
    row = session.get(OrgUnit, unit_id)
    return row if row is not None and not row.deleted else None


def check_year(year: int | None, errors: dict[str, str], field: str = "year", today: date | None = None) -> None:
    latest = (today or date.today()).year + 1
    if year is None:
        errors[field] = _("请填写年度")
    elif not YEAR_MIN <= year <= latest:
        errors[field] = _("年度应在{first}年至{last}年之间").format(first=YEAR_MIN, last=latest)


def check_text(
    value: str | None, field: str, label: str, limit: int, errors: dict[str, str], required: bool = True
) -> None:
    """`label` is the Chinese source of the field's name (marked N_ by the caller), translated here."""
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("请填写{label}").format(label=_(label))
    elif len(text) > limit:
        errors[field] = _("{label}过长（最多{limit}个字）").format(label=_(label), limit=limit)


def clean(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def live_row(session: Session, model: type, row_id: str, what: str) -> Any:
    """The live row to change. Another office's row is refused when the change is flushed (services.ownership), like
    every other edit; a change whose own rules would speak first (an accepted self-assessment, a team with
    inspections) calls ownership.check_row_here before them. `what` is the Chinese source of the record's name
    (marked N_ by the caller)."""
    row = session.get(model, row_id)
    if row is None or row.deleted:
        raise NotFoundError(not_found(what))
    return row


def save_entry(
    store: Store,
    model: type,
    data: Any,
    fields: Sequence[str],
    what: str,
    errors: dict[str, str],
    check: Callable[[Session], dict[str, Any] | None],
) -> str:
    """Insert or update one register entry (`data.id` empty: a new one) in one transaction. `check` runs the rules
    that need the store, adding to `errors`, and may return more column values; any error raises ValidationFailed
    and nothing is written. Returns the id."""
    with store.transaction() as session:
        extra = check(session) or {}
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, model, data.id, what)
            touch(row)
        else:
            row = model(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        for name in fields:
            setattr(row, name, getattr(data, name))
        for name, value in extra.items():
            setattr(row, name, value)
        session.flush()
        return row.id


def delete_entry(store: Store, model: type, row_id: str, what: str) -> None:
    """A tombstone, so the deletion travels with the next bundle."""
    with store.transaction() as session:
        row = live_row(session, model, row_id, what)
        row.deleted = True
        touch(row)


def entry_values(store: Store, model: type, row_id: str, what: str, fields: Sequence[str]) -> dict[str, Any]:
    """The stored values of a live entry, by field name (NotFoundError when it is gone)."""
    with store.reading() as session:
        row = session.get(model, row_id)
        if row is None or row.deleted:
            raise NotFoundError(not_found(what))
        return {name: getattr(row, name) for name in fields}


def not_found(what: str) -> str:
    """The message for a record gone missing; `what` is the Chinese source of its name (marked N_ by the caller)."""
    return _("{what}不存在或已删除").format(what=_(what))


def year_range(stmt: Select, column: Any, year: int | None) -> Select:
    if year is None:
        return stmt
    return stmt.where(column >= date(year, 1, 1), column <= date(year, 12, 31))


def unit_choices(store: Store, within: str | None, branches_only: bool = False) -> list[tuple[str, str]]:
    """(id, "上级 / 名称") of the live units a register entry may belong to (no 党小组), the subtree of `within`."""
    from jiaomei_desktop.domain.enums import UnitKind

    with store.reading() as session:
        rows = session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id, OrgUnit.path)
            .where(OrgUnit.deleted.is_(False))
            .order_by(OrgUnit.path)
        ).all()
    names = {r[0]: r[1] for r in rows}
    prefix = next((r[4] for r in rows if r[0] == within), "") if within else ""
    wanted = (
        (UnitKind.BRANCH.value,) if branches_only else tuple(k.value for k in UnitKind if k is not UnitKind.PARTY_GROUP)
    )
    out = [
        (r[0], f"{names[r[3]]} / {r[1]}" if r[3] in names else r[1])
        for r in rows
        if r[2] in wanted and r[4].startswith(prefix)
    ]
    return sorted(out, key=lambda c: c[1])


def replace_named_members(
    session: Session, model: Any, parent_column: str, parent: Any, members: Sequence[Any]
) -> None:
    """Make the live member rows of `parent` (a 亮明身份 post, a 督导组) the given `members` (each with person_id,
    name, role), in order. Rows of people still there (same person, or the same typed-in name) are kept and only
    changed where needed; the rest are tombstoned, so a change travels as the fewest row changes."""
    column = getattr(model, parent_column)
    old = session.scalars(select(model).where(column == parent.id, model.deleted.is_(False))).all()

    def key(m: Any) -> tuple[str, str]:
        return (m.person_id or "", "" if m.person_id else m.name)

    by_key = {key(m): m for m in old}
    kept: set[str] = set()
    for position, m in enumerate(members):
        row = by_key.get(key(m))
        if row is None:
            row = model(
                id=new_id(),
                owner_unit_id=parent.owner_unit_id,
                version=1,
                deleted=False,
                person_id=m.person_id,
                **{parent_column: parent.id},
            )
            session.add(row)
        elif (row.name, row.role, row.position) == (m.name, m.role, position):
            kept.add(row.id)
            continue
        else:
            touch(row)
        row.name, row.role, row.position = m.name, m.role, position
        kept.add(row.id)
    for row in old:
        if row.id not in kept:
            row.deleted = True
            touch(row)
