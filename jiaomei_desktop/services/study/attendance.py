"""Who should attend a session, and who may appear on its attendance list at all.

Pre-filled lists (应到):
- 党小组会 (or any session held by a 党小组): the active party members (正式/预备) of that group;
- 支委会: the branch committee as recorded (services.study.committees), the posts held on the session's day — never
  guessed from 职务 text (a 团支部书记 or a 工会委员 is no 支委);
- anything else: the active party members of the unit's subtree.
Anyone active in the unit (the group's branch for a 党小组) may be added by hand, e.g. 入党积极分子 at a 党课.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain.enums import AttendanceStatus, MembershipState, PoliticalStatus, SessionKind, UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.committees import committee_person_ids, suspended_ids
from jiaomei_desktop.services.study.model import AttendanceEntry

MEMBER_STATUSES = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)


@dataclass(frozen=True)
class Candidate:
    person_id: str
    name: str
    political_status: str
    position: str
    committee: bool = False
    suspended: bool = False
    development_stage: str = ""  # 入党积极分子 at a 党课: a 群众 or 共青团员 on the way in (issue 17)


def _unit(session: Session, unit_id: str) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.deleted:
        raise NotFoundError(_("单位不存在或已删除"))
    return unit


def people_scope(session: Session, unit: OrgUnit) -> Select:
    """Active, live people who belong to the unit (a 党小组 counts its whole branch: guests from other groups)."""
    stmt = select(Person.id, Person.name, Person.political_status, Person.position, Person.development_stage).where(
        Person.deleted.is_not(True), Person.membership_state == MembershipState.ACTIVE.value)
    if unit.kind == UnitKind.PARTY_GROUP.value:
        return stmt.where(Person.branch_id == unit.parent_id)
    in_subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(unit.path, autoescape=True))
    return stmt.where(Person.branch_id.in_(in_subtree))


def branch_of(unit: OrgUnit) -> str:
    return unit.parent_id if unit.kind == UnitKind.PARTY_GROUP.value and unit.parent_id else unit.id


def _with_flags(session: Session, unit: OrgUnit, rows: list, day: date) -> list[Candidate]:  # type: ignore[type-arg]
    committee = committee_person_ids(session, branch_of(unit), day)
    suspended = suspended_ids(session, [r[0] for r in rows], day)
    return [Candidate(r[0], r[1], r[2], r[3] or "", r[0] in committee, r[0] in suspended, r[4] or "") for r in rows]


def expected_in_session(session: Session, unit_id: str, kind: str, day: date | None = None) -> list[Candidate]:
    day = day or date.today()
    unit = _unit(session, unit_id)
    stmt = people_scope(session, unit).order_by(Person.name_sort)
    if unit.kind == UnitKind.PARTY_GROUP.value:
        stmt = stmt.where(Person.party_group_id == unit.id, Person.political_status.in_(MEMBER_STATUSES))
    elif kind == SessionKind.COMMITTEE_MEETING.value:
        stmt = stmt.where(Person.id.in_(committee_person_ids(session, unit.id, day)))
    else:
        stmt = stmt.where(Person.political_status.in_(MEMBER_STATUSES))
    return _with_flags(session, unit, list(session.execute(stmt).all()), day)


def _entry(p: Candidate) -> AttendanceEntry:
    return AttendanceEntry(p.person_id, AttendanceStatus.PRESENT, "", p.name, p.political_status, p.position,
                           p.committee, p.suspended)


def expected_attendees(store: Store, unit_id: str, kind: str, day: date | None = None) -> list[AttendanceEntry]:
    """The pre-filled list for a new session, everyone marked 出席 (the secretary changes the exceptions)."""
    with store.reading() as session:
        people = expected_in_session(session, unit_id, kind, day)
    return [_entry(p) for p in people]


def candidates(store: Store, unit_id: str, day: date | None = None) -> list[Candidate]:
    """Everyone who may be added to the unit's attendance list (for the "add person" picker)."""
    with store.reading() as session:
        unit = _unit(session, unit_id)
        rows = list(session.execute(people_scope(session, unit).order_by(Person.name_sort)).all())
        return _with_flags(session, unit, rows, day or date.today())
