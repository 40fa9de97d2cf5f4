"""Whether an earlier state of a person, study session, mentor pair or honour may be put back (修改记录 → 恢复).

The state must pass the rules an edit of the record passes today, checked by the record's own service
(roster.person_problems, study.sessions.session_problems, mentor.pairs.edit_problems, honors.records.honor_problems)
inside the put-back's transaction. A put-back also never undoes what the record's form does not edit:

- a person's 在册状态, and a move to another branch recorded as a 党籍变动 since (services.membership: undone there,
  as a new event, so the 组织关系 history stays true);
- a 转正 recorded since: a decision of the 支部大会 approved above (党章 第七条), not a typing slip;
- a mentor pair's 出师 or 终止 (a closed pair is not edited), and the mentee limit (refused, not asked).

Columns the form never shows are not checked: they are derived (拼音排序, 搜索文本, a session's 应到/实到, put back
by the caller from the state's own values) or bookkeeping (版本, 维护单位, 更新时间: never in the history).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import Attendance, MembershipChange, OrgUnit
from jiaomei_desktop.domain import mentor as mentor_rules
from jiaomei_desktop.domain.enums import AttendanceStatus, PairState, PoliticalStatus
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import field_message
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services import roster
from jiaomei_desktop.services.honors.records import honor_problems
from jiaomei_desktop.services.mentor.common import MenteeLimitExceeded, last_log_date, live_person
from jiaomei_desktop.services.mentor.pairs import check_limit, edit_problems
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.model import AttendanceEntry, SessionData
from jiaomei_desktop.services.study.sessions import session_problems


@dataclass(frozen=True)
class PutBack:
    """A put-back under way: the stored row (in `session`'s transaction), the state wanted and when it was left."""

    session: Session
    store: Store
    row: Any
    target: dict[str, Any]
    since: datetime  # UTC time of the change whose result is put back
    today: date


def problems(table_name: str, put: PutBack) -> list[str]:
    """Why the state cannot be put back, in the rules' own words; empty = it can."""
    check = {"person": _person, "study_session": _study_session, "mentor_pair": _mentor_pair, "honor": _honor}
    return check[table_name](put)


def _person(put: PutBack) -> list[str]:
    row, target = put.row, put.target
    found = _membership_undone(put)
    full = PoliticalStatus.FULL_MEMBER.value
    # 党章 第七条 (confirmed): 预备党员转为正式党员 … 都应当经支部大会讨论通过和上级党组织批准 — a decision, not a field
    if row.political_status == full and target.get("political_status") != full:
        found.append(_("此后已转正（{date}），恢复会撤销转正；确属录入错误的，请在人员信息中修改").format(
            date=row.full_member_date.isoformat() if row.full_member_date else ""))
    data = roster.data_from_values({**target, "id": row.id, "version": row.version})
    errors = roster.person_problems(put.session, data, put.today)
    return found + [field_message(name, message) for name, message in errors.items()]


def _membership_undone(put: PutBack) -> list[str]:
    """A 在册状态 other than today's, or a branch other than the one a 党籍变动 since moved the person to."""
    row, target = put.row, put.target
    since = put.session.scalars(
        select(MembershipChange)
        .where(MembershipChange.person_id == row.id, MembershipChange.deleted.is_(False),
               MembershipChange.updated_at > put.since)
        .order_by(MembershipChange.updated_at.desc())
    ).all()
    moved = target.get("branch_id") != row.branch_id and any(c.to_unit_id for c in since)
    if target.get("membership_state") == row.membership_state and not moved:
        return []
    if not since:
        return [_("在册状态只随党籍变动改变，不能通过恢复修改")]
    latest = since[0]
    unit = put.session.get(OrgUnit, latest.to_unit_id) if latest.to_unit_id else None
    what = _("转到{unit}").format(unit=unit.name) if unit is not None else _(latest.new_state)
    return [_("此后已办理党籍变动（{date} {change}），恢复会撤销它；请在“组织关系和党籍变动”中办理").format(
        date=latest.change_date.isoformat(), change=what)]


def _study_session(put: PutBack) -> list[str]:
    """The session's columns come back; its attendance (not in the history) stays as it is and must fit them."""
    row, t = put.row, put.target
    attendance = tuple(
        AttendanceEntry(a.person_id, AttendanceStatus(a.status), a.reason or "")
        for a in put.session.scalars(select(Attendance).where(Attendance.session_id == row.id,
                                                              Attendance.deleted.is_not(True))))
    data = SessionData(
        unit_id=t["unit_id"], kind=t["kind"], session_date=t["session_date"], topic=t["topic"] or "", id=row.id,
        lecture_form=t["lecture_form"], start_time=t["start_time"], end_time=t["end_time"], place=t["place"] or "",
        host_id=t["host_id"], host_name=t["host_name"] or "", recorder_id=t["recorder_id"],
        recorder_name=t["recorder_name"] or "", lecturer_id=t["lecturer_id"], lecturer_name=t["lecturer_name"] or "",
        content=t["content"] or "", resolutions=t["resolutions"] or "", safety_flag=bool(t["safety_flag"]),
        hours=float(t["hours"] or 0), attendance=attendance, version=row.version, belongs_year=t["belongs_year"],
        is_election=bool(t["is_election"]))
    return list(session_problems(put.session, data, put.today).values())


def _mentor_pair(put: PutBack) -> list[str]:
    row, t = put.row, put.target
    data = PairData(t["mentor_id"], t["mentee_id"], t["start_date"], t["planned_end_date"], t["unit_id"],
                    t["trade"] or "", t["goals"] or "", row.id)
    errors, _filed = edit_problems(put.session, row, data, put.today)
    if not errors and t["state"] != row.state:
        # 进行中 today, closed in the earlier state: closed again under the rules of 出师 / 终止
        text = t["final_evaluation"] if t["state"] == PairState.COMPLETED.value else t["end_reason"]
        errors = mentor_rules.check_transition(row.state, PairState(t["state"]), t["end_date"], text or "",
                                               t["start_date"], last_log_date(put.session, row.id), put.today)
    found = [mentor_rules.summary(errors)] if errors else []
    mentor = live_person(put.session, t["mentor_id"])
    if not found and mentor is not None and t["mentor_id"] != row.mentor_id:
        try:
            check_limit(put.store, put.session, mentor, row.id, allow=False)
        except MenteeLimitExceeded as exc:
            found.append(str(exc))
    return found


def _honor(put: PutBack) -> list[str]:
    values: dict[str, Any] = {f.name: put.target.get(f.name) for f in fields(HonorData) if f.name != "id"}
    data = HonorData(id=put.row.id, **values)
    return list(honor_problems(put.session, data, put.today).values())
