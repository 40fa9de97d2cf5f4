"""亮明身份 register: 党员示范岗 / 先锋岗 / 突击队 / 安全监督岗 with their people, 挂牌 and 摘牌; the list of who wears
the 党员 mark (the seed's 党员标志安全头盔) on which post; figures; placards. Rules: domain.posts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.db.models.post import IdentityPost, IdentityPostMember
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.posts import PostKind, PostRole, is_front_line
from jiaomei_desktop.i18n import N_, _, join_phrases
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.placard import PlacardData, render_placard
from jiaomei_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    column_rows,
    in_subtree,
    iso_date,
    live_row,
    live_unit,
    not_found,
    replace_named_members,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("亮明身份岗位")
_MEMBER = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
_FIELDS = ("kind", "name", "unit_id", "place", "duties", "pledge", "listed_on", "delisted_on", "delist_reason")
EXPORT_HEADERS = (
    N_("类别"),
    N_("岗位/队名"),
    N_("单位"),
    N_("地点"),
    N_("挂牌日期"),
    N_("摘牌日期"),
    N_("摘牌原因"),
    N_("成员"),
    N_("职责"),
    N_("承诺"),
)
WEARER_HEADERS = (N_("姓名"), N_("政治面貌"), N_("所在支部"), N_("岗位/队名"), N_("类别"), N_("角色"), N_("挂牌日期"))


@dataclass(frozen=True)
class PostMemberData:
    name: str = ""
    person_id: str | None = None  # None: a worker typed in by name (突击队 only)
    role: str = PostRole.MEMBER.value


@dataclass(frozen=True)
class PostData:
    kind: str
    name: str
    unit_id: str | None
    listed_on: date | None
    members: tuple[PostMemberData, ...] = ()
    place: str | None = None
    duties: str | None = None  # one per line
    pledge: str | None = None  # 承诺, one per line
    delisted_on: date | None = None
    delist_reason: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class PostMemberRow:
    name: str
    person_id: str | None
    role: str
    party_status: str  # 政治面貌 from the roster; "" for a typed-in worker
    branch_id: str | None
    on_roll: bool = True  # 在册 (a member who has left since stays listed until the post is changed)

    @property
    def is_member(self) -> bool:
        return self.party_status in _MEMBER

    @property
    def status_text(self) -> str:
        return _(self.party_status) if self.party_status else _("职工（未在花名册）")


@dataclass(frozen=True)
class PostRow:
    id: str
    kind: str
    name: str
    unit_id: str
    unit_name: str
    place: str
    listed_on: date
    delisted_on: date | None
    delist_reason: str
    duties: str
    pledge: str
    members: tuple[PostMemberRow, ...]
    owner_unit_id: str

    def active_on(self, day: date) -> bool:
        return self.listed_on <= day and (self.delisted_on is None or self.delisted_on > day)

    @property
    def party_members(self) -> int:
        return sum(1 for m in self.members if m.is_member)

    @property
    def member_names(self) -> str:
        return "、".join(m.name for m in self.members)


@dataclass(frozen=True)
class WearerRow:
    """A party member on a post that is hung: the one who wears the 党员 mark there."""

    name: str
    party_status: str
    branch_name: str
    post_name: str
    kind: str
    role: str
    listed_on: date
    post_id: str


@dataclass(frozen=True)
class PostFigures:
    posts: int  # hung on the day
    by_kind: dict[str, int]
    people: int  # distinct people on hung posts
    members_on_posts: int  # distinct party members among them
    workers_on_posts: int  # non-members (突击队)
    front_line_members: int  # party members of 一线 branches (domain.posts.is_front_line)
    front_line_on_posts: int
    delisted: int  # taken down (摘牌) by the day
    by_kind_rows: list[tuple[str, int, int]] = field(default_factory=list)  # (kind, posts, members on them)

    @property
    def front_line_share(self) -> float | None:
        return self.front_line_on_posts / self.front_line_members if self.front_line_members else None

    def as_dict(self) -> dict[str, object]:
        share = self.front_line_share
        return {
            "posts": self.posts,
            "by_kind": self.by_kind,
            "people": self.people,
            "members_on_posts": self.members_on_posts,
            "workers_on_posts": self.workers_on_posts,
            "front_line_members": self.front_line_members,
            "front_line_on_posts": self.front_line_on_posts,
            "front_line_share": None if share is None else round(share, 4),
            "delisted": self.delisted,
        }


# -- rules ----------------------------------------------------------------------------------------------------------
def _normalized(data: PostData) -> PostData:
    members = tuple(
        PostMemberData((m.name or "").strip(), m.person_id or None, m.role or PostRole.MEMBER.value)
        for m in data.members
        if (m.name or "").strip() or m.person_id
    )
    return PostData(
        kind=(data.kind or "").strip(),
        name=(data.name or "").strip(),
        unit_id=data.unit_id or None,
        listed_on=data.listed_on,
        members=members,
        place=clean(data.place),
        duties=clean(data.duties),
        pledge=clean(data.pledge),
        delisted_on=data.delisted_on,
        delist_reason=clean(data.delist_reason),
        id=data.id,
    )


def _rules(data: PostData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in tuple(PostKind):
        errors["kind"] = _("请选择类别（{kinds}）").format(kinds="、".join(_(k.value) for k in PostKind))
    check_text(data.name, "name", N_("岗位或队名"), 120, errors)
    check_text(data.place, "place", N_("地点"), 120, errors, required=False)
    check_text(data.duties, "duties", N_("职责"), 2000, errors, required=False)
    check_text(data.pledge, "pledge", N_("承诺"), 2000, errors, required=False)
    check_text(data.delist_reason, "delist_reason", N_("摘牌原因"), 200, errors, required=False)
    if not data.unit_id:
        errors["unit_id"] = _("请选择单位")
    if data.listed_on is None:
        errors["listed_on"] = _("请填写挂牌日期")
    if data.delisted_on is not None:
        if data.listed_on is not None and data.delisted_on < data.listed_on:
            errors["delisted_on"] = _("摘牌日期不能早于挂牌日期")
        elif not data.delist_reason:
            errors["delist_reason"] = _("摘牌须写明原因")
    elif data.delist_reason:
        errors["delisted_on"] = _("写了摘牌原因，请同时填写摘牌日期")
    if not data.members:
        errors["members"] = _("请至少添加一名成员")
    return errors


def _check_members(session: Session, data: PostData, errors: dict[str, str]) -> list[PostMemberData]:
    """Each line: a live roster person (named as the roster has it) or, on a 突击队, a typed-in worker; on a post
    other than a 突击队 only party members. Returns the lines with roster names filled in."""
    team = data.kind == PostKind.COMMANDO.value
    kind_text = _(data.kind) if data.kind else _("岗位")
    out: list[PostMemberData] = []
    seen: set[str] = set()
    members = 0
    for line, m in enumerate(data.members, start=1):
        key = f"members.{line}"
        if m.person_id is None:
            if not team:
                errors.setdefault(
                    key,
                    _("第{line}行：{name}不在花名册中，{kind}只能由在册党员担任").format(
                        line=line, name=m.name, kind=kind_text
                    ),
                )
            elif len(m.name) > 60:
                errors.setdefault(key, _("第{line}行：姓名过长（最多60个字）").format(line=line))
            out.append(m)
            ident = "name:" + m.name
        else:
            person = session.get(Person, m.person_id)
            if person is None or person.deleted:
                errors.setdefault(key, _("第{line}行：所选人员不存在或已删除").format(line=line))
                continue
            status = person.political_status or ""
            if person.membership_state != MembershipState.ACTIVE.value:
                errors.setdefault(
                    key,
                    _("第{line}行：{name}已{state}，不能上岗").format(
                        line=line, name=person.name, state=_(person.membership_state)
                    ),
                )
            elif status not in _MEMBER and not team:
                errors.setdefault(
                    key,
                    _("第{line}行：{name}是{status}，{kind}只能由党员担任").format(
                        line=line, name=person.name, status=_(status) if status else _("群众"), kind=kind_text
                    ),
                )
            members += status in _MEMBER
            out.append(PostMemberData(person.name, person.id, m.role))
            ident = "id:" + person.id
        if ident in seen:
            errors.setdefault(key, _("第{line}行：{name}重复").format(line=line, name=out[-1].name))
        seen.add(ident)
    if team and data.members and not members and "members" not in errors:
        errors["members"] = _("党员突击队至少要有一名党员")
    return out


def _check_unit(session: Session, data: PostData, errors: dict[str, str]) -> None:
    unit = live_unit(session, data.unit_id)
    if data.unit_id and unit is None:
        errors.setdefault("unit_id", _("所选单位不存在或已撤销"))
    elif unit is not None and unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("请选择党支部或上级单位，而不是党小组"))


def check_post(store: Store, data: PostData) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data)
    with store.reading() as session:
        _check_unit(session, data, errors)
        _check_members(session, data, errors)
    return errors


def save_post(store: Store, data: PostData) -> str:
    """Insert or update a post and its people in one transaction; ValidationFailed (nothing written) when a rule
    fails. Returns the id."""
    data = _normalized(data)
    errors = _rules(data)
    with store.transaction() as session:
        _check_unit(session, data, errors)
        members = _check_members(session, data, errors)
        if errors:
            raise ValidationFailed(errors)
        owner = office_unit_id(store)
        if data.id:
            row = live_row(session, IdentityPost, data.id, WHAT)
            touch(row)
        else:
            row = IdentityPost(id=new_id(), owner_unit_id=owner, version=1, deleted=False)
            session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(data, name))
        session.flush()
        _replace_members(session, row, members)
        return row.id


def _replace_members(session: Session, post: IdentityPost, members: Sequence[PostMemberData]) -> None:
    replace_named_members(session, IdentityPostMember, "post_id", post, members)


def delete_post(store: Store, post_id: str) -> None:
    """Tombstones for the post and its people, so the deletion travels with the next bundle."""
    with store.transaction() as session:
        row = live_row(session, IdentityPost, post_id, WHAT)
        row.deleted = True
        touch(row)
        for m in session.scalars(
            select(IdentityPostMember).where(
                IdentityPostMember.post_id == post_id, IdentityPostMember.deleted.is_(False)
            )
        ):
            m.deleted = True
            touch(m)


def get_post(store: Store, post_id: str) -> PostData:
    rows = list_posts(store, post_ids=(post_id,))
    if not rows:
        raise NotFoundError(not_found(WHAT))
    r = rows[0]
    return PostData(
        kind=r.kind,
        name=r.name,
        unit_id=r.unit_id,
        listed_on=r.listed_on,
        members=tuple(PostMemberData(m.name, m.person_id, m.role) for m in r.members),
        place=r.place or None,
        duties=r.duties or None,
        pledge=r.pledge or None,
        delisted_on=r.delisted_on,
        delist_reason=r.delist_reason or None,
        id=r.id,
    )


# -- lists ----------------------------------------------------------------------------------------------------------
def list_posts(store: Store, unit_id: str | None = None, post_ids: Sequence[str] | None = None) -> list[PostRow]:
    """Posts of a unit subtree (hung and taken down), by unit then kind then name; the list filters in memory."""
    p = IdentityPost
    stmt = (
        select(
            p.id,
            p.kind,
            p.name,
            p.unit_id,
            OrgUnit.name,
            p.place,
            type_coerce(p.listed_on, String),  # as text, parsed below: SQLAlchemy's date parsing cost more
            type_coerce(p.delisted_on, String),
            p.delist_reason,
            p.duties,
            p.pledge,
            p.owner_unit_id,
        )
        .join(OrgUnit, OrgUnit.id == p.unit_id)
        .where(p.deleted.is_(False), in_subtree(p.unit_id, unit_id))
        .order_by(OrgUnit.path, p.kind, p.name)
    )
    if post_ids is not None:
        stmt = stmt.where(p.id.in_(list(post_ids)))
    m = IdentityPostMember
    members_stmt = (
        select(
            m.post_id, m.name, m.person_id, m.role, Person.political_status, Person.branch_id, Person.membership_state
        )
        .join(p, p.id == m.post_id)
        .outerjoin(Person, Person.id == m.person_id)
        .where(m.deleted.is_(False), p.deleted.is_(False), in_subtree(p.unit_id, unit_id))
        .order_by(m.post_id, m.position)
    )
    if post_ids is not None:
        members_stmt = members_stmt.where(m.post_id.in_(list(post_ids)))
    with store.reading() as session:
        posts = column_rows(session, stmt)
        people: dict[str, list[PostMemberRow]] = defaultdict(list)
        on_roll_states = (None, MembershipState.ACTIVE.value)  # once: an enum's value is a lookup each time
        for post_id, name, person_id, role, status, branch_id, state in column_rows(session, members_stmt):
            on_roll = state in on_roll_states
            people[post_id].append(PostMemberRow(name, person_id, role, status or "", branch_id, on_roll))
    return [
        PostRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5] or "",
            date.fromisoformat(r[6]),
            iso_date(r[7]),
            r[8] or "",
            r[9] or "",
            r[10] or "",
            tuple(people.get(r[0], ())),
            r[11],
        )
        for r in posts
    ]


def filter_posts(
    rows: Sequence[PostRow], text: str = "", kind: str | None = None, active_on: date | None = None
) -> list[PostRow]:
    """The list's filter, in memory: name / place / unit / member text, kind, hung on a day."""
    needle = text.strip().lower()
    out = []
    for r in rows:
        if kind and r.kind != kind:
            continue
        if active_on and not r.active_on(active_on):
            continue
        if needle and needle not in f"{r.name}\n{r.place}\n{r.unit_name}\n{r.member_names}".lower():
            continue
        out.append(r)
    return out


