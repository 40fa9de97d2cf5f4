"""党支部标准化建设 register: the checklist (a setting), each branch's self-assessment for a year, the committee's
acceptance (达标 / 示范 / 未达标), coverage per 党委, Excel export. Rules: domain.standards.

Items the app can judge from its own records (domain.standards.AutoRule) are filled in by the system whenever a
self-assessment is saved, with the evidence they were judged by, and cannot be scored by hand (a note may be added):
- 支部班子 (条例 第六章): with 7 or more 正式党员 a 支部委员会 of at least 3 sitting (a 书记 among them); with fewer, a
  书记. Judged on the year's last day (today for the running year) from the committee records (services.study).
- 组织生活: the item's points × the branch's rate in the 组织生活制度 compliance grid for the year (services.study).
- 党员责任区: the points × the share of the branch's members holding a 责任区 in force on that day.
- 亮明身份: the full points when a post (示范岗, 先锋岗, 突击队…) of the branch was hung during the year.

Ownership (services.ownership, sync.authority): the self-assessment is filed under the branch, so the office keeping
the branch writes it; the acceptance under the accepting unit, so only that 党委's office writes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from openpyxl import Workbook
from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, Person, ResponsibilityZone
from jiaomei_desktop.db.models.post import IdentityPost
from jiaomei_desktop.db.models.standards import StandardAcceptance, StandardAssessment
from jiaomei_desktop.domain.committee import COMMITTEE_MIN_FULL_MEMBERS, CommitteePost, has_committee, members_on
from jiaomei_desktop.domain.enums import MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.registers import YEAR_MIN
from jiaomei_desktop.domain.standards import (
    DEFAULT_CHECKLIST,
    AutoRule,
    Checklist,
    Result,
    Score,
    checklist_errors,
    note_problem,
    parse_checklist,
    result_errors,
    round_half,
    score_errors,
    scores_from_json,
    scores_to_json,
)
from jiaomei_desktop.domain.study import year_as_of
from jiaomei_desktop.domain.text import text_problem
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.excel_io import safe_row, save_workbook_safely
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.ownership import check_row_here
from jiaomei_desktop.services.register_common import check_text, clean, in_subtree, live_row, live_unit
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.committees import full_member_counts, roles_by_branch
from jiaomei_desktop.services.study.compliance import compliance_grid

CHECKLIST_SETTING = "standards.checklist"
WHAT = N_("标准化建设自评")
ACCEPTANCE_WHAT = N_("标准化建设验收")
# The state of a branch's year in the list: no self-assessment, waiting for the committee, or its result.
NOT_ASSESSED, PENDING = N_("未自评"), N_("待验收")
STATES = (NOT_ASSESSED, PENDING, Result.PASSED.value, Result.MODEL.value, Result.FAILED.value)
_MEMBER = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
_ABOVE_BRANCH = (UnitKind.GROUP_COMMITTEE.value, UnitKind.COMMITTEE.value, UnitKind.GENERAL_BRANCH.value)


# -- the checklist ------------------------------------------------------------------------------------------------
def checklist(store: Store) -> Checklist:
    """The checklist as set, or the default when nothing (or nothing usable) is stored."""
    return parse_checklist(store.get_setting(CHECKLIST_SETTING)) or DEFAULT_CHECKLIST


def set_checklist(store: Store, value: Checklist) -> None:
    errors = checklist_errors(value)
    if errors:
        raise ValidationFailed(errors)
    store.set_setting(CHECKLIST_SETTING, value.to_json())


# -- the system's judgement -----------------------------------------------------------------------------------------
@contextmanager
def _reading_through(session: Session) -> Iterator[Session]:
    yield session


class SessionReader:
    """A store-like reader over an open session, for judging inside a transaction that has not been committed yet
    (the demo builds its whole store in one): services that only read through `store.reading()` see its rows."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def reading(self) -> AbstractContextManager[Session]:
        return _reading_through(self._session)


