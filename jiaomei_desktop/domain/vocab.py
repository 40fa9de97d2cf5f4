"""Suggestions offered in forms (free text is still allowed): trades, titles and skill grades common at a coal mine."""

from __future__ import annotations

TRADES = ("采煤机司机", "液压支架工", "掘进机司机", "综采维修电工", "瓦斯检查工", "安全检查工", "通风工", "绞车司机",
          "主提升机操作工", "带式输送机司机", "爆破工", "探放水工", "井下电钳工", "矿井泵工", "测量工", "地质工",
          "调度员", "选煤工", "机修钳工", "信号把钩工", "矿山救护工", "采样工")
TITLES = ("助理工程师", "工程师", "高级工程师", "正高级工程师", "助理政工师", "政工师", "高级政工师", "会计师", "经济师")
SKILL_GRADES = ("初级工", "中级工", "高级工", "技师", "高级技师")
