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
)
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

    def with_changes(self, **changes: object) -> HonorData:
        return replace(self, **changes)  # type: ignore[arg-type]


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
