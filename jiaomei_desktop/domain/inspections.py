"""纪律作风督导: what a 督导组 records when it inspects a unit, and the roles in a 督导组.

Sources: the group's "1+1+3" model names 纪律作风督导 among its mechanisms (../shared/DESIGN.md: "discipline
inspections"); what a 督导组 finds is rectified (整改) as a 13710 督办 item (services.supervision). The problem kinds are the ones its records
use: 纪律 and 作风 (the 《中国共产党纪律处分条例》's 工作纪律 / 生活纪律 and the 中央八项规定's 作风), 安全行为 (unsafe acts
short of a 三违), and 三违 — in coal mining 违章指挥、违章作业、违反劳动纪律 (the industry's common definition, e.g.
《煤矿“三违”含义及其分类》, https://renrendoc.com/p-11971141.html: "“三违”是指矿山企业职工在生产、建设中所发生或出现
的违章指挥、违章作业（操作）和违反劳动纪律的现象和行为"). A visit that found nothing is recorded too (未发现问题): the
bulletin counts inspections and problems apart.
"""

from __future__ import annotations

from enum import StrEnum


class ProblemKind(StrEnum):
    DISCIPLINE = "纪律"
    CONDUCT = "作风"
    SAFETY = "安全行为"
    VIOLATION = "三违"
    OTHER = "其他"
    NONE = "未发现问题"

    @property
    def is_problem(self) -> bool:
        return self is not ProblemKind.NONE


PROBLEM_KINDS = tuple(k for k in ProblemKind if k.is_problem)


class TeamRole(StrEnum):
    LEAD = "组长"
    DEPUTY = "副组长"
    MEMBER = "成员"


MAX_PHOTOS = 9  # photos per inspection: a problem's 整改前 / 整改后 pictures, as a 督导 record sheet holds them