def judge(
    store: Store,
    branch_ids: Sequence[str],
    year: int,
    today: date | None = None,
    items: Checklist | None = None,
    session: Session | None = None,
    grid_unit: str | None = None,
) -> dict[str, dict[str, Score]]:
    """branch id → {item key: Score} for the checklist's auto items. `grid_unit` is a unit above all the branches
    (one compliance grid for them all; default: a grid per branch); `session`, an open transaction to read through."""
    today = today or date.today()
    items = items or checklist(store)
    autos = {i.auto: i for i in items.items if i.auto}
    as_of = year_as_of(year, today)
    out: dict[str, dict[str, Score]] = {b: {} for b in branch_ids}
    if not branch_ids or not autos:
        return out
    reader = cast(Store, SessionReader(session)) if session is not None else store
    with reader.reading() as s:
        if AutoRule.COMMITTEE in autos:
            item = autos[AutoRule.COMMITTEE]
            for branch, score in _committee_scores(s, branch_ids, as_of, item.weight).items():
                out[branch][item.key] = score
        if AutoRule.ZONES in autos:
            item = autos[AutoRule.ZONES]
            for branch, score in _zone_scores(s, branch_ids, as_of, item.weight).items():
                out[branch][item.key] = score
        if AutoRule.POSTS in autos:
            item = autos[AutoRule.POSTS]
            for branch, score in _post_scores(s, branch_ids, year, as_of, item.weight).items():
                out[branch][item.key] = score
    if AutoRule.ORG_LIFE in autos:
        item = autos[AutoRule.ORG_LIFE]
        for branch, score in _org_life_scores(reader, branch_ids, year, as_of, item.weight, grid_unit).items():
            out[branch][item.key] = score
    return out


def _committee_scores(session: Session, branch_ids: Sequence[str], day: date, weight: float) -> dict[str, Score]:
    full = full_member_counts(session, branch_ids, day)
    roles = roles_by_branch(session, branch_ids)
    out = {}
    for branch in branch_ids:
        n = full.get(branch, 0)
        sitting = members_on(roles.get(branch, ()), day)
        secretary = any(r.role == CommitteePost.SECRETARY.value for r in sitting)
        if has_committee(n):
            met = secretary and len(sitting) >= 3  # 条例 第六章: 党支部委员会由3至5人组成, 设书记
            evidence = _("正式党员{n}人（{min}人以上应设支委会），{date}在任支部委员{m}人，{secretary}").format(
                n=n,
                min=COMMITTEE_MIN_FULL_MEMBERS,
                date=day.isoformat(),
                m=len(sitting),
                secretary=_("有书记") if secretary else _("没有书记"),
            )
        else:
            met = secretary  # 条例 第六章: 正式党员不足7人的党支部，设1名书记
            evidence = _("正式党员{n}人（不足{min}人只设书记），{date}{secretary}").format(
                n=n,
                min=COMMITTEE_MIN_FULL_MEMBERS,
                date=day.isoformat(),
                secretary=_("有书记在任") if secretary else _("没有书记在任"),
            )
        out[branch] = Score(weight if met else 0.0, auto=True, evidence=evidence)
    return out


def _org_life_scores(
    reader: Store, branch_ids: Sequence[str], year: int, as_of: date, weight: float, grid_unit: str | None
) -> dict[str, Score]:
    rows = {}
    for unit in [grid_unit] if grid_unit else branch_ids:
        rows.update({r.branch_id: r for r in compliance_grid(reader, unit, year, as_of).rows})
    out = {}
    for branch in branch_ids:
        row = rows.get(branch)
        met, due = (row.totals.met, row.totals.due) if row else (0, 0)
        rate = met / due if due else 1.0
        evidence = (
            _("组织生活制度{year}年应达标{due}项次，达标{met}项次（{rate}%）").format(
                year=year, due=due, met=met, rate=f"{rate * 100:.0f}"
            )
            if due
            else _("组织生活制度{year}年尚无到期的要求").format(year=year)
        )
        out[branch] = Score(round_half(weight * rate), auto=True, evidence=evidence)
    return out


