"""党员责任区: a zone (place, people and equipment in it, duties) assigned to a member; lists by unit; placards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import OrgUnit, Person, ResponsibilityZone
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.progress import Progress
from jiaomei_desktop.domain.registers import ZoneKind
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.placard import PlacardData, render_placard
from jiaomei_desktop.services.errors import NotFoundError, ServiceError
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    column_rows,
    delete_entry,
    entry_values,
    in_subtree,
    iso_date,
    not_found,
    save_entry,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("责任区记录")
_FIELDS = ("person_id", "unit_id", "zone_name", "place", "scope_people", "scope_equipment", "kind", "duties",
           "start_date", "end_date")


@dataclass(frozen=True)
class ZoneData:
    person_id: str
    zone_name: str
    kind: str = ZoneKind.SAFETY.value
    place: str | None = None
    scope_people: str | None = None  # 责任范围 (人员): "本班组12名职工"
    scope_equipment: str | None = None  # 责任范围 (设备): "8101工作面采煤机、刮板输送机"
    duties: str | None = None  # one duty per line; printed numbered on the placard
    start_date: date | None = None
    end_date: date | None = None
    unit_id: str | None = None  # None: the member's branch
    id: str | None = None

    @property
    def duty_list(self) -> list[str]:
        return [d.strip() for d in (self.duties or "").splitlines() if d.strip()]


@dataclass(frozen=True)
class ZoneRow:
    id: str
    person_id: str
    person_name: str
    unit_id: str
    unit_name: str
    zone_name: str
    place: str
    kind: str
    scope_people: str
    scope_equipment: str
    duties: str
    start_date: date | None
    end_date: date | None
    owner_unit_id: str

    def active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)

    @property
    def scope(self) -> str:
        return "；".join(p for p in (self.scope_people, self.scope_equipment) if p)


@dataclass(frozen=True)
class ZoneQuery:
    unit_id: str | None = None
    text: str = ""  # member name / pinyin, or zone / place text
    kind: str | None = None
    active_on: date | None = None
    person_id: str | None = None


def _normalized(data: ZoneData) -> ZoneData:
    return ZoneData(person_id=data.person_id, zone_name=(data.zone_name or "").strip(),
                    kind=(data.kind or "").strip() or ZoneKind.SAFETY.value, place=clean(data.place),
                    scope_people=clean(data.scope_people), scope_equipment=clean(data.scope_equipment),
                    duties=clean(data.duties), start_date=data.start_date, end_date=data.end_date,
                    unit_id=data.unit_id or None, id=data.id)


def _rules(data: ZoneData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.person_id:
        errors["person_id"] = _("请选择责任人（党员）")
    check_text(data.zone_name, "zone_name", N_("责任区名称"), 120, errors)
    check_text(data.place, "place", N_("地点"), 120, errors, required=False)
    check_text(data.kind, "kind", N_("责任区类别"), 30, errors)
    for name, label in (("scope_people", N_("责任范围（人员）")), ("scope_equipment", N_("责任范围（设备）")),
                        ("duties", N_("职责"))):
        check_text(getattr(data, name), name, label, 2000, errors, required=False)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = _("结束日期不能早于开始日期")
    return errors


def _check_against_store(session: Session, data: ZoneData, errors: dict[str, str]) -> str | None:
    """The member must be a live party member on the roll; returns the unit the zone belongs to."""
    person = session.get(Person, data.person_id) if data.person_id else None
    if data.person_id and (person is None or person.deleted):
        errors.setdefault("person_id", _("所选人员不存在或已删除"))
        return None
    if person is None:
        return None
    if person.membership_state != MembershipState.ACTIVE.value:
        errors.setdefault("person_id", _("{name}已{state}，不能再分配责任区").format(
            name=person.name, state=_(person.membership_state)))
    elif person.political_status not in (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value):
        errors.setdefault("person_id", _("{name}是{status}，党员责任区只能分配给党员").format(
            name=person.name, status=_(person.political_status)))
    unit_id = data.unit_id or person.branch_id
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.deleted:
        errors.setdefault("unit_id", _("所选单位不存在或已撤销"))
    return unit_id


def check_zone(store: Store, data: ZoneData) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data)
    with store.reading() as session:
        _check_against_store(session, data, errors)
    return errors


def save_zone(store: Store, data: ZoneData) -> str:
    """Insert or update a zone; ValidationFailed (nothing written) when a rule fails. Returns the id."""
    data = _normalized(data)
    errors = _rules(data)
    return save_entry(store, ResponsibilityZone, data, _FIELDS, WHAT, errors,
                      lambda session: {"unit_id": _check_against_store(session, data, errors)})


def delete_zone(store: Store, zone_id: str) -> None:
    delete_entry(store, ResponsibilityZone, zone_id, WHAT)


def get_zone(store: Store, zone_id: str) -> ZoneData:
    return ZoneData(id=zone_id, **entry_values(store, ResponsibilityZone, zone_id, WHAT, _FIELDS))


def _ascii_lower(text: str) -> str:
    """ASCII letters lowered, the rest as it is — as SQLite's LIKE (what the search once was) folds case. Through
    UTF-8: bytes.lower() touches ASCII bytes only, and runs six times faster than str.translate on Chinese text."""
    return text.encode().lower().decode()


@dataclass(frozen=True)
class UnitZones:
    """Every zone of a unit subtree in the list's order, with what a search looks in for each: the member's search
    text (name, pinyin, initials), the zone's name and its place. The 责任区 tab reads a unit's zones once and
    filters them in memory (`filter_zones`): a filter change re-read ~1,600 zones of the group."""

    unit_id: str | None
    rows: tuple[ZoneRow, ...]
    searched: tuple[tuple[str, str, str], ...]  # one per row


def unit_zones(store: Store, unit_id: str | None = None, person_id: str | None = None) -> UnitZones:
    """The zones of a unit subtree (of one member, with `person_id`), by unit then member (pinyin order)."""
    unit = aliased(OrgUnit)
    z = ResponsibilityZone
    # plain columns, not the mapped zone: building ~1,600 ORM objects was most of listing the group's zones
    stmt = (select(z.id, z.person_id, Person.name, z.unit_id, unit.name, z.zone_name, z.place, z.kind, z.scope_people,
                   z.scope_equipment, z.duties, type_coerce(z.start_date, String), type_coerce(z.end_date, String),
                   z.owner_unit_id, Person.search_text)
            .join(Person, Person.id == z.person_id)
            .join(unit, unit.id == z.unit_id)
            .where(z.deleted.is_(False), in_subtree(z.unit_id, unit_id))
            .order_by(unit.path, Person.name_sort, z.zone_name))
    if person_id:
        stmt = stmt.where(z.person_id == person_id)
    with store.reading() as session:
        read = column_rows(session, stmt)
    rows, searched = [], []
    for (id_, person, person_name, unit_of, unit_name, zone_name, place, kind, people, equipment, duties, start, end,
         owner, search_text) in read:
        rows.append(ZoneRow(id_, person, person_name, unit_of, unit_name, zone_name, place or "", kind, people or "",
                            equipment or "", duties or "", iso_date(start), iso_date(end), owner))
        searched.append((_ascii_lower(search_text or ""), _ascii_lower(zone_name), _ascii_lower(place or "")))
    return UnitZones(unit_id, tuple(rows), tuple(searched))


def filter_zones(zones: UnitZones, query: ZoneQuery) -> list[ZoneRow]:
    """The zones of `zones` that `query` asks for (its unit is the one `zones` was read for): kind, in force on a
    day, member, and a text in the member's name or pinyin, the zone's name or its place."""
    text = query.text.strip().lower().replace(" ", "")
    kind, day, person = query.kind, query.active_on, query.person_id
    return [
        r
        for r, searched in zip(zones.rows, zones.searched, strict=True)
        if (not kind or r.kind == kind)
        and (day is None or r.active_on(day))
        and (not person or r.person_id == person)
        and (not text or any(text in s for s in searched))
    ]


def list_zones(store: Store, query: ZoneQuery = ZoneQuery()) -> list[ZoneRow]:
    """Zones of a unit subtree, by unit then member (pinyin order)."""
    return filter_zones(unit_zones(store, query.unit_id, query.person_id), query)


def zone_rows(store: Store, zone_ids: Sequence[str]) -> list[ZoneRow]:
    """The given zones (live ones), in the list's order; for click-through from the statistics."""
    wanted = set(zone_ids)
    return [r for r in list_zones(store) if r.id in wanted]


