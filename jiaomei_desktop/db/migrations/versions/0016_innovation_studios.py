"""创新工作室 (issue 19): studios, members, output links

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
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
        "innovation_studio",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("leader_id", sa.String(length=36), nullable=False),
        sa.Column("leader_honor_id", sa.String(length=36), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=False),
        sa.Column("focus", sa.Text(), nullable=True),
        sa.Column("alliance", sa.String(length=120), nullable=True),
        sa.Column("alliance_joined_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(length=200), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_innovation_studio_unit_id_org_unit")),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"], name=op.f("fk_innovation_studio_leader_id_person")),
        sa.ForeignKeyConstraint(
            ["leader_honor_id"], ["honor.id"], name=op.f("fk_innovation_studio_leader_honor_id_honor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovation_studio")),
    )
    with op.batch_alter_table("innovation_studio", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_innovation_studio_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_innovation_studio_leader_id"), ["leader_id"], unique=False)
        batch_op.create_index("ix_innovation_studio_unit_kind", ["unit_id", "kind"], unique=False)

    op.create_table(
        "innovation_studio_member",
        sa.Column("studio_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["studio_id"],
            ["innovation_studio.id"],
            name=op.f("fk_innovation_studio_member_studio_id_innovation_studio"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_innovation_studio_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovation_studio_member")),
    )
    with op.batch_alter_table("innovation_studio_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_innovation_studio_member_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_innovation_studio_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_innovation_studio_member_studio_live", ["studio_id", "deleted"], unique=False)

    # The output link: an innovation register entry (project, patent, award) may name the studio it came from.
    with op.batch_alter_table("innovation_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("studio_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_innovation_item_studio_id_innovation_studio"), "innovation_studio", ["studio_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_innovation_item_studio_id"), ["studio_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("innovation_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_innovation_item_studio_id"))
        batch_op.drop_constraint(batch_op.f("fk_innovation_item_studio_id_innovation_studio"), type_="foreignkey")
        batch_op.drop_column("studio_id")
    op.drop_table("innovation_studio_member")
    op.drop_table("innovation_studio")
