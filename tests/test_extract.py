"""`tracker extract` and `tracker search`: drafts from texts, matched against what is held."""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.domain.extraction.candidates import extract_candidates
from tracker.domain.extraction.dates import find_dates
from tracker.domain.extraction.mentions import find_documents, status_of
from tracker.domain.extraction.quantities import find_quantities

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NEW_ARTICLE = """\
Kazakhstan and Uzbekistan sign water deal

On 3 June 2026 in Tashkent the presidents of Kazakhstan and Uzbekistan held a meeting.
They signed a memorandum of understanding on water management in the Syr Darya basin.
Trade reached USD 4.6 billion, up 12 %, and the sides agreed to raise it to USD 15 billion by 2035.
Сейчас реализуется 78 совместных проектов Казахстана и Узбекистана.
"""


# ---- the parts, on the forms the issue names ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("товарооборот до $10 млрд", "10000000000", "USD", "up_to"),
        ("инвестиции в 1,7 млрд долларов", "1700000000", "USD", "exact"),
        ("достигнув около 4 млрд долл. США.", "4000000000", "USD", "about"),
        ("deals worth USD 1.3 billion", "1300000000", "USD", "exact"),
        ("реализуется 78 совместных проектов", "78", "projects", "exact"),
        ("создадут свыше 15 тыс. рабочих мест", "15000", "jobs", "over"),
        ("увеличился на 15 %", "15", "percent", "exact"),
        ("с ростом 5,4 %", "5.4", "percent", "exact"),
        ("протяженная в мире - 7 591 км", "7591", "km", "exact"),
        ("на сумму более $1,7 млрд", "1700000000", "USD", "over"),
    ],
)
def test_quantities(text: str, value: str, unit: str, qualifier: str) -> None:
    [quantity] = find_quantities(text, [])
    assert (quantity.value, quantity.unit, quantity.qualifier) == (Decimal(value), unit, qualifier)
    assert quantity.phrase in text


@pytest.mark.parametrize(
    ("text", "edtf", "deadline"),
    [
        ("В Ташкенте 15 ноября состоялось", "2025-11-15", False),
        ("подписана 15 марта этого года", "2025-03-15", False),
        ("до $10 млрд к 2030 году", "2030", True),
        ("план на 2026-2027 годы", "2026/2027", False),
        ("signed on 15 March 2024", "2024-03-15", False),
        ("Сегодняшняя встреча", "2025-11-15", False),
    ],
)
def test_dates_resolve_against_the_publication_date(text: str, edtf: str, deadline: bool) -> None:
    [mention] = find_dates(text, date(2025, 11, 15))
    assert (mention.edtf, mention.deadline) == (edtf, deadline)


def test_a_date_without_a_year_stays_open_when_the_text_is_undated() -> None:
    [mention] = find_dates("В Ташкенте 15 ноября", None)
    assert mention.edtf is None
    assert "no year" in (mention.note or "")


@pytest.mark.parametrize(
    ("sentence", "kind", "phrase", "status"),
    [
        (
            "Во-первых, подписан Договор между Узбекистаном и Казахстаном о союзнических "
            "отношениях, который отражает волю сторон.",
            "treaty",
            "Договор между Узбекистаном и Казахстаном о союзнических отношениях",
            "signed",
        ),
        (
            "Также Токаев предложил запустить Совместную программу по развитию коридора "
            '"Север - Юг".',
            "programme",
            'Совместную программу по развитию коридора "Север - Юг"',
            "proposed",
        ),
        (
            "Подписанное совместное заявление подтвердило стремление сторон.",
            "joint_statement",
            "совместное заявление",
            "signed",
        ),
        (
            "The sides signed a memorandum of understanding on water management, which was",
            "memorandum",
            "memorandum of understanding on water management",
            "signed",
        ),
    ],
)
def test_documents_and_their_status(sentence: str, kind: str, phrase: str, status: str) -> None:
    [mention] = find_documents(sentence)
    assert (mention.kind, mention.phrase, status_of(sentence)) == (kind, phrase, status)


def test_a_bare_plural_names_no_document() -> None:
    assert find_documents("Подписанные соглашения, достигнутые договорённости создают основу") == []


