"""纪律作风督导 (issue 19): 督导组, duty roster, inspections

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
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


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "inspection_team",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        _fk("inspection_team", "unit_id", "org_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_team")),
    )
    with op.batch_alter_table("inspection_team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_team_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_inspection_team_unit", ["unit_id", "start_date"], unique=False)

    op.create_table(
        "inspection_team_member",
        sa.Column("team_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_sync_columns(),
        _fk("inspection_team_member", "team_id", "inspection_team"),
        _fk("inspection_team_member", "person_id", "person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_team_member")),
    )
    with op.batch_alter_table("inspection_team_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_team_member_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_team_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_inspection_team_member_team_live", ["team_id", "deleted"], unique=False)

    op.create_table(
        "inspection_duty",
        sa.Column("team_id", sa.String(length=36), nullable=False),
        sa.Column("duty_date", sa.Date(), nullable=False),
        sa.Column("member_name", sa.String(length=60), nullable=False),
        sa.Column("unit_person", sa.String(length=60), nullable=True),
        sa.Column("notes", sa.String(length=200), nullable=True),
        *_sync_columns(),
        _fk("inspection_duty", "team_id", "inspection_team"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_duty")),
    )
    with op.batch_alter_table("inspection_duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_duty_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_inspection_duty_team_date", ["team_id", "duty_date"], unique=False)

    op.create_table(
        "inspection",
        sa.Column("inspection_date", sa.Date(), nullable=False),
        sa.Column("team_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("person_name", sa.String(length=60), nullable=True),
        sa.Column("rectify", sa.Boolean(), nullable=False),
        sa.Column("requirement", sa.Text(), nullable=True),
        *_sync_columns(),
        _fk("inspection", "team_id", "inspection_team"),
        _fk("inspection", "unit_id", "org_unit"),
        _fk("inspection", "person_id", "person"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_inspection_unit_date", ["unit_id", "inspection_date"], unique=False)
        batch_op.create_index("ix_inspection_team_date", ["team_id", "inspection_date"], unique=False)

    op.create_table(
        "inspection_photo",
        sa.Column("inspection_id", sa.String(length=36), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_sync_columns(),
        _fk("inspection_photo", "inspection_id", "inspection"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_photo")),
    )
    with op.batch_alter_table("inspection_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_photo_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_inspection_photo_inspection_live", ["inspection_id", "deleted"], unique=False)

    # a 督导 整改 is a 13710 item that points back at its inspection (and is filed where the inspection is)
    with op.batch_alter_table("supervision_task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inspection_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_supervision_task_inspection_id_inspection"), "inspection", ["inspection_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_supervision_task_inspection_id"), ["inspection_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supervision_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_task_inspection_id"))
        batch_op.drop_constraint(batch_op.f("fk_supervision_task_inspection_id_inspection"), type_="foreignkey")
        batch_op.drop_column("inspection_id")
    op.drop_table("inspection_photo")
    op.drop_table("inspection")
    op.drop_table("inspection_duty")
    op.drop_table("inspection_team_member")
    op.drop_table("inspection_team")
