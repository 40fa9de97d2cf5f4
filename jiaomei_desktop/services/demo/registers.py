"""Demo 1+1+3 registers, shaped like the seed's yearly figures for the whole group:

- 我为职工办实事: 165 deeds done in the demo year; the relief ones (救助) paid 230余万元 to 1,557 person-times (and a
  smaller year before it,
  plus a few planned for December);
- 党建品牌: 73% of the branches carry a brand, 61% their own (一支部一品牌);
- innovation: 133 改革任务 (identified this year), 95 技术创新项目, 352 群众性创新成果, 28 实用新型专利, 3 发明专利 a
  year, 49 results awarded at 省部级 or by an industry association;
- 党员责任区: about one member in four holds a zone in the mines' production teams.

The group-wide totals do not shrink with a small demo (they belong to the units, not to the members).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert

from jiaomei_desktop.db.base import new_id, utcnow
from jiaomei_desktop.db.models import BranchBrand, InnovationItem, ResponsibilityZone, WorkerDeed
from jiaomei_desktop.domain.enums import UnitKind
from jiaomei_desktop.domain.registers import (
    RELIEF_CATEGORIES,
    AwardLevel,
    DeedCategory,
    DeedState,
    InnovationKind,
    TaskState,
    ZoneKind,
)
from jiaomei_desktop.services.demo import names
from jiaomei_desktop.services.demo.context import DemoContext, DemoUnit

# Per year for the whole group: (deeds done, yuan paid, person-times).
DEED_YEARS = {0: (165, 2_304_500, 1557), -1: (148, 1_960_000, 1382)}  # seed §4: 230余万元
PLANNED_DEEDS = 12
BRAND_SHARE = 0.73
OWN_SHARE = 0.61
INNOVATION_PER_YEAR = {InnovationKind.REFORM_TASK: 133, InnovationKind.TECH_PROJECT: 95,
                       InnovationKind.MASS_RESULT: 352, InnovationKind.UTILITY_PATENT: 28,
                       InnovationKind.INVENTION_PATENT: 3, InnovationKind.AWARD: 49}
ZONE_SHARE = 0.25

DEED_ITEMS = {
    DeedCategory.RELIEF: ("走访慰问困难职工家庭", "为患病职工家庭发放帮扶金", "春节前慰问一线困难职工", "为因灾受损职工家庭送救助"),
    DeedCategory.MEDICAL: ("组织井下职工职业健康体检", "为大病职工办理医疗救助", "开展尘肺病职工专项救助"),
    DeedCategory.EDUCATION: ("金秋助学资助职工子女入学", "为困难职工子女发放助学金"),
    DeedCategory.CONDITIONS: ("改造井口浴室和更衣室", "为一线班组配备热饭设施", "整修单身职工宿舍", "开通职工通勤班车",
                              "改善井下候车硐室条件", "建设职工书屋"),
    DeedCategory.RIGHTS: ("为劳务派遣职工落实同工同酬", "开展职工法律援助咨询", "协调解决职工子女入托"),
    DeedCategory.CULTURE: ("举办职工技能运动会", "组织劳模疗休养", "开展“送清凉”下基层活动"),
}
RELIEF = [c for c in DeedCategory if c.value in RELIEF_CATEGORIES and c in DEED_ITEMS]
OTHER = [c for c in DEED_ITEMS if c.value not in RELIEF_CATEGORIES]
REFORM_TOPICS = ("三项制度改革", "经理层成员任期制和契约化管理", "区队工资分配制度改革", "物资集中采购", "辅助单位市场化运营",
                 "安全生产标准化管理体系建设", "智能化采煤工作面建设", "机关职能优化", "内部市场化结算", "子公司混合所有制改革")
TECH_TOPICS = ("综采工作面智能化控制", "掘进工作面快速成巷", "矿井主通风机在线监测", "井下无轨胶轮车调度", "瓦斯抽采钻孔优化",
               "带式输送机节能控制", "矿井水处理回用", "采空区防灭火", "液压支架电液控制", "煤流智能调速")
MASS_TOPICS = ("刮板输送机链条快速更换装置", "单体支柱防倒装置", "皮带机跑偏自动纠正器", "井下电缆挂钩改进", "风筒快速接头",
               "绞车信号闭锁装置", "水泵自动排水控制箱", "托辊快速拆装工具", "巷道喷浆料回收装置", "锚杆托盘改进")
# 实用新型 protects a product's shape or structure (专利法 第二条): its titles name a device; a method is an invention.
UTILITY_TOPICS = ("一种矿用{x}", "一种用于煤矿井下的{x}", "一种便于拆装的{x}")
INVENTION_TOPICS = ("一种{x}及其使用方法", "一种基于{x}的控制方法")
PATENT_THINGS = ("液压支架护帮装置", "带式输送机清扫器", "瓦斯抽采封孔装置", "巷道支护锚索", "掘进机截割头", "电缆收放装置")
# (award, level): seed §4 "49项创新成果获省部级和行业协会技术奖".
AWARDS = (("中国煤炭工业协会科学技术奖", AwardLevel.INDUSTRY), ("省科学技术进步奖", AwardLevel.PROVINCIAL),
          ("全国煤炭行业QC成果一等奖", AwardLevel.INDUSTRY), ("省职工技术创新成果奖", AwardLevel.PROVINCIAL))
BRAND_WORDS = ("先锋", "堡垒", "旗帜", "铁军", "尖兵", "红心", "匠心", "领航", "安全屏障", "乌金")
BRAND_HEADS = ("党旗红", "乌金", "井下", "百炼", "守护", "攻坚", "聚力", "亮剑", "铸魂", "暖心")
SURFACE_PLACES = ("办公区", "档案室", "职工服务窗口", "生产车间", "中心库房", "职工食堂", "会议室", "化验室")
ZONE_PLACES = ("{n}工作面", "{n}运输巷", "{n}回风巷", "中央变电所", "主井提升机房", "{n}采区泵房", "井底车场", "{n}掘进头")


def build_registers(ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 9)
    now = utcnow()

    def sync() -> dict[str, object]:
        return {"id": new_id(), "owner_unit_id": ctx.root_id, "version": 1, "updated_at": now, "deleted": False}

    committees = [u for u in ctx.units if u.kind == UnitKind.COMMITTEE.value]
    _deeds(ctx, rng, committees + ctx.branches, sync)
    _brands(ctx, rng, sync)
    _innovation(ctx, rng, committees, sync)
    _zones(ctx, rng, sync)


def _split(total: int, parts: int, rng: random.Random, minimum: int = 0) -> list[int]:
    """`total` cut into `parts` random non-negative parts (each at least `minimum`) that add up exactly."""
    spare = total - minimum * parts
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    return [minimum + b - a for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]


def _deeds(ctx: DemoContext, rng: random.Random, units: list[DemoUnit], sync) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for offset, (count, yuan, people) in DEED_YEARS.items():
        year = ctx.today.year + offset
        last = ctx.today if offset == 0 else date(year, 12, 31)
        span = (last - date(year, 1, 1)).days
        # 救助 (relief categories) carries the year's relief money and person-times: money in whole hundreds of
        # yuan, at least 500 each; the other deeds (conditions, rights, culture) help people without relief money.
        relief_count = round(count * 0.6)
        money = _split(yuan // 100, relief_count, rng, 5)
        helped = _split(people, relief_count, rng, 1)
        for i in range(count):
            relief = i < relief_count
            category = rng.choice(RELIEF if relief else OTHER)
            rows.append({**sync(), "item": rng.choice(DEED_ITEMS[category]), "unit_id": rng.choice(units).id,
                         "deed_date": date(year, 1, 1) + timedelta(days=rng.randint(0, span)),
                         "category": category.value, "person_times": helped[i] if relief else rng.randint(20, 300),
                         "amount_fen": money[i] * 100 * 100 if relief else 0,
                         "state": DeedState.DONE.value, "notes": None})
    for _ in range(PLANNED_DEEDS):
        category = rng.choice(list(DEED_ITEMS))
        rows.append({**sync(), "item": rng.choice(DEED_ITEMS[category]), "unit_id": rng.choice(units).id,
                     "deed_date": date(ctx.today.year, 12, rng.randint(5, 28)), "category": category.value,
                     "person_times": rng.randint(10, 80), "amount_fen": rng.randint(5, 50) * 100_000,
                     "state": DeedState.PLANNED.value, "notes": "年底前办结"})
    ctx.session.execute(insert(WorkerDeed), rows)


def _brands(ctx: DemoContext, rng: random.Random, sync) -> None:  # type: ignore[no-untyped-def]
    branches = list(ctx.branches)
    rng.shuffle(branches)
    with_brand = round(len(branches) * BRAND_SHARE)
    own = round(len(branches) * OWN_SHARE)
    by_id = {u.id: u for u in ctx.units}
    rows = []
    for i, branch in enumerate(branches[:with_brand]):
        year = rng.randint(ctx.today.year - 6, ctx.today.year)
        if i < own:
            name = f"“{rng.choice(BRAND_HEADS)}{rng.choice(BRAND_WORDS)}”"
            text = f"{branch.name}立足岗位创建的党建品牌，把党建工作融入安全生产和职工服务。"
        else:  # carries the parent's brand, shared by its sister branches
            parent = by_id.get(branch.parent_id or "")
            head = parent.name.removesuffix("党委").removesuffix("党总支") if parent else "集团"
            name = f"“{head}先锋”"
            text = f"{head}统一打造的党建品牌，各支部共同践行。"
        rows.append({**sync(), "unit_id": branch.id, "name": name, "description": text, "year": year,
                     "own_brand": i < own})
    ctx.session.execute(insert(BranchBrand), rows)


def _innovation(ctx: DemoContext, rng: random.Random, committees: list[DemoUnit], sync) -> None:  # type: ignore[no-untyped-def]
    rows = []
    used: set[tuple[str, str, str, int]] = set()
    for offset in (0, -1):
        year = ctx.today.year + offset
        for kind, count in INNOVATION_PER_YEAR.items():
            n = count if offset == 0 else round(count * rng.uniform(0.85, 0.97))
            for k in range(n):
                unit = rng.choice(committees if kind is InnovationKind.REFORM_TASK else ctx.branches)
                title, level = _innovation_title(rng, kind, k)
                title = _unused_title(used, (unit.id, kind.value, year), title, _titles_like(kind, title))
                rows.append({**sync(), "kind": kind.value, "title": title, "unit_id": unit.id,
                             "year": year, "people": _people(rng), "notes": None, "award_level": level,
                             "task_state": _task_state(rng, kind, offset)})
    ctx.session.execute(insert(InnovationItem), rows)


def _innovation_title(rng: random.Random, kind: InnovationKind, k: int) -> tuple[str, str | None]:
    """(title, award level): only 获奖 entries carry a level."""
    if kind is InnovationKind.REFORM_TASK:
        return f"{rng.choice(REFORM_TOPICS)}（第{k % 9 + 1}项）", None
    if kind is InnovationKind.TECH_PROJECT:
        return f"{rng.choice(TECH_TOPICS)}技术研究与应用", None
    if kind is InnovationKind.MASS_RESULT:
        return rng.choice(MASS_TOPICS), None
    if kind is InnovationKind.AWARD:
        award, level = rng.choice(AWARDS)
        return f"{rng.choice(TECH_TOPICS)}项目获{award}", level.value
    topics = UTILITY_TOPICS if kind is InnovationKind.UTILITY_PATENT else INVENTION_TOPICS
    return rng.choice(topics).format(x=rng.choice(PATENT_THINGS)), None


def _unused_title(used: set[tuple[str, str, str, int]], where: tuple[str, str, int], title: str,
                  others: list[str]) -> str:
    """`title`, or the next of `others` a unit has not yet entered in that kind and year: one unit entering the same
    result twice in a year is a duplicate (services.audit_registers.duplicates). No random draw, so the rest of the
    demo stays as it was."""
    unit, kind, year = where
    start = others.index(title) if title in others else 0
    chosen = next((t for t in others[start:] + others[:start] if (unit, kind, t, year) not in used), title)
    used.add((unit, kind, chosen, year))
    return chosen


def _titles_like(kind: InnovationKind, title: str) -> list[str]:
    """Every title `_innovation_title` could have drawn for `kind` (an award's keeps its award)."""
    if kind is InnovationKind.REFORM_TASK:
        return [f"{t}（第{k}项）" for t in REFORM_TOPICS for k in range(1, 10)]
    if kind is InnovationKind.TECH_PROJECT:
        return [f"{t}技术研究与应用" for t in TECH_TOPICS]
    if kind is InnovationKind.MASS_RESULT:
        return list(MASS_TOPICS)
    if kind is InnovationKind.AWARD:
        award = title.split("项目获", 1)[1]
        return [f"{t}项目获{award}" for t in TECH_TOPICS]
    topics = UTILITY_TOPICS if kind is InnovationKind.UTILITY_PATENT else INVENTION_TOPICS
    return [t.format(x=x) for t in topics for x in PATENT_THINGS]


def _task_state(rng: random.Random, kind: InnovationKind, offset: int) -> str | None:
    """This year's 改革任务 have been identified (seed §4: "细化梳理改革任务133项"); last year's are mostly done."""
    if kind is not InnovationKind.REFORM_TASK:
        return None
    if offset == 0:
        return TaskState.IDENTIFIED.value
    return TaskState.COMPLETED.value if rng.random() < 0.9 else TaskState.UNDER_WAY.value


def _people(rng: random.Random) -> str:
    return "、".join(rng.choice(names.SURNAMES) + rng.choice(names.GIVEN_MALE) + rng.choice(("", rng.choice(
        names.GIVEN_MALE)))for _ in range(rng.randint(1, 4)))


def is_underground_team(branch_name: str) -> bool:
    """A mine's production team (综采, 掘进, 开拓, 机电, 通风, 运输, 救护): its zones are below ground."""
    return "矿" in branch_name and any(team in branch_name for team in names.UNDERGROUND_TEAMS)


def _underground_zone(rng: random.Random) -> dict[str, object]:
    kind = rng.choices([ZoneKind.SAFETY, ZoneKind.EQUIPMENT, ZoneKind.QUALITY, ZoneKind.ENVIRONMENT], [6, 2, 1, 1])[0]
    place = rng.choice(ZONE_PLACES).format(n=rng.choice(("8101", "8102", "12041", "15031", "21011")))
    return {"zone_name": f"{place}{kind.value}责任区", "place": place,
            "scope_people": f"本班组{rng.randint(6, 24)}名职工",
            "scope_equipment": rng.choice(("采煤机、刮板输送机、转载机", "带式输送机及其保护装置", "局部通风机、风筒",
                                           "排水泵、配电开关", "液压支架")),
            "kind": kind.value,
            "duties": "带头遵章守纪，杜绝“三违”\n每班巡查责任区隐患并及时处理\n帮带责任区内职工安全作业"}


def _surface_zone(rng: random.Random) -> dict[str, object]:
    """Offices, plants and the mines' surface teams: zones where they work, never an underground one."""
    kind = rng.choices([ZoneKind.SERVICE, ZoneKind.ENVIRONMENT, ZoneKind.SAFETY, ZoneKind.EQUIPMENT], [4, 2, 2, 2])[0]
    place = rng.choice(SURFACE_PLACES)
    return {"zone_name": f"{place}{kind.value}责任区", "place": place,
            "scope_people": f"本部门{rng.randint(4, 16)}名职工",
            "scope_equipment": rng.choice(("办公设备、消防器材", "车间设备及其安全防护装置", "库房货架、消防器材",
                                           "服务窗口设施")),
            "kind": kind.value,
            "duties": "带头遵章守纪，立足岗位作表率\n每周检查责任区隐患并及时处理\n热情服务职工群众"}


def _zones(ctx: DemoContext, rng: random.Random, sync) -> None:  # type: ignore[no-untyped-def]
    members = set(ctx.member_ids)
    rows = []
    for branch in ctx.branches:
        holders = [p for p in ctx.people_by_branch.get(branch.id, []) if p in members]
        underground = is_underground_team(branch.name)
        for person_id in [p for p in holders if rng.random() < ZONE_SHARE]:  # small branches get some too
            start = ctx.today - timedelta(days=rng.randint(30, 900))
            zone = _underground_zone(rng) if underground else _surface_zone(rng)
            rows.append({**sync(), "person_id": person_id, "unit_id": branch.id, "start_date": start, "end_date": None,
                         **zone})
    if rows:
        ctx.session.execute(insert(ResponsibilityZone), rows)
