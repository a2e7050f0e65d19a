"""dataset sources

A source can be a statistics table: `kind` ('text' or 'dataset'), its `publisher`,
`table_name` and the date it was `retrieved` (with its bounds). A citation of a dataset
keeps a locator ("row Uzbekistan, column 2024") where a text's quote is kept; no column of
citations changes. Every existing source is a text.

Downgrade refuses, naming how many, while a dataset source is held: the older schema would
read its locators as quotes that its text does not contain.

Revision ID: 20261202_0004
Revises: 20261202_0003
Create Date: 2026-12-02 02:26:42.149197
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.errors import Conflict

revision: str = "20261202_0004"
down_revision: str | Sequence[str] | None = "20261202_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RETRIEVED_BOUNDS = (
    "(retrieved IS NULL AND retrieved_lower IS NULL AND retrieved_upper IS NULL) OR "
    "(retrieved IS NOT NULL AND retrieved_lower IS NOT NULL AND retrieved_upper IS NOT NULL "
    "AND retrieved_lower <= retrieved_upper)"
)


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), server_default="text", nullable=False)
        )
        batch_op.add_column(sa.Column("publisher", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("table_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("retrieved", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("retrieved_lower", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("retrieved_upper", sa.Date(), nullable=True))
        batch_op.create_check_constraint("kind", "kind IN ('text', 'dataset')")
        batch_op.create_check_constraint("retrieved_bounds", RETRIEVED_BOUNDS)


def downgrade() -> None:
    held = op.get_bind().scalar(sa.text("SELECT count(*) FROM sources WHERE kind = 'dataset'"))
    if held:
        raise Conflict(
            f"downgrade would lose what the older schema cannot hold ({held} dataset "
            "source(s), whose citations are locators); nothing was changed",
            "REVISION",
        )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_sources_retrieved_bounds"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_sources_kind"), type_="check")
        batch_op.drop_column("retrieved_upper")
        batch_op.drop_column("retrieved_lower")
        batch_op.drop_column("retrieved")
        batch_op.drop_column("table_name")
        batch_op.drop_column("publisher")
        batch_op.drop_column("kind")
