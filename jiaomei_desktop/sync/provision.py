"""Provisioning a child office, and a new installation becoming that child from its setup file.

The parent generates the child's key pair, certifies the public key at once (so the group can trust the child
through the parent's certificate) and hands over the records it kept for the child's subtree: they are re-owned by
the child (version + 1) and the handover is signed in the parent's segment. The setup file carries the chain of
certificates from the root, the tree, the child's records signed with the child's new key, and the child's private
key; the whole file is encrypted with a passphrase given to the child's secretary separately. The parent keeps no
copy of the private key.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync import handover, localstate
from jiaomei_desktop.sync.bundle import OutSegment, VerifiedBundle, read_certificates, verify_bundle
from jiaomei_desktop.sync.container import Limits, open_container
from jiaomei_desktop.sync.errors import BundleError, UntrustedKey
from jiaomei_desktop.sync.exporter import PhotoSource, finish_bundle, partial_segment, rows_for_recipient
from jiaomei_desktop.sync.handover import Proof
from jiaomei_desktop.sync.identity import ensure_identity, relatives, unit_path
from jiaomei_desktop.sync.keys import Certificate, KeyPair, TrustStore, b64, unb64, verify
from jiaomei_desktop.sync.passphrase import decrypt
from jiaomei_desktop.sync.segments import encode_segment, read_owned_rows
from jiaomei_desktop.sync.tables import ORG_TABLE, synced_tables

# Records a parent never hands down: honours are the awarding office's word (group honours stay read-only below).
PARENT_KEEPS = frozenset({"honor"})


@dataclass(frozen=True)
class Provisioned:
    setup_bytes: bytes  # unencrypted; the caller encrypts with the passphrase
    certificate: Certificate
    handed_over: int


def provision_child(conn: sqlite3.Connection, child: str, schema: str, app_version: str,
                    photo_source: PhotoSource) -> Provisioned:
    office, key, trust = ensure_identity(conn)
    office_path, child_path = trust.path_of(office) or "", unit_path(conn, child)
    if child == office or not child_path.startswith(office_path):
        raise BundleError(_("只能为本单位的下级单位开通。"))
    previous = trust.trusted.get(child)
    child_key = KeyPair.generate()
    cert = Certificate(child, child_path, child_key.public_b64, office,
                       previous.serial + 1 if previous else 1).signed_by(key)
    localstate.save_certificates(conn, [cert])
    trust = localstate.load_trust(conn)
    moves = hand_over(conn, office, child, child_path)
    if moves:
        handover.save(conn, Proof.signed(office, child, moves, key))
    child_seq = 1 + max((s.seq for s in localstate.stored_segments(conn) if s.owner_unit_id == child), default=0)
    child_seg = OutSegment.signed(child, child_seq, encode_segment(child, child_seq, schema,
                                                                   read_owned_rows(conn, child)), child_key)
    localstate.keep_segment(conn, child, child_seq, child_seg.signature, child_seg.data)
    down = rows_for_recipient(conn, office, child, {child})
    down.pop(ORG_TABLE, None)
    down[ORG_TABLE] = read_owned_rows(conn, office).get(ORG_TABLE, [])
    segments = [partial_segment(conn, office, key, schema, down), child_seg]
    above = relatives(trust, office, "down")
    segments += [OutSegment(s.owner_unit_id, s.seq, s.data, s.signature)
                 for s in localstate.stored_segments(conn) if s.owner_unit_id in above]
    secret = {"unit_id": child, "private_key": b64(child_key.private_raw), "seq": child_seq}
    data, _info = finish_bundle(conn, office, key, trust, schema, app_version, "setup", "down", segments, photo_source,
                          secret)
    return Provisioned(data, cert, len(moves))


def hand_over(conn: sqlite3.Connection, office: str, child: str, child_path: str) -> list[tuple[str, str]]:
    """Re-own to the child the office's records of the child's subtree; returns them as (table, row id)."""
    subtree = {r[0] for r in conn.execute(f"SELECT id FROM {ORG_TABLE} WHERE path LIKE ? || '%'", (child_path,))}
    handed: set[str] = set()
    moves: list[tuple[str, str]] = []
    for table in synced_tables():
        if table.name in PARENT_KEEPS:
            continue
        fk_cols = [table.column_names[i] for i, _t in table.foreign_keys]
        cols = ", ".join(["id", *[f'"{c}"' for c in fk_cols]])
        for row in conn.execute(f'SELECT {cols} FROM "{table.name}" WHERE owner_unit_id = ?', (office,)).fetchall():
            if _belongs(table.name, row, child, subtree, handed):
                handed.add(row[0])
                moves.append((table.name, row[0]))
    now = utcnow().isoformat(sep=" ")
    for table_name, row_id in moves:
        conn.execute(f'UPDATE "{table_name}" SET owner_unit_id = ?, version = version + 1, updated_at = ? '
                     "WHERE id = ?", (child, now, row_id))
    localstate.record_handovers(conn, [(t, r, office, child) for t, r in moves])
    return moves


def _belongs(table: str, row: tuple[object, ...], child: str, subtree: set[str], handed: set[str]) -> bool:
    if table == ORG_TABLE:
        return row[0] in subtree and row[0] != child  # the child's own unit row stays with the parent
    refs = [v for v in row[1:] if v is not None]
    return bool(refs) and all(v in subtree or v in handed for v in refs)


@dataclass
class SetupContents:
    bundle: VerifiedBundle
    trust: TrustStore
    anchor: Certificate
    unit_id: str
    key: KeyPair
    seq: int


def open_setup(data: bytes, passphrase: str, limits: Limits, head: str, known: set[str]) -> SetupContents:
    plain = decrypt(data, passphrase)
    container = open_container(plain, limits)
    certs = read_certificates(container)
    roots = [c for c in certs if c.self_signed and verify(c.public_key, c.message(), c.signature)]
    if len(roots) != 1:
        raise UntrustedKey(_("开通文件中的证书链不完整。"))
    trust = TrustStore({roots[0].unit_id: roots[0]})
    bundle = verify_bundle(container, trust, head, known)
    if bundle.header.kind != "setup" or not isinstance(bundle.secret, dict):
        raise BundleError(_("这不是开通文件。"))
    unit_id = str(bundle.secret.get("unit_id", ""))
    try:
        key = KeyPair(unb64(str(bundle.secret.get("private_key", ""))))
        matches = trust.trusted.get(unit_id) is not None and key.public_b64 == trust.trusted[unit_id].public_key
    except ValueError:
        matches = False
    if not matches:
        raise UntrustedKey(_("开通文件中的密钥与证书不符，文件可能已损坏。"))
    return SetupContents(bundle, trust, roots[0], unit_id, key, int(bundle.secret.get("seq", 1)))
