"""Parties, tags and the link tables that attach them to records."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base


class Party(Base):
    """A country (ISO 3166-1 alpha-2 code), an organisation or a city."""

    __tablename__ = "parties"
    __table_args__ = (
        CheckConstraint("kind IN ('country', 'organisation', 'city')", name="kind"),
        CheckConstraint("kind <> 'country' OR length(code) = 2", name="country_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    name_original: Mapped[str | None] = mapped_column(String(300))


class Tag(Base):
    """A sector or free tag ("trade", "water", "energy")."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


_TABLE_OF = {
    "event": "events",
    "agreement": "agreements",
    "target": "targets",
    "figure": "figures",
    "initiative": "initiatives",
    "party": "parties",
    "tag": "tags",
}


def link_table(record: str, other: str) -> Table:
    """A many-to-many link; removing the record removes its links, never the party or tag."""
    name = f"{record}_{_TABLE_OF[other]}"
    table = Table(
        name,
        Base.metadata,
        Column(
            f"{record}_id",
            ForeignKey(f"{_TABLE_OF[record]}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(
            f"{other}_id",
            ForeignKey(f"{_TABLE_OF[other]}.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
    )
    # The primary key serves lookups by record; filters by country or tag need the other side.
    Index(f"ix_{name}_{other}_id", table.c[f"{other}_id"])
    return table


def link_between(record: str, other: str) -> Table:
    """The link table `link_table(record, other)` made, e.g. ("agreement", "party")."""
    return Base.metadata.tables[f"{record}_{_TABLE_OF[other]}"]


event_parties = link_table("event", "party")
agreement_parties = link_table("agreement", "party")
target_parties = link_table("target", "party")
figure_parties = link_table("figure", "party")
event_tags = link_table("event", "tag")
agreement_tags = link_table("agreement", "tag")
target_tags = link_table("target", "tag")
figure_tags = link_table("figure", "tag")
initiative_parties = link_table("initiative", "party")
initiative_tags = link_table("initiative", "tag")
# To whom an initiative is addressed: its own table, since `initiative_parties` holds everyone
# it involves.
initiative_addressees = Table(
    "initiative_addressees",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("party_id", ForeignKey("parties.id", ondelete="RESTRICT"), primary_key=True),
)
Index("ix_initiative_addressees_party_id", initiative_addressees.c.party_id)
