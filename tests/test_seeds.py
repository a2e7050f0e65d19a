"""The curated dataset: verbatim quotes, dates only as the texts give them, idempotent
loading, and `tracker check` catching every kind of damage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from tests.conftest import Invoke
from tests.helpers import REPO, SEEDS, database_state
from tracker.services.curation.quotes import quote_in_text
from tracker.services.store.revision import SCHEMA_HEAD

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def curated() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((SEEDS / "records.yaml").read_text("utf-8"))
    return document


def all_citations(node: Any) -> list[dict[str, str]]:
    if isinstance(node, dict):
        found = [node] if set(node) == {"source", "quote"} else []
        return found + [c for value in node.values() for c in all_citations(value)]
    if isinstance(node, list):
        return [c for item in node for c in all_citations(item)]
    return []


def test_every_quote_is_verbatim_in_its_source_file() -> None:
    document = curated()
    texts = {s["slug"]: (SEEDS / s["file"]).read_text("utf-8") for s in document["sources"]}
    citations = all_citations({k: v for k, v in document.items() if k != "sources"})
    assert len(citations) > 40
    missing = [c for c in citations if not quote_in_text(c["quote"], texts[c["source"]])]
    assert missing == []


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_seed_texts_are_the_shared_texts_unchanged() -> None:
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert shared == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in shared:
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_dates_are_only_those_the_texts_give() -> None:
    document = curated()
    dated = {
        r["slug"]: r.get("date") for section in ("events", "figures") for r in document[section]
    }
    # The informal meeting's article is undated; 15.02.2026 belongs to unrelated headlines.
    assert dated["kz-uz-informal-meeting-almaty"] is None
    assert "2026-02-15" not in json.dumps(document, default=str)
    # "15 ноября" and the year of the text's own date: the year is inferred, hence "?".
    assert dated["kz-uz-supreme-interstate-council-2"] == "2025-11-15?"
    assert dated["central-asia-russia-summit-2"] == "2025-10-09?"
    assert dated["central-asia-russia-summit-1"] == "2022?"  # "три года назад" from 2025-10-09
    # Undated in its text; the day of the council meeting it included, inferred and marked.
    assert dated["kz-uz-state-visit-uzbekistan"] == "2025-11-15?"
    visit = next(e for e in document["events"] if e["slug"] == "kz-uz-state-visit-uzbekistan")
    assert "kz-uz-supreme-interstate-council-2" in visit["note"]
    # "По данным текущего года": January to about November of the undated text's year.
    assert dated["kz-uz-trade-turnover-2025-ytd"] == "2025-01/2025-11?"
    # A date no quote states carries "?", and its note says why.
    for section in ("events", "figures"):
        for record in document[section]:
            if record.get("date") and "?" in record["date"]:
                assert record.get("note"), record["slug"]
    programme = next(a for a in document["agreements"] if a["slug"] == "kz-uz-trade-10bn-programme")
    assert programme["status_history"][0]["date"] == "2025-03-15?"  # "15 марта этого года"
    assert "resolved against" in programme["status_history"][0]["note"]


def test_the_package_of_documents_is_one_record_per_item() -> None:
    agreements = {a["slug"]: a for a in curated()["agreements"]}
    package = [
        a for a in agreements.values() if "пакетная база" in json.dumps(a, ensure_ascii=False)
    ]
    assert len(package) == 12  # 5 agreements, 5 plans, the cities' agreements, the companies'
    assert {a["kind"] for a in package} == {"agreement", "framework_agreement", "plan"}
    # "была утверждена обширная пакетная база соглашений": approved, as the text says.
    assert all(a["status_history"][-1]["status"] == "approved" for a in package)
    assert len(agreements) == 17


def test_one_record_per_fact_across_texts() -> None:
    document = curated()
    council = next(
        e for e in document["events"] if e["slug"] == "kz-uz-supreme-interstate-council-2"
    )
    assert {c["source"] for c in council["citations"]} == {
        "centralasia-2025-11-15",
        "toyirov-state-visit-analysis",
    }
    [target] = document["targets"]
    assert {c["source"] for c in target["citations"]} == {
        "centralasia-2025-11-15",
        "toyirov-state-visit-analysis",
    }
    titles = [
        r["title"] for s in ("events", "agreements", "initiatives", "figures") for r in document[s]
    ]
    assert len(titles) == len(set(titles))


@pytest.fixture
def seeded(cli: Invoke) -> Invoke:
    result = cli("init")
    assert result.exit_code == 0, result.output
    return cli


def test_init_then_check_pass_and_lists_show_the_curated_records(seeded: Invoke) -> None:
    check = seeded("check")
    assert check.exit_code == 0, check.output
    assert check.stdout == "ok: 138 citations verified, no problems\n"
    counts = {
        kind: len(json.loads(seeded("list", kind, "--format", "json").stdout))
        for kind in ("sources", "events", "agreements", "initiatives", "targets", "figures")
    }
    assert counts == {"sources": 5, "events": 14, "agreements": 17, "initiatives": 17,
                      "targets": 1, "figures": 7}  # fmt: skip
    [target] = json.loads(seeded("list", "targets", "--format", "json").stdout)
    assert (target["target_value"], target["unit"], target["deadline"]) == (10**10, "USD", "2030")
    assert target["measure"] == "kz-uz-trade-turnover"
    series = json.loads(
        seeded("show", "figure", "kz-uz-trade-turnover-2025-ytd", "--format", "json").stdout
    )
    assert (series["measure"], series["unit"]) == (target["measure"], target["unit"])
    assert (series["value"], series["period"]) == (4 * 10**9, "ytd")


def test_seed_load_is_idempotent(seeded: Invoke, db_url: str) -> None:
    before = database_state(db_url)
    again = seeded("seed", "load")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].split() == ["total", "0", "0", "61"]
    assert database_state(db_url) == before


def test_seed_load_restores_a_changed_record(seeded: Invoke) -> None:
    assert seeded("edit", "figure", "kz-ru-border-length", "--value", "7592").exit_code == 0
    reloaded = seeded("seed", "load")
    assert "figure      0          1          6" in reloaded.stdout
    shown = json.loads(seeded("show", "figure", "kz-ru-border-length", "--format", "json").stdout)
    assert shown["value"] == 7591


def test_dry_run_writes_nothing(cli: Invoke, db_url: str) -> None:
    assert cli("init", "--empty").exit_code == 0
    before = database_state(db_url)
    result = cli("seed", "load", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "total       61         0          0\ndry run: nothing was written\n"
    )
    assert database_state(db_url) == before


def test_init_empty_has_no_records(cli: Invoke) -> None:
    assert cli("init", "--empty").exit_code == 0
    assert cli("list", "agreements").stdout == "no agreements\n"


def test_the_first_command_on_a_missing_default_database_loads_the_seeds(
    run: Invoke, tmp_path: Path
) -> None:
    result = run("list", "targets", "--format", "json")
    assert result.exit_code == 0, result.output
    default = tmp_path / "user-data" / "tracker" / "tracker.db"
    assert result.stderr == (
        f"tracker: created a new database at {default} (schema {SCHEMA_HEAD}) "
        "with the curated dataset (61 records)\n"
    )
    assert [t["slug"] for t in json.loads(result.stdout)] == ["kz-uz-trade-10bn-by-2030"]
    assert run("check").exit_code == 0


def test_a_broken_seed_file_names_file_record_and_field(
    seeded: Invoke, db_url: str, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for source in SEEDS.glob("*.txt"):
        (broken / source.name).write_bytes(source.read_bytes())
    document = (SEEDS / "records.yaml").read_text("utf-8")
    damaged = document.replace(
        'date: "2025-11-15?"\n    place: Tashkent', 'date: "2025-11-31?"\n    place: Tashkent'
    )
    assert damaged != document
    (broken / "records.yaml").write_text(damaged)
    before = database_state(db_url)
    result = seeded("seed", "load", str(broken))
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: records.yaml: events[2] kz-uz-supreme-interstate-council-2: date: "
        "'2025-11-31?': day must be 01-30 in 2025-11\n"
    )
    assert database_state(db_url) == before


DAMAGE = [
    # The meeting's second quote: the first is the one that names its parties.
    ("UPDATE citations SET quote = 'words nobody wrote' WHERE id = 18",
     "event kz-uz-informal-meeting-almaty: quote not found in source "
     "kazpravda-informal-meeting-almaty: 'words nobody wrote'"),
    ("UPDATE sources SET text = text || ' edited' WHERE slug = 'nematov-ismi-commentary'",
     "source nematov-ismi-commentary: text no longer matches its SHA-256"),
    ("DELETE FROM citations WHERE figure_id = "
     "(SELECT id FROM figures WHERE slug = 'kz-ru-border-length')",
     "figure kz-ru-border-length: has no citation"),
    # A step that is cited and marked as inferred, so that its order is the one problem.
    (("INSERT INTO agreement_statuses (agreement_id, status, date, date_lower, date_upper) "
      "SELECT id, 'ratified', '2025-01?', '2025-01-01', '2025-01-31' FROM agreements "
      "WHERE slug = 'kz-uz-trade-10bn-programme'",
      "INSERT INTO citations (source_id, status_id, quote) SELECT s.id, st.id, "
      "'которая была подписана 15 марта этого года' FROM sources s, agreement_statuses st "
      "WHERE s.slug = 'centralasia-2025-11-15' AND st.status = 'ratified'"),
     "agreement kz-uz-trade-10bn-programme: status history out of order: ratified on 2025-01? "
     "is before signed on 2025-03-15?; a later stage cannot come first"),
    ("UPDATE targets SET deadline = '2020', deadline_lower = '2020-01-01', "
     "deadline_upper = '2020-12-31'",
     "target kz-uz-trade-10bn-by-2030: deadline 2020 is before its base date"),
    ("UPDATE figures SET date = NULL, date_lower = NULL, date_upper = NULL "
     "WHERE slug = 'kz-ru-border-length'",
     "figure kz-ru-border-length: has no date, but its source is dated"),
]  # fmt: skip


@pytest.mark.parametrize(("damage", "problem"), DAMAGE)
def test_check_lists_each_problem(
    seeded: Invoke, db_engine: Engine, damage: str | tuple[str, ...], problem: str
) -> None:
    with db_engine.begin() as connection:
        for statement in (damage,) if isinstance(damage, str) else damage:
            connection.execute(text(statement))
    result = seeded("check")
    assert result.exit_code == 1
    assert result.stdout == f"{problem}\n"
    assert result.stderr == "1 problem(s) found\n"
