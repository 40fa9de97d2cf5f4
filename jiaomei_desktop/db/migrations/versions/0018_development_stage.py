"""发展阶段 apart from 政治面貌 (issue 17): person.development_stage (入党申请人, 入党积极分子, 发展对象) with the
dates of the steps (application_date, activist_date, target_date). Rows whose 政治面貌 was 入党积极分子 or 发展对象
keep that as their 发展阶段 and become 群众, or 共青团员 where 职务 or 备注 says so (a 团支部书记, "共青团员").

The rows keep their version: every store runs the same step on the same rows, so offices that exchange bundles
agree without sending them again (a bundle from a store still at 0017 is read the same way by sync.legacy).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

COLUMNS = (
    sa.Column("development_stage", sa.String(length=10), nullable=True),
    sa.Column("application_date", sa.Date(), nullable=True),
    sa.Column("activist_date", sa.Date(), nullable=True),
    sa.Column("target_date", sa.Date(), nullable=True),
)
# Frozen copy of domain.development.LEAGUE_MARKERS and LEAGUE_PREFIX as of this revision (not a bare 团委 or 团员
# inside the text: "集团委员会", "集团员工").
LEAGUE_MARKERS = ("共青团", "团支部", "团总支", "团委书记", "团委副书记", "团委委员")
LEAGUE_PREFIX = "团员"
OLD_STAGES = ("入党积极分子", "发展对象")


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(column)
    league = " OR ".join(
        [f"instr(coalesce(position, '') || ' ' || coalesce(notes, ''), '{m}') > 0" for m in LEAGUE_MARKERS]
        + [f"coalesce({column}, '') LIKE '{LEAGUE_PREFIX}%'" for column in ("position", "notes")]
    )
    op.execute(
        "UPDATE person SET development_stage = political_status, "
        f"political_status = CASE WHEN {league} THEN '共青团员' ELSE '群众' END "
        f"WHERE political_status IN ('{OLD_STAGES[0]}', '{OLD_STAGES[1]}')"
    )


def downgrade() -> None:
    # Back to the old single field: a 入党积极分子 or 发展对象 is written as 政治面貌 again (入党申请人 had no place).
    op.execute(
        "UPDATE person SET political_status = development_stage "
        f"WHERE development_stage IN ('{OLD_STAGES[0]}', '{OLD_STAGES[1]}')"
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column.name)
