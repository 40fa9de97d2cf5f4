"""13710 督办: decisions and tasks with a responsible unit, a deadline tier, progress notes and 办结.

The tiers follow the "13710" time rule as it is commonly written: 1 day to assign (交办), 3 days to answer (反馈),
7 days to finish (办结), 10 days for complex matters. The group's own 13710 工作法 text could not be found with the
search tool; the only source found describes the same four tiers in general terms ("13710工作制度": 1日、3日、7日、
10日 by urgency and weight, https://a.jinxun.cc/a/202508/3567144.html). So the tiers are a setting (TIER_SETTING)
with these defaults, and the deadline is stored on the item: changing the tiers later never moves a deadline.

State is never stored: an item with a done date is 已办结; an open one is 逾期 when the day you look is after its
deadline, else 进行中.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, StudySession
from jiaomei_desktop.db.models.inspection import Inspection
from jiaomei_desktop.db.models.supervision import SupervisionNote, SupervisionTask
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.register_common import (
    check_text,
    clean,
    column_rows,
    delete_entry,
    entry_values,
    in_subtree,
    live_row,
    live_unit,
    save_entry,
    year_range,
)
from jiaomei_desktop.services.store import Store

WHAT = N_("督办事项")
NOTE_WHAT = N_("进展记录")
OPEN, DONE, OVERDUE = N_("进行中"), N_("已办结"), N_("逾期")
STATES = (OPEN, OVERDUE, DONE)
TIER_SETTING = "supervision.tier_days"
# (name, default days) in the order of the rule's name: 1 交办, 3 反馈, 7 办结, 10 复杂事项
TIERS: tuple[tuple[str, int], ...] = ((N_("交办"), 1), (N_("反馈"), 3), (N_("办结"), 7), (N_("复杂事项"), 10))
TIER_MAX_DAYS = 365
_FIELDS = (
    "title",
    "content",
    "session_id",
    "unit_id",
    "person_name",
    "start_date",
    "tier_days",
    "deadline",
    "done_date",
    "confirmed_by",
)


@dataclass(frozen=True)
class TaskData:
    title: str
    unit_id: str | None
    start_date: date | None
    tier_days: int = 7
    deadline: date | None = None  # None: start + tier_days
    content: str | None = None
    session_id: str | None = None  # the study session (meeting) that decided it; None: entered by hand
    person_name: str | None = None
    done_date: date | None = None
    confirmed_by: str | None = None
    id: str | None = None


class TaskRow(NamedTuple):
    """One listed item. A named tuple rather than a frozen dataclass: the group's ~3,000 are built on every load,
    and a tuple is built several times faster."""

    id: str
    title: str
    unit_id: str
    unit_name: str
    person_name: str
    start_date: date
    tier_days: int
    deadline: date
    done_date: date | None
    confirmed_by: str
    session_id: str | None
    state: str  # OPEN / OVERDUE / DONE on the day listed
    days_over: int  # days past the deadline (open: until today; done: when it was done), else 0
    owner_unit_id: str
    from_inspection: bool = False  # the 整改 of a 督导 inspection (services.inspections)

    @property
    def source(self) -> str:
        if self.from_inspection:
            return _("督导整改")
        return _("会议决定") if self.session_id else _("手工录入")


@dataclass(frozen=True)
class UnitLoad:
    unit_id: str
    unit_name: str
    open: int  # not done, overdue included
    overdue: int

    def as_dict(self) -> dict[str, object]:
        return {"unit": self.unit_name, "open": self.open, "overdue": self.overdue}


@dataclass(frozen=True)
class NoteRow:
    id: str
    note_date: date
    text: str


def state_of(deadline: date, done_date: date | None, today: date) -> str:
    if done_date is not None:
        return DONE
    return OVERDUE if today > deadline else OPEN


# tiers ---------------------------------------------------------------------------------------------------------
def tier_days(store: Store) -> list[tuple[str, int]]:
    """(tier name, days) as set, the defaults where nothing (or nothing usable) is stored."""
    stored = (store.get_setting(TIER_SETTING) or "").split(",")
    out = []
    for i, (name, default) in enumerate(TIERS):
        text = stored[i].strip() if i < len(stored) else ""
        out.append((name, int(text) if text.isdigit() and 1 <= int(text) <= TIER_MAX_DAYS else default))
    return out


def set_tier_days(store: Store, days: Sequence[int]) -> None:
    if len(days) != len(TIERS) or any(not isinstance(d, int) or not 1 <= d <= TIER_MAX_DAYS for d in days):
        raise ValidationFailed({"tiers": _("每档时限应为1至{max}天的整数").format(max=TIER_MAX_DAYS)})
    if list(days) != sorted(days):
        raise ValidationFailed({"tiers": _("时限应逐档不减（交办≤反馈≤办结≤复杂事项）")})
    store.set_setting(TIER_SETTING, ",".join(str(d) for d in days))


# rules ---------------------------------------------------------------------------------------------------------
def _normalized(data: TaskData) -> TaskData:
    deadline = data.deadline
    if deadline is None and data.start_date is not None and isinstance(data.tier_days, int) and data.tier_days > 0:
        deadline = data.start_date + timedelta(days=data.tier_days)
    return TaskData(
        title=(data.title or "").strip(),
        unit_id=data.unit_id,
        start_date=data.start_date,
        tier_days=data.tier_days,
        deadline=deadline,
        content=clean(data.content),
        session_id=data.session_id or None,
        person_name=clean(data.person_name),
        done_date=data.done_date,
        confirmed_by=clean(data.confirmed_by),
        id=data.id,
    )


def _rules(data: TaskData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.title, "title", N_("事项名称"), 200, errors)
    check_text(data.content, "content", N_("事项内容"), 4000, errors, required=False)
    check_text(data.person_name, "person_name", N_("责任人"), 40, errors, required=False)
    check_text(data.confirmed_by, "confirmed_by", N_("确认人"), 40, errors, required=False)
    if not data.unit_id:
        errors["unit_id"] = _("请选择责任单位")
    if not isinstance(data.tier_days, int) or not 1 <= data.tier_days <= TIER_MAX_DAYS:
        errors["tier_days"] = _("办理时限应为1至{max}天").format(max=TIER_MAX_DAYS)
    start = data.start_date
    if start is None:
        errors["start_date"] = _("请填写交办日期")
        return errors
    if start.year < 1990 or start > today:
        errors["start_date"] = _("交办日期应在1990年至今天之间")
    if data.deadline is not None and data.deadline < start:
        errors["deadline"] = _("办结时限不能早于交办日期")
    if data.done_date is not None:
        if data.done_date < start:
            errors["done_date"] = _("办结日期不能早于交办日期")
        elif data.done_date > today:
            errors["done_date"] = _("办结日期不能晚于今天")
        if not data.confirmed_by:
            errors["confirmed_by"] = _("请填写办结确认人")
    elif data.confirmed_by:
        errors["done_date"] = _("填写了确认人，请同时填写办结日期")
    return errors


def _check_links(session: Session, data: TaskData, errors: dict[str, str]) -> None:
    if data.unit_id:
        unit = live_unit(session, data.unit_id)
        if unit is None:
            errors.setdefault("unit_id", _("所选单位不存在或已撤销"))
        elif unit.kind == UnitKind.PARTY_GROUP.value:
            errors.setdefault("unit_id", _("请选择党支部或以上的单位作为责任单位"))
    if data.session_id:
        meeting = session.get(StudySession, data.session_id)
        if meeting is None or meeting.deleted:
            errors.setdefault("session_id", _("所选会议不存在或已删除"))
        elif data.start_date is not None and meeting.session_date > data.start_date:
            errors.setdefault("session_id", _("交办日期不能早于作出决定的会议日期"))


# what a 督导 整改 item takes from its inspection (services.inspections._task_data): changed only there
_FROM_INSPECTION = {
    "title": N_("事项名称"),
    "content": N_("事项内容"),
    "unit_id": N_("责任单位"),
    "start_date": N_("交办日期"),
    "session_id": N_("来源会议"),
}


def _check_inspection_item(session: Session, data: TaskData, errors: dict[str, str]) -> None:
    """A 督导 整改 item's finding belongs to its inspection; the 13710 form edits the rest (责任人, tier, deadline,
    completion, notes). Changing the finding here would be undone by the inspection's next save."""
    if not data.id:
        return
    row = session.get(SupervisionTask, data.id)
    if row is None or row.inspection_id is None:
        return
    for name, label in _FROM_INSPECTION.items():
        if getattr(row, name) != getattr(data, name):
            errors[name] = _("督导整改事项的{what}随督导检查记录，请在“督导检查”中修改").format(what=_(label))
    start, deadline = data.start_date, data.deadline
    if (
        start is not None
        and deadline is not None
        and "deadline" not in errors
        and (deadline - start).days > TIER_MAX_DAYS
    ):
        # the inspection form's ceiling (services.inspections), so the deadline stays valid in both forms
        errors["deadline"] = _("整改期限不能超过督导日期后{n}天").format(n=TIER_MAX_DAYS)


