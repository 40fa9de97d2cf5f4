"""技术比武 rules without storage: organiser levels, which honour level a win brings, and the checks on a result
list (placings, ties, score range, no scores before the contest has taken place)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jiaomei_desktop.domain.enums import HonorLevel
from jiaomei_desktop.i18n import N_, _


class ContestLevel(StrEnum):
    MINE = N_("矿")
    GROUP = N_("集团")
    PROVINCE = N_("省")


# The honour a winner receives carries the organiser's level: a provincial contest's 技术能手 is 省部级.
HONOUR_LEVEL: dict[str, str] = {
    ContestLevel.MINE.value: HonorLevel.MINE.value,
    ContestLevel.GROUP.value: HonorLevel.GROUP.value,
    ContestLevel.PROVINCE.value: HonorLevel.PROVINCIAL.value,
}
HONOUR_CATEGORIES: tuple[str, ...] = (N_("技术能手"), N_("岗位能手"), N_("操作能手"), N_("优秀选手"))
SCORE_MAX = 100.0
WINNER_PLACES_MAX = 20


@dataclass(frozen=True)
class EntrantData:
    """One line of a results list: a roster person (person_id) or a typed-in name, the entrant's unit, the result."""

    name: str
    unit_id: str | None
    person_id: str | None = None
    score: float | None = None
    placing: int | None = None
    id: str | None = None


def entrant_errors(
    entrants: Sequence[EntrantData], event_date: date, ties_allowed: bool, percent_scale: bool, today: date
) -> dict[str, str]:
    """Field -> message for a whole results list; keys are "row{i}" (0-based) or "placing" for a duplicate."""
    errors: dict[str, str] = {}
    for i, entrant in enumerate(entrants):
        key = f"row{i}"
        line = i + 1
        name = (entrant.name or "").strip()
        if not name and not entrant.person_id:
            if entrant.placing is not None or entrant.score is not None:
                errors[key] = _("第{line}行：有名次或成绩却没有参赛选手，请填写选手姓名").format(line=line)
            else:
                errors[key] = _("第{line}行：请填写参赛选手").format(line=line)
            continue
        if len(name) > 60:
            errors[key] = _("第{line}行：姓名过长（最多60个字）").format(line=line)
        elif not entrant.unit_id:
            errors[key] = _("第{line}行：请选择“{name}”的单位").format(line=line, name=name)
        elif (entrant.score is not None or entrant.placing is not None) and event_date > today:
            errors[key] = _("比武日期（{day}）在今天之后，还不能录入成绩或名次").format(day=event_date.isoformat())
        elif entrant.placing is not None and entrant.placing < 1:
            errors[key] = _("第{line}行：名次应为不小于1的整数").format(line=line)
        elif entrant.score is not None and entrant.score < 0:
            errors[key] = _("第{line}行：成绩不能为负数").format(line=line)
        elif entrant.score is not None and percent_scale and entrant.score > SCORE_MAX:
            errors[key] = _("第{line}行：本次比武按百分制计分，成绩应在0至100之间").format(line=line)
    people = Counter(e.person_id for e in entrants if e.person_id)
    twice = [i for i, e in enumerate(entrants) if e.person_id and people[e.person_id] > 1]
    if twice:
        errors.setdefault(f"row{twice[-1]}", _("第{line}行：同一人不能重复参赛").format(line=twice[-1] + 1))
    if not ties_allowed:
        placings = Counter(e.placing for e in entrants if e.placing is not None)
        shared = sorted(p for p, n in placings.items() if n > 1)
        if shared:
            errors["placing"] = _("第{placing}名有{count}人：本次比武不设并列名次").format(
                placing=shared[0], count=placings[shared[0]]
            )
    return errors


def is_winner(placing: int | None, winner_places: int) -> bool:
    return placing is not None and 1 <= placing <= winner_places


def honour_title(event_name: str, category: str, placing: int) -> str:
    """The honour's title as stored in the gallery (stored text is Chinese whatever the UI language)."""
    return f"{event_name}{category}（第{placing}名）"
