"""Countries by code or by name in English, Russian or any language pycountry translates,
wherever a country is accepted; several --pair at once, with a pair column."""

from __future__ import annotations

import gettext
from pathlib import Path

import pycountry
import pytest

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.cli.options import places
from tracker.domain.countries import normal
from tracker.domain.inputs import COUNTRY_ACCEPTED, parse_country, parse_pair
from tracker.errors import InvalidValue

# ---- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KZ", "KZ"),
        ("uzb", "UZ"),
        ("Kazakhstan", "KZ"),
        ("Russia", "RU"),
        ("Казахстан", "KZ"),
        ("казахстан", "KZ"),
        ("Узбекистан", "UZ"),
        ("Российская Федерация", "RU"),
        ("Соединенные Штаты", "US"),  # ё written as е
        ("Исламская Республика Иран", "IR"),  # the catalogue's stress mark, not typed
        ("Гвинея-Бисау", "GW"),
        ("Россия", "RU"),  # short names the standard lacks
        ("РФ", "RU"),
        ("Кыргызстан", "KG"),
        ("Kasachstan", "KZ"),  # German
        ("Kazajistán", "KZ"),  # Spanish
        ("Kazajistan", "KZ"),  # without the accent
        ("Ouzbékistan", "UZ"),  # French
        ("Oʻzbekiston", "UZ"),  # Uzbek
    ],
)
def test_a_country_by_code_or_name_in_any_language(text: str, code: str) -> None:
    assert parse_country(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Казахстана", "KZ"),
        ("Казахстаном", "KZ"),
        ("Узбекистане", "UZ"),
        ("России", "RU"),
        ("Россией", "RU"),
        ("Российской Федерации", "RU"),
        ("Республики Казахстан", "KZ"),
        ("Киргизии", "KG"),
        ("Туркменистану", "TM"),
        ("Китаю", "CN"),
    ],
)
def test_russian_case_forms_name_their_country(text: str, code: str) -> None:
    assert parse_country(text).code == code


def test_every_english_and_russian_name_of_every_country_names_it() -> None:
    """Exact names in both languages of the data; a name two countries share (in the
    catalogues) is refused as ambiguous, naming both, never read as the wrong one."""
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for country in pycountry.countries:
        for key in ("name", "common_name", "official_name"):
            english = getattr(country, key, None)
            if not english:
                continue
            for name in (english, russian.gettext(english)):
                try:
                    read = parse_country(name).code
                except InvalidValue as error:
                    message = str(error)
                    ambiguous = "ambiguous" in message and f"{country.alpha_2} (" in message
                    read = country.alpha_2 if ambiguous else message
                assert read == country.alpha_2, name


def test_a_party_keeps_its_english_name_whatever_language_named_it() -> None:
    assert parse_country("Казахстана") == parse_country("KZ")
    assert parse_country("Казахстана").name == "Kazakhstan"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Нарния", f"--party: unknown country 'Нарния'; {COUNTRY_ACCEPTED}"),
        ("Narnia", f"--party: unknown country 'Narnia'; {COUNTRY_ACCEPTED}"),
        ("  ", f"--party: unknown country '  '; {COUNTRY_ACCEPTED}"),
        ("Корея", "--party: ambiguous country 'Корея'; did you mean KP (North Korea), "
                  "KR (South Korea)?"),
        ("Korea", "--party: ambiguous country 'Korea'; did you mean KP (North Korea), "
                  "KR (South Korea)?"),
        # Нигер and Нигерия share their case forms: only the exact names tell them apart.
        ("Нигерии", "--party: ambiguous country 'Нигерии'; did you mean NE (Niger), "
                    "NG (Nigeria)?"),
    ],
)  # fmt: skip
def test_unknown_and_ambiguous_names_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_country(text, "--party")
    assert str(raised.value) == message


def test_names_compare_without_case_accents_or_e_with_diaeresis() -> None:
    assert normal("Соединённые  Штаты") == normal("соединенные штаты") == "соединенные штаты"
    assert normal("Респу́блика") == "республика"
    assert normal("Китай") == "китай"  # й stays й