def _zone_scores(session: Session, branch_ids: Sequence[str], day: date, weight: float) -> dict[str, Score]:
    members = dict(
        session.execute(
            select(Person.branch_id, func.count())
            .where(
                Person.branch_id.in_(list(branch_ids)),
                Person.deleted.is_(False),
                Person.membership_state == MembershipState.ACTIVE.value,
                Person.political_status.in_(_MEMBER),
            )
            .group_by(Person.branch_id)
        ).all()
    )
    z = ResponsibilityZone
    holders = dict(
        session.execute(
            select(Person.branch_id, func.count(func.distinct(Person.id)))
            .join(z, z.person_id == Person.id)
            .where(
                Person.branch_id.in_(list(branch_ids)),
                Person.deleted.is_(False),
                Person.membership_state == MembershipState.ACTIVE.value,
                Person.political_status.in_(_MEMBER),
                z.deleted.is_(False),
                or_(z.start_date.is_(None), z.start_date <= day),
                or_(z.end_date.is_(None), z.end_date >= day),
            )
            .group_by(Person.branch_id)
        ).all()
    )
    out = {}
    for branch in branch_ids:
        n, held = members.get(branch, 0), holders.get(branch, 0)
        share = held / n if n else 0.0
        evidence = _("党员{n}人，{date}认领责任区{held}人（{rate}%）").format(
            n=n, date=day.isoformat(), held=held, rate=f"{share * 100:.0f}"
        )
        out[branch] = Score(round_half(weight * share), auto=True, evidence=evidence)
    return out


def _post_scores(session: Session, branch_ids: Sequence[str], year: int, day: date, weight: float) -> dict[str, Score]:
    p = IdentityPost
    hung = dict(
        session.execute(
            select(p.unit_id, func.count())
            .where(
                p.unit_id.in_(list(branch_ids)),
                p.deleted.is_(False),
                p.listed_on <= day,
                or_(p.delisted_on.is_(None), p.delisted_on >= date(year, 1, 1)),
            )
            .group_by(p.unit_id)
        ).all()
    )
    out = {}
    for branch in branch_ids:
        n = hung.get(branch, 0)
        evidence = (
            _("{year}年挂牌的示范岗、先锋岗、突击队等{n}个").format(year=year, n=n)
            if n
            else _("{year}年没有挂牌的亮明身份岗位").format(year=year)
        )
        out[branch] = Score(weight if n else 0.0, auto=True, evidence=evidence)
    return out


# -- self-assessment ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssessmentData:
    branch_id: str | None
    year: int | None
    assessed_on: date | None
    scores: Mapping[str, Score] = field(default_factory=dict)  # hand scores; for auto items only the note counts
    assessor: str | None = None
    note: str | None = None
    id: str | None = None


def _assessment_rules(data: AssessmentData, items: Checklist, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.assessor, "assessor", N_("自评人"), 40, errors, required=False)
    check_text(data.note, "note", N_("说明"), 2000, errors, required=False)
    _visible(data.assessor, "assessor", N_("自评人"), errors)
    _visible(data.note, "note", N_("说明"), errors, multiline=True)
    if not data.branch_id:
        errors["branch_id"] = _("请选择党支部")
    if data.year is None:
        errors["year"] = _("请填写年度")
    elif data.year > today.year:
        errors["year"] = _("不能为今后的年度（{year}年）自评").format(year=data.year)
    elif data.year < YEAR_MIN:
        errors["year"] = _("年度应在{first}年至{last}年之间").format(first=YEAR_MIN, last=today.year)
    if data.assessed_on is None:
        errors["assessed_on"] = _("请填写自评日期")
    elif data.assessed_on > today:
        errors["assessed_on"] = _("自评日期不能晚于今天")
    elif data.year is not None and data.assessed_on.year < data.year:
        errors["assessed_on"] = _("自评日期应在所评年度（{year}年）之内或之后").format(year=data.year)
    hand = [i for i in items.items if not i.auto]
    errors.update(score_errors(hand, data.scores))
    for i in items.items:
        problem = note_problem(i, (data.scores.get(i.key) or Score(0)).note) if i.auto else None
        if problem:
            errors[f"score.{i.key}"] = problem
    return errors


