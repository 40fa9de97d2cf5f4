"""A segment: everything one owner wrote, as JSON lines, in a deterministic order, signed by that owner.

    {"segment":1,"owner_unit_id":…,"seq":7,"schema_revision":"0005","partial":false}
    {"table":"org_unit","columns":[…],"rows":2}
    ["id…","owner…",3,"2026-11-23 08:00:00.000000",0,…]      one line per row, sorted by id
    …
    {"handovers":1}
    ["person","row id","child unit id"]                       rows this owner handed to a child office

The same rows always give the same bytes, so a replayed segment is recognised by its hash.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.errors import BundleError
from jiaomei_desktop.sync.keys import KeyPair, verify
from jiaomei_desktop.sync.tables import TableInfo, encode_value, synced_tables

Row = tuple[object, ...]


# One encoder for all rows: json.dumps with options builds a new encoder per call, which dominated export time.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class SegmentData:
    owner_unit_id: str
    seq: int
    schema_revision: str
    partial: bool
    tables: dict[str, tuple[list[str], list[list[object]]]] = field(default_factory=dict)
    handovers: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row id, new owner)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _cols, rows in self.tables.values())

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, (_cols, rows) in self.tables.items()}


def read_owned_rows(conn: sqlite3.Connection, owner_unit_id: str) -> dict[str, list[Row]]:
    """Every row the owner wrote, per synced table, sorted by id, in storage values."""
    result: dict[str, list[Row]] = {}
    for table in synced_tables():
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        rows = conn.execute(
            f'SELECT {cols} FROM "{table.name}" WHERE owner_unit_id = ? ORDER BY id', (owner_unit_id,)
        ).fetchall()
        if rows:
            result[table.name] = rows
    return result


def encode_segment(
    owner_unit_id: str,
    seq: int,
    schema_revision: str,
    rows: dict[str, list[Row]],
    handovers: Sequence[tuple[str, str, str]] = (),
    partial: bool = False,
) -> bytes:
    header = {
        "segment": 1,
        "owner_unit_id": owner_unit_id,
        "seq": seq,
        "schema_revision": schema_revision,
        "partial": partial,
    }
    return (_dumps(header) + "\n").encode() + encode_body(rows, handovers)


def encode_body(rows: dict[str, list[Row]], handovers: Sequence[tuple[str, str, str]] = ()) -> bytes:
    lines: list[str] = []
    for table in synced_tables():
        table_rows = rows.get(table.name)
        if not table_rows:
            continue
        lines.append(_dumps({"table": table.name, "columns": list(table.column_names), "rows": len(table_rows)}))
        binary = any(c.binary for c in table.columns)
        for row in sorted(table_rows, key=lambda r: str(r[0])):  # column 0 is the row's text id
            lines.append(_dumps([encode_value(v) for v in row] if binary else list(row)))
    if handovers:
        lines.append(_dumps({"handovers": len(handovers)}))
        lines.extend(_dumps(list(h)) for h in sorted(handovers, key=lambda h: (h[1], h[0])))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def body_hash(data: bytes) -> str:
    """Hash of the segment without its header line: equal bodies mean nothing changed since the last export."""
    return hashlib.sha256(data[data.index(b"\n") + 1 :]).hexdigest()


def segment_message(sha256_hex: str) -> bytes:
    return b"jiaomei-segment-v1\n" + sha256_hex.encode("ascii")


def sign_segment(data: bytes, key: KeyPair) -> dict[str, str]:
    digest = hashlib.sha256(data).hexdigest()
    return {"sha256": digest, "signature": key.sign(segment_message(digest))}


def verify_segment(data: bytes, signature: dict[str, object], public_key: str) -> bool:
    digest = hashlib.sha256(data).hexdigest()
    return signature.get("sha256") == digest and verify(
        public_key, segment_message(digest), str(signature.get("signature", ""))
    )


def decode_segment(data: bytes, where: str) -> SegmentData:
    """Parse a segment's bytes; any deviation from the format rejects it (it was signed, so this means a bug or a
    hostile writer, never a reason to guess)."""
    try:
        return _decode(data.decode("utf-8").split("\n"), where)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        raise BundleError(_("数据段 {owner} 格式不正确，已拒绝整个数据包。").format(owner=where)) from exc


def _decode(lines: list[str], where: str) -> SegmentData:
    if lines[-1] != "":
        raise ValueError("no final newline")
    header = json.loads(lines[0])
    seq = header.get("seq")
    if header.get("segment") != 1 or type(seq) is not int or not 0 <= seq < 2**63:
        raise ValueError("header")
    segment = SegmentData(
        str(header["owner_unit_id"]), header["seq"], str(header["schema_revision"]), bool(header.get("partial", False))
    )
    pos = 1
    while pos < len(lines) - 1:
        meta = json.loads(lines[pos])
        if not isinstance(meta, dict):
            raise ValueError("section")
        count = meta.get("rows", meta.get("handovers"))
        if not isinstance(count, int) or count < 0 or pos + 1 + count > len(lines) - 1:
            raise ValueError("count")
        # One json.loads for the whole block: the per-line cost dominates large imports otherwise.
        block = json.loads("[" + ",".join(lines[pos + 1 : pos + 1 + count]) + "]") if count else []
        if "table" in meta:
            _add_table(segment, meta, block)
        elif "handovers" in meta:
            segment.handovers.extend(_handover(h) for h in block)
        else:
            raise ValueError("section")
        pos += 1 + count
    return segment


def _add_table(segment: SegmentData, meta: dict[str, object], block: list[object]) -> None:
    name, columns = meta["table"], meta["columns"]
    if not isinstance(name, str) or name in segment.tables or not isinstance(columns, list):
        raise ValueError("table header")
    if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
        raise ValueError("columns")
    if not all(isinstance(r, list) and len(r) == len(columns) for r in block):
        raise ValueError("row width")
    segment.tables[name] = (columns, block)  # type: ignore[assignment]


def _handover(item: object) -> tuple[str, str, str]:
    if not (isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)):
        raise ValueError("handover")
    return (item[0], item[1], item[2])


def tables_in_order() -> tuple[TableInfo, ...]:
    return synced_tables()
