"""A branch's committee (支委) as records, and the 留党察看 periods that take a member's vote away.

The rules live in domain.committee (条例 第六章: a committee only with 7 正式党员 or more, 3-year terms, one 书记); this
module reads and writes them and answers the questions other services ask: who sat on the committee on a day, who was
the 书记, who had no vote.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import CommitteeRole, OrgUnit, PartyDiscipline, Person
from jiaomei_desktop.domain.committee import (
    NO_COMMITTEE_POSTS,
    CommitteePost,
    RoleRecord,
    has_committee,
    term_warning,
    validate_roles,
)
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.statistics.roll import RollSource, branch_on, load_roll_source, state_on
from jiaomei_desktop.services.store import Store

_POST_ORDER = {post.value: i for i, post in enumerate(CommitteePost)}
PROBATION_KIND = "留党察看"  # 党章 第四十一条 (选举工作条例 第五条): 党员在留党察看期间没有表决权、选举权和被选举权


@dataclass(frozen=True)
class Committee:
    unit_id: str
    unit_name: str
    full_members: int  # active 正式党员 of the branch today
    has_committee: bool  # 7 or more: a 支部委员会 (else a 书记, perhaps a 副书记)
    roles: tuple[RoleRecord, ...]  # every term recorded, sitting and past, newest first
    warning: str | None  # 届满 warning for the sitting committee

    def sitting(self, day: date) -> list[RoleRecord]:
        return [r for r in self.roles if r.held_on(day)]


def _branch(session: Session, unit_id: str) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None or unit.deleted:
        raise NotFoundError(_("单位不存在或已删除"))
    if unit.kind != UnitKind.BRANCH.value:
        raise ValidationFailed({"unit_id": _("只有党支部设支部委员（书记、副书记、委员）")})
    return unit


def full_member_counts(
    session: Session, branch_ids: Iterable[str] | None = None, as_of: date | None = None
) -> dict[str, int]:
    """Active 正式党员 per branch (the count 条例 第六章 sets a committee by); with `as_of`, those already 转正 then."""
    stmt = (
        select(Person.branch_id, func.count())
        .where(
            Person.deleted.is_not(True),
            Person.membership_state == MembershipState.ACTIVE.value,
            Person.political_status == PoliticalStatus.FULL_MEMBER.value,
        )
        .group_by(Person.branch_id)
    )
    if as_of is not None:
        stmt = stmt.where((Person.full_member_date.is_(None)) | (Person.full_member_date <= as_of))
    if branch_ids is not None:
        stmt = stmt.where(Person.branch_id.in_(list(branch_ids)))
    return {branch: count for branch, count in session.execute(stmt).all()}


def full_member_months(source: RollSource, branch_ids: Iterable[str], year: int, as_of: date) -> dict[str, list[int]]:
    """Active 正式党员 per branch on the first day of each month of `year` (a month not begun by `as_of`: on
    `as_of`), so a past year's 支委会 duty does not change when people join or leave today."""
    return full_members_on(source, branch_ids, [min(date(year, month, 1), as_of) for month in range(1, 13)])


def full_members_on(source: RollSource, branch_ids: Iterable[str] | None, days: Sequence[date]) -> dict[str, list[int]]:
    """Active 正式党员 per branch (`branch_ids`, None: every branch) on each of `days`, from the roll as it stood
    then (statistics.roll: 转正 dates, 转出/出党/去世 and transfers between branches undone after the day)."""
    wanted = set(branch_ids) if branch_ids is not None else None
    isos = [d.isoformat() for d in days]
    n = len(days)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    # Most people have no change recorded: where and as they are today, 正式 since their date ("" when undated).
    since_by_branch: dict[str, list[str]] = defaultdict(list)
    full_status, active = PoliticalStatus.FULL_MEMBER.value, MembershipState.ACTIVE.value
    for pid, status, _g, _b, _e, branch, _group, state, join, full in source.people:
        if status != full_status:
            continue  # a 预备党员 today was no 正式党员 before
        since = full or join  # 'YYYY-MM-DD' text; None: recorded without dates, counted throughout
        own = source.by_person.get(pid)
        if not own:
            if state == active and (wanted is None or branch in wanted):
                since_by_branch[branch].append(since or "")
            continue
        for i, day in enumerate(days):
            if (since is None or since <= isos[i]) and state_on(own, state, day) == MembershipState.ACTIVE.value:
                then = branch_on(own, branch, day)
                if wanted is None or then in wanted:
                    counts[then][i] += 1
    for branch, dates in since_by_branch.items():
        dates.sort()
        row = counts[branch]
        for i, iso in enumerate(isos):
            row[i] += bisect_right(dates, iso)
    return dict(counts)