def _visible(value: str | None, field: str, label: str, errors: dict[str, str], multiline: bool = False) -> None:
    """No invisible characters (and no line breaks in a one-line field): a receiving office's sync refuses them."""
    problem = text_problem(value or "", _(label), multiline) if field not in errors else None
    if problem:
        errors[field] = problem


def _check_branch(session: Session, data: AssessmentData, errors: dict[str, str]) -> None:
    if not data.branch_id or "branch_id" in errors:
        return
    unit = live_unit(session, data.branch_id)
    if unit is None:
        errors["branch_id"] = _("所选单位不存在或已撤销")
        return
    if unit.kind != UnitKind.BRANCH.value:
        errors["branch_id"] = _("标准化建设按党支部自评，“{name}”是{kind}，不是党支部").format(
            name=unit.name, kind=_(unit.kind)
        )
        return
    if data.year is None:
        return
    same = select(StandardAssessment.id).where(
        StandardAssessment.branch_id == data.branch_id,
        StandardAssessment.year == data.year,
        StandardAssessment.deleted.is_(False),
    )
    if data.id:
        same = same.where(StandardAssessment.id != data.id)
    if session.scalar(same.limit(1)):
        errors["year"] = _("“{name}”{year}年度已有标准化建设自评，请修改原自评").format(name=unit.name, year=data.year)


def _live_acceptance(session: Session, assessment_id: str) -> StandardAcceptance | None:
    return session.scalar(
        select(StandardAcceptance).where(
            StandardAcceptance.assessment_id == assessment_id, StandardAcceptance.deleted.is_(False)
        )
    )


def _scores_with_auto(
    data: AssessmentData, items: Checklist, auto: Mapping[str, Score]
) -> tuple[dict[str, Score], float]:
    """The stored scores: hand items as given, auto items as judged (with the assessor's note kept)."""
    scores: dict[str, Score] = {}
    for i in items.items:
        given = data.scores.get(i.key) or Score(0.0)
        if i.auto:
            judged = auto.get(i.key) or Score(0.0, auto=True)
            scores[i.key] = Score(judged.score, (given.note or "").strip(), True, judged.evidence)
        else:
            scores[i.key] = Score(round(given.score, 1), (given.note or "").strip())
    return scores, round(sum(s.score for s in scores.values()), 1)


def check_assessment(store: Store, data: AssessmentData, today: date | None = None) -> dict[str, str]:
    today = today or date.today()
    errors = _assessment_rules(data, checklist(store), today)
    with store.reading() as session:
        _check_branch(session, data, errors)
    return errors


