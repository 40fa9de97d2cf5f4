"""Computing the dashboard for a unit subtree and a year (deliverable 5 of issue 9).

Counting rules (the report's sentences rely on them):
- members: the roll as it stood on the dashboard's `as_of` day (a past year: its 12-31), rebuilt from 入党 and 转正
  dates and the membership change history (statistics.roll); 党员 = 正式 + 预备 on that day; ages on that day.
  Non-members (共青团员, 群众) are counted as the roll holds them today; 发展阶段 (入党申请人, 入党积极分子,
  发展对象) is no 政治面貌: statistics.development counts them on the day, never as members.
- member flows: 发展, 转正, 出党, 去世, 转入, 转出 of the year up to `as_of`.
- study: sessions of the subtree dated in the year; 学时 = the sessions' hours; 人均学时 = hours of the sessions
  each member attended (出席) ÷ members, party education only (domain.study.PARTY_EDUCATION_KINDS: no 技术培训 or
  安全生产学习); 组织生活制度达标率 from the study compliance rules (services.study: 三会一课, 主题党日, 组织生活会,
  民主评议党员, 书记讲党课 — not "三会一课达标率", which would name only part of what it counts).
- mentor pairs: pairs of the subtree that ran at some time in the year, by their current state.
- honours: awarded in the year; 个人 by the person's branch, 集体 by the honoured unit.
- deeds: 已办结 deeds dated in the year (planned ones counted apart); brands: in force at the end of the year;
  innovation: entries of the year; zones: in force on `as_of`.
- 13710督办: items assigned (交办) in the year, how many of them are done by `as_of` and how many on time; items
  still open on `as_of` (whatever year they were assigned) and those of them past their deadline (逾期).
- 纪律作风督导: statistics.inspection_figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import (
    Attendance,
    Honor,
    InnovationItem,
    MentorPair,
    OrgUnit,
    Person,
    ResponsibilityZone,
    StudySession,
    WorkerDeed,
)
from jiaomei_desktop.db.models.post import IdentityPost, IdentityPostMember
from jiaomei_desktop.db.models.standards import StandardAcceptance, StandardAssessment
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.domain.enums import (
    AttendanceStatus,
    Education,
    Gender,
    HonorLevel,
    PairState,
    PoliticalStatus,
    SessionKind,
    UnitKind,
)
from jiaomei_desktop.domain.posts import PostKind, is_front_line
from jiaomei_desktop.domain.registers import RELIEF_CATEGORIES, AwardLevel, DeedState, InnovationKind, TaskState
from jiaomei_desktop.domain.standards import Result
from jiaomei_desktop.domain.study import PARTY_EDUCATION_KINDS
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.brands import coverage_in
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.register_common import in_subtree
from jiaomei_desktop.services.statistics.development import development_group
from jiaomei_desktop.services.statistics.inspection_figures import inspection_group
from jiaomei_desktop.services.statistics.model import (
    BRAND,
    DEED,
    HONOR,
    INNOVATION,
    PAIR,
    PERSON,
    SESSION,
    TASK,
    UNIT,
    ZONE,
    Dashboard,
    Figure,
    FigureGroup,
)
from jiaomei_desktop.services.statistics.register_figures import contest_group, studio_groups
from jiaomei_desktop.services.statistics.roll import RollSource, YearFlows, load_roll_source, roll_as_of
from jiaomei_desktop.services.store import Store

MEMBER_STATUSES = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
# 三会一课: 支部党员大会, 支委会, 党小组会, 党课.
THREE_MEETINGS = (SessionKind.GENERAL_MEETING.value, SessionKind.COMMITTEE_MEETING.value,
                  SessionKind.GROUP_MEETING.value, SessionKind.PARTY_LECTURE.value)
# Labels, titles, notes and units are Chinese source text marked N_: the 统计 tab shows them through _(), while the
# Excel export and the annual report use them as they are (Chinese documents). Figure keys are never translated.
AGE_BANDS = ((N_("35岁及以下"), 0, 35), (N_("36至45岁"), 36, 45), (N_("46至55岁"), 46, 55), (N_("56岁及以上"), 56, 200))
UNKNOWN = N_("未填写")
U_PEOPLE, U_PERSON_TIMES, U_TIMES, U_HOURS, U_PAIRS = N_("人"), N_("人次"), N_("次"), N_("小时"), N_("对")
U_ITEMS, U_COUNT, U_DEEDS, U_YUAN = N_("项"), N_("个"), N_("件"), N_("元")
# Spelled out rather than composed, so that each label is extracted for translation.
HONOR_LEVEL_LABELS: dict[HonorLevel, tuple[str, str]] = {  # (个人, 集体)
    HonorLevel.NATIONAL: (N_("国家级·个人"), N_("国家级·集体")),
    HonorLevel.PROVINCIAL: (N_("省部级·个人"), N_("省部级·集体")),
    HonorLevel.MUNICIPAL: (N_("市厅级·个人"), N_("市厅级·集体")),
    HonorLevel.GROUP: (N_("集团级·个人"), N_("集团级·集体")),
    HonorLevel.MINE: (N_("矿级·个人"), N_("矿级·集体")),
}
COLLEGE = (Education.POSTGRADUATE.value, Education.BACHELOR.value, Education.JUNIOR_COLLEGE.value)


def _fig(key: str, label: str, value: int | float, unit: str, table: str | None, ids: Iterable[str] = (),
         note: str = "") -> Figure:
    return Figure(key, label, value, unit, table, tuple(ids), note)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def root_unit_id(store: Store) -> str:
    """The whole store's top unit (the group, or the office's committee)."""
    with store.reading() as session:
        rows = session.execute(select(OrgUnit.id, OrgUnit.parent_id).where(OrgUnit.deleted.is_(False))).all()
    ids = {r[0] for r in rows}
    roots = [r[0] for r in rows if r[1] is None or r[1] not in ids]
    if not roots:
        raise NotFoundError(_("还没有任何单位"))
    return roots[0]


def dashboard(store: Store, unit_id: str | None, year: int, today: date | None = None,
              study: bool = True, source: RollSource | None = None) -> Dashboard:
    """Every figure of the 统计 tab for the subtree of `unit_id` (None: the whole store) and `year`.

    `study=False` leaves out the study group (its compliance grid is most of the cost): a period report over
    several years states no study figures. `source` (statistics.roll) is the people and changes already read for
    another year of the same unit."""
    today = today or date.today()
    unit_id = unit_id or root_unit_id(store)
    as_of = min(date(year, 12, 31), today)
    with store.reading() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        if unit.kind == UnitKind.PARTY_GROUP.value and unit.parent_id:
            # Members, deeds and brands are recorded on the branch: a 党小组 shows its branch's figures.
            branch = session.get(OrgUnit, unit.parent_id)
            if branch is None:
                raise NotFoundError(_("单位不存在或已删除"))
            unit, unit_id = branch, branch.id
        unit_name = unit.name
        units = _units(session)
        root_path = units[unit_id][1]
        subtree = {u for u, v in units.items() if v[1].startswith(root_path)}
        if source is None or source.unit_id != unit_id:
            source = load_roll_source(session, unit_id)  # shared with the compliance grid's 支委会 rule
        roll = roll_as_of(session, unit_id, subtree, year, as_of, today, source)
        people = roll.rows
        groups = [
            *_member_groups(people, units, unit_id, unit.kind, as_of),
            _flow_group(roll.flows),
            development_group(session, unit_id, year, as_of, source),
            *([_study_group(session, store, unit_id, year, as_of, people, source)] if study else []),
            _mentor_group(session, unit_id, year),
            *_honor_groups(session, subtree, year),
            _deed_group(session, unit_id, year),
            _brand_group(session, unit_id, year),
            _innovation_group(session, unit_id, year),
            _zone_group(session, unit_id, as_of, people),
            _supervision_group(session, unit_id, year, as_of),
            inspection_group(session, unit_id, year, as_of),
            _post_group(session, unit_id, as_of, people, units),
            *studio_groups(session, unit_id, year, as_of),
            contest_group(session, unit_id, year, as_of),
            *_standards_groups(session, units, root_path, year),
        ]
    return Dashboard(unit_id, unit_name, year, as_of, tuple(groups))


# -- members ----------------------------------------------------------------------------------------------------
def _units(session: Session) -> dict[str, tuple[str, str, str, str | None, str]]:
    """id -> (name, path, kind, parent_id, code) of every live unit."""
    stmt = select(OrgUnit.id, OrgUnit.name, OrgUnit.path, OrgUnit.kind, OrgUnit.parent_id, OrgUnit.code).where(
        OrgUnit.deleted.is_(False))
    return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in session.execute(stmt)}


def _band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    # An age outside every band (born after the day described: a PC clock in 1999, a year before the data) is not
    # known, rather than a StopIteration that ends the whole statistics page.
    return next((label for label, low, high in AGE_BANDS if low <= age <= high), UNKNOWN)


def _member_groups(people: list, units: dict, unit_id: str, unit_kind: str, as_of: date) -> list[FigureGroup]:
    by_status: dict[str, list[str]] = defaultdict(list)
    members = []
    for p in people:
        by_status[p[1]].append(p[0])
        if p[1] in MEMBER_STATUSES:
            members.append(p)
    member_ids = [p[0] for p in members]
    by_gender: dict[str, list[str]] = defaultdict(list)
    by_age: dict[str, list[str]] = defaultdict(list)
    by_edu: dict[str, list[str]] = defaultdict(list)
    # The age on `as_of` from the ISO text: the year, less one when the birthday ("MM-DD") is still to come.
    month_day = f"{as_of.month:02d}-{as_of.day:02d}"
    band_of_age = {age: _band(age) for age in range(0, 201)}
    for pid, _status, gender, birth, education, _branch, _group in members:
        by_gender[gender or UNKNOWN].append(pid)
        age = as_of.year - int(birth[:4]) - (birth[5:10] > month_day) if birth else None
        by_age[band_of_age.get(age, UNKNOWN) if age is not None else UNKNOWN].append(pid)
        by_edu[education or UNKNOWN].append(pid)
    female = by_gender.get(Gender.FEMALE.value, [])
    young = by_age.get(AGE_BANDS[0][0], [])
    college = [pid for e in COLLEGE for pid in by_edu.get(e, [])]
    n = len(members)
    summary = FigureGroup("members", N_("党员队伍"), (
        _fig("members.total", N_("党员总数"), n, U_PEOPLE, PERSON, member_ids, N_("在册的正式党员和预备党员")),
        _fig("members.full", N_("正式党员"), len(by_status[MEMBER_STATUSES[0]]), U_PEOPLE, PERSON,
             by_status[MEMBER_STATUSES[0]]),
        _fig("members.probationary", N_("预备党员"), len(by_status[MEMBER_STATUSES[1]]), U_PEOPLE, PERSON,
             by_status[MEMBER_STATUSES[1]]),
        _fig("members.female", N_("女党员"), len(female), U_PEOPLE, PERSON, female),
        _fig("members.female_share", N_("女党员占比"), _ratio(len(female), n), "%", PERSON, female),
        _fig("members.age_35_under", N_("35岁及以下党员"), len(young), U_PEOPLE, PERSON, young),
        _fig("members.young_share", N_("35岁及以下占比"), _ratio(len(young), n), "%", PERSON, young),
        _fig("members.college", N_("大专及以上学历党员"), len(college), U_PEOPLE, PERSON, college),
        _fig("members.college_share", N_("大专及以上占比"), _ratio(len(college), n), "%", PERSON, college),
    ), chart="none")
    status = FigureGroup("by_status", N_("在册人员按政治面貌"), tuple(
        _fig(f"by_status.{s.value}", s.value, len(by_status[s.value]), U_PEOPLE, PERSON, by_status[s.value])
        for s in PoliticalStatus), chart="pie",
        note=N_("党员以外为共青团员和群众：入党申请人、入党积极分子、发展对象（见发展党员工作）和结对帮带的职工"))
    age = FigureGroup("by_age", N_("党员年龄结构"), tuple(
        _fig(f"by_age.{label}", label, len(by_age[label]), U_PEOPLE, PERSON, by_age[label])
        for label in [b[0] for b in AGE_BANDS] + ([UNKNOWN] if by_age.get(UNKNOWN) else [])))
    education = FigureGroup("by_education", N_("党员学历结构"), tuple(
        _fig(f"by_education.{label}", label, len(by_edu[label]), U_PEOPLE, PERSON, by_edu[label])
        for label in [e.value for e in Education] + ([UNKNOWN] if by_edu.get(UNKNOWN) else [])))
    gender = FigureGroup("by_gender", N_("党员性别"), tuple(
        _fig(f"by_gender.{label}", label, len(by_gender[label]), U_PEOPLE, PERSON, by_gender[label])
        for label in [g.value for g in Gender] + ([UNKNOWN] if by_gender.get(UNKNOWN) else [])), chart="pie")
    return [summary, status, age, education, gender, _by_unit(members, units, unit_id, unit_kind)]


def _by_unit(members: list, units: dict, unit_id: str, unit_kind: str) -> FigureGroup:
    """Members per direct child unit (per party group under a branch); those kept directly by the unit itself
    get a line "本级"."""
    per: dict[str, list[str]] = defaultdict(list)
    root_path = units[unit_id][1]
    child_of: dict[str, str] = {}  # branch -> the direct child of the unit it lies under, worked out once each
    is_branch = unit_kind == UnitKind.BRANCH.value
    for pid, _s, _g, _b, _e, branch, group in members:
        if is_branch:
            key = group if group in units else unit_id
        else:
            key = child_of.get(branch)  # type: ignore[assignment]
            if key is None:
                rest = units[branch][1][len(root_path):].strip("/").split("/") if branch in units else []
                key = child_of[branch] = rest[0] if rest and rest[0] else unit_id
        per[key].append(pid)
    under_branch = unit_kind == UnitKind.BRANCH.value
    children = sorted((u for u, v in units.items()
                       if v[3] == unit_id and (under_branch or v[2] != UnitKind.PARTY_GROUP.value)),
                      key=lambda u: (units[u][4], units[u][0]))
    figures = [_fig(f"by_unit.{units[c][0]}", units[c][0], len(per[c]), U_PEOPLE, PERSON, per[c]) for c in children]
    if per.get(unit_id):
        figures.append(_fig("by_unit.本级", N_("本级"), len(per[unit_id]), U_PEOPLE, PERSON, per[unit_id]))
    return FigureGroup("by_unit", N_("党员分布（按下级单位）"), tuple(figures))


def _flow_group(flows: YearFlows) -> FigureGroup:
    return FigureGroup("flows", N_("党员队伍变化（本年）"), (
        _fig("flows.joined", N_("发展党员"), len(flows.joined), U_PEOPLE, PERSON, flows.joined, N_("入党日期在本年")),
        _fig("flows.became_full", N_("预备党员转正"), len(flows.became_full), U_PEOPLE, PERSON, flows.became_full),
        _fig("flows.expelled", N_("出党"), len(flows.expelled), U_PEOPLE, PERSON, flows.expelled),
        _fig("flows.deceased", N_("去世"), len(flows.deceased), U_PEOPLE, PERSON, flows.deceased),
        _fig("flows.transferred_in", N_("转入"), len(flows.transferred_in), U_PEOPLE, PERSON, flows.transferred_in,
             N_("从本单位以外的组织转入")),
        _fig("flows.transferred_out", N_("转出"), len(flows.transferred_out), U_PEOPLE, PERSON,
             flows.transferred_out, N_("转往本单位以外的组织")),
    ), chart="none")


# -- study ------------------------------------------------------------------------------------------------------
def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _study_group(session: Session, store: Store, unit_id: str, year: int, as_of: date,
                 people: list, source: RollSource) -> FigureGroup:
    first, last = _year_bounds(year)
    live_in_year = (StudySession.deleted.is_(False), StudySession.session_date >= first,
                    StudySession.session_date <= last, in_subtree(StudySession.unit_id, unit_id))
    rows = session.execute(select(StudySession.id, StudySession.kind, StudySession.hours, StudySession.safety_flag)
                           .where(*live_in_year)).all()
    all_ids = [r[0] for r in rows]
    three = [r[0] for r in rows if r[1] in THREE_MEETINGS]
    central = [r[0] for r in rows if r[1] == SessionKind.CENTRAL_GROUP_STUDY.value]
    theme = [r[0] for r in rows if r[1] == SessionKind.THEME_DAY.value]
    safety = [r[0] for r in rows if r[3]]
    hours = float(sum(r[2] or 0.0 for r in rows))
    member_ids = {p[0] for p in people if p[1] in MEMBER_STATUSES}
    # Expressions on attendance.deleted / person_id keep SQLite off their indexes: otherwise it walks every
    # live attendance row (ix_attendance_deleted) or probes (session, person) for each member of the group, instead
    # of the year's sessions' attendance through ix_attendance_session_id (0.5 s+ against 0.1 s at group scale).
    # Hours per person, summed in Python over the members of the roll on `as_of` (who may since have left).
    attended = (select(Attendance.person_id, func.sum(StudySession.hours))
                .select_from(StudySession).join(Attendance, Attendance.session_id == StudySession.id)
                .where(*live_in_year, func.ifnull(Attendance.deleted, 0) == 0,
                       Attendance.status == AttendanceStatus.PRESENT.value,
                       StudySession.kind.in_(PARTY_EDUCATION_KINDS))
                .group_by(Attendance.person_id))
    member_hours = float(sum(h or 0.0 for pid, h in session.execute(attended) if pid in member_ids))
    met, due, all_met, missed = _compliance(store, unit_id, year, as_of, source)
    return FigureGroup("study", N_("学习教育（三会一课）"), (
        _fig("study.sessions", N_("会议和学习"), len(all_ids), U_TIMES, SESSION, all_ids),
        _fig("study.three_meetings", N_("三会一课"), len(three), U_TIMES, SESSION, three, N_("支部党员大会、支委会、党小组会、党课")),
        _fig("study.central_group", N_("中心组学习"), len(central), U_TIMES, SESSION, central),
        _fig("study.theme_days", N_("主题党日"), len(theme), U_TIMES, SESSION, theme),
        _fig("study.safety", N_("结合安全生产"), len(safety), U_TIMES, SESSION, safety, N_("标注“三会一课+安全生产”的会议")),
        _fig("study.hours", N_("学习学时"), round(hours, 1), U_HOURS, SESSION, all_ids, N_("各次会议学时之和")),
        _fig("study.member_hours", N_("党员人均学时"), round(_ratio_f(member_hours, len(member_ids)), 1), U_HOURS, SESSION,
             all_ids, N_("党员出席的党员教育会议学时之和（不含技术培训、安全生产学习）÷ 党员人数")),
        _fig("study.compliance_rate", N_("组织生活制度达标率"), _ratio(met, due) if due else 0.0, "%", UNIT, all_met + missed,
             _("按学习制度规则：达标{met}项次，应达标{due}项次").format(met=met, due=due)),
        _fig("study.branches_met", N_("全部达标的支部"), len(all_met), U_COUNT, UNIT, all_met),
        _fig("study.branches_missed", N_("有未达标项的支部"), len(missed), U_COUNT, UNIT, missed),
    ), chart="none")


def _ratio_f(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def _compliance(store: Store, unit_id: str, year: int, as_of: date,
                source: RollSource) -> tuple[int, int, list[str], list[str]]:
    """(met, due, branches meeting every rule, branches missing some) from the study engineer's compliance grid."""
    from jiaomei_desktop.services.study.compliance import compliance_grid

    grid = compliance_grid(store, unit_id, year, as_of, source)
    all_met = [r.branch_id for r in grid.rows if r.totals.due and r.totals.met == r.totals.due]
    missed = [r.branch_id for r in grid.rows if r.totals.met < r.totals.due]
    return grid.total.met, grid.total.due, all_met, missed


