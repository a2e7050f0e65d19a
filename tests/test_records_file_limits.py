"""Records files are parsed with limits: a YAML alias bomb, deep nesting, huge numbers and
impossible dates are one-line errors naming the file and the line, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import Invoke
from tracker.services.transfer import parsing

HEAD = "format: tracker/1\nevents:\n- slug: summit\n  title: A summit\n  kind: summit\n"


@pytest.fixture
def empty(run: Invoke, tmp_path: Path) -> Invoke:
    db = str(tmp_path / "t.db")
    assert run("--db", db, "init", "--empty").exit_code == 0

    def invoke(*args: str) -> object:
        return run("--db", db, *args)

    return invoke  # type: ignore[return-value]


def _events(tracker: Invoke) -> str:
    return str(tracker("list", "events", "--format", "csv").stdout)


def _refused(tracker: Invoke, tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = _events(tracker)
    result = tracker("import", str(path))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert _events(tracker) == before
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    return str(lines[0]).replace(str(tmp_path) + "/", "")


def _bomb(levels: int = 9) -> str:
    """Nine levels of nine aliases in one flow list: a few hundred bytes for 9^9 strings."""
    inner = ['&a1 [&a0 "lol", ' + ", ".join(["*a0"] * 8) + "]"]
    inner += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(2, levels + 1)]
    return "[" + ", ".join(inner) + "]"


@pytest.mark.parametrize(
    ("where", "line"), [("parties", 6), ("format", 1), ("kind", 5), ("slug", 3)]
)
def test_an_alias_bomb_is_refused_at_the_first_alias_that_stands_for_too_much(
    empty: Invoke, tmp_path: Path, where: str, line: int
) -> None:
    text = HEAD + "  parties: [KZ]\n"
    old = next(row for row in text.splitlines() if row.lstrip("- ").startswith(f"{where}:"))
    text = text.replace(old, old.split(":")[0] + ": " + _bomb())
    assert _refused(empty, tmp_path, f"{where}.yaml", text) == (
        f"tracker: error: {where}.yaml: line {line}: *a4 stands for 7381 values; an alias "
        "may stand for at most 1000, and a file hold 10000 aliases"
    )


def test_anchors_and_aliases_that_share_a_few_values_are_read_as_safe_load_reads_them() -> None:
    text = (
        "format: tracker/1\nevents:\n- slug: a\n  citations: &cites\n  - source: s\n"
        "    quote: q\n- slug: b\n  citations: *cites\n  title: &t A title\n- slug: c\n"
        "  title: *t\n"
    )
    assert parsing.parse_yaml(text, "t") == yaml.safe_load(text)


def test_an_alias_to_no_anchor_is_refused(empty: Invoke, tmp_path: Path) -> None:
    assert _refused(empty, tmp_path, "alias.yaml", HEAD.replace("kind: summit", "kind: *k")) == (
        "tracker: error: alias.yaml: line 5: *k: no such anchor"
    )


def test_too_many_aliases_are_refused(
    empty: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "MAX_ALIASES", 2)
    text = HEAD + "  tags: &t [trade]\n  sectors: *t\n  people: *t\n  note: *t\n"
    assert _refused(empty, tmp_path, "aliases.yaml", text) == (
        "tracker: error: aliases.yaml: line 9: *t stands for 2 values; an alias may stand for "
        "at most 1000, and a file hold 2 aliases"
    )


def test_yaml_nested_too_deep_is_refused(empty: Invoke, tmp_path: Path) -> None:
    text = HEAD + "  note: " + "[" * 40 + "]" * 40 + "\n"
    assert _refused(empty, tmp_path, "deep.yaml", text) == (
        "tracker: error: deep.yaml: line 6: nested deeper than 32 levels"
    )


@pytest.mark.parametrize("depth", [50, 100_000], ids=["within-python", "past-python"])
def test_json_nested_too_deep_is_refused(empty: Invoke, tmp_path: Path, depth: int) -> None:
    """Past Python's recursion limit the parser fails; within it, the walk after it refuses."""
    text = '{"format": "tracker/1", "events": ' + "[" * depth + "]" * depth + "}"
    assert _refused(empty, tmp_path, "deep.json", text) == (
        "tracker: error: deep.json: nested deeper than 32 levels"
    )


def test_a_json_integer_too_long_to_convert_is_refused(empty: Invoke, tmp_path: Path) -> None:
    text = '{"format": "tracker/1", "figures": [{"slug": "x", "value": ' + "9" * 5000 + "}]}"
    message = _refused(empty, tmp_path, "big.json", text)
    assert message.startswith("tracker: error: big.json: not a usable JSON value: ")
    assert "4300" in message


