"""Where a short display text (a 公文 title, an issuer, a unit name on a certificate) may break, and balanced lines.

GB/T 9704-2012 7.3.3: a title "回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形". We meet
it with rules rather than a statistical segmenter: titles and issuers follow a fixed grammar (关于 + 单位 + 时间 + 事由 + 的 +
文种; 中共 + 单位 + 委员会), so a small list of the words they are built from plus "good places to break" (after 关于, after
an organisation's or a time expression's last word, at a 、) gives word-true breaks. A segmenter such as jieba would
add a 20 MB dictionary to the build and about a second of loading to the first document, for no better result on
this vocabulary.

Units that never break: a number with its unit ("2.3万学时", "87.3%", "2026年"), an ordinal ("第三季度"), quoted and
book-titled spans (“三会一课”, 《安全生产法》), the words of the list below, and any `keep` text the caller names
(an honour title: "优秀共产党员").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Words the documents are made of: a break inside one never happens. Longest first matters only for overlaps.
_LEXICON = """
    中共 中国共产党 焦煤 集团 有限责任公司 有限公司 股份 公司 委员会 党委 党总支 党支部 支部 党组织 基层 纪委
    工会 总工会 共青团 团委 煤矿 煤业 矿业 能源 分公司 综采 综掘 掘进 机电 运输 通风 洗煤 选煤 一队 二队 三队
    季度 年度 上半年 下半年 全年 学习 情况 通报 通知 报告 统计 决定 意见 请示 批复 纪要 公示 方案 计划 总结
    党建 工作 安全 生产 安全生产 主题 党日 活动 开展 关于 民主 生活会 组织 组织生活会 优秀 共产党员 优秀共产党员
    先进 先进基层党组织 优秀党务工作者 劳动模范 劳模 表彰 评选 印发 召开 做好 深入 发展 党员 教育 管理 督导 检查
    三会一课 传帮带 责任区 示范岗 先锋岗 光荣榜 荣誉 证书 数据 主要 年度党建 部署 推进 落实 专项 整治 培训
