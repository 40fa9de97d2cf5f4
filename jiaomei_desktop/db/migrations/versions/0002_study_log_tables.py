"""study log tables: compliance rules per unit, user-added session kinds, two covering indexes on study_session

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
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


def upgrade() -> None:
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.create_index("ix_study_session_unit_date_kind", ["unit_id", "session_date", "kind", "deleted"],
                              unique=False)
        batch_op.create_index("ix_study_session_list_order", ["session_date", "start_time", "id", "deleted"],
                              unique=False)

    op.create_table(
        "study_rule",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("per_party_group", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_study_rule_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_rule")),
    )
    with op.batch_alter_table("study_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_rule_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_rule_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_study_rule_unit_kind", ["unit_id", "kind"], unique=False)

    op.create_table(
        "study_kind",
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_kind")),
    )
    with op.batch_alter_table("study_kind", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_kind_deleted"), ["deleted"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_kind_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_kind_owner_unit_id"), ["owner_unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("study_kind", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_kind_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_study_kind_name"))
        batch_op.drop_index(batch_op.f("ix_study_kind_deleted"))
    op.drop_table("study_kind")
    with op.batch_alter_table("study_rule", schema=None) as batch_op:
        batch_op.drop_index("ix_study_rule_unit_kind")
        batch_op.drop_index(batch_op.f("ix_study_rule_owner_unit_id"))
        batch_op.drop_index(batch_op.f("ix_study_rule_deleted"))
    op.drop_table("study_rule")
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.drop_index("ix_study_session_list_order")
        batch_op.drop_index("ix_study_session_unit_date_kind")
