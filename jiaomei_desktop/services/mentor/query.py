"""Finding pairs: ids filtered and sorted in SQL, rows read a screenful at a time (the roster's pattern)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, not_, or_, select
from sqlalchemy.orm import aliased

from jiaomei_desktop.db.models import MentorLog, MentorPair, OrgUnit, Person
from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.enums import MembershipState, PairState, PoliticalStatus
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.store import Store

SORT_COLUMNS = ("state", "mentor", "mentee", "unit", "trade", "start_date", "planned_end_date", "last_log", "hours")
# The attention filters; "attention" = any of them.
FLAGS = ("attention", "overdue", "stale", "mentor_left")

Mentor = aliased(Person, name="mentor")
Mentee = aliased(Person, name="mentee")
PairUnit = aliased(OrgUnit, name="pair_unit")
MentorBranch = aliased(OrgUnit, name="mentor_branch")


@dataclass(frozen=True)
class PairQuery:
    text: str = ""  # either name, pinyin or initials
    unit_id: str | None = None  # the unit's whole subtree
    states: frozenset[PairState] = frozenset()  # empty = any
    trade: str = ""
    mentor_id: str | None = None
    flag: str | None = None  # one of FLAGS
    sort: str = "start_date"
    descending: bool = True
    today: date | None = None


@dataclass(frozen=True)
class PairRow:
    """One line of the pairs list, with what makes it stand out."""

    id: str
    state: str
    mentor_id: str
    mentor_name: str
    mentee_id: str
    mentee_name: str
    mentee_status: str
    unit_id: str
    unit_name: str
    trade: str
    start_date: date
    planned_end_date: date | None
    end_date: date | None
    last_log: date | None
    log_count: int
    hours: float
    overdue: bool
    stale: bool
    mentor_left: bool

    @property
    def needs_attention(self) -> bool:
        return self.overdue or self.stale or (self.mentor_left and self.state == PairState.ACTIVE.value)

    def flag_texts(self) -> list[str]:
        """Chinese on purpose: these go into the Excel export and the command line (ui.mentor translates its own)."""
        texts = []
        if self.overdue:
            texts.append("逾期未出师")
        if self.stale:
            texts.append(f"{rules.STALE_DAYS}天无辅导记录")
        if self.mentor_left:
            texts.append("师傅已离开本单位")
        return texts


@dataclass(frozen=True)
class PairDetail:
    row: PairRow
    goals: str
    final_evaluation: str
    end_reason: str
    mentor_branch: str
    mentee_post: str
    version: int


def _last_log():  # type: ignore[no-untyped-def]
    return (select(func.max(MentorLog.log_date))
            .where(MentorLog.pair_id == MentorPair.id, MentorLog.deleted.is_(False))
            .correlate(MentorPair).scalar_subquery())


def _hours():  # type: ignore[no-untyped-def]
    return (select(func.coalesce(func.sum(MentorLog.hours), 0.0))
            .where(MentorLog.pair_id == MentorPair.id, MentorLog.deleted.is_(False))
            .correlate(MentorPair).scalar_subquery())


def mentor_left_expr() -> ColumnElement[bool]:
    """The mentor is no longer 在册, or has moved out of the pair's unit: the pair is kept and flagged."""
    return or_(Mentor.membership_state != MembershipState.ACTIVE.value, Mentor.deleted.is_(True),
               not_(MentorBranch.path.startswith(PairUnit.path, autoescape=False)))


def overdue_expr(today: date) -> ColumnElement[bool]:
    return and_(MentorPair.state == PairState.ACTIVE.value, MentorPair.planned_end_date < today)


def stale_expr(today: date) -> ColumnElement[bool]:
    latest = func.coalesce(_last_log(), MentorPair.start_date)
    return and_(MentorPair.state == PairState.ACTIVE.value, latest < rules.stale_cutoff(today))


def joined(columns: Sequence[object]) -> Select:
    """Pairs with their mentor, mentee, unit and the mentor's current branch."""
    return (select(*columns).select_from(MentorPair)
            .join(Mentor, Mentor.id == MentorPair.mentor_id)
            .join(Mentee, Mentee.id == MentorPair.mentee_id)
            .join(PairUnit, PairUnit.id == MentorPair.unit_id)
            .join(MentorBranch, MentorBranch.id == Mentor.branch_id)
            .where(MentorPair.deleted.is_(False)))