def roles_by_branch(session: Session, branch_ids: Iterable[str] | None = None) -> dict[str, list[RoleRecord]]:
    stmt = (
        select(
            CommitteeRole.unit_id,
            CommitteeRole.person_id,
            CommitteeRole.role,
            CommitteeRole.term_start,
            CommitteeRole.term_end,
            CommitteeRole.left_on,
            CommitteeRole.id,
            Person.name,
            Person.political_status,
        )
        .join(Person, Person.id == CommitteeRole.person_id)
        .where(CommitteeRole.deleted.is_not(True))
        .order_by(CommitteeRole.term_start.desc(), CommitteeRole.id)
    )
    if branch_ids is not None:
        stmt = stmt.where(CommitteeRole.unit_id.in_(list(branch_ids)))
    result: dict[str, list[RoleRecord]] = defaultdict(list)
    for r in session.execute(stmt).all():
        result[r[0]].append(RoleRecord(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]))
    for roles in result.values():  # newest term first, each in the order of the posts (书记 first)
        roles.sort(key=lambda r: (-r.term_start.toordinal(), _POST_ORDER.get(r.role, len(_POST_ORDER))))
    return result


def committee(store: Store, unit_id: str, today: date | None = None) -> Committee:
    today = today or date.today()
    with store.reading() as session:
        unit = _branch(session, unit_id)
        full = full_member_counts(session, [unit_id]).get(unit_id, 0)
        roles = tuple(roles_by_branch(session, [unit_id]).get(unit_id, []))
        return Committee(unit.id, unit.name, full, has_committee(full), roles, term_warning(roles, today))


@dataclass(frozen=True)
class Eligible:
    person_id: str
    name: str


def eligible_people(store: Store, unit_id: str) -> list[Eligible]:
    """Who may be elected to the branch's posts: its active 正式党员 (党章 第七条), in roster order."""
    with store.reading() as session:
        _branch(session, unit_id)
        rows = session.execute(
            select(Person.id, Person.name)
            .where(
                Person.branch_id == unit_id,
                Person.deleted.is_not(True),
                Person.membership_state == MembershipState.ACTIVE.value,
                Person.political_status == PoliticalStatus.FULL_MEMBER.value,
            )
            .order_by(Person.name_sort)
        ).all()
    return [Eligible(r[0], r[1]) for r in rows]


def committee_person_ids(session: Session, branch_id: str, day: date) -> set[str]:
    return {r.person_id for r in roles_by_branch(session, [branch_id]).get(branch_id, []) if r.held_on(day)}


def save_committee(store: Store, unit_id: str, roles: Sequence[RoleRecord], today: date | None = None) -> None:
    """Make the branch's recorded terms equal `roles` (rows with an id are updated, new ones added, the rest
    retired). Raises ValidationFailed, writing nothing, when a rule of the 条例 is broken."""
    today = today or date.today()
    with store.transaction() as session:
        _branch(session, unit_id)
        people = {
            p.id: p
            for p in session.scalars(
                select(Person).where(Person.id.in_({r.person_id for r in roles}), Person.deleted.is_not(True))
            )
        }
        missing = [r for r in roles if r.person_id not in people]
        if missing:
            raise ValidationFailed({"person": _("所选人员不存在或已删除")})
        strangers = [
            people[r.person_id].name
            for r in roles
            if people[r.person_id].branch_id != unit_id and (r.left_on is None or r.left_on > today)
        ]
        if strangers:
            raise ValidationFailed(
                {
                    "person": _("{names}不是本支部的党员，不能担任本支部委员").format(
                        names=_("、").join(dict.fromkeys(strangers))
                    )
                }
            )
        checked = [
            RoleRecord(
                r.person_id,
                r.role,
                r.term_start,
                r.term_end,
                r.left_on,
                r.id,
                people[r.person_id].name,
                people[r.person_id].political_status,
            )
            for r in roles
        ]
        errors = validate_roles(checked, full_member_counts(session, [unit_id]).get(unit_id, 0), today)
        if errors:
            raise ValidationFailed(errors)
        _write_roles(session, store, unit_id, checked)


def _write_roles(session: Session, store: Store, unit_id: str, roles: Sequence[RoleRecord]) -> None:
    existing = {
        row.id: row
        for row in session.scalars(
            select(CommitteeRole).where(CommitteeRole.unit_id == unit_id, CommitteeRole.deleted.is_not(True))
        )
    }
    kept: set[str] = set()
    owner = office_unit_id(store)
    for r in roles:
        row = existing.get(r.id or "")
        if row is None:
            session.add(
                CommitteeRole(
                    id=new_id(),
                    owner_unit_id=owner,
                    version=1,
                    unit_id=unit_id,
                    person_id=r.person_id,
                    role=r.role,
                    term_start=r.term_start,
                    term_end=r.term_end,
                    left_on=r.left_on,
                )
            )
            continue
        kept.add(row.id)
        values = (r.person_id, r.role, r.term_start, r.term_end, r.left_on)
        if (row.person_id, row.role, row.term_start, row.term_end, row.left_on) != values:
            row.person_id, row.role, row.term_start, row.term_end, row.left_on = values
            touch(row)
    for row_id, row in existing.items():
        if row_id not in kept:
            row.deleted = True
            touch(row)


# --- audit -------------------------------------------------------------------------------------------------------------


