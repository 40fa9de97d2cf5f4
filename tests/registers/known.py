"""A small store whose true figures for 2025 are known by construction (see EXPECTED)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jiaomei_desktop.domain.enums import (
    AttendanceStatus,
    DevelopmentStage,
    Gender,
    MembershipState,
    PoliticalStatus,
    UnitKind,
)
from jiaomei_desktop.domain.honor import HonorData
from jiaomei_desktop.domain.mentor import PairData
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.domain.registers import DeedState, InnovationKind
from jiaomei_desktop.services import brands, deeds, honors, innovation, mentor, org, roster, zones
from jiaomei_desktop.services.membership import ChangeRequest, change_membership
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study import AttendanceEntry, SessionData, delete_session, save_session
from tests.conftest import unit_id

TODAY = date(2026, 11, 23)
YEAR = 2025

EXPECTED: dict[str, int | float] = {
    "members.total": 6, "members.full": 5, "members.probationary": 1, "members.female": 2,
    "members.age_35_under": 3, "members.college": 4,
    "by_status.正式党员": 5, "by_status.预备党员": 1, "by_status.共青团员": 0, "by_status.群众": 2,
    "development.入党申请人": 0, "development.入党积极分子": 1, "development.发展对象": 0,
    "by_age.35岁及以下": 3, "by_age.36至45岁": 1, "by_age.46至55岁": 1, "by_age.56岁及以上": 1,
    "by_education.大学本科": 2, "by_education.大学专科": 1, "by_education.研究生": 1, "by_education.高中": 1,
    "by_education.中专": 1, "by_gender.男": 4, "by_gender.女": 2,
    "by_unit.综采一队党支部": 4, "by_unit.掘进二队党支部": 2, "by_unit.机关党支部": 0,
    "study.sessions": 3, "study.three_meetings": 2, "study.central_group": 1, "study.hours": 5.0,
    "study.member_hours": 1.7,  # (1+2) + (1+2) + 2 + 2 = 10 hours attended by 6 members
    "mentor.total": 2, "mentor.进行中": 1, "mentor.已出师": 1, "mentor.终止": 0, "mentor.started": 1,
    "mentor.graduated": 1,
    "honors.persons": 2, "honors.collectives": 1, "honors.集团级·个人": 1, "honors.省部级·个人": 1,
    "honors.矿级·集体": 1, "honors.国家级·个人": 0,
    "honors_by_category.优秀共产党员": 1, "honors_by_category.劳动模范": 1, "honors_by_category.先进集体": 1,
    "deeds.items": 3, "deeds.person_times": 130, "deeds.amount_fen": 1_734_567, "deeds.planned": 1,
    "brands.branches": 3, "brands.with_brand": 2, "brands.with_own_brand": 1, "brands.brands": 2,
    "brands.without_brand": 1,
    "innovation.改革任务": 2, "innovation.技术创新项目": 1, "innovation.群众性创新成果": 3,
    "innovation.实用新型专利": 1, "innovation.发明专利": 0, "innovation.获奖": 1,
    "zones.zones": 1, "zones.members": 1,
}
EXPECTED_RATIOS = {"brands.coverage": 2 / 3, "brands.own_share": 1 / 3, "members.female_share": 2 / 6,
                   "zones.member_share": 1 / 6}


@dataclass
class Known:
    root: str
    b1: str
    b2: str
    b3: str
    people: dict[str, str] = field(default_factory=dict)


def _person(store: Store, k: Known, key: str, name: str, branch: str, status: PoliticalStatus, gender: Gender,
            birth: date, education: str | None, stage: DevelopmentStage | None = None) -> None:
    member = status.is_member
    k.people[key] = roster.save_person(store, PersonData(
        name=name, branch_id=branch, political_status=status, gender=gender, birth_date=birth, education=education,
        development_stage=stage,
        join_date=(date(2015, 7, 1) if status is PoliticalStatus.FULL_MEMBER else date(2025, 7, 1)) if member else None,
        full_member_date=date(2016, 7, 1) if status is PoliticalStatus.FULL_MEMBER else None), today=TODAY)


def build_known(store: Store) -> Known:
    root, b1, b2 = unit_id(store, "T"), unit_id(store, "T-01"), unit_id(store, "T-02")
    b3 = org.add_unit(store, root, "T-03", "机关党支部", UnitKind.BRANCH).id
    k = Known(root, b1, b2, b3)
    full, prob = PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY
    male, female = Gender.MALE, Gender.FEMALE
    _person(store, k, "A", "王建国", b1, full, male, date(1985, 3, 4), "大学本科")  # 40
    _person(store, k, "B", "李明", b1, full, male, date(1995, 6, 1), "大学专科")  # 30
    _person(store, k, "C", "张丽", b1, prob, female, date(1999, 12, 31), "高中")  # 26
    _person(store, k, "D", "刘洋", b1, full, male, date(1968, 1, 1), "中专")  # 57
    _person(store, k, "E", "孙强", b1, PoliticalStatus.MASSES, male, date(1998, 2, 2), "高中",
            DevelopmentStage.ACTIVIST)
    _person(store, k, "F", "陈静", b2, full, female, date(1975, 5, 5), "研究生")  # 50
    _person(store, k, "G", "周杰", b2, full, male, date(1990, 12, 31), "大学本科")  # 35 on 2025-12-31
    _person(store, k, "H", "吴刚", b2, PoliticalStatus.MASSES, male, date(2000, 1, 1), "初中")
    _person(store, k, "I", "郑华", b2, full, male, date(1980, 1, 1), "大学本科")  # transferred out: not counted
    change_membership(store, ChangeRequest(k.people["I"], MembershipState.TRANSFERRED_OUT, date(2025, 3, 1),
                                           to_unit_name="外单位党委"), today=TODAY)
    _study(store, k)
    _mentor(store, k)
    _honors(store, k)
    _registers(store, k)
    return k


def _att(k: Known, present: str, absent: str = "") -> tuple[AttendanceEntry, ...]:
    return (*(AttendanceEntry(k.people[p]) for p in present),
            *(AttendanceEntry(k.people[p], AttendanceStatus.ABSENT, "病假") for p in absent))


def _study(store: Store, k: Known) -> None:
    def session(unit: str, kind: str, day: date, hours: float, attendance: tuple[AttendanceEntry, ...]) -> str:
        return save_session(store, SessionData(unit_id=unit, kind=kind, session_date=day, topic=f"{kind}学习",
                                               hours=hours, attendance=attendance), today=TODAY)

    session(k.b1, "支委会", date(2025, 3, 10), 1.0, _att(k, "AB", "C"))
    session(k.b1, "党课", date(2025, 6, 1), 2.0, _att(k, "ABC", "D"))
    session(k.b2, "中心组学习", date(2025, 4, 1), 2.0, _att(k, "F"))
    session(k.b1, "党课", date(2024, 6, 1), 2.0, _att(k, "ABCD"))  # another year
    gone = session(k.b2, "党课", date(2025, 7, 1), 2.0, _att(k, "FG"))
    delete_session(store, gone)


def _mentor(store: Store, k: Known) -> None:
    mentor.create_pair(store, PairData(k.people["A"], k.people["E"], date(2025, 2, 1), date(2026, 2, 1),
                                       trade="采煤机司机"), today=TODAY)
    done = mentor.create_pair(store, PairData(k.people["G"], k.people["H"], date(2024, 3, 1), date(2025, 3, 1),
                                              trade="掘进机司机"), today=TODAY)
    mentor.complete_pair(store, done, date(2025, 9, 1), "考核合格，同意出师。", today=TODAY)


# The awarding body sets the level (domain.honor.level_of_body).
BODIES = {"集团级": "焦煤集团党委", "省部级": "省总工会", "矿级": "测试矿党委"}


def _honors(store: Store, k: Known) -> None:
    def honour(title: str, category: str, level: str, day: date, person: str | None = None,
               unit: str | None = None) -> None:
        honors.save_honor(store, HonorData(title=title, category=category, level=level, award_date=day,
                                           person_id=k.people[person] if person else None, unit_id=unit,
                                           awarding_body=BODIES[level]), today=TODAY)

    honour("优秀共产党员", "优秀共产党员", "集团级", date(2025, 7, 1), person="A")
    honour("劳动模范", "劳动模范", "省部级", date(2025, 4, 28), person="F")
    honour("先进集体", "先进集体", "矿级", date(2025, 7, 1), unit=k.b1)
    honour("优秀共产党员", "优秀共产党员", "集团级", date(2024, 7, 1), person="A")  # another year


def _registers(store: Store, k: Known) -> None:
    def deed(unit: str, day: date, people: int, fen: int, state: str = DeedState.DONE.value) -> str:
        return deeds.save_deed(store, deeds.DeedData(item="走访慰问困难职工", unit_id=unit, deed_date=day,
                                                     person_times=people, amount_fen=fen, state=state), today=TODAY)

    deed(k.b1, date(2025, 2, 1), 10, 500_000)
    deed(k.b2, date(2025, 5, 5), 20, 1_234_567)
    deed(k.root, date(2025, 8, 8), 100, 0)
    deed(k.b1, date(2025, 12, 20), 5, 100_000, DeedState.PLANNED.value)
    deed(k.b1, date(2024, 2, 1), 50, 900_000)  # another year
    deeds.delete_deed(store, deed(k.b2, date(2025, 6, 6), 7, 700))
    brands.save_brand(store, brands.BrandData(k.b1, "“乌金先锋”", 2020, own_brand=True), today=TODAY)
    brands.save_brand(store, brands.BrandData(k.b2, "“测试矿先锋”", 2025, own_brand=False), today=TODAY)
    brands.save_brand(store, brands.BrandData(k.b3, "“机关红”", 2026, own_brand=True), today=TODAY)
    for kind, n in ((InnovationKind.REFORM_TASK, 2), (InnovationKind.TECH_PROJECT, 1),
                    (InnovationKind.MASS_RESULT, 3), (InnovationKind.UTILITY_PATENT, 1), (InnovationKind.AWARD, 1)):
        for i in range(n):
            innovation.save_item(store, innovation.InnovationData(
                kind.value, f"{kind.value}{i + 1}", k.root if kind is InnovationKind.REFORM_TASK else k.b1, YEAR,
                people="王建国、李明"), today=TODAY)
    innovation.save_item(store, innovation.InnovationData(InnovationKind.INVENTION_PATENT.value, "一种装置", k.b2,
                                                          2024), today=TODAY)
    zones.save_zone(store, zones.ZoneData(k.people["A"], "8101工作面安全责任区", place="8101工作面",
                                          scope_people="本班12名职工", scope_equipment="采煤机、刮板输送机",
                                          duties="带头遵章守纪\n每班巡查隐患", start_date=date(2025, 1, 1)))
    zones.save_zone(store, zones.ZoneData(k.people["B"], "运输巷责任区", start_date=date(2024, 1, 1),
                                          end_date=date(2025, 6, 30)))
    zones.save_zone(store, zones.ZoneData(k.people["F"], "机房责任区", start_date=date(2026, 1, 1)))
