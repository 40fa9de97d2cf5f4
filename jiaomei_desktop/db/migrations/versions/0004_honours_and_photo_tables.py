"""honours and photo tables

Revision ID: 0004
Revises: 0003

The honor and photo tables came with 0001; this adds the user-added honour categories (synced like any record).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "honor_category",
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("for_units", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_unit_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honor_category")),
    )
    with op.batch_alter_table("honor_category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_honor_category_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_honor_category_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_honor_category_owner_unit_id"), ["owner_unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("honor_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honor_category_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_honor_category_name"))
        batch_op.drop_index(batch_op.f("ix_honor_category_deleted"))
    op.drop_table("honor_category")
