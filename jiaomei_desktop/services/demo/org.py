"""Demo organisation: 1 集团党委, 24 基层党委, 4 党总支, 276 党支部 (20 directly under the group), party groups."""

from __future__ import annotations

from sqlalchemy import insert

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import OrgUnit, Setting
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit
from jiaomei_desktop.services.demo.names import (
    COMMITTEES,
    COMPANY_TEAMS,
    DIRECT_BRANCHES,
    GENERAL_BRANCHES,
    MINE_TEAMS,
)
from jiaomei_desktop.services.office import OFFICE_UNIT_KEY

BRANCHES_TOTAL = 276
BRANCHES_PER_GENERAL = 3


def build_org(ctx: DemoContext) -> None:
    root = _add(ctx, None, "JM", "焦煤集团党委", UnitKind.GROUP_COMMITTEE)
    ctx.root_id = root.id
    for g, name in enumerate(GENERAL_BRANCHES, start=1):
        general = _add(ctx, root, f"JM-Y{g:02d}", name, UnitKind.GENERAL_BRANCH)
        for b in range(1, BRANCHES_PER_GENERAL + 1):
            _add(ctx, general, f"{general.code}-{b:02d}", f"{name.removesuffix('党总支')}第{_cn(b)}党支部", UnitKind.BRANCH)
    remaining = BRANCHES_TOTAL - len(DIRECT_BRANCHES) - len(GENERAL_BRANCHES) * BRANCHES_PER_GENERAL
    per_committee = [remaining // len(COMMITTEES) + (1 if i < remaining % len(COMMITTEES) else 0)
                     for i in range(len(COMMITTEES))]
    for c, (name, count) in enumerate(zip(COMMITTEES, per_committee, strict=True), start=1):
        committee = _add(ctx, root, f"JM-{c:02d}", f"{name}党委", UnitKind.COMMITTEE)
        teams = COMPANY_TEAMS.get(name, MINE_TEAMS)
        for b in range(count):
            team = teams[b] if b < len(teams) else f"综合第{_cn(b - len(teams) + 1)}"
            _add(ctx, committee, f"{committee.code}-{b + 1:02d}", f"{name}{team}党支部", UnitKind.BRANCH)
    for i, name in enumerate(DIRECT_BRANCHES, start=1):
        _add(ctx, root, f"JM-Z{i:02d}", f"{name}党支部", UnitKind.BRANCH)
    for branch in list(ctx.branches):
        groups = [
            _add(ctx, branch, f"{branch.code}-G{g}", f"第{_cn(g)}党小组", UnitKind.PARTY_GROUP)
            for g in range(1, ctx.rng.choice((2, 3, 3, 4)) + 1)
        ]
        ctx.party_groups[branch.id] = groups
    now = utcnow()
    ctx.session.execute(insert(OrgUnit), [
        {"id": u.id, "code": u.code, "name": u.name, "kind": u.kind, "parent_id": u.parent_id, "path": u.path,
         "sort_order": i, "owner_unit_id": root.id, "version": 1, "updated_at": now, "deleted": False}
        for i, u in enumerate(ctx.units)
    ])
    ctx.session.add(Setting(key=OFFICE_UNIT_KEY, value=root.id))


def _add(ctx: DemoContext, parent: DemoUnit | None, code: str, name: str, kind: UnitKind) -> DemoUnit:
    unit_id = new_id()
    path = f"{parent.path if parent else '/'}{unit_id}/"
    unit = DemoUnit(unit_id, code, name, kind.value, parent.id if parent else None, path)
    ctx.units.append(unit)
    if kind is UnitKind.BRANCH:
        ctx.branches.append(unit)
    return unit


_DIGITS = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    """Small numbers in the 第一/第十二 form used in unit names."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