def save_assessment(store: Store, data: AssessmentData, today: date | None = None) -> str:
    """Insert or update a branch's self-assessment, the system's items judged afresh; any error raises
    ValidationFailed and nothing is written. An accepted self-assessment cannot change (the acceptance was given for
    what it said): the accepting office withdraws its acceptance first."""
    today = today or date.today()
    items = checklist(store)
    errors = _assessment_rules(data, items, today)
    with store.reading() as session:
        _check_branch(session, data, errors)
    if errors:
        raise ValidationFailed(errors)
    assert data.branch_id is not None and data.year is not None  # checked by the rules above
    auto = judge(store, [data.branch_id], data.year, today, items)[data.branch_id]
    scores, total = _scores_with_auto(data, items, auto)
    with store.transaction() as session:
        _check_branch(session, data, errors)  # again inside the write: nothing changed in between
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, StandardAssessment, data.id, WHAT)
            check_row_here(session, row)  # "本机只读" before "请先由验收单位撤销验收" at the 党委's office
            if _live_acceptance(session, row.id) is not None:
                raise ValidationFailed(
                    {"id": _("该自评已经上级党委验收，不能再修改；如需调整，请先由验收单位撤销验收")}
                )
            touch(row)
        else:
            row = StandardAssessment(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        row.branch_id, row.year, row.assessed_on = data.branch_id, data.year, data.assessed_on
        row.assessor, row.note = clean(data.assessor), clean(data.note)
        row.scores, row.total = scores_to_json(scores), total
        session.flush()
        return row.id


def get_assessment(store: Store, assessment_id: str) -> AssessmentData:
    with store.reading() as session:
        row = session.get(StandardAssessment, assessment_id)
        if row is None or row.deleted:
            raise NotFoundError(_("{what}不存在或已删除").format(what=_(WHAT)))
        return AssessmentData(
            row.branch_id, row.year, row.assessed_on, scores_from_json(row.scores), row.assessor, row.note, row.id
        )


def delete_assessment(store: Store, assessment_id: str) -> None:
    with store.transaction() as session:
        row = live_row(session, StandardAssessment, assessment_id, WHAT)
        check_row_here(session, row)  # "本机只读" before "请先由验收单位撤销验收" at the 党委's office
        if _live_acceptance(session, row.id) is not None:
            raise ValidationFailed({"id": _("该自评已经上级党委验收，不能删除；如需删除，请先由验收单位撤销验收")})
        row.deleted = True
        touch(row)


# -- acceptance ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AcceptanceData:
    assessment_id: str
    unit_id: str | None  # the accepting unit: above the branch
    result: str
    accepted_on: date | None
    accepted_by: str | None = None
    note: str | None = None
    id: str | None = None


def _acceptance_rules(session: Session, data: AcceptanceData, items: Checklist, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    check_text(data.accepted_by, "accepted_by", N_("验收人"), 40, errors)
    check_text(data.note, "note", N_("验收意见"), 400, errors, required=False)
    _visible(data.accepted_by, "accepted_by", N_("验收人"), errors)
    _visible(data.note, "note", N_("验收意见"), errors, multiline=True)
    assessment = session.get(StandardAssessment, data.assessment_id)
    if assessment is None or assessment.deleted:
        errors["assessment_id"] = _("{what}不存在或已删除").format(what=_(WHAT))
        return errors
    errors.update(result_errors(data.result, assessment.total, items))
    if data.accepted_on is None:
        errors["accepted_on"] = _("请填写验收日期")
    elif data.accepted_on > today:
        errors["accepted_on"] = _("验收日期不能晚于今天")
    elif data.accepted_on < assessment.assessed_on:
        errors["accepted_on"] = _("验收日期不能早于自评日期（{date}）").format(date=assessment.assessed_on.isoformat())
    branch = session.get(OrgUnit, assessment.branch_id)
    unit = live_unit(session, data.unit_id)
    if not data.unit_id:
        errors["unit_id"] = _("请选择验收单位")
    elif unit is None:
        errors["unit_id"] = _("所选单位不存在或已撤销")
    elif (
        branch is None
        or unit.kind not in _ABOVE_BRANCH
        or unit.id == branch.id
        or not branch.path.startswith(unit.path)
    ):
        errors["unit_id"] = _("验收须由党支部的上级党组织作出，“{unit}”不是“{branch}”的上级").format(
            unit=unit.name, branch=branch.name if branch else ""
        )
    existing = _live_acceptance(session, data.assessment_id)
    if existing is not None and existing.id != data.id:
        errors["assessment_id"] = _("该自评已有验收结论，请修改原验收")
    return errors


def check_acceptance(store: Store, data: AcceptanceData, today: date | None = None) -> dict[str, str]:
    with store.reading() as session:
        return _acceptance_rules(session, data, checklist(store), today or date.today())


def save_acceptance(store: Store, data: AcceptanceData, today: date | None = None) -> str:
    """The committee's acceptance of a self-assessment (one per self-assessment); nothing is written on an error."""
    items = checklist(store)
    with store.transaction() as session:
        errors = _acceptance_rules(session, data, items, today or date.today())
        if errors:
            raise ValidationFailed(errors)
        if data.id:
            row = live_row(session, StandardAcceptance, data.id, ACCEPTANCE_WHAT)
            touch(row)
        else:
            row = StandardAcceptance(id=new_id(), owner_unit_id=office_unit_id(store), version=1, deleted=False)
            session.add(row)
        row.assessment_id, row.unit_id, row.result = data.assessment_id, data.unit_id, data.result
        row.accepted_on, row.accepted_by, row.note = data.accepted_on, clean(data.accepted_by), clean(data.note)
        session.flush()
        return row.id


def get_acceptance(store: Store, acceptance_id: str) -> AcceptanceData:
    with store.reading() as session:
        row = session.get(StandardAcceptance, acceptance_id)
        if row is None or row.deleted:
            raise NotFoundError(_("{what}不存在或已删除").format(what=_(ACCEPTANCE_WHAT)))
        return AcceptanceData(
            row.assessment_id, row.unit_id, row.result, row.accepted_on, row.accepted_by, row.note, row.id
        )


def withdraw_acceptance(store: Store, acceptance_id: str) -> None:
    """撤销验收: a tombstone, so the branch may change its self-assessment again."""
    with store.transaction() as session:
        row = live_row(session, StandardAcceptance, acceptance_id, ACCEPTANCE_WHAT)
        row.deleted = True
        touch(row)


def accepting_units(store: Store, branch_id: str) -> list[tuple[str, str]]:
    """(id, name) of the units above the branch that may accept it, nearest first."""
    with store.reading() as session:
        branch = live_unit(session, branch_id)
        if branch is None:
            return []
        ids = [u for u in branch.path.strip("/").split("/") if u != branch.id]
        rows = {
            r[0]: r
            for r in session.execute(
                select(OrgUnit.id, OrgUnit.name, OrgUnit.kind).where(OrgUnit.id.in_(ids), OrgUnit.deleted.is_(False))
            )
        }
    return [(u, rows[u][1]) for u in reversed(ids) if u in rows and rows[u][2] in _ABOVE_BRANCH]


# -- the list -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssessmentRow:
    """A branch's year: its self-assessment (if any) and the acceptance (if any)."""

    branch_id: str
    branch_name: str
    parent_name: str
    committee_id: str | None  # the nearest 基层党委 (or 集团党委) above: coverage is counted per 党委
    committee_name: str
    year: int
    assessment_id: str | None
    assessed_on: date | None
    total: float | None
    assessor: str
    acceptance_id: str | None
    result: str | None
    accepted_on: date | None
    accepted_by: str
    accepting_unit: str
    owner_unit_id: str | None  # the self-assessment's keeper (read-only marking)
    acceptance_owner_id: str | None
    scores_text: str = ""  # as stored; parsed when first asked for (most lists never show the items)

    @cached_property
    def scores(self) -> dict[str, Score]:
        return scores_from_json(self.scores_text) if self.scores_text else {}

    @property
    def state(self) -> str:
        if self.assessment_id is None:
            return NOT_ASSESSED
        return self.result or PENDING

    @property
    def id(self) -> str:
        return self.assessment_id or f"{self.branch_id}:{self.year}"

    def as_dict(self) -> dict[str, object]:
        return {
            "branch": self.branch_name,
            "committee": self.committee_name,
            "year": self.year,
            "state": self.state,
            "total": self.total,
            "assessed_on": self.assessed_on.isoformat() if self.assessed_on else None,
            "result": self.result,
            "accepted_on": self.accepted_on.isoformat() if self.accepted_on else None,
            "accepted_by": self.accepted_by or None,
            "accepting_unit": self.accepting_unit or None,
            "scores": {k: s.as_dict() for k, s in self.scores.items()},
        }


def list_assessments(
    store: Store, unit_id: str | None = None, year: int | None = None, missing: bool = True
) -> list[AssessmentRow]:
    """The self-assessments of a unit subtree (and year), by 党委 and branch code, newest year first; with a year
    and `missing`, the branches without one are listed too (未自评), so a committee sees who is still to do it."""
    a, c = StandardAssessment, StandardAcceptance
    acceptor = aliased(OrgUnit)
    stmt = (
        select(
            a.id,
            a.branch_id,
            a.year,
            # dates as stored text, parsed with date.fromisoformat: cheaper than SQLAlchemy's per-value processing
            type_coerce(a.assessed_on, String),
            a.total,
            a.scores,
            a.assessor,
            a.owner_unit_id,
            c.id,
            c.result,
            type_coerce(c.accepted_on, String),
            c.accepted_by,
            acceptor.name,
            c.owner_unit_id,
        )
        .outerjoin(c, (c.assessment_id == a.id) & c.deleted.is_(False))
        .outerjoin(acceptor, acceptor.id == c.unit_id)
        .where(a.deleted.is_(False), in_subtree(a.branch_id, unit_id))
    )
    if year is not None:
        stmt = stmt.where(a.year == year)
    with store.reading() as session:
        # every unit but the 党小组 (a third of the group's units, never a branch or above one)
        units = {
            r[0]: r
            for r in session.execute(
                select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id, OrgUnit.path, OrgUnit.code).where(
                    OrgUnit.deleted.is_(False), OrgUnit.kind != UnitKind.PARTY_GROUP.value
                )
            )
        }
        found = session.execute(stmt).all()
        top_path = (
            (
                units[unit_id][4]
                if unit_id in units
                else session.scalar(select(OrgUnit.path).where(OrgUnit.id == unit_id)) or "/-/"
            )
            if unit_id
            else ""
        )
    day = date.fromisoformat
    places: dict[str, _Place] = {}  # per branch, worked out once: a group-wide list repeats each branch per year

    def place(branch: str) -> _Place:
        known = places.get(branch)
        if known is None:
            known = places[branch] = _place(units, branch)
        return known

    rows = []
    seen = set()
    for r in found:
        if r[1] not in units:
            continue
        seen.add((r[1], r[2]))
        rows.append(
            AssessmentRow(
                *place(r[1])[:5],
                r[2],
                r[0],
                day(r[3]),
                r[4],
                r[6] or "",
                r[8],
                r[9],
                day(r[10]) if r[10] else None,
                r[11] or "",
                r[12] or "",
                r[7],
                r[13],
                r[5],
            )
        )
    if year is not None and missing:
        for u in units.values():
            if u[2] == UnitKind.BRANCH.value and u[4].startswith(top_path) and (u[0], year) not in seen:
                rows.append(
                    AssessmentRow(
                        *place(u[0])[:5], year, None, None, None, "", None, None, None, "", "", None, None, ""
                    )
                )
    rows.sort(key=lambda x: (-x.year, places[x.branch_id][5]))
    return rows


_Place = tuple[str, str, str, str | None, str, tuple[str, str, str]]  # branch, name, parent, 党委 id and name, order


def _place(units: Mapping[str, Any], branch_id: str) -> _Place:
    unit = units[branch_id]
    parent = units.get(unit[3]) if unit[3] else None
    committee_id, committee_name = _committee_of(units, branch_id)
    order = (units[committee_id or branch_id][4], unit[5] or "", unit[1])  # by 党委 in tree order, then code
    return branch_id, unit[1], parent[1] if parent else "", committee_id, committee_name, order


def _committee_of(units: Mapping[str, Any], branch_id: str) -> tuple[str | None, str]:
    """The nearest 基层党委 or 集团党委 above the branch (coverage is counted per 党委)."""
    parent = units[branch_id][3]
    while parent is not None and parent in units:
        if units[parent][2] in (UnitKind.COMMITTEE.value, UnitKind.GROUP_COMMITTEE.value):
            return parent, units[parent][1]
        parent = units[parent][3]
    return None, ""


def filter_rows(rows: Sequence[AssessmentRow], state: str | None = None, text: str = "") -> list[AssessmentRow]:
    """The list's state and name filters, in memory (the group's ~1,400 rows a year at most)."""
    text = text.strip()
    return [
        r
        for r in rows
        if (not state or r.state == state) and (not text or text in r.branch_name or text in r.committee_name)
    ]


# -- coverage -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Coverage:
    """标准化建设 of a 党委's branches in a year."""

    committee: str
    branches: int
    assessed: int
    model: int
    passed: int  # 达标, 示范 not included
    failed: int

    @property
    def accepted(self) -> int:
        return self.model + self.passed

    @property
    def pending(self) -> int:
        return self.assessed - self.accepted - self.failed

    @property
    def rate(self) -> float:
        return self.accepted / self.branches if self.branches else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "committee": self.committee,
            "branches": self.branches,
            "assessed": self.assessed,
            "accepted": self.accepted,
            "model": self.model,
            "passed": self.passed,
            "failed": self.failed,
            "pending": self.pending,
            "rate": round(self.rate, 4),
        }


