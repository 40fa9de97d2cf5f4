"""The gallery: one card per honoured person or unit, filtered and sorted in SQL, fetched a block at a time.

A card's key is "p:<person id>" or "u:<unit id>". Filters (year, level, category, unit subtree, text) select
honours; a subject appears when at least one of its honours matches, and its card shows the highest matching honour
(level rank first, then the newest). `find_card_keys` returns only the ordered keys; `fetch_cards` reads the few the
screen shows, like services.roster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import Honor, OrgUnit, Person
from jiaomei_desktop.domain import honor as rules
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.store import Store

PERSON, UNIT = "person", "unit"
SORTS = ("honor", "date", "name")


@dataclass(frozen=True)
class HonorQuery:
    text: str = ""  # name (hanzi or pinyin, full or initials), unit name, title or words of the deeds
    unit_id: str | None = None  # that unit's whole subtree
    year: int | None = None
    level: str | None = None
    category: str | None = None
    kind: str | None = None  # PERSON | UNIT | None = both
    sort: str = "honor"  # "honor" (highest first) | "date" (newest first) | "name"


@dataclass(frozen=True)
class HonorRow:
    id: str
    key: str
    kind: str
    subject_name: str
    unit_name: str  # a person's branch; a unit's parent
    post: str
    title: str
    category: str
    level: str
    awarding_body: str
    award_date: date
    deeds: str
    photo_sha256: str | None


@dataclass(frozen=True)
class GalleryCard:
    key: str
    kind: str
    subject_id: str
    name: str
    unit_name: str
    post: str
    honor_id: str
    honor_title: str
    honor_level: str
    honor_category: str
    award_date: date
    honor_count: int  # matching honours of this subject
    photo_sha256: str | None


@dataclass(frozen=True)
class SubjectDetail:
    key: str
    kind: str
    subject_id: str
    name: str
    unit_name: str
    post: str
    photo_sha256: str | None
    honours: tuple[HonorRow, ...]  # newest first


def card_key(person_id: str | None, unit_id: str | None) -> str:
    return f"p:{person_id}" if person_id else f"u:{unit_id}"


def split_key(key: str) -> tuple[str, str]:
    prefix, _sep, subject_id = key.partition(":")
    if prefix not in ("p", "u") or not subject_id:
        raise NotFoundError(_("无效的先进典型编号"))
    return (PERSON if prefix == "p" else UNIT), subject_id


# -- SQL pieces ---------------------------------------------------------------------------------------------------
_SubjectUnit = aliased(OrgUnit, name="subject_unit")
_Branch = aliased(OrgUnit, name="branch")


def _rank_expr():  # type: ignore[no-untyped-def]
    return case({level: rank for rank, level in enumerate(rules.LEVELS)}, value=Honor.level, else_=len(rules.LEVELS))


def _subject_expr():  # type: ignore[no-untyped-def]
    return case((Honor.person_id.is_not(None), literal("p:") + Honor.person_id), else_=literal("u:") + Honor.unit_id)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(query: HonorQuery, columns: Sequence[object]) -> Select:
    """Live honours matching the query, joined to their person (and branch) or unit."""
    stmt = (select(*columns).select_from(Honor)
            .outerjoin(Person, Person.id == Honor.person_id)
            .outerjoin(_SubjectUnit, _SubjectUnit.id == Honor.unit_id)
            .where(Honor.deleted.is_(False),
                   or_(Honor.person_id.is_(None), Person.deleted.is_(False)),
                   or_(Honor.unit_id.is_(None), _SubjectUnit.deleted.is_(False))))
    if query.kind == PERSON:
        stmt = stmt.where(Honor.person_id.is_not(None))
    elif query.kind == UNIT:
        stmt = stmt.where(Honor.unit_id.is_not(None))
    if query.year:
        stmt = stmt.where(Honor.award_date.between(date(query.year, 1, 1), date(query.year, 12, 31)))
    if query.level:
        stmt = stmt.where(Honor.level == query.level)
    if query.category:
        stmt = stmt.where(Honor.category == query.category)
    if query.unit_id:
        prefix = select(OrgUnit.path).where(OrgUnit.id == query.unit_id).scalar_subquery()
        in_subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(prefix, autoescape=False))
        stmt = stmt.where(or_(Person.branch_id.in_(in_subtree), Honor.unit_id.in_(in_subtree)))
    text = query.text.strip().lower().replace(" ", "").replace("\u3000", "")
    if text:
        pattern = _like(text)
        stmt = stmt.where(or_(Person.search_text.like(pattern, escape="\\"),
                              _SubjectUnit.name.like(pattern, escape="\\"),
                              Honor.title.like(pattern, escape="\\"),
                              Honor.deeds.like(pattern, escape="\\")))
    return stmt


def find_card_keys(store: Store, query: HonorQuery) -> list[str]:
    """Keys of the matching subjects in display order (one per person or unit)."""
    subject = _subject_expr().label("subject")
    name_sort = func.coalesce(Person.name_sort, _SubjectUnit.code).label("name_sort")
    matched = _matching(query, [subject, _rank_expr().label("rank"), Honor.award_date, name_sort,
                                Honor.id]).subquery()
    row_number = func.row_number().over(
        partition_by=matched.c.subject,
        order_by=(matched.c.rank, matched.c.award_date.desc(), matched.c.id),
    ).label("rn")
    best = select(matched.c.subject, matched.c.rank, matched.c.award_date, matched.c.name_sort, row_number).subquery()
    order = {
        "date": (best.c.award_date.desc(), best.c.rank, best.c.name_sort),
        "name": (best.c.name_sort, best.c.rank),
    }.get(query.sort, (best.c.rank, best.c.award_date.desc(), best.c.name_sort))
    stmt = select(best.c.subject).where(best.c.rn == 1).order_by(*order, best.c.subject)
    with store.reading() as session:
        return list(session.scalars(stmt))


def count_honors(store: Store, query: HonorQuery) -> int:
    with store.reading() as session:
        return session.scalar(_matching(query, [func.count()])) or 0


# -- rows and cards -----------------------------------------------------------------------------------------------
_ROW_COLUMNS = (Honor.id, Honor.person_id, Honor.unit_id, Person.name, _SubjectUnit.name, _Branch.name,
                Person.post, Person.position, Honor.title, Honor.category, Honor.level, Honor.awarding_body,
                Honor.award_date, Honor.deeds, Honor.photo_sha256, Person.photo_sha256, _SubjectUnit.parent_id,
                Honor.collective_name)


def _with_branch(stmt: Select) -> Select:
    return stmt.outerjoin(_Branch, _Branch.id == Person.branch_id)


def _post(post: str | None, position: str | None) -> str:
    return " ".join(dict.fromkeys(p for p in (post, position) if p))


def _parent_names(session: Session, parent_ids: set[str]) -> dict[str, str]:
    if not parent_ids:
        return {}
    return dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(parent_ids))).all())


def _rows(session: Session, stmt: Select) -> list[tuple[HonorRow, str | None]]:
    """HonorRows plus each subject's own photo (a person's portrait) for the card fallback."""
    raw = session.execute(stmt).all()
    parents = _parent_names(session, {r[16] for r in raw if r[2] and r[16]})
    out = []
    for r in raw:
        is_person = r[1] is not None
        name = r[3] if is_person else (r[17] or r[4])
        # A 区队 or 班组 honoured as 先进集体 is shown with the party unit it belongs to.
        unit_name = r[5] if is_person else (r[4] if r[17] else parents.get(r[16]))
        row = HonorRow(
            id=r[0], key=card_key(r[1], r[2]), kind=PERSON if is_person else UNIT, subject_name=name or "",
            unit_name=unit_name or "", post=_post(r[6], r[7]) if is_person else "", title=r[8], category=r[9],
            level=r[10], awarding_body=r[11] or "", award_date=r[12], deeds=r[13] or "", photo_sha256=r[14])
        out.append((row, r[15]))
    return out


def list_honors(store: Store, query: HonorQuery, limit: int | None = None) -> list[HonorRow]:
    """Every matching honour (not grouped), newest first: for the Excel export and the command line."""
    stmt = _with_branch(_matching(query, _ROW_COLUMNS)).order_by(
        Honor.award_date.desc(), _rank_expr(), func.coalesce(Person.name_sort, _SubjectUnit.code), Honor.id)
    if limit:
        stmt = stmt.limit(limit)
    with store.reading() as session:
        return [row for row, _ in _rows(session, stmt)]


def honor_rows(store: Store, honor_ids: Sequence[str]) -> dict[str, HonorRow]:
    """The given live honours by id (for documents that need the deeds and awarding body of a card's honour)."""
    if not honor_ids:
        return {}
    stmt = _with_branch(_matching(HonorQuery(), _ROW_COLUMNS)).where(Honor.id.in_(list(honor_ids)))
    with store.reading() as session:
        return {row.id: row for row, _ in _rows(session, stmt)}


def _subject_filter(keys: Sequence[str]):  # type: ignore[no-untyped-def]
    people = [k[2:] for k in keys if k.startswith("p:")]
    units = [k[2:] for k in keys if k.startswith("u:")]
    return or_(Honor.person_id.in_(people), and_(Honor.person_id.is_(None), Honor.unit_id.in_(units)))


def fetch_cards(store: Store, keys: Sequence[str], query: HonorQuery | None = None) -> dict[str, GalleryCard]:
    """Cards for these keys: the highest honour that matches `query`, and a photo (that honour's, else the
    subject's newest honour photo, else a person's roster portrait)."""
    if not keys:
        return {}
    query = query or HonorQuery()
    everything = _with_branch(_matching(HonorQuery(), _ROW_COLUMNS)).where(_subject_filter(keys))
    with store.reading() as session:
        rows = _rows(session, everything)
        if _narrows(query):
            matched = set(session.scalars(_matching(query, [Honor.id]).where(_subject_filter(keys))))
        else:
            matched = {row.id for row, _ in rows}
    by_subject: dict[str, list[tuple[HonorRow, str | None]]] = defaultdict(list)
    for row, portrait in rows:
        by_subject[row.key].append((row, portrait))
    cards = {}
    for key, entries in by_subject.items():
        hits = [row for row, _ in entries if row.id in matched] or [row for row, _ in entries]
        best = min(hits, key=lambda h: rules.sort_key(h.level, h.award_date))
        cards[key] = GalleryCard(
            key=key, kind=best.kind, subject_id=key[2:], name=best.subject_name, unit_name=best.unit_name,
            post=best.post, honor_id=best.id, honor_title=best.title, honor_level=best.level,
            honor_category=best.category, award_date=best.award_date, honor_count=len(hits),
            photo_sha256=_card_photo(best, [row for row, _ in entries], entries[0][1]))
    return cards


def _narrows(query: HonorQuery) -> bool:
    """Whether the query can exclude some honours of a subject that is shown (the sort order never does)."""
    return bool(query.text.strip() or query.unit_id or query.year or query.level or query.category or query.kind)


def _card_photo(best: HonorRow, rows: list[HonorRow], portrait: str | None) -> str | None:
    if best.photo_sha256:
        return best.photo_sha256
    newest = sorted((r for r in rows if r.photo_sha256), key=lambda r: r.award_date, reverse=True)
    return newest[0].photo_sha256 if newest else portrait


def subject_detail(store: Store, key: str) -> SubjectDetail:
    """Everything the detail view shows: the subject, their photo and all their honours, newest first."""
    kind, subject_id = split_key(key)
    stmt = (_with_branch(_matching(HonorQuery(), _ROW_COLUMNS)).where(_subject_filter([key]))
            .order_by(Honor.award_date.desc(), _rank_expr()))
    with store.reading() as session:
        entries = _rows(session, stmt)
        if not entries:
            name, unit_name, post, portrait = _bare_subject(session, kind, subject_id)
            return SubjectDetail(key, kind, subject_id, name, unit_name, post, portrait, ())
    rows = [row for row, _ in entries]
    best = min(rows, key=lambda h: rules.sort_key(h.level, h.award_date))
    return SubjectDetail(key, kind, subject_id, best.subject_name, best.unit_name, best.post,
                         _card_photo(best, rows, entries[0][1]), tuple(rows))


def _bare_subject(session: Session, kind: str, subject_id: str) -> tuple[str, str, str, str | None]:
    if kind == PERSON:
        person = session.get(Person, subject_id)
        if person is None or person.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        branch = session.get(OrgUnit, person.branch_id)
        return person.name, branch.name if branch else "", _post(person.post, person.position), person.photo_sha256
    unit = session.get(OrgUnit, subject_id)
    if unit is None or unit.deleted:
        raise NotFoundError(_("单位不存在或已撤销"))
    parent = session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
    return unit.name, parent.name if parent else "", "", None
