"""The organisation tree: listing with member counts, adding, renaming, moving and retiring units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain.enums import ALLOWED_CHILDREN, MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.text import text_problem
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import ownership
from jiaomei_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from jiaomei_desktop.services.office import has_office, office_unit_id, set_office_unit, touch
from jiaomei_desktop.services.store import Store

MEMBER_STATUSES = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)


@dataclass(frozen=True)
class UnitData:
    id: str
    code: str
    name: str
    kind: UnitKind
    parent_id: str | None
    path: str
    owner_unit_id: str


@dataclass(frozen=True)
class UnitNode:
    unit: UnitData
    member_count: int  # active party members (正式 + 预备) in the subtree
    children: tuple[UnitNode, ...]


def _to_data(row: OrgUnit) -> UnitData:
    return UnitData(row.id, row.code, row.name, UnitKind(row.kind), row.parent_id, row.path, row.owner_unit_id)


def list_units(store: Store) -> list[UnitData]:
    with store.reading() as session:
        stmt = select(OrgUnit).where(OrgUnit.deleted.is_(False)).order_by(OrgUnit.sort_order, OrgUnit.code)
        rows = session.scalars(stmt)
        return [_to_data(r) for r in rows]


def get_unit(store: Store, unit_id: str) -> UnitData:
    with store.reading() as session:
        row = session.get(OrgUnit, unit_id)
        if row is None or row.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        return _to_data(row)


def find_unit_by_code(store: Store, code: str) -> UnitData | None:
    with store.reading() as session:
        row = session.scalar(select(OrgUnit).where(OrgUnit.code == code, OrgUnit.deleted.is_(False)))
        return _to_data(row) if row else None


def unit_tree(store: Store) -> list[UnitNode]:
    """Roots of the tree, each with the count of active members in its subtree."""
    units = list_units(store)
    with store.reading() as session:
        direct = dict(
            session.execute(
                select(Person.branch_id, func.count())
                .where(
                    Person.deleted.is_(False),
                    Person.membership_state == MembershipState.ACTIVE.value,
                    Person.political_status.in_(MEMBER_STATUSES),
                )
                .group_by(Person.branch_id)
            ).all()
        )
    children: dict[str | None, list[UnitData]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    known = {u.id for u in units}

    def build(unit: UnitData) -> UnitNode:
        kids = tuple(build(child) for child in children.get(unit.id, []))
        return UnitNode(unit, direct.get(unit.id, 0) + sum(k.member_count for k in kids), kids)

    return [build(u) for u in units if u.parent_id is None or u.parent_id not in known]


def subtree_ids(store: Store, unit_id: str) -> list[str]:
    with store.reading() as session:
        return _subtree_ids(session, unit_id)


def _subtree_ids(session: Session, unit_id: str) -> list[str]:
    path = session.scalar(select(OrgUnit.path).where(OrgUnit.id == unit_id))
    if path is None:
        return []
    return list(session.scalars(select(OrgUnit.id).where(OrgUnit.path.startswith(path), OrgUnit.deleted.is_(False))))


def create_office_unit(store: Store, code: str, name: str, kind: UnitKind, parent_name: str | None = None) -> UnitData:
    """First start: this installation becomes `name`. A parent, if named, is recorded as its (read-only) root."""
    if has_office(store):
        raise ServiceError(_("本机已经设置了所属单位"))
    _check_code_name(code, name)
    with store.transaction() as session:
        unit_id = new_id()
        parent_id = None
        parent_path = "/"
        if parent_name and parent_name.strip():
            parent_id = new_id()
            parent_kind = UnitKind.GROUP_COMMITTEE if kind is not UnitKind.BRANCH else UnitKind.COMMITTEE
            parent_path = f"/{parent_id}/"
            session.add(OrgUnit(id=parent_id, code=f"{code}-上级", name=parent_name.strip(), kind=parent_kind.value,
                                parent_id=None, path=parent_path, owner_unit_id=unit_id))
        row = OrgUnit(id=unit_id, code=code.strip(), name=name.strip(), kind=kind.value, parent_id=parent_id,
                      path=f"{parent_path}{unit_id}/", owner_unit_id=unit_id)
        session.add(row)
        set_office_unit(session, store, unit_id)
        session.flush()
        return _to_data(row)


def add_unit(store: Store, parent_id: str, code: str, name: str, kind: UnitKind) -> UnitData:
    _check_code_name(code, name)
    with store.transaction() as session:
        parent = _live(session, parent_id)
        _check_child_kind(UnitKind(parent.kind), kind)
        _check_code_free(session, code.strip())
        unit_id = new_id()
        siblings = session.scalar(select(func.count()).where(OrgUnit.parent_id == parent_id)) or 0
        row = OrgUnit(id=unit_id, code=code.strip(), name=name.strip(), kind=kind.value, parent_id=parent_id,
                      path=f"{parent.path}{unit_id}/", owner_unit_id=office_unit_id(store), sort_order=siblings)
        session.add(row)
        session.flush()
        return _to_data(row)


def rename_unit(store: Store, unit_id: str, name: str, code: str | None = None) -> UnitData:
    _check_code_name(code if code is not None else "x", name)
    with store.transaction() as session:
        row = _live(session, unit_id)
        if code is not None and code.strip() != row.code:
            _check_code_free(session, code.strip())
            row.code = code.strip()
        row.name = name.strip()
        touch(row)
        session.flush()
        return _to_data(row)


def move_unit(store: Store, unit_id: str, new_parent_id: str) -> UnitData:
    with store.transaction() as session:
        row = _live(session, unit_id)
        parent = _live(session, new_parent_id)
        if parent.path.startswith(row.path):
            raise ServiceError(_("不能把单位移动到它自己或它的下级单位之下"))
        _check_child_kind(UnitKind(parent.kind), UnitKind(row.kind))
        old_path, new_path = row.path, f"{parent.path}{row.id}/"
        for descendant in session.scalars(select(OrgUnit).where(OrgUnit.path.startswith(old_path))):
            descendant.path = new_path + descendant.path[len(old_path):]
        row.parent_id = parent.id
        touch(row)
        session.flush()
        return _to_data(row)


def retire_unit(store: Store, unit_id: str) -> None:
    """Units are tombstoned, and only when nobody (not even a former member) is recorded in their subtree."""
    with store.transaction() as session:
        row = _live(session, unit_id)
        if row.parent_id is None:
            raise ServiceError(_("不能删除最上级单位"))
        ids = _subtree_ids(session, unit_id)
        ownership.check_subtree_here(session, unit_id, ids)  # the bulk update below bypasses the flush guard
        people = session.scalar(
            select(func.count()).select_from(Person).where(Person.branch_id.in_(ids), Person.deleted.is_(False))
        )
        if people:
            raise ServiceError(_("“{name}”及其下级单位还有{n}人的记录，不能删除。请先把人员转到其他单位。").format(
                name=row.name, n=people))
        session.execute(update(OrgUnit).where(OrgUnit.id.in_(ids)).values(deleted=True, version=OrgUnit.version + 1))


def _live(session: Session, unit_id: str) -> OrgUnit:
    row = session.get(OrgUnit, unit_id)
    if row is None or row.deleted:
        raise NotFoundError(_("单位不存在或已删除"))
    return row


def _check_code_name(code: str, name: str) -> None:
    errors = {}
    if not name or not name.strip():
        errors["name"] = _("请填写单位名称")
    elif len(name.strip()) > 120:
        errors["name"] = _("单位名称过长")
    if not code or not code.strip():
        errors["code"] = _("请填写单位代码")
    elif len(code.strip()) > 40:
        errors["code"] = _("单位代码过长（最多40个字符）")
    for key, value, label in (("name", name or "", _("单位名称")), ("code", code or "", _("单位代码"))):
        problem = text_problem(value, label)  # control, direction-override or zero-width characters
        if problem:
            errors[key] = problem
    if errors:
        raise ValidationFailed(errors)


def _check_code_free(session: Session, code: str) -> None:
    if session.scalar(select(OrgUnit.id).where(OrgUnit.code == code, OrgUnit.deleted.is_(False))):
        raise ValidationFailed({"code": _("单位代码“{code}”已被使用").format(code=code)})


def _check_child_kind(parent: UnitKind, child: UnitKind) -> None:
    if child not in ALLOWED_CHILDREN[parent]:
        raise ServiceError(_("{parent}下不能设立{child}").format(parent=_(parent.value), child=_(child.value)))