def test_an_unquoted_impossible_yaml_date_gets_the_date_rules_message(
    empty: Invoke, tmp_path: Path
) -> None:
    text = HEAD + "  date: 2025-02-30\n"
    assert _refused(empty, tmp_path, "date.yaml", text) == (
        "tracker: error: date.yaml: events[0] summit: date: '2025-02-30': "
        "day must be 01-28 in 2025-02"
    )


def test_an_unquoted_yaml_date_reads_as_the_quoted_one(
    empty: Invoke, run: Invoke, tmp_path: Path
) -> None:
    plain, quoted = tmp_path / "plain.yaml", tmp_path / "quoted.yaml"
    plain.write_text(HEAD + "  date: 2025-03-15\n", encoding="utf-8")
    quoted.write_text(HEAD + "  date: '2025-03-15'\n", encoding="utf-8")
    assert parsing.parse_yaml(plain.read_text(), "p") == parsing.parse_yaml(quoted.read_text(), "q")
    assert empty("import", str(plain)).exit_code == 0
    assert "2025-03-15" in _events(empty)


def test_a_text_longer_than_any_source_is_refused(
    empty: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "MAX_STRING", 10)
    assert _refused(empty, tmp_path, "long.yaml", HEAD + "  note: " + "x" * 11 + "\n") == (
        "tracker: error: long.yaml: line 6: a text of 11 characters; at most 10"
    )
    record = {"format": "tracker/1", "events": [{"slug": "s", "note": "y" * 11}]}
    assert _refused(empty, tmp_path, "long.json", json.dumps(record)) == (
        "tracker: error: long.json: a text of 11 characters; at most 10"
    )


def test_too_many_values_are_refused(
    empty: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "MAX_ITEMS", 5)
    # Counted a record at a time: the sixth value of the event is on line 5.
    assert _refused(empty, tmp_path, "many.yaml", HEAD) == (
        "tracker: error: many.yaml: line 5: more than 5 values"
    )


def test_a_mapping_key_must_be_a_plain_value(empty: Invoke, tmp_path: Path) -> None:
    assert _refused(empty, tmp_path, "key.yaml", HEAD + "  ? [a, b]\n  : c\n") == (
        "tracker: error: key.yaml: line 6: a mapping key must be a plain value"
    )


def test_values_are_the_safe_loaders_but_for_dates() -> None:
    text = (
        "a: 1\nb: 1.5\nc: true\nd: null\ne: '01'\nf: [x, {g: h}]\ni: 2025-01-02\n"
        "j: !!str 3\nk: ~\nl: 0x1f\nm: |\n  two\n  lines\n"
    )
    expected = yaml.safe_load(text)
    expected["i"] = "2025-01-02"
    assert parsing.parse_yaml(text, "t") == expected


def test_yaml_is_read_with_the_c_parser_where_pyyaml_has_it() -> None:
    loader = parsing._loader_class()
    if yaml.__with_libyaml__:
        assert issubclass(loader, yaml.CSafeLoader)
    else:
        assert issubclass(loader, yaml.SafeLoader)


def test_a_python_object_tag_is_refused(empty: Invoke, tmp_path: Path) -> None:
    text = HEAD + "  note: !!python/object/apply:os.system ['true']\n"
    message = _refused(empty, tmp_path, "tag.yaml", text)
    assert message == (
        "tracker: error: tag.yaml: line 6: the tag tag:yaml.org,2002:python/object/apply:os.system"
        " is not accepted"
    )
    text = HEAD + "  note: !!python/name:os.system ''\n"
    message = _refused(empty, tmp_path, "name.yaml", text)
    assert message.startswith("tracker: error: name.yaml: not valid YAML at line 6: ")


def test_a_second_yaml_document_is_refused(empty: Invoke, tmp_path: Path) -> None:
    # yaml.safe_load refuses it too; reading events, the second document would replace the first.
    assert _refused(empty, tmp_path, "two.yaml", HEAD + "---\n" + HEAD) == (
        "tracker: error: two.yaml: line 6: a second YAML document; a records file holds one"
    )


def test_a_csv_directory_is_read_with_the_same_limits(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "t.db")
    assert run("--db", db, "init").exit_code == 0
    folder = tmp_path / "csv"
    assert run("--db", db, "export", "--format", "csv", "-o", str(folder)).exit_code == 0
    monkeypatch.setattr(parsing, "MAX_ITEMS", 50)
    result = run("--db", db, "import", str(folder))
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {folder}: more than 50 values\n"
    monkeypatch.setattr(parsing, "MAX_ITEMS", 10**9)
    monkeypatch.setattr(parsing, "MAX_STRING", 100)
    result = run("--db", db, "import", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tracker: error: {folder}: a text of ")
    assert result.stderr.endswith(" characters; at most 100\n")
