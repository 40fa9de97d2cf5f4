"""The annual report (年度党建工作统计报告) as a GB/T 9704 notice, its sentences written from the figures in the
style of the group's own reports ("开展我为职工办实事165件，救助困难职工1557人次，发放救助资金230余万元").

How the numbers are written, as 党政公文 write them: counts under 10,000 without a thousands comma ("6419名");
percentages rounded half-up to whole percent with Decimal (0.605 → 61%); money in 万元 with "余" when the amount was
rounded down ("230余万元"); a clause whose count is zero is left out. A period of several years ("2022年至2026年")
is reported with "先后…累计" from the yearly dashboards (period_paragraphs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased

from jiaomei_desktop.db.models import Honor, OrgUnit, Person
from jiaomei_desktop.domain.contests import ContestLevel
from jiaomei_desktop.domain.enums import HonorLevel
from jiaomei_desktop.domain.inspections import PROBLEM_KINDS
from jiaomei_desktop.domain.registers import AwardLevel, InnovationKind, TaskState
from jiaomei_desktop.reports.dates import format_count
from jiaomei_desktop.reports.errors import ReportError
from jiaomei_desktop.reports.notice import Block, Heading, NoticeDocument, Paragraph, Table, render_notice
from jiaomei_desktop.services.errors import ServiceError
from jiaomei_desktop.services.statistics.model import Dashboard
from jiaomei_desktop.services.statistics.period import Period
from jiaomei_desktop.services.store import Store

# Honours named in the report: 集团级 and above (lower ones are counted only).
NAMED_LEVELS = (HonorLevel.NATIONAL, HonorLevel.PROVINCIAL, HonorLevel.MUNICIPAL, HonorLevel.GROUP)
NAMED_TABLE_MAX = 300


# -- how numbers are written ------------------------------------------------------------------------------------
def count_text(n: int) -> str:
    """6419 (no thousands comma under 10,000, as 党政公文 write counts); 1.2万 above."""
    return str(n) if abs(n) < 10_000 else format_count(n)


def percent_text(ratio: float) -> str:
    """Whole percent rounded half-up (0.605 → 61%, 0.7283 → 73%): Decimal of the ratio's shortest repr, so the
    binary float does not round 60.5 down."""
    return f"{(Decimal(repr(float(ratio))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def money_text(fen: int) -> str:
    """230万元 (exact), 230余万元 (rounded down from 230.45万), 8500元 below ten thousand yuan."""
    if fen >= 100 * 1_000_000:  # 100万元 and more: whole 万
        wan, rest = divmod(fen, 1_000_000)
        return f"{count_text(wan)}{'余' if rest else ''}万元"
    if fen >= 1_000_000:  # 1万 to 100万: one decimal of 万 ("17.3万余元")
        tenths, rest = divmod(fen, 100_000)
        text = f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
        return f"{text}万{'余' if rest else ''}元"
    yuan = int((Decimal(fen) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{count_text(yuan)}元"


def _v(d: Dashboard, key: str) -> int:
    return int(d.value(key))


def _clauses(parts: Sequence[tuple[int, str]], sep: str = "，") -> str:
    """The clauses whose count is not zero, joined."""
    return sep.join(text for n, text in parts if n)


# -- the yearly paragraphs --------------------------------------------------------------------------------------
def members_paragraph(d: Dashboard) -> str:
    return roll_text(d) + development_sentence(d) + flows_sentence(d)


def development_sentence(d: Dashboard) -> str:
    """另有入党申请人9名、入党积极分子26名、发展对象7名；年内确定入党积极分子15名、列为发展对象6名。 Those on the way
    in on the same day (statistics.development: never counted as members), then the year's steps; zeros left out."""
    if not any(g.key == "development" for g in d.groups):
        return ""

    def n(key: str) -> int:
        return _v(d, f"development.{key}")

    standing = _clauses([(n(stage), f"{stage}{count_text(n(stage))}名") for stage in ("入党申请人", "入党积极分子", "发展对象")],
                        "、")
    steps = _clauses([(n("new_activists"), f"确定入党积极分子{count_text(n('new_activists'))}名"),
                      (n("new_targets"), f"列为发展对象{count_text(n('new_targets'))}名")], "、")
    text = "；".join(p for p in (f"另有{standing}" if standing else "", f"年内{steps}" if steps else "") if p)
    return f"{text}。" if text else ""


def roll_text(d: Dashboard) -> str:
    """截至2025年12月31日，…共有党员6419名，其中…。 (the roll on the dashboard's as-of day)"""
    total, full, prob = _v(d, "members.total"), _v(d, "members.full"), _v(d, "members.probationary")
    head = f"截至{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日，{d.unit_name}共有党员{count_text(total)}名"
    if total == 0:
        return head + "。"
    split = f"其中正式党员{count_text(full)}名、预备党员{count_text(prob)}名" if prob else "均为正式党员"
    shares = _clauses(
        [
            (
                _v(d, "members.female"),
                f"女党员{count_text(_v(d, 'members.female'))}名，占{percent_text(d.value('members.female_share'))}",
            ),
            (
                _v(d, "members.age_35_under"),
                f"35岁及以下党员{count_text(_v(d, 'members.age_35_under'))}名，"
                f"占{percent_text(d.value('members.young_share'))}",
            ),
            (
                _v(d, "members.college"),
                f"大专及以上学历党员{count_text(_v(d, 'members.college'))}名，"
                f"占{percent_text(d.value('members.college_share'))}",
            ),
        ],
        "；",
    )
    return f"{head}，{split}" + (f"；{shares}" if shares else "") + "。"


