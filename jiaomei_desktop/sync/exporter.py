"""Building an outgoing bundle: this office's own signed segment, the segments it relays unchanged, the
certificates that prove every signer back to the root, and the photos the rows refer to."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from jiaomei_desktop.db.base import utcnow
from jiaomei_desktop.sync import handover, localstate
from jiaomei_desktop.sync.bundle import BundleHeader, OutSegment, PhotoFile, assemble, segment_counts
from jiaomei_desktop.sync.identity import ensure_identity, relatives
from jiaomei_desktop.sync.keys import Certificate, KeyPair, TrustStore
from jiaomei_desktop.sync.segments import Row, encode_body, read_owned_rows
from jiaomei_desktop.sync.tables import ORG_TABLE, synced_tables

PhotoSource = Callable[[str], bytes | None]
_SHA = re.compile(rb'"([0-9a-f]{64})"')


def own_segment(conn: sqlite3.Connection, office: str, key: KeyPair, schema: str) -> OutSegment:
    rows = read_owned_rows(conn, office)
    handovers = [
        tuple(r)
        for r in conn.execute(
            "SELECT table_name, row_id, to_unit_id FROM sync_handover WHERE from_unit_id = ? ORDER BY row_id", (office,)
        )
    ]
    body = encode_body(rows, handovers)  # type: ignore[arg-type]
    seq = localstate.next_own_seq(conn, hashlib.sha256(body).hexdigest())
    return OutSegment.signed(office, seq, _header(office, seq, schema, partial=False) + body, key)


def partial_segment(
    conn: sqlite3.Connection,
    office: str,
    key: KeyPair,
    schema: str,
    rows: dict[str, list[Row]],
    recipient: str | None = None,
) -> OutSegment:
    seq = localstate.next_own_seq(conn, None)
    header = _header(office, seq, schema, partial=True, recipient=recipient)
    return OutSegment.signed(office, seq, header + encode_body(rows), key)


def _header(owner: str, seq: int, schema: str, partial: bool, recipient: str | None = None) -> bytes:
    header: dict[str, object] = {
        "segment": 1,
        "owner_unit_id": owner,
        "seq": seq,
        "schema_revision": schema,
        "partial": partial,
    }
    if recipient is not None:
        header["recipient"] = recipient  # a relaying office passes the segment to this office's line only
    return (json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def down_segments(
    conn: sqlite3.Connection, office: str, key: KeyPair, schema: str, recipient: str, trust: TrustStore
) -> list[OutSegment]:
    """What goes down to `recipient` (a child office), by need to know: this office's part of the tree, for every
    office below; then, for the recipient and each office already provisioned below it, the other rows that
    concern that office's subtree (its people's honours, documents addressed to it), in a segment addressed to
    it. A relaying office passes an addressed segment only down that office's line (relayed_down), so a group
    honour for one branch's member never travels on another branch's stick."""
    segments = []
    tree = _own_tree_rows(conn, office)
    if tree:
        segments.append(partial_segment(conn, office, key, schema, {ORG_TABLE: tree}))
    # A row goes to the deepest offices it concerns: a branch member's honour to that branch's segment only, not
    # also to the committee above it. A row that concerns two branches (a group contest with entrants from both)
    # goes to each of them, since a relaying office passes a segment only down its addressee's line. Segments of one
    # owner are compared per addressee when kept for relaying (localstate.keep_segment), so the copies never make
    # one another look superseded.
    offices = _offices_at_or_below(conn, trust, recipient)
    paths = {u: str(p) for u, p in conn.execute(f"SELECT id, path FROM {ORG_TABLE}").fetchall()}
    wanted: dict[object, list[str]] = {}
    selected: dict[str, dict[str, list[Row]]] = {}
    for unit in offices:
        rows = rows_for_recipient(conn, office, unit, _subtree_owners(trust, unit))
        rows.pop(ORG_TABLE, None)
        selected[unit] = rows
        for table_rows in rows.values():
            for row in table_rows:
                wanted.setdefault(row[0], []).append(unit)
    homes = {row_id: _deepest(units, paths) for row_id, units in wanted.items()}
    for unit in offices:
        rows = {t: kept for t, r in selected[unit].items() if (kept := [row for row in r if unit in homes[row[0]]])}
        if rows:
            segments.append(partial_segment(conn, office, key, schema, rows, recipient=unit))
    return segments


def _deepest(units: list[str], paths: dict[str, str]) -> set[str]:
    """Those of `units` with no other of them below it."""
    return {u for u in units if not any(v != u and paths.get(v, "").startswith(paths.get(u, "")) for v in units)}


def _own_tree_rows(conn: sqlite3.Connection, office: str) -> list[Row]:
    table = next(t for t in synced_tables() if t.name == ORG_TABLE)
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    return conn.execute(f'SELECT {cols} FROM "{ORG_TABLE}" WHERE owner_unit_id = ? ORDER BY id', (office,)).fetchall()


def _offices_at_or_below(conn: sqlite3.Connection, trust: TrustStore, unit: str) -> list[str]:
    """The unit and every office provisioned below it (in this store's tree), parents first."""
    paths = dict(conn.execute(f"SELECT id, path FROM {ORG_TABLE}").fetchall())
    top = paths.get(unit)
    if top is None:
        return [unit]
    below = [
        u
        for u in trust.trusted
        if u != unit and str(paths.get(u, "")).startswith(top) and not getattr(trust.trusted[u], "revokes", False)
    ]
    return [unit, *sorted(below, key=lambda u: (str(paths[u]).count("/"), str(paths[u])))]


def relayed_down(conn: sqlite3.Connection, trust: TrustStore, office: str, recipient: str | None) -> list[OutSegment]:
    """The segments of offices above that this office passes on to `recipient` (None: to any child): the ones
    addressed to the recipient or an office below it, and unaddressed ones holding only the tree."""
    above = relatives(trust, office, "down")
    paths = dict(conn.execute(f"SELECT id, path FROM {ORG_TABLE}").fetchall())
    target = paths.get(recipient) if recipient else None
    result = []
    for s in localstate.stored_segments(conn):
        if s.owner_unit_id not in above:
            continue
        addressee = localstate.recipient_of(s.data)
        if addressee is None:
            wanted = set(segment_counts(s.data)) <= {ORG_TABLE}
        else:
            wanted = target is not None and str(paths.get(addressee, "")).startswith(target)
        if wanted:
            result.append(OutSegment(s.owner_unit_id, s.seq, s.data, s.signature))
    return result


def rows_for_recipient(
    conn: sqlite3.Connection, office: str, recipient: str | None, recipient_owners: set[str]
) -> dict[str, list[Row]]:
    """For a downward bundle: the whole tree, plus this office's rows that concern the recipient: rows whose every
    reference is a unit on the recipient's line (its ancestors, itself, its subtree) or a record written by the
    recipient's offices. Without a recipient, only rows about this office's own line (e.g. group honours of units
    above). No other branch's people travel down."""
    own = read_owned_rows(conn, office)
    path = _path(conn, recipient or office)
    units = conn.execute(f"SELECT id, path FROM {ORG_TABLE}").fetchall()
    known = {u for u, p in units if path.startswith(p) or (recipient is not None and p.startswith(path))}
    for table in synced_tables():
        for owner in recipient_owners:
            known.update(r[0] for r in conn.execute(f'SELECT id FROM "{table.name}" WHERE owner_unit_id = ?', (owner,)))
    result: dict[str, list[Row]] = {}
    for table in synced_tables():
        rows = own.get(table.name, [])
        if table.name != ORG_TABLE:
            rows = [
                r
                for r in rows
                if any(r[i] is not None for i, _t in table.foreign_keys)
                and all(r[i] is None or r[i] in known for i, _t in table.foreign_keys)
            ]
            known.update(r[0] for r in rows)
        if rows:
            result[table.name] = rows
    return result


def _path(conn: sqlite3.Connection, unit: str) -> str:
    row = conn.execute(f"SELECT path FROM {ORG_TABLE} WHERE id = ?", (unit,)).fetchone()
    return str(row[0]) if row else "/"


@dataclass(frozen=True)
class ExportInfo:
    """What went into a bundle, for the caller's report."""

    bundle_id: str
    segments: int
    photos: int
    rows: int
    direction: str


def export_bundle(
    conn: sqlite3.Connection,
    schema: str,
    app_version: str,
    direction: str,
    recipient: str | None,
    photo_source: PhotoSource,
) -> tuple[bytes, ExportInfo]:
    """The bundle's bytes (not yet encrypted) and a short description for the caller's report."""
    office, key, trust = ensure_identity(conn)
    if direction == "up":
        segments = [own_segment(conn, office, key, schema)]
        relay = relatives(trust, office, direction)
        segments += [
            OutSegment(s.owner_unit_id, s.seq, s.data, s.signature)
            for s in localstate.stored_segments(conn)
            if s.owner_unit_id in relay
        ]
    elif recipient:
        segments = [
            *down_segments(conn, office, key, schema, recipient, trust),
            *relayed_down(conn, trust, office, recipient),
        ]
    else:  # to any child: only the tree and rows about this office's own line
        segments = [
            partial_segment(conn, office, key, schema, rows_for_recipient(conn, office, None, set())),
            *relayed_down(conn, trust, office, None),
        ]
    return finish_bundle(conn, office, key, trust, schema, app_version, "bundle", direction, segments, photo_source)


def _subtree_owners(trust: TrustStore, unit: str) -> set[str]:
    path = trust.path_of(unit)
    if path is None:
        return {unit}
    return {u for u, c in trust.trusted.items() if c.unit_path.startswith(path)}


def finish_bundle(
    conn: sqlite3.Connection,
    office: str,
    key: KeyPair,
    trust: TrustStore,
    schema: str,
    app_version: str,
    kind: str,
    direction: str,
    segments: list[OutSegment],
    photo_source: PhotoSource,
    secret: dict[str, object] | None = None,
) -> tuple[bytes, ExportInfo]:
    name_row = conn.execute("SELECT name FROM org_unit WHERE id = ?", (office,)).fetchone()
    header = BundleHeader(
        str(uuid.uuid4()),
        kind,
        direction,
        office,
        name_row[0] if name_row else "",
        schema,
        app_version,
        utcnow().isoformat(sep=" ", timespec="seconds"),
    )
    certs = certificate_chains(trust, [office, *(s.owner_unit_id for s in segments)])
    photos = _photos(conn, segments, photo_source)
    owners = {s.owner_unit_id for s in segments}
    proofs = [p for p in handover.load_all(conn) if p.to_unit_id in owners]
    data = assemble(header, key, segments, certs, photos, secret, proofs)
    info = ExportInfo(
        bundle_id=header.bundle_id,
        segments=len(segments),
        photos=len(photos),
        rows=sum(sum(s.counts().values()) for s in segments),
        direction=direction,
    )
    return data, info


def certificate_chains(trust: TrustStore, units: list[str]) -> list[Certificate]:
    """The chains of these units, plus every revocation known here with its issuer's chain: a revocation travels
    up and down in every bundle until it has reached every office (they are few and small)."""
    revoked = sorted({unit for unit, _serial in trust.revocations})
    result: list[Certificate] = []
    for unit in [*units, *revoked]:
        for cert in trust.chain(unit):
            if cert not in result:
                result.append(cert)
    return result


def _photos(conn: sqlite3.Connection, segments: list[OutSegment], source: PhotoSource) -> list[PhotoFile]:
    wanted: set[str] = set()
    for seg in segments:
        wanted.update(m.decode() for m in _SHA.findall(seg.data))
    photos = []
    for sha in sorted(wanted):
        meta = conn.execute("SELECT mime, width, height, size_bytes FROM photo WHERE sha256 = ?", (sha,)).fetchone()
        data = source(sha) if meta else None
        if meta and data is not None and hashlib.sha256(data).hexdigest() == sha:
            photos.append(
                PhotoFile(sha, {"mime": meta[0], "width": meta[1], "height": meta[2], "size_bytes": meta[3]}, data)
            )
    return photos
