"""What an import did (or, for a dry run or preview, would do): counts per table and per owning unit."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from jiaomei_desktop.i18n import N_, _
from jiaomei_desktop.sync.errors import Rejection

TABLE_LABELS = {
    "org_unit": N_("组织机构"),
    "person": N_("人员"),
    "membership_change": N_("党籍变动"),
    "study_session": N_("学习记录"),
    "attendance": N_("出勤"),
    "study_rule": N_("学习要求"),
    "study_kind": N_("学习类型"),
    "mentor_pair": N_("传帮带结对"),
    "mentor_log": N_("传帮带记录"),
    "honor": N_("先进典型"),
    "honor_category": N_("荣誉类别"),
    "responsibility_zone": N_("党员责任区"),
    "committee_role": N_("支部委员"),
    "party_discipline": N_("留党察看"),
    "branch_brand": N_("党建品牌"),
    "innovation_item": N_("改革创新"),
    "worker_deed": N_("我为职工办实事"),
    "supervision_task": N_("13710督办"),
    "supervision_note": N_("督办进展"),
    "identity_post": N_("亮明身份岗位"),
    "identity_post_member": N_("亮明身份岗位成员"),
    "contest_event": N_("技术比武"),
    "contest_entrant": N_("技术比武参赛人员"),
    "inspection_team": N_("督导组"),
    "inspection_team_member": N_("督导组成员"),
    "inspection_duty": N_("督导值班"),
    "inspection": N_("督导检查"),
    "inspection_photo": N_("督导检查照片"),
    "innovation_studio": N_("创新工作室"),
    "innovation_studio_member": N_("创新工作室成员"),
    "standard_assessment": N_("标准化建设自评"),
    "standard_acceptance": N_("标准化建设验收"),
}
COLUMN_LABELS = {"id": N_("记录编号"), "code": N_("单位代码"), "id_number": N_("身份证号")}


def table_label(name: str) -> str:
    return _(TABLE_LABELS[name]) if name in TABLE_LABELS else name


def column_label(name: str) -> str:
    return _(COLUMN_LABELS[name]) if name in COLUMN_LABELS else name


OUTCOMES = ("new", "updated", "unchanged", "stale", "conflicts", "rejected")
OUTCOME_LABELS = {
    "new": N_("新增"),
    "updated": N_("更新"),
    "unchanged": N_("未变"),
    "stale": N_("过期（已有更新版本）"),
    "conflicts": N_("冲突"),
    "rejected": N_("拒绝"),
}


@dataclass
class ImportSummary:
    bundle_id: str = ""
    source_unit_id: str = ""
    source_name: str = ""
    schema_revision: str = ""
    upgraded: bool = False  # the bundle came from an older schema and was brought up to date
    segments: int = 0
    segments_skipped: int = 0  # already merged before (a replay): nothing to do
    photos_new: int = 0
    keys_new: int = 0
    by_table: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_unit: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rejections: list[Rejection] = field(default_factory=list)
    unit_labels: dict[str, str] = field(default_factory=dict)  # by_unit's offices as "name（code）", after the merge

    def count(self, table: str, unit: str, outcome: str, n: int = 1) -> None:
        self.by_table[table][outcome] += n
        self.by_unit[unit][outcome] += n

    def totals(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for counts in self.by_table.values():
            total.update(counts)
        return {k: total.get(k, 0) for k in OUTCOMES}

    @property
    def rows(self) -> int:
        return sum(self.totals().values())

    def as_dict(self) -> dict[str, object]:
        def plain(groups: dict[str, Counter[str]]) -> dict[str, dict[str, int]]:
            return {k: {o: v.get(o, 0) for o in OUTCOMES} for k, v in sorted(groups.items())}

        return {
            "bundle_id": self.bundle_id,
            "source_unit_id": self.source_unit_id,
            "source_name": self.source_name,
            "schema_revision": self.schema_revision,
            "upgraded": self.upgraded,
            "segments": self.segments,
            "segments_skipped": self.segments_skipped,
            "photos_new": self.photos_new,
            "keys_new": self.keys_new,
            "totals": self.totals(),
            "by_table": plain(self.by_table),
            "by_unit": plain(self.by_unit),
            "rejections": [r.__dict__ for r in self.rejections],
        }
