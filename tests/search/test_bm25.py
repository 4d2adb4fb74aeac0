"""BM25F (search/bm25.py) against the formula written out with Whoosh's own statistics."""

from __future__ import annotations

import math

import pytest
from brute_force import Reference

from migsearch.search.bm25 import BM25FParams, Scorer, lucene_idf
from migsearch.search.engine import SearchIndex
from migsearch.search.postings import PostingsReader
from migsearch.search.ranking import RankParams


def test_lucene_idf_is_never_negative() -> None:
    assert lucene_idf(0, 100) == 0.0
    assert lucene_idf(100, 100) > 0
    assert lucene_idf(1, 100) == pytest.approx(math.log(1 + 99.5 / 1.5))


def test_bm25f_score_by_hand(searcher: SearchIndex) -> None:
    """One word, title weight off: the score is Lucene-style BM25 over ``content``."""
    snap = searcher._snapshot()
    s = snap.searcher
    params = RankParams(k1=1.2, b_content=0.75, title_weight=0.0)
    scores = snap.ranker.weighted({"fisher": 1.0}, params)
    r = s.reader()
    n = s.doc_count()
    df = s.doc_frequency("content", "fisher")
    avg = r.field_length("content") / r.doc_count_all()
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    m = s.postings("content", "fisher")
    found = 0
    while m.is_active():
        d, tf = m.id(), m.weight()
        norm = tf / (1 - 0.75 + 0.75 * r.doc_field_length(d, "content") / avg)
        assert scores[d] == pytest.approx(idf * norm * 2.2 / (norm + 1.2))
        found += 1
        m.next()
    assert found == df == int((scores > 0).sum())


def test_weighted_words_and_both_fields_equal_the_reference(searcher: SearchIndex) -> None:
    """Title words count before saturation, with the content's; weights multiply."""
    s = searcher._snapshot().searcher
    ref = Reference(s)
    scorer = Scorer(PostingsReader(s))
    weights = {"migrant": 1.0, "fisher": 0.5, "labour": 2.0, "nosuchword": 1.0}
    total, present = scorer.scores(weights, BM25FParams())
    assert set(present) == {"migrant", "fisher", "labour"}
    for d in ref.docs:
        assert total[d] == pytest.approx(ref.bm25f(d, weights)), d
    assert present["fisher"].tolist() == [d for d in ref.docs if ref.has(d, "fisher")]
