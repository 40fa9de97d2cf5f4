"""The audit's (services.audit, `jiaomei check`) rules on the 1+1+3 registers: 亮明身份 posts, 纪律作风督导, 13710
督办, 技术比武, 创新工作室, 标准化建设, the older registers (责任区, 办实事, 品牌, innovation) and rows entered twice.

One module per register, each a function (session, today) -> [(kind, record id, text)] and its KINDS (label,
severity), merged into services.audit.KINDS. The rules are those the registers' forms apply on saving: a record that
came in by an older route, a bundle, or a person who left the roll after the record was saved still breaks them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from jiaomei_desktop.services.audit_registers import (
    contests,
    duplicates,
    inspections,
    posts,
    registers,
    standards,
    studios,
    tasks,
)

Found = tuple[str, str, str]

REGISTER_KINDS: dict[str, tuple[str, str]] = {
    **posts.KINDS,
    **inspections.KINDS,
    **tasks.KINDS,
    **contests.KINDS,
    **studios.KINDS,
    **standards.KINDS,
    **registers.KINDS,
    **duplicates.KINDS,
}


def register_problems_in(session: Session, today: date) -> list[Found]:
    return [
        *posts.post_problems(session, today),
        *inspections.inspection_problems(session, today),
        *tasks.task_problems(session, today),
        *contests.contest_problems(session, today),
        *studios.studio_problems(session, today),
        *standards.standard_problems(session, today),
        *registers.register_problems(session, today),
        *duplicates.duplicate_problems(session),
    ]