def flows_sentence(d: Dashboard) -> str:
    """全年发展党员12名、预备党员转正10名，转入3名、转出2名，出党1名。 (empty when nothing changed)"""

    def n(key: str) -> int:
        return _v(d, f"flows.{key}")

    parts = [
        _clauses(
            [
                (n("joined"), f"发展党员{count_text(n('joined'))}名"),
                (n("became_full"), f"预备党员转正{count_text(n('became_full'))}名"),
            ],
            "、",
        ),
        _clauses(
            [
                (n("transferred_in"), f"转入{count_text(n('transferred_in'))}名"),
                (n("transferred_out"), f"转出{count_text(n('transferred_out'))}名"),
            ],
            "、",
        ),
        _clauses(
            [
                (n("expelled"), f"出党{count_text(n('expelled'))}名"),
                (n("deceased"), f"去世{count_text(n('deceased'))}名"),
            ],
            "、",
        ),
    ]
    text = "，".join(p for p in parts if p)
    return f"全年{text}。" if text else ""


def study_paragraph(d: Dashboard) -> str:
    other = _clauses(
        [
            (_v(d, "study.central_group"), f"中心组学习{count_text(_v(d, 'study.central_group'))}次"),
            (_v(d, "study.theme_days"), f"主题党日{count_text(_v(d, 'study.theme_days'))}次"),
        ],
        "、",
    )
    held = _clauses(
        [
            (_v(d, "study.three_meetings"), f"召开“三会一课”{count_text(_v(d, 'study.three_meetings'))}次"),
            (len(other), f"开展{other}"),
        ]
    )
    if not held:
        return ""
    safety = _v(d, "study.safety")
    text = f"全年{held}" + (f"，其中结合安全生产开展学习{count_text(safety)}次" if safety else "")
    hours = round(float(d.value("study.hours")))
    if hours:
        text += f"；累计学习{count_text(hours)}学时，党员人均学时{d.value('study.member_hours'):g}小时"
    if d.value("study.compliance_rate"):
        text += f"；组织生活制度（三会一课、主题党日、组织生活会、民主评议）达标率为{percent_text(d.value('study.compliance_rate'))}"
    return text + "。"


def mentor_paragraph(d: Dashboard) -> str:
    total = _v(d, "mentor.total")
    if not total:
        return ""
    detail = _clauses(
        [
            (_v(d, "mentor.started"), f"本年新结对{count_text(_v(d, 'mentor.started'))}对"),
            (_v(d, "mentor.graduated"), f"本年出师{count_text(_v(d, 'mentor.graduated'))}对"),
        ],
        "、",
    )
    active = _v(d, "mentor.进行中")
    return (
        f"深化“传帮带”，全年存续师徒结对{count_text(total)}对"
        + (f"，其中{detail}" if detail else "")
        + (f"，目前在带{count_text(active)}对" if active else "")
        + "。"
    )


@dataclass(frozen=True)
class Honoured:
    """One honour of 集团级 or above, for naming in the report."""

    name: str  # a person, a unit, or a 区队/班组
    unit: str  # the person's branch, or the unit a 班组 belongs to
    title: str
    level: str
    collective: bool


def honoured(store: Store, d: Dashboard) -> list[Honoured]:
    """The honours of 集团级 and above behind the dashboard's figures, highest level first."""
    ids = [
        i for level in NAMED_LEVELS for kind in ("个人", "集体") for i in d.figure(f"honors.{level.value}·{kind}").ids
    ]
    if not ids:
        return []
    branch, subject = aliased(OrgUnit), aliased(OrgUnit)
    rank = {level.value: i for i, level in enumerate(NAMED_LEVELS)}
    with store.reading() as session:
        rows = session.execute(
            select(
                Honor.id,
                Person.name,
                branch.name,
                subject.name,
                Honor.collective_name,
                Honor.title,
                Honor.level,
                Honor.award_date,
                Person.name_sort,
            )
            .outerjoin(Person, Person.id == Honor.person_id)
            .outerjoin(branch, branch.id == Person.branch_id)
            .outerjoin(subject, subject.id == Honor.unit_id)
            .where(Honor.id.in_(ids))
        ).all()
    out = []
    for _id, person, person_branch, unit, team, title, level, _day, _sort in sorted(
        rows, key=lambda r: (rank.get(r[6], 9), r[7], r[8] or r[3] or "")
    ):
        if person:
            out.append(Honoured(person, person_branch or "", title, level, False))
        else:
            out.append(Honoured(team or unit or "", unit if team else "", title, level, True))
    return out


