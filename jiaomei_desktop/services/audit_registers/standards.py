"""The audit's rules on 党支部标准化建设 (services.standards applies them when a record is saved; an acceptance
travels from the 党委's office and a self-assessment from the branch's, so the two may meet in a store out of step).

Sources as in domain.standards (the checklist's lines for 达标 and 示范 are settings; 《中国共产党支部工作条例（试行）》
behind the items): an acceptance (验收) judges a branch's self-assessment (自评), so it needs one, comes after it, is
given by a party organisation above the branch, and 达标 / 示范 need the self-assessed total to reach their lines.
The lines are the accepting office's own settings, which no other office holds: an acceptance is judged against them
only in the office that keeps it (a branch with the default 80 would otherwise report its 党委's 达标 at 75 when the
党委 set its line at 70).
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from jiaomei_desktop.db.models import OrgUnit, Setting, StandardAcceptance, StandardAssessment
from jiaomei_desktop.domain.standards import DEFAULT_CHECKLIST, Result, parse_checklist
from jiaomei_desktop.i18n import N_, _

Found = tuple[str, str, str]
# services.standards.CHECKLIST_SETTING, spelled out: importing that module would load openpyxl and the statistics
# into every `jiaomei check` (a test holds the two equal)
CHECKLIST_SETTING = "standards.checklist"
OFFICE_SETTING = "office_unit_id"  # services.office.OFFICE_UNIT_KEY

KINDS: dict[str, tuple[str, str]] = {
    "standard.acceptance_without_assessment": (N_("标准化建设验收没有对应的支部自评"), "错误"),
    "standard.acceptance_before_assessment": (N_("标准化建设验收日期早于支部自评日期"), "错误"),
    "standard.below_line": (N_("验收为示范或达标，自评总分却未达到分数线"), "错误"),
    "standard.acceptor_not_above": (N_("标准化建设验收单位不是该支部的上级党组织"), "错误"),
    "standard.total": (N_("标准化建设自评总分与各项得分之和不符"), "错误"),
}


def standard_problems(session: Session, today: date) -> list[Found]:
    setting = session.get(Setting, CHECKLIST_SETTING)
    checklist = parse_checklist(setting.value if setting else None) or DEFAULT_CHECKLIST
    office = session.get(Setting, OFFICE_SETTING)
    branch, acceptor = aliased(OrgUnit), aliased(OrgUnit)
    assessments = {
        r[0]: r[1:]
        for r in session.execute(
            select(
                StandardAssessment.id,
                branch.name,
                branch.path,
                StandardAssessment.year,
                StandardAssessment.assessed_on,
                StandardAssessment.total,
                StandardAssessment.scores,
            )
            .join(branch, branch.id == StandardAssessment.branch_id)
            .where(StandardAssessment.deleted.is_(False))
        )
    }
    found: list[Found] = []
    for aid, (name, _path, year, _day, total, scores) in assessments.items():
        summed = _score_sum(scores)
        if summed is None or abs(summed - total) > 0.01:
            found.append(
                (
                    "standard.total",
                    aid,
                    _("{branch}{year}年自评：总分{total}，各项之和{sum}").format(
                        branch=name,
                        year=year,
                        total=f"{total:g}",
                        sum=f"{summed:g}" if summed is not None else _("无法读取"),
                    ),
                )
            )
    rows = session.execute(
        select(
            StandardAcceptance.id,
            StandardAcceptance.assessment_id,
            StandardAcceptance.result,
            StandardAcceptance.accepted_on,
            acceptor.name,
            acceptor.path,
            StandardAcceptance.owner_unit_id,
        )
        .join(acceptor, acceptor.id == StandardAcceptance.unit_id)
        .where(StandardAcceptance.deleted.is_(False))
    )
    for cid, aid, stored_result, accepted_on, by, by_path, keeper in rows:
        result = _(stored_result) if stored_result else ""  # 示范 / 达标 / 未达标, read in the output's language
        if aid not in assessments:
            found.append(
                (
                    "standard.acceptance_without_assessment",
                    cid,
                    _("{unit}{day}验收（{result}）").format(unit=by, day=accepted_on.isoformat(), result=result),
                )
            )
            continue
        name, path, year, assessed_on, total, _scores = assessments[aid]
        subject = _("{branch}{year}年：{unit}验收为{result}").format(branch=name, year=year, unit=by, result=result)
        if accepted_on < assessed_on:
            found.append(
                (
                    "standard.acceptance_before_assessment",
                    cid,
                    _("{subject}（{accepted}），自评于{assessed}").format(
                        subject=subject, accepted=accepted_on.isoformat(), assessed=assessed_on.isoformat()
                    ),
                )
            )
        line = {Result.MODEL.value: checklist.model_line, Result.PASSED.value: checklist.pass_line}.get(stored_result)
        if line is not None and total < line and (office is None or keeper == office.value):
            found.append(
                (
                    "standard.below_line",
                    cid,
                    _("{subject}，自评{total}分，分数线{line}分").format(
                        subject=subject, total=f"{total:g}", line=f"{line:g}"
                    ),
                )
            )
        if by_path == path or not path.startswith(by_path):
            found.append(("standard.acceptor_not_above", cid, subject))
    return found


def _score_sum(text: str) -> float | None:
    """The sum of the stored item scores (domain.standards.scores_to_json), None when they cannot be read: the
    group's 600 self-assessments are summed on every audit, without building a Score per item."""
    try:
        return float(sum(float(v["score"]) for v in json.loads(text or "{}").values()))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