def in_unit(unit_id: str) -> ColumnElement[bool]:
    prefix = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
    return MentorPair.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(prefix, autoescape=False)))


def _filtered(query: PairQuery, columns: Sequence[object]) -> Select:
    today = query.today or date.today()
    stmt = joined(columns)
    if query.unit_id:
        stmt = stmt.where(in_unit(query.unit_id))
    if query.states:
        stmt = stmt.where(MentorPair.state.in_(sorted(s.value for s in query.states)))
    if query.trade:
        stmt = stmt.where(MentorPair.trade == query.trade)
    if query.mentor_id:
        stmt = stmt.where(MentorPair.mentor_id == query.mentor_id)
    flag = {"overdue": overdue_expr(today), "stale": stale_expr(today),
            "mentor_left": and_(MentorPair.state == PairState.ACTIVE.value, mentor_left_expr())}
    if query.flag == "attention":
        stmt = stmt.where(or_(*flag.values()))
    elif query.flag in flag:
        stmt = stmt.where(flag[query.flag])
    text = query.text.strip().lower().replace(" ", "")
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(Mentor.search_text.like(pattern, escape="\\"),
                              Mentee.search_text.like(pattern, escape="\\")))
    return stmt


def _sort_key(query: PairQuery):  # type: ignore[no-untyped-def]
    state_order = case({s.value: i for i, s in enumerate(PairState)}, value=MentorPair.state, else_=9)
    key = {
        "state": state_order,
        "mentor": Mentor.name_sort,
        "mentee": Mentee.name_sort,
        "unit": PairUnit.code,
        "trade": MentorPair.trade,
        "start_date": MentorPair.start_date,
        "planned_end_date": MentorPair.planned_end_date,
        "last_log": _last_log(),
        "hours": _hours(),
    }.get(query.sort, MentorPair.start_date)
    return key.desc() if query.descending else key.asc()


def find_ids(store: Store, query: PairQuery) -> list[str]:
    """Ids of the matching pairs in display order; rows are fetched later, a screenful at a time."""
    stmt = _filtered(query, [MentorPair.id]).order_by(_sort_key(query), Mentee.name_sort, MentorPair.id)
    with store.reading() as session:
        return list(session.scalars(stmt))


def count(store: Store, query: PairQuery) -> int:
    with store.reading() as session:
        return session.scalar(_filtered(query, [func.count()])) or 0


_ROW_COLUMNS = (MentorPair.id, MentorPair.state, Mentor.id, Mentor.name, Mentee.id, Mentee.name,
                Mentee.political_status, PairUnit.id, PairUnit.name, MentorPair.trade, MentorPair.start_date,
                MentorPair.planned_end_date, MentorPair.end_date, mentor_left_expr())


def fetch_rows(store: Store, ids: Sequence[str], today: date | None = None) -> dict[str, PairRow]:
    if not ids:
        return {}
    today = today or date.today()
    ids = list(ids)
    with store.reading() as session:
        rows = session.execute(joined(_ROW_COLUMNS).where(MentorPair.id.in_(ids))).all()
        logs = {r[0]: (r[1], r[2], r[3]) for r in session.execute(
            select(MentorLog.pair_id, func.max(MentorLog.log_date), func.count(), func.sum(MentorLog.hours))
            .where(MentorLog.pair_id.in_(ids), MentorLog.deleted.is_(False)).group_by(MentorLog.pair_id))}
    return {r[0]: _row(r, logs.get(r[0], (None, 0, 0.0)), today) for r in rows}


def _row(r, log: tuple, today: date) -> PairRow:  # type: ignore[no-untyped-def]
    last, n, hours = log
    state, start, planned = r[1], r[10], r[11]
    return PairRow(
        id=r[0], state=state, mentor_id=r[2], mentor_name=r[3], mentee_id=r[4], mentee_name=r[5],
        mentee_status=r[6], unit_id=r[7], unit_name=r[8], trade=r[9] or "", start_date=start,
        planned_end_date=planned, end_date=r[12], last_log=last, log_count=n or 0, hours=float(hours or 0.0),
        overdue=rules.is_overdue(state, planned, today), stale=rules.is_stale(state, start, last, today),
        mentor_left=bool(r[13]),
    )