# -- mentor pairs -----------------------------------------------------------------------------------------------
def _mentor_group(session: Session, unit_id: str, year: int) -> FigureGroup:
    first, last = _year_bounds(year)
    rows = session.execute(
        select(MentorPair.id, MentorPair.state, type_coerce(MentorPair.start_date, String),
               type_coerce(MentorPair.end_date, String))
        .where(MentorPair.deleted.is_(False), in_subtree(MentorPair.unit_id, unit_id),
               MentorPair.start_date <= last, or_(MentorPair.end_date.is_(None), MentorPair.end_date >= first))).all()
    by_state: dict[str, list[str]] = defaultdict(list)
    for pid, state, _start, _end in rows:
        by_state[state].append(pid)
    y = str(year)
    started = [r[0] for r in rows if r[2] and r[2][:4] == y]
    graduated = [r[0] for r in rows if r[1] == PairState.COMPLETED.value and r[3] and r[3][:4] == y]
    return FigureGroup("mentor", N_("传帮带结对"), (
        _fig("mentor.total", N_("结对总数"), len(rows), U_PAIRS, PAIR, [r[0] for r in rows], N_("本年内存续过的结对")),
        *(_fig(f"mentor.{s.value}", s.value, len(by_state[s.value]), U_PAIRS, PAIR, by_state[s.value])
          for s in PairState),
        _fig("mentor.started", N_("本年新结对"), len(started), U_PAIRS, PAIR, started),
        _fig("mentor.graduated", N_("本年出师"), len(graduated), U_PAIRS, PAIR, graduated),
    ))


