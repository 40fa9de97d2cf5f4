"""mentor pair tables

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The tables themselves came with 0001; this adds the index the pairs list and its figures rely on.
    with op.batch_alter_table("mentor_log", schema=None) as batch_op:
        batch_op.create_index("ix_mentor_log_pair_live", ["pair_id", "deleted", "log_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mentor_log", schema=None) as batch_op:
        batch_op.drop_index("ix_mentor_log_pair_live")
