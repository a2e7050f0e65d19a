"""initiatives, one series of values, inference flags

- `initiatives` (commitments, understandings, proposals, invitations, bodies to be set up)
  with their dated, cited status steps, parties, addressees and tags.
- A target's observations become figures: a target names the `measure` its values are
  reported under, and every value a source reports is one figure, cited once, with the
  `period` it covers. Each observation becomes a figure of its target's measure (the target's
  slug where it had none), with the target's unit, parties and tags, its citations moved.
- `parties_inferred` and `identity_inferred` on every record kind but sources.
- `approved` joins the agreement statuses ("утверждена").

Downgrade turns each target's series back into observations (what only a figure holds, its
slug, titles, measure, parties and tags, kept at the end of the observation's note, which an
upgrade reads back), and refuses, naming what, when the database holds what the old schema
cannot: initiatives, `approved` steps, inference flags, periods, or a figure that measures
two targets.

Revision ID: 20261202_0003
Revises: 20261121_0002
Create Date: 2026-12-02 01:49:19.599534
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from tracker.errors import Conflict
from tracker.models.base import ExactDecimal

revision: str = "20261202_0003"
down_revision: str | Sequence[str] | None = "20261121_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = (
    "'unknown', 'proposed', 'under_negotiation', 'signed', 'adopted', 'ratified', "
    "'in_force', 'suspended', 'terminated', 'expired'"
)
NEW_STATUSES = (
    "'unknown', 'proposed', 'under_negotiation', 'signed', 'adopted', 'approved', "
    "'ratified', 'in_force', 'suspended', 'terminated', 'expired'"
)
OLD_CITED = ("event_id", "agreement_id", "status_id", "target_id", "observation_id", "figure_id")
NEW_CITED = (
    "event_id",
    "agreement_id",
    "status_id",
    "target_id",
    "figure_id",
    "initiative_id",
    "initiative_status_id",
)
FLAGGED = ("events", "agreements", "targets", "figures")
PERIOD_CHECK = "period IS NULL OR period IN ('year', 'ytd', 'quarter', 'month', 'point')"
SLUG_LIMIT = 120


def _one_record(columns: Sequence[str]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


def _flag_columns() -> list[sa.Column[bool]]:
    return [
        sa.Column("parties_inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("identity_inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
    ]


targets = sa.table(
    "targets",
    sa.column("id", sa.Integer()),
    sa.column("slug", sa.String()),
    sa.column("title", sa.String()),
    sa.column("unit", sa.String()),
    sa.column("measure", sa.String()),
)
observations = sa.table(
    "observations",
    sa.column("id", sa.Integer()),
    sa.column("target_id", sa.Integer()),
    sa.column("value", ExactDecimal()),
    sa.column("qualifier", sa.String()),
    sa.column("growth_pct", ExactDecimal()),
    sa.column("note", sa.Text()),
    sa.column("date", sa.String()),
    sa.column("date_lower", sa.Date()),
    sa.column("date_upper", sa.Date()),
)
figures = sa.table(
    "figures",
    sa.column("id", sa.Integer()),
    sa.column("slug", sa.String()),
    sa.column("title", sa.String()),
    sa.column("title_original", sa.String()),
    sa.column("note", sa.Text()),
    sa.column("measure", sa.String()),
    sa.column("value", ExactDecimal()),
    sa.column("unit", sa.String()),
    sa.column("qualifier", sa.String()),
    sa.column("growth_pct", ExactDecimal()),
    sa.column("period", sa.String()),
    sa.column("date", sa.String()),
    sa.column("date_lower", sa.Date()),
    sa.column("date_upper", sa.Date()),
)
parties = sa.table("parties", sa.column("id", sa.Integer()), sa.column("code", sa.String()))
tags = sa.table("tags", sa.column("id", sa.Integer()), sa.column("name", sa.String()))
# A figure downgraded to an observation keeps, at the end of its note, what only a figure has.
MARK = "[tracker: figure before downgrade "
citations = sa.table(
    "citations",
    sa.column("id", sa.Integer()),
    sa.column("figure_id", sa.Integer()),
    sa.column("observation_id", sa.Integer()),
)


def _links(record: str, other: str) -> sa.TableClause:
    return sa.table(
        f"{record}_{other}s" if other == "tag" else f"{record}_parties",
        sa.column(f"{record}_id", sa.Integer()),
        sa.column(f"{other}_id", sa.Integer()),
    )


def _free_slug(base: str, taken: set[str]) -> str:
    base = base[:SLUG_LIMIT].rstrip("-")
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = base[: SLUG_LIMIT - len(suffix)].rstrip("-") + suffix, n + 1
    taken.add(slug)
    return slug


def _marked(note: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """An observation's note, and the figure it was before a downgrade (see MARK)."""
    if not note or MARK not in note:
        return note, None
    text, _, mark = note.rpartition(MARK)
    try:
        figure = json.loads(mark.removesuffix("]"))
    except ValueError:
        return note, None
    return (text.rstrip("\n") or None), figure