def honors_paragraph(d: Dashboard, named: Sequence[Honoured] = ()) -> str:
    collectives, persons = _v(d, "honors.collectives"), _v(d, "honors.persons")
    if not collectives and not persons:
        return ""
    levels = [
        f"{label}{_v(d, f'honors.{label}·个人') + _v(d, f'honors.{label}·集体')}项"
        for label in (lv.value for lv in HonorLevel)
        if d.value(f"honors.{label}·个人") or d.value(f"honors.{label}·集体")
    ]
    got = _clauses(
        [(collectives, f"先进集体{count_text(collectives)}个"), (persons, f"先进个人{count_text(persons)}人次")], "、"
    )
    text = f"选树先进典型，全年获评{got}" + (f"，其中{'、'.join(levels)}" if levels else "") + "。"
    high = [h for h in named if h.level != HonorLevel.GROUP.value]
    if high:
        text += "；".join(f"{h.name}获得{h.level}荣誉“{h.title}”" for h in high) + "。"
    group_units, group_people = _v(d, "honors.集团级·集体"), _v(d, "honors.集团级·个人")
    by_group = _clauses(
        [
            (group_units, f"{count_text(group_units)}个先进集体"),
            (group_people, f"{count_text(group_people)}名先进个人"),
        ],
        "和",
    )
    if by_group:
        text += f"{by_group}受到集团表彰。"
    return text


def deeds_paragraph(d: Dashboard) -> str:
    items = _v(d, "deeds.items")
    if not items:
        return ""
    people, fen = _v(d, "deeds.relief_person_times"), _v(d, "deeds.relief_amount_fen")
    relief = _clauses([(people, f"救助困难职工{count_text(people)}人次"), (fen, f"发放救助资金{money_text(fen)}")])
    return f"开展我为职工办实事{count_text(items)}件" + (f"，{relief}" if relief else "") + "。"


def supervision_paragraph(d: Dashboard) -> str:
    """13710督办: what was assigned in the year and how it went, then what is still open on the report's date."""
    assigned, done, still_open = _v(d, "supervision.assigned"), _v(d, "supervision.done"), _v(d, "supervision.open")
    if not assigned and not still_open:
        return ""
    text = ""
    if assigned:
        text = f"实行13710督办，全年交办督办事项{count_text(assigned)}件，已办结{count_text(done)}件"
        if done:
            text += f"，按时办结率{percent_text(d.value('supervision.on_time_rate'))}"
        text += "；" if still_open else "。"
    if still_open:
        overdue = _v(d, "supervision.overdue")
        day = f"{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日"
        text += f"截至{day}，尚有{count_text(still_open)}件未办结"
        text += f"，其中逾期{count_text(overdue)}件。" if overdue else "。"
    return text


def standards_paragraph(d: Dashboard) -> str:
    """党支部标准化建设: "N个党支部全部通过标准化建设验收，其中示范党支部M个" when every branch passed; otherwise how
    many assessed themselves, passed and failed (clauses with zero left out)."""
    branches, assessed = _v(d, "standards.branches"), _v(d, "standards.assessed")
    accepted, model, failed = _v(d, "standards.accepted"), _v(d, "standards.model"), _v(d, "standards.failed")
    if not branches or not assessed:
        return ""
    of_which = f"，其中示范党支部{count_text(model)}个" if model else ""
    if accepted == branches:
        return f"{count_text(branches)}个党支部全部通过标准化建设验收{of_which}。"
    head = (
        f"{count_text(branches)}个党支部全部完成标准化建设自评"
        if assessed == branches
        else f"{count_text(branches)}个党支部中{count_text(assessed)}个完成标准化建设自评"
    )
    text = head + (f"，{count_text(accepted)}个通过上级党委验收{of_which}" if accepted else "")
    return text + (f"；{count_text(failed)}个验收未达标。" if failed else "。")


def inspections_paragraph(d: Dashboard) -> str:
    """纪律作风督导 of the year: inspections, problems found, and how their 整改 went (on time, still overdue on the
    report's date); clauses with zero left out."""
    n = _v(d, "inspections.inspections")
    if not n:
        return ""
    problems, rectify = _v(d, "inspections.problems"), _v(d, "inspections.rectify")
    text = f"开展纪律作风督导检查{count_text(n)}次，" + (f"发现问题{count_text(problems)}个" if problems else "未发现问题")
    done, on_time, overdue = _v(d, "inspections.done"), _v(d, "inspections.on_time"), _v(d, "inspections.overdue")
    progress = _clauses([
        (done, f"已整改{count_text(done)}个"),
        (on_time, f"其中按期整改{count_text(on_time)}个"),
        (overdue, f"逾期未整改{count_text(overdue)}个"),
    ])
    if rectify and progress:
        text += f"；需整改的{count_text(rectify)}个问题中，{progress}"
    return text + "。"


