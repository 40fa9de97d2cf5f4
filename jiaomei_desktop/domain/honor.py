"""Honours (先进典型): what a valid record is, which categories and levels exist, and which honour counts highest.

Pure rules, no storage: the services call `validate_honor` before writing and `highest` / `sort_key` to pick the
honour a gallery card shows. Categories are extendable (users add their own); levels are fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from jiaomei_desktop.domain.enums import HONOR_LEVEL_RANK, HonorCategory, HonorLevel
from jiaomei_desktop.i18n import _

TITLE_MAX = 200
CATEGORY_MAX = 30
BODY_MAX = 120
DEEDS_MAX = 20000
EARLIEST_DATE = date(1949, 10, 1)

# Built-in categories, in the order the lists show them. Users may add more (stored in honor_category).
PERSON_CATEGORIES: tuple[str, ...] = (
    HonorCategory.MODEL_WORKER.value,
    HonorCategory.OUTSTANDING_MEMBER.value,
    HonorCategory.OUTSTANDING_PARTY_WORKER.value,
    HonorCategory.ADVANCED_INDIVIDUAL.value,
    HonorCategory.TECHNICAL_EXPERT.value,
    HonorCategory.LABOUR_MEDAL.value,
)
# Honours only a party member can receive (党内表彰: the 中国共产党党内功勋荣誉表彰条例 gives 优秀共产党员 and
# 优秀党务工作者 to 党员): the person must be a 正式党员 on the award date; a 预备党员 is
# warned about (the 预备期 is a time of 考察, 党章 第七条), a non-member refused.
MEMBER_ONLY_CATEGORIES: tuple[str, ...] = (
    HonorCategory.OUTSTANDING_MEMBER.value,
    HonorCategory.OUTSTANDING_PARTY_WORKER.value,
)
COLLECTIVE_NAME_MAX = 120
UNIT_CATEGORIES: tuple[str, ...] = (HonorCategory.ADVANCED_COLLECTIVE.value, "先进基层党组织")
DEFAULT_CATEGORIES: tuple[str, ...] = PERSON_CATEGORIES + UNIT_CATEGORIES

LEVELS: tuple[str, ...] = tuple(level.value for level in HonorLevel)  # highest first
_UNKNOWN_RANK = len(LEVELS)


@dataclass(frozen=True)
class HonorData:
    """One honour as a form edits it. Exactly one of person_id / unit_id is set (a unit = 先进集体)."""

    title: str
    category: str
    level: str
    award_date: date | None
    person_id: str | None = None
    unit_id: str | None = None
    awarding_body: str | None = None
    deeds: str | None = None
    photo_sha256: str | None = None
    id: str | None = None
    # A 先进集体 that is no party unit (a 区队, a 班组): its name; unit_id is then the party unit it belongs to.
    collective_name: str | None = None

    def with_changes(self, **changes: object) -> HonorData:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MemberFacts:
    """What eligibility needs to know about the honoured person."""

    join_date: date | None
    full_member_date: date | None
    left_party_on: date | None = None  # 出党 or 去世 before the award: no longer a member


# The awarding body sets the level: read from its name, most specific first (a 集团's 煤矿 awards 矿级).
_LEVEL_WORDS: tuple[tuple[HonorLevel, tuple[str, ...]], ...] = (
    (HonorLevel.NATIONAL, ("全国", "中华全国", "中共中央", "国务院")),
    (HonorLevel.MUNICIPAL, ("市委", "市人民政府", "市总工会", "市政府", "市")),
    (HonorLevel.PROVINCIAL, ("省", "自治区")),
    (HonorLevel.MINE, ("矿", "厂")),
    (HonorLevel.GROUP, ("集团",)),
)


def level_of_body(body: str | None) -> HonorLevel | None:
    """The level an awarding body's name implies ("焦煤集团党委" → 集团级), or None when the name does not say
    (an industry association, an unusual name): then the level chosen stands."""
    text = (body or "").strip()
    if not text:
        return None
    for level, words in _LEVEL_WORDS:
        if any(word in text for word in words):
            return level
    return None


def eligibility(data: HonorData, member: MemberFacts | None) -> tuple[dict[str, str], list[str]]:
    """(errors, warnings) of who may receive the honour; `member` None = the person is not a party member."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if data.category in MEMBER_ONLY_CATEGORIES and data.person_id and data.award_date:
        category = _(data.category)
        day = data.award_date
        joined = member is not None and member.join_date is not None and member.join_date <= day
        gone = member is not None and member.left_party_on is not None and member.left_party_on <= day
        if not joined or gone:
            errors["category"] = _("“{category}”只授予党员：该同志在{date}不是党员").format(
                category=category, date=day.isoformat())
        elif member is not None and (member.full_member_date is None or member.full_member_date > day):
            warnings.append(_("该同志在{date}是预备党员，“{category}”一般授予正式党员").format(
                date=day.isoformat(), category=category))
    return errors, warnings