def coverage(
    store: Store, unit_id: str | None, year: int, rows: Sequence[AssessmentRow] | None = None
) -> list[Coverage]:
    """Per 党委 of the subtree: branches, how many assessed themselves, 示范 / 达标 / 未达标; the whole subtree last
    (合计)."""
    if rows is None:
        rows = list_assessments(store, unit_id, year)
    by: dict[str, list[AssessmentRow]] = defaultdict(list)
    for r in rows:
        if r.year == year:
            by[r.committee_name or r.parent_name].append(r)
    out = [_coverage(name, group) for name, group in by.items()]
    return [*out, _coverage(_("合计"), [r for r in rows if r.year == year])] if out else []


def _coverage(name: str, rows: Sequence[AssessmentRow]) -> Coverage:
    states = [r.state for r in rows]
    return Coverage(
        name,
        len(rows),
        sum(s != NOT_ASSESSED for s in states),
        states.count(Result.MODEL.value),
        states.count(Result.PASSED.value),
        states.count(Result.FAILED.value),
    )


# -- export ---------------------------------------------------------------------------------------------------------
EXPORT_HEADERS = (
    N_("党支部"),
    N_("所属党委"),
    N_("年度"),
    N_("状态"),
    N_("自评日期"),
    N_("自评人"),
    N_("自评总分"),
    N_("验收结论"),
    N_("验收日期"),
    N_("验收单位"),
    N_("验收人"),
)


def export_assessments(rows: Sequence[AssessmentRow], path: Path, items: Checklist) -> int:
    """The listed rows as an Excel sheet, one column per checklist item (系统判定 items marked); returns the count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("标准化建设"))
    item_headers = [
        (_("{category}·{name}（{weight}分，系统判定）") if i.auto else _("{category}·{name}（{weight}分）")).format(
            category=_(i.category), name=_(i.name), weight=f"{i.weight:g}"
        )
        for i in items.items
    ]
    sheet.append(safe_row(sheet, [*(_(h) for h in EXPORT_HEADERS), *item_headers]))
    for r in rows:
        sheet.append(
            safe_row(
                sheet,
                [
                    r.branch_name,
                    r.committee_name,
                    r.year,
                    _(r.state),
                    r.assessed_on,
                    r.assessor or None,
                    r.total,
                    _(r.result) if r.result else None,
                    r.accepted_on,
                    r.accepting_unit or None,
                    r.accepted_by or None,
                    *((r.scores[i.key].score if i.key in r.scores else None) for i in items.items),
                ],
            )
        )
    save_workbook_safely(book, path)
    return len(rows)
