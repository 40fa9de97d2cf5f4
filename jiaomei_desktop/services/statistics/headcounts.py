"""Headline counts of a store: units by kind, people by political status and membership state."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from jiaomei_desktop.db.models import OrgUnit, Person
from jiaomei_desktop.domain.enums import DevelopmentStage, MembershipState, PoliticalStatus, UnitKind
from jiaomei_desktop.services.store import Store


@dataclass(frozen=True)
class StoreStats:
    units_by_kind: dict[str, int]
    people_by_status: dict[str, int]  # active (在册) people only
    people_by_state: dict[str, int]
    members: int  # active 正式 + 预备 党员
    # active non-members on the way in, by 发展阶段 (never counted in `members`)
    people_by_stage: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"units_by_kind": self.units_by_kind, "people_by_status": self.people_by_status,
                "people_by_state": self.people_by_state, "members": self.members,
                "people_by_stage": self.people_by_stage}


def store_stats(store: Store, unit_id: str | None = None) -> StoreStats:
    with store.reading() as session:
        unit_filter = OrgUnit.deleted.is_(False)
        if unit_id:
            prefix = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
            unit_filter = unit_filter & OrgUnit.path.startswith(prefix, autoescape=False)
        in_scope = select(OrgUnit.id).where(unit_filter)
        kinds = dict(session.execute(select(OrgUnit.kind, func.count()).where(unit_filter).group_by(OrgUnit.kind)).all())
        live = (Person.deleted.is_(False)) & Person.branch_id.in_(in_scope)
        statuses = dict(session.execute(
            select(Person.political_status, func.count())
            .where(live, Person.membership_state == MembershipState.ACTIVE.value)
            .group_by(Person.political_status)
        ).all())
        stages = dict(session.execute(
            select(Person.development_stage, func.count())
            .where(live, Person.membership_state == MembershipState.ACTIVE.value,
                   Person.development_stage.is_not(None))
            .group_by(Person.development_stage)
        ).all())
        states = dict(session.execute(
            select(Person.membership_state, func.count()).where(live).group_by(Person.membership_state)
        ).all())
    return StoreStats(
        units_by_kind={k.value: kinds.get(k.value, 0) for k in UnitKind},
        people_by_status={s.value: statuses.get(s.value, 0) for s in PoliticalStatus},
        people_by_state={s.value: states.get(s.value, 0) for s in MembershipState},
        members=statuses.get(PoliticalStatus.FULL_MEMBER.value, 0) + statuses.get(PoliticalStatus.PROBATIONARY.value, 0),
        people_by_stage={s.value: stages.get(s.value, 0) for s in DevelopmentStage},
    )
