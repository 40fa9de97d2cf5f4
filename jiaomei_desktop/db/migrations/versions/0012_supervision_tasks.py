"""supervision tasks (issue 19, 13710 督办): supervision_task and its progress notes supervision_note

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
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
        "supervision_task",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("person_name", sa.String(length=40), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("tier_days", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=40), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["session_id"], ["study_session.id"],
                                name=op.f("fk_supervision_task_session_id_study_session")),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_supervision_task_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_task")),
    )
    with op.batch_alter_table("supervision_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_task_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervision_task_start_date"), ["start_date"], unique=False)
        batch_op.create_index("ix_supervision_task_unit_done", ["unit_id", "done_date", "deadline"], unique=False)

    op.create_table(
        "supervision_note",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["task_id"], ["supervision_task.id"],
                                name=op.f("fk_supervision_note_task_id_supervision_task")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_note")),
    )
    with op.batch_alter_table("supervision_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervision_note_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_supervision_note_task_live", ["task_id", "deleted", "note_date"], unique=False)


def downgrade() -> None:
    op.drop_table("supervision_note")
    op.drop_table("supervision_task")
