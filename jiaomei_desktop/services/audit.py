"""A data audit a 组织部 can run on any store (a consolidated one too): every record that breaks a rule of the
membership dates, 出党, honours, mentoring, the innovation register, committees, units and their 责任区, the yearly
meetings' 所属年度, or the 1+1+3 registers (services.audit_registers), by kind, with counts.

The rules are the domain's own (domain.person, domain.honor, domain.mentor), applied to every stored record. A demo
store lists the problems it plants on purpose (setting PLANTED_KEY): they are reported apart, as planted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import (
    Honor,
    InnovationItem,
    MembershipChange,
    MentorPair,
    OrgUnit,
    Person,
    ResponsibilityZone,
    StudySession,
)
from jiaomei_desktop.domain import honor as honor_rules
from jiaomei_desktop.domain import mentor as mentor_rules
from jiaomei_desktop.domain import org_fit
from jiaomei_desktop.domain.enums import ExitKind, MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.domain.honor import HonorData, MemberFacts
from jiaomei_desktop.domain.person import (
    EXTENSION_MAX_MONTHS,
    EXTENSION_MIN_MONTHS,
    PersonData,
    is_past_probation,
    probation_end,
)
from jiaomei_desktop.domain.registers import InnovationKind
from jiaomei_desktop.domain.study import YEAR_BOUND_KINDS
from jiaomei_desktop.i18n import N_
from jiaomei_desktop.services.audit_registers import REGISTER_KINDS, register_problems_in
from jiaomei_desktop.services.development_checks import DEVELOPMENT_KINDS, development_problems_in
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.committees import committee_problems

PLANTED_KEY = "demo.planted"  # JSON list of {"kind", "id", "note"}: problems a demo store shows on purpose
# The day a demo store describes (its data is made for that day): a demo is audited as of then, unless told.
DEMO_TODAY_KEY = "demo.today"

# kind -> (label, severity): "错误" breaks a rule, "提示" is for a careful look (the form warns but lets it through).
KINDS: dict[str, tuple[str, str]] = {
    "person.full_member_date": (N_("转正日期不是入党一周年（或延长预备期期满）之日"), "错误"),
    "person.extension": (N_("延长预备期不在6至12个月之间"), "错误"),
    "person.probation_overdue": (N_("预备期已满仍未转正"), "错误"),
    "person.member_without_join_date": (N_("党员没有入党日期"), "错误"),
    "membership.exit_kind": (N_("出党未注明规定的出党方式"), "错误"),
    "honor.not_member": (N_("党内荣誉授予了当时不是党员的人"), "错误"),
    "honor.probationary": (N_("党内荣誉授予了预备党员"), "提示"),
    "honor.level_body": (N_("荣誉级别与授予单位不符"), "错误"),
    "honor.medal_as_model_worker": (N_("奖章登记为劳动模范称号"), "错误"),
    "mentor.before_work": (N_("结对开始早于徒弟参加工作"), "错误"),
    "mentor.minor_underground": (N_("未满十八周岁的徒弟从事井下工种"), "错误"),
    "mentor.skill_grade": (N_("师傅技能等级低于徒弟"), "提示"),
    "mentor.mentee_minor": (N_("结对时徒弟未满十八周岁"), "提示"),
    "mentor.mentee_work_unknown": (N_("徒弟没有参加工作日期"), "提示"),
    "innovation.utility_method": (N_("实用新型专利的名称是方法而不是产品"), "错误"),
    # Units and zones as their names say they are (domain.org_fit)
    "org.mining_team_outside_mine": (N_("综采、掘进、通风、机电、运输等采掘队组设在矿以外的单位"), "错误"),
    "zone.underground_unit": (N_("井下责任区设在不下井的单位"), "错误"),
    # 组织生活会 and 民主评议 carry the year they belong to (held in January for the year before)
    "study.belongs_year_missing": (N_("组织生活会或民主评议党员没有所属年度"), "提示"),
    "study.belongs_year": (N_("组织生活会或民主评议党员的所属年度不是会议当年或上一年"), "错误"),
    # 支部工作条例 第六章 (services.study.committees.committee_problems)
    "committee.small_branch": (N_("正式党员不足7人的党支部设了支部委员"), "错误"),
    "committee.secretaries": (N_("一个党支部同时有两名以上书记"), "错误"),
    "committee.no_secretary": (N_("有正式党员的党支部没有书记"), "提示"),
    "committee.missing": (N_("正式党员7人以上的党支部没有设立支部委员会"), "提示"),
    "committee.not_full_member": (N_("支部委员不是正式党员"), "错误"),
    "committee.overdue": (N_("支部委员会任期届满未换届"), "提示"),
    # 发展阶段 apart from 政治面貌 (发展党员工作细则; services.development_checks)
    **DEVELOPMENT_KINDS,
    # 亮明身份, 纪律作风督导, 13710督办, 技术比武, 创新工作室, 标准化建设 and the older registers (services.audit_registers)
    **REGISTER_KINDS,
}


@dataclass(frozen=True)
class Problem:
    kind: str
    record_id: str
    text: str  # who or what, and what is wrong (no ID numbers or phones)
    planted: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.record_id, "text": self.text, "planted": self.planted}


@dataclass
class AuditReport:
    problems: list[Problem] = field(default_factory=list)
    as_of: date | None = None

    @property
    def real(self) -> list[Problem]:
        return [p for p in self.problems if not p.planted]

    @property
    def planted(self) -> list[Problem]:
        return [p for p in self.problems if p.planted]

    def counts(self) -> dict[str, dict[str, object]]:
        per: dict[str, list[Problem]] = defaultdict(list)
        for p in self.problems:
            per[p.kind].append(p)
        return {
            kind: {
                "label": KINDS[kind][0],
                "severity": KINDS[kind][1],
                "count": len(items),
                "planted": sum(p.planted for p in items),
            }
            for kind, items in sorted(per.items())
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "problems": len(self.real),
            "planted": len(self.planted),
            "by_kind": self.counts(),
            "items": [p.as_dict() for p in self.real],
            "planted_items": [p.as_dict() for p in self.planted],
        }


def audit_store(store: Store, today: date | None = None) -> AuditReport:
    """Every problem as of `today` (default: the day a demo store describes, else today)."""
    today = today or _demo_today(store) or date.today()
    planted = _planted(store)
    found: list[Problem] = []
    with store.reading() as session:
        people = _people(session)
        found += _membership_problems(people, today)
        found += _exit_problems(session, people)
        found += _honor_problems(session, people)
        found += _mentor_problems(session)
        found += _innovation_problems(session)
        units = _unit_chains(session)
        found += _org_problems(units)
        found += _zone_problems(session, units)
        found += _study_problems(session, units)
        found += [Problem(kind, row_id, text) for kind, row_id, text in committee_problems(session, today)]
        found += [Problem(kind, row_id, text) for kind, row_id, text in development_problems_in(session)]
        found += [Problem(kind, row_id, text) for kind, row_id, text in register_problems_in(session, today)]
    return AuditReport([Problem(p.kind, p.record_id, p.text, (p.kind, p.record_id) in planted) for p in found], today)


def _demo_today(store: Store) -> date | None:
    try:
        return date.fromisoformat(store.get_setting(DEMO_TODAY_KEY) or "")
    except ValueError:
        return None


def _planted(store: Store) -> set[tuple[str, str]]:
    try:
        entries = json.loads(store.get_setting(PLANTED_KEY) or "[]")
    except ValueError:
        return set()
    return {(str(e.get("kind")), str(e.get("id"))) for e in entries if isinstance(e, dict)}


@dataclass(frozen=True)
class _P:
    id: str
    name: str
    branch: str
    status: str
    state: str
    join: date | None
    full: date | None
    extension: int | None


def _people(session: Session) -> dict[str, _P]:
    stmt = (
        select(
            Person.id,
            Person.name,
            OrgUnit.name,
            Person.political_status,
            Person.membership_state,
            Person.join_date,
            Person.full_member_date,
            Person.probation_extension_months,
        )
        .join(OrgUnit, OrgUnit.id == Person.branch_id)
        .where(Person.deleted.is_(False))
    )
    return {r[0]: _P(*r) for r in session.execute(stmt)}


def _who(p: _P) -> str:
    return f"{p.name}（{p.branch}）"


def _membership_problems(people: dict[str, _P], today: date) -> list[Problem]:
    """党章 第七条 and 发展党员工作细则 第三十二条: 转正 on the first anniversary of 入党, or at the end of a recorded
    extension of 6 to 12 months; a 预备党员 past the 预备期 is owed a decision."""
    out: list[Problem] = []
    members = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
    for p in people.values():
        if p.status not in members:
            continue
        if p.join is None:
            out.append(Problem("person.member_without_join_date", p.id, _who(p)))
            continue
        if p.extension is not None and not EXTENSION_MIN_MONTHS <= p.extension <= EXTENSION_MAX_MONTHS:
            out.append(Problem("person.extension", p.id, f"{_who(p)}：延长预备期{p.extension}个月"))
        elif p.full is not None and p.full != probation_end(p.join, p.extension):
            out.append(
                Problem(
                    "person.full_member_date",
                    p.id,
                    f"{_who(p)}：入党{p.join.isoformat()}，转正{p.full.isoformat()}，"
                    f"应为{probation_end(p.join, p.extension).isoformat()}",
                )
            )
        if p.state == MembershipState.ACTIVE.value and is_past_probation(
            PersonData(
                name=p.name,
                branch_id="",
                political_status=PoliticalStatus(p.status),
                join_date=p.join,
                probation_extension_months=p.extension,
            ),
            today,
        ):
            out.append(
                Problem(
                    "person.probation_overdue",
                    p.id,
                    f"{_who(p)}：预备期于{probation_end(p.join, p.extension).isoformat()}期满",
                )
            )
    return out


def _exit_problems(session: Session, people: dict[str, _P]) -> list[Problem]:
    kinds = {k.value for k in ExitKind}
    rows = session.execute(
        select(
            MembershipChange.id, MembershipChange.person_id, MembershipChange.change_date, MembershipChange.exit_kind
        ).where(MembershipChange.deleted.is_(False), MembershipChange.new_state == MembershipState.EXPELLED.value)
    ).all()
    out = []
    for cid, pid, day, kind in rows:
        if kind not in kinds:
            who = _who(people[pid]) if pid in people else pid
            out.append(Problem("membership.exit_kind", cid, f"{who}：{day.isoformat()}出党，方式“{kind or '未填写'}”"))
    return out


def _honor_problems(session: Session, people: dict[str, _P]) -> list[Problem]:
    left = dict(
        session.execute(
            select(MembershipChange.person_id, MembershipChange.change_date)
            .where(
                MembershipChange.deleted.is_(False),
                MembershipChange.new_state.in_((MembershipState.EXPELLED.value, MembershipState.DECEASED.value)),
            )
            .order_by(MembershipChange.change_date.desc())
        ).all()
    )
    rows = session.execute(
        select(
            Honor.id,
            Honor.person_id,
            Honor.unit_id,
            Honor.title,
            Honor.category,
            Honor.level,
            Honor.awarding_body,
            Honor.award_date,
        ).where(Honor.deleted.is_(False))
    ).all()
    out: list[Problem] = []
    for hid, pid, uid, title, category, level, body, day in rows:
        data = HonorData(
            title=title, category=category, level=level, award_date=day, person_id=pid, unit_id=uid, awarding_body=body
        )
        label = f"{people[pid].name}" if pid in people else ""
        subject = f"{label}“{title}”（{day.isoformat()}）"
        if pid and pid in people:
            p = people[pid]
            facts = MemberFacts(p.join, p.full, left.get(pid)) if p.join else None
            errors, warnings = honor_rules.eligibility(data, facts)
            if errors:
                out.append(Problem("honor.not_member", hid, subject))
            elif warnings:
                out.append(Problem("honor.probationary", hid, subject))
        implied = honor_rules.level_of_body(body)
        if implied is not None and implied.value != level:
            out.append(Problem("honor.level_body", hid, f"{subject}：{body}颁发，登记为{level}"))
        if category == "劳动模范" and "奖章" in title:
            out.append(Problem("honor.medal_as_model_worker", hid, subject))
    return out


def _mentor_problems(session: Session) -> list[Problem]:
    mentor, mentee = aliased(Person), aliased(Person)
    rows = session.execute(
        select(
            MentorPair.id,
            MentorPair.start_date,
            MentorPair.trade,
            mentor.name,
            mentor.skill_grade,
            mentee.name,
            mentee.birth_date,
            mentee.work_start_date,
            mentee.skill_grade,
            mentee.trade,
        )
        .join(mentor, mentor.id == MentorPair.mentor_id)
        .join(mentee, mentee.id == MentorPair.mentee_id)
        .where(MentorPair.deleted.is_(False))
    ).all()
    out: list[Problem] = []
    for (
        pid,
        start,
        trade,
        mentor_name,
        mentor_grade,
        mentee_name,
        birth,
        work_start,
        mentee_grade,
        mentee_trade,
    ) in rows:
        pair = f"{mentor_name}—{mentee_name}（{start.isoformat()}）"
        if work_start is not None and mentor_rules.check_mentee_start(start, work_start):
            out.append(Problem("mentor.before_work", pid, f"{pair}：参加工作{work_start.isoformat()}"))
        underground = next((t for t in (trade, mentee_trade) if mentor_rules.is_underground(t)), None)
        if underground and birth and mentor_rules.age_on(birth, start) < mentor_rules.ADULT_AGE:
            out.append(Problem("mentor.minor_underground", pid, f"{pair}：{underground}"))
        elif birth and mentor_rules.age_on(birth, start) < mentor_rules.ADULT_AGE:
            out.append(Problem("mentor.mentee_minor", pid, f"{pair}：{birth.year}年出生"))
        if work_start is None:  # a pair mentors someone at work: when they started is part of the record
            out.append(Problem("mentor.mentee_work_unknown", pid, pair))
        mentor_rank, mentee_rank = mentor_rules.skill_rank(mentor_grade), mentor_rules.skill_rank(mentee_grade)
        if mentor_rank is not None and mentee_rank is not None and mentor_rank < mentee_rank:
            out.append(Problem("mentor.skill_grade", pid, f"{pair}：{mentor_grade} < {mentee_grade}"))
    return out


def is_method_title(title: str) -> bool:
    """实用新型 protects a product's shape or structure, not a method (专利法 第二条): "…方法" / "…工艺" is a
    发明 title."""
    text = title.strip().rstrip("。")
    return text.endswith(("方法", "工艺", "工法")) or "方法及" in text


def _innovation_problems(session: Session) -> list[Problem]:
    rows = session.execute(
        select(InnovationItem.id, InnovationItem.title, InnovationItem.year).where(
            InnovationItem.deleted.is_(False), InnovationItem.kind == InnovationKind.UTILITY_PATENT.value
        )
    ).all()
    return [
        Problem("innovation.utility_method", iid, f"{title}（{year}）")
        for iid, title, year in rows
        if is_method_title(title)
    ]


# --- units, zones, yearly meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    kind: str
    chain: tuple[str, ...]  # names from the top unit down to this one

    @property
    def name(self) -> str:
        return self.chain[-1]


def _unit_chains(session: Session) -> dict[str, _Unit]:
    rows = {
        r[0]: (r[1], r[2], r[3])
        for r in session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id).where(OrgUnit.deleted.is_(False))
        )
    }
    chains: dict[str, _Unit] = {}

    def chain(unit_id: str, depth: int = 0) -> tuple[str, ...]:
        if unit_id in chains:
            return chains[unit_id].chain
        name, _kind, parent = rows[unit_id]
        above = chain(parent, depth + 1) if parent in rows and depth < 50 else ()
        return (*above, name)

    for unit_id, (_name, kind, _parent) in rows.items():
        chains[unit_id] = _Unit(kind, chain(unit_id))
    return chains


def _org_problems(units: dict[str, _Unit]) -> list[Problem]:
    """综采, 掘进, 通风, 机电 and 运输 teams belong to mines: a branch so named anywhere else (a plant, an office, the
    college) was named or placed wrongly."""
    out = []
    for unit_id, unit in units.items():
        if unit.kind != UnitKind.BRANCH.value:
            continue
        team = org_fit.mining_team(unit.name)
        if team and not org_fit.in_mine(unit.chain):
            parent = unit.chain[-2] if len(unit.chain) > 1 else ""
            out.append(Problem("org.mining_team_outside_mine", unit_id, f"{unit.name}（{parent}，{team}）"))
    return out


def _zone_problems(session: Session, units: dict[str, _Unit]) -> list[Problem]:
    """A zone at a 工作面, in a 巷道 or 采区 belongs to a unit that works there: a mine's team, not an office or a
    unit outside the mines (no underground zone for 宣传部)."""
    rows = session.execute(
        select(
            ResponsibilityZone.id,
            ResponsibilityZone.unit_id,
            ResponsibilityZone.zone_name,
            ResponsibilityZone.place,
            Person.name,
        )
        .join(Person, Person.id == ResponsibilityZone.person_id)
        .where(ResponsibilityZone.deleted.is_(False))
    ).all()
    out = []
    for zid, unit_id, zone_name, place, holder in rows:
        unit = units.get(unit_id)
        if unit is None or not org_fit.is_underground_place(zone_name, place):
            continue
        if not org_fit.works_underground(unit.chain):
            out.append(Problem("zone.underground_unit", zid, f"{unit.name} {holder}：{zone_name}"))
    return out


def _study_problems(session: Session, units: dict[str, _Unit]) -> list[Problem]:
    """组织生活会 and 民主评议党员 carry their 所属年度: the year held or, held early next year, the year before
    (domain.study.credited_year). Without it a January meeting counts for the wrong year."""
    rows = session.execute(
        select(
            StudySession.id,
            StudySession.unit_id,
            StudySession.kind,
            StudySession.session_date,
            StudySession.belongs_year,
        ).where(StudySession.deleted.is_(False), StudySession.kind.in_(YEAR_BOUND_KINDS))
    ).all()
    out = []
    for sid, unit_id, kind, day, belongs in rows:
        unit = units.get(unit_id)
        subject = f"{unit.name if unit else ''} {kind}（{day.isoformat()}）"
        if belongs is None:
            out.append(Problem("study.belongs_year_missing", sid, subject))
        elif belongs not in (day.year, day.year - 1):
            out.append(Problem("study.belongs_year", sid, f"{subject}：所属年度{belongs}"))
    return out
