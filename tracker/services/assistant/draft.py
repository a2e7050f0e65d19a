"""Writing a `tracker extract` draft: a records file an analyst reads, corrects and imports.

YAML, because the analyst edits it by hand; every record carries a `# review:` comment with
what the text did not decide (and any "possible match: KIND:SLUG" or conflict with a held
record), a `# confidence:` comment with the reasons for it, and the `draft:` key keeps
`tracker import` from loading it before someone has. A field the records file of this
version does not take is written in the comments, not as a key, so the reviewed draft
imports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.domain.decimals import json_ready
from tracker.services.assistant.extraction import Draft, Proposal
from tracker.services.curation.fields import KEYS
from tracker.services.curation.kinds import KINDS
from tracker.services.transfer.records_file import CITATIONS, DRAFT, FORMAT, SECTIONS

_HEADER = """\
# A draft from `tracker extract`: candidate records proposed from the text of {source}.
# Every quote is the text's own sentence, verbatim. Nothing here is curated yet:
#   - check each record against the text; delete the ones that are not worth keeping;
#   - fill in what each `# review:` comment names (an English `title` at least);
#   - a "possible match: KIND:SLUG" may be that held record: delete the record and cite it;
#   - delete the `{draft}:` key below, then `tracker import` this file.
# `{citations}:` (at the end) cites the text on records the database already holds.
"""
_STEP_KEYS = ("status", "date", "note", "citations")


def draft_yaml(draft: Draft, today: date) -> str:
    lines = [_HEADER.format(source=draft.source.slug, draft=DRAFT, citations=CITATIONS)]
    lines.append(_dump({"format": FORMAT}))
    by_section = {
        section: [p for p in draft.proposals if _section(p.kind) == section] for section in SECTIONS
    }
    proposed = {section: len(by_section[section]) for section in SECTIONS}
    proposed["sources"] = int(draft.source.new_record is not None)
    lines.append(
        _dump(
            {
                DRAFT: {
                    "source": draft.source.slug,
                    "extracted": today.isoformat(),
                    "proposed": proposed | {CITATIONS: len(draft.new_citations)},
                    "already_cited": len(draft.already_cited),
                    "possible_matches": sum(bool(p.possible) for p in draft.proposals),
                    "conflicts": sum(bool(p.conflicts) for p in draft.proposals),
                }
            }
        )
    )
    if draft.source.new_record is not None:
        lines.append(_dump({"sources": [draft.source.new_record]}))
    for section in SECTIONS:
        proposals = by_section[section]
        if not proposals:
            continue
        lines.append(f"{section}:\n")
        for proposal in proposals:
            lines.extend(_proposal(proposal))
    held_elsewhere = [p for p in draft.proposals if _section(p.kind) not in SECTIONS]
    if held_elsewhere:  # a kind this version's records file does not have yet
        lines.append("# Proposed, for a kind this version cannot import yet:\n")
        for proposal in held_elsewhere:
            lines.extend(f"# {line}\n" for line in "".join(_proposal(proposal)).splitlines())
    if draft.new_citations:
        lines.append(f"{CITATIONS}:\n")
        lines.append(_indented(_dump(draft.new_citations)))
    if draft.already_cited:
        lines.append("# Already cited, so not proposed again:\n")
        lines.extend(f"#   {ref}: {_one_line(quote)}\n" for ref, quote in draft.already_cited)
    return "".join(lines)


def _section(kind: str) -> str:
    return KINDS[kind].plural if kind in KINDS else f"{kind}s"


def _proposal(proposal: Proposal) -> list[str]:
    fields, left_out = _importable(proposal.kind, proposal.fields)
    review = list(proposal.review)
    review.extend(f"{key}: {value} (no such field in this version)" for key, value in left_out)
    lines = []
    reasons = "; ".join(proposal.reasons)
    lines.append(f"  # confidence: {proposal.confidence:.2f} ({_one_line(reasons, 160)})\n")
    if proposal.observes:
        lines.append(f"  # observation of target:{proposal.observes} (its measure)\n")
    if review:
        lines.append(f"  # review: {'; '.join(review)}\n")
    lines.append(_indented(_dump([fields])))
    return lines


def _importable(kind: str, fields: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The fields this version's records file takes for the kind, and the ones it does not."""
    keys = KEYS.get(kind)
    if keys is None:
        return fields, []
    kept: dict[str, Any] = {}
    left: list[tuple[str, Any]] = []
    for key, value in fields.items():
        if key in keys:
            kept[key] = value
        elif value not in (None, False, [], ""):
            left.append((key, json_ready(value)))
    return kept, left


def _dump(value: Any) -> str:
    import yaml

    return str(
        yaml.safe_dump(json_ready(value), allow_unicode=True, sort_keys=False, width=100, indent=2)
    )


def _indented(block: str) -> str:
    return "".join(f"  {line}\n" for line in block.splitlines())


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
