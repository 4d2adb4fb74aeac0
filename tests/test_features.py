"""Search features of issue 4: more like this, facets and the year
histogram, export of every hit; through the Python API, CliRunner and a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner
from support import run_cli

from migsearch.cli import cli
from migsearch.errors import DocumentNotFoundError, UsageError
from migsearch.search.engine import SearchIndex
from migsearch.search.results import FacetValue, fill_year_gaps


def invoke(*args: str):
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r


# ------------------------------------------------------------------ more like this


def _fishers_id(searcher: SearchIndex) -> str:
    return searcher.search('"migrant fishers"').hits[0].id


def test_similar_documents(searcher: SearchIndex):
    doc = _fishers_id(searcher)
    res = searcher.similar(doc, limit=5)
    assert 0 < len(res.hits) <= 5
    assert doc not in {h.id for h in res.hits}
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)
    d = res.to_dict()
    assert d["total"] == len(d["hits"]) and d["facets"] == {}
    # the closest neighbour shares the document's subject
    top = searcher.get(res.hits[0].id)
    assert "migra" in (top.title + top.body).lower()


def test_similar_fast_path_ranks_like_whoosh_more_like(searcher: SearchIndex):
    from migsearch.search.similar import similar_hits

    snap = searcher._snapshot()
    assert snap.scorer is not None
    for q in ("fishers", "trafficking", "covid", "statistics"):
        doc = searcher.search(q).hits[0].id
        fast = [h.id for h in similar_hits(snap.searcher, doc, 5, scorer=snap.scorer)]
        slow = [h.id for h in similar_hits(snap.searcher, doc, 5)]
        assert fast == slow, q


def test_similar_limit_and_errors(searcher: SearchIndex):
    doc = _fishers_id(searcher)
    assert len(searcher.similar(doc, limit=1).hits) == 1
    with pytest.raises(DocumentNotFoundError):
        searcher.similar("no-such-id")
    with pytest.raises(UsageError):
        searcher.similar(doc, limit=0)


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


def test_facets_are_count_ordered_and_limited(searcher: SearchIndex):
    res = searcher.search("migrant", facet_limit=3)
    for name in ("countries", "themes", "regions"):
        vals = res.facets[name]
        assert len(vals) <= 3
        counts = [v.count for v in vals]
        assert counts == sorted(counts, reverse=True)
    full = searcher.search("migrant")
    assert len(full.facets["countries"]) > 3
    assert [v.to_dict() for v in full.facets["countries"][:3]] == [
        v.to_dict() for v in res.facets["countries"]
    ]


def test_facets_are_multi_select(searcher: SearchIndex):
    everything = {v.value: v.count for v in searcher.search("migrant").facets["countries"]}
    picked = searcher.search("migrant", countries=["THA"])
    # picking Thailand still shows the other countries' counts ...
    assert {v.value: v.count for v in picked.facets["countries"]} == everything
    # ... while the other facets follow the filter
    themes = {v.value: v.count for v in picked.facets["themes"]}
    assert sum(themes.values()) <= sum(v.count for v in searcher.search("migrant").facets["themes"])


def test_year_facet_is_complete_and_histogram_fills_gaps(searcher: SearchIndex):
    res = searcher.search(None, year_histogram=True, facet_limit=1)
    years = {v.value: v.count for v in res.facets["years"]}
    assert len(years) >= 2  # years ignore the facet limit: a timeline needs them all
    hist = res.year_histogram
    assert hist is not None
    assert [v.value for v in hist] == sorted(v.value for v in hist)
    assert {v.value: v.count for v in hist if v.count} == years
    d = res.to_dict()
    assert d["year_histogram"] == [{"value": v.value, "count": v.count} for v in hist]
    assert "year_histogram" not in searcher.search(None).to_dict()


def test_fill_year_gaps():
    vals = [FacetValue("2015", 4), FacetValue("2011", 1), FacetValue("2013", 2)]
    assert [(v.value, v.count) for v in fill_year_gaps(vals)] == [
        ("2011", 1),
        ("2012", 0),
        ("2013", 2),
        ("2014", 0),
        ("2015", 4),
    ]
    assert fill_year_gaps([]) == []


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


def test_iter_hits_is_lazy(searcher: SearchIndex, monkeypatch):
    """The export asks for one page at a time, not for every hit up front."""
    calls = []
    real = SearchIndex.search

    def spy(self, *a, **kw):
        calls.append(kw.get("page"))
        return real(self, *a, **kw)

    monkeypatch.setattr(SearchIndex, "search", spy)
    it = searcher.iter_hits(None)
    next(it)
    assert calls == [1]
    rest = list(it)
    assert len(rest) + 1 == searcher.doc_count()


def test_iter_hits_pages_through_more_than_one_page(tmp_path):
    from migsearch.indexer.store.writer import build_index
    from migsearch.search.engine import MAX_LIMIT, open_index

    src = tmp_path / "many.jsonl"
    n = MAX_LIMIT * 2 + 7
    src.write_text(
        "\n".join(
            json.dumps({"id": f"d{i}", "title": f"Report {i}", "text": "migrant workers"})
            for i in range(n)
        )
    )
    build_index([src], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        ids = [h.id for h in ix.iter_hits("migrant")]
    assert len(ids) == n == len(set(ids))


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


# ------------------------------------------------------------------ type and source facets


@pytest.fixture(scope="module")
def typed_index(tmp_path_factory):
    from migsearch.indexer.store.writer import build_index

    d = tmp_path_factory.mktemp("typed")
    rows = [
        {"id": f"n{i}", "title": f"News {i}", "text": "migrant workers news", "type": "news"}
        for i in range(3)
    ] + [
        {"id": f"r{i}", "title": f"Report {i}", "text": "migrant workers report", "type": "report"}
        for i in range(2)
    ]
    (d / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:4]))
    (d / "b.jsonl").write_text(json.dumps(rows[4]))
    build_index([d / "a.jsonl", d / "b.jsonl"], d / "ix", workers=1)
    return d


def test_type_and_source_facets_count_and_filter(typed_index):
    from migsearch.search.engine import open_index

    with open_index(typed_index / "ix") as ix:
        res = ix.search("migrant")
        assert [(v.value, v.label, v.count) for v in res.facets["types"]] == [
            ("news", "News", 3),
            ("report", "Report", 2),
        ]
        sources = {v.label: v.count for v in res.facets["sources"]}
        assert sources == {"a.jsonl": 4, "b.jsonl": 1}
        picked = ix.search("migrant", types=["Report"])
        assert picked.total == 2
        # multi-select: the type facet ignores its own filter, the source facet follows it
        assert {v.value: v.count for v in picked.facets["types"]} == {"news": 3, "report": 2}
        assert {v.label: v.count for v in picked.facets["sources"]} == {"a.jsonl": 1, "b.jsonl": 1}
        b = str(typed_index / "b.jsonl")
        assert [h.id for h in ix.search("migrant", sources=[b]).hits] == ["r1"]
        rel = os.path.relpath(b)
        assert [h.id for h in ix.search("migrant", sources=[rel]).hits] == ["r1"]
        assert ix.search("migrant", types=["news", "report"]).total == 5
        assert len(ix.search("migrant", facet_limit=1).facets["types"]) == 1


def test_type_and_source_options_on_the_cli(typed_index):
    ix = str(typed_index / "ix")
    r = invoke("search", "migrant", "--type", "news", "--json", "--index", ix)
    d = json.loads(r.output)
    assert d["total"] == 3 and {h["id"] for h in d["hits"]} == {"n0", "n1", "n2"}
    p = run_cli(
        "search",
        "--source",
        str(typed_index / "b.jsonl"),
        "--format",
        "jsonl",
        "--all",
        "--index",
        ix,
    )
    assert p.returncode == 0, p.stderr
    assert [json.loads(line)["id"] for line in p.stdout.splitlines()] == ["r1"]


def test_cli_lists_expansions_once_per_typed_term(corpus_index):
    r = invoke("search", "undocumented", "--index", str(corpus_index))
    lines = [line for line in r.output.splitlines() if "also searched" in line]
    assert len(lines) == 1
    assert "irregular" in lines[0] and "'undocumented'" in lines[0]
