"""Who may change a record (docs/design.md §4): an office edits only the rows it owns, and files new records only under
the units it maintains. Rows a parent handed to a child office when provisioning it, and rows that arrive from
other offices by sync, are read-only here and name the office that keeps them.

The rule is enforced in one place, a flush listener registered on SQLAlchemy's Session class when this module is
imported (services.store imports it, so every store session is guarded). A user edit of another office's row
raises ReadOnlyRecord and the transaction rolls back: nothing is written. The sync importer, provisioning and the
handover write with raw SQL and are not affected. A store without an office (a brand-new installation) owns
everything; so does a standalone office (the demo), because every row there is its own.

Which office maintains a unit: the nearest office at or above the unit, among this office and the offices whose
keys this store holds (provisioned children and their descendants, and the chain above this office). A unit no
known office covers (e.g. the parent name recorded at first start) counts as this office's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import Base, SyncColumns
from jiaomei_desktop.db.models import OrgUnit, Setting, TrustedKey
from jiaomei_desktop.db.models.history import OFFICE_SETTING
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import ReadOnlyRecord
from jiaomei_desktop.sync.authority import FILED_BY_SUBTREE, FILED_UNDER
from jiaomei_desktop.sync.authority import UNFILED as VOCABULARY

if TYPE_CHECKING:
    from jiaomei_desktop.services.store import Store

# session.info flag for writers that may legitimately touch other offices' rows through the ORM (none in the app
# today: sync writes with raw SQL). Tests use it to forge the states a restored backup or a cloned PC leaves.
UNCHECKED = "ownership.unchecked"
_CACHE = "ownership.offices"

# One filing rule for edits here and for bundles from other offices (sync.authority.FILED_UNDER): the unit a new
# row is filed under, rows that belong to a parent row (only the parent row's owner may add to it), and rows filed
# under no unit: honours are the awarding office's word about anyone (they stay with it, sync.provision.PARENT_KEEPS;
# a bundle may carry them from any office above the unit), kinds and categories the office's own vocabulary.
def _model_of(table: str) -> type:
    return next(m.class_ for m in Base.registry.mappers if m.local_table.name == table)


UNIT_COLUMN = {t: rule[0][0] for t, rule in FILED_UNDER.items() if rule[0][1] is None and t not in FILED_BY_SUBTREE}
PARENT_ROW: dict[str, tuple[str, type]] = {
    t: (rule[0][0], _model_of(rule[0][1])) for t, rule in FILED_UNDER.items() if rule[0][1] is not None
}
UNFILED = VOCABULARY | FILED_BY_SUBTREE


def row_message(office_name: str) -> str:
    return _("该记录由“{office}”维护，本机只读。").format(office=office_name)


def unit_message(office_name: str) -> str:
    return _("该单位的记录由“{office}”维护，本机只读，不能在其下新增或移入记录。").format(office=office_name)


def marker_text(office_name: str) -> str:
    """The short note the tabs show next to a read-only record."""
    return _("由“{office}”维护 · 只读").format(office=office_name)


@dataclass(frozen=True)
class Offices:
    here: str
    others: frozenset[str]  # units of the other offices whose keys this store holds

    def maintainer(self, path: str) -> str | None:
        """The nearest known office at or above the unit with this materialised path ("/a/b/c/")."""
        for unit_id in reversed(path.strip("/").split("/")):
            if unit_id == self.here or unit_id in self.others:
                return unit_id
        return None


def offices(session: Session) -> Offices | None:
    """This office and the other known offices; None for a store with no office yet (it owns everything)."""
    cached = session.info.get(_CACHE)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    with session.no_autoflush:
        setting = session.get(Setting, OFFICE_SETTING)
        if setting is None or not setting.value:
            return None
        others = frozenset(session.scalars(select(TrustedKey.unit_id))) - {setting.value}
    found = Offices(setting.value, others)
    session.info[_CACHE] = found
    return found


def office_name(session: Session, unit_id: str | None) -> str:
    with session.no_autoflush:
        unit = session.get(OrgUnit, unit_id) if unit_id else None
    return unit.name if unit is not None else _("其他单位")


def unit_maintainer(session: Session, known: Offices, unit_id: str | None) -> str:
    """The office that keeps the records filed under the unit (this office for an unknown or uncovered unit:
    the service's own checks report a missing unit)."""
    with session.no_autoflush:
        unit = session.get(OrgUnit, unit_id) if unit_id else None
    if unit is None:
        return known.here
    return known.maintainer(unit.path) or known.here


def check_unit_here(session: Session, unit_id: str | None) -> None:
    """Refuse to file a record under a unit another office maintains."""
    known = offices(session)
    if known is None:
        return
    maintainer = unit_maintainer(session, known, unit_id)
    if maintainer != known.here:
        raise ReadOnlyRecord(unit_message(office_name(session, maintainer)))


def check_row_here(session: Session, row: SyncColumns) -> None:
    """Refuse a change to a row another office keeps before any rule of the row's own: "本机只读" is the message that
    applies there, not a rule only the keeper could act on (the flush guard below would refuse it anyway)."""
    known = None if session.info.get(UNCHECKED) else offices(session)
    if known is not None and row.owner_unit_id != known.here:
        raise ReadOnlyRecord(row_message(office_name(session, row.owner_unit_id)))


def check_subtree_here(session: Session, unit_id: str, unit_ids: list[str]) -> None:
    """Refuse a change to a whole subtree (retiring units) when another office maintains the unit or owns any
    unit row in it."""
    known = offices(session)
    if known is None:
        return
    maintainer = unit_maintainer(session, known, unit_id)
    if maintainer == known.here:
        with session.no_autoflush:
            maintainer = session.scalar(select(OrgUnit.owner_unit_id).where(
                OrgUnit.id.in_(unit_ids), OrgUnit.owner_unit_id != known.here).limit(1)) or known.here
    if maintainer != known.here:
        raise ReadOnlyRecord(row_message(office_name(session, maintainer)))


# -- the guard --------------------------------------------------------------------------------------------------
def _committed(obj: object, key: str) -> object:
    history = inspect(obj).attrs[key].history
    return history.deleted[0] if history.deleted else getattr(obj, key)


def _check_filing(session: Session, known: Offices, obj: object, new: bool) -> None:
    table = obj.__tablename__  # type: ignore[attr-defined]
    rules = FILED_UNDER.get(table, ())
    if len(rules) > 1 and table not in FILED_BY_SUBTREE:
        _check_first_rule(session, known, obj, new, rules)
        return
    column = UNIT_COLUMN.get(table)
    if column is not None:
        if new or inspect(obj).attrs[column].history.has_changes():
            check_unit_here(session, getattr(obj, column))
        return
    if new and table in PARENT_ROW:
        key, model = PARENT_ROW[table]
        with session.no_autoflush:
            parent = session.get(model, getattr(obj, key))
        if parent is not None and parent.owner_unit_id != known.here:
            raise ReadOnlyRecord(row_message(office_name(session, parent.owner_unit_id)))


def _check_first_rule(
    session: Session, known: Offices, obj: object, new: bool, rules: tuple[tuple[str, str | None], ...]
) -> None:
    """A table filed by the first of several rules whose column is set (a 13710 item: under its 督导 inspection when
    it is one's 整改, else under its unit), as sync.authority files it for bundles."""
    column, parent_table = next(((c, t) for c, t in rules if getattr(obj, c, None)), rules[-1])
    if parent_table is None:
        if new or inspect(obj).attrs[column].history.has_changes():
            check_unit_here(session, getattr(obj, column))
        return
    if new:
        with session.no_autoflush:
            parent = session.get(_model_of(parent_table), getattr(obj, column))
        if parent is not None and parent.owner_unit_id != known.here:
            raise ReadOnlyRecord(row_message(office_name(session, parent.owner_unit_id)))


@event.listens_for(Session, "before_flush")
def _guard(session: Session, _flush_context: object, _instances: object) -> None:
    if session.info.get(UNCHECKED):
        return
    new = [o for o in session.new if isinstance(o, SyncColumns)]
    dirty = [o for o in session.dirty
             if isinstance(o, SyncColumns) and session.is_modified(o, include_collections=False)]
    if not new and not dirty:
        return
    known = offices(session)
    if known is None:
        return
    for obj in dirty:
        owner = _committed(obj, "owner_unit_id")
        if owner != known.here:
            raise ReadOnlyRecord(row_message(office_name(session, owner)))  # type: ignore[arg-type]
        _check_filing(session, known, obj, new=False)
    for obj in new:
        if obj.owner_unit_id != known.here:
            raise ReadOnlyRecord(row_message(office_name(session, obj.owner_unit_id)))
        _check_filing(session, known, obj, new=True)


# -- for the screens --------------------------------------------------------------------------------------------
def _models() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers if issubclass(m.class_, SyncColumns)}


def foreign_owner(store: Store, owner_unit_id: str | None) -> str | None:
    """The name of the office that keeps a row owned by `owner_unit_id`; None when this office may edit it."""
    with store.reading() as session:
        known = offices(session)
        if known is None or not owner_unit_id or owner_unit_id == known.here:
            return None
        return office_name(session, owner_unit_id)


def record_foreign_owner(store: Store, table: str, row_id: str | None) -> str | None:
    """Like foreign_owner, for a record named by table and id (None for an unknown record: nothing to protect)."""
    model = _models().get(table)
    if model is None or not row_id:
        return None
    with store.reading() as session:
        known = offices(session)
        owner = session.scalar(select(model.owner_unit_id).where(model.id == row_id))  # type: ignore[attr-defined]
        if known is None or owner is None or owner == known.here:
            return None
        return office_name(session, owner)


def unit_foreign_maintainer(store: Store, unit_id: str | None) -> str | None:
    """The name of the office that keeps the unit's records when it is not this one (new records are refused)."""
    with store.reading() as session:
        known = offices(session)
        if known is None or not unit_id:
            return None
        maintainer = unit_maintainer(session, known, unit_id)
        return None if maintainer == known.here else office_name(session, maintainer)
