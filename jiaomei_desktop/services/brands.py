"""党建品牌: a branch's brand (name, description, year) and the coverage figures.

Definitions (the report's wording depends on them):
- a brand belongs to one 党支部 (unit_id) and covers it from its `year` on;
- `own_brand` marks the branch's own brand (一支部一品牌); a shared brand (e.g. the committee's brand carried by
  each of its branches) is recorded on every branch that carries it with own_brand = False;
- 品牌覆盖率 = branches with at least one brand ÷ live branches of the subtree; 一支部一品牌占比 = branches with an
  own brand ÷ live branches. Both for the state at the end of the chosen year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import BranchBrand, OrgUnit
from jiaomei_desktop.domain.enums import UnitKind
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

WHAT = N_("党建品牌记录")
_FIELDS = ("unit_id", "name", "description", "year", "own_brand")


@dataclass(frozen=True)
class BrandData:
    unit_id: str
    name: str
    year: int | None
    own_brand: bool = True
    description: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class BrandRow:
    id: str
    unit_id: str
    unit_name: str
    parent_name: str
    name: str
    description: str
    year: int
    own_brand: bool
    owner_unit_id: str


@dataclass(frozen=True)
class BrandCoverage:
    year: int | None
    branch_ids: tuple[str, ...]  # live 党支部 of the subtree
    branded_ids: tuple[str, ...]  # ... with any brand by the end of the year
    own_ids: tuple[str, ...]  # ... with an own brand (一支部一品牌)
    brand_ids: tuple[str, ...]  # the brand records counted

    @property
    def branches(self) -> int:
        return len(self.branch_ids)

    @property
    def coverage(self) -> float:
        return len(self.branded_ids) / self.branches if self.branches else 0.0

    @property
    def own_share(self) -> float:
        return len(self.own_ids) / self.branches if self.branches else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"branches": self.branches, "with_brand": len(self.branded_ids), "with_own_brand": len(self.own_ids),
                "brands": len(self.brand_ids), "coverage": round(self.coverage, 4),
                "own_share": round(self.own_share, 4)}


def _normalized(data: BrandData) -> BrandData:
    return BrandData(unit_id=data.unit_id, name=(data.name or "").strip(), year=data.year,
                     own_brand=bool(data.own_brand), description=clean(data.description), id=data.id)


def _rules(data: BrandData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.name, "name", N_("品牌名称"), 60, errors)
    check_text(data.description, "description", N_("品牌简介"), 4000, errors, required=False)
    check_year(data.year, errors, today=today)
    return errors


def _check_against_store(session: Session, data: BrandData, errors: dict[str, str]) -> None:
    unit = live_unit(session, data.unit_id)
    if unit is None:
        errors.setdefault("unit_id", _("请选择党支部") if not data.unit_id else _("所选支部不存在或已撤销"))
        return
    if unit.kind != UnitKind.BRANCH.value:
        errors.setdefault("unit_id", _("党建品牌登记在党支部上，“{unit}”是{kind}").format(unit=unit.name, kind=_(unit.kind)))
        return
    same = select(BranchBrand.id).where(BranchBrand.unit_id == data.unit_id, BranchBrand.name == data.name,
                                        BranchBrand.deleted.is_(False))
    if data.id:
        same = same.where(BranchBrand.id != data.id)
    if data.name and session.scalar(same):
        errors.setdefault("name", _("“{unit}”已经登记了品牌“{brand}”").format(unit=unit.name, brand=data.name))


def check_brand(store: Store, data: BrandData, today: date | None = None) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.reading() as session:
        _check_against_store(session, data, errors)
    return errors


def save_brand(store: Store, data: BrandData, today: date | None = None) -> str:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    return save_entry(store, BranchBrand, data, _FIELDS, WHAT, errors, lambda session: _check_against_store(session, data, errors))


def delete_brand(store: Store, brand_id: str) -> None:
    delete_entry(store, BranchBrand, brand_id, WHAT)


def get_brand(store: Store, brand_id: str) -> BrandData:
    return BrandData(id=brand_id, **entry_values(store, BranchBrand, brand_id, WHAT, _FIELDS))


def list_brands(store: Store, unit_id: str | None = None, year: int | None = None,
                ids: Sequence[str] | None = None) -> list[BrandRow]:
    """Brands of a subtree; with `year`, those in force at its end (year ≤ the chosen year)."""
    b = BranchBrand
    # plain columns through Core, not mapped brands
    stmt = (select(b.id, b.unit_id, OrgUnit.name, OrgUnit.parent_id, b.name, b.description, b.year, b.own_brand,
                   b.owner_unit_id)
            .join(OrgUnit, OrgUnit.id == BranchBrand.unit_id)
            .where(BranchBrand.deleted.is_(False), OrgUnit.deleted.is_(False),
                   in_subtree(BranchBrand.unit_id, unit_id))
            .order_by(OrgUnit.path, BranchBrand.year, BranchBrand.name))
    if year is not None:
        stmt = stmt.where(BranchBrand.year <= year)
    if ids is not None:
        stmt = stmt.where(BranchBrand.id.in_(list(ids)))
    with store.reading() as session:
        rows = column_rows(session, stmt)
        parents = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(
            OrgUnit.id.in_({r[3] for r in rows if r[3]}))).all())
    return [BrandRow(id_, unit, name, parents.get(parent, ""), brand, description or "", year_, own, owner)
            for id_, unit, name, parent, brand, description, year_, own, owner in rows]


def coverage(store: Store, unit_id: str | None, year: int | None) -> BrandCoverage:
    with store.reading() as session:
        return coverage_in(session, unit_id, year)


def coverage_in(session: Session, unit_id: str | None, year: int | None) -> BrandCoverage:
    branches = tuple(session.scalars(
        select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH.value, in_subtree(OrgUnit.id, unit_id))
        .order_by(OrgUnit.path)))
    stmt = (select(BranchBrand.id, BranchBrand.unit_id, BranchBrand.own_brand)
            .where(BranchBrand.deleted.is_(False), BranchBrand.unit_id.in_(
                select(OrgUnit.id).where(OrgUnit.kind == UnitKind.BRANCH.value, in_subtree(OrgUnit.id, unit_id)))))
    if year is not None:
        stmt = stmt.where(BranchBrand.year <= year)
    rows = session.execute(stmt).all()
    branded = {r[1] for r in rows}
    own = {r[1] for r in rows if r[2]}
    return BrandCoverage(year, branches, tuple(b for b in branches if b in branded),
                         tuple(b for b in branches if b in own), tuple(r[0] for r in rows))


def brand_count(store: Store, unit_id: str | None) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(BranchBrand).where(
            BranchBrand.deleted.is_(False), in_subtree(BranchBrand.unit_id, unit_id))) or 0
