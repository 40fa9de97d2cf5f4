"""Handover proofs: a parent's signed statement "these records now belong to child office X".

Written once when the child is provisioned, kept by both, and carried in every bundle that holds the child's
segment (or a descendant's), so the group accepts the new owner even when the child's bundle arrives first or by
another route.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.errors import UntrustedKey
from jiaomei_desktop.sync.keys import KeyPair, TrustStore, verify

PREFIX = "handovers/"


@dataclass(frozen=True)
class Proof:
    from_unit_id: str
    to_unit_id: str
    rows: tuple[tuple[str, str], ...]  # (table, row id)
    signature: str

    def _message(self) -> bytes:
        body = json.dumps({"from": self.from_unit_id, "to": self.to_unit_id, "rows": [list(r) for r in self.rows]},
                          ensure_ascii=False, separators=(",", ":"))
        return b"jiaomei-handover-v1\n" + hashlib.sha256(body.encode()).hexdigest().encode()

    @classmethod
    def signed(cls, from_unit: str, to_unit: str, rows: list[tuple[str, str]], key: KeyPair) -> Proof:
        unsigned = cls(from_unit, to_unit, tuple(sorted(rows)), "")
        return cls(from_unit, to_unit, unsigned.rows, key.sign(unsigned._message()))

    def valid(self, trust: TrustStore) -> bool:
        return verify(trust.key_for(self.from_unit_id), self._message(), self.signature)

    @property
    def file_name(self) -> str:
        return f"{PREFIX}{self.from_unit_id}.{self.to_unit_id}.json"

    def to_bytes(self) -> bytes:
        return json.dumps({"from": self.from_unit_id, "to": self.to_unit_id, "rows": [list(r) for r in self.rows],
                           "signature": self.signature}, ensure_ascii=False, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Proof:
        try:
            doc = json.loads(data)
            rows = tuple((str(t), str(r)) for t, r in doc["rows"])
            return cls(str(doc["from"]), str(doc["to"]), rows, str(doc["signature"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise UntrustedKey(_("数据包中的移交证明已损坏。")) from exc


def save(conn: sqlite3.Connection, proof: Proof) -> None:
    current = conn.execute("SELECT document FROM sync_handover_proof WHERE from_unit_id = ? AND to_unit_id = ?",
                           (proof.from_unit_id, proof.to_unit_id)).fetchone()
    if current is not None:
        # A re-provisioned child gets a new proof; keep the union so no earlier handover is forgotten.
        old = Proof.from_bytes(current[0].encode())
        if set(old.rows) >= set(proof.rows):
            return
        if not set(proof.rows) >= set(old.rows):
            return  # never replace a proof by one that covers less; the new edges are still recorded below
    conn.execute("INSERT OR REPLACE INTO sync_handover_proof (from_unit_id, to_unit_id, document) VALUES (?, ?, ?)",
                 (proof.from_unit_id, proof.to_unit_id, proof.to_bytes().decode()))


def load_all(conn: sqlite3.Connection) -> list[Proof]:
    return [Proof.from_bytes(r[0].encode()) for r in conn.execute("SELECT document FROM sync_handover_proof")]
