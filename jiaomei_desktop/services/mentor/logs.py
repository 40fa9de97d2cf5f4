"""辅导记录: the meetings of a pair, newest first, as a timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from jiaomei_desktop.db.base import new_id
from jiaomei_desktop.db.models import MentorLog
from jiaomei_desktop.domain import mentor as rules
from jiaomei_desktop.domain.mentor import LogData
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.errors import NotFoundError
from jiaomei_desktop.services.mentor.common import live_pair, refuse
from jiaomei_desktop.services.office import office_unit_id, touch
from jiaomei_desktop.services.store import Store


@dataclass(frozen=True)
class LogRow:
    id: str
    pair_id: str
    log_date: date
    content: str
    hours: float
    assessment: str


def add_log(store: Store, log: LogData, today: date | None = None) -> str:
    """Record one meeting; refused (nothing written) when dated before the pair began, in the future, or after
    the pair ended."""
    today = today or date.today()
    with store.transaction() as session:
        pair = live_pair(session, log.pair_id)
        errors = rules.check_log(log, pair.start_date, pair.end_date, today)
        if errors:
            raise refuse(errors)
        row = MentorLog(id=new_id(), owner_unit_id=office_unit_id(store), version=1, pair_id=pair.id)
        _apply(row, log)
        session.add(row)
        session.flush()
        return row.id


def update_log(store: Store, log: LogData, today: date | None = None) -> None:
    today = today or date.today()
    with store.transaction() as session:
        row = _live_log(session, log.id)
        pair = live_pair(session, row.pair_id)
        errors = rules.check_log(log, pair.start_date, pair.end_date, today)
        if errors:
            raise refuse(errors)
        _apply(row, log)
        touch(row)


def delete_log(store: Store, log_id: str) -> None:
    with store.transaction() as session:
        row = _live_log(session, log_id)
        row.deleted = True
        touch(row)


def list_logs(store: Store, pair_id: str) -> list[LogRow]:
    """Newest first, as the timeline shows them."""
    stmt = (select(MentorLog).where(MentorLog.pair_id == pair_id, MentorLog.deleted.is_(False))
            .order_by(MentorLog.log_date.desc(), MentorLog.updated_at.desc()))
    with store.reading() as session:
        return [LogRow(r.id, r.pair_id, r.log_date, r.content, r.hours, r.assessment or "")
                for r in session.scalars(stmt)]


def _live_log(session, log_id: str | None) -> MentorLog:  # type: ignore[no-untyped-def]
    row = session.get(MentorLog, log_id) if log_id else None
    if row is None or row.deleted:
        raise NotFoundError(_("辅导记录不存在或已删除"))
    return row


def _apply(row: MentorLog, log: LogData) -> None:
    row.log_date = log.log_date  # type: ignore[assignment]
    row.content = log.content.strip()
    row.hours = round(float(log.hours), 1)
    row.assessment = log.assessment.strip() or None
