"""drop redundant indexes: the single-column `deleted` index of every synced table, and two that an existing index
already covers by its leading column (attendance.session_id, person.branch_id)

A `deleted` index matches nearly every row, so it never narrows a query, and SQLite may even prefer it over a better
one; the others repeat the first column of uq_attendance_session_person and ix_person_branch_state. At group scale
they held about 45 MB of the 400 MB store and slowed every insert of a consolidation.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DELETED_INDEXED = (
    "org_unit", "honor", "membership_change", "mentor_pair", "responsibility_zone", "study_session", "attendance",
    "mentor_log", "study_rule", "study_kind", "honor_category", "worker_deed", "branch_brand", "innovation_item",
)
COVERED = (("ix_attendance_session_id", "attendance", "session_id"), ("ix_person_branch_id", "person", "branch_id"))


def upgrade() -> None:
    for table in DELETED_INDEXED:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_deleted")
    for name, _table, _column in COVERED:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for table in DELETED_INDEXED:
        op.create_index(f"ix_{table}_deleted", table, ["deleted"])
    for name, table, column in COVERED:
        op.create_index(name, table, [column])
