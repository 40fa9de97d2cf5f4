"""Local bookkeeping of file sync (docs/design.md §4). None of these tables is itself synced: they describe this office's
keys, the keys it trusts, what it has applied, what it relays, the forks it found and the imports it made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiaomei_desktop.db.base import Base, utcnow


class OfficeKey(Base):
    """This installation's own Ed25519 key pair (one row). The private key never leaves the office, except once
    inside the passphrase-encrypted setup file its parent writes when provisioning it."""

    __tablename__ = "sync_office_key"

    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TrustedKey(Base):
    """A unit's current public key, certified by its parent (or a trust anchor). Highest serial wins."""

    __tablename__ = "sync_trusted_key"

    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_path: Mapped[str] = mapped_column(String(1000))
    public_key: Mapped[str] = mapped_column(String(64))
    issuer_unit_id: Mapped[str] = mapped_column(String(36))
    serial: Mapped[int] = mapped_column(Integer)
    signature: Mapped[str] = mapped_column(String(100))
    anchor: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RevokedKey(Base):
    """A child office's key its parent revoked (lost or replaced PC). `document` is the parent's signed revocation,
    listing the segments the old key signed that stay valid; anything else it signs is refused."""

    __tablename__ = "sync_revoked_key"

    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    issuer_unit_id: Mapped[str] = mapped_column(String(36))
    document: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StoredSegment(Base):
    """The newest signed segment received from another owner, kept byte for byte so it can be relayed unchanged.
    Two segments of one owner with the same number are a forked office (a cloned PC): both are kept and relayed."""

    __tablename__ = "sync_stored_segment"

    owner_unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    signature: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed segment bytes
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AppliedSegment(Base):
    """Segments already merged: merging one again cannot change anything, so a replay skips it."""

    __tablename__ = "sync_applied_segment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_unit_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Handover(Base):
    """A row handed from a parent office to a child office when the child was provisioned (signed by the parent)."""

    __tablename__ = "sync_handover"

    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    to_unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    from_unit_id: Mapped[str] = mapped_column(String(36))


class HandoverProof(Base):
    """The parent's signed list of the records it handed to a child office. It travels in the child's bundles, so
    any office can accept the child's ownership of those records whichever route the bundles take."""

    __tablename__ = "sync_handover_proof"

    from_unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    to_unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document: Mapped[str] = mapped_column(Text)  # JSON: {"proof": {...}, "signature": "..."}


class SyncConflict(Base):
    """The losing side of a fork (same row, same version, different content), kept for review."""

    __tablename__ = "sync_conflict"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "version", "loser_hash", name="uq_sync_conflict_side"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    owner_unit_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    winner_hash: Mapped[str] = mapped_column(String(64))
    loser_hash: Mapped[str] = mapped_column(String(64))
    loser_data: Mapped[str] = mapped_column(Text)  # JSON object column -> value
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)  # open / resolved / superseded
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ImportLog(Base):
    """One line per bundle merged into this store."""

    __tablename__ = "sync_import_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36), index=True)
    source_unit_id: Mapped[str] = mapped_column(String(36))
    source_name: Mapped[str] = mapped_column(String(120))
    file_name: Mapped[str] = mapped_column(String(260))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(Text)  # JSON of the import summary
