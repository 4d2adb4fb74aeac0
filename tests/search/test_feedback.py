"""Pseudo-relevance feedback (search/feedback.py) on the sample corpus."""

from __future__ import annotations

import numpy as np
import pytest

from migsearch.search.engine import SearchIndex
from migsearch.search.feedback import DocumentWords, rm3
from migsearch.search.ranking import DEFAULT_PARAMS


def test_rm3_keeps_the_query_share_and_adds_words_of_the_top_documents(
    searcher: SearchIndex,
) -> None:
    snap = searcher._snapshot()
    s = snap.searcher
    scorer = snap.ranker.scorer
    weights = {"migrant": 1.0, "fisher": 1.0, "wage": 1.0}
    first, _ = scorer.scores(weights, DEFAULT_PARAMS.bm25)
    words = DocumentWords(s)
    out = rm3(
        weights, first, words, scorer.doc_frequency, scorer.n_docs,
        docs=3, terms=5, original_weight=0.7, temperature=1.0, max_df=0.25,
    )  # fmt: skip
    assert sum(out[t] for t in weights) >= 0.7 - 1e-9
    assert sum(out.values()) == pytest.approx(1.0)
    added = [w for w in out if w not in weights]
    assert 0 < len(added) <= 5
    top = np.argsort(-first)[:3].tolist()
    for w in added:  # each added word is in a top document and not in a quarter of all
        assert any(words(d)[w] for d in top)
        assert scorer.doc_frequency(w) <= 0.25 * s.doc_count()
    # nothing scored: nothing to feed back
    assert rm3(weights, np.zeros(len(first)), words, scorer.doc_frequency, 30,
               docs=3, terms=5, original_weight=0.7, temperature=1.0, max_df=0.25) == weights  # fmt: skip