def inspection_of(store: Store, task_id: str) -> str | None:
    """The inspection whose 整改 the item is, or None for an item entered by hand or decided at a meeting."""
    with store.reading() as session:
        return session.scalar(select(SupervisionTask.inspection_id).where(SupervisionTask.id == task_id))


def check_task(store: Store, data: TaskData, today: date | None = None) -> dict[str, str]:
    data = _normalized(data)
    errors = _rules(data, today or date.today())
    with store.reading() as session:
        _check_links(session, data, errors)
        _check_inspection_item(session, data, errors)
    return errors


def save_task(store: Store, data: TaskData, today: date | None = None) -> str:
    """Insert or update one item; any error raises ValidationFailed and nothing is written."""
    data = _normalized(data)
    errors = _rules(data, today or date.today())

    def links(session: Session) -> None:
        _check_links(session, data, errors)
        _check_inspection_item(session, data, errors)

    return save_entry(store, SupervisionTask, data, _FIELDS, WHAT, errors, links)


def write_task(session: Session, store: Store, data: TaskData, today: date, inspection_id: str) -> str:
    """Insert or update the 整改 item of a 督导 inspection (services.inspections) inside the caller's transaction,
    under the same rules as save_task: the inspection and its item are written together or not at all. An unchanged
    item is left as it was (no new version to travel)."""
    data = _normalized(data)
    errors = _rules(data, today)
    _check_links(session, data, errors)
    if errors:
        raise ValidationFailed(errors)
    if data.id:
        row = live_row(session, SupervisionTask, data.id, WHAT)
        if all(getattr(row, name) == getattr(data, name) for name in _FIELDS):
            return row.id
        touch(row)
    else:
        row = SupervisionTask(
            id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False, inspection_id=inspection_id
        )
        session.add(row)
    for name in _FIELDS:
        setattr(row, name, getattr(data, name))
    session.flush()
    return row.id


