"""技术比武: contest events, their entrants with scores and placings, winners granted honours, figures, export.

An event is filed under a party unit (the unit that keeps the record; sync and ownership as for the other
registers). Its results are saved as one list, so the rules that look at the whole list (no shared placing unless
the event allows ties) are checked before anything is written. Party membership is read from the roster when
shown, never copied: a typed-in entrant (from another mine, not on this roster) counts as not known to be a member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import case, func, select, true
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import Honor, OrgUnit, Person
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent
from jiaomei_desktop.domain import contests as contest_rules
from jiaomei_desktop.domain.contests import HONOUR_LEVEL, ContestLevel, EntrantData
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.honor import HonorData, level_of_body
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.reports.contest_results import ContestSheetData, ResultLine
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.honors.records import add_category, check_honor
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    entry_values,
    in_subtree,
    live_row,
    live_unit,
    save_entry,
    year_range,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("技术比武")
_FIELDS = (
    "name",
    "event_date",
    "trade",
    "level",
    "organiser",
    "unit_id",
    "rules",
    "ties_allowed",
    "percent_scale",
    "winner_places",
    "honour_category",
)
# 党员 among the winners: 正式 and 预备党员 alike (党章 第七条: a 预备党员 has the same duties as a full member and,
# except voting and election, the same rights); 发展对象 and 入党积极分子 are not yet members.
_MEMBER = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)


@dataclass(frozen=True)
class EventData:
    name: str
    event_date: date | None
    trade: str
    level: str
    organiser: str
    unit_id: str | None
    rules: str | None = None
    ties_allowed: bool = False
    percent_scale: bool = True
    winner_places: int = 3
    honour_category: str = contest_rules.HONOUR_CATEGORIES[0]
    id: str | None = None


@dataclass(frozen=True)
class EventRow:
    id: str
    name: str
    event_date: date
    trade: str
    level: str
    organiser: str
    unit_id: str
    unit_name: str
    entrants: int
    winners: int
    honoured: int
    owner_unit_id: str


@dataclass(frozen=True)
class EntrantRow:
    id: str
    name: str
    person_id: str | None
    unit_id: str
    unit_name: str
    party_status: str  # 政治面貌 from the roster; "" for a typed-in name
    score: float | None
    placing: int | None
    honor_id: str | None

    @property
    def is_member(self) -> bool:
        return self.party_status in _MEMBER

    def as_data(self) -> EntrantData:
        return EntrantData(self.name, self.unit_id, self.person_id, self.score, self.placing, self.id)


@dataclass(frozen=True)
class Worker:
    """A roster person offered as an entrant."""

    id: str
    name: str
    unit_id: str
    unit_name: str
    trade: str
    party_status: str


@dataclass
class FigureLine:
    key: str  # the trade, or the unit's name
    entrants: int = 0
    winners: int = 0
    member_winners: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.key,
            "entrants": self.entrants,
            "winners": self.winners,
            "member_winners": self.member_winners,
        }


@dataclass(frozen=True)
class Figures:
    events: int
    entrants: int
    winners: int
    member_winners: int
    by_trade: list[FigureLine] = field(default_factory=list)
    by_unit: list[FigureLine] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "events": self.events,
            "entrants": self.entrants,
            "winners": self.winners,
            "member_winners": self.member_winners,
            "by_trade": [x.as_dict() for x in self.by_trade],
            "by_unit": [x.as_dict() for x in self.by_unit],
        }


@dataclass(frozen=True)
class Grant:
    created: int
    already: int  # winners whose honour exists from an earlier grant
    not_on_roster: list[str]  # typed-in winners: an honour needs a roster person


# -- events -------------------------------------------------------------------------------------------------------
def _normalized(data: EventData) -> EventData:
    return EventData(
        name=(data.name or "").strip(),
        event_date=data.event_date,
        trade=(data.trade or "").strip(),
        level=(data.level or "").strip(),
        organiser=(data.organiser or "").strip(),
        unit_id=data.unit_id,
        rules=clean(data.rules),
        ties_allowed=bool(data.ties_allowed),
        percent_scale=bool(data.percent_scale),
        winner_places=data.winner_places,
        honour_category=(data.honour_category or "").strip(),
        id=data.id,
    )


def _event_rules(data: EventData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.name, "name", N_("比武名称"), 200, errors)
    check_text(data.trade, "trade", N_("工种"), 60, errors)
    check_text(data.organiser, "organiser", N_("主办单位"), 120, errors)
    check_text(data.honour_category, "honour_category", N_("荣誉类别"), 30, errors)
    check_text(data.rules, "rules", N_("评分办法"), 4000, errors, required=False)
    if data.event_date is None:
        errors["event_date"] = _("请填写比武日期")
    elif not 1990 <= data.event_date.year <= today.year + 1:
        errors["event_date"] = _("比武日期应在1990年至{last}年之间").format(last=today.year + 1)
    if data.level not in {v.value for v in ContestLevel}:
        errors["level"] = _("请选择主办级别（矿、集团或省）")
    elif "organiser" not in errors:
        implied = level_of_body(data.organiser)
        if implied is not None and implied.value != HONOUR_LEVEL[data.level]:
            errors["level"] = _("主办单位“{body}”是{implied}单位，与主办级别“{level}”不符").format(
                body=data.organiser, implied=_(implied.value), level=_(data.level)
            )
    if not isinstance(data.winner_places, int) or not 1 <= data.winner_places <= contest_rules.WINNER_PLACES_MAX:
        errors["winner_places"] = _("获奖名次应为1至{n}").format(n=contest_rules.WINNER_PLACES_MAX)
    return errors


def _check_event_unit(session: Session, data: EventData, errors: dict[str, str]) -> None:
    unit = live_unit(session, data.unit_id)
    if unit is None:
        errors.setdefault("unit_id", _("请选择登记单位") if not data.unit_id else _("所选单位不存在或已撤销"))
    elif unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("请选择党支部或以上的单位（党小组不单独登记技术比武）"))


def _check_saved_results(session: Session, data: EventData, today: date, errors: dict[str, str]) -> None:
    """An event moved to a later date or stricter rules must still fit the results already entered."""
    if not data.id or data.event_date is None or errors:
        return
    saved = [
        EntrantData(e.name, e.unit_id, e.person_id, e.score, e.placing, e.id)
        for e in session.scalars(
            select(ContestEntrant).where(ContestEntrant.event_id == data.id, ContestEntrant.deleted.is_(False))
        )
    ]
    found = contest_rules.entrant_errors(saved, data.event_date, data.ties_allowed, data.percent_scale, today)
    if found:
        errors["results"] = _("已录入的成绩与修改后的比武不符：{problem}").format(problem=next(iter(found.values())))


def check_event(store: Store, data: EventData, today: date | None = None) -> dict[str, str]:
    data, today = _normalized(data), today or date.today()
    errors = _event_rules(data, today)
    with store.reading() as session:
        _check_event_unit(session, data, errors)
        _check_saved_results(session, data, today, errors)
    return errors


def save_event(store: Store, data: EventData, today: date | None = None) -> str:
    data, today = _normalized(data), today or date.today()
    errors = _event_rules(data, today)

    def check(session: Session) -> None:
        _check_event_unit(session, data, errors)
        _check_saved_results(session, data, today, errors)

    return save_entry(store, ContestEvent, data, _FIELDS, WHAT, errors, check)


def get_event(store: Store, event_id: str) -> EventData:
    return EventData(id=event_id, **entry_values(store, ContestEvent, event_id, WHAT, _FIELDS))


def delete_event(store: Store, event_id: str) -> None:
    """The event and its entrants become tombstones in one transaction; honours already granted stay in the
    gallery."""
    with store.transaction() as session:
        event = live_row(session, ContestEvent, event_id, WHAT)
        for entrant in session.scalars(
            select(ContestEntrant).where(ContestEntrant.event_id == event_id, ContestEntrant.deleted.is_(False))
        ):
            entrant.deleted = True
            touch(entrant)
        event.deleted = True
        touch(event)


def list_events(
    store: Store,
    unit_id: str | None = None,
    year: int | None = None,
    trade: str | None = None,
    level: str | None = None,
) -> list[EventRow]:
    """Events of a unit subtree, newest first, with their entrant, winner and honoured counts."""
    e, x = ContestEvent, ContestEntrant
    inner = aliased(ContestEvent)
    won = case(((x.placing >= 1) & (x.placing <= inner.winner_places), 1), else_=0)
    counts = (
        select(
            x.event_id, func.count().label("n"), func.sum(won).label("won"), func.count(x.honor_id).label("honoured")
        )
        .join(inner, inner.id == x.event_id)
        .where(x.deleted.is_(False))
        .group_by(x.event_id)
        .subquery()
    )
    stmt = (
        select(
            e.id,
            e.name,
            e.event_date,
            e.trade,
            e.level,
            e.organiser,
            e.unit_id,
            OrgUnit.name,
            counts.c.n,
            counts.c.won,
            counts.c.honoured,
            e.owner_unit_id,
        )  # columns, not objects: faster
        .join(OrgUnit, OrgUnit.id == e.unit_id)
        .outerjoin(counts, counts.c.event_id == e.id)
        .where(e.deleted.is_(False), in_subtree(e.unit_id, unit_id))
        .order_by(e.event_date.desc(), e.name)
    )
    stmt = year_range(stmt, e.event_date, year)
    if trade:
        stmt = stmt.where(e.trade == trade)
    if level:
        stmt = stmt.where(e.level == level)
    with store.reading() as session:
        return [
            EventRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or 0, int(r[9] or 0), r[10] or 0, r[11])
            for r in session.execute(stmt)
        ]


def trades(store: Store) -> list[str]:
    with store.reading() as session:
        return sorted(session.scalars(select(ContestEvent.trade).where(ContestEvent.deleted.is_(False)).distinct()))


# -- entrants -----------------------------------------------------------------------------------------------------
def list_entrants(store: Store, event_id: str) -> list[EntrantRow]:
    """The results list ranked: placed entrants by placing, then the others by score (highest first), then name."""
    x = ContestEntrant
    stmt = (
        select(x, OrgUnit.name, Person.political_status)
        .join(OrgUnit, OrgUnit.id == x.unit_id)
        .outerjoin(Person, Person.id == x.person_id)
        .where(x.event_id == event_id, x.deleted.is_(False))
    )
    with store.reading() as session:
        rows = [
            EntrantRow(r.id, r.name, r.person_id, r.unit_id, unit, status or "", r.score, r.placing, r.honor_id)
            for r, unit, status in session.execute(stmt)
        ]
    return sorted(rows, key=lambda r: (r.placing is None, r.placing or 0, -(r.score or 0.0), r.name))


def save_entrants(store: Store, event_id: str, entrants: Sequence[EntrantData], today: date | None = None) -> None:
    """Replace the event's results list with `entrants` (lines with an id update, the rest are new, missing ones
    are tombstoned) after checking the whole list; nothing is written when any line breaks a rule."""
    today = today or date.today()
    entrants = [EntrantData((e.name or "").strip(), e.unit_id, e.person_id, e.score, e.placing, e.id) for e in entrants]
    with store.transaction() as session:
        event = live_row(session, ContestEvent, event_id, WHAT)
        errors = contest_rules.entrant_errors(
            entrants, event.event_date, event.ties_allowed, event.percent_scale, today
        )
        _check_entrant_refs(session, entrants, errors)
        if errors:
            raise ValidationFailed(errors)
        existing = {
            r.id: r
            for r in session.scalars(
                select(ContestEntrant).where(ContestEntrant.event_id == event_id, ContestEntrant.deleted.is_(False))
            )
        }
        for entrant in entrants:
            row = existing.pop(entrant.id, None) if entrant.id else None
            if row is None:
                row = ContestEntrant(
                    id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False, event_id=event_id
                )
                session.add(row)
            elif (row.name, row.unit_id, row.person_id, row.score, row.placing) == (
                entrant.name,
                entrant.unit_id,
                entrant.person_id,
                entrant.score,
                entrant.placing,
            ):
                continue
            else:
                touch(row)
            assert entrant.unit_id  # entrant_errors refuses a line without a unit, and errors were raised above
            row.name, row.unit_id, row.person_id = entrant.name, entrant.unit_id, entrant.person_id
            row.score, row.placing = entrant.score, entrant.placing
        for gone in existing.values():
            gone.deleted = True
            touch(gone)


def _check_entrant_refs(session: Session, entrants: Sequence[EntrantData], errors: dict[str, str]) -> None:
    for i, entrant in enumerate(entrants):
        key = f"row{i}"
        if key in errors:
            continue
        if entrant.person_id:
            person = session.get(Person, entrant.person_id)
            if person is None or person.deleted:
                errors[key] = _("第{line}行：所选人员不存在或已删除").format(line=i + 1)
                continue
        if entrant.unit_id and live_unit(session, entrant.unit_id) is None:
            errors[key] = _("第{line}行：所选单位不存在或已撤销").format(line=i + 1)


def find_workers(store: Store, text: str, limit: int = 30, on_roll: bool = False) -> list[Worker]:
    """Roster people whose name or pinyin matches, for the entrant picker (any worker, member or not; one who has
    left since may have entered an earlier event) and, `on_roll`, for the people of a post or a 督导组, which refuse
    someone who has left (转出, 出党, 去世)."""
    needle = text.strip().lower().replace(" ", "")
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rolled = Person.membership_state == MembershipState.ACTIVE.value if on_roll else true()
    stmt = (
        select(Person.id, Person.name, Person.branch_id, OrgUnit.name, Person.trade, Person.political_status)
        .join(OrgUnit, OrgUnit.id == Person.branch_id)
        .where(Person.deleted.is_(False), rolled, Person.search_text.like(f"%{escaped}%", escape="\\"))
        .order_by(Person.name_sort)
        .limit(limit)
    )
    with store.reading() as session:
        return [Worker(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "") for r in session.execute(stmt)]


# -- winners to honours -------------------------------------------------------------------------------------------
def _honour_for(event: ContestEvent, entrant: ContestEntrant) -> HonorData:
    # stored text, Chinese whatever the UI language
    score = "" if entrant.score is None else f"，成绩{entrant.score:g}分"
    return HonorData(
        title=contest_rules.honour_title(event.name, event.honour_category, entrant.placing or 0),
        category=event.honour_category,
        level=HONOUR_LEVEL[event.level],
        award_date=event.event_date,
        person_id=entrant.person_id,
        awarding_body=event.organiser,
        deeds=f"在{event.name}（{event.trade}）中获得第{entrant.placing}名{score}。",
    )


def grant_honours(store: Store, event_id: str, today: date | None = None) -> Grant:
    """Each winner on the roster receives the event's honour once (the entrant keeps the honour's id; a winner
    whose honour is still in the gallery is skipped). All winners are checked first; nothing is written when one
    honour would break a rule of the gallery."""
    today = today or date.today()
    with store.reading() as session:
        event = live_row(session, ContestEvent, event_id, WHAT)
        if event.event_date > today:
            raise ValidationFailed({"event": _("比武尚未举行，不能授予荣誉")})
        entrants = list(
            session.scalars(
                select(ContestEntrant).where(ContestEntrant.event_id == event_id, ContestEntrant.deleted.is_(False))
            )
        )
        winners = [e for e in entrants if contest_rules.is_winner(e.placing, event.winner_places)]
        live_honours = set(
            session.scalars(
                select(Honor.id).where(
                    Honor.id.in_([e.honor_id for e in winners if e.honor_id]), Honor.deleted.is_(False)
                )
            )
        )
        category = event.honour_category
        todo = [(e.id, _honour_for(event, e)) for e in winners if e.person_id and e.honor_id not in live_honours]
        already = sum(1 for e in winners if e.honor_id in live_honours)
        typed = [e.name for e in winners if not e.person_id]
        places = event.winner_places
    if not winners:
        raise ValidationFailed({"event": _("本次比武还没有获奖名次（第1至{n}名），请先录入名次").format(n=places)})
    for _entrant_id, honour in todo:
        problems = check_honor(store, honour, today)
        if problems:
            raise ValidationFailed(problems, _("不能授予荣誉：{problem}").format(problem=next(iter(problems.values()))))
    if todo:
        add_category(store, category)
    with store.transaction() as session:
        for entrant_id, honour in todo:
            row = Honor(
                id=new_id(),
                owner_unit_id=office_unit_id(store),
                version=1,
                deleted=False,
                person_id=honour.person_id,
                unit_id=None,
                collective_name=None,
                title=honour.title,
                category=honour.category,
                level=honour.level,
                awarding_body=honour.awarding_body,
                award_date=honour.award_date,
                deeds=honour.deeds,
                photo_sha256=None,
            )
            session.add(row)
            entrant = live_row(session, ContestEntrant, entrant_id, WHAT)
            entrant.honor_id = row.id
            touch(entrant)
    return Grant(len(todo), already, typed)


# -- figures ------------------------------------------------------------------------------------------------------
def figures(store: Store, unit_id: str | None = None, year: int | None = None) -> Figures:
    """Entrants, winners and party members among winners, per trade and per entrant unit, for the events of a
    subtree (and year). Membership is the roster's status today."""
    e, x = ContestEvent, ContestEntrant
    stmt = (
        select(e.id, e.trade, OrgUnit.name, x.placing, e.winner_places, Person.political_status)
        .join(x, x.event_id == e.id)
        .join(OrgUnit, OrgUnit.id == x.unit_id)
        .outerjoin(Person, Person.id == x.person_id)
        .where(e.deleted.is_(False), x.deleted.is_(False), in_subtree(e.unit_id, unit_id))
    )
    stmt = year_range(stmt, e.event_date, year)
    events_stmt = year_range(
        select(func.count()).where(e.deleted.is_(False), in_subtree(e.unit_id, unit_id)), e.event_date, year
    )
    with store.reading() as session:
        rows = session.execute(stmt).all()
        events = session.scalar(events_stmt) or 0
    by_trade: dict[str, FigureLine] = {}
    by_unit: dict[str, FigureLine] = {}
    total = FigureLine("")
    for _event, trade, unit, placing, places, status in rows:
        won = contest_rules.is_winner(placing, places)
        member = won and status in _MEMBER
        for line in (by_trade.setdefault(trade, FigureLine(trade)), by_unit.setdefault(unit, FigureLine(unit)), total):
            line.entrants += 1
            line.winners += won
            line.member_winners += member

    def ranked(lines: dict[str, FigureLine]) -> list[FigureLine]:
        return sorted(lines.values(), key=lambda f: (-f.entrants, f.key))  # most entrants first

    return Figures(events, total.entrants, total.winners, total.member_winners, ranked(by_trade), ranked(by_unit))