def brands_paragraph(d: Dashboard) -> str:
    branches, branded = _v(d, "brands.branches"), _v(d, "brands.with_brand")
    if not branches or not branded:
        return ""
    own = f"，“一支部一品牌”达到{percent_text(d.value('brands.own_share'))}" if d.value("brands.own_share") else ""
    return (
        f"全面推进党建品牌创建，{count_text(branches)}个党支部中{count_text(branded)}个创建了党建品牌，"
        f"党建品牌覆盖率达到{percent_text(d.value('brands.coverage'))}{own}。"
    )


def reform_clause(identified: int, under_way: int, completed: int) -> str:
    """The verb follows the register's state: 细化梳理 (identified), 推进 (under way), 完成 (completed)."""
    total = identified + under_way + completed
    if not total:
        return ""
    if completed == total:
        return f"完成改革任务{count_text(total)}项"
    if under_way == total:
        return f"推进改革任务{count_text(total)}项"
    head = f"细化梳理改革任务{count_text(total)}项"
    detail = _clauses(
        [(completed, f"已完成{count_text(completed)}项"), (under_way, f"正在推进{count_text(under_way)}项")], "、"
    )
    return head + (f"，其中{detail}" if detail else "")


def awards_clause(by_level: dict[str, int], plain: int) -> str:
    """ "49项创新成果获省部级和行业协会技术奖": the levels the awards carry; awards without a level counted plainly."""
    levels = [level for level in (a.value for a in AwardLevel) if by_level.get(level)]
    total = sum(by_level.values())
    if total:
        names = "和".join(levels) if len(levels) <= 2 else "、".join(levels[:-1]) + "和" + levels[-1]
        return f"{count_text(total)}项创新成果获{names}技术奖"
    return f"获奖{count_text(plain)}项" if plain else ""


def innovation_paragraph(d: Dashboard) -> str:
    def k(kind: InnovationKind) -> int:
        return _v(d, f"innovation.{kind.value}")

    def state(s: TaskState) -> int:
        return _v(d, f"innovation.改革任务·{s.value}")

    reform = reform_clause(state(TaskState.IDENTIFIED), state(TaskState.UNDER_WAY), state(TaskState.COMPLETED))
    patents = _clauses(
        [
            (k(InnovationKind.UTILITY_PATENT), f"实用新型专利{count_text(k(InnovationKind.UTILITY_PATENT))}项"),
            (k(InnovationKind.INVENTION_PATENT), f"发明专利{count_text(k(InnovationKind.INVENTION_PATENT))}项"),
        ],
        "、",
    )
    by_level = {a.value: _v(d, f"innovation.获奖·{a.value}") for a in AwardLevel}
    text = _clauses(
        [
            (len(reform), reform),
            (k(InnovationKind.TECH_PROJECT), f"实施技术创新项目{count_text(k(InnovationKind.TECH_PROJECT))}项"),
            (k(InnovationKind.MASS_RESULT), f"取得群众性创新成果{count_text(k(InnovationKind.MASS_RESULT))}项"),
            (len(patents), f"获得{patents}"),
            (1, awards_clause(by_level, k(InnovationKind.AWARD))),
        ]
    )
    return f"{text}。" if text else ""


def zones_paragraph(d: Dashboard) -> str:
    zones, holders = _v(d, "zones.zones"), _v(d, "zones.members")
    if not zones:
        return ""
    return (
        f"设立党员责任区{count_text(zones)}个"
        + (
            f"，{count_text(holders)}名党员认领责任区，占党员总数的{percent_text(d.value('zones.member_share'))}"
            if holders
            else ""
        )
        + "。"
    )


# 亮明身份 post kinds as the report names them: a 突击队 is counted in 支 (teams), the posts in 个.
POST_KIND_WORDS = (("model", "党员示范岗", "个"), ("vanguard", "党员先锋岗", "个"), ("commando", "党员突击队", "支"),
                   ("safety", "党员安全监督岗", "个"))


def post_kinds(d: Dashboard, group: str = "posts") -> str:
    """ "党员示范岗12个、党员突击队3支": the posts of each kind in `group` ("posts": hung on the day)."""
    return _clauses([(_v(d, f"{group}.{key}"), f"{word}{count_text(_v(d, f'{group}.{key}'))}{unit}")
                     for key, word, unit in POST_KIND_WORDS], "、")


def posts_standing(d: Dashboard) -> str:
    """ "468名党员亮身份、挂牌上岗，一线党员上岗率为61%" on the dashboard's day ("" when nobody stands on a post)."""
    members = _v(d, "posts.members")
    share = d.value("posts.front_line_share") if _v(d, "posts.front_line_members") else 0.0
    return _clauses([
        (members, f"{count_text(members)}名党员亮身份、挂牌上岗"),
        (int(share > 0), f"一线党员上岗率为{percent_text(share)}"),
    ])


def posts_paragraph(d: Dashboard) -> str:
    """亮明身份 on the report's date: "设立党员示范岗12个、党员突击队3支，468名党员亮身份、挂牌上岗，一线党员上岗率为61%"."""
    if not _v(d, "posts.posts"):
        return ""
    standing = posts_standing(d)
    return _clauses([(1, f"深化“亮明身份”，设立{post_kinds(d)}"), (len(standing), standing)]) + "。"


