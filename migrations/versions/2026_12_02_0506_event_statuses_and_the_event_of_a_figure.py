"""event statuses and the event of a figure

An event gets a dated, cited status history like an agreement's (`event_statuses`: planned,
held, postponed, cancelled, unknown; `citations.event_status_id`), so a summit announced for
next year no longer reads as if it happened. A figure may name the event that reported it
(`figures.event_id`): "5.4% in the first quarter" says which year only through its event.
No existing row changes: an event with no step is "not known".

Downgrade refuses, naming how many, while an event status or a figure's event is held: the
older schema has nowhere to keep them.

Revision ID: 20261202_0005
Revises: 20261202_0004
Create Date: 2026-12-02 05:06:41.059806
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.errors import Conflict

revision: str = "20261202_0005"
down_revision: str | Sequence[str] | None = "20261202_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CITED = (
    "event_id",
    "agreement_id",
    "status_id",
    "target_id",
    "figure_id",
    "initiative_id",
    "initiative_status_id",
)
NEW_CITED = (*OLD_CITED, "event_status_id")
DATE_BOUNDS = (
    "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR "
    "(date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL "
    "AND date_lower <= date_upper)"
)


def _one_record(columns: Sequence[str]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def upgrade() -> None:
    op.create_table(
        "event_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('unknown', 'planned', 'held', 'postponed', 'cancelled')",
            name=op.f("ck_event_statuses_status"),
        ),
        sa.CheckConstraint(DATE_BOUNDS, name=op.f("ck_event_statuses_date_bounds")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_statuses_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_statuses")),
    )
    with op.batch_alter_table("event_statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_statuses_date_lower"), ["date_lower"])
        batch_op.create_index("ix_event_statuses_event_id_date_lower", ["event_id", "date_lower"])
        batch_op.create_index(batch_op.f("ix_event_statuses_status"), ["status"])

    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_status_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_citations_event_status_id"), ["event_status_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_citations_event_status_id_event_statuses"),
            "event_statuses",
            ["event_status_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_constraint(batch_op.f("ck_citations_one_record"), type_="check")
        batch_op.create_check_constraint("one_record", _one_record(NEW_CITED))

    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_figures_event_id"), ["event_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_figures_event_id_events"),
            "events",
            ["event_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    bind = op.get_bind()
    steps = bind.scalar(sa.text("SELECT count(*) FROM event_statuses"))
    linked = bind.scalar(sa.text("SELECT count(*) FROM figures WHERE event_id IS NOT NULL"))
    if steps or linked:
        raise Conflict(
            "downgrade would lose what the older schema cannot hold "
            f"({steps} event status step(s), {linked} figure(s) naming their event); "
            "nothing was changed",
            "REVISION",
        )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_figures_event_id_events"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_figures_event_id"))
        batch_op.drop_column("event_id")

    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_citations_one_record"), type_="check")
        batch_op.create_check_constraint("one_record", _one_record(OLD_CITED))
        batch_op.drop_constraint(
            batch_op.f("fk_citations_event_status_id_event_statuses"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_citations_event_status_id"))
        batch_op.drop_column("event_status_id")

    with op.batch_alter_table("event_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_statuses_status"))
        batch_op.drop_index("ix_event_statuses_event_id_date_lower")
        batch_op.drop_index(batch_op.f("ix_event_statuses_date_lower"))
    op.drop_table("event_statuses")
