"""Writing a `tracker extract` draft: a records file an analyst reads, corrects and imports.

YAML, because the analyst edits it by hand; every record carries a `# review:` comment with
what the text did not decide, and the `draft:` key keeps `tracker import` from loading it
before someone has.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.domain.decimals import json_ready
from tracker.services.assistant.extraction import Draft
from tracker.services.transfer.records_file import CITATIONS, DRAFT, FORMAT, SECTIONS

_HEADER = """\
# A draft from `tracker extract`: candidate records proposed from the text of {source}.
# Every quote is the text's own sentence, verbatim. Nothing here is curated yet:
#   - check each record against the text; delete the ones that are not worth keeping;
#   - fill in what each `# review:` comment names (an English `title` at least);
#   - delete the `{draft}:` key below, then `tracker import` this file.
# `{citations}:` (at the end) cites the text on records the database already holds.
"""


def draft_yaml(draft: Draft, today: date) -> str:
    import yaml

    def dump(value: Any) -> str:
        return str(
            yaml.safe_dump(
                json_ready(value), allow_unicode=True, sort_keys=False, width=100, indent=2
            )
        )

    lines = [_HEADER.format(source=draft.source.slug, draft=DRAFT, citations=CITATIONS)]
    lines.append(dump({"format": FORMAT}))
    lines.append(
        dump(
            {
                DRAFT: {
                    "source": draft.source.slug,
                    "extracted": today.isoformat(),
                    "proposed": {
                        section: len(draft.new_records.get(section, [])) for section in SECTIONS
                    }
                    | {"sources": int(draft.source.new_record is not None)}
                    | {CITATIONS: len(draft.new_citations)},
                    "already_cited": len(draft.already_cited),
                }
            }
        )
    )
    if draft.source.new_record is not None:
        lines.append(dump({"sources": [draft.source.new_record]}))
    for section in SECTIONS:
        records = draft.new_records.get(section)
        if not records:
            continue
        lines.append(f"{section}:\n")
        for fields, review in records:
            if review:
                lines.append(f"  # review: {'; '.join(review)}\n")
            lines.append(_indented(dump([fields])))
    if draft.new_citations:
        lines.append(f"{CITATIONS}:\n")
        lines.append(_indented(dump(draft.new_citations)))
    if draft.already_cited:
        lines.append("# Already cited, so not proposed again:\n")
        lines.extend(f"#   {ref}: {_one_line(quote)}\n" for ref, quote in draft.already_cited)
    return "".join(lines)


def _indented(block: str) -> str:
    return "".join(f"  {line}\n" for line in block.splitlines())


def _one_line(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
