"""Recording honours: save (insert/update), retire (tombstone), read one, and the category list users can extend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import Honor, HonorCategoryRow, MembershipChange, OrgUnit, Person, Photo
from jiaomei_desktop.domain import honor as rules
from jiaomei_desktop.domain.enums import MembershipState
from jiaomei_desktop.domain.honor import HonorData, MemberFacts
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store

_FIELDS = ("person_id", "unit_id", "title", "category", "level", "awarding_body", "award_date", "deeds",
           "photo_sha256", "collective_name")


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str
    unit_name: str
    post: str


def _to_data(row: Honor) -> HonorData:
    return HonorData(id=row.id, **{name: getattr(row, name) for name in _FIELDS})


def get_honor(store: Store, honor_id: str) -> HonorData:
    with store.reading() as session:
        row = session.get(Honor, honor_id)
        if row is None or row.deleted:
            raise NotFoundError(_("荣誉记录不存在或已删除"))
        return _to_data(row)


def check_honor(store: Store, data: HonorData, today: date | None = None) -> dict[str, str]:
    """Every rule, including the ones that need the store; empty dict = fine. For forms validating as one types."""
    with store.reading() as session:
        return honor_problems(session, data, today)


def honor_problems(session: Session, data: HonorData, today: date | None = None) -> dict[str, str]:
    """What saving `data` would be refused for, read inside the caller's transaction; empty = fine."""
    data = rules.normalized(data)
    errors = rules.validate_honor(data, today)
    _check_against_store(session, data, errors)
    return errors


def member_facts(session: Session, person: Person) -> MemberFacts | None:
    """The person's party membership as eligibility needs it; None for someone who never was a party member."""
    if person.join_date is None:
        return None
    left = session.scalar(
        select(func.min(MembershipChange.change_date)).where(
            MembershipChange.person_id == person.id, MembershipChange.deleted.is_(False),
            MembershipChange.new_state.in_((MembershipState.EXPELLED.value, MembershipState.DECEASED.value))))
    return MemberFacts(person.join_date, person.full_member_date, left)


def honor_warnings(store: Store, data: HonorData) -> list[str]:
    """What a careful clerk should look at twice but may keep (a 预备党员 named 优秀共产党员)."""
    if not data.person_id:
        return []
    with store.reading() as session:
        person = session.get(Person, data.person_id)
        if person is None:
            return []
        return rules.eligibility(rules.normalized(data), member_facts(session, person))[1]


def _check_against_store(session: Session, data: HonorData, errors: dict[str, str]) -> None:
    if data.person_id:
        person = session.get(Person, data.person_id)
        if person is None or person.deleted:
            errors.setdefault("subject", _("所选人员不存在或已删除"))
        else:
            for name, message in rules.eligibility(data, member_facts(session, person))[0].items():
                errors.setdefault(name, message)
    if data.unit_id:
        unit = session.get(OrgUnit, data.unit_id)
        if unit is None or unit.deleted:
            errors.setdefault("subject", _("所选单位不存在或已撤销"))
    if data.photo_sha256 and session.get(Photo, data.photo_sha256) is None:
        errors.setdefault("photo", _("照片不在照片库中，请重新选择照片"))


def save_honor(store: Store, data: HonorData, today: date | None = None) -> str:
    """Insert or update one honour after every check; returns its id. A new category is remembered for next time.

    Raises ValidationFailed (field -> message) and writes nothing when any rule fails.
    """
    data = rules.normalized(data)
    with store.transaction() as session:
        errors = honor_problems(session, data, today)
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = session.get(Honor, data.id)
            if row is None or row.deleted:
                raise NotFoundError(_("荣誉记录不存在或已删除"))
            touch(row)
        else:
            row = Honor(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(data, name))
        _remember_category(session, store, data.category, for_units=bool(data.unit_id))
        session.flush()
        return row.id


def delete_honor(store: Store, honor_id: str) -> None:
    """Synced rows are never removed: the honour becomes a tombstone that travels to the other offices."""
    with store.transaction() as session:
        row = session.get(Honor, honor_id)
        if row is None or row.deleted:
            raise NotFoundError(_("荣誉记录不存在或已删除"))
        row.deleted = True
        touch(row)


# -- categories ---------------------------------------------------------------------------------------------------
def categories(store: Store, for_units: bool | None = None) -> list[str]:
    """Built-in categories, then the ones users added (each name once). `for_units` narrows to one kind."""
    with store.reading() as session:
        stmt = (select(HonorCategoryRow.name, HonorCategoryRow.for_units)
                .where(HonorCategoryRow.deleted.is_(False)).order_by(HonorCategoryRow.name))
        extra = session.execute(stmt).all()
    if for_units is None:
        return rules.merged_categories(name for name, _units in extra)
    builtin = rules.UNIT_CATEGORIES if for_units else rules.PERSON_CATEGORIES
    mine = [name for name, units in extra if bool(units) == for_units and name not in rules.DEFAULT_CATEGORIES]
    return list(dict.fromkeys([*builtin, *mine]))


def add_category(store: Store, name: str, for_units: bool = False) -> str:
    message = rules.category_error(name)
    if message:
        raise ValidationFailed({"category": message})
    with store.transaction() as session:
        return _remember_category(session, store, name.strip(), for_units)


def _remember_category(session: Session, store: Store, name: str, for_units: bool) -> str:
    if name in rules.DEFAULT_CATEGORIES:
        return name
    known = session.scalar(select(func.count()).where(HonorCategoryRow.name == name,
                                                      HonorCategoryRow.deleted.is_(False)))
    if not known:
        session.add(HonorCategoryRow(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False,
                                     name=name, for_units=for_units))
    return name


def years(store: Store) -> list[int]:
    """Years that have honours, newest first (for the year filter)."""
    with store.reading() as session:
        stmt = (select(func.distinct(func.strftime("%Y", Honor.award_date)))
                .where(Honor.deleted.is_(False)))
        values = [int(v) for v in session.scalars(stmt) if v]
    return sorted(values, reverse=True)


def find_people(store: Store, text: str, limit: int = 30) -> list[PersonChoice]:
    """People whose name (or pinyin, full or initials) matches, for the honour form's person picker."""
    needle = text.strip().lower().replace(" ", "")
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (select(Person.id, Person.name, OrgUnit.name, Person.post)
            .join(OrgUnit, OrgUnit.id == Person.branch_id)
            .where(Person.deleted.is_(False), Person.search_text.like(f"%{escaped}%", escape="\\"))
            .order_by(Person.name_sort).limit(limit))
    with store.reading() as session:
        return [PersonChoice(r[0], r[1], r[2], r[3] or "") for r in session.execute(stmt)]


def person_choice(store: Store, person_id: str) -> PersonChoice | None:
    stmt = (select(Person.id, Person.name, OrgUnit.name, Person.post)
            .join(OrgUnit, OrgUnit.id == Person.branch_id).where(Person.id == person_id))
    with store.reading() as session:
        row = session.execute(stmt).first()
    return PersonChoice(row[0], row[1], row[2], row[3] or "") if row else None
