"""Golden ranking tests over a real index of the sample corpus (search/ranking.py).

The figures that justify the ranking come from bench/ir_eval.py (SciFact,
Cranfield); these tests pin its behaviour on the sample corpus so a change
that breaks it is seen without running the benchmark.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import whoosh.index
from whoosh import query as Q

from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.store.storage import open_existing
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.ranking import DEFAULT_PARAMS, RankedQuery, collection_stats, rank_query

FISHERS = "Providing better working and living conditions for migrant fishers"


def test_migrant_fishers_ranks_the_fishers_item_first(searcher: SearchIndex) -> None:
    hits = searcher.search("migrant fishers").hits
    assert hits[0].title.startswith(FISHERS)
    assert hits[0].score is not None and hits[0].score > hits[1].score


def test_documents_with_all_words_of_a_short_query_come_first(searcher: SearchIndex) -> None:
    both = {h.id for h in searcher.search("migrant AND workers", limit=100).hits}
    ranked = [h.id for h in searcher.search("migrant workers", limit=100).hits]
    assert 0 < len(both) < len(ranked)
    assert set(ranked[: len(both)]) == both


def test_long_natural_language_query_returns_ranked_hits(searcher: SearchIndex) -> None:
    q = (
        "which countries in south-east asia have signed agreements to protect the "
        "wages of migrant fishers working on foreign vessels"
    )
    res = searcher.search(q, limit=10)
    assert res.total >= 10
    assert res.hits[0].title.startswith(FISHERS)
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)


def test_batch_ranks_like_search(searcher: SearchIndex) -> None:
    for text in ("migrant fishers", "labour migration statistics in ASEAN", "covid"):
        page = [h.id for h in searcher.search(text, limit=10, highlight=False).hits]
        ((_, ranked),) = list(searcher.batch([("q", text)], top=10))
        assert [d for d, _ in ranked] == page


def test_ranking_never_adds_documents_the_query_does_not_match(searcher: SearchIndex) -> None:
    # feedback words come from the top documents; they may reorder, never add
    for text in ("fishers", "wage arrears construction", "covid NOT china"):
        total = searcher.search(text, limit=1, highlight=False).total
        ((_, ranked),) = list(searcher.batch([("q", text)], top=100))
        assert len(ranked) == total


def test_bm25f_score_by_hand(corpus_index: Path) -> None:
    """One word, title weight off: the score is Lucene-style BM25 over ``content``."""
    ix = open_existing(corpus_index)
    params = DEFAULT_PARAMS.__class__(
        k1=1.2, b_content=0.75, title_weight=0.0, fb_docs=0, all_words_first=False
    )
    with ix.searcher() as s:
        q = rank_query(Q.Term("content", "fisher"), ["fisher"], params)
        assert isinstance(q, RankedQuery)
        scores = q.scores(s)
        stats = collection_stats(s)
        r = s.reader()
        n = s.doc_count()
        df = s.doc_frequency("content", "fisher")
        avg = r.field_length("content") / r.doc_count_all()
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        ids, tfs = stats.postings("content", "fisher")
        assert len(scores) == df == len(ids)
        for d, tf in zip(ids.tolist(), tfs.tolist(), strict=True):
            norm = tf / (1 - 0.75 + 0.75 * r.doc_field_length(d, "content") / avg)
            assert scores[d] == pytest.approx(idf * norm * 2.2 / (norm + 1.2))
    ix.close()


def _index_in_commits(path: Path, records: list, cut: int) -> None:
    from migsearch.indexer.store.schema import make_schema
    from migsearch.indexer.store.writer import record_fields

    path.mkdir()
    ix = whoosh.index.create_in(str(path), make_schema())
    for part in (records[:cut], records[cut:]):
        if part:
            with ix.writer() as w:
                w.merge = False  # keep the segments apart
                for rec in part:
                    w.add_document(**record_fields(rec, "h"))
    ix.close()


def test_segments_do_not_change_the_ranking(tmp_path: Path, corpus_copy: Path) -> None:
    """An index in two segments ranks exactly like a one-segment index of the same records."""
    records = [r for r in extract_paths([str(corpus_copy)]) if not isinstance(r, Exception)]
    _index_in_commits(tmp_path / "one", records, len(records))
    _index_in_commits(tmp_path / "two", records, len(records) // 2)
    assert len(whoosh.index.open_dir(str(tmp_path / "two")).reader().leaf_readers()) == 2
    text = "migrant workers housing and wages in the ASEAN region"
    with open_index(tmp_path / "one") as a, open_index(tmp_path / "two") as b:
        ra = next(iter(a.batch([("q", text)], top=20)))[1]
        rb = next(iter(b.batch([("q", text)], top=20)))[1]
    assert [d for d, _ in ra] == [d for d, _ in rb]
    assert [s for _, s in ra] == pytest.approx([s for _, s in rb])


def test_feedback_only_for_queries_of_three_words_or_more_without_operators(
    corpus_index: Path,
) -> None:
    from migsearch.search.query.parse import parse_query

    ix = open_existing(corpus_index)
    no_fb = DEFAULT_PARAMS.__class__(**{**DEFAULT_PARAMS.__dict__, "fb_docs": 0})
    with ix.searcher() as s:
        for text, changed in (
            ("migrant fishers", False),  # two words: plain BM25F order
            ("housing rights NOT china", False),  # operators: the user's own precision
            ("housing for migrant workers in the ASEAN region", True),
        ):
            pq = parse_query(text)
            with_fb = rank_query(pq.query, pq.terms).dense_scores(s)
            plain = rank_query(pq.query, pq.terms, no_fb).dense_scores(s)
            assert (with_fb != plain).any() == changed, text
    ix.close()


def test_documents_found_through_a_synonym_are_ranked_by_it(searcher) -> None:
    # "undocumented" brings in "irregular"; the compendium on irregular situations says
    # "irregular" throughout and must not sit at score 0 below passing mentions
    res = searcher.search("undocumented")
    assert any(e["type"] == "synonym" and e["to"] == "irregular" for e in res.expansions)
    assert all(h.score > 0 for h in res.hits)
    assert res.hits[0].title.startswith("Protecting the Rights of Migrant Workers in an Irregular")


def test_synonym_words_score_lower_than_typed_ones(searcher) -> None:
    from migsearch.search.query.parse import parse_query

    assert parse_query("housing conditions").synonym_terms == []
    pq = parse_query("migrant fishers")
    assert pq.terms == ["migrant", "fisher"]
    assert "fishermen" in pq.synonym_terms and "fisher" not in pq.synonym_terms
    # the item that says "fishers" outranks anything found only through "fishermen"
    assert searcher.search("fishers").hits[0].title.startswith("Providing better working")
