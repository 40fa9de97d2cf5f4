"""Creating, editing and closing mentor pairs. Every check runs before anything is written, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import MentorLog, MentorPair, Person
from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.enums import PairState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.mentor import NewWorker, PairData
from jiaomei_desktop.domain.person import PersonData, validate_person
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.errors import ValidationFailed
from jiaomei_desktop.services.mentor.common import (
    MenteeLimitExceeded,
    active_mentee_count,
    first_log_date,
    last_log_date,
    live_pair,
    live_person,
    live_unit,
    mentee_limit,
    refuse,
)
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store


@dataclass(frozen=True)
class MenteeLoad:
    mentor_name: str
    active: int  # pairs 进行中 now (not counting the one being edited)
    limit: int

    @property
    def over_limit(self) -> bool:
        return rules.over_limit(self.active, self.limit)


def mentee_load(store: Store, mentor_id: str, exclude_pair_id: str | None = None) -> MenteeLoad:
    """How many mentees the mentor already has, for the form's warning before saving."""
    with store.reading() as session:
        mentor = live_person(session, mentor_id)
        name = mentor.name if mentor else ""
        return MenteeLoad(name, active_mentee_count(session, mentor_id, exclude_pair_id), mentee_limit(store))


def create_pair(store: Store, pair: PairData, new_worker: NewWorker | None = None, today: date | None = None,
                allow_over_limit: bool = False) -> str:
    """Store a new pair (and the new worker, when given, as its mentee); returns the pair id.

    Raises ValidationFailed (per-field messages) or MenteeLimitExceeded (ask, then call again with
    allow_over_limit=True). Either way nothing is written.
    """
    today = today or date.today()
    errors = rules.check_pair_fields(pair, today)
    if pair.id:
        errors["id"] = _("新建结对不应带有编号")
    if not pair.mentee_id and new_worker is None:
        errors["mentee_id"] = _("请选择徒弟，或新增一名职工")
    with store.transaction() as session:
        mentor, unit_id = _check_mentor(session, pair, errors, changed=True)
        worker = None
        if new_worker is not None and not pair.mentee_id:
            worker = _check_new_worker(session, new_worker, unit_id, today, errors)
        else:
            _check_mentee(session, pair, errors)
        if errors:
            raise refuse(errors)
        assert mentor is not None and unit_id is not None
        check_limit(store, session, mentor, None, allow_over_limit)
        mentee_id = pair.mentee_id
        if worker is not None:
            mentee_id = roster._write_person(session, store, worker).id
        row = MentorPair(id=new_id(), owner_unit_id=office_unit_id(store), version=1, mentor_id=mentor.id,
                         mentee_id=mentee_id, unit_id=unit_id, state=PairState.ACTIVE.value)
        _apply_fields(row, pair)
        session.add(row)
        session.flush()
        return row.id


def update_pair(store: Store, pair: PairData, today: date | None = None, allow_over_limit: bool = False) -> None:
    """Edit a pair that is still 进行中. A mentor who has since left keeps the pair unless the mentor is changed."""
    today = today or date.today()
    if not pair.id:
        raise refuse({"id": _("请先选择要修改的结对")})
    with store.transaction() as session:
        row = live_pair(session, pair.id)
        errors, pair = edit_problems(session, row, pair, today)
        if errors:
            raise refuse(errors)
        mentor = live_person(session, pair.mentor_id)
        assert mentor is not None and pair.unit_id is not None
        if pair.mentor_id != row.mentor_id:
            check_limit(store, session, mentor, row.id, allow_over_limit)
        row.mentor_id, row.mentee_id, row.unit_id = mentor.id, pair.mentee_id, pair.unit_id  # type: ignore[assignment]
        _apply_fields(row, pair)
        touch(row)


def edit_problems(session: Session, row: MentorPair, pair: PairData, today: date) -> tuple[dict[str, str], PairData]:
    """What editing the stored pair `row` into `pair` would be refused for (read inside the caller's transaction),
    and `pair` with the unit it would be filed under. Only a pair 进行中 is edited."""
    if row.state != PairState.ACTIVE.value:
        return {"state": _("该结对已经“{state}”，不能再修改").format(state=_(row.state))}, pair
    errors = rules.check_pair_fields(pair, today)
    if not pair.mentee_id:
        errors["mentee_id"] = _("请选择徒弟")
    mentor_changed = pair.mentor_id != row.mentor_id
    pair = replace(pair, unit_id=pair.unit_id or (None if mentor_changed else row.unit_id))
    _mentor, unit_id = _check_mentor(session, pair, errors, changed=mentor_changed or pair.unit_id != row.unit_id)
    if pair.mentee_id != row.mentee_id:
        _check_mentee(session, pair, errors)
    first = first_log_date(session, row.id)
    if first is not None and pair.start_date and pair.start_date > first:
        errors["start_date"] = _("开始日期不能晚于第一次辅导记录（{date}）").format(date=first.isoformat())
    return errors, replace(pair, unit_id=unit_id)


def complete_pair(store: Store, pair_id: str, end_date: date | None, evaluation: str, today: date | None = None) -> None:
    """进行中 → 已出师, with the final evaluation and the date."""
    _close(store, pair_id, PairState.COMPLETED, end_date, evaluation, today or date.today())


def terminate_pair(store: Store, pair_id: str, end_date: date | None, reason: str, today: date | None = None) -> None:
    """进行中 → 终止, with the reason and the date."""
    _close(store, pair_id, PairState.TERMINATED, end_date, reason, today or date.today())


