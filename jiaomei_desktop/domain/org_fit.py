"""Whether what is recorded on a unit fits the unit: mining teams only in mines, underground 责任区 only in the units
that work below ground. Judged from unit names, as a 组织部 clerk reads them: a coal group names its mines "…矿"
(九里山矿党委), their production teams after the work (综采一队, 掘进二队, 通风队, 机电队, 运输队, 开拓队), and its
offices 机关, …部, …室.

Mining teams (综采, 掘进, 通风, 机电, 运输) are units of a mine; offices and plants have branches of their own kind. A
党员责任区 is the member's own place of work (services/zones.py), so an office branch (宣传部, 机关) holding a zone at a
工作面 is a record that cannot be right (and 劳动法 第六十四条 keeps minors from 矿山井下 work: domain.mentor).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A mining team: 综采 / 综掘 / 掘进 / 开拓 anywhere in the name, or 通风 / 机电 / 运输 followed by a team word (队, 区,
# 工区), so that 机电装备公司, 机电工程系 and 煤炭运销 are no mining teams.
_MINING_TEAM = re.compile(r"综采|综掘|掘进|开拓|(?:通风|机电|运输)[一二三四五六七八九十\d]*(?:队|工区|区)")
_SUFFIXES = ("党支部", "党总支", "党委", "委员会")
# A mine's name ends so ("九里山矿", "赵固一矿", "XX煤矿", "XX矿井").
_MINE_ENDINGS = ("矿", "矿井")
# Words that place a 责任区 below ground.
UNDERGROUND_PLACE_WORDS = ("井下", "工作面", "巷", "采区", "掘进", "井底", "回采", "综采", "中央变电所", "水仓", "硐室")
# Units that do not go below ground even in a mine: its offices and services.
_OFFICE_MARKS = ("机关", "后勤", "部", "室", "食堂")


def stem(name: str) -> str:
    """A unit's name without its party-organisation suffix: "九里山矿党委" → "九里山矿"."""
    text = name.strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def mining_team(name: str) -> str | None:
    """The mining work a branch's name names (综采, 掘进, 通风队…), or None."""
    found = _MINING_TEAM.search(stem(name))
    return found.group(0) if found else None


def is_mine(name: str) -> bool:
    return stem(name).endswith(_MINE_ENDINGS)


def in_mine(chain: Sequence[str]) -> bool:
    """Whether a unit lies in a mine: `chain` is the names from the top unit down to the unit itself. A branch kept
    directly by the group may carry its mine in its own name ("九里山矿综采一队党支部")."""
    if any(is_mine(name) for name in chain[:-1]):
        return True
    if not chain:
        return False
    own = stem(chain[-1])
    found = _MINING_TEAM.search(own)
    head = own[: found.start()] if found else own
    return head.endswith(_MINE_ENDINGS) or is_mine(own)


def is_underground_place(*texts: str | None) -> bool:
    return any(word in (text or "") for text in texts for word in UNDERGROUND_PLACE_WORDS)


def works_underground(chain: Sequence[str]) -> bool:
    """A unit whose members may hold an underground 责任区: a mine's unit that is not one of its offices."""
    if not chain or not in_mine(chain):
        return False
    own = stem(chain[-1])
    return not any(mark in own for mark in _OFFICE_MARKS)