def contests_paragraph(d: Dashboard) -> str:
    """技术比武 of the year: events, entrants, winners (members among them) and the honours granted, named by
    category ("授予“技术能手”“岗位能手”称号": quoted titles side by side take no 顿号, GB/T 15834 4.5.3.5)."""
    events = _v(d, "contests.events")
    if not events:
        return ""
    entrants, winners, members = _v(d, "contests.entrants"), _v(d, "contests.winners"), _v(d, "contests.member_winners")
    honoured = _v(d, "contests.honoured")
    prefix = "contests.honoured·"
    categories = [f.name.removeprefix("honoured·") for f in d.group("contests").figures
                  if f.key.startswith(prefix) and f.value]
    titles = "".join(f"“{c}”" for c in categories)
    text = _clauses([
        (1, f"组织开展技术比武{count_text(events)}场"),
        (entrants, f"参赛职工{count_text(entrants)}人次"),
        (winners, f"{count_text(winners)}人次获奖" + (f"（其中党员{count_text(members)}人次）" if members else "")),
        (honoured, f"{count_text(honoured)}人次被授予{titles}称号"),
    ])
    return text + "。"


def studios_working(d: Dashboard) -> str:
    """The studios working on the dashboard's day: "建成创新工作室3个（…；省级1个、集团级2个），其中2个加入…联盟，
    工作室成员6名" ("" when none)."""
    total = _v(d, "studios.studios")
    if not total:
        return ""
    kinds = [(f.label, int(f.value)) for f in d.group("studios_by_kind").figures if f.value]
    levels = [(f.label, int(f.value)) for f in d.group("studios_by_level").figures if f.value]
    alliances = [(f.name.removeprefix("联盟·"), int(f.value)) for f in d.group("studios").figures
                 if f.key.startswith("studios.联盟·") and f.value]
    members = _v(d, "studios.members")
    kind_text = "、".join(f"{k}{count_text(n)}个" for k, n in kinds) if len(kinds) > 1 else ""
    level_text = "、".join(f"{v}{count_text(n)}个" for v, n in levels)
    inside = "；".join(t for t in (kind_text, level_text) if t)
    name = kinds[0][0] if len(kinds) == 1 else "创新工作室"
    head = f"建成{name}{count_text(total)}个" + (f"（{inside}）" if inside else "")
    joined = "、".join(f"{count_text(n)}个加入{a}" for a, n in alliances)
    return _clauses([(1, head), (len(joined), f"其中{joined}"), (members, f"工作室成员{count_text(members)}名")])


def studios_paragraph(d: Dashboard) -> str:
    """创新工作室 on the report's date and their output of the year: "建成劳模创新工作室9个（省级3个、集团级6个），
    其中7个加入河南省劳模创新工作室联盟，工作室成员86名；全年取得创新成果12项、获得专利5项，…"."""
    results, patents = _v(d, "studios.results"), _v(d, "studios.patents")
    by_level = {a.value: _v(d, f"studios.获奖·{a.value}") for a in AwardLevel}
    awards = awards_clause(by_level, _v(d, "studios.awards") - sum(by_level.values()))
    head = studios_working(d)
    made = _clauses([(results, f"取得创新成果{count_text(results)}项"), (patents, f"获得专利{count_text(patents)}项")],
                    "、")
    output = _clauses([(len(made), made), (len(awards), awards)])
    if not head and not output:
        return ""
    if not head:
        return f"创新工作室全年{output}。"
    return head + (f"；全年{output}" if output else "") + "。"


# -- documents --------------------------------------------------------------------------------------------------
def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t) for t in texts if t]


def _named_table(named: Sequence[Honoured]) -> list[Table]:
    if not named or len(named) > NAMED_TABLE_MAX:
        return []
    rows = [[h.name, h.unit, h.title, h.level] for h in named]
    return [Table(["先进集体/个人", "所在单位", "荣誉称号", "级别"], rows, [2.5, 3, 3, 1.3])]


def report_document(d: Dashboard, issuer: str | None = None, named: Sequence[Honoured] = ()) -> NoticeDocument:
    unit_rows = [[f.label, count_text(int(f.value))] for f in d.group("by_unit").figures]
    blocks: list[Block] = [
        Paragraph(f"现将{d.unit_name}{d.year}年度党建工作主要数据统计如下。"),
        Heading("一、党员队伍基本情况"),
        Paragraph(members_paragraph(d)),
        *([Table(["单位", "党员人数"], unit_rows, [3, 1])] if 1 < len(unit_rows) <= 40 else []),
        *_paragraphs(standards_paragraph(d)),
        Heading("二、党员素质提升"),
        *_paragraphs(study_paragraph(d), mentor_paragraph(d)),
        Heading("三、党员责任落实"),
        *_paragraphs(zones_paragraph(d), deeds_paragraph(d), supervision_paragraph(d), inspections_paragraph(d)),
        Heading("四、党员示范带动"),
        *_paragraphs(honors_paragraph(d, named), brands_paragraph(d), innovation_paragraph(d)),
        *_paragraphs(studios_paragraph(d), contests_paragraph(d), posts_paragraph(d)),
        *_named_table(named),
    ]
    return NoticeDocument(
        title=f"{d.unit_name}{d.year}年度党建工作统计报告",
        recipients=None,
        blocks=blocks,
        issuer=issuer or d.unit_name,
        issue_date=d.as_of,
    )