# -- honours ----------------------------------------------------------------------------------------------------
def _honor_groups(session: Session, subtree: set[str], year: int) -> list[FigureGroup]:
    """The year's honours by the award_date index, kept in the subtree here: a join driven by the subtree's people
    probed every person of the group for honours (80 ms a year, a fifth of a 5-year period)."""
    first, last = _year_bounds(year)
    rows = session.execute(
        select(Honor.id, Honor.level, Honor.category, Honor.person_id, Honor.unit_id, Person.branch_id, Person.deleted)
        .outerjoin(Person, Person.id == Honor.person_id)
        .where(Honor.deleted.is_(False), Honor.award_date >= first, Honor.award_date <= last)).all()
    persons = [r[:3] for r in rows if r[3] is not None and not r[6] and r[5] in subtree]
    collectives = [r[:3] for r in rows if r[3] is None and r[4] in subtree]
    person_ids = [r[0] for r in persons]
    collective_ids = [r[0] for r in collectives]
    figures = [_fig("honors.persons", N_("先进个人（人次）"), len(person_ids), U_ITEMS, HONOR, person_ids),
               _fig("honors.collectives", N_("先进集体"), len(collective_ids), U_ITEMS, HONOR, collective_ids)]
    for level in HonorLevel:
        p = [r[0] for r in persons if r[1] == level.value]
        c = [r[0] for r in collectives if r[1] == level.value]
        person_label, collective_label = HONOR_LEVEL_LABELS[level]
        figures.append(_fig(f"honors.{level.value}·个人", person_label, len(p), U_ITEMS, HONOR, p))
        figures.append(_fig(f"honors.{level.value}·集体", collective_label, len(c), U_ITEMS, HONOR, c))
    by_category: dict[str, list[str]] = defaultdict(list)
    for hid, _level, category in [*persons, *collectives]:
        by_category[category].append(hid)
    categories = FigureGroup("honors_by_category", N_("先进典型按类别"), tuple(
        _fig(f"honors_by_category.{c}", c, len(ids), U_ITEMS, HONOR, ids)
        for c, ids in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0]))))
    return [FigureGroup("honors", N_("先进典型（按级别）"), tuple(figures)), categories]


