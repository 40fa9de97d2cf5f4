"""This office's identity: its key pair and certificate, created on first use for a standalone store."""

from __future__ import annotations

import sqlite3

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync import localstate
from jiaomei_desktop.sync.errors import BundleError
from jiaomei_desktop.sync.keys import Certificate, KeyPair, TrustStore


def unit_path(conn: sqlite3.Connection, unit_id: str) -> str:
    row = conn.execute("SELECT path FROM org_unit WHERE id = ?", (unit_id,)).fetchone()
    if row is None:
        raise BundleError(_("本机所属单位不在组织机构中，无法交换数据。"))
    return str(row[0])


def ensure_identity(conn: sqlite3.Connection) -> tuple[str, KeyPair, TrustStore]:
    """(office unit, its key, the trust store). A standalone office with no key yet becomes its own root:
    it generates a key and certifies it itself; that certificate is the anchor its children will trust."""
    office = localstate.office_unit(conn)
    if not office:
        raise BundleError(_("本机尚未设置所属单位，不能交换数据。"))
    key = localstate.own_key(conn, office)
    trust = localstate.load_trust(conn)
    if key is None:
        if office in trust.trusted:
            raise BundleError(_("本机的密钥丢失。请让上级单位重新开通本单位（生成新的开通文件）。"))
        key = KeyPair.generate()
        cert = Certificate(office, unit_path(conn, office), key.public_b64, office, 1).signed_by(key)
        localstate.save_own_key(conn, office, key)
        localstate.save_certificates(conn, [cert], anchor=True)
        trust = localstate.load_trust(conn)
    return office, key, trust


def relatives(trust: TrustStore, office: str, direction: str) -> set[str]:
    """Trusted units strictly below ("up": whose data we relay upwards) or above ("down") this office; not those
    whose key is revoked."""
    mine = trust.path_of(office) or ""
    result = set()
    for unit, cert in trust.trusted.items():
        if unit == office or cert.revokes:  # a revoked key's segments can no longer be verified by anyone
            continue
        below = cert.unit_path.startswith(mine)
        above = mine.startswith(cert.unit_path)
        if (direction == "up" and below) or (direction == "down" and above):
            result.add(unit)
    return result
