"""What the mentor services share: errors, the mentee-limit setting, loading live rows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiaomei_desktop.db.models import MentorLog, MentorPair, OrgUnit, Person
from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.enums import PairState
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError, ServiceError, ValidationFailed
from jiaomei_desktop.services.store import Store

MENTEE_LIMIT_KEY = "mentor.mentee_limit"


class MenteeLimitExceeded(ServiceError):
    """The mentor would have more active mentees than the configured limit. A warning: the caller asks the user
    and calls again with allow_over_limit=True; nothing was written."""

    def __init__(self, mentor_name: str, active: int, limit: int) -> None:
        self.mentor_name = mentor_name
        self.active = active
        self.limit = limit
        super().__init__(_("师傅{name}已带{n}名徒弟（进行中），再结对将超过每人{limit}名的上限").format(
            name=mentor_name, n=active, limit=limit))


def refuse(errors: dict[str, str]) -> ValidationFailed:
    return ValidationFailed(errors, rules.summary(errors))


def mentee_limit(store: Store) -> int:
    return rules.parse_limit(store.get_setting(MENTEE_LIMIT_KEY))


def set_mentee_limit(store: Store, limit: int) -> None:
    if limit < 1 or limit > 50:
        raise refuse({"limit": _("每位师傅的徒弟上限应在1到50之间")})
    store.set_setting(MENTEE_LIMIT_KEY, str(limit))


def live_pair(session: Session, pair_id: str) -> MentorPair:
    row = session.get(MentorPair, pair_id)
    if row is None or row.deleted:
        raise NotFoundError(_("结对记录不存在或已删除"))
    return row


def live_person(session: Session, person_id: str | None) -> Person | None:
    row = session.get(Person, person_id) if person_id else None
    return None if row is None or row.deleted else row


def live_unit(session: Session, unit_id: str | None) -> OrgUnit | None:
    row = session.get(OrgUnit, unit_id) if unit_id else None
    return None if row is None or row.deleted else row


def active_mentee_count(session: Session, mentor_id: str, exclude_pair_id: str | None = None) -> int:
    stmt = select(func.count()).select_from(MentorPair).where(
        MentorPair.mentor_id == mentor_id, MentorPair.deleted.is_(False), MentorPair.state == PairState.ACTIVE.value)
    if exclude_pair_id:
        stmt = stmt.where(MentorPair.id != exclude_pair_id)
    return session.scalar(stmt) or 0


def last_log_date(session: Session, pair_id: str):  # type: ignore[no-untyped-def]
    return session.scalar(select(func.max(MentorLog.log_date)).where(
        MentorLog.pair_id == pair_id, MentorLog.deleted.is_(False)))


def first_log_date(session: Session, pair_id: str):  # type: ignore[no-untyped-def]
    return session.scalar(select(func.min(MentorLog.log_date)).where(
        MentorLog.pair_id == pair_id, MentorLog.deleted.is_(False)))


def in_subtree(session: Session, unit_id: str, root_id: str) -> bool:
    unit, root = live_unit(session, unit_id), live_unit(session, root_id)
    return bool(unit and root and unit.path.startswith(root.path))