def level_rank(level: str) -> int:
    """0 = 国家级 (highest) … 4 = 矿级; anything unknown ranks below all."""
    try:
        return HONOR_LEVEL_RANK[HonorLevel(level)]
    except ValueError:
        return _UNKNOWN_RANK


def sort_key(level: str, award_date: date | None) -> tuple[int, int]:
    """Highest first: level rank, then the newer honour (so a 2026 集团级 beats a 2024 集团级)."""
    return level_rank(level), -(award_date.toordinal() if award_date else 0)


def highest(honours: Iterable[HonorData]) -> HonorData | None:
    return min(honours, key=lambda h: sort_key(h.level, h.award_date), default=None)


def normalized(data: HonorData) -> HonorData:
    """Trimmed text, empty optional text as None, full-width spaces removed from the category."""

    def clean(value: str | None) -> str | None:
        text = (value or "").strip()
        return text or None

    return data.with_changes(
        title=(data.title or "").strip(),
        category=(data.category or "").replace("\u3000", "").strip(),
        level=(data.level or "").strip(),
        awarding_body=clean(data.awarding_body),
        deeds=clean(data.deeds),
        collective_name=clean(data.collective_name),
    )


def category_error(name: str) -> str | None:
    """The rule for a new (user-added) category name."""
    text = name.strip()
    if not text:
        return _("类别名称不能为空")
    if len(text) > CATEGORY_MAX:
        return _("类别名称不能超过{n}个字").format(n=CATEGORY_MAX)
    return None


def validate_honor(data: HonorData, today: date | None = None) -> dict[str, str]:
    """Every rule that needs no database; field name -> message in the UI language. Empty dict = valid."""
    today = today or date.today()
    errors: dict[str, str] = {}
    if bool(data.person_id) == bool(data.unit_id):
        errors["subject"] = _("请选择获得荣誉的个人或集体（二者选其一）")
    if not data.title.strip():
        errors["title"] = _("请填写荣誉称号")
    elif len(data.title) > TITLE_MAX:
        errors["title"] = _("荣誉称号不能超过{n}个字").format(n=TITLE_MAX)
    message = category_error(data.category) if data.category.strip() else _("请选择荣誉类别")
    if message:
        errors["category"] = message
    elif data.person_id and data.category in UNIT_CATEGORIES:
        errors["category"] = _("“{category}”是集体荣誉，个人请选择其他类别").format(category=_(data.category))
    elif data.unit_id and data.category in PERSON_CATEGORIES:
        errors["category"] = _("“{category}”是个人荣誉，集体请选择“先进集体”等类别").format(category=_(data.category))
    if data.level not in LEVELS:
        errors["level"] = _("请选择荣誉级别（{levels}）").format(levels=_("、").join(_(level) for level in LEVELS))
    elif (implied := level_of_body(data.awarding_body)) is not None and implied.value != data.level:
        errors["level"] = _("授予单位“{body}”颁发的荣誉为{implied}，不是{level}").format(
            body=data.awarding_body, implied=_(implied.value), level=_(data.level))
    if data.category == HonorCategory.MODEL_WORKER.value and "奖章" in data.title:
        errors["category"] = _("“{title}”是奖章，不是劳动模范称号，请选择“劳动奖章”").format(title=data.title)
    if data.collective_name is not None:
        if not data.unit_id:
            errors["subject"] = _("集体名称须同时选择其所属的党组织")
        elif len(data.collective_name) > COLLECTIVE_NAME_MAX:
            errors["subject"] = _("集体名称不能超过{n}个字").format(n=COLLECTIVE_NAME_MAX)
    if data.award_date is None:
        errors["award_date"] = _("请填写获奖日期")
    elif data.award_date > today:
        errors["award_date"] = _("获奖日期不能晚于今天")
    elif data.award_date < EARLIEST_DATE:
        errors["award_date"] = _("获奖日期不能早于1949年10月1日")
    if data.awarding_body and len(data.awarding_body) > BODY_MAX:
        errors["awarding_body"] = _("授予单位不能超过{n}个字").format(n=BODY_MAX)
    if data.deeds and len(data.deeds) > DEEDS_MAX:
        errors["deeds"] = _("事迹不能超过{n}字（现有{count}字），请精简").format(n=DEEDS_MAX, count=len(data.deeds))
    return errors


def merged_categories(extra: Iterable[str]) -> list[str]:
    """Built-in categories first, then the user's own in the order given, without duplicates."""
    seen: dict[str, None] = dict.fromkeys(DEFAULT_CATEGORIES)
    for name in extra:
        if name and name not in seen:
            seen[name] = None
    return list(seen)


def year_of(award_date: date | None) -> int | None:
    return award_date.year if award_date else None