def get_task(store: Store, task_id: str) -> TaskData:
    return TaskData(id=task_id, **entry_values(store, SupervisionTask, task_id, WHAT, _FIELDS))


def delete_task(store: Store, task_id: str) -> None:
    """Tombstones the item; its notes go with it (they are listed only through their item). A 督导 整改 is deleted
    with its inspection, never alone (the inspection would lose its deadline and completion)."""
    with store.reading() as session:
        linked = session.scalar(
            select(Inspection.id)
            .join(SupervisionTask, SupervisionTask.inspection_id == Inspection.id)
            .where(SupervisionTask.id == task_id, Inspection.deleted.is_(False))
        )
    if linked:
        raise ValidationFailed({"task": _("这是督导检查发现问题的整改事项，请在“督导检查”中修改或删除该检查记录")})
    delete_entry(store, SupervisionTask, task_id, WHAT)


def finish_task(
    store: Store, task_id: str, done_date: date | None, confirmed_by: str | None, today: date | None = None
) -> None:
    """办结: the done date and who confirmed it, under the same rules as a full save."""
    current = get_task(store, task_id)
    if done_date is None:
        raise ValidationFailed({"done_date": _("请填写办结日期")})
    save_task(store, replace(current, done_date=done_date, confirmed_by=confirmed_by), today)


# notes ---------------------------------------------------------------------------------------------------------
def add_note(store: Store, task_id: str, note_date: date | None, text: str, today: date | None = None) -> str:
    today = today or date.today()
    errors: dict[str, str] = {}
    check_text(text, "text", N_("进展情况"), 2000, errors)
    if note_date is None:
        errors["note_date"] = _("请填写进展日期")
    elif note_date > today:
        errors["note_date"] = _("进展日期不能晚于今天")
    with store.transaction() as session:
        task = live_row(session, SupervisionTask, task_id, WHAT)
        if note_date is not None and note_date < task.start_date:
            errors.setdefault("note_date", _("进展日期不能早于交办日期"))
        if errors:
            raise ValidationFailed(errors)
        note = SupervisionNote(
            id=new_id(),
            owner_unit_id=office_unit_id(store),
            version=1,
            deleted=False,
            task_id=task_id,
            note_date=note_date,
            text=text.strip(),
        )
        session.add(note)
        touch(task)
        session.flush()
        return note.id


def delete_note(store: Store, note_id: str) -> None:
    delete_entry(store, SupervisionNote, note_id, NOTE_WHAT)


def list_notes(store: Store, task_id: str) -> list[NoteRow]:
    with store.reading() as session:
        rows = session.execute(
            select(SupervisionNote.id, SupervisionNote.note_date, SupervisionNote.text)
            .where(SupervisionNote.task_id == task_id, SupervisionNote.deleted.is_(False))
            .order_by(SupervisionNote.note_date, SupervisionNote.updated_at)
        ).all()
    return [NoteRow(*r) for r in rows]


# lists ---------------------------------------------------------------------------------------------------------
def list_tasks(
    store: Store,
    unit_id: str | None = None,
    year: int | None = None,
    state: str | None = None,
    today: date | None = None,
    ids: Sequence[str] | None = None,
) -> list[TaskRow]:
    """Items of a unit subtree (and year of their start), overdue first, then open by deadline, then done."""
    today = today or date.today()
    t = SupervisionTask
    stmt: Select = (
        select(
            t.id,
            t.title,
            t.unit_id,
            OrgUnit.name,
            t.person_name,
            # dates as stored text, parsed with date.fromisoformat: SQLAlchemy's per-value date parsing was most
            # of the time of listing the group's ~3,000 items
            type_coerce(t.start_date, String),
            t.tier_days,
            type_coerce(t.deadline, String),
            type_coerce(t.done_date, String),
            t.confirmed_by,
            t.session_id,
            t.owner_unit_id,
            t.inspection_id,
        )
        .join(OrgUnit, OrgUnit.id == t.unit_id)
        .where(t.deleted.is_(False), in_subtree(t.unit_id, unit_id))
    )
    stmt = year_range(stmt, t.start_date, year)
    if state == DONE:
        stmt = stmt.where(t.done_date.is_not(None))
    elif state == OVERDUE:
        stmt = stmt.where(t.done_date.is_(None), t.deadline < today)
    elif state == OPEN:
        stmt = stmt.where(t.done_date.is_(None), t.deadline >= today)
    if ids is not None:
        stmt = stmt.where(t.id.in_(list(ids)))
    with store.reading() as session:
        raw: Sequence[Any] = column_rows(session, stmt)  # Core: the ORM per-row work was half the listing
    # built into one list per state, each sorted on its own (stable, as one sort on (state, date) was): the group's
    # ~5,000 items went through a Python-level constructor, a state function and a key function each
    by_state: dict[str, list[TaskRow]] = {OVERDUE: [], OPEN: [], DONE: []}
    day, make = date.fromisoformat, TaskRow._make
    for (
        id_,
        title,
        unit,
        unit_name,
        person,
        start_text,
        tier,
        deadline_text,
        done_text,
        confirmed,
        meeting,
        owner,
        from_inspection,
    ) in raw:
        deadline = day(deadline_text)
        done = day(done_text) if done_text else None
        if done is not None:  # as state_of, and the days past the deadline until done or until today
            current, over = DONE, max(0, (done - deadline).days)
        elif today > deadline:
            current, over = OVERDUE, (today - deadline).days
        else:
            current, over = OPEN, 0
        by_state[current].append(
            make((id_, title, unit, unit_name, person or "", day(start_text), tier, deadline, done, confirmed or "",
                  meeting, current, over, owner, bool(from_inspection)))
        )
    # open items by deadline; done ones newest first
    by_deadline, by_done = attrgetter("deadline"), attrgetter("done_date")
    return [
        *sorted(by_state[OVERDUE], key=by_deadline),
        *sorted(by_state[OPEN], key=by_deadline),
        *sorted(by_state[DONE], key=by_done, reverse=True),
    ]


def open_by_unit(store: Store, unit_id: str | None = None, today: date | None = None) -> list[UnitLoad]:
    """Open and overdue items per responsible unit in the subtree, the units with most overdue first."""
    today = today or date.today()
    t = SupervisionTask
    overdue = func.sum(case((t.deadline < today, 1), else_=0))
    stmt = (
        select(t.unit_id, OrgUnit.name, func.count(), overdue)
        .join(OrgUnit, OrgUnit.id == t.unit_id)
        .where(t.deleted.is_(False), t.done_date.is_(None), in_subtree(t.unit_id, unit_id))
        .group_by(t.unit_id, OrgUnit.name)
    )
    with store.reading() as session:
        loads = [UnitLoad(u, name, n, int(late or 0)) for u, name, n, late in session.execute(stmt)]
    return sorted(loads, key=lambda x: (-x.overdue, -x.open, x.unit_name))


# export --------------------------------------------------------------------------------------------------------
EXPORT_HEADERS = (
    N_("事项名称"),
    N_("来源"),
    N_("责任单位"),
    N_("责任人"),
    N_("交办日期"),
    N_("时限（天）"),
    N_("办结时限"),
    N_("状态"),
    N_("超期天数"),
    N_("办结日期"),
    N_("确认人"),
)


def export_tasks(rows: Sequence[TaskRow], path: Path) -> int:
    """The listed items as an Excel sheet; returns the number of rows written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("13710督办"))
    sheet.append(safe_row(sheet, [_(h) for h in EXPORT_HEADERS]))
    for r in rows:
        sheet.append(
            safe_row(
                sheet,
                [
                    r.title,
                    r.source,
                    r.unit_name,
                    r.person_name,
                    r.start_date,
                    r.tier_days,
                    r.deadline,
                    _(r.state),
                    r.days_over or None,
                    r.done_date,
                    r.confirmed_by,
                ],
            )
        )
    save_workbook_safely(book, path)
    return len(rows)


MEETING_WINDOW_DAYS = 90


def meeting_choices(store: Store, unit_id: str | None, until: date | None) -> list[tuple[str, str]]:
    """(id, "日期 类别 议题") of the unit's own meetings in the 90 days up to `until`, newest first: the sessions an
    item can say it was decided at."""
    if not unit_id or until is None:
        return []
    s = StudySession
    with store.reading() as session:
        rows = session.execute(
            select(s.id, s.session_date, s.kind, s.topic)
            .where(
                s.unit_id == unit_id,
                s.deleted.is_(False),
                s.session_date <= until,
                s.session_date >= until - timedelta(days=MEETING_WINDOW_DAYS),
            )
            .order_by(s.session_date.desc())
        ).all()
    return [(r[0], f"{r[1].isoformat()} {_(r[2])} {r[3] or ''}".strip()) for r in rows]