def _observations_to_figures() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(observations).order_by(observations.c.id)).all()
    # A target downgraded earlier gets back the measure its figures had.
    for obs in rows:
        _, was = _marked(obs.note)
        if was and was.get("measure"):
            bind.execute(
                targets.update()
                .where(targets.c.id == obs.target_id, targets.c.measure.is_(None))
                .values(measure=was["measure"])
            )
    bind.execute(targets.update().where(targets.c.measure.is_(None)).values(measure=targets.c.slug))
    taken = set(bind.scalars(sa.select(figures.c.slug)))
    target_rows = {row.id: row for row in bind.execute(sa.select(targets))}
    for obs in rows:
        target = target_rows[obs.target_id]
        note, was = _marked(obs.note)
        was = was or {}
        when = obs.date or "undated"
        generated = (
            f"{target.slug}-{when}".replace("/", "-")
            .replace("?", "")
            .replace("~", "")
            .replace("%", "")
        )
        slug = was["slug"] if was.get("slug") and was["slug"] not in taken else None
        if slug:
            taken.add(slug)
        else:
            slug = _free_slug(generated, taken)
        figure_id = bind.execute(
            figures.insert()
            .values(
                slug=slug,
                title=(was.get("title") or f"Observed: {target.title}")[:500],
                title_original=was.get("title_original"),
                note=note,
                measure=was.get("measure") or target.measure,
                value=obs.value,
                unit=target.unit,
                qualifier=obs.qualifier,
                growth_pct=obs.growth_pct,
                date=obs.date,
                date_lower=obs.date_lower,
                date_upper=obs.date_upper,
            )
            .returning(figures.c.id)
        ).scalar_one()
        for other, names in (("party", was.get("parties")), ("tag", was.get("tags"))):
            sink = _links("figure", other)
            if names is None:  # as the target has them
                source = _links("target", other)
                picked = sa.select(sa.literal(figure_id), source.c[f"{other}_id"]).where(
                    source.c.target_id == obs.target_id
                )
            else:
                table = parties if other == "party" else tags
                key = table.c.code if other == "party" else table.c.name
                picked = sa.select(sa.literal(figure_id), table.c.id).where(key.in_(names))
            bind.execute(sink.insert().from_select(["figure_id", f"{other}_id"], picked))
        bind.execute(
            citations.update()
            .where(citations.c.observation_id == obs.id)
            .values(figure_id=figure_id, observation_id=None)
        )


def _refuse_what_the_old_schema_cannot_hold() -> None:
    bind = op.get_bind()
    held = {
        "initiatives": "SELECT count(*) FROM initiatives",
        "approved agreement steps": (
            "SELECT count(*) FROM agreement_statuses WHERE status = 'approved'"
        ),
        "figures with a period": "SELECT count(*) FROM figures WHERE period IS NOT NULL",
        "figures measuring two targets": (
            "SELECT count(*) FROM figures f WHERE (SELECT count(*) FROM targets t "
            "WHERE t.measure = f.measure AND t.unit = f.unit) > 1"
        ),
        **{
            f"{table} with an inference flag": (
                f"SELECT count(*) FROM {table} WHERE parties_inferred OR identity_inferred"
            )
            for table in FLAGGED
        },
    }
    found = [f"{n} {what}" for what, sql in held.items() if (n := bind.scalar(sa.text(sql)))]
    if found:
        raise Conflict(
            "downgrade would lose what the older schema cannot hold ("
            + ", ".join(found)
            + "); nothing was changed: keep this revision, or export the database first "
            "(tracker export) and remove them",
            "REVISION",
        )


