"""Compliance rules: the defaults of the 条例, overridden per unit (the override covers the unit's subtree)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import OrgUnit, StudyRule
from jiaomei_desktop.domain.study import DEFAULT_RULES, RULE_ONLY_KINDS, Period, Rule, StoredRule
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ValidationFailed
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.services.study.sessions import _known_kinds

MAX_PER_PERIOD = 31


@dataclass(frozen=True)
class RuleSetting:
    """A rule as the editor shows it: where it comes from (None = the 条例 default)."""

    rule: Rule
    source_unit_id: str | None
    source_unit_name: str


def _row_rule(row: StudyRule) -> Rule:
    return Rule(row.kind, Period(row.period), row.min_count, row.per_party_group, row.enabled)


def stored_rules(session: Session) -> list[tuple[StoredRule, str, str]]:
    """(rule with its unit's path, unit id, unit name) for every live rule; of duplicates for the same unit and
    kind (written by two offices before a sync) the higher version wins, then the larger id."""
    stmt = (select(StudyRule, OrgUnit.path, OrgUnit.name).join(OrgUnit, OrgUnit.id == StudyRule.unit_id)
            .where(StudyRule.deleted.is_not(True)).order_by(StudyRule.version, StudyRule.id))
    winners: dict[tuple[str, str], tuple[StoredRule, str, str]] = {}
    for row, path, name in session.execute(stmt).all():
        winners[(row.unit_id, row.kind)] = (StoredRule(path, _row_rule(row)), row.unit_id, name)
    return list(winners.values())


def rule_settings(store: Store, unit_id: str) -> list[RuleSetting]:
    """Every rule that applies to the unit, disabled ones included (the editor can switch them back on)."""
    with store.reading() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        best: dict[str, tuple[StoredRule, str, str]] = {}
        for item in stored_rules(session):
            stored = item[0]
            if unit.path.startswith(stored.unit_path):
                current = best.get(stored.rule.kind)
                if current is None or len(stored.unit_path) > len(current[0].unit_path):
                    best[stored.rule.kind] = item
    result = []
    for default in DEFAULT_RULES:
        item = best.pop(default.kind, None)
        result.append(RuleSetting(item[0].rule, item[1], item[2]) if item else RuleSetting(default, None, ""))
    result.extend(RuleSetting(item[0].rule, item[1], item[2]) for item in best.values())
    return result


def validate_rules(rules: Sequence[Rule], kinds: Sequence[str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for rule in rules:
        if rule.kind not in kinds and rule.kind not in RULE_ONLY_KINDS:
            errors.setdefault("kind", _("未知的会议类型“{kind}”").format(kind=rule.kind))
        if rule.kind in seen:
            errors.setdefault("kind", _("会议类型“{kind}”有两条规则，请只保留一条").format(kind=_(rule.kind)))
        seen.add(rule.kind)
        if not isinstance(rule.period, Period):
            errors.setdefault("period", _("周期应为每月、每季度、每半年或每年"))
        if not (1 <= rule.min_count <= MAX_PER_PERIOD):
            errors.setdefault("min_count", _("每个周期的次数应在 1 到 {n} 之间").format(n=MAX_PER_PERIOD))
    return errors


def save_rules(store: Store, unit_id: str, rules: Sequence[Rule]) -> None:
    """Set the unit's rules. A rule equal to what the unit would inherit anyway is not stored (or is retired), so
    a later change higher up still reaches it."""
    with store.transaction() as session:
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            raise NotFoundError(_("单位不存在或已删除"))
        errors = validate_rules(rules, _known_kinds(session))
        if errors:
            raise ValidationFailed(errors)
        everything = stored_rules(session)
        inherited = _inherited(unit.path, [s for s, uid, _n in everything if uid != unit_id])
        own = {row.kind: row for row in session.scalars(select(StudyRule).where(
            StudyRule.unit_id == unit_id, StudyRule.deleted.is_not(True)).order_by(StudyRule.version, StudyRule.id))}
        owner = office_unit_id(store)
        for rule in rules:
            row = own.get(rule.kind)
            if inherited.get(rule.kind) == rule:
                if row is not None:
                    row.deleted = True
                    touch(row)
                continue
            if row is None:
                session.add(StudyRule(id=new_id(), owner_unit_id=owner, version=1, unit_id=unit_id, kind=rule.kind,
                                      period=rule.period.value, min_count=rule.min_count,
                                      per_party_group=rule.per_party_group, enabled=rule.enabled))
            elif _row_rule(row) != rule:
                row.period, row.min_count = rule.period.value, rule.min_count
                row.per_party_group, row.enabled = rule.per_party_group, rule.enabled
                touch(row)


def _inherited(path: str, stored: Sequence[StoredRule]) -> dict[str, Rule]:
    best: dict[str, StoredRule] = {}
    for item in stored:
        if path.startswith(item.unit_path):
            current = best.get(item.rule.kind)
            if current is None or len(item.unit_path) > len(current.unit_path):
                best[item.rule.kind] = item
    result = {r.kind: r for r in DEFAULT_RULES}
    result.update({k: v.rule for k, v in best.items()})
    return result


def reset_rules(store: Store, unit_id: str) -> None:
    """Back to what the unit inherits (its own rules are retired)."""
    with store.transaction() as session:
        for row in session.scalars(select(StudyRule).where(StudyRule.unit_id == unit_id,
                                                           StudyRule.deleted.is_not(True))):
            row.deleted = True
            touch(row)
