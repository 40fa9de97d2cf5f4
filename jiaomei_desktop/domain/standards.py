"""党支部标准化建设 (issue 19, point 6): the checklist a branch assesses itself by each year, and the result its
committee (上级党委) gives when it accepts (验收) the branch: 达标, 示范 or 未达标.

The group's own checklist could not be found with the search tool. The defaults follow the areas that published
branch-standardisation checklists share and the rules of 《中国共产党支部工作条例（试行）》(2018) behind them:
- 组织设置 (条例 第二章: 正式党员3人以上成立党支部, 党员一般不超过50人) and 支部班子 (条例 第六章: 有正式党员7人以上的
  党支部应当设立党支部委员会, 3至5人; 不足7人的设1名书记 — http://m.sp522.com/detail/19979, which quotes 第二章 and
  第六章);
- 组织生活 (条例 第五章: 三会一课, 主题党日, 组织生活会, 民主评议党员), 党员队伍, 阵地建设, 基础保障, 制度建设 and 作用发挥:
  the areas of the 基层党建标准化建设工作手册 ("围绕组织设置、队伍建设、制度执行、活动开展、阵地建设",
  http://zixun.ndcgxx.cn/jxfw/202506/361209.html) and of a 基层党支部标准化建设实施细则 (班子建设标准, 党组织机构设置,
  https://m.wenke99.com/p-5351377.html); a checklist of 100 points split by area, each item with its own points, is
  how such 检查评比验收表 are laid out (e.g. http://www.wm114.cn/wen/152/302348.html: "25分 … 4分 … 6分").
- 党员责任区 and 亮明身份 are the group's own 1+1+3 practices (docs/design.md), scored under 作用发挥.

So the items, their points and the lines for 达标 and 示范 are settings (services.standards) with these defaults.
Items the app can judge from its own records carry an `auto` rule and are filled in by the system (系统判定).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from jiaomei_desktop.domain.text import text_problem
from jiaomei_desktop.i18n import N_, _

MAX_ITEMS = 40
MAX_WEIGHT = 100.0


class AutoRule:
    """What the system judges an item by (services.standards.judge). Plain keys rather than an enum: they are stored
    in the checklist setting and never shown (the vocabulary extraction takes every enum's values as UI text)."""

    COMMITTEE = "committee"  # 支委会 in place (≥7 正式党员) or a 书记 (<7), 条例 第六章
    ORG_LIFE = "org_life"  # 组织生活制度 compliance of the year (services.study compliance grid)
    ZONES = "zones"  # share of the branch's members holding a 党员责任区
    POSTS = "posts"  # a 亮明身份 post hung in the year
    ALL = (COMMITTEE, ORG_LIFE, ZONES, POSTS)


class Result(StrEnum):
    """The committee's word at acceptance (验收)."""

    MODEL = "示范"
    PASSED = "达标"
    FAILED = "未达标"

    @property
    def accepted(self) -> bool:
        return self is not Result.FAILED


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # stable id, stored with the scores
    category: str  # 组织设置, 组织生活, …
    name: str  # what is checked
    weight: float  # the item's points
    auto: str | None = None  # AutoRule value: filled in by the system

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "category": self.category, "name": self.name, "weight": self.weight, "auto": self.auto}


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]
    pass_line: float  # 达标: the self-assessed total at least this
    model_line: float  # 示范: at least this

    @property
    def total(self) -> float:
        return sum(i.weight for i in self.items)

    def item(self, key: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.key == key), None)

    def to_json(self) -> str:
        return json.dumps(
            {"items": [i.as_dict() for i in self.items], "pass_line": self.pass_line, "model_line": self.model_line},
            ensure_ascii=False,
        )


# Chinese source text (N_): stored as data in the setting, shown through _() where it is the default.
DEFAULT_ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("setup", N_("组织设置"), N_("支部设置符合条例，党员一般不超过50人，按期换届"), 10),
    ChecklistItem(
        "committee",
        N_("组织设置"),
        N_("支部班子健全：7名以上正式党员设支委会，不足7人设书记"),
        10,
        AutoRule.COMMITTEE,
    ),
    ChecklistItem(
        "org_life",
        N_("组织生活"),
        N_("三会一课、主题党日、组织生活会、民主评议党员按制度开展"),
        20,
        AutoRule.ORG_LIFE,
    ),
    ChecklistItem("members", N_("党员队伍"), N_("党员教育管理、发展党员、党费收缴规范"), 15),
    ChecklistItem("venue", N_("阵地建设"), N_("有活动场所，标识、制度上墙，资料齐全"), 10),
    ChecklistItem("support", N_("基础保障"), N_("工作经费有保障，台账记录完整"), 10),
    ChecklistItem("rules", N_("制度建设"), N_("议事、学习、考核等制度健全并执行"), 10),
    ChecklistItem("zones", N_("作用发挥"), N_("党员认领责任区"), 5, AutoRule.ZONES),
    ChecklistItem("posts", N_("作用发挥"), N_("亮明身份：党员示范岗、先锋岗、突击队挂牌"), 5, AutoRule.POSTS),
    ChecklistItem("role", N_("作用发挥"), N_("围绕安全生产中心工作发挥战斗堡垒作用"), 5),
)
DEFAULT_PASS_LINE = 80.0
DEFAULT_MODEL_LINE = 90.0
DEFAULT_CHECKLIST = Checklist(DEFAULT_ITEMS, DEFAULT_PASS_LINE, DEFAULT_MODEL_LINE)


