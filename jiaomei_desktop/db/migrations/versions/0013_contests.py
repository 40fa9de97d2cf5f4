"""skill contests (issue 19, 技术比武): contest_event and its entrants contest_entrant

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
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
        "contest_event",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("trade", sa.String(length=60), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("organiser", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("rules", sa.Text(), nullable=True),
        sa.Column("ties_allowed", sa.Boolean(), nullable=False),
        sa.Column("percent_scale", sa.Boolean(), nullable=False),
        sa.Column("winner_places", sa.Integer(), nullable=False),
        sa.Column("honour_category", sa.String(length=30), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_contest_event_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_event")),
    )
    with op.batch_alter_table("contest_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_event_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contest_event_event_date"), ["event_date"], unique=False)
        batch_op.create_index("ix_contest_event_unit_date", ["unit_id", "event_date"], unique=False)

    op.create_table(
        "contest_entrant",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("placing", sa.Integer(), nullable=True),
        sa.Column("honor_id", sa.String(length=36), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["event_id"], ["contest_event.id"], name=op.f("fk_contest_entrant_event_id_contest_event")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_contest_entrant_person_id_person")),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_contest_entrant_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["honor_id"], ["honor.id"], name=op.f("fk_contest_entrant_honor_id_honor")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_entrant")),
    )
    with op.batch_alter_table("contest_entrant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_entrant_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contest_entrant_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contest_entrant_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index("ix_contest_entrant_event_live", ["event_id", "deleted"], unique=False)


def downgrade() -> None:
    op.drop_table("contest_entrant")
    op.drop_table("contest_event")
