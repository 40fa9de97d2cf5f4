"""The audit's rules on 技术比武 results (domain.contests.entrant_errors applies them when a results list is saved;
one edited by an older route may still break them): a placing or score belongs to an entrant, nobody enters twice,
a contest without 并列名次 has one entrant per placing, nothing is scored before the contest has taken place, a
percentage score lies between 0 and 100, and an honour granted for a result goes to a winning placing."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import ContestEntrant, ContestEvent
from jiaomei_desktop.domain.contests import SCORE_MAX, is_winner
from jiaomei_desktop.i18n import N_, _, join_list

Found = tuple[str, str, str]

KINDS: dict[str, tuple[str, str]] = {
    "contest.placing_without_entrant": (N_("技术比武有名次或成绩却没有参赛选手"), "错误"),
    "contest.duplicate_placing": (N_("不设并列名次的技术比武有两人同一名次"), "错误"),
    "contest.duplicate_entrant": (N_("同一人在一场技术比武中重复参赛"), "错误"),
    "contest.result_before_event": (N_("技术比武尚未举行却已有成绩或名次"), "错误"),
    "contest.score": (N_("技术比武成绩为负数或百分制超过100分"), "错误"),
    "contest.honour_not_winner": (N_("未获奖名次的选手被授予了比武荣誉"), "错误"),
}


def contest_problems(session: Session, today: date) -> list[Found]:
    events = {
        r[0]: r[1:]
        for r in session.execute(
            select(
                ContestEvent.id,
                ContestEvent.name,
                ContestEvent.event_date,
                ContestEvent.ties_allowed,
                ContestEvent.percent_scale,
                ContestEvent.winner_places,
            ).where(ContestEvent.deleted.is_(False))
        )
    }
    entrants: dict[str, list[tuple]] = defaultdict(list)
    for row in session.execute(
        select(
            ContestEntrant.event_id,
            ContestEntrant.id,
            ContestEntrant.person_id,
            ContestEntrant.name,
            ContestEntrant.score,
            ContestEntrant.placing,
            ContestEntrant.honor_id,
        ).where(ContestEntrant.deleted.is_(False))
    ):
        entrants[row[0]].append(row[1:])
    found: list[Found] = []
    for event_id, (name, day, ties, percent, places) in events.items():
        subject = _("“{event}”（{day}）").format(event=name, day=day.isoformat())
        rows = entrants.get(event_id, [])
        found += _entrant_problems(subject, day > today, percent, places, rows)
        found += _duplicates(event_id, subject, ties, rows)
    return found


def _entrant_problems(subject: str, future: bool, percent: bool, places: int, rows: list[tuple]) -> list[Found]:
    found: list[Found] = []
    for eid, person, name, score, placing, honour in rows:
        who = _("{subject}{name}").format(subject=subject, name=name or _("（无姓名）"))
        result = score is not None or placing is not None
        if result and not person and not (name or "").strip():
            found.append(
                (
                    "contest.placing_without_entrant",
                    eid,
                    _("{subject}：第{placing}名，成绩{score}").format(
                        subject=subject,
                        placing=placing if placing is not None else "—",
                        score=f"{score:g}" if score is not None else "—",
                    ),
                )
            )
        if result and future:
            found.append(("contest.result_before_event", eid, who))
        if score is not None and (score < 0 or (percent and score > SCORE_MAX)):
            found.append(("contest.score", eid, _("{who}：{score}分").format(who=who, score=f"{score:g}")))
        if honour and not is_winner(placing, places):
            found.append(
                (
                    "contest.honour_not_winner",
                    eid,
                    _("{who}：名次{placing}，获奖名次为第1至{n}名").format(
                        who=who, placing=placing if placing is not None else "—", n=places
                    ),
                )
            )
    return found


def _duplicates(event_id: str, subject: str, ties: bool, rows: list[tuple]) -> list[Found]:
    found: list[Found] = []
    people = Counter(person for _eid, person, *_rest in rows if person)
    for person, n in sorted(people.items()):
        if n > 1:
            name = next(r[2] for r in rows if r[1] == person)
            text = _("{subject}：{name}参赛{n}次").format(subject=subject, name=name, n=n)
            found.append(("contest.duplicate_entrant", event_id, text))
    if not ties:
        placings = Counter(r[4] for r in rows if r[4] is not None)
        for placing, n in sorted(placings.items()):
            if n > 1:
                names = join_list(r[2] for r in rows if r[4] == placing)
                text = _("{subject}：第{placing}名有{n}人（{names}）").format(
                    subject=subject, placing=placing, n=n, names=names
                )
                found.append(("contest.duplicate_placing", event_id, text))
    return found