"""
WORDS = tuple(sorted(_LEXICON.split(), key=len, reverse=True))
# A break right after these is where a reader expects one (end of a unit's name, of a time, of a clause).
GOOD_AFTER = (
    "关于",
    "委员会",
    "党委",
    "党总支",
    "党支部",
    "公司",
    "煤矿",
    "矿",
    "队",
    "年度",
    "季度",
    "半年",
    "年",
    "月",
    "、",
    "，",
    "：",
    "》",
    "”",
)
GOOD_BEFORE = ("关于", "学习", "工作", "开展", "召开", "表彰", "评选", "的")
UNITS = (
    "万学时",
    "学时",
    "小时",
    "万元",
    "亿元",
    "万人",
    "万",
    "亿",
    "千",
    "元",
    "年度",
    "年",
    "个月",
    "月",
    "日",
    "号",
    "次",
    "名",
    "人次",
    "人",
    "个",
    "项",
    "对",
    "件",
    "家",
    "天",
    "岁",
    "届",
    "期",
    "季度",
    "批",
    "%",
    "％",
    "米",
    "mm",
    "km",
    "m",
)
_NUMBER = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*(?:" + "|".join(map(re.escape, UNITS)) + r")?")
_ORDINAL = re.compile(r"第[一二三四五六七八九十百〇0-9]+(?:季度|次|届|批|期|个|名|条|章|款|项)?")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
# Chinese line-breaking rules (禁则): these never start a line / never end one.
NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…—%,.;:?!)]％·")
NO_LINE_END = frozenset("（《「『“‘〔【([")
_SPANS = {"“": "”", "《": "》", "‘": "’", "（": "）", "(": ")"}
_QUOTE_SPAN_MAX = 14  # longer quotes may break inside (a quoted sentence), shorter ones are names


def units(text: str, keep: Sequence[str] = (), *, words: bool = True) -> list[str]:
    """The text cut into pieces that never break inside; their concatenation is the text.

    words=False (running body text, which may break between any two characters) keeps only numbers with their units,
    ordinals, Latin words and the `keep` texts together.
    """
    out: list[str] = []
    i = 0
    keeps = sorted((k for k in keep if k), key=len, reverse=True)
    while i < len(text):
        piece = _match_at(text, i, keeps, words)
        out.append(piece)
        i += len(piece)
    return out


def _match_at(text: str, i: int, keeps: Sequence[str], words: bool) -> str:
    for k in keeps:
        if text.startswith(k, i):
            return k
    ch = text[i]
    if words and ch in _SPANS:
        end = text.find(_SPANS[ch], i + 1)
        if 0 < end - i <= _QUOTE_SPAN_MAX:
            return text[i : end + 1]
    for pattern in (_NUMBER, _ORDINAL, _LATIN):
        m = pattern.match(text, i)
        if m:
            return m.group()
    if not words:
        return ch
    for word in WORDS:
        if text.startswith(word, i):
            return word
    return ch


def break_cost(before: str, after: str) -> float:
    """How bad a line break between two units is: 0 at a natural place, 4 between two unknown characters."""
    if any(before.endswith(w) for w in GOOD_AFTER) or any(after.startswith(w) for w in GOOD_BEFORE):
        return 0.0
    if len(before) > 1 or len(after) > 1:
        return 1.0  # between two words
    return 4.0  # possibly inside a word the list does not know


def balanced_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    *,
    min_last: int = 3,
    keep: Sequence[str] = (),
    max_lines: int = 6,
) -> list[str]:
    """Break `text` into the fewest lines that fit `width` (plus one more if that gives a better shape), choosing breaks
    between words and lines of nearly equal length; the last line keeps at least `min_last` characters.

    A unit wider than the line (one very long word) is set alone on its line; the caller checks the widths.
    """
    pieces = units(text, keep)
    if measure(text) <= width or len(pieces) == 1:
        return [text]
    best: tuple[float, list[str]] | None = None
    fewest = None
    for count in range(2, max_lines + 1):
        found = _best_split(pieces, count, width, measure, min_last)
        if found is None:
            continue
        fewest = fewest or count
        if count > fewest + 1:
            break
        cost = found[0] + (count - fewest) * 3.0  # an extra line must buy a clearly better shape
        if best is None or cost < best[0]:
            best = (cost, found[1])
    if best is None:  # nothing satisfies the rules: fall back to greedy filling (the caller sees the width)
        return _greedy(pieces, width, measure)
    return best[1]


def _best_split(
    pieces: list[str], count: int, width: float, measure: Callable[[str], float], min_last: int
) -> tuple[float, list[str]] | None:
    n = len(pieces)
    total = measure("".join(pieces))
    target = total / count
    # cost[k][j]: best cost of setting pieces[:j] as k lines
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                if cost[k - 1][i] == inf:
                    continue
                line = "".join(pieces[i:j])
                w = measure(line)
                if w > width + 0.01 or not _breakable(pieces, i, j, n):
                    continue
                if k == count and j == n and len(line) < min_last:
                    continue
                c = cost[k - 1][i] + ((w - target) / width) ** 2 * 20
                if j < n:
                    c += break_cost(pieces[j - 1], pieces[j])
                if c < cost[k][j]:
                    cost[k][j], back[k][j] = c, i
    if cost[count][n] == inf:
        return None
    lines: list[str] = []
    j = n
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.insert(0, "".join(pieces[i:j]))
        j = i
    return cost[count][n], lines


def _breakable(pieces: list[str], i: int, j: int, n: int) -> bool:
    """Chinese line-breaking rules (禁则): no line starts with closing punctuation or ends with opening punctuation."""
    if i > 0 and pieces[i][0] in NO_LINE_START:
        return False
    return not (j < n and pieces[j - 1][-1] in NO_LINE_END)


def _greedy(pieces: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    lines = [""]
    for piece in pieces:
        if lines[-1] and measure(lines[-1] + piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines
