"""branch committees and votes (issue 17a): committee_role (支委 posts with their terms), party_discipline (留党察看
periods, which take the vote away), and on study_session the 所属年度, the 选举 flag and the counts recorded at saving
(应到 / 实到 / 有表决权应到 / 有表决权实到)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SESSION_COLUMNS = ("belongs_year", "expected_count", "present_count", "voting_expected_count", "voting_present_count")


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
        "committee_role",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_committee_role_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_committee_role_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_role")),
    )
    op.create_index("ix_committee_role_unit_start", "committee_role", ["unit_id", "term_start"])
    op.create_index(op.f("ix_committee_role_person_id"), "committee_role", ["person_id"])
    op.create_index(op.f("ix_committee_role_owner_unit_id"), "committee_role", ["owner_unit_id"])

    op.create_table(
        "party_discipline",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_party_discipline_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_discipline")),
    )
    op.create_index(op.f("ix_party_discipline_person_id"), "party_discipline", ["person_id"])
    op.create_index(op.f("ix_party_discipline_owner_unit_id"), "party_discipline", ["owner_unit_id"])

    with op.batch_alter_table("study_session", schema=None) as batch_op:
        for name in SESSION_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("is_election", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.drop_column("is_election")
        for column in reversed(SESSION_COLUMNS):
            batch_op.drop_column(column)
    op.drop_table("party_discipline")
    op.drop_table("committee_role")
