"""zones deeds brands innovation: 我为职工办实事, 党建品牌 and the innovation register (responsibility_zone is in 0001)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_unit_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def _sync_indexes(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{table}_owner_unit_id"), ["owner_unit_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "worker_deed",
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("deed_date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("person_times", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_worker_deed_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_deed")),
    )
    _sync_indexes("worker_deed")
    with op.batch_alter_table("worker_deed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_deed_deed_date"), ["deed_date"], unique=False)
        batch_op.create_index("ix_worker_deed_unit_date", ["unit_id", "deed_date"], unique=False)

    op.create_table(
        "branch_brand",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("own_brand", sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_branch_brand_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch_brand")),
    )
    _sync_indexes("branch_brand")
    with op.batch_alter_table("branch_brand", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_branch_brand_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "innovation_item",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("people", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_innovation_item_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovation_item")),
    )
    _sync_indexes("innovation_item")
    with op.batch_alter_table("innovation_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_innovation_item_year"), ["year"], unique=False)
        batch_op.create_index("ix_innovation_item_unit_year", ["unit_id", "year", "kind"], unique=False)


def downgrade() -> None:
    for table in ("innovation_item", "branch_brand", "worker_deed"):
        op.drop_table(table)