# -- the registers ----------------------------------------------------------------------------------------------
def _deed_group(session: Session, unit_id: str, year: int) -> FigureGroup:
    first, last = _year_bounds(year)
    rows = session.execute(select(WorkerDeed.id, WorkerDeed.state, WorkerDeed.person_times, WorkerDeed.amount_fen,
                                  WorkerDeed.category)
                           .where(WorkerDeed.deleted.is_(False), WorkerDeed.deed_date >= first,
                                  WorkerDeed.deed_date <= last, in_subtree(WorkerDeed.unit_id, unit_id))).all()
    done = [r for r in rows if r[1] == DeedState.DONE.value]
    planned = [r[0] for r in rows if r[1] != DeedState.DONE.value]
    done_ids = [r[0] for r in done]
    paid = [r[0] for r in done if r[3]]
    # 救助 counts the relief categories only (困难帮扶, 医疗救助, 助学), not every deed's beneficiaries.
    relief = [r for r in done if r[4] in RELIEF_CATEGORIES]
    relief_ids = [r[0] for r in relief]
    return FigureGroup("deeds", N_("我为职工办实事"), (
        _fig("deeds.items", N_("办结实事"), len(done), U_DEEDS, DEED, done_ids),
        _fig("deeds.person_times", N_("惠及职工"), sum(r[2] for r in done), U_PERSON_TIMES, DEED, done_ids),
        _fig("deeds.amount_fen", N_("发放资金"), sum(r[3] for r in done), U_YUAN, DEED, paid),
        _fig("deeds.relief_person_times", N_("救助困难职工"), sum(r[2] for r in relief), U_PERSON_TIMES, DEED,
             relief_ids, N_("困难帮扶、医疗救助、助学类实事的受助人次")),
        _fig("deeds.relief_amount_fen", N_("发放救助资金"), sum(r[3] for r in relief), U_YUAN, DEED, relief_ids,
             N_("困难帮扶、医疗救助、助学类实事的金额")),
        _fig("deeds.planned", N_("计划中"), len(planned), U_DEEDS, DEED, planned),
    ), chart="none")