# ---- pairs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("KZ-UZ", ("KZ", "UZ")),
        ("Казахстан-Узбекистан", ("KZ", "UZ")),
        ("Узбекистан-Kazakhstan", ("UZ", "KZ")),
        ("Казахстан – Россия", ("KZ", "RU")),  # an en dash, spaced
        ("Гвинея-Бисау-Казахстан", ("GW", "KZ")),  # the hyphen that splits into two countries
        ("Казахстана-России", ("KZ", "RU")),
    ],
)
def test_a_pair_by_codes_or_names(text: str, pair: tuple[str, str]) -> None:
    assert parse_pair(text) == pair


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("KZ", "--pair: 'KZ' is not a pair; write two country codes, e.g. KZ-UZ"),
        ("Казахстан-Казахстана", "--pair: 'Казахстан-Казахстана' names the same country twice"),
        ("Казахстан-Нарния", f"--pair: unknown country 'Нарния'; {COUNTRY_ACCEPTED}"),
        ("Нарния-Гвинея-Бисау", "--pair: 'Нарния-Гвинея-Бисау' does not split into two "
         "countries; accepted: two codes or names, e.g. KZ-UZ or Казахстан-Узбекистан"),
    ],
)  # fmt: skip
def test_bad_pairs_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_pair(text)
    assert str(raised.value) == message


# ---- on the command line, in records files, and several pairs at once -------------------------