def _names(column: Any, other: str, figure_id: int) -> list[str]:
    link = _links("figure", other)
    return list(
        op.get_bind().scalars(
            sa.select(column)
            .join(link, link.c[f"{other}_id"] == column.table.c.id)
            .where(link.c.figure_id == figure_id)
            .order_by(column)
        )
    )


def _figures_to_observations() -> None:
    bind = op.get_bind()
    series = bind.execute(
        sa.select(figures, targets.c.id.label("target_id"), targets.c.slug.label("target_slug"))
        .join(
            targets,
            sa.and_(targets.c.measure == figures.c.measure, targets.c.unit == figures.c.unit),
        )
        .order_by(figures.c.id)
    ).all()
    for figure in series:
        # What only a figure holds rides in the note, for an upgrade to give back.
        was = {
            "slug": figure.slug,
            "title": figure.title,
            "title_original": figure.title_original,
            "measure": figure.measure,
            "parties": _names(parties.c.code, "party", figure.id),
            "tags": _names(tags.c.name, "tag", figure.id),
        }
        mark = MARK + json.dumps(was, ensure_ascii=False, sort_keys=True) + "]"
        note = f"{figure.note}\n{mark}" if figure.note else mark
        observation_id = bind.execute(
            observations.insert()
            .values(
                target_id=figure.target_id,
                value=figure.value,
                qualifier=figure.qualifier,
                growth_pct=figure.growth_pct,
                note=note,
                date=figure.date,
                date_lower=figure.date_lower,
                date_upper=figure.date_upper,
            )
            .returning(observations.c.id)
        ).scalar_one()
        bind.execute(
            citations.update()
            .where(citations.c.figure_id == figure.id)
            .values(observation_id=observation_id, figure_id=None)
        )
        for other in ("party", "tag"):
            link = _links("figure", other)
            bind.execute(link.delete().where(link.c.figure_id == figure.id))
        bind.execute(figures.delete().where(figures.c.id == figure.id))


