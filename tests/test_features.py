"""Search features of issue 4: more like this, facets and the year
histogram, export of every hit; through the Python API, CliRunner and a real subprocess."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from support import run_cli

from migsearch.cli import cli
from migsearch.search.engine import SearchIndex


def invoke(*args: str):
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r


# ------------------------------------------------------------------ more like this


def _fishers_id(searcher: SearchIndex) -> str:
    return searcher.search('"migrant fishers"').hits[0].id


def test_similar_on_the_cli(corpus_index, searcher: SearchIndex):
    doc = _fishers_id(searcher)
    r = invoke("similar", doc, "--limit", "3", "--json", "--index", str(corpus_index))
    d = json.loads(r.output)
    assert 0 < len(d["hits"]) <= 3
    assert d["hits"][0]["id"] == searcher.similar(doc, limit=3).hits[0].id
    r = invoke("similar", doc, "--index", str(corpus_index))
    assert "1. " in r.output
    p = run_cli("similar", "no-such-id", "--index", str(corpus_index))
    assert p.returncode != 0
    assert p.stderr.strip().count("\n") == 0 and "no-such-id" in p.stderr


# ------------------------------------------------------------------ facets


def test_facet_options_on_the_cli(corpus_index):
    r = invoke(
        "search",
        "migrant",
        "--json",
        "--facet-limit",
        "2",
        "--year-histogram",
        "--index",
        str(corpus_index),
    )
    d = json.loads(r.output)
    assert len(d["facets"]["countries"]) == 2
    assert [y["value"] for y in d["year_histogram"]] == sorted(
        y["value"] for y in d["year_histogram"]
    )


# ------------------------------------------------------------------ export


def test_export_csv_has_a_header_and_every_hit(corpus_index, searcher: SearchIndex):
    total = searcher.search("migrant").total
    assert total > 10  # more than one page of the CLI's default limit
    r = invoke("search", "migrant", "--format", "csv", "--all", "--index", str(corpus_index))
    rows = list(csv.reader(io.StringIO(r.output)))
    assert rows[0][:3] == ["id", "title", "date"]
    assert len(rows) - 1 == total
    assert len({row[0] for row in rows[1:]}) == total


def test_export_jsonl_streams_every_hit(corpus_index, searcher: SearchIndex):
    total = searcher.search(None).total
    p = run_cli("search", "--format", "jsonl", "--all", "--index", str(corpus_index))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == total
    assert {"id", "title", "date", "url"} <= set(json.loads(lines[0]))


# ------------------------------------------------------------------ documentation


def test_python_api_doc_example_runs(monkeypatch, capsys):
    """README's Python API example is executed as written, so the docs stay true."""
    import re

    from support import ROOT

    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "README.md has no python example"
    monkeypatch.chdir(ROOT)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "__doc_example__"})
    out = capsys.readouterr().out
    assert "documents indexed, 0 failed" in out
    assert "migrant fishers" in out  # the did-you-mean line
    assert "query error at 0" in out
    assert "unknown country 'Atlantis'" in out


def test_package_entry_points_of_design_5():
    import migsearch
    from migsearch.indexer.store.writer import build_index
    from migsearch.search.engine import open_index

    assert migsearch.open_index is open_index
    assert migsearch.build_index is build_index
    with pytest.raises(AttributeError):
        migsearch.no_such_name  # noqa: B018


def test_cli_lists_expansions_once_per_typed_term(corpus_index):
    r = invoke("search", "undocumented", "--index", str(corpus_index))
    lines = [line for line in r.output.splitlines() if "also searched" in line]
    assert len(lines) == 1
    assert "irregular" in lines[0] and "'undocumented'" in lines[0]
