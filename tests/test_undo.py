"""Undo puts back everything a change took: a forced source deletion's citations on other
records included; and a change that a later, already undone change followed can be undone."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Invoke

SOURCE = "nematov-ismi-commentary"


@pytest.fixture
def seeded(cli: Invoke) -> Invoke:
    assert cli("init").exit_code == 0
    return cli


def _latest_change(cli: Invoke) -> int:
    [change] = json.loads(cli("history", "--limit", "1", "--format", "json").stdout)
    return int(change["id"])


def _export(cli: Invoke) -> str:
    result = cli("export", "--format", "json")
    assert result.exit_code == 0
    return str(result.stdout)


def test_undoing_a_forced_source_deletion_restores_its_citations(seeded: Invoke) -> None:
    before = _export(seeded)
    deleted = seeded("delete", "source", SOURCE, "--yes", "--force")
    assert deleted.stdout == f"deleted source {SOURCE}; 11 citation(s) of it were deleted\n"
    assert seeded("check").exit_code != 0  # two agreements lost their only citations
    change = _latest_change(seeded)
    undone = seeded("undo", str(change))
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == (
        f"undid change {change}: source {SOURCE} restored with its 11 citation(s)\n"
    )
    assert seeded("check").stdout == "ok: 138 citations verified, no problems\n"
    assert _export(seeded) == before


def test_a_deletion_is_not_undone_when_a_record_it_changed_has_changed_since(
    seeded: Invoke,
) -> None:
    assert seeded("delete", "source", SOURCE, "--yes", "--force").exit_code == 0
    deletion = _latest_change(seeded)
    slug = "kz-uz-treaty-allied-relations"
    assert seeded("edit", "agreement", slug, "--note", "checked again").exit_code == 0
    edit = _latest_change(seeded)
    state = _export(seeded)
    result = seeded("undo", str(deletion))
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: change {deletion} cannot be undone: change {edit} (update "
        f"agreement {slug}) came after it on agreement {slug}, which it changed; "
        "undo that first\n"
    )
    assert _export(seeded) == state  # nothing of the undo was written, not even the source
    assert seeded("undo", str(edit)).exit_code == 0
    assert seeded("undo", str(deletion)).exit_code == 0
    assert seeded("check").stdout == "ok: 138 citations verified, no problems\n"


def test_a_change_followed_by_an_undone_change_can_be_undone(seeded: Invoke) -> None:
    slug = "kz-ru-border-length"
    original = seeded("show", "figure", slug, "--format", "json").stdout
    assert seeded("edit", "figure", slug, "--value", "7600").exit_code == 0
    first = _latest_change(seeded)
    assert seeded("edit", "figure", slug, "--title", "Border").exit_code == 0
    second = _latest_change(seeded)
    assert seeded("undo", str(second)).exit_code == 0
    undone = seeded("undo", str(first))
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == f"undid change {first}: figure {slug} restored\n"
    assert seeded("show", "figure", slug, "--format", "json").stdout == original


def test_undoing_the_restoration_again_is_refused_while_the_source_is_cited(
    seeded: Invoke,
) -> None:
    assert seeded("delete", "source", SOURCE, "--yes", "--force").exit_code == 0
    assert seeded("undo", str(_latest_change(seeded))).exit_code == 0
    [created] = [
        c
        for c in json.loads(seeded("history", "source", SOURCE, "--format", "json").stdout)
        if c["action"] == "create"
    ][:1]
    state = _export(seeded)
    result = seeded("undo", str(created["id"]))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tracker: error: change {created['id']} cannot be undone: ")
    assert _export(seeded) == state
