"""Controlled vocabularies. The schema's CHECK constraints mirror these lists (see migrations)."""

AGREEMENT_STATUSES = (
    "unknown",
    "proposed",
    "under_negotiation",
    "signed",
    "adopted",  # a decision or document approved rather than signed
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
