"""membership dates, exit kinds and award levels (issue 17): person.probation_extension_months (a recorded
延长预备期), membership_change.exit_kind (the prescribed way of leaving the party), honor.collective_name (a 先进集体
that is a 区队 or 班组, not a party unit), innovation_item.award_level and innovation_item.task_state

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = (
    ("person", sa.Column("probation_extension_months", sa.Integer(), nullable=True)),
    ("membership_change", sa.Column("exit_kind", sa.String(length=20), nullable=True)),
    ("honor", sa.Column("collective_name", sa.String(length=120), nullable=True)),
    ("innovation_item", sa.Column("award_level", sa.String(length=20), nullable=True)),
    ("innovation_item", sa.Column("task_state", sa.String(length=10), nullable=True)),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(column)


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column.name)