# -- export -------------------------------------------------------------------------------------------------------
EXPORT_HEADERS = (
    N_("比武名称"),
    N_("比武日期"),
    N_("工种"),
    N_("主办级别"),
    N_("主办单位"),
    N_("登记单位"),
    N_("名次"),
    N_("选手"),
    N_("选手单位"),
    N_("政治面貌"),
    N_("成绩"),
    N_("已授予荣誉"),
)


def export_events(store: Store, events: Sequence[EventRow], path: Path) -> int:
    """One line per entrant of the listed events (an event without entrants gets a line of its own); returns the
    number of lines written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("技术比武"))
    sheet.append(safe_row(sheet, [_(h) for h in EXPORT_HEADERS]))
    lines = 0
    for ev in events:
        head = [ev.name, ev.event_date, ev.trade, _(ev.level), ev.organiser, ev.unit_name]
        lines_of_event: list[EntrantRow | None] = [*list_entrants(store, ev.id)] or [None]
        for r in lines_of_event:
            tail = (
                [None] * 6
                if r is None
                else [
                    r.placing,
                    r.name,
                    r.unit_name,
                    _(r.party_status) if r.party_status else _("（未在花名册）"),
                    r.score,
                    _("是") if r.honor_id else "",
                ]
            )
            sheet.append(safe_row(sheet, head + tail))
            lines += 1
    save_workbook_safely(book, path)
    return lines


# -- results sheet ------------------------------------------------------------------------------------------------
def results_sheet(store: Store, event_id: str, paper: str = "A4") -> ContestSheetData:
    """The data of the wall sheet: every entrant ranked, winners marked with the event's honour."""
    event = get_event(store, event_id)
    lines = [
        ResultLine(
            r.placing,
            r.name,
            r.unit_name,
            r.score,
            event.honour_category if contest_rules.is_winner(r.placing, event.winner_places) else "",
        )
        for r in list_entrants(store, event_id)
    ]
    assert event.event_date is not None  # a stored event always has its date
    return ContestSheetData(
        event.name, event.trade, event.level, event.event_date, event.organiser, lines, event.rules or "", paper=paper
    )
