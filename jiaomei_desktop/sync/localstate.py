"""This office's sync bookkeeping in the store: its key, the keys it trusts, the segments it keeps for relaying,
the segments already merged, and the counter of its own segments."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.sync.keys import Certificate, KeyPair, TrustStore

OFFICE_SETTING = "office_unit_id"
SEQ_SETTING = "sync.own_seq"
BODY_SETTING = "sync.own_body"


def _now() -> str:
    return utcnow().isoformat(sep=" ")


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))


def office_unit(conn: sqlite3.Connection) -> str | None:
    return setting(conn, OFFICE_SETTING)


def own_key(conn: sqlite3.Connection, unit_id: str) -> KeyPair | None:
    row = conn.execute("SELECT private_key FROM sync_office_key WHERE unit_id = ?", (unit_id,)).fetchone()
    return KeyPair(bytes(row[0])) if row else None


def save_own_key(conn: sqlite3.Connection, unit_id: str, key: KeyPair) -> None:
    conn.execute("DELETE FROM sync_office_key")
    conn.execute("INSERT INTO sync_office_key (unit_id, private_key, public_key, created_at) VALUES (?, ?, ?, ?)",
                 (unit_id, key.private_raw, key.public_b64, _now()))


def load_trust(conn: sqlite3.Connection) -> TrustStore:
    """The trusted certificates, judged from now on against this store's org tree as it stands."""
    rows = conn.execute("SELECT unit_id, unit_path, public_key, issuer_unit_id, serial, signature "
                        "FROM sync_trusted_key").fetchall()

    def view() -> tuple[dict[str, str], dict[str, str]]:
        tree, names = {}, {}
        for unit, path, name, code in conn.execute("SELECT id, path, name, code FROM org_unit"):
            tree[unit], names[unit] = path, f"{name}（{code}）" if code else name
        return tree, names

    return TrustStore({r[0]: Certificate(*r) for r in rows}, revocations=revocations(conn), view=view)


def revocations(conn: sqlite3.Connection) -> list[Certificate]:
    return [Certificate.from_dict(json.loads(r[0])) for r in conn.execute("SELECT document FROM sync_revoked_key")]


def save_revocations(conn: sqlite3.Connection, revoked: list[Certificate]) -> None:
    """Keep revocations (they travel on in every bundle whose chains name the unit), each with the key it revoked
    when that key is the one recorded here. Call before recording the new certificates."""
    for cert in revoked:
        row = conn.execute("SELECT public_key, serial FROM sync_trusted_key WHERE unit_id = ?",
                           (cert.unit_id,)).fetchone()
        old_key = row[0] if row and row[1] < cert.serial and row[0] else ""
        conn.execute("INSERT OR IGNORE INTO sync_revoked_key (unit_id, public_key, issuer_unit_id, document, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?)",
                     (cert.unit_id, old_key or f"serial {cert.serial}", cert.issuer_unit_id,
                      json.dumps(cert.as_dict(), ensure_ascii=False, sort_keys=True), _now()))


def current_key(conn: sqlite3.Connection, unit_id: str) -> str:
    row = conn.execute("SELECT public_key FROM sync_trusted_key WHERE unit_id = ?", (unit_id,)).fetchone()
    return str(row[0]) if row else ""


def save_certificates(conn: sqlite3.Connection, certs: list[Certificate], anchor: bool = False,
                      keep_segments: bool = False) -> None:
    """Record certificates as current. A replaced or revoked key's segments can no longer be verified by anyone, so
    they are not relayed any more (the revoking parent keeps them until it provisions the new PC from them)."""
    for cert in certs:
        previous = conn.execute("SELECT public_key FROM sync_trusted_key WHERE unit_id = ?",
                                (cert.unit_id,)).fetchone()
        conn.execute(
            "INSERT OR REPLACE INTO sync_trusted_key (unit_id, unit_path, public_key, issuer_unit_id, serial, "
            "signature, anchor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (cert.unit_id, cert.unit_path, cert.public_key, cert.issuer_unit_id, cert.serial, cert.signature,
             int(anchor), _now()))
        if previous and previous[0] != cert.public_key and not keep_segments:
            conn.execute("DELETE FROM sync_stored_segment WHERE owner_unit_id = ?", (cert.unit_id,))


@dataclass(frozen=True)
class Stored:
    owner_unit_id: str
    seq: int
    sha256: str
    signature: dict[str, str]
    data: bytes


def stored_segments(conn: sqlite3.Connection) -> list[Stored]:
    rows = conn.execute("SELECT owner_unit_id, seq, sha256, signature, data FROM sync_stored_segment "
                        "ORDER BY owner_unit_id, sha256").fetchall()
    return [Stored(r[0], r[1], r[2], json.loads(r[3]), zlib.decompress(r[4])) for r in rows]