def committee_problems(session: Session, today: date) -> list[tuple[str, str, str]]:
    """(kind, row id, text) for every sitting post that breaks a rule of 条例 第六章 (for services.audit): 委员 in a
    branch below 7 正式党员, more than one 书记 at a time, a post held by someone who is not a 正式党员, a term past
    its 届满 date without a 换届; and each branch with 正式党员 but no 书记, or with 7 or more but no committee."""
    units = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.deleted.is_not(True))).all())
    # The roll on `today` (an audit as of a past day counts the 正式党员 of that day, not of the present roll).
    full = {b: c[0] for b, c in full_members_on(load_roll_source(session, None), None, [today]).items()}
    found: list[tuple[str, str, str]] = []
    recorded = roles_by_branch(session)
    # One 书记 per branch (第六章: even a branch below 7 正式党员 has its 书记); 7 or more 正式党员 → a committee.
    for unit_id, count in full.items():
        if unit_id not in units or not count:
            continue
        sitting = [r for r in recorded.get(unit_id, []) if r.held_on(today)]
        name = units[unit_id]
        if not any(r.role == CommitteePost.SECRETARY.value for r in sitting):
            found.append(("committee.no_secretary", unit_id, f"{name}（正式党员{count}人）"))
        if has_committee(count) and all(r.role in NO_COMMITTEE_POSTS for r in sitting):
            found.append(("committee.missing", unit_id, f"{name}（正式党员{count}人）"))
    for unit_id, roles in recorded.items():
        sitting = [r for r in roles if r.held_on(today)]
        name = units.get(unit_id, "")
        if not has_committee(full.get(unit_id, 0)):
            for r in sitting:
                if r.role not in NO_COMMITTEE_POSTS:
                    found.append(("committee.small_branch", r.id or "", f"{name} {r.name}（{r.role}）"))
        secretaries = [r for r in sitting if r.role == CommitteePost.SECRETARY.value]
        found += [("committee.secretaries", r.id or "", f"{name} {r.name}") for r in secretaries[1:]]
        for r in sitting:
            if r.political_status != PoliticalStatus.FULL_MEMBER.value:
                found.append(("committee.not_full_member", r.id or "", f"{name} {r.name}（{r.political_status}）"))
        overdue = sorted((r for r in sitting if r.term_end < today), key=lambda r: r.term_end)
        if overdue:  # one problem per committee, named by its earliest due post
            r = overdue[0]
            found.append(("committee.overdue", r.id or "", f"{name}（{r.term_end}届满，未换届）"))
    return found


# --- 留党察看 ----------------------------------------------------------------------------------------------------------


def suspended_ids(session: Session, person_ids: Iterable[str], day: date) -> set[str]:
    """Those of `person_ids` under 留党察看 on `day` (start ≤ day, and day before the end when one is recorded)."""
    ids = list(person_ids)
    if not ids:
        return set()
    rows = session.execute(
        select(PartyDiscipline.person_id, PartyDiscipline.start_date, PartyDiscipline.end_date).where(
            PartyDiscipline.person_id.in_(ids),
            PartyDiscipline.deleted.is_not(True),
            PartyDiscipline.kind == PROBATION_KIND,
        )
    ).all()
    return {pid for pid, start, end in rows if start <= day and (end is None or day < end)}


def add_probation(store: Store, person_id: str, start: date, end: date | None, notes: str = "") -> str:
    """Record a 留党察看 period (党章: 留党察看最长不超过两年); returns its id."""
    errors: dict[str, str] = {}
    if end is not None and end <= start:
        errors["end_date"] = _("察看期满日期必须晚于处分日期")
    elif end is not None and end > _two_years_after(start):
        errors["end_date"] = _("留党察看最长不超过两年")
    if errors:
        raise ValidationFailed(errors)
    with store.transaction() as session:
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        if person.political_status != PoliticalStatus.FULL_MEMBER.value:
            raise ValidationFailed({"person": _("{name}不是正式党员，不能给予留党察看处分").format(name=person.name)})
        row = PartyDiscipline(
            id=new_id(),
            owner_unit_id=office_unit_id(store),
            version=1,
            person_id=person_id,
            kind=PROBATION_KIND,
            start_date=start,
            end_date=end,
            notes=notes.strip() or None,
        )
        session.add(row)
        return row.id


@dataclass(frozen=True)
class Probation:
    id: str
    start: date
    end: date | None
    notes: str

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def probations(store: Store, person_id: str) -> list[Probation]:
    """A member's recorded 留党察看 periods, newest first."""
    with store.reading() as session:
        rows = session.execute(select(PartyDiscipline.id, PartyDiscipline.start_date, PartyDiscipline.end_date,
                                      PartyDiscipline.notes)
                               .where(PartyDiscipline.person_id == person_id, PartyDiscipline.deleted.is_not(True),
                                      PartyDiscipline.kind == PROBATION_KIND)
                               .order_by(PartyDiscipline.start_date.desc())).all()
    return [Probation(r[0], r[1], r[2], r[3] or "") for r in rows]


def _two_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 2)
    except ValueError:
        return day.replace(year=day.year + 2, day=28)