def _brand_group(session: Session, unit_id: str, year: int) -> FigureGroup:
    c = coverage_in(session, unit_id, year)
    without = [b for b in c.branch_ids if b not in set(c.branded_ids)]
    return FigureGroup("brands", N_("党建品牌"), (
        _fig("brands.branches", N_("党支部"), c.branches, U_COUNT, UNIT, c.branch_ids),
        _fig("brands.with_brand", N_("有品牌的支部"), len(c.branded_ids), U_COUNT, UNIT, c.branded_ids),
        _fig("brands.with_own_brand", N_("一支部一品牌"), len(c.own_ids), U_COUNT, UNIT, c.own_ids, N_("支部自己创建的品牌")),
        _fig("brands.without_brand", N_("尚无品牌的支部"), len(without), U_COUNT, UNIT, without),
        _fig("brands.brands", N_("品牌数"), len(c.brand_ids), U_COUNT, BRAND, c.brand_ids),
        _fig("brands.coverage", N_("品牌覆盖率"), c.coverage, "%", UNIT, c.branded_ids, N_("有品牌的支部 ÷ 党支部总数")),
        _fig("brands.own_share", N_("一支部一品牌占比"), c.own_share, "%", UNIT, c.own_ids, N_("有自有品牌的支部 ÷ 党支部总数")),
    ), chart="none")


