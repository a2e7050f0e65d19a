"""Initiatives (commitments, understandings, proposals, invitations, bodies to be set up) as a
record kind like the others: the CLI, the status history, filters, files, undo, reports and
the checks that ask every step for its sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import SEEDS

SOURCE = "leaders-agree-a-council"
COUNCIL = "council-of-heads-of-regions"
QUOTE = "Для достижения этой цели создаётся Совет глав регионов"


@pytest.fixture
def curator(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """A database with one source, one event and one initiative, made through the CLI."""
    monkeypatch.setenv("COLUMNS", "120")

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    ok(
        "add",
        "source",
        "--title",
        "Leaders agree a council",
        "--published",
        "2025-11-15",
        "--file",
        str(SEEDS / "001_cfe22c3e38d54788.txt"),
        "--language",
        "ru",
    )
    ok("add", "event", "--title", "Council", "--kind", "council_meeting", "--date", "2025-11-15?",
       "--party", "KZ", "--party", "UZ", "--parties-inferred", "--cite",
       f"{SOURCE}:состоялось второе заседание Высшего межгосударственного совета")  # fmt: skip
    made = ok(
        "add", "initiative", "--title", "Council of Heads of Regions", "--kind", "establishment",
        "--party", "KZ", "--party", "Uzbekistan", "--parties-inferred", "--sector", "regions",
        "--event", "council", "--date", "2025-11-15?", "--status", "in_progress",
        "--on", "2025-11-15?", "--cite", f"{SOURCE}:{QUOTE}",
    )  # fmt: skip
    assert made == f"created initiative {COUNCIL} (id 1)\n"
    return cli


def test_an_initiative_is_shown_with_its_status_history(curator: Invoke) -> None:
    shown = curator("show", "initiative", COUNCIL)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == (
        f"initiative {COUNCIL}\n"
        "field              value\n"
        "-----------------  ---------------------------\n"
        f"slug               {COUNCIL}\n"
        "title              Council of Heads of Regions\n"
        "title_original\n"
        "kind               establishment\n"
        "status             in_progress\n"
        "made_by\n"
        "addressed_to\n"
        "parties            KZ, UZ\n"
        "parties_inferred   yes\n"
        "identity_inferred  no\n"
        "sector             regions\n"
        "event              council\n"
        "date               15 Nov 2025?\n"
        "tags\n"
        "note\n"
        "\n"
        "status history\n"
        "#    status       date          note    sources\n"
        "---  -----------  ------------  ------  -----------------------\n"
        f"1    in_progress  15 Nov 2025?          {SOURCE}\n"
        "\n"
        "citations\n"
        "#    source                   quote\n"
        "---  -----------------------  ------------------------------------------------------\n"
        f"1    {SOURCE}  {QUOTE}\n"
    )
    data = json.loads(curator("show", "initiative", COUNCIL, "--format", "json").stdout)
    assert data["status_history"] == [
        {
            "status": "in_progress",
            "date": "2025-11-15?",
            "note": None,
            "citations": [{"source": SOURCE, "quote": QUOTE}],
        }
    ]
    assert (data["made_by"], data["addressed_to"], data["parties_inferred"]) == (None, [], True)


def test_initiatives_are_listed_and_filtered_by_their_current_status(curator: Invoke) -> None:
    listed = curator("list", "initiatives")
    assert listed.stdout == (
        "slug                         kind           status       since         parties"
        "            title\n"
        "---------------------------  -------------  -----------  ------------  -----------------"
        "  ---------------------------\n"
        f"{COUNCIL}  establishment  in_progress  15 Nov 2025?  KZ, UZ (inferred)"
        "  Council of Heads of Regions\n"
    )
    assert curator("list", "initiatives", "--status", "agreed").stdout == "no initiatives\n"
    assert COUNCIL in curator("list", "initiatives", "--status", "in_progress").stdout
    # An initiative's field (its sector) filters like a tag.
    assert COUNCIL in curator("list", "initiatives", "--tag", "regions").stdout
    assert curator("list", "initiatives", "--tag", "water").stdout == "no initiatives\n"
    wrong = curator("list", "initiatives", "--status", "signed")
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        "tracker: error: --status: unknown value 'signed'; accepted: unknown, proposed, agreed, "
        "in_progress, done, dropped\n"
    )
    events = curator("list", "events", "--status", "signed")
    assert events.exit_code == 2
    assert events.stderr == (
        "tracker: error: --status: unknown value 'signed'; accepted: unknown, planned, held, "
        "postponed, cancelled\n"
    )
    figures = curator("list", "figures", "--status", "held")
    assert figures.exit_code == 2
    assert figures.stderr == (
        "tracker: error: --status: only events, agreements and initiatives have a status\n"
    )


def test_a_status_step_is_added_listed_and_removed(curator: Invoke) -> None:
    added = curator(
        "initiative", "status", COUNCIL, "done", "--on", "2026-03", "--cite", f"{SOURCE}:{QUOTE}"
    )
    assert added.exit_code == 0, added.output
    assert added.stdout == f"initiative {COUNCIL}: done recorded; current status done\n"
    history = curator("initiative", "history", COUNCIL)
    assert history.stdout == (
        "#    status       date          note    sources\n"
        "---  -----------  ------------  ------  -----------------------\n"
        f"1    in_progress  15 Nov 2025?          {SOURCE}\n"
        f"2    done         Mar 2026              {SOURCE}\n"
    )
    # A later stage cannot be dated before an earlier one.
    early = curator("initiative", "status", COUNCIL, "proposed", "--on", "2027")
    assert early.exit_code == 2
    assert early.stderr == (
        "tracker: error: --on: in_progress on 2025-11-15? is before proposed on 2027; a later "
        "stage cannot come first\n"
    )
    wrong = curator("initiative", "status", COUNCIL, "ratified")
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        "tracker: error: STATUS: unknown value 'ratified'; accepted: unknown, proposed, agreed, "
        "in_progress, done, dropped\n"
    )
    removed = curator("initiative", "unstatus", COUNCIL, "2")
    assert removed.stdout == f"initiative {COUNCIL}: step 2 removed\n"
    assert "done" not in curator("initiative", "history", COUNCIL).stdout
    missing = curator("initiative", "status", "no-such-initiative", "done")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("tracker: error: REF: no initiative 'no-such-initiative'")


def test_bad_initiative_fields_are_one_line_errors_that_write_nothing(curator: Invoke) -> None:
    before = curator("export", "--format", "json").stdout
    for args, message in [
        (["--kind", "promise"], "--kind: unknown value 'promise'; accepted: commitment, "
         "understanding, proposal, invitation, establishment"),
        (["--kind", "proposal", "--to", "Narnia"], "--to"),
        (["--kind", "proposal", "--event", "no-such-event"], "--event: no event"),
        (["--kind", "proposal", "--status", "signed"], "--status: unknown value 'signed'"),
        (["--kind", "proposal", "--on", "2025"], "--on: dates a status step; give --status too"),
    ]:  # fmt: skip
        result = curator("add", "initiative", "--title", "Bad", *args)
        assert result.exit_code != 0, args
        assert result.stderr.startswith(f"tracker: error: {message}"), result.stderr
        assert result.stderr.count("\n") == 1
    assert curator("export", "--format", "json").stdout == before


def test_an_initiative_change_is_audited_and_undone(curator: Invoke) -> None:
    assert curator("initiative", "status", COUNCIL, "dropped", "--on", "2026").exit_code == 0
    history = curator("history", "initiative", COUNCIL).stdout
    assert history.count("initiative") >= 2
    change = json.loads(curator("history", "initiative", COUNCIL, "-f", "json").stdout)[0]
    undone = curator("undo", str(change["id"]))
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == f"undid change {change['id']}: initiative {COUNCIL} restored\n"
    assert json.loads(curator("show", "initiative", COUNCIL, "-f", "json").stdout)["status"] == (
        "in_progress"
    )


def test_deleting_an_event_detaches_the_initiatives_made_there(curator: Invoke) -> None:
    refused = curator("delete", "event", "council", "--yes")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "tracker: error: event 'council' is in use: 1 initiative(s) would lose their event; "
        "pass --force to delete it anyway\n"
    )
    assert curator("delete", "event", "council", "--yes", "--force").exit_code == 0
    data = json.loads(curator("show", "initiative", COUNCIL, "-f", "json").stdout)
    assert data["event"] is None
    assert len(data["citations"]) == 1


@pytest.mark.parametrize("form", ["yaml", "json", "csv"])
def test_initiatives_round_trip_through_every_file_form(
    curator: Invoke, run: Invoke, tmp_path: Path, form: str
) -> None:
    exported = tmp_path / ("out" if form == "csv" else f"out.{form}")
    assert curator("export", "--format", form, "-o", str(exported)).exit_code == 0
    other = str(tmp_path / "other.db")
    imported = run("--db", other, "import", str(exported))
    assert imported.exit_code == 0, imported.output
    again = tmp_path / ("again" if form == "csv" else f"again.{form}")
    assert run("--db", other, "export", "--format", form, "-o", str(again)).exit_code == 0
    if form == "csv":
        for name in sorted(p.name for p in exported.iterdir()):
            assert (again / name).read_bytes() == (exported / name).read_bytes(), name
        assert "in_progress" in (exported / "initiative_status_history.csv").read_text()
    else:
        assert again.read_bytes() == exported.read_bytes()


def test_check_asks_each_step_for_its_sentence_and_each_inference_for_its_mark(
    curator: Invoke,
) -> None:
    assert curator("check").stdout == "ok: 3 citations verified, no problems\n"
    assert curator("initiative", "status", COUNCIL, "done", "--on", "2026-03").exit_code == 0
    assert curator("edit", "event", "council", "--parties-stated").exit_code == 0
    assert curator("edit", "event", "council", "--date", "2025-11-15").exit_code == 0
    checked = curator("check")
    assert checked.exit_code == 1
    assert checked.stdout == (
        "event council: date 2025-11-15: the year, month and day are in none of its quotes; "
        "mark the date as inferred (2025-11-15?) and say how in the note, or cite the sentence "
        "that gives it\n"
        "event council: no quote names KZ, UZ; set parties_inferred (and say why in the note), "
        "or cite the sentence that names it\n"
        f"initiative {COUNCIL}: status step 2 (done) has no citation\n"
    )


def test_the_curated_initiatives_are_reported_by_status_as_of_a_date(cli: Invoke) -> None:
    assert cli("init").exit_code == 0
    now = json.loads(cli("report", "initiatives", "--pair", "KZ-UZ", "-f", "json").stdout)
    by_status: dict[str, int] = {}
    for item in now:
        by_status[item["status"]] = by_status.get(item["status"], 0) + 1
    assert by_status == {"proposed": 4, "agreed": 10, "in_progress": 2}
    # Before the state visit, only what the texts leave undated can be placed.
    earlier = json.loads(
        cli(
            "report", "initiatives", "--pair", "KZ-UZ", "--as-of", "2025-06-30", "-f", "json"
        ).stdout
    )
    assert all(item["since"] is None for item in earlier)
    assert len(earlier) < len(now)
    briefing = cli("report", "briefing", "--pair", "KZ-UZ", "--as-of", "2025-12-31").stdout
    assert "- **Initiatives:** 16 (4 proposed, 10 agreed, 2 in progress)\n" in briefing
    assert "## Initiatives by status\n" in briefing
