"""What the demo steps share: the open transaction, a seeded random generator and what earlier steps built."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from jiaomei_desktop.services.store import Store

DEMO_TODAY = date(2026, 11, 23)


@dataclass
class DemoUnit:
    id: str
    code: str
    name: str
    kind: str
    parent_id: str | None
    path: str


@dataclass
class DemoContext:
    store: Store
    session: Session
    members: int
    seed: int
    today: date = DEMO_TODAY
    rng: random.Random = field(init=False)
    root_id: str = ""
    units: list[DemoUnit] = field(default_factory=list)
    branches: list[DemoUnit] = field(default_factory=list)
    party_groups: dict[str, list[DemoUnit]] = field(default_factory=dict)  # branch id -> its groups
    # person ids by branch id, members (正式/预备) first; later steps (study, mentors, honours) draw from these.
    people_by_branch: dict[str, list[str]] = field(default_factory=dict)
    member_ids: list[str] = field(default_factory=list)
    # Problems the demo shows on purpose ({"kind", "id", "note"}), saved for `jiaomei check` (services.audit).
    planted: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
