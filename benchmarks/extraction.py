"""Recall and precision of `tracker extract`: on the five seed texts against the curated
dataset, and on the labelled development corpus (tests/extraction_corpus/cases.yaml), per kind.

    python benchmarks/extraction.py            # both
    python benchmarks/extraction.py --corpus   # the corpus only, with every miss listed

Seed texts. Recall: the share of curated figures, target values, agreements, initiatives and
events that some proposal matches (one proposal stands for at most one curated record).
Precision: the share of proposals that match something the curated dataset holds. A
proposal matches a figure or target by value and unit, an agreement, initiative or event by
quoting (part of) a sentence the curated record cites from the same source. Extraction runs
on an empty database, so every candidate is proposed as new.

Corpus. Every case is extracted against the curated dataset, as an analyst would run it;
its proposals (new records and citations on held ones) are matched one to one with the
case's labelled facts (tests/extraction_corpus/cases.yaml says how each kind matches).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.domain.extraction.candidates import Candidate, extract_candidates
from tracker.services.assistant.extraction import publication_day
from tracker.services.curation.quotes import normalise
from tracker.services.transfer.parsing import parse_yaml

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MEASURED = {"figure": "figures and target values", "target": "figures and target values",
            "agreement": "agreements", "initiative": "initiatives", "event": "events"}  # fmt: skip


@dataclass(frozen=True)
class Score:
    recalled: int
    curated: int
    held: int
    proposed: int


def measure() -> dict[str, Score]:
    records = SEEDS / "records.yaml"
    document = parse_yaml(records.read_text(encoding="utf-8"), str(records))
    proposals: list[tuple[str, Candidate]] = []
    for source in document["sources"]:
        text = (SEEDS / source["file"]).read_text(encoding="utf-8")
        for candidate in extract_candidates(text, publication_day(source.get("published"))):
            proposals.append((source["slug"], candidate))
    curated = _curated(document)
    scores = {}
    for group in dict.fromkeys(MEASURED.values()):
        kinds = [k for k, g in MEASURED.items() if g == group]
        wanted = [c for c in curated if c[0] in kinds]
        offered = [p for p in proposals if p[1].kind in kinds]
        # The curated decisions are bodies set up: a document may be held as an initiative.
        pool = [*kinds, *(("agreement", "initiative") if "agreement" in kinds else ())]
        held = [p for p in offered if any(_matches(p, c) for c in _holdings(document, pool))]
        scores[group] = Score(_assigned(wanted, offered), len(wanted), len(held), len(offered))
    return scores


def main() -> int:
    if "--corpus" not in sys.argv:
        print("seed texts")
        print(f"{'what':28} {'recall':>16} {'precision':>16}")
        for group, score in measure().items():
            recall = _share(score.recalled, score.curated)
            print(f"{group:28} {recall:>16} {_share(score.held, score.proposed):>16}")
        print()
    corpus = measure_corpus()
    print(f"development corpus ({corpus.cases} texts, {corpus.facts} labelled facts)")
    print(f"{'kind':14} {'recall':>16} {'precision':>16}")
    for kind, (recalled, curated, right, proposed) in corpus.by_kind.items():
        print(f"{kind:14} {_share(recalled, curated):>16} {_share(right, proposed):>16}")
    recalled, curated, right, proposed = corpus.total
    print(f"{'all':14} {_share(recalled, curated):>16} {_share(right, proposed):>16}")
    if "--corpus" in sys.argv:
        print("\nmissed:")
        print("\n".join(f"  {line}" for line in corpus.missed))
        print("wrong:")
        print("\n".join(f"  {line}" for line in corpus.wrong))
    return 0


def _curated(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (kind, record)
        for kind, section in (
            ("figure", "figures"),
            ("target", "targets"),
            ("agreement", "agreements"),
            ("initiative", "initiatives"),
            ("event", "events"),
        )
        for record in document.get(section) or []
    ]


def _holdings(document: dict[str, Any], kinds: list[str]) -> Iterable[tuple[str, dict[str, Any]]]:
    """What counts as held: the records, and a target's observations (before they became
    figures of its measure) as figures."""
    for kind, record in _curated(document):
        if kind in kinds:
            yield kind, record
        if kind == "target" and "figure" in kinds:
            for observation in record.get("observations") or []:
                yield "figure", {"value": observation["value"], "unit": record["unit"]}
                if observation.get("growth_pct") is not None:
                    yield "figure", {"value": observation["growth_pct"], "unit": "percent"}


def _matches(proposal: tuple[str, Candidate], curated: tuple[str, dict[str, Any]]) -> bool:
    source, candidate = proposal
    kind, record = curated
    fields = candidate.fields
    if candidate.kind in ("figure", "target") and kind in ("figure", "target"):
        value = fields.get("value", fields.get("target_value"))
        held = record.get("value", record.get("target_value"))
        return Decimal(str(value)) == Decimal(str(held)) and fields["unit"] == record["unit"]
    documents = ("agreement", "initiative")  # the curated decisions are bodies set up
    if candidate.kind != kind and not (candidate.kind in documents and kind in documents):
        return False
    quotes = [normalise(q) for q in candidate.quotes]
    return any(
        citation["source"] == source
        and any(
            normalise(citation["quote"]) in q or q in normalise(citation["quote"]) for q in quotes
        )
        for citation in record.get("citations") or []
    )


def _assigned(
    wanted: list[tuple[str, dict[str, Any]]], offered: list[tuple[str, Candidate]]
) -> int:
    """Curated records matched one-to-one (augmenting paths: a maximum matching)."""
    owner: dict[int, int] = {}

    def place(index: int, seen: set[int]) -> bool:
        for number, proposal in enumerate(offered):
            if number in seen or not _matches(proposal, wanted[index]):
                continue
            seen.add(number)
            if number not in owner or place(owner[number], seen):
                owner[number] = index
                return True
        return False

    return sum(place(index, set()) for index in range(len(wanted)))


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.0%}" if whole else "n/a"


# ---- the labelled development corpus -----------------------------------------------------------

CORPUS = SEEDS.parent / "tests" / "extraction_corpus" / "cases.yaml"
KINDS_SCORED = ("event", "agreement", "initiative", "target", "figure", "observation", "citation")


@dataclass
class CorpusScore:
    cases: int
    facts: int
    by_kind: dict[str, tuple[int, int, int, int]]  # recalled, labelled, right, proposed
    missed: list[str]
    wrong: list[str]

    @property
    def total(self) -> tuple[int, int, int, int]:
        sums = [sum(v[i] for v in self.by_kind.values()) for i in range(4)]
        return sums[0], sums[1], sums[2], sums[3]


def measure_corpus(cases_file: Path = CORPUS) -> CorpusScore:
    """Every case extracted against the curated dataset; proposals matched to labelled facts
    one to one. A proposal no fact matches counts against precision."""
    import tempfile

    import yaml

    from tracker.services.store.database import DatabaseLocation
    from tracker.services.store.opening import open_database
    from tracker.services.transfer.seeds import load_curated_seeds

    cases = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
    counts = {kind: [0, 0, 0, 0] for kind in KINDS_SCORED}
    missed: list[str] = []
    wrong: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "curated.db"
        engine = open_database(
            DatabaseLocation(f"sqlite:///{path}", path, is_default=True), load_curated_seeds
        )
        try:
            for case in cases:
                proposals = _case_proposals(engine, case)
                facts = case["facts"]
                pairs = _matching(facts, proposals)
                for index, fact in enumerate(facts):
                    counts[fact["kind"]][1] += 1
                    if index in pairs:
                        counts[fact["kind"]][0] += 1
                    else:
                        missed.append(f"{case['id']}: {fact}")
                matched = set(pairs.values())
                for number, (kind, summary) in enumerate(proposals):
                    counts[kind][3] += 1
                    if number in matched:
                        counts[kind][2] += 1
                    else:
                        wrong.append(f"{case['id']}: {kind} {summary}")
        finally:
            engine.dispose()
    by_kind = {k: (v[0], v[1], v[2], v[3]) for k, v in counts.items()}
    facts = sum(len(c["facts"]) for c in cases)
    return CorpusScore(len(cases), facts, by_kind, missed, wrong)


def _case_proposals(engine: Any, case: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    from datetime import date

    from sqlalchemy.orm import Session

    from tracker.services.assistant.extraction import SourceText, extract

    published = case["published"]
    day = published if isinstance(published, date) else date.fromisoformat(str(published))
    with Session(engine) as session:
        draft = extract(session, SourceText(case["id"], case["text"], day, None))
    found: list[tuple[str, dict[str, Any]]] = []
    for proposal in draft.proposals:
        fields = dict(proposal.fields, _observes=proposal.observes)
        kind = "observation" if proposal.observes else proposal.kind
        found.append((kind, fields))
    found.extend(("citation", {"record": c["record"]}) for c in draft.new_citations)
    return found


def _fact_matches(fact: dict[str, Any], proposal: tuple[str, dict[str, Any]]) -> bool:
    from tracker.domain.extraction.lemmas import lemma

    kind, fields = proposal
    if kind != fact["kind"]:
        return False
    if kind == "citation":
        return bool(fields["record"] == fact["record"])
    checks: dict[str, Any] = {
        "type": fields.get("kind"),
        "status": (fields.get("status_history") or [{"status": "unknown"}])[0]["status"],
        "date": _step_date(fields) if kind == "agreement" else fields.get("date"),
        "deadline": fields.get("deadline"),
        "qualifier": fields.get("qualifier"),
        "period": fields.get("period"),
        "measure": fields.get("measure"),
        "target": fields.get("_observes"),
    }
    for key, value in fact.items():
        if key in ("kind", "name"):
            continue
        if key in ("value", "growth"):
            held = (
                fields.get("value", fields.get("target_value"))
                if key == "value"
                else fields.get("growth_pct")
            )
            if held is None or Decimal(str(held)) != Decimal(str(value)):
                return False
        elif key == "unit":
            if fields.get("unit") != value:
                return False
        elif key == "place":
            if not str(fields.get("place") or "").lower().startswith(str(value).lower()):
                return False
        elif _bare(checks.get(key)) != (None if value is None else str(value)):
            return False
    if "name" in fact:
        title = {
            lemma(w) for w in str(fields.get("title_original") or "").replace("-", " ").split()
        }
        title |= {w.lower().strip('«»".,') for w in str(fields.get("title_original") or "").split()}
        return all(lemma(word) in title or word.lower() in title for word in fact["name"])
    return True


def _bare(value: Any) -> Any:
    """A date without the mark of an inferred part ("2025-03-15?" is read as 2025-03-15)."""
    return value.rstrip("?~") if isinstance(value, str) else value


def _step_date(fields: dict[str, Any]) -> Any:
    steps = fields.get("status_history") or []
    return steps[0].get("date") if steps else None


def _matching(
    facts: list[dict[str, Any]], proposals: list[tuple[str, dict[str, Any]]]
) -> dict[int, int]:
    """Facts matched to proposals one to one (augmenting paths: a maximum matching)."""
    owner: dict[int, int] = {}

    def place(index: int, seen: set[int]) -> bool:
        for number, proposal in enumerate(proposals):
            if number in seen or not _fact_matches(facts[index], proposal):
                continue
            seen.add(number)
            if number not in owner or place(owner[number], seen):
                owner[number] = index
                return True
        return False

    for index in range(len(facts)):
        place(index, set())
    return {fact: number for number, fact in owner.items()}


if __name__ == "__main__":
    sys.exit(main())