def zones_for_person(store: Store, person_id: str) -> list[ZoneRow]:
    """A member's zones (current and past), for the roster's person view."""
    return list_zones(store, ZoneQuery(person_id=person_id))


# -- placards ---------------------------------------------------------------------------------------------------
def placard_data(store: Store, zone_id: str, scheme: str = "red", paper: str = "A4",
                 emblem: Path | None = None) -> PlacardData:
    with store.reading() as session:
        row = session.get(ResponsibilityZone, zone_id)
        if row is None or row.deleted:
            raise NotFoundError(not_found(WHAT))
        person = session.get(Person, row.person_id)
        unit = session.get(OrgUnit, row.unit_id)
        unit_name = _placard_unit(session, unit)
        zone = f"{row.zone_name}（{row.place}）" if row.place and row.place not in row.zone_name else row.zone_name
        scope = "；".join(p for p in (row.scope_people, row.scope_equipment) if p) or "—"
        duties = [d.strip() for d in (row.duties or "").splitlines() if d.strip()]
        return PlacardData(member_name=person.name if person else "", zone=zone, scope=scope, duties=duties,
                           unit=unit_name, scheme=scheme, paper=paper, emblem=emblem)


def _placard_unit(session: Session, unit: OrgUnit | None) -> str:
    if unit is None:
        return ""
    if unit.kind == UnitKind.PARTY_GROUP.value and unit.parent_id:
        parent = session.get(OrgUnit, unit.parent_id)
        return f"{parent.name} {unit.name}" if parent else unit.name
    return unit.name