def wearers(store: Store, unit_id: str | None, day: date, rows: Sequence[PostRow] | None = None) -> list[WearerRow]:
    """Party members on the posts hung on `day`: who wears the 党员 mark (helmet, badge) on which post."""
    posts = [r for r in (rows if rows is not None else list_posts(store, unit_id)) if r.active_on(day)]
    branches = _unit_names(store)
    out = [
        WearerRow(
            m.name, m.party_status, branches.get(m.branch_id or "", ""), r.name, r.kind, m.role, r.listed_on, r.id
        )
        for r in posts
        for m in r.members
        if m.is_member
    ]
    return out  # in the list's order: by unit, post, then the post's own order (负责人 first)


def _unit_names(store: Store) -> dict[str, str]:
    with store.reading() as session:
        return {uid: name for uid, name in session.execute(select(OrgUnit.id, OrgUnit.name))}


# -- figures --------------------------------------------------------------------------------------------------------
def figures(store: Store, unit_id: str | None, day: date, rows: Sequence[PostRow] | None = None) -> PostFigures:
    """Posts hung on `day` by kind, people on them, and the share of 一线 party members who stand on one. `rows`: the
    unit's posts already listed."""
    rows = list(rows) if rows is not None else list_posts(store, unit_id)
    hung = [r for r in rows if r.active_on(day)]
    by_kind = {k.value: 0 for k in PostKind}
    kind_members: dict[str, set[str]] = defaultdict(set)
    people: set[str] = set()
    members: set[str] = set()
    for r in hung:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
        for m in r.members:
            ident = m.person_id or f"{r.id}:{m.name}"
            people.add(ident)
            if m.is_member and m.on_roll and m.person_id:
                members.add(m.person_id)
                kind_members[r.kind].add(m.person_id)
    front_branches, front_members = _front_line(store, unit_id)
    front_on_posts = {
        m.person_id for r in hung for m in r.members if m.is_member and m.on_roll and m.branch_id in front_branches
    }
    return PostFigures(
        posts=len(hung),
        by_kind=by_kind,
        people=len(people),
        members_on_posts=len(members),
        workers_on_posts=len(people) - len(members),
        front_line_members=front_members,
        front_line_on_posts=len(front_on_posts),
        delisted=sum(1 for r in rows if r.delisted_on is not None and r.delisted_on <= day),
        by_kind_rows=[(k, n, len(kind_members[k])) for k, n in by_kind.items()],
    )


