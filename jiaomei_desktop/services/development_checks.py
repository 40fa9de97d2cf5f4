"""The audit's (services.audit, `jiaomei check`) rules on 发展阶段: each stored person read by the rules the person
form applies (domain.development, 发展党员工作细则), so a record that came in by an older route (a bundle, an import,
a store upgraded from 0017) and breaks one is listed."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain.development import DevelopmentRecord, development_problems
from jiaomei_desktop.domain.enums import DevelopmentStage, PoliticalStatus
from jiaomei_desktop.i18n import N_

# kind -> (label, severity), merged into services.audit.KINDS.
DEVELOPMENT_KINDS: dict[str, tuple[str, str]] = {
    "person.unknown_status": (N_("政治面貌不是规定的取值（入党积极分子、发展对象应记为发展阶段）"), "错误"),
    "person.stage_on_member": (N_("党员仍记有发展阶段"), "错误"),
    "person.stage_dates": (N_("发展阶段各步的日期不合发展党员工作细则"), "错误"),
}
_STATUSES = frozenset(s.value for s in PoliticalStatus)
_STAGES = frozenset(s.value for s in DevelopmentStage)


def development_problems_in(session: Session) -> list[tuple[str, str, str]]:
    """(kind, person id, text) of every broken rule; the text names the person and branch, never ID numbers."""
    stmt = (
        select(
            Person.id,
            Person.name,
            OrgUnit.name,
            Person.political_status,
            Person.development_stage,
            Person.birth_date,
            Person.application_date,
            Person.activist_date,
            Person.target_date,
            Person.join_date,
        )
        .join(OrgUnit, OrgUnit.id == Person.branch_id)
        .where(
            Person.deleted.is_(False),
            or_(
                Person.political_status.not_in(sorted(_STATUSES)),
                Person.development_stage.is_not(None),
                Person.application_date.is_not(None),
                Person.activist_date.is_not(None),
                Person.target_date.is_not(None),
            ),
        )
    )
    found: list[tuple[str, str, str]] = []
    for pid, name, branch, status, stage, birth, applied, activist, target, joined in session.execute(stmt):
        who = f"{name}（{branch}）"
        if status not in _STATUSES or (stage is not None and stage not in _STAGES):
            found.append(("person.unknown_status", pid, f"{who}：{status}{'·' + stage if stage else ''}"))
            continue
        record = DevelopmentRecord(
            PoliticalStatus(status),
            DevelopmentStage(stage) if stage else None,
            birth,
            applied,
            activist,
            target,
            joined,
        )
        for field_name, message in development_problems(record):
            kind = "person.stage_on_member" if field_name == "development_stage" else "person.stage_dates"
            found.append((kind, pid, f"{who}：{message}"))
    return found
