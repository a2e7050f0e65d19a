"""import change sets

An import is recorded as one change set (`change_sets`): the file it read, the command, who
ran it and when, under the batch id its audit entries already share. `tracker history
--imports` lists them with what each created and updated; `tracker undo --change-set N`
takes one back whole. No existing row changes.

Downgrade refuses, naming how many, while a change set is held: the older schema has
nowhere to keep which file an import read.

Revision ID: 20261202_0006
Revises: 20261202_0005
Create Date: 2026-12-02 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.errors import Conflict

revision: str = "20261202_0006"
down_revision: str | Sequence[str] | None = "20261202_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("file", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_sets")),
        sa.UniqueConstraint("batch", name=op.f("uq_change_sets_batch")),
    )


def downgrade() -> None:
    held = op.get_bind().scalar(sa.text("SELECT count(*) FROM change_sets"))
    if held:
        raise Conflict(
            "downgrade would lose what the older schema cannot hold "
            f"({held} import change set(s): the file each read); nothing was changed",
            "REVISION",
        )
    op.drop_table("change_sets")
