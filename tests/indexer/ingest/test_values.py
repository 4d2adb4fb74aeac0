"""Values a source states itself: each is checked; a bad one costs itself (a warning)
or, for an id, its record (an error), never the file; nothing unprintable gets through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import run_cli

from migsearch.errors import IngestError
from migsearch.indexer.ingest.jsonl import iter_jsonl, jsonl_lines, lines_to_records
from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.ingest.values import (
    MAX_ID_CHARS,
    MAX_RECORD_CHARS,
    Warnings,
    clean_text,
    date_value,
    id_value,
    names_value,
    text_value,
    url_value,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("a1", "a1"), ("  padded ", "padded"), (42, "42"), ("s\udfff", "s\ufffd"), ("", None)],
)
def test_ids_are_strings_or_whole_numbers(given: object, expected: str | None) -> None:
    assert id_value(given, "f:1") == expected
    assert id_value(None, "f:1") is None


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (["a", "b"], "id must be a string or a whole number, not a list"),
        ({"x": 1}, "id must be a string or a whole number, not an object"),
        (True, "id must be a string or a whole number, not true"),
        (1.5, "id must be a string or a whole number, not 1.5"),
        (float("nan"), "not a number that is not finite"),
        ("a\nb", "id holds a control character"),
        (
            "x" * (MAX_ID_CHARS + 1),
            f"id is {MAX_ID_CHARS + 1} characters long, over {MAX_ID_CHARS}",
        ),
    ],
)
def test_an_unusable_id_is_an_error_of_its_record(given: object, reason: str) -> None:
    with pytest.raises(IngestError) as e:
        id_value(given, "f.jsonl:3")
    assert str(e.value).startswith("f.jsonl:3: ") and reason in str(e.value)


def test_text_values_are_strings_or_numbers_and_printable() -> None:
    w = Warnings("f:2")
    assert text_value("  Migrant\u0000 fishers\u0007 ", "title", w) == "Migrant fishers"
    assert text_value("a\n\n b\t c", "title", w, one_line=True) == "a b c"
    assert text_value("line one\nline two", "text", w) == "line one\nline two"
    assert text_value(2020, "title", w) == "2020"
    assert text_value("bad \ud800 x", "text", w) == "bad \ufffd x"
    assert w.messages == []
    assert text_value(["x"], "title", w) == "" and text_value(True, "summary", w) == ""
    assert text_value(float("inf"), "type", w) == ""
    assert w.messages == [
        "f:2: title must be text, not a list; ignored",
        "f:2: summary must be text, not true; ignored",
        "f:2: type must be text, not a number that is not finite; ignored",
    ]


def test_clean_text_leaves_tabs_and_line_breaks_and_any_printable_character() -> None:
    assert clean_text("a\tb\r\nc é 中 \u2028") == "a\tb\r\nc é 中 \u2028"
    assert clean_text("\x1b[31mred\x9b") == "[31mred"
    assert clean_text("\udfff") == "\ufffd"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://www.ilo.org/x?y=1", True),
        ("http://example.org", True),
        ("ftp://ftp.example.org/a.pdf", True),
        ("javascript:alert(1)", False),
        ("www.ilo.org/x", False),
        ("/relative/path", False),
        ("https://", False),
        ("https://exa mple.org", False),
        (99, False),
        (["https://a.org"], False),
    ],
)
def test_urls_are_web_addresses_or_dropped_with_a_warning(given: object, kept: bool) -> None:
    w = Warnings("f:4")
    got = url_value(given, w)
    assert (got == given) if kept else got is None
    assert len(w.messages) == (0 if kept else 1)
    if not kept:
        assert w.messages[0].startswith("f:4: url ") and w.messages[0].endswith("; dropped")


def test_dates_are_validated_with_a_warning_not_dropped_in_silence() -> None:
    w = Warnings("f:5")
    assert date_value("2020-09-01T00:00:00Z", w) == "2020-09-01"
    assert date_value(2014, w) == "2014"
    assert date_value("3 May 2021", w) == "2021-05-03"
    assert w.messages == []
    assert date_value("not a date", w) is None
    assert date_value("2099-12-31", w) is None
    assert date_value({"original": "2020"}, w) is None
    assert date_value(True, w) is None
    assert w.messages == [
        "f:5: date 'not a date' is not a date; the record is undated",
        "f:5: date 2099-12-31 is in the future; the record is undated",
        "f:5: date must be a date, not an object; the record is undated",
        "f:5: date must be a date, not true; the record is undated",
    ]


def test_country_and_theme_lists_hold_names_only() -> None:
    w = Warnings("f:6")
    assert names_value(["Qatar", "np"], "countries", w) == ["Qatar", "np"]
    assert names_value("Qatar; Nepal", "countries", w) == "Qatar; Nepal"
    assert w.messages == []
    assert names_value(42, "countries", w) == []
    assert names_value(["Qatar", 1, None, {"x": 1}], "themes", w) == ["Qatar"]
    assert w.messages == [
        "f:6: countries must be a list of names or a string, not 42; ignored",
        "f:6: themes must hold names only; ignored 1, null, an object",
    ]


def test_a_hostile_jsonl_costs_only_its_bad_values_and_rows(tmp_path: Path) -> None:
    deep: dict = {}
    cur = deep
    for _ in range(500):  # deep enough that turning it into text would overflow the stack
        cur["a"] = {}
        cur = cur["a"]
    rows = [
        json.dumps({"id": "n1", "title": 12345, "text": 678, "countries": 42, "themes": 5}),
        json.dumps({"id": "u", "title": "Url", "text": "x", "url": 99, "date": "soon"}),
        json.dumps({"id": "d", "title": "Deep", "countries": deep, "themes": [deep], "date": deep}),
        json.dumps({"id": ["a", "b"], "title": "List id"}),
        json.dumps({"id": "big", "title": "Big", "text": "x" * (MAX_RECORD_CHARS + 1)}),
        '{"id": "sep", "title": "Separator", "text": "one \u2028 record"}',
    ]
    p = tmp_path / "h.jsonl"
    p.write_text("\n".join(rows) + "\n", "utf-8")
    got = list(extract_paths([p]))
    recs = [r for r in got if not isinstance(r, IngestError)]
    errors = [str(e).split(":", 1)[1] for e in got if isinstance(e, IngestError)]
    assert [r.id for r in recs] == ["n1", "u", "d", "sep"]
    assert (recs[0].title, recs[0].body) == ("12345", "678")
    assert recs[1].url is None and recs[1].date is None
    assert [m.split(": ", 1)[1] for m in recs[1].warnings] == [
        "date 'soon' is not a date; the record is undated",
        "url must be a web address, not 99; dropped",
    ]
    assert len(recs[2].warnings) == 3 and recs[2].countries == []
    assert recs[3].body == "one \u2028 record"  # one record: lines end at \n only
    assert errors == [
        "4: id must be a string or a whole number, not a list",
        f"5: record is {(MAX_RECORD_CHARS + 40) / 1e6:.1f} million characters, over the limit "
        f"of {MAX_RECORD_CHARS / 1e6:.0f} million per record",
    ]
    assert all("\n" not in m for r in recs for m in r.warnings)
    # extract prints each warning on stderr, and the records' JSON holds no warnings field
    cli = run_cli("extract", str(p))
    assert cli.returncode == 0 and "Traceback" not in cli.stderr
    printed = [json.loads(line) for line in cli.stdout.split("\n") if line]
    assert [r["id"] for r in printed] == ["n1", "u", "d", "sep"]
    assert all("warnings" not in r for r in printed)
    warned = [line for line in cli.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warned) == sum(len(r.warnings) for r in recs) == 2 + 2 + 3


def test_lines_travel_as_text_and_parse_as_rows_do() -> None:
    text = '{"id": "a", "title": "A"}\n\n  \n{"id": "b", "title": "B"}\r\n[1]\n'
    lines = list(jsonl_lines(text))
    assert [n for n, _ in lines] == [1, 4, 5]
    recs, errors = lines_to_records("f.jsonl", lines)
    assert [r.id for r in recs] == ["a", "b"]
    assert [str(e) for e in errors] == ["f.jsonl:5: a record must be a JSON object"]
    assert [type(r) for r in iter_jsonl("f.jsonl", text)][:2] == [tuple, tuple]


def test_reliefweb_values_are_checked_too(tmp_path: Path) -> None:
    export = {
        "country": "Haiti",
        "reports": [
            {"reliefweb_id": ["1"], "title": "List id"},
            {"reliefweb_id": 2, "title": {"t": 1}, "url": 5, "date": {"original": "nope"}},
            {"reliefweb_id": "3", "title": "Fine", "url": "https://reliefweb.int/node/3",
             "date": "2020-01-01"},
        ],
    }  # fmt: skip
    p = tmp_path / "rw.json"
    p.write_text(json.dumps(export), "utf-8")
    got = list(extract_paths([p]))
    recs = [r for r in got if not isinstance(r, IngestError)]
    [err] = [str(e) for e in got if isinstance(e, IngestError)]
    assert err.endswith(":report 1: id must be a string or a whole number, not a list")
    assert [r.id for r in recs] == ["reliefweb-2", "reliefweb-3"]
    assert recs[0].title == "(untitled)" and recs[0].url is None and recs[0].date is None
    assert [m.split(": ", 1)[1] for m in recs[0].warnings] == [
        "url must be a web address, not 5; dropped",
        "title must be text, not an object; ignored",
        "date.original 'nope' is not a date; the record is undated",
    ]
    undated = "date must be an object with an 'original' date; the record is undated"
    assert recs[1].warnings == [f"{p}:report 3: {undated}"]
    assert all(r.primary_country == "HTI" for r in recs)
