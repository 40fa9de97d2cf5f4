"""我为职工办实事: the ledger of practical deeds for workers, with totals by unit and year.

Figures count deeds that are done (已办结) in the year of their date; planned ones are listed and counted apart,
so a plan never inflates what was reported as achieved. Money is integer fen throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, String, func, select, type_coerce
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import OrgUnit, WorkerDeed
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.registers import MONEY_MAX_FEN, PERSON_TIMES_MAX, DeedCategory, DeedState
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    column_rows,
    delete_entry,
    entry_values,
    in_subtree,
    live_unit,
    save_entry,
    year_range,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("办实事记录")
_FIELDS = ("item", "unit_id", "deed_date", "category", "person_times", "amount_fen", "state", "notes")


@dataclass(frozen=True)
class DeedData:
    item: str
    unit_id: str
    deed_date: date | None
    category: str = DeedCategory.RELIEF.value
    person_times: int = 0
    amount_fen: int = 0
    state: str = DeedState.DONE.value
    notes: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class DeedRow:
    id: str
    item: str
    unit_id: str
    unit_name: str
    deed_date: date
    category: str
    person_times: int
    amount_fen: int
    state: str
    notes: str
    owner_unit_id: str


@dataclass(frozen=True)
class DeedTotals:
    unit_id: str | None
    unit_name: str
    items: int = 0  # done
    person_times: int = 0
    amount_fen: int = 0
    planned: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"unit": self.unit_name, "items": self.items, "person_times": self.person_times,
                "amount_fen": self.amount_fen, "planned": self.planned}


def _normalized(data: DeedData) -> DeedData:
    return DeedData(item=(data.item or "").strip(), unit_id=data.unit_id, deed_date=data.deed_date,
                    category=(data.category or "").strip() or DeedCategory.OTHER.value,
                    person_times=data.person_times, amount_fen=data.amount_fen, state=data.state,
                    notes=clean(data.notes), id=data.id)


def _rules(data: DeedData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.item, "item", N_("实事内容"), 200, errors)
    check_text(data.category, "category", N_("类别"), 30, errors)
    if data.deed_date is None:
        errors["deed_date"] = _("请填写日期")
    elif data.deed_date.year < 1990 or data.deed_date.year > today.year + 1:
        errors["deed_date"] = _("日期应在1990年至{last}年之间").format(last=today.year + 1)
    elif data.state == DeedState.DONE.value and data.deed_date > today:
        errors["deed_date"] = _("已办结的实事，日期不能晚于今天")
    if not isinstance(data.person_times, int) or data.person_times < 0:
        errors["person_times"] = _("受益人次应为不小于0的整数")
    elif data.person_times > PERSON_TIMES_MAX:
        errors["person_times"] = _("受益人次过大，请检查")
    if not isinstance(data.amount_fen, int) or data.amount_fen < 0:
        errors["amount_fen"] = _("金额不能为负数")
    elif data.amount_fen > MONEY_MAX_FEN:
        errors["amount_fen"] = _("金额过大，请检查（单位：元）")
    if data.state not in {s.value for s in DeedState}:
        errors["state"] = _("状态应为“{planned}”或“{done}”").format(planned=_(DeedState.PLANNED.value),
                                                               done=_(DeedState.DONE.value))
    check_text(data.notes, "notes", N_("备注"), 2000, errors, required=False)
    return errors


def _check_unit(session: Session, data: DeedData, errors: dict[str, str]) -> None:
    unit = live_unit(session, data.unit_id)
    if unit is None:
        errors.setdefault("unit_id", _("请选择办理单位") if not data.unit_id else _("所选单位不存在或已撤销"))
    elif unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("请选择党支部或以上的单位（党小组不单独登记办实事）"))


def check_deed(store: Store, data: DeedData, today: date | None = None) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.reading() as session:
        _check_unit(session, data, errors)
    return errors


def save_deed(store: Store, data: DeedData, today: date | None = None) -> str:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    return save_entry(store, WorkerDeed, data, _FIELDS, WHAT, errors, lambda session: _check_unit(session, data, errors))


def delete_deed(store: Store, deed_id: str) -> None:
    delete_entry(store, WorkerDeed, deed_id, WHAT)


def get_deed(store: Store, deed_id: str) -> DeedData:
    return DeedData(id=deed_id, **entry_values(store, WorkerDeed, deed_id, WHAT, _FIELDS))


def list_deeds(store: Store, unit_id: str | None = None, year: int | None = None, state: str | None = None,
               ids: Sequence[str] | None = None) -> list[DeedRow]:
    """Deeds of a unit subtree (and year), newest first."""
    d = WorkerDeed
    # plain columns through Core, the date as text: the ORM's objects and date parsing were most of the listing
    stmt: Select = (select(d.id, d.item, d.unit_id, OrgUnit.name, type_coerce(d.deed_date, String), d.category,
                         d.person_times, d.amount_fen, d.state, d.notes, d.owner_unit_id)
                  .join(OrgUnit, OrgUnit.id == WorkerDeed.unit_id)
                  .where(WorkerDeed.deleted.is_(False), in_subtree(WorkerDeed.unit_id, unit_id))
                  .order_by(WorkerDeed.deed_date.desc(), OrgUnit.path, WorkerDeed.item))
    stmt = year_range(stmt, WorkerDeed.deed_date, year)
    if state:
        stmt = stmt.where(WorkerDeed.state == state)
    if ids is not None:
        stmt = stmt.where(WorkerDeed.id.in_(list(ids)))
    with store.reading() as session:
        rows = column_rows(session, stmt)
    return [DeedRow(id_, item, unit, name, date.fromisoformat(day), category, people, fen, state_, notes or "", owner)
            for id_, item, unit, name, day, category, people, fen, state_, notes, owner in rows]


def deed_totals(store: Store, unit_id: str | None, year: int | None) -> DeedTotals:
    """Totals of a subtree for a year (None: every year)."""
    by_child = totals_by_unit(store, unit_id, year)
    name = by_child[0].unit_name if by_child else ""
    return by_child[0] if by_child else DeedTotals(unit_id, name)


def totals_by_unit(store: Store, unit_id: str | None, year: int | None) -> list[DeedTotals]:
    """The subtree's total first, then one line per direct child unit (or per top unit when unit_id is None)."""
    stmt = (select(WorkerDeed.unit_id, WorkerDeed.state, func.count(), func.sum(WorkerDeed.person_times),
                   func.sum(WorkerDeed.amount_fen))
            .where(WorkerDeed.deleted.is_(False), in_subtree(WorkerDeed.unit_id, unit_id))
            .group_by(WorkerDeed.unit_id, WorkerDeed.state))
    stmt = year_range(stmt, WorkerDeed.deed_date, year)
    with store.reading() as session:
        units = {r[0]: (r[1], r[2], r[3]) for r in session.execute(
            select(OrgUnit.id, OrgUnit.name, type_coerce(OrgUnit.path, String), OrgUnit.code)
            .where(OrgUnit.deleted.is_(False)))}
        grouped = session.execute(stmt).all()
    root_path = units[unit_id][1] if unit_id in units else "/"
    root_name = units[unit_id][0] if unit_id in units else _("全部单位")
    sums: dict[str | None, list[int]] = {}
    for deed_unit, state, n, people, money in grouped:
        path = units.get(deed_unit, ("", "", ""))[1]
        rest = path[len(root_path):].strip("/").split("/") if path.startswith(root_path) else []
        keys = [unit_id, rest[0] if rest and rest[0] else unit_id] if unit_id else [None, rest[0] if rest else None]
        for key in dict.fromkeys(keys):
            acc = sums.setdefault(key, [0, 0, 0, 0])
            if state == DeedState.DONE.value:
                acc[0] += n
                acc[1] += people or 0
                acc[2] += money or 0
            else:
                acc[3] += n
    total = sums.pop(unit_id, [0, 0, 0, 0])
    lines = [DeedTotals(unit_id, root_name, *total)]
    for child in sorted((k for k in sums if k), key=lambda k: units[k][2]):
        lines.append(DeedTotals(child, units[child][0], *sums[child]))
    return lines
