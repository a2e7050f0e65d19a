"""New records are built as drafts (`curation/bulk.py`): plain values checked by the same
field rules as an edit, turned into rows without SQLAlchemy's instance state. These tests pin
that a draft is pictured, logged and stored exactly as the record it becomes, and that what
an import remembers between records (quotes found, lists of parties and tags resolved)
never lets a record through that the rules alone would refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tracker.models import Agreement, AgreementStatus, AuditEntry, Citation, Figure
from tracker.services.curation.audit import snapshot
from tracker.services.curation.bulk import Draft, building, new, relate
from tracker.services.curation.kinds import KINDS, kind_of
from tracker.services.curation.serialize import to_dict


def test_a_draft_reads_as_a_new_record_of_its_model() -> None:
    with building():
        draft = new(AgreementStatus, status="signed")
        figure = new(Figure)
    assert isinstance(draft, Draft)  # its own type, though it answers as its model
    assert isinstance(draft, AgreementStatus)
    assert not isinstance(draft, Agreement)
    assert kind_of(figure) is KINDS["figure"]
    # Every column and single reference is None, every list empty, as a new mapped object.
    assert (draft.status, draft.date, draft.agreement) == ("signed", None, None)
    assert draft.citations == []
    assert figure.parties == []
    assert figure.parties is not new_figure_parties()  # each draft its own list
    outside = new(AgreementStatus, status="signed")
    assert type(outside) is AgreementStatus  # not building: a mapped object for the session


def new_figure_parties() -> object:
    with building():
        parties: object = new(Figure).parties
    return parties


def test_a_draft_takes_only_relationships_its_model_has() -> None:
    with building():
        citation = new(Citation, quote="q")
    relate(citation, "source", None)
    with pytest.raises(AssertionError, match="sources: no relationship"):
        relate(citation, "sources", None)


def test_the_log_pictures_each_new_record_as_it_reads_back(cli: Invoke, db_engine: Engine) -> None:
    """`seed load` builds every curated record as a draft; the picture logged then is the
    picture of the record read back from the database, and what JSON keeps of it."""
    assert cli("init").exit_code == 0
    with Session(db_engine) as session:
        created = session.scalars(select(AuditEntry).where(AuditEntry.action == "create")).all()
        assert len(created) > 50
        for entry in created:
            record = session.get(KINDS[entry.kind].model, entry.record_id)
            assert record is not None, entry.slug
            assert entry.after == snapshot(record), entry.slug
            assert snapshot(record) == json.loads(json.dumps(to_dict(record), default=str))


def test_a_record_added_on_the_command_line_is_stored_as_built(
    cli: Invoke, db_engine: Engine
) -> None:
    assert cli("init", "--empty").exit_code == 0
    text = "Стороны подписали «договор» о торговле на $1,5 млрд."
    assert cli("add", "source", "--slug", "s", "--title", "S", "--text", text).exit_code == 0
    result = cli("add", "figure", "--slug", "trade", "--title", "Trade", "--value", "$1.5bn",
                 "--party", "UZ", "--party", "KZ", "--date", "2025~",
                 "--cite", 's:подписали "договор"')  # fmt: skip
    assert result.exit_code == 0, result.output
    with Session(db_engine) as session:
        figure = session.scalars(select(Figure)).one()
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.slug == "trade")).all()
        assert entry.after == snapshot(figure)
        assert (str(figure.value), figure.unit, figure.date, str(figure.date_lower)) == (
            "1500000000",
            "USD",
            "2025~",
            "2025-01-01",
        )
        assert [p.code for p in figure.parties] == ["KZ", "UZ"]
        assert [(c.source.slug, c.quote) for c in figure.citations] == [
            ("s", 'подписали "договор"')
        ]


def write(path: Path, document: dict[str, object]) -> str:
    path.write_text(json.dumps({"format": "tracker/1", **document}, ensure_ascii=False))
    return str(path)


def test_a_quote_is_checked_against_the_text_its_source_has_then(
    cli: Invoke, tmp_path: Path
) -> None:
    """An import that changes a source's text checks the quotes after it against the new
    text: a quote found in the old text earlier in the same import is not taken on trust."""
    assert cli("init", "--empty").exit_code == 0
    source = {"slug": "s", "title": "S", "text": "Old words here. New words only."}
    first = write(tmp_path / "first.json", {
        "sources": [source],
        "figures": [{"slug": "f0", "title": "F0", "value": 1, "unit": "count"}],
    })  # fmt: skip
    assert cli("import", first).exit_code == 0
    old_words = {"source": "s", "quote": "Old words"}
    second = write(tmp_path / "second.json", {  # in this order: a JSON file streams
        "figures": [{"slug": "f1", "title": "F1", "value": 1, "unit": "count",
                     "citations": [old_words]}],
        "sources": [{**source, "text": "New words only."}],
        "citations": [{"record": "figure:f0", **old_words}],
    })  # fmt: skip
    result = cli("import", second, "--on-conflict", "update")
    assert (result.exit_code, result.output) == (
        2,
        "tracker: error: second.json: citations[0]: citation[0].quote: not found verbatim in "
        "the text of source 's'\n",
    )


def test_a_refused_list_is_refused_again_in_every_record(cli: Invoke, tmp_path: Path) -> None:
    """What a list of parties or tags resolved to is remembered only when it resolved."""
    assert cli("init", "--empty").exit_code == 0
    figures = [
        {"slug": f"f{n}", "title": "F", "value": n, "unit": "count", "parties": parties,
         "tags": tags}
        for n, (parties, tags) in enumerate(
            [(["KZ", 7], ["trade"]), (["KZ", 7], ["trade"]), (["KZ"], ["bad!tag"]),
             (["KZ"], ["bad!tag"]), (["KZ", "UZ"], ["trade"]), (["KZ", "UZ"], ["trade"])]
        )
    ]  # fmt: skip
    result = cli("import", write(tmp_path / "lists.json", {"figures": figures}))
    assert result.exit_code == 2
    assert result.output.count("parties[1]: expected a country code") == 2
    assert result.output.count("is not a tag") == 2
    assert "f4" not in result.output
    assert "f5" not in result.output
