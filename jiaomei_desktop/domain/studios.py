"""创新工作室: the kinds and levels of a studio and which innovation results may be its output.

Sources: the seed's "1+1+3" names 劳模创新工作室 among the 示范带动 mechanism (7 studios in the provincial alliance);
the 全国总工会 and provincial 劳模和工匠人才创新工作室 rules have a studio 领衔 (led) by one named person who works in
it with a team ("由劳模担纲领衔、职工参与的创新团队"), recognised at a level (企业 / 省 / 全国) and joined into
alliances (劳模创新工作室联盟); 技能大师工作室 is 人社部's name for the same form around a 技能大师. A studio stops
(撤销 / 摘牌) with a reason when it no longer works, like a 示范岗. So: the leader is a member of the team and a
person on the roster, a studio has a founding date not in the future, it closes on or after it, with a reason.
"""

from __future__ import annotations

from enum import StrEnum

from jiaomei_desktop.domain.registers import InnovationKind


class StudioKind(StrEnum):
    MODEL_WORKER = "劳模创新工作室"
    WORKER = "职工创新工作室"
    PARTY_MEMBER = "党员创新工作室"
    SKILL_MASTER = "技能大师工作室"


class StudioLevel(StrEnum):
    """Who named (命名) the studio; ordered from the lowest."""

    MINE = "矿级"
    GROUP = "集团级"
    PROVINCIAL = "省级"
    NATIONAL = "国家级"


class StudioRole(StrEnum):
    LEAD = "领衔人"
    MEMBER = "成员"


# A studio's output in the innovation register: projects, results, patents and awards; a 改革任务 is the unit's
# reform work, not a studio's.
OUTPUT_KINDS: tuple[str, ...] = (
    InnovationKind.TECH_PROJECT.value,
    InnovationKind.MASS_RESULT.value,
    InnovationKind.UTILITY_PATENT.value,
    InnovationKind.INVENTION_PATENT.value,
    InnovationKind.AWARD.value,
)
PATENT_KINDS: tuple[str, ...] = (InnovationKind.UTILITY_PATENT.value, InnovationKind.INVENTION_PATENT.value)
RESULT_KINDS: tuple[str, ...] = (InnovationKind.TECH_PROJECT.value, InnovationKind.MASS_RESULT.value)


def same_line(path_a: str, path_b: str) -> bool:
    """Two units ("/a/b/" materialised paths) on one line of descent: one lies in the other's subtree."""
    return path_a.startswith(path_b) or path_b.startswith(path_a)
