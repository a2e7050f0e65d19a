"""`tracker merge KIND KEEP OTHER`: two records of one fact made one, undoably."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli.options import KindArg
from tracker.cli.records import options_named
from tracker.cli.state import writing

if TYPE_CHECKING:
    from tracker.services.curation.merge import Merge
    from tracker.services.curation.records import Curator


SHOWN_LIMIT = 60


def _shown(value: Any) -> str:
    text = "(none)" if value in (None, "", []) else str(value)
    return text if len(text) <= SHOWN_LIMIT else f"{text[: SHOWN_LIMIT - 1]}…"


def describe(plan: Merge, *, dry_run: bool) -> str:
    """What the merge did (or would do), a line each."""
    would = "would " if dry_run else ""
    kind = plan.kind.name
    moved = ", ".join(f"{name.replace('_', ' ')} +{n}" for name, n in plan.moved.items())
    lines = [
        f"{'would merge' if dry_run else 'merged'} {kind} {plan.other} into {plan.keep}: "
        + (f"{'would move' if dry_run else 'moved'} {moved}" if moved else "nothing to move")
    ]
    verb = "would name" if dry_run else "now names"
    lines += [f"{named} {verb} {plan.keep}" for named in plan.repointed]
    for name, kept, theirs in plan.conflicts:
        lines.append(
            f"conflict: {name}: {would}keep {plan.keep}'s {_shown(kept)!r}, not {plan.other}'s "
            f"{_shown(theirs)!r} (--take {name} for theirs)"
        )
    lines += [f"took {plan.other}'s {name}" for name in plan.taken]
    lines += [
        f"{'would fill' if dry_run else 'filled'} {name} from {plan.other}" for name in plan.filled
    ]
    if dry_run:
        lines.append(f"would delete {kind} {plan.other}; nothing was written (dry run)")
    else:
        lines.append(f"deleted {kind} {plan.other}; undo with: tracker undo {plan.undo_change}")
    return "\n".join(lines)


def merge(
    ctx: typer.Context,
    kind: KindArg,
    keep: Annotated[
        str, typer.Argument(help="The record that stays (slug or id).", metavar="KEEP")
    ],
    other: Annotated[
        str, typer.Argument(help="The record merged into it, then deleted.", metavar="OTHER")
    ],
    take: Annotated[
        list[str] | None,
        typer.Option(metavar="FIELD", help="Take OTHER's value of this field (repeatable)."),
    ] = None,
    identity_inferred: Annotated[
        bool,
        typer.Option(
            "--identity-inferred",
            help="The texts do not say these are one fact; the curator judges so (flagged).",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option(help="Say what would happen; write nothing.")] = False,
) -> None:
    """Merge two records of one fact: every citation, status step, party, tag and link of
    OTHER moves onto KEEP; a field both give differently keeps KEEP's value (reported)
    unless --take FIELD; OTHER is then deleted. One change set, undone by `tracker undo`.

    Example: tracker merge event kz-uz-supreme-interstate-council-2 kz-uz-state-visit-uzbekistan --dry-run
    """  # noqa: E501
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.merge import merge as merge_records

    record_kind = kind_named(kind)

    def work(curator: Curator) -> Merge:
        return merge_records(
            curator,
            record_kind,
            keep,
            other,
            take=take or (),
            identity_inferred=identity_inferred,
        )

    with options_named():
        plan = writing(ctx, work, commit=not dry_run)
    typer.echo(describe(plan, dry_run=dry_run))
