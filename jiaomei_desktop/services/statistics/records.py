"""Click-through: the records behind a figure, as a small table of text for a dialog or a sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import (
    BranchBrand,
    Honor,
    InnovationItem,
    MentorPair,
    OrgUnit,
    Person,
    ResponsibilityZone,
    StudySession,
    WorkerDeed,
)
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent
from jiaomei_desktop.db.models.studio import InnovationStudio
from jiaomei_desktop.db.models.supervision import SupervisionTask
from jiaomei_desktop.domain.registers import format_yuan
from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.services.statistics import model
from jiaomei_desktop.services.statistics.inspection_figures import INSPECTION, INSPECTION_COLUMNS, inspection_records
from jiaomei_desktop.services.statistics.model import Figure
from jiaomei_desktop.services.store import Store

CHUNK = 500  # ids per IN (...): well under SQLite's variable limit


@dataclass(frozen=True)
class RecordList:
    title: str
    columns: tuple[str, ...]
    ids: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def _d(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))


def _people(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(Person.id, Person.name, Person.gender, Person.birth_date, Person.education,
                   Person.political_status, OrgUnit.name, Person.name_sort)
            .join(OrgUnit, OrgUnit.id == Person.branch_id).where(Person.id.in_(ids)))
    return [(r[0], (r[1], r[2] or "", _d(r[3]), r[4] or "", r[5], r[6]), r[7]) for r in session.execute(stmt)]


def _sessions(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(StudySession.id, StudySession.session_date, StudySession.kind, StudySession.topic, OrgUnit.name,
                   StudySession.hours).join(OrgUnit, OrgUnit.id == StudySession.unit_id)
            .where(StudySession.id.in_(ids)))
    return [(r[0], (_d(r[1]), r[2], r[3], r[4], f"{r[5]:g}"), _d(r[1])) for r in session.execute(stmt)]


def _pairs(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    mentor, mentee = aliased(Person), aliased(Person)
    stmt = (select(MentorPair.id, mentor.name, mentee.name, OrgUnit.name, MentorPair.trade, MentorPair.start_date,
                   MentorPair.state)
            .join(mentor, mentor.id == MentorPair.mentor_id).join(mentee, mentee.id == MentorPair.mentee_id)
            .join(OrgUnit, OrgUnit.id == MentorPair.unit_id).where(MentorPair.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], r[4] or "", _d(r[5]), r[6]), _d(r[5])) for r in session.execute(stmt)]


def _honors(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    subject_unit = aliased(OrgUnit)
    stmt = (select(Honor.id, Person.name, func.coalesce(Honor.collective_name, subject_unit.name), Honor.title,
                   Honor.category, Honor.level, Honor.award_date)
            .outerjoin(Person, Person.id == Honor.person_id).outerjoin(subject_unit, subject_unit.id == Honor.unit_id)
            .where(Honor.id.in_(ids)))
    return [(r[0], (r[1] or r[2] or "", _("个人") if r[1] else _("集体"), r[3], r[4], r[5], _d(r[6])), _d(r[6]))
            for r in session.execute(stmt)]


def _deeds(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(WorkerDeed.id, WorkerDeed.deed_date, WorkerDeed.item, OrgUnit.name, WorkerDeed.category,
                   WorkerDeed.person_times, WorkerDeed.amount_fen, WorkerDeed.state)
            .join(OrgUnit, OrgUnit.id == WorkerDeed.unit_id).where(WorkerDeed.id.in_(ids)))
    return [(r[0], (_d(r[1]), r[2], r[3], r[4], str(r[5]), format_yuan(r[6]), r[7]), _d(r[1]))
            for r in session.execute(stmt)]


def _brands(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(BranchBrand.id, OrgUnit.name, BranchBrand.name, BranchBrand.year, BranchBrand.own_brand,
                   OrgUnit.path).join(OrgUnit, OrgUnit.id == BranchBrand.unit_id).where(BranchBrand.id.in_(ids)))
    return [(r[0], (r[1], r[2], str(r[3]), _("是") if r[4] else _("否（共享品牌）")), r[5]) for r in session.execute(stmt)]


def _innovation(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(InnovationItem.id, InnovationItem.kind, InnovationItem.title, OrgUnit.name, InnovationItem.year,
                   InnovationItem.people, OrgUnit.path)
            .join(OrgUnit, OrgUnit.id == InnovationItem.unit_id).where(InnovationItem.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], str(r[4]), r[5] or ""), f"{r[1]}{r[6]}") for r in session.execute(stmt)]


def _units(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    parent = aliased(OrgUnit)
    stmt = (select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, parent.name, OrgUnit.path)
            .outerjoin(parent, parent.id == OrgUnit.parent_id).where(OrgUnit.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], r[4] or ""), r[5]) for r in session.execute(stmt)]


def _zones(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    stmt = (select(ResponsibilityZone.id, Person.name, ResponsibilityZone.zone_name, ResponsibilityZone.kind,
                   OrgUnit.name, Person.name_sort)
            .join(Person, Person.id == ResponsibilityZone.person_id)
            .join(OrgUnit, OrgUnit.id == ResponsibilityZone.unit_id).where(ResponsibilityZone.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], r[4]), r[5]) for r in session.execute(stmt)]


def _tasks(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    t = SupervisionTask
    stmt = (select(t.id, t.start_date, t.title, OrgUnit.name, t.deadline, t.done_date)
            .join(OrgUnit, OrgUnit.id == t.unit_id).where(t.id.in_(ids)))
    return [(r[0], (_d(r[1]), r[2], r[3], _d(r[4]), _d(r[5]) if r[5] else ""), _d(r[1]))
            for r in session.execute(stmt)]


def _studios(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    s, leader = InnovationStudio, aliased(Person)
    stmt = (select(s.id, s.name, s.kind, s.level, OrgUnit.name, leader.name, s.founded_on, s.alliance, OrgUnit.path)
            .join(OrgUnit, OrgUnit.id == s.unit_id).join(leader, leader.id == s.leader_id).where(s.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], r[4], r[5], _d(r[6]), r[7] or ""), f"{r[8]}{r[1]}")
            for r in session.execute(stmt)]


def _contests(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    e = ContestEvent
    stmt = (select(e.id, e.event_date, e.name, e.trade, e.level, OrgUnit.name).join(OrgUnit, OrgUnit.id == e.unit_id)
            .where(e.id.in_(ids)))
    return [(r[0], (_d(r[1]), r[2], r[3], r[4], r[5]), _d(r[1])) for r in session.execute(stmt)]


def _entrants(session: Session, ids: list[str]) -> list[tuple[str, tuple[str, ...], str]]:
    x, e = ContestEntrant, ContestEvent
    stmt = (select(x.id, x.name, OrgUnit.name, e.name, e.event_date, x.score, x.placing)
            .join(e, e.id == x.event_id).join(OrgUnit, OrgUnit.id == x.unit_id).where(x.id.in_(ids)))
    return [(r[0], (r[1], r[2], r[3], _d(r[4]), "" if r[5] is None else f"{r[5]:g}", _d(r[6])),
             f"{_d(r[4])}{r[3]}{r[6] or 999:03d}") for r in session.execute(stmt)]


Fetch = Callable[[Session, list[str]], list[tuple[str, tuple[str, ...], str]]]
DESCRIBERS: dict[str, tuple[tuple[str, ...], Fetch, bool]] = {
    # table: (columns, fetch -> (id, cells, sort key), newest first?); the records dialog translates the columns
    model.PERSON: ((N_("姓名"), N_("性别"), N_("出生日期"), N_("学历"), N_("政治面貌"), N_("所在支部")), _people, False),
    model.SESSION: ((N_("日期"), N_("类别"), N_("主题"), N_("单位"), N_("学时")), _sessions, True),
    model.PAIR: ((N_("师傅"), N_("徒弟"), N_("单位"), N_("工种"), N_("开始日期"), N_("状态")), _pairs, True),
    model.HONOR: ((N_("对象"), N_("个人/集体"), N_("荣誉称号"), N_("类别"), N_("级别"), N_("日期")), _honors, True),
    model.DEED: ((N_("日期"), N_("实事内容"), N_("单位"), N_("类别"), N_("受益人次"), N_("金额（元）"), N_("状态")), _deeds, True),
    model.BRAND: ((N_("党支部"), N_("品牌名称"), N_("创建年度"), N_("一支部一品牌")), _brands, False),
    model.INNOVATION: ((N_("类别"), N_("名称"), N_("单位"), N_("年度"), N_("完成人")), _innovation, False),
    model.UNIT: ((N_("代码"), N_("名称"), N_("类别"), N_("上级单位")), _units, False),
    model.ZONE: ((N_("责任人"), N_("责任区"), N_("类别"), N_("单位")), _zones, False),
    model.TASK: ((N_("交办日期"), N_("事项名称"), N_("责任单位"), N_("办结时限"), N_("办结日期")), _tasks, True),
    INSPECTION: (INSPECTION_COLUMNS, inspection_records, True),
    model.STUDIO: ((N_("工作室名称"), N_("类别"), N_("级别"), N_("单位"), N_("领衔人"), N_("成立日期"), N_("联盟")),
                   _studios, False),
    model.CONTEST: ((N_("日期"), N_("比武名称"), N_("工种"), N_("主办级别"), N_("单位")), _contests, True),
    model.ENTRANT: ((N_("姓名"), N_("单位"), N_("比武名称"), N_("日期"), N_("成绩"), N_("名次")), _entrants, False),
}


def records_behind(store: Store, figure: Figure) -> RecordList:
    """The records a figure counts, sorted for reading (dated records newest first)."""
    if figure.table is None or figure.table not in DESCRIBERS:
        return RecordList(figure.label, (), (), ())
    columns, fetch, newest_first = DESCRIBERS[figure.table]
    found: list[tuple[str, tuple[str, ...], str]] = []
    with store.reading() as session:
        for chunk in _chunks(list(dict.fromkeys(figure.ids))):
            found.extend(fetch(session, chunk))
    found.sort(key=lambda r: r[2], reverse=newest_first)
    return RecordList(figure.label, columns, tuple(r[0] for r in found), tuple(r[1] for r in found))