def test_an_enumerated_list_names_one_plan_each() -> None:
    titles = [
        c.fields["title_original"]
        for c in extract_candidates(
            "Утверждены:\n- планы сотрудничества в сфере туризма, юстиции и здравоохранения;\n",
            None,
        )
    ]
    assert titles == [
        "планы сотрудничества в сфере туризма",
        "планы сотрудничества в сфере юстиции",
        "планы сотрудничества в сфере здравоохранения",
    ]


def test_every_quote_is_verbatim_in_its_text() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for candidate in extract_candidates(text, date(2025, 11, 15)):
            for quote in candidate.quotes:
                assert quote in text, (path.name, quote)


def test_recall_on_the_seed_texts_meets_the_goals() -> None:
    spec = importlib.util.spec_from_file_location(
        "extraction_benchmark", SEEDS.parent / "benchmarks" / "extraction.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    scores = module.measure()
    figures, agreements = scores["figures and target values"], scores["agreements"]
    assert figures.recalled / figures.curated >= 0.95
    assert agreements.recalled / agreements.curated >= 0.90
    assert figures.proposed
    assert agreements.proposed


# ---- the command -------------------------------------------------------------------------------


@pytest.fixture
def curated(cli: Invoke) -> Invoke:
    assert cli("init").exit_code == 0
    return cli


def _draft(result_output: str) -> dict[str, object]:
    document = yaml.safe_load(result_output)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize(
    "source",
    [
        "centralasia-2025-11-15",
        "nur-kz-2025-10-09",
        "toyirov-state-visit-analysis",
        "nematov-ismi-commentary",
        "kazpravda-informal-meeting-almaty",
    ],
)
def test_extracting_a_seed_text_again_proposes_no_duplicates(curated: Invoke, source: str) -> None:
    result = curated("extract", source)
    assert result.exit_code == 0, result.output
    draft = _draft(result.stdout)
    held = _draft(curated("export", "--format", "yaml").stdout)
    held_values = {
        (Decimal(str(r["value"])), r["unit"])
        for r in held["figures"]  # type: ignore[index]
    } | {(Decimal(str(r["target_value"])), r["unit"]) for r in held["targets"]}  # type: ignore[index]
    for figure in draft.get("figures") or []:  # type: ignore[attr-defined]
        assert (Decimal(str(figure["value"])), figure["unit"]) not in held_values
    for target in draft.get("targets") or []:  # type: ignore[attr-defined]
        assert (Decimal(str(target["target_value"])), target["unit"]) not in held_values
    for section in ("agreements", "initiatives", "events"):
        # A held record of the kind citing this text's sentence is that record: a new one
        # from the same sentence would hold it twice (documents and initiatives are one pool,
        # the curated decisions being bodies set up).
        pool = ("agreements", "initiatives") if section != "events" else ("events",)
        held_quotes = {
            c["quote"]
            for name in pool
            for r in held.get(name) or []  # type: ignore[attr-defined]
            for c in r["citations"]
            if c["source"] == source
        }
        for record in draft.get(section) or []:  # type: ignore[attr-defined]
            for citation in record["citations"]:
                assert not any(q in citation["quote"] for q in held_quotes), record
    assert "# Already cited, so not proposed again:" in result.stdout


def test_a_new_article_drafts_records_and_citations_that_import_and_check(
    curated: Invoke, tmp_path: Path
) -> None:
    article = tmp_path / "water-deal.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    draft_path = tmp_path / "draft.yaml"
    result = curated("extract", str(article), "--published", "2026-06-04", "-o", str(draft_path))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "proposed 1 event(s), 1 agreement(s), 0 initiative(s), 1 target(s), 1 figure(s)"
    )
    text = draft_path.read_text(encoding="utf-8")
    assert "# review: title" in text
    draft = yaml.safe_load(text)
    assert draft["sources"] == [
        {
            "slug": "water-deal",
            "title": "Kazakhstan and Uzbekistan sign water deal",
            "published": "2026-06-04",
            "language": "en",
            "file": "water-deal.txt",
        }
    ]
    [event] = draft["events"]
    assert (event["kind"], event["date"], event["place"]) == ("meeting", "2026-06-03", "Tashkent")
    [agreement] = draft["agreements"]
    assert (agreement["kind"], agreement["status_history"][0]["status"]) == ("memorandum", "signed")
    [target] = draft["targets"]
    assert (target["target_value"], target["unit"], target["deadline"]) == (
        15000000000, "USD", "2035",
    )  # fmt: skip
    # "up 12 %" is the trade value's growth, not a figure of its own.
    [trade] = draft["figures"]
    assert (trade["value"], trade["unit"], trade["growth_pct"]) == (4600000000, "USD", 12)
    assert trade["measure"] == "kz-uz-trade-turnover"
    # 78 joint projects is a figure the database holds: a citation on it, not a new figure.
    assert draft["citations"] == [
        {
            "record": "figure:kz-uz-joint-projects-count-2025-11",
            "source": "water-deal",
            "quote": "Сейчас реализуется 78 совместных проектов Казахстана и Узбекистана.",
        }
    ]

    refused = curated("import", str(draft_path))
    assert refused.exit_code == 2
    assert refused.stderr.startswith("tracker: error: ")
    assert "draft" in refused.stderr
    assert refused.stderr.count("\n") == 1

    # The analyst's review: English titles, a measure for each figure, the marker gone.
    del draft["draft"]
    for section in ("events", "agreements", "targets", "figures"):
        for number, record in enumerate(draft[section]):
            record["title"] = f"Reviewed {section} {number}"
            if section == "figures":
                record["measure"] = f"measure-{number}"
    draft_path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    imported = curated("import", str(draft_path))
    assert imported.exit_code == 0, imported.output
    assert re.search(r"^citation\s+1\s", imported.stdout, re.MULTILINE), imported.stdout
    assert curated("check").exit_code == 0
    again = curated("import", str(draft_path), "--on-conflict", "update")
    assert again.exit_code == 0, again.output
    shown = curated("show", "figure", "kz-uz-joint-projects-count-2025-11", "--format", "json")
    assert "water-deal" in shown.stdout