def get_pair(store: Store, pair_id: str, today: date | None = None) -> PairDetail:
    with store.reading() as session:
        found = session.execute(
            joined([MentorPair.goals, MentorPair.final_evaluation, MentorPair.end_reason, MentorBranch.name,
                    Mentee.post, MentorPair.version]).where(MentorPair.id == pair_id)).first()
    if found is None:
        raise NotFoundError(_("结对记录不存在或已删除"))
    row = fetch_rows(store, [pair_id], today)[pair_id]
    return PairDetail(row, found[0] or "", found[1] or "", found[2] or "", found[3], found[4] or "", found[5])


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str
    branch_name: str
    political_status: str
    post: str
    trade: str
    active_pairs: int  # as mentor for mentor choices, as mentee for mentee choices

    def label(self) -> str:
        status = _(self.political_status) if self.political_status else ""  # stored in Chinese, read in the UI language
        extra = " · ".join(x for x in (self.branch_name, self.trade or self.post, status) if x)
        return _("{name}（{details}）").format(name=self.name, details=extra)


def mentor_choices(store: Store, unit_id: str | None, text: str = "", limit: int = 50) -> list[PersonChoice]:
    """正式/预备党员 在册 in the unit's subtree, matching the search text, with how many mentees each has now."""
    members = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
    return _choices(store, unit_id, text, limit, Person.political_status.in_(members), MentorPair.mentor_id)


def mentee_choices(store: Store, unit_id: str | None, text: str = "", limit: int = 50) -> list[PersonChoice]:
    """Anyone 在册 in the unit's subtree; non-members first (mentees are mostly new or low-skill workers)."""
    return _choices(store, unit_id, text, limit, None, MentorPair.mentee_id, members_last=True)


def _choices(store, unit_id, text, limit, condition, pair_column,  # type: ignore[no-untyped-def]
             members_last: bool = False) -> list[PersonChoice]:
    active = (select(func.count()).select_from(MentorPair)
              .where(pair_column == Person.id, MentorPair.state == PairState.ACTIVE.value,
                     MentorPair.deleted.is_(False)).correlate(Person).scalar_subquery())
    stmt = (select(Person.id, Person.name, OrgUnit.name, Person.political_status, Person.post, Person.trade, active)
            .join(OrgUnit, OrgUnit.id == Person.branch_id)
            .where(Person.deleted.is_(False), Person.membership_state == MembershipState.ACTIVE.value))
    if condition is not None:
        stmt = stmt.where(condition)
    if unit_id:
        prefix = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
        stmt = stmt.where(OrgUnit.path.startswith(prefix, autoescape=False))
    needle = text.strip().lower().replace(" ", "")
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(Person.search_text.like(pattern, escape="\\"))
    members = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
    first = [case((Person.political_status.in_(members), 1), else_=0)] if members_last else []
    stmt = stmt.order_by(*first, Person.name_sort, Person.id).limit(limit)
    with store.reading() as session:
        return [PersonChoice(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or 0)
                for r in session.execute(stmt)]


def trade_choices(store: Store, unit_id: str | None = None) -> list[str]:
    """Trades already used by pairs in the unit, for the filter and the form's suggestions."""
    stmt = joined([MentorPair.trade]).where(MentorPair.trade.is_not(None)).distinct()
    if unit_id:
        stmt = stmt.where(in_unit(unit_id))
    with store.reading() as session:
        return sorted(t for t in session.scalars(stmt) if t)


def mentor_filter_choices(store: Store, unit_id: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of everyone who mentors (or mentored) in the unit, by pinyin."""
    stmt = joined([Mentor.id, Mentor.name, Mentor.name_sort]).distinct().order_by(Mentor.name_sort)
    if unit_id:
        stmt = stmt.where(in_unit(unit_id))
    with store.reading() as session:
        return [(r[0], r[1]) for r in session.execute(stmt)]
