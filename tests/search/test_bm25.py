"""BM25F (search/bm25.py) against the formula written out with Whoosh's own statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from brute_force import Reference

from migsearch.search.bm25 import BM25FParams, Scorer, _field_sum, lucene_idf
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


def _summed_by_document(parts, live):
    """The fields' weighted frequencies added up document by document, in field order."""
    sums: dict[int, float] = {}
    for ids, t in parts:
        for d, v in zip(ids.tolist(), t.tolist(), strict=True):
            sums[d] = sums.get(d, 0.0) + v
    kept = sorted(d for d, v in sums.items() if live[d] and v != 0)
    return np.array(kept, dtype=np.int64), np.array([sums[d] for d in kept], dtype=np.float64)


def test_fields_added_in_place_equal_the_sums_document_by_document() -> None:
    """A title's documents among the content's are added at their places; documents
    outside (an index whose title is not in its content) take the dense path; either
    way the sums are those added document by document in field order, bit for bit,
    deleted documents left out."""
    rng = np.random.default_rng(11)
    n = 500
    for case in range(200):
        live = rng.random(n) > 0.1
        first = np.sort(rng.choice(n, int(rng.integers(0, 120)), replace=False))
        if case % 3 == 0:  # some title documents not among the content's
            second = np.sort(rng.choice(n, int(rng.integers(1, 40)), replace=False))
        elif len(first):
            second = np.sort(rng.choice(first, int(rng.integers(0, len(first) + 1)), replace=False))
        else:
            second = first
        parts = [
            (ids.astype(np.int64), rng.choice([0.0, 0.3, 1.7, 2.25], size=len(ids)))
            for ids in (first, second)
        ]
        got = _field_sum(parts, live, n)
        want = _summed_by_document(parts, live)
        assert np.array_equal(got[0], want[0]) and got[1].tobytes() == want[1].tobytes()
        assert got[0].dtype == want[0].dtype and got[1].dtype == want[1].dtype
