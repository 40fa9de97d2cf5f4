"""One member's study record for a year: sessions attended, leave and absences, and 党员教育 学时 against the yearly
target (32, or 56 for a 书记 or 支委: 2019—2023年全国党员教育培训工作规划). Only party education counts toward the
target (domain.study.PARTY_EDUCATION_KINDS); 技术培训 and 安全生产学习 hours are shown apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from jiaomei_desktop.db.models import Attendance, CommitteeRole, OrgUnit, Person, StudySession
from jiaomei_desktop.domain.enums import AttendanceStatus
from jiaomei_desktop.domain.study import PARTY_EDUCATION_KINDS, hours_target
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.query import unit_label_expression


@dataclass(frozen=True)
class MemberSessionEntry:
    session_id: str
    session_date: date
    kind: str
    unit_name: str
    topic: str
    status: str
    reason: str
    hours: float  # counted only when present


@dataclass(frozen=True)
class MemberRecord:
    person_id: str
    name: str
    branch_name: str
    year: int
    attended: int
    leave: int
    absent: int
    hours: float  # 党员教育 学时: attended sessions of the party-education kinds
    entries: tuple[MemberSessionEntry, ...]  # newest first
    other_hours: float = 0.0  # attended 技术培训, 安全生产学习 and kinds users added: not party education
    target: float = 32.0  # 32, or 56 for a 书记 or 支委 in the year
    in_committee: bool = False

    @property
    def target_met(self) -> bool:
        return self.hours >= self.target

    def as_dict(self) -> dict:
        return {"name": self.name, "branch": self.branch_name, "year": self.year, "attended": self.attended,
                "leave": self.leave, "absent": self.absent, "hours": self.hours, "other_hours": self.other_hours,
                "target": self.target, "target_met": self.target_met, "in_committee": self.in_committee,
                "sessions": [{"date": e.session_date.isoformat(), "kind": e.kind, "topic": e.topic,
                              "status": e.status, "reason": e.reason, "hours": e.hours} for e in self.entries]}


def member_record(store: Store, person_id: str, year: int | None = None) -> MemberRecord:
    year = year or date.today().year
    with store.reading() as session:
        person = session.get(Person, person_id)
        if person is None or person.deleted:
            raise NotFoundError(_("人员不存在或已删除"))
        branch = session.get(OrgUnit, person.branch_id)
        parent = aliased(OrgUnit)
        stmt = (select(StudySession.id, StudySession.session_date, StudySession.kind, unit_label_expression(parent),
                       StudySession.topic, Attendance.status, Attendance.reason, StudySession.hours)
                .join(StudySession, StudySession.id == Attendance.session_id)
                .join(OrgUnit, OrgUnit.id == StudySession.unit_id)
                .outerjoin(parent, parent.id == OrgUnit.parent_id)
                .where(Attendance.person_id == person_id, Attendance.deleted.is_not(True),
                       StudySession.deleted.is_not(True), StudySession.session_date >= date(year, 1, 1),
                       StudySession.session_date <= date(year, 12, 31))
                .order_by(StudySession.session_date.desc(), StudySession.start_time.desc()))
        rows = session.execute(stmt).all()
        name, branch_name = person.name, branch.name if branch else ""
        in_committee = bool(session.scalar(select(CommitteeRole.id).where(
            CommitteeRole.person_id == person_id, CommitteeRole.deleted.is_not(True),
            CommitteeRole.term_start <= date(year, 12, 31),
            (CommitteeRole.left_on.is_(None)) | (CommitteeRole.left_on > date(year, 1, 1))).limit(1)))
    present = AttendanceStatus.PRESENT.value
    entries = tuple(MemberSessionEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "",
                                       r[7] if r[5] == present else 0.0) for r in rows)
    return MemberRecord(
        person_id, name, branch_name, year,
        attended=sum(e.status == present for e in entries),
        leave=sum(e.status == AttendanceStatus.LEAVE.value for e in entries),
        absent=sum(e.status == AttendanceStatus.ABSENT.value for e in entries),
        hours=round(sum(e.hours for e in entries if e.kind in PARTY_EDUCATION_KINDS), 2), entries=entries,
        other_hours=round(sum(e.hours for e in entries if e.kind not in PARTY_EDUCATION_KINDS), 2),
        target=hours_target(in_committee), in_committee=in_committee)
