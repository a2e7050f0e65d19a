"""observations indexed by target and date

`report targets` reads each target's first and latest observation known by the as-of date;
an index on (target_id, date_upper, date_lower) finds both with two seeks a target instead
of reading every observation. It also serves every lookup by target_id, so the old index on
target_id alone goes.

Revision ID: 20261121_0002
Revises: 20261121_0001
Create Date: 2026-11-21 15:43:31.994482
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261121_0002"
down_revision: str | Sequence[str] | None = "20261121_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observations_target_id_date_upper", ["target_id", "date_upper", "date_lower"]
        )
        batch_op.drop_index(batch_op.f("ix_observations_target_id"))


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observations_target_id"), ["target_id"])
        batch_op.drop_index("ix_observations_target_id_date_upper")
