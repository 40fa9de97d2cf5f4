"""sync tables

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_office_key",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_sync_office_key")),
    )
    op.create_table(
        "sync_trusted_key",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("unit_path", sa.String(length=1000), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("issuer_unit_id", sa.String(length=36), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.Column("anchor", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_sync_trusted_key")),
    )
    op.create_table(
        "sync_stored_segment",
        sa.Column("owner_unit_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner_unit_id", "sha256", name=op.f("pk_sync_stored_segment")),
    )
    op.create_table(
        "sync_applied_segment",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("owner_unit_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_applied_segment")),
    )
    with op.batch_alter_table("sync_applied_segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_applied_segment_owner_unit_id"), ["owner_unit_id"], unique=False)

    op.create_table(
        "sync_handover",
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("to_unit_id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("from_unit_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("row_id", "to_unit_id", name=op.f("pk_sync_handover")),
    )
    op.create_table(
        "sync_handover_proof",
        sa.Column("from_unit_id", sa.String(length=36), nullable=False),
        sa.Column("to_unit_id", sa.String(length=36), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("from_unit_id", "to_unit_id", name=op.f("pk_sync_handover_proof")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("owner_unit_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("winner_hash", sa.String(length=64), nullable=False),
        sa.Column("loser_hash", sa.String(length=64), nullable=False),
        sa.Column("loser_data", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
        sa.UniqueConstraint("table_name", "row_id", "version", "loser_hash", name="uq_sync_conflict_side"),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_row_id"), ["row_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_conflict_status"), ["status"], unique=False)

    op.create_table(
        "sync_import_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("source_unit_id", sa.String(length=36), nullable=False),
        sa.Column("source_name", sa.String(length=120), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_import_log")),
    )
    with op.batch_alter_table("sync_import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_import_log_bundle_id"), ["bundle_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_import_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_import_log_bundle_id"))
    op.drop_table("sync_import_log")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_status"))
        batch_op.drop_index(batch_op.f("ix_sync_conflict_row_id"))
    op.drop_table("sync_conflict")
    op.drop_table("sync_handover_proof")
    op.drop_table("sync_handover")
    with op.batch_alter_table("sync_applied_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_applied_segment_owner_unit_id"))
    op.drop_table("sync_applied_segment")
    op.drop_table("sync_stored_segment")
    op.drop_table("sync_trusted_key")
    op.drop_table("sync_office_key")