def parse_checklist(text: str | None) -> Checklist | None:
    """A stored checklist, or None when the text is missing or not one (the caller falls back to the default)."""
    if not text:
        return None
    try:
        raw = json.loads(text)
        items = tuple(
            ChecklistItem(str(i["key"]), str(i["category"]), str(i["name"]), float(i["weight"]), i.get("auto") or None)
            for i in raw["items"]
        )
        checklist = Checklist(items, float(raw["pass_line"]), float(raw["model_line"]))
    except (ValueError, TypeError, KeyError):
        return None
    return None if checklist_errors(checklist) else checklist


def checklist_errors(checklist: Checklist) -> dict[str, str]:
    """Field → message for a checklist someone set."""
    errors: dict[str, str] = {}
    items = checklist.items
    if not items:
        errors["items"] = _("检查表至少要有一项")
    elif len(items) > MAX_ITEMS:
        errors["items"] = _("检查表最多{n}项").format(n=MAX_ITEMS)
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys) or any(not k.strip() for k in keys):
        errors["items"] = _("检查项的编号不能为空或重复")
    autos = [i.auto for i in items if i.auto]
    if any(a not in AutoRule.ALL for a in autos) or len(set(autos)) != len(autos):
        errors["items"] = _("系统判定项每种只能有一项")
    for i in items:
        if not i.name.strip() or not i.category.strip():
            errors.setdefault("items", _("每一项都要写明类别和内容"))
        if not 0 < i.weight <= MAX_WEIGHT:
            errors.setdefault(
                "items", _("“{name}”的分值应大于0且不超过{max}分").format(name=i.name, max=f"{MAX_WEIGHT:g}")
            )
    total = checklist.total
    if not 0 < checklist.pass_line <= checklist.model_line <= total:
        errors["lines"] = _("应满足 0 < 达标分数线 ≤ 示范分数线 ≤ 总分（{total}分）").format(total=f"{total:g}")
    return errors


@dataclass(frozen=True)
class Score:
    """One item's score as assessed: by hand, or by the system (auto) with the evidence it judged by."""

    score: float
    note: str = ""
    auto: bool = False
    evidence: str = ""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"score": self.score}
        if self.note:
            out["note"] = self.note
        if self.auto:
            out["auto"] = True
            out["evidence"] = self.evidence
        return out


def scores_to_json(scores: Mapping[str, Score]) -> str:
    return json.dumps({k: s.as_dict() for k, s in scores.items()}, ensure_ascii=False, sort_keys=True)


def scores_from_json(text: str | None) -> dict[str, Score]:
    try:
        raw = json.loads(text or "{}")
        return {
            str(k): Score(
                float(v["score"]), str(v.get("note") or ""), bool(v.get("auto")), str(v.get("evidence") or "")
            )
            for k, v in raw.items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def round_half(value: float) -> float:
    """Points in half steps, as checklists score (0.5分), halves rounded up (1.25 → 1.5)."""
    return math.floor(value * 2 + 0.5) / 2


def score_errors(items: Sequence[ChecklistItem], scores: Mapping[str, Score]) -> dict[str, str]:
    """A hand score must lie between 0 and the item's points; every item scored."""
    errors: dict[str, str] = {}
    for item in items:
        s = scores.get(item.key)
        field = f"score.{item.key}"
        if s is None:
            errors[field] = _("请为“{name}”打分").format(name=_(item.name))
        elif s.score < 0:
            errors[field] = _("“{name}”的得分不能为负数").format(name=_(item.name))
        elif s.score > item.weight:
            errors[field] = _("“{name}”的得分{score}分超过该项分值{weight}分").format(
                name=_(item.name), score=f"{s.score:g}", weight=f"{item.weight:g}"
            )
        else:
            problem = note_problem(item, s.note)
            if problem:
                errors[field] = problem
    return errors


def note_problem(item: ChecklistItem, note: str) -> str | None:
    """An item's note: one line of at most 200 characters, no invisible characters (sync refuses those)."""
    if len(note) > 200:
        return _("“{name}”的说明过长（最多200个字）").format(name=_(item.name))
    return text_problem(note, _("{name}的说明").format(name=_(item.name)))


def result_errors(result: str, total: float, checklist: Checklist) -> dict[str, str]:
    """达标 and 示范 need the self-assessed total to reach their lines."""
    if result not in tuple(Result):
        return {"result": _("请选择验收结论（达标、示范或未达标）")}
    if result == Result.MODEL and total < checklist.model_line:
        return {
            "result": _("自评总分{total}分，未达到示范党支部分数线{line}分").format(
                total=f"{total:g}", line=f"{checklist.model_line:g}"
            )
        }
    if result == Result.PASSED and total < checklist.pass_line:
        return {
            "result": _("自评总分{total}分，未达到达标分数线{line}分").format(
                total=f"{total:g}", line=f"{checklist.pass_line:g}"
            )
        }
    return {}
