"""Hits as CSV/JSONL and runs as TREC/JSONL (``search/export.py``), from a real index."""

from __future__ import annotations

import csv
import io
import json

import pytest

from migsearch.search.export import CSV_FIELDS, write_hits, write_run


def test_csv_has_a_header_and_one_row_per_hit(searcher) -> None:
    res = searcher.search("migrant workers", limit=20)
    out = io.StringIO()
    assert write_hits(res.hits, "csv", out) == len(res.hits) > 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_FIELDS
    assert [r["id"] for r in rows] == [h.id for h in res.hits]
    for row, hit in zip(rows, res.hits, strict=True):
        assert row["countries"].split(";") == (hit.countries or [""])
        assert row["title"] == hit.title and row["url"] == (hit.url or "")
        assert float(row["score"]) == pytest.approx(hit.score)


def test_csv_score_is_empty_when_sorted_by_date(searcher) -> None:
    res = searcher.search(None, sort="newest", limit=5)
    out = io.StringIO()
    write_hits(res.hits, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["score"] for r in rows} == {""}


def test_jsonl_is_the_hit_json_plus_its_url(searcher) -> None:
    res = searcher.search("fishers", limit=5)
    out = io.StringIO()
    write_hits(iter(res.hits), "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [{**h.to_dict(), "url": h.url} for h in res.hits]


def test_runs_as_trec_and_jsonl(searcher) -> None:
    queries = [("q1", "migrant fishers"), ("q2", "covid-19 pandemic")]
    ranked = list(searcher.batch(queries, top=4))
    trec = io.StringIO()
    write_run(ranked, "trec", trec, name="test")
    lines = [line.split() for line in trec.getvalue().splitlines()]
    assert len(lines) == sum(len(r) for _, r in ranked)
    for qid, docs in ranked:
        mine = [ln for ln in lines if ln[0] == qid]
        assert [ln[2] for ln in mine] == [d for d, _ in docs]
        assert [int(ln[3]) for ln in mine] == list(range(1, len(docs) + 1))
        assert {ln[1] for ln in mine} == {"Q0"} and {ln[5] for ln in mine} == {"test"}
    js = io.StringIO()
    write_run(ranked, "jsonl", js)
    rows = [json.loads(line) for line in js.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2"]
    assert [h["id"] for h in rows[0]["hits"]] == [d for d, _ in ranked[0][1]]


def test_unknown_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown hit format"):
        write_hits([], "xml", io.StringIO())
    with pytest.raises(ValueError, match="unknown run format"):
        write_run([], "csv", io.StringIO())
