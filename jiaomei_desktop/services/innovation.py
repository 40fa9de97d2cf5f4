"""The innovation register: 改革任务, 技术创新项目, 群众性创新成果, 实用新型专利 / 发明专利 and 获奖, each with its unit,
year and the people behind it; counts by kind for a unit subtree and year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import InnovationItem, OrgUnit
from jiaomei_desktop.db.models.studio import InnovationStudio
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.register_common import (
    check_text,
    check_year,
    clean,
    column_rows,
    delete_entry,
    entry_values,
    in_subtree,
    live_unit,
    save_entry,
)
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.studios import check_link

WHAT = N_("创新成果记录")
_FIELDS = ("kind", "title", "unit_id", "year", "people", "notes", "studio_id")
KINDS = tuple(k.value for k in InnovationKind)


@dataclass(frozen=True)
class InnovationData:
    kind: str
    title: str
    unit_id: str
    year: int | None
    people: str | None = None
    notes: str | None = None
    id: str | None = None
    studio_id: str | None = None  # the 创新工作室 whose output this is (services.studios)


@dataclass(frozen=True)
class InnovationRow:
    id: str
    kind: str
    title: str
    unit_id: str
    unit_name: str
    year: int
    people: str
    notes: str
    owner_unit_id: str
    studio_id: str | None = None
    studio_name: str = ""


def _normalized(data: InnovationData) -> InnovationData:
    return InnovationData(kind=(data.kind or "").strip(), title=(data.title or "").strip(), unit_id=data.unit_id,
                          year=data.year, people=clean(data.people), notes=clean(data.notes), id=data.id,
                          studio_id=data.studio_id or None)


def _rules(data: InnovationData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = _("请选择类别：{kinds}").format(kinds=_("、").join(_(kind) for kind in KINDS))
    check_text(data.title, "title", N_("名称"), 200, errors)
    check_year(data.year, errors, today=today)
    check_text(data.people, "people", N_("完成人"), 2000, errors, required=False)
    check_text(data.notes, "notes", N_("备注"), 4000, errors, required=False)
    return errors


def _check_unit(session: Session, data: InnovationData, errors: dict[str, str]) -> None:
    unit = live_unit(session, data.unit_id)
    if unit is None:
        errors.setdefault("unit_id", _("请选择单位") if not data.unit_id else _("所选单位不存在或已撤销"))
    elif unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("请选择党支部或以上的单位"))
    check_link(session, data.studio_id, data.kind, data.unit_id, data.year, errors)


def check_item(store: Store, data: InnovationData, today: date | None = None) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.reading() as session:
        _check_unit(session, data, errors)
    return errors


def save_item(store: Store, data: InnovationData, today: date | None = None) -> str:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    return save_entry(store, InnovationItem, data, _FIELDS, WHAT, errors, lambda session: _check_unit(session, data, errors))


def delete_item(store: Store, item_id: str) -> None:
    delete_entry(store, InnovationItem, item_id, WHAT)


def get_item(store: Store, item_id: str) -> InnovationData:
    return InnovationData(id=item_id, **entry_values(store, InnovationItem, item_id, WHAT, _FIELDS))


def list_items(store: Store, unit_id: str | None = None, year: int | None = None, kind: str | None = None,
               ids: Sequence[str] | None = None) -> list[InnovationRow]:
    i = InnovationItem
    # plain columns through Core, not mapped items: the ORM's objects were most of listing ~1,200 entries
    stmt = (select(i.id, i.kind, i.title, i.unit_id, OrgUnit.name, i.year, i.people, i.notes, i.owner_unit_id,
                   i.studio_id, InnovationStudio.name)
            .join(OrgUnit, OrgUnit.id == InnovationItem.unit_id)
            .outerjoin(InnovationStudio, InnovationStudio.id == InnovationItem.studio_id)
            .where(InnovationItem.deleted.is_(False), in_subtree(InnovationItem.unit_id, unit_id))
            .order_by(InnovationItem.year.desc(), InnovationItem.kind, OrgUnit.path, InnovationItem.title))
    if year is not None:
        stmt = stmt.where(InnovationItem.year == year)
    if kind:
        stmt = stmt.where(InnovationItem.kind == kind)
    if ids is not None:
        stmt = stmt.where(InnovationItem.id.in_(list(ids)))
    with store.reading() as session:
        rows = column_rows(session, stmt)
    return [InnovationRow(id_, kind_, title, unit, name, year_, people or "", notes or "", owner, studio_id, studio or "")
            for id_, kind_, title, unit, name, year_, people, notes, owner, studio_id, studio in rows]


def counts_by_kind(store: Store, unit_id: str | None, year: int | None) -> dict[str, int]:
    stmt = (select(InnovationItem.kind, func.count())
            .where(InnovationItem.deleted.is_(False), in_subtree(InnovationItem.unit_id, unit_id))
            .group_by(InnovationItem.kind))
    if year is not None:
        stmt = stmt.where(InnovationItem.year == year)
    with store.reading() as session:
        found = dict(session.execute(stmt).all())
    return {kind: found.get(kind, 0) for kind in KINDS}
