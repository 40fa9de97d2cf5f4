"""Provisioning a child office, and a new installation becoming that child from its setup file.

The parent generates the child's key pair, certifies the public key at once (so the group can trust the child
through the parent's certificate) and hands over the records it kept for the child's subtree: they are re-owned by
the child (version + 1) and the handover is signed in the parent's segment. The setup file carries the chain of
certificates from the root, the tree, the child's records signed with the child's new key, and the child's private
key; the whole file is encrypted with a passphrase given to the child's secretary separately. The parent keeps no
copy of the private key.

A unit that already has a key is provisioned again only after its parent revoked that key (a lost or replaced PC,
`revoke_child`). The new PC then starts from the child's rows exactly as the child last signed them (the segments
the parent received and kept), never from the parent's copy in its own tables: re-provisioning cannot rewrite a
child's rows.
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
from jiaomei_desktop.sync.exporter import PhotoSource, down_segments, finish_bundle, relayed_down
from jiaomei_desktop.sync.handover import Proof
from jiaomei_desktop.sync.identity import ensure_identity, unit_path
from jiaomei_desktop.sync.keys import REVOKED, Certificate, KeyPair, TrustStore, b64, unb64, verify
from jiaomei_desktop.sync.merge import row_hash
from jiaomei_desktop.sync.passphrase import decrypt
from jiaomei_desktop.sync.segments import Row, decode_segment, encode_segment, read_owned_rows
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
    if previous is not None and not previous.revokes:
        code = conn.execute(f"SELECT code FROM {ORG_TABLE} WHERE id = ?", (child,)).fetchone()
        raise BundleError(_("“{unit}”已经开通。若其电脑丢失或更换，请先吊销旧密钥（命令行：jiaomei bundle keys revoke "
                            "{code}），再重新开通。").format(unit=trust.name(child), code=code[0] if code else ""))
    child_seq = 1 + max((s.seq for s in localstate.stored_segments(conn) if s.owner_unit_id == child), default=0)
    signed_rows = last_signed_rows(conn, child) if previous is not None else None
    child_key = KeyPair.generate()
    cert = Certificate(child, child_path, child_key.public_b64, office,
                       previous.serial + 1 if previous else 1).signed_by(key)
    localstate.save_certificates(conn, [cert])
    trust = localstate.load_trust(conn)
    moves = hand_over(conn, office, child, child_path)
    if moves:
        handover.save(conn, Proof.signed(office, child, moves, key))
    rows = read_owned_rows(conn, child)
    if signed_rows is not None:  # the child's own rows as it signed them, plus what was handed over just now
        moved = {row_id for _t, row_id in moves}
        rows = {t: [*signed_rows.get(t, []), *(r for r in rows.get(t, []) if r[0] in moved)]
                for t in {*signed_rows, *rows}}
        rows = {t: r for t, r in rows.items() if r}
    child_seg = OutSegment.signed(child, child_seq, encode_segment(child, child_seq, schema, rows), child_key)
    localstate.keep_segment(conn, child, child_seq, child_seg.signature, child_seg.data)
    # by need to know: the tree, what concerns the child's subtree, and from above only what is addressed to it
    segments = [*down_segments(conn, office, key, schema, child, trust), child_seg,
                *relayed_down(conn, trust, office, child)]
    secret = {"unit_id": child, "private_key": b64(child_key.private_raw), "seq": child_seq}
    data, _info = finish_bundle(conn, office, key, trust, schema, app_version, "setup", "down", segments, photo_source,
                          secret)
    return Provisioned(data, cert, len(moves))


def revoke_child(conn: sqlite3.Connection, child: str) -> Certificate:
    """Revoke a child office's key (a lost or replaced PC): a certificate without a key, next serial, signed by
    this office. It travels up and down in every bundle naming the child; from then on nothing the old key signs is
    accepted anywhere it has arrived. The child's last signed segments are kept here for its new PC."""
    office, key, trust = ensure_identity(conn)
    current = trust.trusted.get(child)
    if current is None or child == office or not (trust.tree or {}).get(child, "").startswith(
            (trust.tree or {}).get(office, "//")):
        raise BundleError(_("只能吊销本单位开通的下级单位的密钥。"))
    if current.revokes:
        raise BundleError(_("“{unit}”的密钥已经吊销，请重新开通该单位。").format(unit=trust.name(child)))
    if current.issuer_unit_id != office:
        raise BundleError(_("“{unit}”的密钥由“{issuer}”签发，应由该单位吊销。").format(
            unit=trust.name(child), issuer=trust.name(current.issuer_unit_id)))
    revocation = Certificate(child, current.unit_path, REVOKED, office, current.serial + 1).signed_by(key)
    localstate.save_revocations(conn, [revocation])
    localstate.save_certificates(conn, [revocation], keep_segments=True)
    return revocation


def last_signed_rows(conn: sqlite3.Connection, unit: str) -> dict[str, list[Row]]:
    """The unit's rows as its own key last signed them: from the segments kept for relaying (newest version of each
    row; a fork's larger hash, as the merge decides), in this schema's column order (a column an older segment
    lacked keeps the value merged here)."""
    best: dict[str, dict[str, tuple[object, ...]]] = {}
    for stored in localstate.stored_segments(conn):
        if stored.owner_unit_id != unit:
            continue
        segment = decode_segment(stored.data, unit)
        for table in synced_tables():
            if table.name not in segment.tables:
                continue
            columns, rows = segment.tables[table.name]
            here = _rows_here(conn, table.name, table.column_names, [r[0] for r in rows])
            chosen = best.setdefault(table.name, {})
            for raw in rows:
                values = dict(zip(columns, raw, strict=True))
                base = here.get(str(raw[0]))
                if base is None:
                    continue
                row = tuple(values.get(c, base[i]) for i, c in enumerate(table.column_names))
                old = chosen.get(str(row[0]))
                if old is None or (row[2], row_hash(row)) > (old[2], row_hash(old)):  # type: ignore[operator]
                    chosen[str(row[0])] = row
    return {t: sorted(rows.values(), key=lambda r: str(r[0])) for t, rows in best.items() if rows}


def _rows_here(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], ids: list[object]) -> dict[str, Row]:
    cols = ", ".join(f'"{c}"' for c in columns)
    found: dict[str, Row] = {}
    wanted = [i for i in ids if isinstance(i, str)]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in conn.execute(f'SELECT {cols} FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk):
            found[row[0]] = tuple(row)
    return found


def hand_over(conn: sqlite3.Connection, office: str, child: str, child_path: str) -> list[tuple[str, str]]:
    """Re-own to the child the office's records of the child's subtree; returns them as (table, row id)."""
    subtree = {r[0] for r in conn.execute(f"SELECT id FROM {ORG_TABLE} WHERE path LIKE ? || '%'", (child_path,))}
    handed: set[str] = set()
    moves: list[tuple[str, str]] = []
    for table in synced_tables():
        if table.name in PARENT_KEEPS:
            continue
        # A reference to a row the parent keeps (a winner's honour) says nothing about who keeps this row.
        fk_cols = [table.column_names[i] for i, target in table.foreign_keys if target not in PARENT_KEEPS]
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
    seq = bundle.secret.get("seq", 1)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:  # signed, yet not what provisioning writes
        raise UntrustedKey(_("开通文件中的密钥序号无效，文件可能已损坏。"))
    return SetupContents(bundle, trust, roots[0], unit_id, key, seq)
