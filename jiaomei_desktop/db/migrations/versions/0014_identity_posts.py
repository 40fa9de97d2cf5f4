"""亮明身份 posts (issue 19): identity_post (示范岗/先锋岗/突击队…) and identity_post_member

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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
        "identity_post",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("duties", sa.Text(), nullable=True),
        sa.Column("pledge", sa.Text(), nullable=True),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("delisted_on", sa.Date(), nullable=True),
        sa.Column("delist_reason", sa.String(length=200), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_identity_post_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_post")),
    )
    with op.batch_alter_table("identity_post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_post_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index("ix_identity_post_unit_kind", ["unit_id", "kind"], unique=False)

    op.create_table(
        "identity_post_member",
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["post_id"], ["identity_post.id"],
                                name=op.f("fk_identity_post_member_post_id_identity_post")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_identity_post_member_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_post_member")),
    )
    with op.batch_alter_table("identity_post_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_post_member_owner_unit_id"), ["owner_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_post_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_identity_post_member_post_live", ["post_id", "deleted"], unique=False)


def downgrade() -> None:
    op.drop_table("identity_post_member")
    op.drop_table("identity_post")