def _innovation_group(session: Session, unit_id: str, year: int) -> FigureGroup:
    rows = session.execute(select(InnovationItem.id, InnovationItem.kind, InnovationItem.task_state,
                                  InnovationItem.award_level).where(
        InnovationItem.deleted.is_(False), InnovationItem.year == year,
        in_subtree(InnovationItem.unit_id, unit_id))).all()
    by_kind: dict[str, list[str]] = defaultdict(list)
    by_state: dict[str, list[str]] = defaultdict(list)
    by_level: dict[str, list[str]] = defaultdict(list)
    for iid, kind, state, level in rows:
        by_kind[kind].append(iid)
        if kind == InnovationKind.REFORM_TASK.value:
            by_state[state or TaskState.IDENTIFIED.value].append(iid)
        if level:
            by_level[level].append(iid)
    return FigureGroup("innovation", N_("改革创新"), (
        *(_fig(f"innovation.{k.value}", k.value, len(by_kind[k.value]), U_ITEMS, INNOVATION, by_kind[k.value])
          for k in InnovationKind),
        *(_fig(f"innovation.改革任务·{t.value}", t.value, len(by_state[t.value]), U_ITEMS, INNOVATION,
               by_state[t.value], N_("改革任务按进展")) for t in TaskState),
        *(_fig(f"innovation.获奖·{a.value}", a.value, len(by_level[a.value]), U_ITEMS, INNOVATION,
               by_level[a.value], N_("创新成果获奖级别")) for a in AwardLevel),
    ))