def render_report(d: Dashboard, issuer: str | None = None, store: Store | None = None) -> bytes:
    """The PDF; with the store, the honours of 集团级 and above are named."""
    try:
        return render_notice(report_document(d, issuer, honoured(store, d) if store else ()))
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc


# -- a period of several years ----------------------------------------------------------------------------------
def period_totals(dashes: Sequence[Dashboard]) -> dict[str, int]:
    """Sums over the years of the counts a period report states ("累计")."""
    keys = (
        "flows.joined",
        "flows.became_full",
        "deeds.items",
        "deeds.relief_person_times",
        "deeds.relief_amount_fen",
        "honors.集团级·集体",
        "honors.集团级·个人",
        "honors.collectives",
        "honors.persons",
        "mentor.started",
        "mentor.graduated",
        *(f"innovation.{k.value}" for k in InnovationKind),
        *(f"innovation.改革任务·{s.value}" for s in TaskState),
        *(f"innovation.获奖·{a.value}" for a in AwardLevel),
        "studios.founded",
        "studios.results",
        "studios.patents",
        "studios.awards",
        *(f"studios.获奖·{a.value}" for a in AwardLevel),
        "standards.model",
        "standards.passed",
        "contests.events",
        "contests.entrants",
        "contests.winners",
        "contests.member_winners",
        "contests.honoured",
    )
    return {key: sum(_v(d, key) for d in dashes) for key in keys}


def _day(d: Dashboard) -> str:
    return f"{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日"


def period_inspections_paragraph(p: Period, span: str) -> str:
    """纪律作风督导 over the period: inspections, problems by kind, and their 整改 as they stood on the last day
    (statistics.period_figures: a 整改 found in one year and finished in the next is counted done)."""
    s = p.span
    n, problems = _v(s, "inspections.inspections"), _v(s, "inspections.problems")
    if not n:
        return ""
    kinds = [(k.value, _v(s, f"inspections.{k.value}")) for k in PROBLEM_KINDS if _v(s, f"inspections.{k.value}")]
    if not problems:
        found = "未发现问题"
    elif len(kinds) == 1:
        found = f"发现{kinds[0][0]}问题{count_text(problems)}个"
    else:
        found = f"发现问题{count_text(problems)}个（" + "、".join(f"{k}问题{count_text(c)}个" for k, c in kinds) + "）"
    text = f"{span}，累计开展纪律作风督导检查{count_text(n)}次，{found}"
    rectify, done, on_time = _v(s, "inspections.rectify"), _v(s, "inspections.done"), _v(s, "inspections.on_time")
    overdue = _v(s, "inspections.overdue")
    if rectify:
        progress = _clauses([
            (done, f"已整改{count_text(done)}个" + (f"（其中按期整改{count_text(on_time)}个）" if on_time else "")),
            (rectify - done - overdue, f"正在整改{count_text(rectify - done - overdue)}个"),
            (overdue, f"逾期未整改{count_text(overdue)}个"),
        ])
        text += f"；需整改的{count_text(rectify)}个问题中，截至{_day(s)}，{progress}"
    return text + "。"


def period_supervision_paragraph(p: Period, span: str) -> str:
    """13710督办 over the period: the items assigned in it, done on time or late, and still open on the last day."""
    s = p.span
    assigned = _v(s, "supervision_span.assigned")
    if not assigned:
        return ""
    on_time, late = _v(s, "supervision_span.on_time"), _v(s, "supervision_span.late")
    still_open, overdue = _v(s, "supervision_span.open"), _v(s, "supervision_span.overdue")
    done = _clauses([(on_time, f"按时办结{count_text(on_time)}件"), (late, f"超时办结{count_text(late)}件")], "、")
    text = f"{span}，实行13710督办，累计交办督办事项{count_text(assigned)}件" + (f"，{done}" if done else "")
    if still_open:
        text += f"；截至{_day(s)}，尚有{count_text(still_open)}件未办结"
        text += f"，其中逾期{count_text(overdue)}件" if overdue else ""
    else:
        text += "，已全部办结"
    return text + "。"


