"""Which unit this installation (office) is. New rows are owned by it; a standalone store owns everything."""

from __future__ import annotations

from sqlalchemy.orm import Session

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.db.models import Setting
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.store import Store

OFFICE_UNIT_KEY = "office_unit_id"


class NoOfficeError(RuntimeError):
    pass


def office_unit_id(store: Store) -> str:
    unit_id = store.get_setting(OFFICE_UNIT_KEY)
    if not unit_id:
        raise NoOfficeError(_("本机尚未设置所属单位"))
    return unit_id


def has_office(store: Store) -> bool:
    return bool(store.get_setting(OFFICE_UNIT_KEY))


def set_office_unit(session: Session, store: Store, unit_id: str) -> None:
    session.merge(Setting(key=OFFICE_UNIT_KEY, value=unit_id))
    store._settings_cache.pop(OFFICE_UNIT_KEY, None)


def touch(row: object) -> None:
    """Record a change by this office: the owner's version goes up; the timestamp is for display only."""
    row.version = (row.version or 0) + 1  # type: ignore[attr-defined]
    row.updated_at = utcnow()  # type: ignore[attr-defined]
