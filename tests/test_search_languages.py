"""`tracker search` across languages, on SQLite and PostgreSQL: an English query finds the
Russian texts, a Russian one the English titles, through the glossary the package ships; a
record is found by its title or by the sentence its source is cited for."""

from __future__ import annotations

import pytest

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.domain.extraction.language import words
from tracker.domain.glossary import entries, phrase, widen


@pytest.fixture
def curated(cli: Invoke) -> Invoke:
    assert cli("init").exit_code == 0
    return cli


def _csv(result_output: str) -> list[str]:
    return result_output.splitlines()


def test_an_english_term_finds_the_russian_texts(curated: Invoke) -> None:
    result = curated("search", "water", "--kind", "source", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "kind,slug,field,snippet\n"
        "source,centralasia-2025-11-15,text,Рациональное использование водных ресурсов "
        "трансграничных рек становится ключевым фактором благополучия обеих стран.\n"
        'source,kazpravda-informal-meeting-almaty,text,"Собеседники обстоятельно обсудили '
        "перспективы взаимодействия в политической, торгово-экономической, "
        "транспортно-транзитной, инвестиционной, энергетической и водной сферах, а также в "
        'промышленной кооперации и туризме."\n'
        'source,nur-kz-2025-10-09,text,"Добавим, на саммите ""Центральная Азия - Россия"" '
        "президент подчеркнул важность реализации Межгосударственной программы по сохранению "
        'водных ресурсов Каспия."\n'
        "source,toyirov-state-visit-analysis,text,подписанный договор о совместном управлении "
        "трансграничными водными объектами.\n"
    )


def test_a_russian_term_finds_the_english_titles(curated: Invoke) -> None:
    result = curated("search", "ТОВАРООБОРОТА", "--kind", "agreement", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "kind,slug,field,snippet\n"
        "agreement,kz-uz-trade-10bn-programme,title,Programme to increase mutual trade turnover "
        "to $10bn by 2030\n"
    )
    border = curated("search", "граница", "--kind", "agreement", "--format", "csv")
    assert border.stdout == (
        "kind,slug,field,snippet\n"
        "agreement,kz-uz-agreement-border-radio-frequencies,title,Agreement on coordinating the "
        "use of radio frequencies in border areas\n"
        "agreement,kz-uz-treaty-border-demarcation,title,Treaty on the demarcation of the "
        "Uzbek-Kazakh state border\n"
    )


def test_capitals_in_the_text_and_the_query_do_not_matter(curated: Invoke) -> None:
    """Договор begins a sentence: PostgreSQL's lower() and SQLite's casefold() both fold it."""
    result = curated("search", "ДОГОВОР", "--kind", "source", "--format", "csv")
    slugs = [line.split(",")[1] for line in _csv(result.stdout)[1:]]
    assert slugs == ["nematov-ismi-commentary", "toyirov-state-visit-analysis"]


def test_a_treaty_is_not_an_arrangement(curated: Invoke) -> None:
    """The stemmer gives "договорились" (agreed) the stem of "договор" (treaty); the glossary
    names the noun's forms, so the headline saying they agreed is not a treaty."""
    result = curated("search", "treaty", "--kind", "source", "--format", "csv")
    assert result.exit_code == 0, result.output
    slugs = [line.split(",")[1] for line in _csv(result.stdout)[1:]]
    assert slugs == ["nematov-ismi-commentary", "toyirov-state-visit-analysis"]


def test_a_record_is_found_by_the_sentence_it_is_cited_for(curated: Invoke) -> None:
    result = curated("search", "напомнил", "--kind", "figure", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "kind,slug,field,snippet\n"
        'figure,kz-ru-border-length,citation,"Он напомнил, что граница между странами самая '
        'протяженная в мире - 7 591 км."\n'
    )


def test_search_writes_nothing_and_still_refuses_an_empty_query(
    curated: Invoke, db_url: str
) -> None:
    before = database_state(db_url)
    assert curated("search", "пингвины water").stdout == "nothing matches 'пингвины water'\n"
    empty = curated("search", "?!")
    assert (empty.exit_code, empty.stdout) == (2, "")
    assert empty.stderr == "tracker: error: TEXT: '?!' has no word to search for\n"
    assert database_state(db_url) == before


# ---- the glossary ------------------------------------------------------------------------------


def test_the_glossary_ships_in_the_package_with_both_languages() -> None:
    concepts = entries()
    assert len(concepts) >= 40
    for concept in concepts:
        latin = [p for p in concept if p[0].text.isascii()]
        assert latin, concept  # English
        assert len(latin) < len(concept), concept  # and Russian


def test_a_phrase_widens_to_its_translations_and_the_longest_term_wins() -> None:
    (turnover,) = widen(words("trade turnover"))
    assert phrase("товарооборот*") in turnover
    assert phrase("торгов*") not in turnover  # "trade" alone is another concept
    (trade,) = widen(words("trade"))
    assert phrase("торгов*") in trade
    assert [len(group) for group in widen(words("пингвины"))] == [1]


def test_forms_prefixes_and_stems_match_as_written() -> None:
    (treaty,) = phrase("договор(|а|ом)")
    assert [treaty.matches(w) for w in words("договор Договором договорились")] == [
        True,
        True,
        False,
    ]
    (water,) = phrase("водн*")
    assert [water.matches(w) for w in words("водных водород")] == [True, False]
    (visits,) = phrase("visits")
    assert visits.matches(words("visit")[0])