def period_contests_paragraph(p: Period, t: dict[str, int], span: str) -> str:
    """技术比武 over the period: events by organiser level, entrants, winners (members among them) and the honours
    granted per category, added up over the years."""
    events = t["contests.events"]
    if not events:
        return ""
    levels = [(f"{level.value}级", _v(p.span, f"contests_span.{level.value}")) for level in reversed(ContestLevel)]
    levels = [(word, n) for word, n in levels if n]
    if len(levels) == 1:
        held = f"组织开展{levels[0][0]}技术比武{count_text(events)}场"
    else:
        held = f"组织开展技术比武{count_text(events)}场" + (
            "（" + "、".join(f"{word}{count_text(n)}场" for word, n in levels) + "）" if levels else ""
        )
    categories: dict[str, int] = {}
    for d in p:
        for f in d.group("contests").figures:
            if f.key.startswith("contests.honoured·") and f.value:
                name = f.name.removeprefix("honoured·")
                categories[name] = categories.get(name, 0) + int(f.value)
    titles = "".join(f"“{c}”" for c, _n in sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])))
    entrants, winners, members = t["contests.entrants"], t["contests.winners"], t["contests.member_winners"]
    honoured = t["contests.honoured"]
    text = _clauses([
        (1, f"{span}，累计{held}"),
        (entrants, f"参赛职工{count_text(entrants)}人次"),
        (winners, f"{count_text(winners)}人次获奖" + (f"（其中党员{count_text(members)}人次）" if members else "")),
        (honoured, f"{count_text(honoured)}人次被授予{titles}称号"),
    ])
    return text + "。"


def period_posts_paragraph(p: Period, span: str) -> str:
    """亮明身份 over the period: the posts and teams hung in it (taken down since or not), then those hung on the last
    day with the members on them."""
    last = p[-1]
    listed = post_kinds(p.span, "posts_span")
    now = _clauses([(1, f"现有{post_kinds(last)}"), (1, posts_standing(last))]) if _v(last, "posts.posts") else ""
    if not listed and not now:
        return ""
    head = f"{span}，深化“亮明身份”，先后挂牌{listed}" if listed else "深化“亮明身份”"
    return head + (f"；截至{_day(last)}，{now}" if listed and now else f"，截至{_day(last)}，{now}" if now else "") + "。"


def period_zones_paragraph(p: Period, span: str) -> str:
    """党员责任区: those set up in the period (by their start date), then those in force on the last day and the
    members holding one."""
    last = p[-1]
    started, zones, holders = _v(p.span, "zones_span.started"), _v(last, "zones.zones"), _v(last, "zones.members")
    now = _clauses([
        (zones, f"现有党员责任区{count_text(zones)}个"),
        (holders, f"{count_text(holders)}名党员认领责任区，占党员总数的{percent_text(last.value('zones.member_share'))}"),
    ])
    parts = [f"{span}，先后设立党员责任区{count_text(started)}个" if started else "", f"截至{_day(last)}，{now}" if now else ""]
    text = "；".join(x for x in parts if x)
    return f"{text}。" if text else ""


def period_brands_paragraph(p: Period, span: str) -> str:
    """党建品牌: brands created in the period's years, coverage from the first year to the last (a year's brands are
    those created by its end), and the branches with a brand at the last year's end."""
    first, last = p[0], p[-1]
    created = _v(p.span, "brands_span.created")
    branches, branded = _v(last, "brands.branches"), _v(last, "brands.with_brand")
    before, after = first.value("brands.coverage"), last.value("brands.coverage")
    trend = ""
    if len(p) > 1 and _v(first, "brands.branches") and branches and before != after:
        verb = "提高到" if after > before else "下降到"
        trend = f"党建品牌覆盖率由{first.year}年的{percent_text(before)}{verb}{last.year}年的{percent_text(after)}"
    grew = _clauses([(created, f"先后创建党建品牌{count_text(created)}个"), (len(trend), trend)])
    own = last.value("brands.own_share")
    now = _clauses([
        (1, f"{count_text(branches)}个党支部中{count_text(branded)}个创建了党建品牌"),
        (not trend, f"党建品牌覆盖率达到{percent_text(after)}"),
        (int(own > 0), f"“一支部一品牌”达到{percent_text(own)}"),
    ]) if branches and branded else ""
    parts = [f"{span}，{grew}" if grew else "", f"截至{_day(last)}，{now}" if now else ""]
    text = "；".join(x for x in parts if x)
    return f"{text}。" if text else ""


def period_studios_paragraph(dashes: Sequence[Dashboard], t: dict[str, int], span: str) -> str:
    """创新工作室 over the period: those founded in it ("先后新建", closed since or not), those working on the last
    day with their kinds, levels, alliances and members (the annual sentence's head), and their output added up."""
    last = dashes[-1]
    founded = t["studios.founded"]
    by_level = {a.value: t[f"studios.获奖·{a.value}"] for a in AwardLevel}
    awards = awards_clause(by_level, t["studios.awards"] - sum(by_level.values()))
    made = _clauses(
        [
            (t["studios.results"], f"取得创新成果{count_text(t['studios.results'])}项"),
            (t["studios.patents"], f"获得专利{count_text(t['studios.patents'])}项"),
        ],
        "、",
    )
    output = _clauses([(len(made), made), (len(awards), awards)])
    grew = _clauses(
        [(founded, f"先后新建创新工作室{count_text(founded)}个"), (len(output), f"工作室累计{output}")]
    )
    now = studios_working(last)
    day = f"{last.as_of.year}年{last.as_of.month}月{last.as_of.day}日"
    parts = [f"{span}，{grew}" if grew else "", f"截至{day}，{now}" if now else ""]
    text = "；".join(p for p in parts if p)
    return f"{text}。" if text else ""


