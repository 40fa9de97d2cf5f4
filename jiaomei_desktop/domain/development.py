"""发展阶段 (入党申请人 → 入党积极分子 → 发展对象) of a non-member, kept apart from 政治面貌: the rules of
中国共产党发展党员工作细则 on its dates, and the reading of the older records that wrote the stage as 政治面貌."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.i18n import _

# 党章 第一条 and 发展党员工作细则 第五条: 年满十八岁 may apply to join.
MIN_APPLICATION_AGE = 18
# 发展党员工作细则 第十三条: 经过一年以上培养教育和考察 … 可列为发展对象 (from the day the 支部 made them 积极分子).
ACTIVIST_MIN_MONTHS = 12

# The date field that records reaching each stage, in the order of the steps.
STAGE_DATE_FIELDS: dict[DevelopmentStage, str] = {
    DevelopmentStage.APPLICANT: "application_date",
    DevelopmentStage.ACTIVIST: "activist_date",
    DevelopmentStage.TARGET: "target_date",
}
STAGE_ORDER: tuple[DevelopmentStage, ...] = tuple(STAGE_DATE_FIELDS)


@dataclass(frozen=True)
class DevelopmentRecord:
    """What the rules read of a person: 政治面貌, 发展阶段 and the dates of the steps."""

    political_status: PoliticalStatus
    stage: DevelopmentStage | None
    birth_date: date | None
    application_date: date | None
    activist_date: date | None
    target_date: date | None
    join_date: date | None


def development_problems(record: DevelopmentRecord) -> list[tuple[str, str]]:
    """(field, message) for every broken rule, in the order a clerk fills the form."""
    found: list[tuple[str, str]] = []
    stage = record.stage
    if stage is not None and record.political_status.is_member:
        # 细则 第四章: admission ends the stages; a 预备党员 or 正式党员 is described by 政治面貌 alone.
        found.append(
            (
                "development_stage",
                _("{status}不再有发展阶段（发展阶段只用于群众和共青团员）").format(
                    status=_(record.political_status.value)
                ),
            )
        )
    if stage is not None and not record.political_status.is_member:
        reached = STAGE_ORDER.index(stage)
        for later in STAGE_ORDER[reached + 1 :]:
            name = STAGE_DATE_FIELDS[later]
            if getattr(record, name) is not None:
                found.append((name, _("{stage}还没有这一步的日期").format(stage=_(stage.value))))
    if stage is None and not record.political_status.is_member:
        for name in STAGE_DATE_FIELDS.values():
            if getattr(record, name) is not None:
                found.append((name, _("请先选择发展阶段")))
                break
    found += _date_order(record)
    return found


def _date_order(record: DevelopmentRecord) -> list[tuple[str, str]]:
    from jiaomei_desktop.domain.person import add_months  # person validates through this module

    found: list[tuple[str, str]] = []
    applied, activist, target = record.application_date, record.activist_date, record.target_date
    birth = record.birth_date
    if birth and applied and add_months(birth, 12 * MIN_APPLICATION_AGE) > applied:
        found.append(("application_date", _("申请入党时应年满十八周岁（党章第一条）")))
    if applied and activist and activist <= applied:
        # 细则 第八条: 入党积极分子 are chosen among those who have applied.
        found.append(("activist_date", _("确定为入党积极分子的日期应晚于申请入党日期")))
    if activist and target and add_months(activist, ACTIVIST_MIN_MONTHS) > target:
        found.append(
            (
                "target_date",
                _("入党积极分子经过一年以上培养考察才能列为发展对象（发展党员工作细则第十三条），最早为{date}").format(
                    date=add_months(activist, ACTIVIST_MIN_MONTHS).isoformat()
                ),
            )
        )
    steps = [d for d in (applied, activist, target) if d is not None]
    if record.join_date and steps and max(steps) >= record.join_date:
        found.append(("join_date", _("入党日期应晚于发展阶段各步的日期")))
    return found


# Stores before revision 0018 and their Excel sheets wrote the stage as 政治面貌.
LEGACY_STAGE_STATUSES: dict[str, DevelopmentStage] = {
    "入党积极分子": DevelopmentStage.ACTIVIST,
    "积极分子": DevelopmentStage.ACTIVIST,
    "发展对象": DevelopmentStage.TARGET,
    "入党申请人": DevelopmentStage.APPLICANT,
    "申请入党": DevelopmentStage.APPLICANT,
}
# Words in 职务 or 备注 that say a person is in the Youth League (a 团支部书记 is a 团员): such a person's 政治面貌
# becomes 共青团员 rather than 群众. Not a bare "团委" or "团员" inside the text: "集团委员会", "集团员工" hold them.
# The same rule is in db migration 0018, frozen there.
LEAGUE_MARKERS: tuple[str, ...] = ("共青团", "团支部", "团总支", "团委书记", "团委副书记", "团委委员")
LEAGUE_PREFIX = "团员"  # a 备注 or 职务 that starts with it ("团员，2019年入团")


def is_league_member(*texts: str | None) -> bool:
    return any(
        any(marker in (text or "") for marker in LEAGUE_MARKERS) or (text or "").startswith(LEAGUE_PREFIX)
        for text in texts
    )


def split_legacy_status(
    status: str, position: str | None = None, notes: str | None = None
) -> tuple[str, DevelopmentStage | None]:
    """(政治面貌, 发展阶段) of an old record whose 政治面貌 may be a stage; anything else is returned as it was."""
    stage = LEGACY_STAGE_STATUSES.get(status)
    if stage is None:
        return status, None
    league = is_league_member(position, notes)
    return (PoliticalStatus.YOUTH_LEAGUE if league else PoliticalStatus.MASSES).value, stage