def test_extract_refuses_bad_input_and_writes_nothing(
    curated: Invoke, db_url: str, tmp_path: Path
) -> None:
    before = database_state(db_url)
    existing = tmp_path / "draft.yaml"
    existing.write_text("keep me", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    cases = [
        (("extract", "no-such-source"), "SOURCE_OR_FILE"),
        (("extract", str(article), "--published", "someday"), "--published"),
        (("extract", "centralasia-2025-11-15", "--published", "15.11"), "--published"),
        (("extract", str(article), "--language", "de"), "--language"),
        (("extract", str(article), "-o", str(existing)), "--output"),
        (("extract", str(article), "-o", str(tmp_path / "draft.txt")), "--output"),
    ]
    for args, field in cases:
        result = curated(*args)
        assert result.exit_code != 0, args
        assert result.stderr.startswith(f"tracker: error: {field}"), result.stderr
        assert result.stderr.count("\n") == 1
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert database_state(db_url) == before


# ---- search ------------------------------------------------------------------------------------


def test_search_finds_inflected_forms_with_the_sentence(curated: Invoke) -> None:
    result = curated("search", "демаркация границы", "--kind", "source", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(
        "source,nematov-ismi-commentary,text,"
        '"Во-вторых, после десятилетий кропотливой работы и переговоров подписан Договор о '
        "демаркации узбекско-казахстанской Государственной границы"
    )


def test_search_finds_records_in_english(curated: Invoke) -> None:
    result = curated("search", "treaties", "--kind", "agreement", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"slug": "kz-uz-treaty-allied-relations"' in result.stdout
    assert '"slug": "kz-uz-treaty-border-demarcation"' in result.stdout


def test_search_reports_no_match_and_refuses_an_empty_query(curated: Invoke) -> None:
    nothing = curated("search", "пингвины")
    assert (nothing.exit_code, nothing.stdout) == (0, "nothing matches 'пингвины'\n")
    empty = curated("search", "  ")
    assert empty.exit_code == 2
    assert empty.stderr.startswith("tracker: error: TEXT")