def _supervision_group(session: Session, unit_id: str, year: int, as_of: date) -> FigureGroup:
    first, _last = _year_bounds(year)
    t = SupervisionTask
    rows = session.execute(select(t.id, t.start_date, t.deadline, t.done_date).where(
        t.deleted.is_(False), t.start_date <= as_of, in_subtree(t.unit_id, unit_id),
        or_(t.start_date >= first, t.done_date.is_(None), t.done_date > as_of))).all()
    assigned = [r for r in rows if r[1] >= first]
    done = [r[0] for r in assigned if r[3] is not None and r[3] <= as_of]
    on_time = [r[0] for r in assigned if r[3] is not None and r[3] <= min(as_of, r[2])]
    still_open = [r for r in rows if r[3] is None or r[3] > as_of]
    overdue = [r[0] for r in still_open if r[2] < as_of]
    return FigureGroup("supervision", N_("13710督办"), (
        _fig("supervision.assigned", N_("交办事项"), len(assigned), U_DEEDS, TASK, [r[0] for r in assigned],
             N_("交办日期在本年度的督办事项")),
        _fig("supervision.done", N_("已办结"), len(done), U_DEEDS, TASK, done),
        _fig("supervision.on_time", N_("按时办结"), len(on_time), U_DEEDS, TASK, on_time, N_("办结日期不晚于办结时限")),
        _fig("supervision.on_time_rate", N_("按时办结率"), _ratio(len(on_time), len(done)), "%", TASK, on_time,
             N_("按时办结 ÷ 已办结")),
        _fig("supervision.open", N_("未办结"), len(still_open), U_DEEDS, TASK, [r[0] for r in still_open],
             N_("统计截止日仍未办结的事项（含往年交办）")),
        _fig("supervision.overdue", N_("逾期未办结"), len(overdue), U_DEEDS, TASK, overdue,
             N_("统计截止日已过办结时限仍未办结")),
    ), chart="none")


def _zone_group(session: Session, unit_id: str, as_of: date, people: list) -> FigureGroup:
    rows = session.execute(select(ResponsibilityZone.id, ResponsibilityZone.person_id).where(
        ResponsibilityZone.deleted.is_(False), in_subtree(ResponsibilityZone.unit_id, unit_id),
        or_(ResponsibilityZone.start_date.is_(None), ResponsibilityZone.start_date <= as_of),
        or_(ResponsibilityZone.end_date.is_(None), ResponsibilityZone.end_date >= as_of))).all()
    members = {p[0] for p in people if p[1] in MEMBER_STATUSES}
    holders = sorted({r[1] for r in rows if r[1] in members})
    return FigureGroup("zones", N_("党员责任区"), (
        _fig("zones.zones", N_("责任区"), len(rows), U_COUNT, ZONE, [r[0] for r in rows], N_("统计日在期的责任区")),
        _fig("zones.members", N_("认领责任区的党员"), len(holders), U_PEOPLE, PERSON, holders),
        _fig("zones.member_share", N_("党员认领率"), _ratio(len(holders), len(members)), "%", PERSON, holders),
    ), chart="none")


POST_KIND_LABELS = {PostKind.MODEL: N_("党员示范岗"), PostKind.VANGUARD: N_("党员先锋岗"),
                    PostKind.COMMANDO: N_("党员突击队"), PostKind.SAFETY: N_("党员安全监督岗")}


def _post_group(session: Session, unit_id: str, as_of: date, people: list, units: dict) -> FigureGroup:
    """亮明身份 on `as_of`: posts hung by kind, party members on them, and the share of 一线 members (members of
    branches domain.posts.is_front_line names 一线) who stand on a post."""
    # Posts and their members read whole and kept in the subtree here (a few thousand rows): the nested subtree
    # subqueries cost more than the rows.
    subtree = {u for u, v in units.items() if v[1].startswith(units[unit_id][1])}
    posts = [(r[0], r[1]) for r in session.execute(select(IdentityPost.id, IdentityPost.kind, IdentityPost.unit_id).where(
        IdentityPost.deleted.is_(False), IdentityPost.listed_on <= as_of,
        or_(IdentityPost.delisted_on.is_(None), IdentityPost.delisted_on > as_of))) if r[2] in subtree]
    hung = {r[0] for r in posts}
    on_posts = {r[1] for r in session.execute(select(IdentityPostMember.post_id, IdentityPostMember.person_id).where(
        IdentityPostMember.deleted.is_(False), IdentityPostMember.person_id.is_not(None)))
        if r[0] in hung and r[1] is not None}
    members = {p[0] for p in people if p[1] in MEMBER_STATUSES}
    # Judged once per branch, not per member: the name test was a third of a 5-year period's time.
    front_branches = {b for b in {p[5] for p in people} if b in units and is_front_line(units[b][0])}
    front = {p[0] for p in people if p[1] in MEMBER_STATUSES and p[5] in front_branches}
    standing = sorted(on_posts & members)
    front_standing = sorted(on_posts & front)
    by_kind: defaultdict[str, int] = defaultdict(int)
    for _id, kind in posts:
        by_kind[kind] += 1
    return FigureGroup("posts", N_("亮明身份（示范岗、先锋岗、突击队）"), (
        _fig("posts.posts", N_("挂牌岗位"), len(posts), U_COUNT, None, (), N_("统计日挂牌的示范岗、先锋岗、突击队等")),
        *(_fig(f"posts.{kind.name.lower()}", label, by_kind[kind.value], U_COUNT, None)
          for kind, label in POST_KIND_LABELS.items()),
        _fig("posts.members", N_("在岗党员"), len(standing), U_PEOPLE, PERSON, standing),
        _fig("posts.front_line_members", N_("一线党员"), len(front), U_PEOPLE, PERSON, sorted(front),
             N_("生产队、车间、厂、工程处党支部的党员")),
        _fig("posts.front_line_share", N_("一线党员上岗率"), _ratio(len(front_standing), len(front)), "%", PERSON,
             front_standing),
    ), chart="none")