def keep_segment(conn: sqlite3.Connection, owner: str, seq: int, signature: dict[str, str], data: bytes) -> None:
    """Keep, per owner, every segment no other kept segment supersedes, for relaying.

    Normally the newest segment contains every row of the older one at the same or a higher version, so it replaces
    it. Two segments of a forked office (a cloned PC) each hold a row the other does not: both are kept and relayed,
    so the fork reaches the group by every route. The kept set does not depend on the order segments arrived in.
    """
    sha = signature["sha256"]
    rows = conn.execute("SELECT sha256, seq, data FROM sync_stored_segment WHERE owner_unit_id = ?", (owner,)).fetchall()
    if any(r[0] == sha for r in rows):
        return
    # A downward segment addressed to one office is compared only with those addressed to the same office: the
    # committee's own segment may hold more rows than a branch's and must not make the branch's look superseded.
    addressee = recipient_of(data)
    rows = [r for r in rows if recipient_of(zlib.decompressobj().decompress(r[2], 4096)) == addressee]
    new_rows = _versions(data) if rows else {}  # nothing to compare with: the common case of a first delivery
    for old_sha, old_seq, old_data in rows:
        old_rows = _versions(zlib.decompress(old_data))
        new_covers, old_covers = _covers(new_rows, old_rows), _covers(old_rows, new_rows)
        if old_covers and not (new_covers and (seq, sha) > (old_seq, old_sha)):
            return  # what we have already says at least as much
        if new_covers:
            conn.execute("DELETE FROM sync_stored_segment WHERE owner_unit_id = ? AND sha256 = ?", (owner, old_sha))
    conn.execute("INSERT INTO sync_stored_segment (owner_unit_id, sha256, seq, signature, data, received_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (owner, sha, seq, json.dumps(signature), zlib.compress(data, 1), _now()))


def recipient_of(data: bytes) -> str | None:
    """The office a downward segment is addressed to (its header's "recipient"), or None."""
    end = data.find(b"\n")
    if end < 0 or b'"recipient"' not in data[:end]:
        return None
    value = json.loads(data[:end]).get("recipient")
    return value if isinstance(value, str) else None


def _versions(data: bytes) -> dict[tuple[str, str], tuple[int, bytes]]:
    """(table, row id) -> (version, the row's line) read straight from the segment lines."""
    result: dict[tuple[str, str], tuple[int, bytes]] = {}
    table = ""
    for line in data.split(b"\n")[1:]:
        if line.startswith(b"{"):
            table = json.loads(line).get("table", "")
        elif line.startswith(b"[") and table:
            row = json.loads(line)
            result[(table, str(row[0]))] = (int(row[2]), line)
    return result


def _covers(new: dict[tuple[str, str], tuple[int, bytes]], old: dict[tuple[str, str], tuple[int, bytes]]) -> bool:
    for key, (version, line) in old.items():
        mine = new.get(key)
        if mine is None or mine[0] < version or (mine[0] == version and mine[1] != line):
            return False
    return True


def is_applied(conn: sqlite3.Connection, sha256: str) -> bool:
    return conn.execute("SELECT 1 FROM sync_applied_segment WHERE sha256 = ?", (sha256,)).fetchone() is not None


def mark_applied(conn: sqlite3.Connection, sha256: str, owner: str, seq: int, rows: int) -> None:
    conn.execute("INSERT OR IGNORE INTO sync_applied_segment (sha256, owner_unit_id, seq, rows, applied_at) "
                 "VALUES (?, ?, ?, ?, ?)", (sha256, owner, seq, rows, _now()))


def next_own_seq(conn: sqlite3.Connection, body_sha: str | None) -> int:
    """The same body keeps its number (identical bytes, so a replay is recognised); a changed body gets the next."""
    seq = int(setting(conn, SEQ_SETTING) or 0)
    if body_sha is not None and setting(conn, BODY_SETTING) == body_sha and seq:
        return seq
    seq += 1
    set_setting(conn, SEQ_SETTING, str(seq))
    set_setting(conn, BODY_SETTING, body_sha or "")
    return seq


def record_handovers(conn: sqlite3.Connection, handovers: list[tuple[str, str, str, str]]) -> None:
    conn.executemany("INSERT OR IGNORE INTO sync_handover (table_name, row_id, from_unit_id, to_unit_id) "
                     "VALUES (?, ?, ?, ?)", handovers)


def log_import(conn: sqlite3.Connection, bundle_id: str, source: str, source_name: str, file_name: str,
               summary: dict[str, object]) -> None:
    conn.execute("INSERT INTO sync_import_log (bundle_id, source_unit_id, source_name, file_name, imported_at, "
                 "summary) VALUES (?, ?, ?, ?, ?, ?)",
                 (bundle_id, source, source_name[:120], file_name[:260], _now(),
                  json.dumps(summary, ensure_ascii=False)))
