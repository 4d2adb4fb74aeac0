"""Array scoring (search/fast.py) gives what Whoosh's matchers give, on real indexes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from whoosh.collectors import TopCollector

from migsearch.indexer.store.writer import build_index
from migsearch.search import evaluate as fast
from migsearch.search.engine import open_index
from migsearch.search.query.parse import parse_query
from migsearch.search.ranking import rank_query

QUERIES = [
    "fishers",
    "migrant workers",
    "domestic workers NOT philippines",
    '"forced labour"',
    "migra* recruitment",
    "title:fishing boat",
    "thailand fishing",
    "wages AND women",
    "country:Myanmar",
]


def _exact_top(s, q, k):
    """Whoosh's exhaustive top k (no block-quality skipping, no matcher replacement)."""
    c = TopCollector(limit=k, usequality=False, replace=0)
    s.search_with_collector(q, c)
    return [(h.docnum, h.score) for h in c.results()]


def _check(ix) -> None:
    snap = ix._snapshot()
    s = snap.searcher
    assert snap.scorer is not None
    for text in QUERIES:
        pq = parse_query(text)
        ids, sc = snap.scorer.evaluate(pq.query)
        assert ids.tolist() == sorted(pq.query.docs(s)), text
        # plain Whoosh scoring of the parsed query
        best = fast.top_k(ids, sc, 10)
        mine = [(int(ids[i]), float(sc[i])) for i in best]
        theirs = _exact_top(s, pq.query, 10)
        assert [d for d, _ in mine] == [d for d, _ in theirs], text
        assert np.allclose([x for _, x in mine], [x for _, x in theirs]), text
        # the ranking module's scored query
        rq = rank_query(pq.query, pq.terms)
        rids, rsc = snap.scorer.evaluate(rq)
        if hasattr(rq, "scores"):
            table = rq.scores(s)
            assert np.allclose(rsc, [table.get(d, 0.0) for d in rids.tolist()]), text
        else:  # every document Whoosh scores, with the same score
            every = {h.docnum: h.score for h in s.search(rq, limit=None)}
            assert sorted(every) == rids.tolist(), text
            assert np.allclose(rsc, [every[d] for d in rids.tolist()]), text


def test_array_scores_equal_whoosh_on_the_sample_corpus(searcher) -> None:
    _check(searcher)


def test_array_scores_equal_whoosh_with_segments_and_deletions(tmp_path: Path, corpus_copy) -> None:
    ix = tmp_path / "ix"
    build_index([corpus_copy], ix, workers=1)
    extra = tmp_path / "extra.jsonl"
    rows = [
        {"id": f"x{i}", "title": f"Migrant fishers report {i}", "text": "Fishing crews and wages."}
        for i in range(5)
    ]
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_index([corpus_copy, extra], ix, workers=1)
    extra.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n")  # three deleted
    build_index([corpus_copy, extra], ix, workers=1)
    with open_index(ix) as s:
        r = s._snapshot().searcher.reader()
        assert r.has_deletions() or not r.is_atomic()
        _check(s)


def test_top_k_orders_by_score_then_docnum() -> None:
    ids = np.array([3, 5, 7, 9, 11])
    sc = np.array([1.0, 2.0, 2.0, 0.5, 2.0])
    assert fast.top_k(ids, sc, 2).tolist() == [1, 2]
    assert fast.top_k(ids, sc, 10).tolist() == [1, 2, 4, 0, 3]
    assert fast.top_k(ids[:0], sc[:0], 3).tolist() == []


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_equal_the_whoosh_path(searcher, sort: str) -> None:
    snap = searcher._snapshot()
    for text in ["migrant workers", "fishers", ""]:
        if sort == "relevance" and not text:
            continue
        a = searcher.search(text, sort=sort, limit=5, page=2).to_dict()
        scorer, snap.scorer = snap.scorer, None
        snap.query_cache.clear()
        snap.filter_cache.clear()
        try:
            b = searcher.search(text, sort=sort, limit=5, page=2).to_dict()
        finally:
            snap.scorer = scorer
        assert a == b, (text, sort)


def test_bulk_reads_equal_whoosh_per_document_reads(searcher) -> None:
    from migsearch.search.facets import column_values

    r = searcher._snapshot().searcher.reader()
    for f in ("countries", "themes", "date", "source", "id"):
        assert column_values(r, f) == list(r.column_reader(f)), f
    for leaf, _ in r.leaf_readers():
        for f in ("content", "title", "no_such_field"):
            for default in (0, 1):
                slow = [leaf.doc_field_length(i, f, default) for i in range(leaf.doc_count_all())]
                assert fast._lengths_bulk(leaf, f, default).tolist() == slow, (f, default)
