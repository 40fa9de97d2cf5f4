"""revoked office keys (issue 14a): a parent's signed revocation of a child's lost or replaced key, kept so segments
the old key signed before the revocation stay verifiable and everything it signs afterwards is refused

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_revoked_key",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("issuer_unit_id", sa.String(length=36), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "public_key"),
    )


def downgrade() -> None:
    op.drop_table("sync_revoked_key")
