"""Demo study log: three years of 三会一课 and study sessions with attendance for every branch, up to the demo's
today. Most branches keep to the rules; a few miss meetings so the compliance grid has something to show.

支委会 are held only by branches with a committee (services.demo.committees: 7 正式党员 or more), attended by its
members; the 书记 gives the first 党课 of each year (条例 第十六条); most 组织生活会 and 民主评议 are held in January for
the year before and carry that 所属年度. Each session records its 应到 / 实到 / 有表决权 counts."""

from __future__ import annotations

import random
import uuid
from datetime import date

from sqlalchemy import select, text

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.db.models import Person
from jiaomei_desktop.domain.enums import LectureForm, PoliticalStatus, SessionKind
from jiaomei_desktop.domain.study import TYPICAL_HOURS, Attendee, count_attendance
from jiaomei_desktop.services.demo.committees import DemoCommittee, build_committees
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit

YEARS = 3
BATCH = 20000
LAGGING_SHARE = 0.05  # branches that often skip meetings
SLOPPY_SHARE = 0.12  # branches that now and then skip one
NEXT_JANUARY_SHARE = 0.7  # 组织生活会 / 民主评议 held in January for the year before (the rest in December)
K = SessionKind
TOPICS = {
    K.GENERAL_MEETING: ("讨论接收预备党员", "审议支部年度工作计划", "讨论预备党员转正", "选举出席上级党代会代表",
                        "通报上半年支部工作", "学习贯彻上级党委会议精神"),
    K.COMMITTEE_MEETING: ("研究本月支部工作安排", "研究发展党员工作", "研究党员责任区调整", "分析安全生产形势",
                          "研究传帮带结对安排", "研究主题党日活动方案"),
    K.GROUP_MEETING: ("学习安全规程并交流心得", "开展批评与自我批评", "讨论班组安全隐患排查", "交流岗位技术革新",
                      "学习党章第二章", "讨论党员先锋岗创建"),
    K.PARTY_LECTURE: ("党的二十大精神解读", "从矿工到劳模的成长之路", "以案说纪警示教育", "安全生产就是最大的政治",
                      "党员如何在岗位上亮身份", "新时代煤矿工人的使命"),
    K.THEME_DAY: ("重温入党誓词", "井下安全隐患排查志愿活动", "参观红色教育基地", "党员示范岗挂牌",
                  "开展“安全生产月”主题活动", "学习先进典型事迹", "缴纳党费、过政治生日"),
    K.LIFE_MEETING: ("年度组织生活会", "专题组织生活会"),
    K.DEMOCRATIC_REVIEW: ("年度民主评议党员",),
    K.SAFETY_STUDY: ("学习《煤矿安全规程》", "事故案例警示教育", "顶板管理专题学习", "瓦斯防治知识学习"),
}
SAFETY_SHARE = {K.GROUP_MEETING: 0.5, K.THEME_DAY: 0.35, K.PARTY_LECTURE: 0.25, K.COMMITTEE_MEETING: 0.3}
PLACES = ("队部会议室", "矿党员活动室", "井口学习室", "调度楼三楼会议室", "班前会议室")
LECTURE_FORMS = tuple(f.value for f in LectureForm)
LEAVE_REASONS = ("井下当班", "外出培训", "病假", "事假", "出差", "夜班休息")


