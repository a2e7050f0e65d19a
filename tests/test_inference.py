"""What `tracker check` reads as inferred: a date part, a country or a merge that the
record's own quotes do not give."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Invoke
from tests.helpers import SEEDS
from tracker.services.curation.inference import (
    disagreements,
    unmarked_inferred_date,
    unnamed_countries,
)


@pytest.mark.parametrize(
    ("date", "quote", "missing"),
    [
        ("2025-11-15", "В Ташкенте 15 ноября 2025 года состоялось заседание", None),
        ("2025-11-15", "Об этом сегодня, 15.11.2025, сообщила пресс-служба", None),
        ("2025-11-15", "The council met on November 15, 2025 in Tashkent", None),
        ("2025-11-15", "В Ташкенте 15 ноября состоялось заседание", "the year is"),
        ("2025-03-15", "которая была подписана 15 марта этого года", "the year is"),
        ("2025-03", "подписана в марте 2025 года", None),
        (
            "2025-10-09",
            "Сегодняшняя встреча призвана придать импульс",
            "the year, month and day are",
        ),
        ("2022", "состоявшийся три года назад в Астане", "the year is"),
        ("2024", "В 2024 году успешно проведены показы балета", None),
        ("2025-01/2025-10", "с января по октябрь 2025 года товарооборот", None),
        ("2025-01/2025-10", "товарооборот с начала года достиг $4 млрд", "the year and month are"),
        ("2025?", "По данным текущего года товарооборот увеличился", None),
        ("2025-11~", "в ноябре", None),
        (None, "без даты", None),
    ],
)
def test_a_date_part_no_quote_gives_needs_its_mark(
    date: str | None, quote: str, missing: str | None
) -> None:
    reason = unmarked_inferred_date(date, [quote])
    if missing is None:
        assert reason is None
    else:
        assert reason == (
            f"date {date}: {missing} in none of its quotes; mark the date as inferred ({date}?) "
            "and say how in the note, or cite the sentence that gives it"
        )


def test_countries_are_named_by_name_adjective_or_leader() -> None:
    quotes = [
        "Президент Касым-Жомарт Токаев провел встречу",
        "узбекско-казахстанской государственной границы",
    ]
    assert unnamed_countries(["KZ", "UZ", "RU"], quotes) == ["RU"]
    assert unnamed_countries(["KZ", "UZ"], ["Стороны подтвердили намерение"]) == ["KZ", "UZ"]
    assert unnamed_countries(["org:Uzbekneftegaz"], ["без стран"]) == []


def test_sources_of_one_merged_record_that_disagree_on_date_or_place() -> None:
    found = list(
        disagreements(
            {
                "a": ["Президенты подписали договор 22 декабря в Ташкенте"],
                "b": ["15 ноября в Астане подписан договор"],
                "c": ["Подписан договор о союзнических отношениях"],
            }
        )
    )
    assert found == [
        "its sources give different dates: a 22.12, b 15.11",
        "its sources give different places: a ['ташкент'], b ['астан']",
    ]
    assert list(disagreements({"a": ["15 ноября в Ташкенте"], "b": ["Ташкент, 15 ноября"]})) == []


def test_check_reports_a_merged_record_whose_sources_disagree(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    for slug, seed in (
        ("first", "001_cfe22c3e38d54788.txt"),
        ("second", "003_bf62adc99b1638d5.txt"),
    ):
        made = cli("add", "source", "--title", slug, "--slug", slug, "--file", str(SEEDS / seed))
        assert made.exit_code == 0, made.output
    council = "В Ташкенте 15 ноября состоялось второе заседание Высшего межгосударственного совета"
    opening = (
        "Открытие Международного центра промышленной кооперации «Центральная Азия» стало "
        "ключевым событием визита."
    )
    made = cli(
        "add", "event", "--title", "One visit?", "--kind", "state_visit", "--party", "KZ",
        "--party", "UZ", "--parties-inferred", "--identity-inferred",
        "--cite", f"first:{council}", "--cite", f"second:{opening}",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(cli("show", "event", "one-visit", "-f", "json").stdout)["identity_inferred"]
    assert cli("check").stdout == "ok: 2 citations verified, no problems\n"
    # The second source puts it in Almaty and Astana: the merge is now in doubt.
    quote = (
        "В 2024 году успешно проведены показы балета «Лазги», художественные выставки, форумы "
        "писателей и фестивали молодёжи в Алматы и Астане."
    )
    assert cli("cite", "event", "one-visit", "second", quote).exit_code == 0
    checked = cli("check")
    assert checked.exit_code == 1
    assert checked.stdout == (
        "event one-visit: its sources give different places: first ['ташкент'], "
        "second ['алмат', 'астан']\n"
    )
    assert checked.stderr == "1 problem(s) found\n"
