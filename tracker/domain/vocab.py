"""Controlled vocabularies. The schema's CHECK constraints mirror these lists (see migrations)."""

AGREEMENT_STATUSES = (
    "unknown",
    "proposed",
    "under_negotiation",
    "signed",
    "adopted",  # a decision or document approved rather than signed
    "approved",  # "утверждена": a package endorsed, which the text does not say was signed
    "ratified",
    "in_force",
    "suspended",
    "terminated",
    "expired",
)
AGREEMENT_KINDS = (
    "treaty",
    "agreement",
    "framework_agreement",
    "programme",
    "plan",
    "memorandum",
    "joint_statement",
    "declaration",
    "protocol",
    "contract",
    "decision",
    "other",
)
EVENT_KINDS = (
    "meeting",
    "informal_meeting",
    "summit",
    "state_visit",
    "official_visit",
    "council_meeting",
    "opening",
    "ceremony",
    "forum",
    "cultural",
    "other",
)
PARTY_KINDS = ("country", "organisation", "city")
DIRECTIONS = ("up", "down")
QUALIFIERS = ("exact", "about", "over", "under", "up_to")
AUDIT_ACTIONS = ("create", "update", "delete")
INITIATIVE_KINDS = (
    "commitment",  # a party undertakes to do something
    "understanding",  # "договорились", "достигнуты договорённости"
    "proposal",  # "предложил"
    "invitation",  # "пригласил"
    "establishment",  # a body or company to be created or set to work
)
# "unknown" is "the texts do not say"; a step that has not happened yet is simply absent.
INITIATIVE_STATUSES = ("unknown", "proposed", "agreed", "in_progress", "done", "dropped")
# Whether a meeting took place: a summit announced for next year is "planned" until a text
# reports it held. "unknown" is "the texts do not say"; no step at all reads as "not known".
EVENT_STATUSES = ("unknown", "planned", "held", "postponed", "cancelled")
STATUSES_OF = {
    "event": EVENT_STATUSES,
    "agreement": AGREEMENT_STATUSES,
    "initiative": INITIATIVE_STATUSES,
}
# What span a reported value covers: a year-to-date value is not a year's.
PERIODS = ("year", "ytd", "quarter", "month", "point")
# A text is quoted verbatim; a dataset (a statistics table) is cited by row and column.
SOURCE_KINDS = ("text", "dataset")
