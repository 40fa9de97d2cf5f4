"""Rows entered twice: a second live row of a register with the same identifying fields as another (the same post
hung twice on one day, one inspection typed in twice, one 自评 per branch and year…). A clerk merges or deletes one;
the audit names the register and what repeats."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from jiaomei_desktop.db.models import (
    BranchBrand,
    ContestEvent,
    IdentityPost,
    InnovationItem,
    InnovationStudio,
    Inspection,
    InspectionTeam,
    ResponsibilityZone,
    StandardAcceptance,
    StandardAssessment,
    SupervisionTask,
    WorkerDeed,
)
from jiaomei_desktop.i18n import N_, _

Found = tuple[str, str, str]

KINDS: dict[str, tuple[str, str]] = {
    "register.duplicate": (N_("台账中重复登记的记录"), "提示"),
}

# register name, model, the columns that identify a record, the column shown
_KEYS: tuple[tuple[str, Any, tuple[InstrumentedAttribute, ...], InstrumentedAttribute], ...] = (
    (
        N_("亮明身份"),
        IdentityPost,
        (IdentityPost.unit_id, IdentityPost.kind, IdentityPost.name, IdentityPost.listed_on),
        IdentityPost.name,
    ),
    (
        N_("督导组"),
        InspectionTeam,
        (InspectionTeam.unit_id, InspectionTeam.name, InspectionTeam.start_date),
        InspectionTeam.name,
    ),
    (
        N_("督导检查"),
        Inspection,
        (
            Inspection.team_id,
            Inspection.unit_id,
            Inspection.inspection_date,
            Inspection.place,
            Inspection.kind,
            Inspection.description,
        ),
        Inspection.description,
    ),
    (
        N_("13710督办"),
        SupervisionTask,
        (SupervisionTask.unit_id, SupervisionTask.title, SupervisionTask.start_date, SupervisionTask.inspection_id),
        SupervisionTask.title,
    ),
    (
        N_("技术比武"),
        ContestEvent,
        (ContestEvent.unit_id, ContestEvent.name, ContestEvent.event_date),
        ContestEvent.name,
    ),
    (N_("创新工作室"), InnovationStudio, (InnovationStudio.unit_id, InnovationStudio.name), InnovationStudio.name),
    (
        N_("标准化建设自评"),
        StandardAssessment,
        (StandardAssessment.branch_id, StandardAssessment.year),
        StandardAssessment.year,
    ),
    (N_("标准化建设验收"), StandardAcceptance, (StandardAcceptance.assessment_id,), StandardAcceptance.result),
    (
        N_("党员责任区"),
        ResponsibilityZone,
        (ResponsibilityZone.person_id, ResponsibilityZone.zone_name, ResponsibilityZone.start_date),
        ResponsibilityZone.zone_name,
    ),
    (N_("办实事"), WorkerDeed, (WorkerDeed.unit_id, WorkerDeed.item, WorkerDeed.deed_date), WorkerDeed.item),
    (N_("党建品牌"), BranchBrand, (BranchBrand.unit_id, BranchBrand.name), BranchBrand.name),
    (
        N_("改革创新"),
        InnovationItem,
        (InnovationItem.unit_id, InnovationItem.kind, InnovationItem.title, InnovationItem.year),
        InnovationItem.title,
    ),
)


# a 督导 整改 item repeats only with its inspection, which is reported
_ONLY = {SupervisionTask: SupervisionTask.inspection_id.is_(None)}


def duplicate_problems(session: Session) -> list[Found]:
    """One problem per repeated group, on its last row by id (the same one every run)."""
    found: list[Found] = []
    for register, model, keys, shown in _KEYS:
        stmt = (
            select(func.max(model.id), func.count(), func.max(shown))
            .where(model.deleted.is_(False), _ONLY.get(model, true()))
            .group_by(*keys)
            .having(func.count() > 1)
        )
        for row_id, n, text in session.execute(stmt):
            found.append(
                (
                    "register.duplicate",
                    row_id,
                    _("【{register}】{text}：登记了{n}次").format(register=_(register), text=str(text)[:40], n=n),
                )
            )
    return found
