"""Vocabularies and rules of the "1+1+3" registers: 党员责任区, 我为职工办实事, 党建品牌, innovation.

Values are the Chinese terms, stored as-is (like domain.enums).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from jiaomei_desktop.i18n import _

YEAR_MIN = 1949
MONEY_MAX_FEN = 100_000_000_000  # 10亿元: anything larger is a typing error, not a deed
PERSON_TIMES_MAX = 10_000_000


class ZoneKind(StrEnum):
    SAFETY = "安全生产"
    EQUIPMENT = "设备管理"
    QUALITY = "工程质量"
    EPIDEMIC = "疫情防控"
    ENVIRONMENT = "环境卫生"
    SERVICE = "服务群众"
    OTHER = "其他"


class DeedState(StrEnum):
    PLANNED = "计划"
    DONE = "已办结"


class DeedCategory(StrEnum):
    RELIEF = "困难帮扶"
    MEDICAL = "医疗救助"
    EDUCATION = "助学"
    CONDITIONS = "生产生活条件改善"
    RIGHTS = "权益保障"
    CULTURE = "文体活动"
    OTHER = "其他"


# 救助: the deeds that help workers in need with money (困难帮扶, 医疗救助, 助学); the annual report's "救助困难职工…人次，
# 发放救助资金…" counts these only, not improvements of working conditions or cultural events.
RELIEF_CATEGORIES: tuple[str, ...] = (DeedCategory.RELIEF.value, DeedCategory.MEDICAL.value, DeedCategory.EDUCATION.value)


class InnovationKind(StrEnum):
    REFORM_TASK = "改革任务"
    TECH_PROJECT = "技术创新项目"
    MASS_RESULT = "群众性创新成果"
    UTILITY_PATENT = "实用新型专利"
    INVENTION_PATENT = "发明专利"
    AWARD = "获奖"


class TaskState(StrEnum):
    """Where a 改革任务 stands: the annual report's verb follows it (梳理 / 推进 / 完成)."""

    IDENTIFIED = "已梳理"
    UNDER_WAY = "推进中"
    COMPLETED = "已完成"


class AwardLevel(StrEnum):
    """The level of the award an innovation result received (seed §4: "获省部级和行业协会技术奖")."""

    NATIONAL = "国家级"
    PROVINCIAL = "省部级"
    INDUSTRY = "行业协会"
    MUNICIPAL = "市厅级"
    GROUP = "集团级"


def parse_yuan(text: str) -> int:
    """"2,300.50" / "2300.5元" / "12万" → integer fen. Raises ValueError with a message for the user."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "").removesuffix("元")
    factor = Decimal(100)
    if cleaned.endswith("万"):
        cleaned, factor = cleaned[:-1], Decimal(1_000_000)
    if not cleaned:
        return 0
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“{text}”不是有效的金额").format(text=text)) from None
    if not value.is_finite():
        raise ValueError(_("“{text}”不是有效的金额").format(text=text))
    if value < 0:
        raise ValueError(_("金额不能为负数"))
    return int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_yuan(fen: int) -> str:
    """12345 → "123.45"; whole yuan without decimals."""
    yuan, cents = divmod(fen, 100)
    return f"{yuan:,}" if cents == 0 else f"{yuan:,}.{cents:02d}"