@pytest.fixture
def named(cli: Invoke) -> Invoke:
    """Records whose parties were typed as names, in Russian, German and English."""
    for args in (
        ["init", "--empty"],
        ["add", "figure", "--title", "Jobs", "--slug", "kz-uz-jobs", "--value", "15000",
         "--unit", "jobs", "--date", "2025-11-15", "--party", "Казахстан",
         "--party", "Узбекистана"],
        ["add", "figure", "--title", "Border", "--slug", "kz-ru-border", "--value", "7591",
         "--unit", "km", "--date", "2025-10-09", "--party", "Российская Федерация",
         "--party", "Kasachstan"],
        ["add", "figure", "--title", "Growth", "--slug", "kz-growth", "--value", "5",
         "--unit", "percent", "--party", "Kazakhstan"],
        ["add", "event", "--title", "Summit", "--slug", "summit", "--kind", "summit",
         "--date", "2025-10-09", "--host", "Россия", "--party", "Казахстан", "--party", "России"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return cli


def test_names_in_any_language_are_stored_as_codes(named: Invoke) -> None:
    result = named("list", "figures", "--country", "Казахстана", "--format", "csv")
    assert result.stdout == (
        "slug,value,value_unit,value_qualifier,date,parties,title\n"
        "kz-uz-jobs,15000,jobs,exact,2025-11-15,KZ; UZ,Jobs\n"
        "kz-ru-border,7591,km,exact,2025-10-09,KZ; RU,Border\n"
        "kz-growth,5,percent,exact,,KZ,Growth\n"
    )
    event = named("list", "events", "--pair", "Россия-Казахстан", "--format", "json")
    assert '"host": "RU"' in event.stdout
    assert '"parties": [\n      "KZ",\n      "RU"\n    ]' in event.stdout


def test_a_pair_by_names_lists_what_the_codes_list(named: Invoke) -> None:
    by_names = named("list", "figures", "--pair", "Узбекистан-Казахстан")
    assert by_names.exit_code == 0, by_names.output
    assert by_names.stdout == named("list", "figures", "--pair", "KZ-UZ").stdout
    assert by_names.stdout == (
        "slug        value        date         parties    title\n"
        "----------  -----------  -----------  ---------  -------\n"
        "kz-uz-jobs  15,000 jobs  15 Nov 2025  KZ, UZ     Jobs\n"
    )


def test_several_pairs_list_with_a_pair_column(named: Invoke) -> None:
    result = named("list", "figures", "--pair", "KZ-UZ", "--pair", "Казахстан – Россия")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "pair    slug          value        date         parties    title\n"
        "------  ------------  -----------  -----------  ---------  -------\n"
        "KZ-UZ   kz-uz-jobs    15,000 jobs  15 Nov 2025  KZ, UZ     Jobs\n"
        "KZ-RU   kz-ru-border  7,591 km     9 Oct 2025   KZ, RU     Border\n"
    )
    as_json = named("list", "figures", "--pair", "KZ-UZ", "--pair", "KZ-RU", "--format", "json")
    assert as_json.stdout.count('"pair": "KZ-UZ"') == 1
    assert as_json.stdout.count('"pair": "KZ-RU"') == 1


def test_several_pairs_in_reports_with_a_pair_column(named: Invoke) -> None:
    pairs = ["--pair", "KZ-UZ", "--pair", "Казахстан-Россия", "--format", "csv"]
    figures = named("report", "figures", *pairs)
    assert figures.stdout == (
        "pair,measure,value,value_unit,value_qualifier,date,title,sources\n"
        "KZ-RU,kz-ru-border,7591,km,exact,2025-10-09,Border,\n"
        "KZ-UZ,kz-uz-jobs,15000,jobs,exact,2025-11-15,Jobs,\n"
    )
    timeline = named("report", "timeline", *pairs)
    assert timeline.stdout == (
        "pair,date,what,title,slug\nKZ-RU,2025-10-09,summit,Summit,event summit\n"
    )
    one = named("report", "timeline", "--pair", "Казахстан-Россия", "--format", "csv")
    assert one.stdout == "date,what,title,slug\n2025-10-09,summit,Summit,event summit\n"


def test_a_records_file_names_parties_in_russian(named: Invoke, tmp_path: Path) -> None:
    records = tmp_path / "records.yaml"
    records.write_text(
        "format: tracker/1\n"
        "figures:\n"
        "  - {slug: uz-kg-trade, title: Trade, value: 1, unit: USD, "
        "parties: [Узбекистан, Киргизия]}\n",
        encoding="utf-8",
    )
    assert named("import", str(records)).exit_code == 0
    listed = named("list", "figures", "--pair", "Кыргызстан-Узбекистан", "--format", "csv")
    assert listed.stdout.splitlines()[1:] == ["uz-kg-trade,1,USD,exact,,KG; UZ,Trade"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "figures", "--country", "Нарния"],
         f"--country: unknown country 'Нарния'; {COUNTRY_ACCEPTED}"),
        (["list", "figures", "--pair", "Казахстан-Нарния"],
         f"--pair: unknown country 'Нарния'; {COUNTRY_ACCEPTED}"),
        (["report", "targets", "--pair", "KZ-UZ", "--pair", "Корея-KZ"],
         "--pair: ambiguous country 'Корея'; did you mean KP (North Korea), KR (South Korea)?"),
        (["add", "figure", "--title", "X", "--value", "1", "--unit", "jobs",
          "--party", "Казахстан", "--party", "Корея"],
         "--party: ambiguous country 'Корея'; did you mean KP (North Korea), KR (South Korea)?"),
        (["add", "event", "--title", "X", "--kind", "summit", "--host", "Нарнии"],
         f"--host: unknown country 'Нарнии'; {COUNTRY_ACCEPTED}"),
    ],
)  # fmt: skip
def test_unknown_or_ambiguous_names_are_one_line_and_write_nothing(
    named: Invoke, db_url: str, args: list[str], message: str
) -> None:
    before = database_state(db_url)
    result = named(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"tracker: error: {message}\n"
    assert database_state(db_url) == before


def test_a_record_of_several_asked_pairs_names_them_all() -> None:
    asked = places(None, ["KZ-UZ", "Узбекистан-Казахстан", "Казахстан-Россия"])
    assert asked.pairs == (("KZ", "UZ"), ("KZ", "RU"))  # UZ-KZ is KZ-UZ again
    assert asked.pair_labels(["KZ", "RU", "UZ"]) == "KZ-UZ, KZ-RU"
    assert asked.pair_labels(["KZ", "CN"]) == ""
    single = places(["Китай"], ["Казахстан-Узбекистан"])
    assert (single.countries, single.pairs) == (("CN", "KZ", "UZ"), ())  # all three, no column
