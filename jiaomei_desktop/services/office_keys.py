"""Revoking a child office's key: its PC was lost, stolen or replaced (issue 14).

The parent office revokes the key; the revocation travels up and down in every bundle that names the child, and
from then on every office it reaches refuses what the old key signs. The parent then provisions the child again
(`bundles.provision_child`): the new PC starts from the child's rows as the child last signed them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jiaomei_desktop.db.sqlite_connect import database_errors
from jiaomei_desktop.i18n import _
from jiaomei_desktop.services.bundles import SyncFailed
from jiaomei_desktop.services.store import Store
from jiaomei_desktop.sync import provision
from jiaomei_desktop.sync.connection import write_transaction
from jiaomei_desktop.sync.errors import BundleError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Revoked:
    unit_id: str
    unit_name: str
    serial: int

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def revoke_child_key(store: Store, unit_id: str) -> Revoked:
    """Revoke the key of a child office this office provisioned. Nothing is written if it is refused."""
    try:
        with write_transaction(store.db_path) as conn:
            revocation = provision.revoke_child(conn, unit_id)
            name = conn.execute("SELECT name FROM org_unit WHERE id = ?", (unit_id,)).fetchone()
    except BundleError as exc:
        raise SyncFailed(str(exc)) from exc
    except database_errors("OperationalError") as exc:
        raise SyncFailed(_("数据文件正被另一个程序使用，请稍后再试。")) from exc
    store._settings_cache.clear()
    log.info("office key revoked (serial %d)", revocation.serial)
    return Revoked(unit_id, str(name[0]) if name else "", revocation.serial)