def _front_line(store: Store, unit_id: str | None) -> tuple[set[str], int]:
    """The 一线 branches of the subtree (domain.posts.is_front_line on the branch name) and how many party members
    on the roll they have."""
    units = select(OrgUnit.id, OrgUnit.name).where(OrgUnit.deleted.is_(False), in_subtree(OrgUnit.id, unit_id))
    with store.reading() as session:
        front = {uid for uid, name in column_rows(session, units) if is_front_line(name)}
        count = (
            select(func.count())
            .select_from(Person)
            .where(
                Person.branch_id.in_(front),
                Person.deleted.is_(False),
                Person.membership_state == MembershipState.ACTIVE.value,
                Person.political_status.in_(_MEMBER),
            )
        )
        return front, session.scalar(count) or 0


def count_posts(store: Store, unit_id: str | None = None) -> int:
    with store.reading() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(IdentityPost)
                .where(IdentityPost.deleted.is_(False), in_subtree(IdentityPost.unit_id, unit_id))
            )
            or 0
        )


# -- Excel ----------------------------------------------------------------------------------------------------------
def export_posts(rows: Sequence[PostRow], path: Path) -> int:
    """One line per post; the people as "姓名（负责人）、姓名（职工）…". Returns the number of lines."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("亮明身份"))
    sheet.append(safe_row(sheet, [_(h) for h in EXPORT_HEADERS]))
    for r in rows:
        people = "、".join(_member_label(m) for m in r.members)
        sheet.append(
            safe_row(
                sheet,
                [
                    _(r.kind),
                    r.name,
                    r.unit_name,
                    r.place,
                    r.listed_on,
                    r.delisted_on,
                    r.delist_reason,
                    people,
                    r.duties,
                    r.pledge,
                ],
            )
        )
    save_workbook_safely(book, path)
    return len(rows)


def export_wearers(rows: Sequence[WearerRow], path: Path) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("党员标志佩戴名单"))
    sheet.append(safe_row(sheet, [_(h) for h in WEARER_HEADERS]))
    for w in rows:
        sheet.append(
            safe_row(sheet, [w.name, _(w.party_status), w.branch_name, w.post_name, _(w.kind), _(w.role), w.listed_on])
        )
    save_workbook_safely(book, path)
    return len(rows)


def _member_label(m: PostMemberRow, lead: bool = True) -> str:
    notes = [_(m.role)] if lead and m.role == PostRole.LEAD.value else []
    if not m.is_member:
        notes.append(_("职工"))
    return _("{name}（{notes}）").format(name=m.name, notes=join_phrases(notes)) if notes else m.name


# -- placards -------------------------------------------------------------------------------------------------------
def placard_data(
    store: Store, post_id: str, scheme: str = "red", paper: str = "A4", emblem: Path | None = None
) -> PlacardData:
    """The placard of a post: the heading is its kind; the people (members first, a 突击队's workers marked), the
    post and place, the duties and the pledge lines."""
    rows = list_posts(store, post_ids=(post_id,))
    if not rows:
        raise NotFoundError(not_found(WHAT))
    r = rows[0]
    with store.reading() as session:
        unit = session.get(OrgUnit, r.unit_id)
        unit_name = unit.name if unit else r.unit_name
    post = _("{name}（{details}）").format(name=r.name, details=r.place) if r.place and r.place not in r.name else r.name
    team = r.kind == PostKind.COMMANDO.value  # a team names its 队长; a post of one or two needs no such mark
    people = "、".join(_member_label(m, lead=team) for m in r.members)
    duties = "；".join(d.strip() for d in r.duties.splitlines() if d.strip()) or "—"
    pledge = [p.strip() for p in r.pledge.splitlines() if p.strip()]
    return PlacardData(
        member_name=people,
        zone=post,
        scope=duties,
        duties=pledge,
        unit=unit_name,
        scheme=scheme,
        paper=paper,
        emblem=emblem,
        kind=r.kind,
    )


def render_post_placard(
    store: Store, post_id: str, scheme: str = "red", paper: str = "A4", emblem: Path | None = None
) -> bytes:
    """One placard as PDF bytes; a document problem (too much text, missing glyphs) is a ServiceError."""
    data = placard_data(store, post_id, scheme, paper, emblem)
    try:
        return render_placard(data)
    except ReportError as exc:
        if paper == "A4" and render_fits(replace(data, paper="A3")):
            raise ServiceError(
                _(
                    "“{name}”的人员、岗位和职责在A4标牌上排不下（字高需不小于10毫米），请改用A3或展板，或精简职责"
                ).format(name=data.zone)
            ) from exc
        raise ServiceError(str(exc)) from exc


def render_fits(data: PlacardData) -> bool:
    try:
        render_placard(data)
    except ReportError:
        return False
    return True
