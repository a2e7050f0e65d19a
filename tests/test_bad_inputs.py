"""Bad input never reaches the database: one line on stderr, the right exit code, nothing
written (the database compared before and after, byte for byte on SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import SEEDS, database_state

SOURCE = "tas-2025"
QUOTE = "Подписанное совместное заявление подтвердило стремление сторон"


@pytest.fixture
def curated(cli: Invoke, tmp_path: Path) -> Invoke:
    def ok(*args: str) -> None:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)

    ok(
        "add",
        "source",
        "--title",
        "Analysis",
        "--slug",
        SOURCE,
        "--file",
        str(SEEDS / "003_bf62adc99b1638d5.txt"),
        "--published",
        "2025",
    )
    ok(
        "add",
        "agreement",
        "--title",
        "Joint statement",
        "--slug",
        "joint-statement",
        "--kind",
        "joint_statement",
        "--party",
        "KZ",
        "--party",
        "UZ",
        "--status",
        "signed",
        "--on",
        "2025-03-15",
        "--cite",
        f"{SOURCE}:{QUOTE}",
    )
    ok("add", "target", "--title", "Trade", "--slug", "trade", "--target", "$10bn", "--by", "2030",
       "--measure", "trade-turnover")  # fmt: skip
    ok("add", "target", "--title", "Unmeasured", "--slug", "unmeasured", "--target", "$1bn",
       "--by", "2030")  # fmt: skip
    ok("add", "figure", "--title", "Projects", "--slug", "projects", "--value", "78",
       "--unit", "projects")  # fmt: skip
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 na\xefve".encode("latin-1"))
    return cli


ACCEPTED_EVENT_KINDS = (
    "meeting, informal_meeting, summit, state_visit, official_visit, council_meeting, opening, "
    "ceremony, forum, cultural, other"
)
ACCEPTED_STATUSES = (
    "unknown, proposed, under_negotiation, signed, adopted, approved, ratified, in_force, "
    "suspended, terminated, expired"
)
CASES = [
    (["add", "event", "--title", "X", "--kind", "summitt"], 2,
     f"--kind: unknown value 'summitt'; accepted: {ACCEPTED_EVENT_KINDS}"),
    (["add", "event", "--kind", "summit"], 2, "--title: required"),
    (["add", "event", "--title", "X", "--kind", "summit", "--date", "2025-02-30"], 2,
     "--date: '2025-02-30': day must be 01-28 in 2025-02"),
    (["add", "event", "--title", "X", "--kind", "summit", "--date", "2025-13-01"], 2,
     "--date: '2025-13-01': month must be 01-12"),
    (["add", "event", "--title", "X", "--kind", "summit", "--date", "someday"], 2,
     "--date: 'someday' is not a date; accepted: YYYY, YYYY-MM, YYYY-MM-DD, optionally "
     "followed by ~ (approximate) or ? (uncertain), or a range A/B of those, or a natural date "
     "such as '15 March 2025' or 'March 2025'"),
    (["add", "agreement", "--title", "X", "--kind", "treaty", "--party", "Narnia"], 2,
     "--party: unknown country 'Narnia'; accepted: an ISO 3166-1 code (KZ, UZB) or a name in "
     "English, Russian or another language pycountry translates (Kazakhstan, Казахстан, "
     "Kasachstan)"),
    (["add", "agreement", "--title", "X", "--kind", "treaty", "--status", "signd"], 2,
     f"--status: unknown value 'signd'; accepted: {ACCEPTED_STATUSES}"),
    (["add", "agreement", "--title", "X", "--kind", "treaty", "--on", "2025"], 2,
     "--on: dates a status step; give --status too"),
    (["add", "agreement", "--title", "X", "--kind", "treaty", "--slug", "joint-statement"], 1,
     "--slug: agreement 'joint-statement' already exists"),
    (["add", "agreement", "--title", "X", "--kind", "treaty", "--slug", "Not A Slug"], 2,
     "--slug: 'Not A Slug' is not a slug; accepted: lowercase letters, digits and single "
     "hyphens, at most 80 characters"),
    (["add", "figure", "--title", "X", "--value", "-5", "--unit", "jobs"], 2,
     "--value: -5 jobs: cannot be negative"),
    (["add", "figure", "--title", "X", "--value", "5", "--unit", "widgets"], 2,
     "--unit: unknown unit 'widgets'; accepted: an ISO 4217 currency code (USD, KZT...) or "
     "count, jobs, projects, km, percent, tonnes, people, years"),
    (["add", "figure", "--title", "X", "--value", "five", "--unit", "jobs"], 2,
     "--value: 'five' is not an amount; accepted: a number with an optional scale and currency, "
     "e.g. 10000000000, $10bn, '1.7 bn USD', '1,7 млрд долл.', '15 тыс.', '5,4 %', with "
     "'over'/'about' in front"),
    (["add", "figure", "--title", "X", "--value", "$5bn", "--unit", "KZT"], 2,
     "--value: the amount is in USD but unit is KZT"),
    (["add", "figure", "--title", "X\x07", "--value", "5", "--unit", "jobs"], 2,
     "--title: contains control characters"),
    (["add", "target", "--title", "X", "--target", "$1bn", "--by", "2020", "--baseline", "$1",
      "--baseline-date", "2021"], 2, "--by: 2020 is before the baseline date"),
    (["add", "source", "--title", "X", "--file", "missing.txt"], 2,
     "--file: missing.txt: no such file"),
    (["add", "source", "--title", "X", "--file", "{tmp}/latin1.txt"], 2,
     "--file: {tmp}/latin1.txt: not UTF-8 text (byte 3)"),
    (["add", "source", "--title", "X", "--file", "{tmp}"], 2, "--file: {tmp}: not a regular file"),
    (["add", "event", "--title", "X", "--kind", "summit", "--cite", "no-colon"], 2,
     "--cite: expected SOURCE:QUOTE, e.g. 'kazpravda-2025:Президент ...'"),
    (["add", "event", "--title", "X", "--kind", "summit", "--cite", "nosuch:text"], 1,
     "--cite: no source 'nosuch'"),
    (["add", "event", "--title", "X", "--kind", "summit", "--cite", f"{SOURCE}:not in the text"],
     2, f"--cite: not found verbatim in the text of source '{SOURCE}'"),
    (["agreement", "status", "joint-statement", "ratified", "--on", "2024-12"], 2,
     "--on: ratified on 2024-12 is before signed on 2025-03-15; a later stage cannot come first"),
    (["agreement", "status", "nosuch", "signed"], 1, "REF: no agreement 'nosuch'"),
    (["agreement", "unstatus", "joint-statement", "5"], 2, "STEP: 5 is not between 1 and 1"),
    (["target", "observe", "trade", "lots"], 2,
     "VALUE: 'lots' is not an amount; accepted: a number with an optional scale and currency, "
     "e.g. 10000000000, $10bn, '1.7 bn USD', '1,7 млрд долл.', '15 тыс.', '5,4 %', with "
     "'over'/'about' in front"),
    (["target", "observe", "trade", "5 bn KZT"], 2,
     "VALUE: in KZT, but the target is in USD"),
    (["target", "observe", "unmeasured", "$1bn"], 2,
     "REF: target 'unmeasured' has no measure; give it one first "
     "(tracker edit target unmeasured --measure NAME)"),
    (["show", "agreement", "nosuch"], 1, "REF: no agreement 'nosuch'"),
    (["show", "treaty", "x"], 2,
     "KIND: unknown kind 'treaty'; accepted: source, event, agreement, initiative, target, figure"),
    (["edit", "figure", "projects"], 2,
     "OPTIONS: nothing to change; see 'tracker edit figure --help'"),
    (["edit", "figure", "nosuch", "--title", "Y"], 1, "REF: no figure 'nosuch'"),
    (["delete", "source", SOURCE, "--yes"], 1,
     f"source '{SOURCE}' is in use: 2 citation(s) of it would be deleted; pass --force to delete "
     "it anyway"),
    (["delete", "figure", "projects"], 2,
     "--yes: not on a terminal; pass --yes to confirm the delete"),
    (["cite", "source", SOURCE, SOURCE, QUOTE], 2, "KIND: sources are cited, they do not cite"),
    (["cite", "agreement", "joint-statement", SOURCE, QUOTE], 1,
     "agreement 'joint-statement' already cites that quote"),
    (["uncite", "figure", "projects", SOURCE], 1,
     f"figure 'projects' has no such citation of '{SOURCE}'"),
    (["list", "widgets"], 2,
     "KIND: unknown kind 'widgets'; accepted: source, event, agreement, initiative, target, "
     "figure"),
    (["list", "figures", "--status", "signed"], 2,
     "--status: only events, agreements and initiatives have a status"),
    (["list", "figures", "--limit", "0"], 2, "--limit: must be 1 or more"),
    (["list", "figures", "--sort", "size"], 2,
     "--sort: unknown sort 'size'; accepted: newest, oldest, title, slug"),
    (["list", "figures", "--pair", "KZ"], 2,
     "--pair: 'KZ' is not a pair; write two country codes, e.g. KZ-UZ"),
    (["list", "figures", "--format", "xml"], 2,
     "--format: unknown format 'xml'; accepted: table, csv, json, md, html"),
    (["list", "sources", "--country", "KZ"], 2,
     "--country: sources have no parties; filter their records instead"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"), CASES, ids=[" ".join(c[0])[:60] for c in CASES]
)
def test_bad_input(
    curated: Invoke, db_url: str, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before = database_state(db_url)
    result = curated(*args)
    assert result.exit_code == code, result.output
    assert result.stderr == f"tracker: error: {message.replace('{tmp}', str(tmp_path))}\n"
    assert result.stdout == ""
    assert database_state(db_url) == before
