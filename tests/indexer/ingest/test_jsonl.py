"""JSON sources: a bad row costs that row, never the file or the run, and is reported."""

from __future__ import annotations

import json
from pathlib import Path

from support import run_cli

from migsearch.errors import IngestError
from migsearch.indexer.ingest.jsonl import iter_json_list, iter_jsonl, rows_to_records
from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.store.writer import build_index

HOSTILE_ROWS = [
    {"id": "a", "title": "Kafala in Qatar", "text": "x", "countries": 5, "themes": 3, "type": 7},
    {"id": "b", "title": "Fine", "text": "Filipino domestic workers.", "countries": "np;QA"},
    {"id": {"nested": 1}, "title": "Bad id"},
    [1, 2],
    {"title": "", "text": ""},
]


def test_rows_of_any_json_type_give_a_record_or_a_one_line_error() -> None:
    text = "\n".join(json.dumps(r) for r in HOSTILE_ROWS) + "\n{oops\n"
    recs, errors = rows_to_records("f.jsonl", iter_jsonl("f.jsonl", text))
    assert [r.id for r in recs] == ["a", "b"]
    # a number where a list of names is expected is dropped with a warning, the record kept
    assert recs[0].countries == ["QAT"] and recs[0].type == "7"
    assert recs[0].warnings == [
        "f.jsonl:1: countries must be a list of names or a string, not 5; ignored",
        "f.jsonl:1: themes must be a list of names or a string, not 3; ignored",
    ]
    assert recs[1].countries[:2] == ["NPL", "QAT"] and recs[1].warnings == []
    assert [str(e) for e in errors] == [
        "f.jsonl:3: id must be a string or a whole number, not an object",
        "f.jsonl:4: a record must be a JSON object",
        "f.jsonl:5: record has neither title nor text",
        "f.jsonl:6: invalid JSON (Expecting property name enclosed in double quotes)",
    ]


def test_json_list_items_are_numbered_and_reported() -> None:
    rows = list(iter_json_list("l.json", [{"title": "A"}, 3]))
    assert rows[0] == (1, {"title": "A"})
    assert (
        isinstance(rows[1], IngestError)
        and str(rows[1]) == "l.json:2: a record must be a JSON object"
    )


def test_extract_and_index_report_the_same_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in HOSTILE_ROWS) + "\n", "utf-8")
    lst = tmp_path / "list.json"
    lst.write_text(json.dumps([{"id": "c", "title": "Listed"}, "text", {"x": 1}]), "utf-8")
    got = list(extract_paths([p, lst]))
    recs = [r.id for r in got if not isinstance(r, IngestError)]
    errors = sorted(str(e) for e in got if isinstance(e, IngestError))
    assert recs == ["a", "b", "c"]
    assert len(errors) == 5

    reported: list[str] = []
    for workers in (1, 2):
        reported.clear()
        report = build_index(
            [p, lst], tmp_path / f"ix{workers}", workers=workers, on_error=reported.append
        )
        assert (report.added, report.failed, report.documents) == (3, 5, 3)
        assert sorted(reported) == errors

    cli = run_cli("extract", str(p), str(lst))
    assert cli.returncode == 0, cli.stderr
    assert len(cli.stdout.splitlines()) == 3
    warned = [
        f"warning: {p}:1: {f} must be a list of names or a string, not {n}; ignored"
        for f, n in (("countries", 5), ("themes", 3))
    ]
    skipped = [f"skipped: {e}" for e in errors]
    assert sorted(cli.stderr.splitlines()) == sorted(skipped + warned)
    assert "Traceback" not in cli.stderr


def test_a_source_whose_every_row_is_bad_fails_as_a_whole(tmp_path: Path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text("[1]\n{oops\n", "utf-8")
    [err] = list(extract_paths([p]))
    assert isinstance(err, IngestError) and str(err).endswith(":1: a record must be a JSON object")


def test_jsonl_record_fields_and_given_tags(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text(
        json.dumps(
            {
                "id": "x1",
                "title": "Kafala reform in Qatar",
                "body": "Qatar ended the exit permit under the kafala system.",
                "date": "2020-09-01T00:00:00Z",
                "url": "https://example.org/kafala",
                "countries": ["Qatar", "np"],
                "themes": ["Fair recruitment"],
            }
        )
        + "\n",
        "utf-8",
    )
    [r] = list(extract_paths([p]))
    assert (r.id, r.date, r.url) == ("x1", "2020-09-01", "https://example.org/kafala")
    assert r.countries[:2] == ["QAT", "NPL"]
    assert "fair_recruitment" in r.themes
    assert "GCC" in r.regions


def test_json_nested_too_deeply_is_one_error_not_a_crash(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    lines = tmp_path / "deep.jsonl"
    lines.write_text(deep + "\n" + json.dumps({"id": "ok", "title": "Fine"}) + "\n", "utf-8")
    whole = tmp_path / "deep.json"
    whole.write_text(deep, "utf-8")
    got = list(extract_paths([lines, whole]))
    assert [r.id for r in got if not isinstance(r, IngestError)] == ["ok"]
    assert sorted(str(e).rsplit("/", 1)[1] for e in got if isinstance(e, IngestError)) == [
        "deep.json: invalid JSON (nested too deeply)",
        "deep.jsonl:1: invalid JSON (nested too deeply)",
    ]


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    """A JSON escape such as \\ud800 decodes to no character UTF-8 can write:
    `extract` must still print the record, as `index` stores it."""
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s\\udfff", "title": "bad \\ud800 x", "text": "y"}\n', "utf-8")
    [rec] = list(extract_paths([p]))
    assert (rec.id, rec.title) == ("s\ufffd", "bad \ufffd x")
    cli = run_cli("extract", str(p))
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["title"] == "bad \ufffd x"
