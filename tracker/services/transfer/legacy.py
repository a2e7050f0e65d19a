"""Records files written before targets' values became figures (revision 20261202_0003):
each target's `observations` become figures of its measure, as the migration converts a
database. Nothing in an older export is dropped on import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.domain.inputs import slugify

LEGACY_OBSERVATIONS = "observations"


def observations_to_figures(document: Any) -> None:
    """In place: a target with `observations` gets a `measure` (its slug, unless it names
    one), and each observation becomes a figure of that measure, after the file's figures."""
    if not isinstance(document, dict):
        return
    targets, figures = document.get("targets"), document.get("figures")
    if not isinstance(targets, list) or not isinstance(figures, list | None):
        return
    converted: list[dict[str, Any]] = []
    for target in targets:
        converted.extend(figures_of_observations(target))
    if converted:
        document["figures"] = [*(figures if isinstance(figures, list) else []), *converted]


def figures_of_observations(target: Any) -> list[dict[str, Any]]:
    """One target's `observations` as figures of its measure (which it is given, in place);
    a streamed file converts each target as it is read."""
    if not isinstance(target, dict) or LEGACY_OBSERVATIONS not in target:
        return []
    converted: list[dict[str, Any]] = []
    observations = target.pop(LEGACY_OBSERVATIONS)
    if not observations:
        return []
    if not isinstance(observations, list):
        # Left for the record's own checks to refuse, in the record's own words.
        target[LEGACY_OBSERVATIONS] = observations
        return []
    measure = target.get("measure") or target.get("slug")
    target["measure"] = measure
    for number, item in enumerate(observations, 1):
        if not isinstance(item, Mapping):
            target[LEGACY_OBSERVATIONS] = observations
            break
        converted.append(
            {
                "slug": slugify(f"{measure} {item.get('date') or 'undated'} {number}"),
                "title": f"{target.get('title')}: reported value",
                "measure": measure,
                "parties": target.get("parties") or [],
                "value": item.get("value"),
                "unit": target.get("unit"),
                **{
                    k: item[k]
                    for k in ("qualifier", "date", "growth_pct", "note", "citations")
                    if k in item
                },
                "tags": target.get("tags") or [],
            }
        )
    return converted