def period_standards_paragraph(dashes: Sequence[Dashboard], t: dict[str, int], span: str) -> str:
    """标准化建设 over the period: coverage (accepted ÷ branches) from the first year accepted to the last, the 示范
    and 达标 acceptances added up (个次: a branch accepted in two years counts twice), then the last assessed year
    as the annual report says it."""
    years = [d for d in dashes if _v(d, "standards.branches") and _v(d, "standards.assessed")]
    if not years:
        return ""
    last = years[-1]
    # Coverage moves between years the committee has judged: a running year with self-assessments and no acceptance
    # yet would read as coverage falling to 0%.
    judged = [d for d in years if _v(d, "standards.accepted") + _v(d, "standards.failed")]
    parts = []
    if len(years) > 1:
        if len(judged) > 1:
            first_judged, last_judged = judged[0], judged[-1]
            before, after = first_judged.value("standards.coverage"), last_judged.value("standards.coverage")
            if before != after:
                verb = "提高到" if after > before else "下降到"
                parts.append(
                    f"党支部标准化建设覆盖率由{first_judged.year}年的{percent_text(before)}{verb}{last_judged.year}年的"
                    f"{percent_text(after)}"
                )
        model, passed = t["standards.model"], t["standards.passed"]
        accepted = _clauses(
            [(model, f"示范党支部{count_text(model)}个次"), (passed, f"达标党支部{count_text(passed)}个次")], "、"
        )
        if accepted:
            parts.append(f"累计验收{accepted}")
    head = f"{span}，{'，'.join(parts)}；" if parts else ""
    return f"{head}{last.year}年，{standards_paragraph(last)}"


def period_paragraphs(dashes: Period) -> list[str]:
    """ "2022年至2026年，先后发展党员…名，累计开展我为职工办实事…件…": the sentences of a report over several years;
    the roll is stated as of the last year's end."""
    if not dashes:
        return []
    first, last = dashes[0], dashes[-1]
    t = period_totals(dashes)
    span = f"{first.year}年至{last.year}年" if first.year != last.year else f"{first.year}年"
    grew = _clauses(
        [
            (t["flows.joined"], f"发展党员{count_text(t['flows.joined'])}名"),
            (t["mentor.started"], f"结成师徒对子{count_text(t['mentor.started'])}对"),
        ],
        "、",
    )
    relief = _clauses(
        [
            (t["deeds.relief_person_times"], f"救助困难职工{count_text(t['deeds.relief_person_times'])}人次"),
            (t["deeds.relief_amount_fen"], f"发放救助资金{money_text(t['deeds.relief_amount_fen'])}"),
        ]
    )
    deeds = (
        f"开展我为职工办实事{count_text(t['deeds.items'])}件" + (f"，{relief}" if relief else "")
        if t["deeds.items"]
        else ""
    )
    cumulative = "，".join(p for p in (f"先后{grew}" if grew else "", f"累计{deeds}" if deeds else "") if p)
    out = [f"{span}，{cumulative}。"] if cumulative else []
    units, people = t["honors.集团级·集体"], t["honors.集团级·个人"]
    by_group = _clauses([(units, f"{count_text(units)}个先进集体"), (people, f"{count_text(people)}名先进个人")], "和")
    if by_group:
        out.append(f"{by_group}受到集团表彰。")
    reform = reform_clause(
        t[f"innovation.改革任务·{TaskState.IDENTIFIED.value}"],
        t[f"innovation.改革任务·{TaskState.UNDER_WAY.value}"],
        t[f"innovation.改革任务·{TaskState.COMPLETED.value}"],
    )
    awards = awards_clause(
        {a.value: t[f"innovation.获奖·{a.value}"] for a in AwardLevel}, t[f"innovation.{InnovationKind.AWARD.value}"]
    )
    innovation = _clauses([(len(reform), f"累计{reform}"), (len(awards), awards)])
    if innovation:
        out.append(f"{innovation}。")
    out += [
        p
        for p in (
            period_zones_paragraph(dashes, span),
            period_supervision_paragraph(dashes, span),
            period_inspections_paragraph(dashes, span),
            period_brands_paragraph(dashes, span),
            period_studios_paragraph(dashes, t, span),
            period_contests_paragraph(dashes, t, span),
            period_posts_paragraph(dashes, span),
            period_standards_paragraph(dashes, t, span),
        )
        if p
    ]
    out.append(roll_text(last))
    return out


def period_document(dashes: Period, issuer: str | None = None) -> NoticeDocument:
    first, last = dashes[0], dashes[-1]
    return NoticeDocument(
        title=f"{last.unit_name}{first.year}—{last.year}年党建工作统计报告",
        recipients=None,
        blocks=[
            Paragraph(f"现将{last.unit_name}{first.year}年至{last.year}年党建工作主要数据统计如下。"),
            *_paragraphs(*period_paragraphs(dashes)),
        ],
        issuer=issuer or last.unit_name,
        issue_date=last.as_of,
    )


def render_period_report(dashes: Period, issuer: str | None = None) -> bytes:
    try:
        return render_notice(period_document(dashes, issuer))
    except ReportError as exc:
        raise ServiceError(str(exc)) from exc