def render_zone_placard(store: Store, zone_id: str, scheme: str = "red", paper: str = "A4",
                        emblem: Path | None = None) -> bytes:
    """One placard as PDF bytes; a document problem (too much text, missing glyphs) is a ServiceError."""
    data = placard_data(store, zone_id, scheme, paper, emblem)
    try:
        return render_placard(data)
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc


def save_placards(store: Store, zone_ids: Sequence[str], folder: Path, scheme: str = "red", paper: str = "A4",
                  emblem: Path | None = None, progress: Progress | None = None) -> list[Path]:
    """One PDF per zone into `folder` ("责任区标牌_姓名_责任区.pdf"); cancelling keeps nothing half-written."""
    rendered: list[tuple[str, bytes]] = []
    for i, zone_id in enumerate(zone_ids):
        if progress:
            progress.step(i, len(zone_ids), "")
        data = placard_data(store, zone_id, scheme, paper, emblem)
        try:
            pdf = render_placard(data)
        except ReportError as exc:
            raise ServiceError(_("{name}：{error}").format(name=data.member_name, error=exc)) from exc
        rendered.append((_file_name(data, i), pdf))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, pdf in rendered:
        path = folder / name
        path.write_bytes(pdf)
        paths.append(path)
    return paths


def _file_name(data: PlacardData, index: int) -> str:
    safe = "".join(c for c in f"{data.member_name}_{data.zone}" if c not in '\\/:*?"<>|')[:60]
    # The user finds these files in the folder they chose: named in the UI language like the single placard's.
    return _("责任区标牌_{n:03d}_{name}.pdf").format(n=index + 1, name=safe)
