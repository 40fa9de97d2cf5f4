"""亮明身份 posts: the kinds (党员示范岗, 党员先锋岗, 党员突击队, 党员安全监督岗), who may stand on them, and which
units count as 一线 (front line).

Sources: 《中国共产党支部工作条例（试行）》第十条 gives a state-enterprise branch the task of leading its members to
set an example in production work; 示范岗 / 先锋岗 / 突击队 are the group's forms of it ("1+1+3": 亮明身份 — 挂牌上岗,
亮身份、亮职责、亮承诺, 摘牌 when a post no longer plays its part, as the group's own report and common practice
describe it). A 示范岗 / 先锋岗 / 安全监督岗 is a party member's post; a 党员突击队 is led by members and may take
non-member workers along, so only a 突击队 takes non-members.
"""

from __future__ import annotations

from enum import StrEnum


class PostKind(StrEnum):
    MODEL = "党员示范岗"
    VANGUARD = "党员先锋岗"
    COMMANDO = "党员突击队"
    SAFETY = "党员安全监督岗"

    @property
    def team(self) -> bool:
        """A team (突击队) rather than one post: it takes non-member workers and names a 队长."""
        return self is PostKind.COMMANDO


class PostRole(StrEnum):
    LEAD = "负责人"  # 岗长 / 队长
    MEMBER = "成员"


# 一线 units: the demo (and the group's naming) calls its production units 队 (综采一队, 掘进二队, 机电队, 救护中队…),
# 车间, 厂 (选煤厂) and 工程处; offices are 科, 部, 室, 站, 中心, 机关. A branch is 一线 when its name holds one of these.
FRONT_LINE_MARKS = ("队", "车间", "厂", "工程处")
OFFICE_MARKS = ("机关", "科", "部", "室")


def is_front_line(unit_name: str) -> bool:
    name = unit_name.removesuffix("党支部")
    return any(m in name for m in FRONT_LINE_MARKS) and not any(m in name for m in OFFICE_MARKS)