def upgrade() -> None:
    op.create_table(
        "initiatives",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sector", sa.String(length=120), nullable=True),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
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
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.Column("parties_inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("identity_inferred", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('commitment', 'understanding', 'proposal', 'invitation', 'establishment')",
            name=op.f("ck_initiatives_kind"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_initiatives_date_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_initiatives_event_id_events"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"],
            ["parties.id"],
            name=op.f("fk_initiatives_made_by_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        sa.UniqueConstraint("slug", name=op.f("uq_initiatives_slug")),
    )
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiatives_date_lower"), ["date_lower"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiatives_made_by_id"), ["made_by_id"], unique=False)

    op.create_table(
        "initiative_addressees",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_addressees_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_initiative_addressees_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "party_id", name=op.f("pk_initiative_addressees")),
    )
    with op.batch_alter_table("initiative_addressees", schema=None) as batch_op:
        batch_op.create_index("ix_initiative_addressees_party_id", ["party_id"], unique=False)

    op.create_table(
        "initiative_parties",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_parties_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_initiative_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "party_id", name=op.f("pk_initiative_parties")),
    )
    with op.batch_alter_table("initiative_parties", schema=None) as batch_op:
        batch_op.create_index("ix_initiative_parties_party_id", ["party_id"], unique=False)

    op.create_table(
        "initiative_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("date_lower", sa.Date(), nullable=True),
        sa.Column("date_upper", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('unknown', 'proposed', 'agreed', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_initiative_statuses_status"),
        ),
        sa.CheckConstraint(
            "(date IS NULL AND date_lower IS NULL AND date_upper IS NULL) OR (date IS NOT NULL AND date_lower IS NOT NULL AND date_upper IS NOT NULL AND date_lower <= date_upper)",
            name=op.f("ck_initiative_statuses_date_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_statuses_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_statuses")),
    )
    with op.batch_alter_table("initiative_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_statuses_date_lower"), ["date_lower"], unique=False
        )
        batch_op.create_index(
            "ix_initiative_statuses_initiative_id_date_lower",
            ["initiative_id", "date_lower"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_initiative_statuses_status"), ["status"], unique=False)

    op.create_table(
        "initiative_tags",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_tags_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["tags.id"],
            name=op.f("fk_initiative_tags_tag_id_tags"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "tag_id", name=op.f("pk_initiative_tags")),
    )
    with op.batch_alter_table("initiative_tags", schema=None) as batch_op:
        batch_op.create_index("ix_initiative_tags_tag_id", ["tag_id"], unique=False)

    for table in FLAGGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in _flag_columns():
                batch_op.add_column(column)
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measure", sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f("ix_targets_measure"), ["measure"], unique=False)
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("growth_pct", ExactDecimal(), nullable=True))
        batch_op.create_check_constraint("period", PERIOD_CHECK)
        batch_op.drop_index(batch_op.f("ix_figures_measure"))
        batch_op.create_index(
            "ix_figures_measure_date_upper", ["measure", "date_upper", "date_lower"], unique=False
        )
    with op.batch_alter_table("agreement_statuses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agreement_statuses_status"), type_="check")
        batch_op.create_check_constraint("status", f"status IN ({NEW_STATUSES})")
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("initiative_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("initiative_status_id", sa.Integer(), nullable=True))

    _observations_to_figures()

    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_citations_one_record"), type_="check")
        batch_op.drop_index(batch_op.f("ix_citations_observation_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_citations_observation_id_observations"), type_="foreignkey"
        )
        batch_op.drop_column("observation_id")
        batch_op.create_index(batch_op.f("ix_citations_initiative_id"), ["initiative_id"])
        batch_op.create_index(
            batch_op.f("ix_citations_initiative_status_id"), ["initiative_status_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_citations_initiative_id_initiatives"),
            "initiatives",
            ["initiative_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_citations_initiative_status_id_initiative_statuses"),
            "initiative_statuses",
            ["initiative_status_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint("one_record", _one_record(NEW_CITED))
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_date_lower"))
        batch_op.drop_index("ix_observations_target_id_date_upper")
    op.drop_table("observations")


def downgrade() -> None:
    _refuse_what_the_old_schema_cannot_hold()
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
            "ix_observations_target_id_date_upper",
            ["target_id", "date_upper", "date_lower"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_observations_date_lower"), ["date_lower"], unique=False
        )

    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("observation_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_citations_one_record"), type_="check")
        batch_op.create_foreign_key(
            batch_op.f("fk_citations_observation_id_observations"),
            "observations",
            ["observation_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_citations_observation_id"), ["observation_id"])

    _figures_to_observations()

    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_citations_initiative_id_initiatives"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_citations_initiative_status_id_initiative_statuses"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_citations_initiative_status_id"))
        batch_op.drop_index(batch_op.f("ix_citations_initiative_id"))
        batch_op.drop_column("initiative_status_id")
        batch_op.drop_column("initiative_id")
        batch_op.create_check_constraint("one_record", _one_record(OLD_CITED))
    with op.batch_alter_table("agreement_statuses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agreement_statuses_status"), type_="check")
        batch_op.create_check_constraint("status", f"status IN ({OLD_STATUSES})")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_measure_date_upper")
        batch_op.create_index(batch_op.f("ix_figures_measure"), ["measure"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_figures_period"), type_="check")
        batch_op.drop_column("growth_pct")
        batch_op.drop_column("period")
    with op.batch_alter_table("targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_targets_measure"))
        batch_op.drop_column("measure")
    for table in FLAGGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("identity_inferred")
            batch_op.drop_column("parties_inferred")
    with op.batch_alter_table("initiative_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_initiative_tags_tag_id")

    op.drop_table("initiative_tags")
    with op.batch_alter_table("initiative_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_statuses_status"))
        batch_op.drop_index("ix_initiative_statuses_initiative_id_date_lower")
        batch_op.drop_index(batch_op.f("ix_initiative_statuses_date_lower"))

    op.drop_table("initiative_statuses")
    with op.batch_alter_table("initiative_parties", schema=None) as batch_op:
        batch_op.drop_index("ix_initiative_parties_party_id")

    op.drop_table("initiative_parties")
    with op.batch_alter_table("initiative_addressees", schema=None) as batch_op:
        batch_op.drop_index("ix_initiative_addressees_party_id")

    op.drop_table("initiative_addressees")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiatives_made_by_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_kind"))
        batch_op.drop_index(batch_op.f("ix_initiatives_event_id"))
        batch_op.drop_index(batch_op.f("ix_initiatives_date_lower"))

    op.drop_table("initiatives")
