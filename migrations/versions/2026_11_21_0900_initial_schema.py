"""initial schema

Revision ID: 20261121_0001
Revises: (none)
Create Date: 2026-11-21 09:06:58.957457
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tracker.models.base import ExactDecimal

revision: str = "20261121_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=True),
        sa.Column("batch", sa.String(length=36), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete')", name=op.f("ck_audit_log_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_batch"), ["batch"], unique=False)
        batch_op.create_index("ix_audit_log_kind_record_id", ["kind", "record_id"], unique=False)

    op.create_table(
        "figures",
        sa.Column("measure", sa.String(length=120), nullable=True),
        sa.Column("value", ExactDecimal(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("qualifier", sa.String(length=10), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_original", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'about', 'over', 'under', 'up_to')",
            name=op.f("ck_figures_qualifier"),
        ),
        sa.CheckConstraint(
            "unit = 'percent' OR value IS NULL OR CAST(value AS NUMERIC) >= 0",
            name=op.f("ck_figures_value_not_negative"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_figures_date_bounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
        sa.UniqueConstraint("slug", name=op.f("uq_figures_slug")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_date_lower"), ["date_lower"], unique=False)
        batch_op.create_index(batch_op.f("ix_figures_measure"), ["measure"], unique=False)

    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_original", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "kind <> 'country' OR length(code) = 2", name=op.f("ck_parties_country_code")
        ),
        sa.CheckConstraint(
            "kind IN ('country', 'organisation', 'city')", name=op.f("ck_parties_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("code", name=op.f("uq_parties_code")),
    )
    op.create_table(
        "sources",
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("author", sa.String(length=300), nullable=True),
        sa.Column("via", sa.String(length=300), nullable=True),
        sa.Column("published", sa.String(length=64), nullable=True),
        sa.Column("published_lower", sa.Date(), nullable=True),
        sa.Column("published_upper", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("file", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_original", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(published IS NULL AND published_lower IS NULL AND published_upper IS NULL) OR (published IS NOT NULL AND published_lower IS NOT NULL AND published_upper IS NOT NULL AND published_lower <= published_upper)",
            name=op.f("ck_sources_published_bounds"),
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_sources_sha256_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("slug", name=op.f("uq_sources_slug")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sources_published_lower"), ["published_lower"], unique=False
        )

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "events",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("people", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_original", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('meeting', 'informal_meeting', 'summit', 'state_visit', 'official_visit', 'council_meeting', 'opening', 'ceremony', 'forum', 'cultural', 'other')",
            name=op.f("ck_events_kind"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_events_date_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["parties.id"], name=op.f("fk_events_host_id_parties"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_events_slug")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_date_lower"), ["date_lower"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_kind"), ["kind"], unique=False)

    op.create_table(
        "figure_parties",
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["figure_id"],
            ["figures.id"],
            name=op.f("fk_figure_parties_figure_id_figures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_figure_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("figure_id", "party_id", name=op.f("pk_figure_parties")),
    )
    with op.batch_alter_table("figure_parties", schema=None) as batch_op:
        batch_op.create_index("ix_figure_parties_party_id", ["party_id"], unique=False)

    op.create_table(
        "figure_tags",
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["figure_id"],
            ["figures.id"],
            name=op.f("fk_figure_tags_figure_id_figures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_figure_tags_tag_id_tags"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("figure_id", "tag_id", name=op.f("pk_figure_tags")),
    )
    with op.batch_alter_table("figure_tags", schema=None) as batch_op:
        batch_op.create_index("ix_figure_tags_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "agreements",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_original", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('treaty', 'agreement', 'framework_agreement', 'programme', 'plan', 'memorandum', 'joint_statement', 'declaration', 'protocol', 'contract', 'decision', 'other')",
            name=op.f("ck_agreements_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_agreements_event_id_events"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("slug", name=op.f("uq_agreements_slug")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_kind"), ["kind"], unique=False)

    op.create_table(
        "event_parties",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_parties_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_event_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("event_id", "party_id", name=op.f("pk_event_parties")),
    )
    with op.batch_alter_table("event_parties", schema=None) as batch_op:
        batch_op.create_index("ix_event_parties_party_id", ["party_id"], unique=False)

    op.create_table(
        "event_tags",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_tags_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_event_tags_tag_id_tags"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("event_id", "tag_id", name=op.f("pk_event_tags")),
    )
    with op.batch_alter_table("event_tags", schema=None) as batch_op:
        batch_op.create_index("ix_event_tags_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "agreement_parties",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_parties_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_agreement_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "party_id", name=op.f("pk_agreement_parties")),
    )
    with op.batch_alter_table("agreement_parties", schema=None) as batch_op:
        batch_op.create_index("ix_agreement_parties_party_id", ["party_id"], unique=False)

    op.create_table(
        "agreement_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('unknown', 'proposed', 'under_negotiation', 'signed', 'adopted', 'ratified', 'in_force', 'suspended', 'terminated', 'expired')",
            name=op.f("ck_agreement_statuses_status"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_agreement_statuses_date_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_statuses_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_statuses")),
    )
    with op.batch_alter_table("agreement_statuses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agreement_statuses_agreement_id_date_lower",
            ["agreement_id", "date_lower"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_statuses_date_lower"), ["date_lower"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agreement_statuses_status"), ["status"], unique=False)

    op.create_table(
        "agreement_tags",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_tags_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_agreement_tags_tag_id_tags"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("agreement_id", "tag_id", name=op.f("pk_agreement_tags")),
    )
    with op.batch_alter_table("agreement_tags", schema=None) as batch_op:
        batch_op.create_index("ix_agreement_tags_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "targets",
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("target_value", ExactDecimal(), nullable=False),
        sa.Column("deadline", sa.String(length=64), nullable=True),
        sa.Column("deadline_lower", sa.Date(), nullable=True),
        sa.Column("deadline_upper", sa.Date(), nullable=True),
        sa.Column("baseline_value", ExactDecimal(), nullable=True),
        sa.Column("baseline_date", sa.String(length=64), nullable=True),
        sa.Column("baseline_date_lower", sa.Date(), nullable=True),
        sa.Column("baseline_date_upper", sa.Date(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_original", sa.String(length=1000), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("direction IN ('up', 'down')", name=op.f("ck_targets_direction")),
        sa.CheckConstraint(
            "unit = 'percent' OR baseline_value IS NULL OR CAST(baseline_value AS NUMERIC) >= 0",
            name=op.f("ck_targets_baseline_value_not_negative"),
        ),
        sa.CheckConstraint(
            "unit = 'percent' OR target_value IS NULL OR CAST(target_value AS NUMERIC) >= 0",
            name=op.f("ck_targets_target_value_not_negative"),
        ),
        sa.CheckConstraint(
            "(baseline_date IS NULL AND baseline_date_lower IS NULL AND baseline_date_upper IS NULL) OR (baseline_date IS NOT NULL AND baseline_date_lower IS NOT NULL AND baseline_date_upper IS NOT NULL AND baseline_date_lower <= baseline_date_upper)",
            name=op.f("ck_targets_baseline_date_bounds"),
        ),
        sa.CheckConstraint(
            "(deadline IS NULL AND deadline_lower IS NULL AND deadline_upper IS NULL) OR (deadline IS NOT NULL AND deadline_lower IS NOT NULL AND deadline_upper IS NOT NULL AND deadline_lower <= deadline_upper)",
            name=op.f("ck_targets_deadline_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_targets_agreement_id_agreements"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("slug", name=op.f("uq_targets_slug")),
    )
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_targets_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_targets_deadline_lower"), ["deadline_lower"], unique=False
        )

    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("value", ExactDecimal(), nullable=False),
        sa.Column("qualifier", sa.String(length=10), nullable=False),
        sa.Column("growth_pct", ExactDecimal(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'about', 'over', 'under', 'up_to')",
            name=op.f("ck_observations_qualifier"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_observations_date_bounds"),
        ),
        sa.CheckConstraint(
            "CAST(value AS NUMERIC) >= 0", name=op.f("ck_observations_value_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_observations_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_observations_date_lower"), ["date_lower"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_observations_target_id"), ["target_id"], unique=False)

    op.create_table(
        "target_parties",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_target_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_target_parties_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "party_id", name=op.f("pk_target_parties")),
    )
    with op.batch_alter_table("target_parties", schema=None) as batch_op:
        batch_op.create_index("ix_target_parties_party_id", ["party_id"], unique=False)

    op.create_table(
        "target_tags",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_target_tags_tag_id_tags"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_target_tags_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "tag_id", name=op.f("pk_target_tags")),
    )
    with op.batch_alter_table("target_tags", schema=None) as batch_op:
        batch_op.create_index("ix_target_tags_tag_id", ["tag_id"], unique=False)

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("status_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("observation_id", sa.Integer(), nullable=True),
        sa.Column("figure_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN agreement_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN status_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN target_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN observation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN figure_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_citations_one_record"),
        ),
        sa.CheckConstraint("length(quote) > 0", name=op.f("ck_citations_quote_not_empty")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_citations_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_citations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"],
            ["figures.id"],
            name=op.f("fk_citations_figure_id_figures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name=op.f("fk_citations_observation_id_observations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_citations_source_id_sources"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["agreement_statuses.id"],
            name=op.f("fk_citations_status_id_agreement_statuses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["targets.id"],
            name=op.f("fk_citations_target_id_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citations_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_citations_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_figure_id"), ["figure_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_citations_observation_id"), ["observation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_citations_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_status_id"), ["status_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citations_target_id"))
        batch_op.drop_index(batch_op.f("ix_citations_status_id"))
        batch_op.drop_index(batch_op.f("ix_citations_source_id"))
        batch_op.drop_index(batch_op.f("ix_citations_observation_id"))
        batch_op.drop_index(batch_op.f("ix_citations_figure_id"))
        batch_op.drop_index(batch_op.f("ix_citations_event_id"))
        batch_op.drop_index(batch_op.f("ix_citations_agreement_id"))

    op.drop_table("citations")
    with op.batch_alter_table("target_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_target_tags_tag_id")

    op.drop_table("target_tags")
    with op.batch_alter_table("target_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_target_parties_party_id")

    op.drop_table("target_parties")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_target_id"))
        batch_op.drop_index(batch_op.f("ix_observations_date_lower"))

    op.drop_table("observations")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_deadline_lower"))
        batch_op.drop_index(batch_op.f("ix_targets_agreement_id"))

    op.drop_table("targets")
    with op.batch_alter_table("agreement_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_agreement_tags_tag_id")

    op.drop_table("agreement_tags")
    with op.batch_alter_table("agreement_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_statuses_status"))
        batch_op.drop_index(batch_op.f("ix_agreement_statuses_date_lower"))
        batch_op.drop_index("ix_agreement_statuses_agreement_id_date_lower")

    op.drop_table("agreement_statuses")
    with op.batch_alter_table("agreement_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_agreement_parties_party_id")

    op.drop_table("agreement_parties")
    with op.batch_alter_table("event_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_event_tags_tag_id")

    op.drop_table("event_tags")
    with op.batch_alter_table("event_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_event_parties_party_id")

    op.drop_table("event_parties")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_kind"))
        batch_op.drop_index(batch_op.f("ix_agreements_event_id"))

    op.drop_table("agreements")
    with op.batch_alter_table("figure_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_tags_tag_id")

    op.drop_table("figure_tags")
    with op.batch_alter_table("figure_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_parties_party_id")

    op.drop_table("figure_parties")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_kind"))
        batch_op.drop_index(batch_op.f("ix_events_date_lower"))

    op.drop_table("events")
    op.drop_table("tags")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_published_lower"))

    op.drop_table("sources")
    op.drop_table("parties")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figures_measure"))
        batch_op.drop_index(batch_op.f("ix_figures_date_lower"))

    op.drop_table("figures")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_kind_record_id")
        batch_op.drop_index(batch_op.f("ix_audit_log_batch"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
