"""Figures of the 创新工作室 and 技术比武 registers for the dashboard (statistics.figures adds their groups).

Counting rules (the report's sentences rely on them):
- 创新工作室: studios of the subtree working on `as_of` (founded by then, not closed), by kind and by level; those
  founded in the year (closed since or not: the period report adds them up as "先后新建"); their
  members (distinct roster people on those teams); those in an alliance by `as_of`, per alliance; and the output
  of the year: innovation entries dated in the year that name a studio of the subtree — 技术创新项目 and
  群众性创新成果 (results), 专利 (实用新型 and 发明), 获奖 by award level.
- 技术比武: events of the subtree dated in the year up to `as_of` (one planned for later is not yet held); entrants (one per result line, 人次); winners (placings 1 to the
  event's winner places) and party members among them (正式 and 预备, read from the roster); winners granted an
  honour in the gallery (still there), per honour category.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import Honor, InnovationItem, Person
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent
from jiaomei_desktop.db.models.studio import InnovationStudio, InnovationStudioMember
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.registers import AwardLevel, InnovationKind
from jiaomei_desktop.domain.studios import PATENT_KINDS, RESULT_KINDS, StudioKind, StudioLevel
from jiaomei_desktop.i18n import N_
from jiaomei_desktop.services.register_common import in_subtree
from jiaomei_desktop.services.statistics.model import (
    CONTEST,
    ENTRANT,
    HONOR,
    INNOVATION,
    PERSON,
    STUDIO,
    Figure,
    FigureGroup,
)

U_COUNT, U_PEOPLE, U_ITEMS, U_TIMES, U_PERSON_TIMES = N_("个"), N_("人"), N_("项"), N_("场"), N_("人次")
_MEMBER = (PoliticalStatus.FULL_MEMBER.value, PoliticalStatus.PROBATIONARY.value)
ALLIANCE_PREFIX = "联盟·"  # studios.联盟·<name>: studios in that alliance
AWARD_PREFIX = "获奖·"  # studios.获奖·<level>: awards of the studios' output by level
HONOURED_PREFIX = "honoured·"  # contests.honoured·<category>: winners granted that honour


def _fig(
    key: str, label: str, value: int, unit: str, table: str | None, ids: Iterable[str] = (), note: str = ""
) -> Figure:
    return Figure(key, label, value, unit, table, tuple(ids), note)


def studio_groups(session: Session, unit_id: str, year: int, as_of: date) -> list[FigureGroup]:
    s = InnovationStudio
    rows = session.execute(
        select(s.id, s.kind, s.level, s.alliance, s.alliance_joined_on).where(
            s.deleted.is_(False),
            in_subtree(s.unit_id, unit_id),
            s.founded_on <= as_of,
            or_(s.closed_on.is_(None), s.closed_on > as_of),
        )
    ).all()
    working = [r[0] for r in rows]
    by_kind: dict[str, list[str]] = defaultdict(list)
    by_level: dict[str, list[str]] = defaultdict(list)
    by_alliance: dict[str, list[str]] = defaultdict(list)
    for sid, kind, level, alliance, joined in rows:
        by_kind[kind].append(sid)
        by_level[level].append(sid)
        if alliance and joined is not None and joined <= as_of:
            by_alliance[alliance].append(sid)
    in_alliance = [sid for ids in by_alliance.values() for sid in ids]
    founded = list(
        session.scalars(
            select(s.id).where(
                s.deleted.is_(False),
                in_subtree(s.unit_id, unit_id),
                s.founded_on >= date(year, 1, 1),
                s.founded_on <= min(date(year, 12, 31), as_of),
            )
        )
    )
    m = InnovationStudioMember
    team = sorted(set(session.scalars(select(m.person_id).where(m.deleted.is_(False), m.studio_id.in_(working)))))
    i = InnovationItem
    output = session.execute(
        select(i.id, i.kind, i.award_level).where(
            i.deleted.is_(False),
            i.year == year,
            i.studio_id.in_(select(s.id).where(s.deleted.is_(False), in_subtree(s.unit_id, unit_id))),
        )
    ).all()
    results = [r[0] for r in output if r[1] in RESULT_KINDS]
    patents = [r[0] for r in output if r[1] in PATENT_KINDS]
    awards = [r[0] for r in output if r[1] == InnovationKind.AWARD.value]
    award_levels: dict[str, list[str]] = defaultdict(list)
    for iid, _kind, award_level in output:
        if award_level:
            award_levels[award_level].append(iid)
    summary = FigureGroup(
        "studios",
        N_("创新工作室"),
        (
            _fig(
                "studios.studios", N_("创新工作室"), len(working), U_COUNT, STUDIO, working, N_("统计日在运行的工作室")
            ),
            _fig("studios.members", N_("工作室成员"), len(team), U_PEOPLE, PERSON, team),
            _fig(
                "studios.founded", N_("本年新建"), len(founded), U_COUNT, STUDIO, founded, N_("成立日期在本年度")
            ),
            _fig("studios.alliance", N_("加入联盟的工作室"), len(in_alliance), U_COUNT, STUDIO, in_alliance),
            *(
                _fig(f"studios.{ALLIANCE_PREFIX}{name}", name, len(ids), U_COUNT, STUDIO, ids)
                for name, ids in sorted(by_alliance.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ),
            _fig(
                "studios.results",
                N_("本年项目与成果"),
                len(results),
                U_ITEMS,
                INNOVATION,
                results,
                N_("工作室本年的技术创新项目和群众性创新成果"),
            ),
            _fig(
                "studios.patents",
                N_("本年专利"),
                len(patents),
                U_ITEMS,
                INNOVATION,
                patents,
                N_("实用新型专利和发明专利"),
            ),
            _fig("studios.awards", N_("本年获奖"), len(awards), U_ITEMS, INNOVATION, awards),
            *(
                _fig(
                    f"studios.{AWARD_PREFIX}{a.value}",
                    a.value,
                    len(award_levels[a.value]),
                    U_ITEMS,
                    INNOVATION,
                    award_levels[a.value],
                    N_("工作室成果获奖级别"),
                )
                for a in AwardLevel
            ),
        ),
        chart="none",
    )
    kinds = FigureGroup(
        "studios_by_kind",
        N_("创新工作室按类别"),
        tuple(
            _fig(f"studios_by_kind.{k.value}", k.value, len(by_kind[k.value]), U_COUNT, STUDIO, by_kind[k.value])
            for k in StudioKind
        ),
    )
    levels = FigureGroup(
        "studios_by_level",
        N_("创新工作室按级别"),
        tuple(
            _fig(f"studios_by_level.{v.value}", v.value, len(by_level[v.value]), U_COUNT, STUDIO, by_level[v.value])
            for v in reversed(StudioLevel)
        ),
    )
    return [summary, kinds, levels]


def contest_group(session: Session, unit_id: str, year: int, as_of: date) -> FigureGroup:
    e, x = ContestEvent, ContestEntrant
    # Held by `as_of`: an event planned for later in the running year is not yet one the report may count.
    events = list(
        session.scalars(
            select(e.id).where(
                e.deleted.is_(False),
                in_subtree(e.unit_id, unit_id),
                e.event_date >= date(year, 1, 1),
                e.event_date <= min(date(year, 12, 31), as_of),
            )
        )
    )
    rows = session.execute(
        select(x.id, x.placing, e.winner_places, Person.political_status, x.honor_id, Honor.category, Honor.deleted)
        .join(e, e.id == x.event_id)
        .outerjoin(Person, Person.id == x.person_id)
        .outerjoin(Honor, Honor.id == x.honor_id)
        .where(x.deleted.is_(False), x.event_id.in_(events))
    ).all()
    entrants = [r[0] for r in rows]
    won = [r for r in rows if r[1] is not None and 1 <= r[1] <= r[2]]
    winners = [r[0] for r in won]
    member_winners = [r[0] for r in won if r[3] in _MEMBER]
    by_category: dict[str, list[str]] = defaultdict(list)
    for r in won:
        if r[4] and r[6] is not None and not r[6]:  # an honour still in the gallery
            by_category[r[5]].append(r[4])
    honoured = [hid for ids in by_category.values() for hid in ids]
    return FigureGroup(
        "contests",
        N_("技术比武"),
        (
            _fig(
                "contests.events",
                N_("举办比武"),
                len(events),
                U_TIMES,
                CONTEST,
                events,
                N_("比武日期在本年度，不晚于统计日"),
            ),
            _fig("contests.entrants", N_("参赛"), len(entrants), U_PERSON_TIMES, ENTRANT, entrants),
            _fig(
                "contests.winners",
                N_("获奖"),
                len(winners),
                U_PERSON_TIMES,
                ENTRANT,
                winners,
                N_("名次在该比武获奖名次以内"),
            ),
            _fig(
                "contests.member_winners", N_("获奖党员"), len(member_winners), U_PERSON_TIMES, ENTRANT, member_winners
            ),
            _fig(
                "contests.honoured",
                N_("授予荣誉"),
                len(honoured),
                U_PERSON_TIMES,
                HONOR,
                honoured,
                N_("获奖者在先进典型中授予的荣誉"),
            ),
            *(
                _fig(f"contests.{HONOURED_PREFIX}{category}", category, len(ids), U_PERSON_TIMES, HONOR, ids)
                for category, ids in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ),
        ),
        chart="none",
    )
