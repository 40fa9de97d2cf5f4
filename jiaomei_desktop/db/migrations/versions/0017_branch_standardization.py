"""党支部标准化建设 (issue 19): checklist items, assessments

The checklist itself (items, points, lines) is a setting (services.standards); these are the per-branch, per-year
self-assessments and the committee's acceptances.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
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
    op.create_table(
        "standard_assessment",
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sa.String(length=40), nullable=True),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["branch_id"], ["org_unit.id"], name=op.f("fk_standard_assessment_branch_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_assessment")),
    )
    with op.batch_alter_table("standard_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_standard_assessment_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_standard_assessment_year"), ["year"], unique=False)
        batch_op.create_index("ix_standard_assessment_branch_year", ["branch_id", "year"], unique=False)

    op.create_table(
        "standard_acceptance",
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("accepted_by", sa.String(length=40), nullable=True),
        sa.Column("note", sa.String(length=400), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["standard_assessment.id"],
            name=op.f("fk_standard_acceptance_assessment_id_standard_assessment"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_standard_acceptance_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_acceptance")),
    )
    with op.batch_alter_table("standard_acceptance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_standard_acceptance_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_standard_acceptance_assessment_id"), ["assessment_id"], unique=False)


def downgrade() -> None:
    op.drop_table("standard_acceptance")
    op.drop_table("standard_assessment")