class _Ids:
    """Deterministic ids (same seed, same data) that ascend like UUIDv7: a counter in the top bits, random below.
    Ascending keys make every index insert an append; random ones made the demo thrash SQLite's page cache."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._counter = rng.getrandbits(20) << 28

    def __call__(self) -> str:
        self._counter += 1
        return str(uuid.UUID(int=(self._counter << 80) | self._rng.getrandbits(80), version=4))


def build_study(ctx: DemoContext) -> None:
    committees = build_committees(ctx)
    rng = random.Random(ctx.seed + 3)
    people = _people(ctx)
    groups_of = {b.id: ctx.party_groups.get(b.id, []) for b in ctx.branches}
    lagging = {b.id for b in ctx.branches if rng.random() < LAGGING_SHARE}
    sloppy = {b.id for b in ctx.branches if rng.random() < SLOPPY_SHARE} - lagging
    writer = _Writer(ctx, _Ids(rng))
    first_year = ctx.today.year - YEARS + 1
    for branch in ctx.branches:
        skip = 0.3 if branch.id in lagging else 0.06 if branch.id in sloppy else 0.0
        plan = _BranchPlan(rng, branch, groups_of[branch.id], people, skip, committees.get(branch.id))
        for year in range(first_year, ctx.today.year + 1):
            for session in plan.year(year):
                if session[2] <= ctx.today:
                    writer.add(*session, secretary=plan.secretary)
    writer.flush()
    ctx.session.execute(text("PRAGMA cache_size = -2000"))  # back to SQLite's default for the pooled connection


def _people(ctx: DemoContext) -> dict[str, list[tuple[str, str, str, str | None, str]]]:
    """branch id -> (id, name, political status, party group, position) of its active people."""
    stmt = select(Person.id, Person.name, Person.political_status, Person.party_group_id, Person.position,
                  Person.branch_id)
    result: dict[str, list[tuple[str, str, str, str | None, str]]] = {}
    for pid, name, status, group, position, branch in ctx.session.execute(stmt):
        result.setdefault(branch, []).append((pid, name, status, group, position or ""))
    return result


class _BranchPlan:
    def __init__(self, rng: random.Random, branch: DemoUnit, groups: list[DemoUnit],
                 people: dict[str, list[tuple[str, str, str, str | None, str]]], skip: float,
                 committee: DemoCommittee | None) -> None:
        self.rng, self.branch, self.groups, self.skip = rng, branch, groups, skip
        everyone = people.get(branch.id, [])
        member_statuses = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
        self.members = [p for p in everyone if p[2] in member_statuses]
        by_id = {p[0]: p for p in everyone}
        self.committee = [by_id[pid] for pid in (committee.members if committee else []) if pid in by_id]
        self.secretary = by_id.get(committee.secretary) if committee and committee.secretary else None
        # The 书记 hosts and opens the lists, so the first name on a list is who presided.
        if self.secretary is not None:
            self.members = [self.secretary] + [p for p in self.members if p is not self.secretary]
        self.by_group = {g.id: [p for p in self.members if p[3] == g.id] for g in groups}

    def _day(self, year: int, month: int, lo: int, hi: int) -> date:
        return date(year, month, self.rng.randint(lo, hi))

    def _held(self) -> bool:
        return self.rng.random() >= self.skip

    def year(self, year: int):  # type: ignore[no-untyped-def]
        """(unit id, kind, date, attendees) of the sessions planned for the year."""
        rng = self.rng
        b = self.branch.id
        for month in range(1, 13):
            if self.committee and self._held():
                yield b, K.COMMITTEE_MEETING, self._day(year, month, 2, 8), self.committee, None
            if self._held():
                yield b, K.THEME_DAY, self._day(year, month, 10, 16), self.members, None
            for group in self.groups:
                if self.by_group[group.id] and self._held():
                    yield group.id, K.GROUP_MEETING, self._day(year, month, 18, 26), self.by_group[group.id], None
            if month % 3 == 0:
                if self._held():
                    yield b, K.GENERAL_MEETING, self._day(year, month - rng.randint(0, 2), 5, 25), self.members, None
                if self._held():
                    yield b, K.PARTY_LECTURE, self._day(year, month - rng.randint(0, 2), 5, 25), self.members, None
            if month in (4, 10):
                yield b, K.SAFETY_STUDY, self._day(year, month, 3, 27), self.members, None
        # The yearly meetings for this year: mostly next January, carrying this year as their 所属年度.
        for kind, lo, hi in ((K.LIFE_MEETING, 8, 20), (K.DEMOCRATIC_REVIEW, 21, 30)):
            if self._held():
                day = (self._day(year + 1, 1, lo, hi) if rng.random() < NEXT_JANUARY_SHARE
                       else self._day(year, 12, lo, hi))
                yield b, kind, day, self.members, year


class _Writer:
    """Collects rows as tuples in table-column order and writes them with one executemany per batch: about half a
    million attendance rows, where SQLAlchemy's per-row parameter processing would cost more than SQLite itself."""

    SESSION_COLUMNS = ("id", "owner_unit_id", "version", "updated_at", "deleted", "unit_id", "kind", "session_date",
                       "lecture_form", "start_time", "end_time", "place", "host_name", "recorder_name",
                       "lecturer_name", "topic", "safety_flag", "hours", "belongs_year", "is_election",
                       "expected_count", "present_count", "voting_expected_count", "voting_present_count",
                       "host_id", "lecturer_id")
    ATTENDANCE_COLUMNS = ("id", "owner_unit_id", "version", "updated_at", "deleted", "session_id", "person_id",
                          "status", "reason")

    def __init__(self, ctx: DemoContext, ids: _Ids) -> None:
        self.ctx, self.ids = ctx, ids
        self.rng = random.Random(ctx.seed + 4)
        self.now = utcnow().isoformat(sep=" ")
        self.sessions: list[tuple] = []  # type: ignore[type-arg]
        self.attendance: list[tuple] = []  # type: ignore[type-arg]
        # A bigger page cache for this transaction keeps the indexes being appended to in memory.
        ctx.session.execute(text("PRAGMA cache_size = -131072"))

    def add(self, unit_id: str, kind: SessionKind, day: date, attendees: list,  # type: ignore[type-arg]
            belongs_year: int | None, secretary: tuple | None = None) -> None:  # type: ignore[type-arg]
        rng = self.rng
        sid = self.ids()
        start_hour = rng.choice((8, 9, 14, 15, 16))
        hours = TYPICAL_HOURS.get(kind.value, 1.0)
        end = start_hour * 60 + int(hours * 60)
        host = attendees[0] if attendees else None
        lecturer = self._lecturer(kind, day, attendees, secretary)
        root = self.ctx.root_id
        statuses = []
        now, ids, random_ = self.now, self.ids, rng.random
        for person in attendees:
            r = random_()
            status, reason = ("出席", None) if r < 0.88 else ("请假", rng.choice(LEAVE_REASONS)) if r < 0.97 else (
                "缺席", None)
            self.attendance.append((ids(), root, 1, now, 0, sid, person[0], status, reason))
            statuses.append(Attendee(status, person[2], committee=kind is K.COMMITTEE_MEETING))
        counts = count_attendance(statuses, kind.value)
        host_name = host[1] if host else ""
        self.sessions.append((
            sid, root, 1, self.now, 0, unit_id, kind.value, day.isoformat(),
            rng.choice(LECTURE_FORMS) if kind is K.PARTY_LECTURE else None,
            f"{start_hour:02d}:00", f"{end // 60:02d}:{end % 60:02d}", rng.choice(PLACES), host_name,
            attendees[1][1] if len(attendees) > 1 else host_name, lecturer[1] if lecturer else None,
            rng.choice(TOPICS.get(kind, ("专题学习",))),
            int(kind is K.SAFETY_STUDY or rng.random() < SAFETY_SHARE.get(kind, 0.0)), hours,
            belongs_year, 0, counts.expected, counts.present, counts.voting_expected, counts.voting_present,
            host[0] if host else None, lecturer[0] if lecturer else None))
        if len(self.attendance) >= BATCH:
            self.flush()

    def _lecturer(self, kind: SessionKind, day: date, attendees: list,  # type: ignore[type-arg]
                  secretary: tuple | None) -> tuple | None:  # type: ignore[type-arg]
        """The 书记 gives the first 党课 of the year (条例 第十六条); the others rotate among the members."""
        if kind is not K.PARTY_LECTURE or not attendees:
            return None
        if secretary is not None and day.month <= 3:
            return secretary
        return self.rng.choice(attendees)

    def flush(self) -> None:
        connection = self.ctx.session.connection()
        for table, columns, rows in (("study_session", self.SESSION_COLUMNS, self.sessions),
                                     ("attendance", self.ATTENDANCE_COLUMNS, self.attendance)):
            if rows:
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                connection.exec_driver_sql(sql, rows)
        self.sessions, self.attendance = [], []
