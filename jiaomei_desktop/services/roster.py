"""The party-member roster: searching and sorting in SQL, reading rows in blocks, saving validated people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain import idnumber, pinyin
from jiaomei_desktop.domain.enums import DevelopmentStage, Gender, MembershipState, PoliticalStatus
from jiaomei_desktop.domain.person import PersonData, probation_end, validate_person
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store

SORT_COLUMNS = ("name", "gender", "birth_date", "political_status", "join_date", "branch", "post", "trade",
                "phone", "membership_state")


@dataclass(frozen=True)
class RosterQuery:
    text: str = ""
    unit_id: str | None = None  # the unit's whole subtree
    statuses: frozenset[PoliticalStatus] = frozenset()  # empty = any
    stages: frozenset[DevelopmentStage] = frozenset()  # 发展阶段; empty = any (with or without one)
    states: frozenset[MembershipState] = frozenset({MembershipState.ACTIVE})  # empty = any
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class RosterRow:
    """What a roster line shows. The ID number is already masked: the list never holds the full number."""

    id: str
    name: str
    gender: str
    birth_date: date | None
    id_masked: str
    political_status: str
    join_date: date | None
    branch_name: str
    post: str
    trade: str
    phone: str
    membership_state: str
    # A 预备党员 whose 预备期 (a year from 入党, plus a recorded extension) is over: the branch owes a 转正 decision.
    probation_overdue: bool = False
    development_stage: str = ""  # 入党申请人 / 入党积极分子 / 发展对象 of a non-member, else empty


class DuplicateIdNumber(ValidationFailed):
    def __init__(self, existing_id: str, existing_name: str, branch_name: str) -> None:
        self.existing_id = existing_id
        self.existing_name = existing_name
        super().__init__({"id_number": _("该身份证号已登记给 {name}（{branch}）").format(name=existing_name, branch=branch_name)})


def search_text_for(name: str, id_number: str | None, phone: str | None) -> str:
    parts = [name, pinyin.full_pinyin(name), pinyin.initials(name), id_number or "", phone or ""]
    return " ".join(p for p in parts if p).lower()


def _filtered(query: RosterQuery, columns: Sequence[object]) -> Select:
    stmt = select(*columns).select_from(Person).where(Person.deleted == false())
    if query.unit_id:
        prefix = select(OrgUnit.path).where(OrgUnit.id == query.unit_id).scalar_subquery()
        in_subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(prefix, autoescape=False))
        stmt = stmt.where(Person.branch_id.in_(in_subtree))
    if query.statuses:
        stmt = stmt.where(Person.political_status.in_(sorted(s.value for s in query.statuses)))
    if query.stages:
        stmt = stmt.where(Person.development_stage.in_(sorted(s.value for s in query.stages)))
    if query.states:
        stmt = stmt.where(Person.membership_state.in_(sorted(s.value for s in query.states)))
    text = query.text.strip().lower().replace(" ", "")
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Person.search_text.like(f"%{escaped}%", escape="\\"))
    return stmt


def _sort_expression(query: RosterQuery):  # type: ignore[no-untyped-def]
    branch = aliased(OrgUnit)
    key = {
        "name": Person.name_sort,
        "gender": Person.gender,
        "birth_date": Person.birth_date,
        "political_status": Person.political_status,
        "join_date": Person.join_date,
        "branch": select(branch.code).where(branch.id == Person.branch_id).scalar_subquery(),
        "post": Person.post,
        "trade": Person.trade,
        "phone": Person.phone,
        "membership_state": Person.membership_state,
    }.get(query.sort, Person.name_sort)
    return key.desc() if query.descending else key.asc()


def find_ids(store: Store, query: RosterQuery) -> list[str]:
    """Ids of the matching people in display order; rows are fetched later, a screenful at a time."""
    # Sorted by name (the default), SQLite walks the covering index ix_person_roster: no table access, no sort.
    stmt = _filtered(query, [Person.id]).order_by(_sort_expression(query), Person.id)
    with store.engine.connect() as conn:  # Core, not the ORM: 100,000 ids come back several times faster
        return list(conn.execute(stmt).scalars())


def count(store: Store, query: RosterQuery) -> int:
    with store.reading() as session:
        return session.scalar(_filtered(query, [func.count()])) or 0


def fetch_rows(store: Store, ids: Sequence[str], today: date | None = None) -> dict[str, RosterRow]:
    if not ids:
        return {}
    stmt = (
        select(Person.id, Person.name, Person.gender, Person.birth_date, Person.id_number, Person.political_status,
               Person.join_date, OrgUnit.name, Person.post, Person.trade, Person.phone, Person.membership_state,
               Person.probation_extension_months, Person.development_stage)
        .join(OrgUnit, OrgUnit.id == Person.branch_id)
        .where(Person.id.in_(list(ids)))
    )
    with store.reading() as session:
        rows = session.execute(stmt).all()
    today = today or date.today()
    return {
        r[0]: RosterRow(r[0], r[1], r[2] or "", r[3], idnumber.mask(r[4]), r[5], r[6], r[7], r[8] or "",
                        r[9] or "", r[10] or "", r[11], _overdue(r[5], r[6], r[12], r[11], today), r[13] or "")
        for r in rows
    }


def _overdue(status: str, join: date | None, extension: int | None, state: str, today: date) -> bool:
    if state != MembershipState.ACTIVE.value or status != PoliticalStatus.PROBATIONARY.value or join is None:
        return False
    return probation_end(join, extension) < today


_PERSON_DATA_FIELDS = tuple(f.name for f in fields(PersonData))


def _row_to_data(row: Person) -> PersonData:
    return data_from_values({name: getattr(row, name) for name in _PERSON_DATA_FIELDS})


def data_from_values(stored: Mapping[str, Any]) -> PersonData:
    """A person from stored column values (a row's, or an earlier state from the 修改记录); other keys are ignored."""
    values = {name: stored[name] for name in _PERSON_DATA_FIELDS if name in stored}
    values["gender"] = Gender(stored["gender"]) if stored.get("gender") else None
    values["political_status"] = PoliticalStatus(stored["political_status"])
    values["membership_state"] = MembershipState(stored["membership_state"])
    stage = stored.get("development_stage")
    values["development_stage"] = DevelopmentStage(stage) if stage else None
    return PersonData(**values)


def get_person(store: Store, person_id: str) -> PersonData:
    with store.reading() as session:
        row = session.get(Person, person_id)
        if row is None or row.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        return _row_to_data(row)


def find_by_id_number(session: Session, number: str, exclude_id: str | None = None) -> Person | None:
    stmt = select(Person).where(Person.id_number == number, Person.deleted == false())
    if exclude_id:
        stmt = stmt.where(Person.id != exclude_id)
    return session.scalar(stmt)


def check_person(store: Store, person: PersonData, today: date | None = None) -> dict[str, str]:
    """Every rule, including the store-wide ones (duplicate ID number, branch exists); empty dict = fine."""
    person = normalized(person)
    result = validate_person(person, today)
    with store.reading() as session:
        _check_against_store(session, person, result.errors)
    return result.errors


def person_problems(session: Session, person: PersonData, today: date | None = None) -> dict[str, str]:
    """What saving `person` would be refused for, read inside the caller's transaction; empty = fine. A duplicate
    ID number is one of the problems here, not raised (a put-back from the 修改记录 reports them all at once)."""
    person = normalized(person)
    errors = validate_person(person, today).errors
    try:
        _check_against_store(session, person, errors)
    except DuplicateIdNumber as exc:
        errors.update(exc.errors)
    return errors


def normalized(person: PersonData) -> PersonData:
    number = idnumber.normalize(person.id_number) if person.id_number else None
    return person.with_changes(
        name=person.name.strip().replace("\u3000", "").replace(" ", ""),
        id_number=number or None,
        phone=(person.phone or "").replace(" ", "").replace("-", "") or None,
    )


def _check_against_store(session: Session, person: PersonData, errors: dict[str, str]) -> None:
    branch = session.get(OrgUnit, person.branch_id) if person.branch_id else None
    if person.branch_id and (branch is None or branch.deleted):
        errors.setdefault("branch_id", _("所选支部不存在"))
    if person.party_group_id:
        group = session.get(OrgUnit, person.party_group_id)
        if group is None or group.parent_id != person.branch_id:
            errors.setdefault("party_group_id", _("党小组不属于所选支部"))
    if person.id_number and "id_number" not in errors:
        other = find_by_id_number(session, person.id_number, exclude_id=person.id)
        if other is not None:
            other_branch = session.get(OrgUnit, other.branch_id)
            raise DuplicateIdNumber(other.id, other.name, other_branch.name if other_branch else "")


def save_person(store: Store, person: PersonData, today: date | None = None) -> str:
    """Insert or update one person after every check; returns the id. Raises ValidationFailed, writing nothing."""
    person = normalized(person)
    result = validate_person(person, today)
    with store.transaction() as session:
        _check_against_store(session, person, result.errors)
        if result.errors:
            raise ValidationFailed(result.errors)
        return _write_person(session, store, person).id


def _write_person(session: Session, store: Store, person: PersonData) -> Person:
    if person.id:
        row = session.get(Person, person.id)
        if row is None or row.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        touch(row)
    else:
        row = Person(id=new_id(), owner_unit_id=office_unit_id(store), version=1)
        session.add(row)
    for name in _PERSON_DATA_FIELDS:
        if name in ("id", "version", "membership_state"):
            continue
        value = getattr(person, name)
        setattr(row, name, value.value if hasattr(value, "value") else value)
    if not person.id:
        row.membership_state = MembershipState.ACTIVE.value
    if person.id_number and not person.birth_date:
        row.birth_date = idnumber.parse(person.id_number).birth_date
    if person.id_number and not person.gender:
        row.gender = idnumber.parse(person.id_number).gender.value
    row.name_sort = pinyin.sort_key(row.name)
    row.search_text = search_text_for(row.name, row.id_number, row.phone)
    session.flush()
    return row


@dataclass(frozen=True)
class BranchChoice:
    id: str
    name: str
    path_label: str  # "某矿党委 / 综采一队党支部"
    party_groups: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def branch_choices(store: Store, within_unit_id: str | None = None) -> list[BranchChoice]:
    """Units a person can belong to (党支部, and 党总支/党委 that keep members directly), with their party groups."""
    with store.reading() as session:
        units = list(session.scalars(select(OrgUnit).where(OrgUnit.deleted.is_(False))))
    by_id = {u.id: u for u in units}
    prefix = by_id[within_unit_id].path if within_unit_id and within_unit_id in by_id else ""
    groups: dict[str, list[tuple[str, str]]] = {}
    for u in units:
        if u.kind == "党小组" and u.parent_id:
            groups.setdefault(u.parent_id, []).append((u.id, u.name))
    choices = []
    for u in sorted(units, key=lambda x: (x.path.count("/"), x.code)):
        if u.kind == "党小组" or not u.path.startswith(prefix):
            continue
        parent = by_id.get(u.parent_id) if u.parent_id else None
        label = f"{parent.name} / {u.name}" if parent else u.name
        choices.append(BranchChoice(u.id, u.name, label, tuple(sorted(groups.get(u.id, [])))))
    kinds_first = {"党支部": 0, "党总支": 1, "基层党委": 2, "集团党委": 3}
    by_kind = {u.id: kinds_first.get(u.kind, 9) for u in units}
    return sorted(choices, key=lambda c: (by_kind[c.id], c.path_label))
