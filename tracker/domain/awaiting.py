"""Which statuses await a next step, by kind of document: the rule behind "stale".

A signed declaration, plan or memorandum is complete; a signed treaty still awaits
ratification. Only a status that awaits something can be stale, when it has not changed for
longer than the stale period.
"""

from __future__ import annotations

# Documents that bind states and so go through ratification and entry into force.
BINDING_KINDS = frozenset({"treaty", "agreement", "framework_agreement", "protocol"})

# (record kind, status) -> the next step it awaits, for every document kind...
_ANY_KIND = {
    ("agreement", "proposed"): "signature",
    ("agreement", "under_negotiation"): "signature",
    ("initiative", "proposed"): "agreement",
    ("initiative", "agreed"): "implementation",
    ("initiative", "in_progress"): "completion",
}
# ...and only for binding documents.
_BINDING = {
    "signed": "ratification",
    "approved": "ratification",
    "adopted": "ratification",
    "ratified": "entry into force",
}

RULE = (
    "A status is stale when it has not changed for longer than the stale period and it awaits "
    "a next step: a proposed or negotiated agreement awaits signature; a signed, approved or "
    "adopted treaty, agreement, framework agreement or protocol awaits ratification, and a "
    "ratified one entry into force; a proposed initiative awaits agreement, an agreed one "
    "implementation, one in progress completion. Declarations, joint statements, memoranda, "
    "plans, programmes, decisions and contracts are complete once signed or adopted, and "
    "in-force, ended or unknown statuses await nothing."
)


def awaits(record_kind: str, document_kind: str, status: str) -> str | None:
    """The next step a record in `status` awaits, or None when it awaits nothing."""
    if (record_kind, status) in _ANY_KIND:
        return _ANY_KIND[record_kind, status]
    if record_kind == "agreement" and document_kind in BINDING_KINDS:
        return _BINDING.get(status)
    return None
