"""Chinese names for what the sync summaries count."""

from __future__ import annotations

from jiaomei_desktop.domain.mentor import FIELD_LABELS as MENTOR_FIELDS
from jiaomei_desktop.domain.person import FIELD_LABELS as PERSON_FIELDS
from jiaomei_desktop.i18n import N_, _

TABLE_LABELS = {
    "org_unit": N_("组织机构"), "person": N_("人员"), "membership_change": N_("党籍变动"),
    "study_session": N_("学习记录"), "attendance": N_("出勤"), "study_rule": N_("学习要求"),
    "study_kind": N_("学习类型"), "mentor_pair": N_("传帮带结对"), "mentor_log": N_("传帮带记录"),
    "honor": N_("先进典型"), "honor_category": N_("荣誉类别"), "responsibility_zone": N_("党员责任区"),
    "committee_role": N_("支部委员"), "party_discipline": N_("留党察看"),
    "worker_deed": N_("我为职工办实事"), "branch_brand": N_("党建品牌"), "innovation_item": N_("改革创新"),
    "supervision_task": N_("13710督办"), "supervision_note": N_("督办进展"), "contest_event": N_("技术比武"),
    "contest_entrant": N_("技术比武参赛人员"), "identity_post": N_("亮明身份岗位"),
    "identity_post_member": N_("亮明身份岗位成员"), "inspection_team": N_("督导组"),
    "inspection_team_member": N_("督导组成员"), "inspection_duty": N_("督导值班"), "inspection": N_("督导检查"),
    "inspection_photo": N_("督导检查照片"),
    "innovation_studio": N_("创新工作室"), "innovation_studio_member": N_("创新工作室成员"),
    "standard_assessment": N_("标准化建设自评"), "standard_acceptance": N_("标准化建设验收"),
}
OUTCOME_LABELS = {"new": N_("新增"), "updated": N_("更新"), "unchanged": N_("未变"), "stale": N_("过期"),
                  "conflicts": N_("冲突"), "rejected": N_("拒绝")}
OUTCOMES = tuple(OUTCOME_LABELS)


# Field names for the conflict view, where a domain module has them; other fields show their column name.
FIELD_LABELS: dict[str, dict[str, str]] = {"person": PERSON_FIELDS, "mentor_pair": MENTOR_FIELDS}
COMMON_FIELDS = {"deleted": N_("已删除"), "name": N_("名称"), "title": N_("标题"), "topic": N_("主题"),
                 "content": N_("内容"), "kind": N_("类别"), "unit_id": N_("单位")}


def field_label(table: str, column: str) -> str:
    label = FIELD_LABELS.get(table, {}).get(column) or COMMON_FIELDS.get(column)
    return _(label) if label else column


def table_label(name: str) -> str:
    return _(TABLE_LABELS[name]) if name in TABLE_LABELS else name


def outcome_label(name: str) -> str:
    return _(OUTCOME_LABELS.get(name, name))