def _standards_groups(session: Session, units: dict, root_path: str, year: int) -> list[FigureGroup]:
    """党支部标准化建设 of the year: the subtree's branches, those that assessed themselves, and the committee's word
    (示范, 达标, 未达标); 覆盖率 = branches accepted (达标 or 示范) ÷ branches; then the 覆盖率 of each 党委."""
    branches = sorted(u for u, v in units.items() if v[2] == UnitKind.BRANCH.value and v[1].startswith(root_path))
    a, c = StandardAssessment, StandardAcceptance
    rows = session.execute(
        select(a.branch_id, c.result)
        .outerjoin(c, (c.assessment_id == a.id) & c.deleted.is_(False))
        .where(a.deleted.is_(False), a.year == year, a.branch_id.in_(select(OrgUnit.id).where(
            OrgUnit.deleted.is_(False), OrgUnit.path.startswith(root_path, autoescape=False))))).all()
    assessed = sorted({r[0] for r in rows})
    by_result: defaultdict[str, list[str]] = defaultdict(list)
    for branch, result in rows:
        if result:
            by_result[result].append(branch)
    model, passed = sorted(by_result[Result.MODEL.value]), sorted(by_result[Result.PASSED.value])
    failed = sorted(by_result[Result.FAILED.value])
    accepted = sorted(model + passed)
    summary = FigureGroup("standards", N_("党支部标准化建设"), (
        _fig("standards.branches", N_("党支部"), len(branches), U_COUNT, UNIT, branches),
        _fig("standards.assessed", N_("完成自评"), len(assessed), U_COUNT, UNIT, assessed,
             N_("本年度有标准化建设自评的党支部")),
        _fig("standards.accepted", N_("通过验收"), len(accepted), U_COUNT, UNIT, accepted,
             N_("上级党委验收为达标或示范")),
        _fig("standards.model", N_("示范党支部"), len(model), U_COUNT, UNIT, model),
        _fig("standards.passed", N_("达标党支部"), len(passed), U_COUNT, UNIT, passed, N_("验收为达标（不含示范）")),
        _fig("standards.failed", N_("验收未达标"), len(failed), U_COUNT, UNIT, failed),
        _fig("standards.coverage", N_("标准化建设覆盖率"), _ratio(len(accepted), len(branches)), "%", UNIT, accepted,
             N_("通过验收的党支部 ÷ 党支部总数")),
    ), chart="none")
    return [summary, _standards_by_committee(units, branches, set(assessed), by_result)]


def _standards_by_committee(units: dict, branches: list[str], assessed: set[str],
                            by_result: dict[str, list[str]]) -> FigureGroup:
    """Each 党委 of the subtree (the nearest 基层党委 or 集团党委 above a branch): the share of its branches
    accepted, with its counts in the note."""
    result_of = {b: result for result, ids in by_result.items() for b in ids}
    per: dict[str, list[str]] = defaultdict(list)
    for branch in branches:
        parent = units[branch][3]
        while parent in units and units[parent][2] not in (UnitKind.COMMITTEE.value, UnitKind.GROUP_COMMITTEE.value):
            parent = units[parent][3]
        per[parent if parent in units else branch].append(branch)
    figures = []
    for committee in sorted(per, key=lambda u: units[u][1]):
        own = per[committee]
        states = [result_of.get(b) for b in own]
        accepted = sorted(b for b in own if result_of.get(b) in (Result.MODEL.value, Result.PASSED.value))
        note = (f"党支部{len(own)}个，完成自评{sum(b in assessed for b in own)}个，示范{states.count(Result.MODEL.value)}个，"
                f"达标{states.count(Result.PASSED.value)}个，未达标{states.count(Result.FAILED.value)}个")
        figures.append(_fig(f"standards_by_committee.{units[committee][0]}", units[committee][0],
                            _ratio(len(accepted), len(own)), "%", UNIT, accepted, note))
    return FigureGroup("standards_by_committee", N_("标准化建设覆盖率（按党委）"), tuple(figures), chart="none")
