"""Deeds (事迹) for demo honours: templated sentences in the register of real commendation material."""

from __future__ import annotations

import random

# Each entry is one sentence; {n…} are filled with plausible numbers. A deeds text is an opening, two or three
# middle sentences from different themes, and a closing, split into two paragraphs.
PERSON_OPENINGS = (
    "{name}同志现任{post}{trade}，{years}年来扎根井下一线，始终把安全生产放在首位。",
    "{name}同志是{post}的一名{trade}，入党以来始终以党员标准严格要求自己，立足岗位创先争优。",
    "作为{post}的{trade}，{name}同志爱岗敬业、勇挑重担，是职工群众公认的“主心骨”。",
)
PERSON_MIDDLES = {
    "safety": (
        "所在班组连续{n1}个月实现安全生产“零事故”，个人累计排查整改隐患{n2}条。",
        "坚持班前会讲安全、班中查隐患、班后抓总结，带领班组实现安全生产{n3}天。",
        "在雨季“三防”期间主动请缨，连续{n4}天坚守井下排水一线，确保了矿井安全度汛。",
    ),
    "innovation": (
        "主持完成“{project}”技术革新项目，年节约成本{n5}万元，获集团公司科技进步奖。",
        "针对{trade}作业中的难点，总结提炼出“{method}”工作法，在全矿推广应用。",
        "参与综采工作面智能化改造，攻克技术难题{n6}项，工作面单产提高{n7}%。",
    ),
    "mentor": (
        "积极开展“传帮带”，与{n8}名新工人签订师徒协议，所带徒弟{n9}人取得中级工以上资格。",
        "作为党员技术骨干，利用班前班后时间为青年职工讲解操作规程，累计授课{n10}学时。",
    ),
    "party": (
        "认真落实“三会一课”制度，带头讲微型党课{n11}次，把党课讲到了井口、讲到了工作面。",
        "佩戴党员徽章、头戴党员安全帽上岗，主动认领党员责任区，责任区内连续{n1}个月无违章。",
        "在技术比武中获得{trade}第{rank}名，以实际行动发挥了共产党员的先锋模范作用。",
    ),
}
PERSON_CLOSINGS = (
    "该同志用实际行动诠释了新时代煤矿工人的担当与奉献，在职工群众中树立了良好形象。",
    "该同志的先进事迹在职工中引起强烈反响，起到了“点亮一盏灯、照亮一大片”的示范带动作用。",
    "群众评价他（她）“干活让人放心、做事让人服气”，是全矿学习的榜样。",
)
COLLECTIVE_OPENINGS = (
    "{name}坚持“党建+安全生产”工作思路，把支部建在生产一线，全年圆满完成各项目标任务。",
    "{name}现有党员{n12}名，支部以“1+1+3”党建工作模式为抓手，推动党建工作与安全生产深度融合。",
)
COLLECTIVE_MIDDLES = {
    "safety": (
        "全年实现安全生产“零事故”，连续{n1}个月保持安全生产标准化一级水平。",
        "扎实开展党员责任区和“党员身边无事故”活动，排查整改隐患{n2}条，整改率100%。",
    ),
    "output": (
        "超额完成年度生产计划，原煤产量同比增长{n7}%，掘进进尺创历史新高。",
        "开展小改小革{n6}项，节约材料费用{n5}万元。",
    ),
    "people": (
        "深化“传帮带”结对帮扶，签订师徒协议{n8}对，培养技术骨干{n9}名。",
        "严格落实“三会一课”，开展现场党课、微型党课{n11}次，支部凝聚力、战斗力显著增强。",
    ),
}
COLLECTIVE_CLOSINGS = (
    "支部充分发挥了战斗堡垒作用，为矿井高质量发展作出了积极贡献。",
    "支部工作经验在全矿交流推广，成为基层党建工作的一面旗帜。",
)
PROJECTS = ("刮板输送机链条快速更换装置", "采煤机截齿在线监测", "综掘机除尘喷雾改造", "液压支架快速移架",
            "皮带机智能巡检", "主排水泵自动控制", "瓦斯抽采钻孔封孔工艺改进", "井下供电系统漏电保护优化")
METHODS = ("一看二听三测四记", "三查三对", "手指口述", "五步检修", "一站式巡检")

PERSON_DEEDS = (PERSON_OPENINGS, PERSON_MIDDLES, PERSON_CLOSINGS)
COLLECTIVE_DEEDS = (COLLECTIVE_OPENINGS, COLLECTIVE_MIDDLES, COLLECTIVE_CLOSINGS)


def _numbers(rng: random.Random) -> dict[str, object]:
    return {
        "years": rng.randint(8, 30), "n1": rng.randint(18, 96), "n2": rng.randint(40, 360),
        "n3": rng.randint(800, 3000), "n4": rng.randint(15, 45), "n5": rng.randint(12, 260),
        "n6": rng.randint(3, 12), "n7": rng.randint(5, 23), "n8": rng.randint(2, 8), "n9": rng.randint(2, 6),
        "n10": rng.randint(40, 300), "n11": rng.randint(4, 24), "n12": rng.randint(15, 60),
        "rank": rng.choice("一二三"), "project": rng.choice(PROJECTS), "method": rng.choice(METHODS),
    }


def deeds_for(rng: random.Random, parts: tuple, name: str, post: str, trade: str) -> str:  # type: ignore[type-arg]
    openings, middles, closings = parts
    values = {"name": name, "post": post or "本单位", "trade": trade or "职工", **_numbers(rng)}
    themes = rng.sample(list(middles), k=min(len(middles), rng.choice((2, 3))))
    middle = "".join(rng.choice(middles[theme]) for theme in themes)
    first = rng.choice(openings) + middle
    return (first + "\n" + rng.choice(closings)).format(**values)