def delete_pair(store: Store, pair_id: str) -> None:
    """A pair entered by mistake: tombstoned together with its logs (synced rows are never removed)."""
    with store.transaction() as session:
        row = live_pair(session, pair_id)
        row.deleted = True
        touch(row)
        session.execute(update(MentorLog).where(MentorLog.pair_id == pair_id, MentorLog.deleted.is_(False))
                        .values(deleted=True, version=MentorLog.version + 1))


def _close(store: Store, pair_id: str, target: PairState, end_date: date | None, text: str, today: date) -> None:
    with store.transaction() as session:
        row = live_pair(session, pair_id)
        errors = rules.check_transition(row.state, target, end_date, text, row.start_date,
                                        last_log_date(session, row.id), today)
        if errors:
            raise refuse(errors)
        row.state = target.value
        row.end_date = end_date
        if target is PairState.COMPLETED:
            row.final_evaluation, row.end_reason = text.strip(), None
        else:
            row.end_reason, row.final_evaluation = text.strip(), None
        touch(row)


def _apply_fields(row: MentorPair, pair: PairData) -> None:
    row.trade = pair.trade.strip() or None
    row.goals = pair.goals.strip() or None
    row.start_date = pair.start_date  # type: ignore[assignment]
    row.planned_end_date = pair.planned_end_date


def _check_mentor(session: Session, pair: PairData, errors: dict[str, str],
                  changed: bool) -> tuple[Person | None, str | None]:
    """The mentor exists, is a 正式/预备党员 在册, and belongs to the pair's unit (by default their own branch)."""
    mentor = live_person(session, pair.mentor_id)
    if pair.mentor_id and mentor is None:
        errors.setdefault("mentor_id", _("所选师傅不存在或已删除"))
    unit_id = pair.unit_id or (mentor.branch_id if mentor else None)
    unit = live_unit(session, unit_id)
    if unit_id and unit is None:
        errors.setdefault("unit_id", _("所选单位不存在"))
    elif unit is not None and unit.kind == UnitKind.PARTY_GROUP.value:
        errors.setdefault("unit_id", _("结对应属于党支部（或党总支、党委），而不是党小组"))
    if mentor is not None and changed:
        reason = rules.mentor_refusal(mentor.political_status, mentor.membership_state)
        if reason:
            errors.setdefault("mentor_id", reason)
        elif unit is not None:
            branch = live_unit(session, mentor.branch_id)
            if branch is None or not branch.path.startswith(unit.path):
                errors.setdefault("mentor_id", _("师傅须为{unit}的党员").format(unit=unit.name))
    return mentor, unit_id


def _check_mentee(session: Session, pair: PairData, errors: dict[str, str]) -> None:
    if not pair.mentee_id:
        return
    mentee = live_person(session, pair.mentee_id)
    if mentee is None:
        errors.setdefault("mentee_id", _("所选徒弟不存在或已删除"))
        return
    reason = rules.mentee_refusal(mentee.membership_state)
    if reason:
        errors.setdefault("mentee_id", reason)
    for name, message in rules.check_mentee_start(pair.start_date, mentee.work_start_date).items():
        errors.setdefault(name, message)
    duplicate = session.scalar(select(MentorPair.id).where(
        MentorPair.mentor_id == pair.mentor_id, MentorPair.mentee_id == pair.mentee_id,
        MentorPair.state == PairState.ACTIVE.value, MentorPair.deleted.is_(False),
        MentorPair.id != (pair.id or "")))
    if duplicate:
        errors.setdefault("mentee_id", _("{name}已与这位师傅结对（进行中）").format(name=mentee.name))


WORKER_FIELDS = {"name": "worker_name", "post": "worker_post", "trade": "worker_trade", "id_number": "worker_id_number"}


def _check_new_worker(session: Session, worker: NewWorker, unit_id: str | None, today: date,
                      errors: dict[str, str]) -> PersonData | None:
    """The same rules as any person in the roster (ID checksum, duplicates…); errors keyed worker_* for the form."""
    person = roster.normalized(PersonData(
        name=worker.name, branch_id=unit_id or "", political_status=PoliticalStatus.MASSES,
        post=worker.post.strip() or None, trade=worker.trade.strip() or None,
        id_number=worker.id_number.strip() or None))
    found = validate_person(person, today).errors
    try:
        roster._check_against_store(session, person, found)
    except ValidationFailed as exc:  # a duplicate ID number names who already holds it
        found.update(exc.errors)
    for key, message in found.items():
        if key == "branch_id":
            continue  # the pair's unit is checked (and reported) as unit_id
        errors.setdefault(WORKER_FIELDS.get(key, f"worker_{key}"), message)
    return person


def pair_warnings(store: Store, pair: PairData) -> list[str]:
    """Warnings for a pair as the form holds it (a minor in an underground trade, a mentor of a lower skill grade):
    the user may still save."""
    with store.reading() as session:
        mentor = live_person(session, pair.mentor_id)
        mentee = live_person(session, pair.mentee_id)
        if mentor is None or mentee is None:
            return []
        return rules.pair_warnings(pair.start_date, (pair.trade, mentee.trade), mentee.birth_date,
                                   mentor.skill_grade, mentee.skill_grade)


def check_limit(store: Store, session: Session, mentor: Person, pair_id: str | None, allow: bool) -> None:
    active = active_mentee_count(session, mentor.id, pair_id)
    limit = mentee_limit(store)
    if rules.over_limit(active, limit) and not allow:
        raise MenteeLimitExceeded(mentor.name, active, limit)
