"""Pseudo-relevance feedback (search/feedback.py) on the sample corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from migsearch.indexer.store.shards import build_shards
from migsearch.search.engine import SearchIndex
from migsearch.search.feedback import FEEDBACK_CHARS, DocumentWords, own_title, rm3, top_documents
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
    place = searcher.id_order(snap).place
    top = top_documents(first, 3, place)
    best = sorted(np.flatnonzero(first).tolist(), key=lambda d: (-first[d], place[d]))
    assert [d for _, d in top] == best[:3]
    out = rm3(
        weights, [(sc, words(d)) for sc, d in top], scorer.doc_frequency, scorer.n_docs,
        terms=5, original_weight=0.7, temperature=1.0, max_df=0.25,
    )  # fmt: skip
    assert sum(out[t] for t in weights) >= 0.7 - 1e-9
    assert sum(out.values()) == pytest.approx(1.0)
    added = [w for w in out if w not in weights]
    assert 0 < len(added) <= 5
    for w in added:  # each added word is in a top document and not in a quarter of all
        assert any(words(d)[w] for _, d in top)
        assert scorer.doc_frequency(w) <= 0.25 * s.doc_count()
    # nothing scored: nothing to feed back
    assert top_documents(np.zeros(len(first)), 3, place) == []
    assert rm3(weights, [], scorer.doc_frequency, 30,
               terms=5, original_weight=0.7, temperature=1.0, max_df=0.25) == weights  # fmt: skip


def test_the_feedback_cut_through_equal_scores_keeps_the_first_ids() -> None:
    """Of documents tied at the cut, those first in id order (``place``), whatever
    their numbers: the ones a shard set keeps."""
    rng = np.random.default_rng(7)
    for _ in range(50):
        n = int(rng.integers(1, 40))
        first = rng.choice([0.0, 1.5, 2.25, 3.0], size=n)
        place = rng.permutation(n)
        for docs in (1, 3, 10, 50):
            want = sorted(np.flatnonzero(first).tolist(), key=lambda d: (-first[d], place[d]))
            got = top_documents(first, docs, place)
            assert [d for _, d in got] == want[:docs]
            assert [sc for sc, _ in got] == [first[d] for d in want[:docs]]


def test_document_words_are_the_whole_text_analysed(searcher: SearchIndex) -> None:
    # read word by word (each distinct word analysed once), the same terms in the same order
    s = searcher._snapshot().searcher
    words = DocumentWords(s)
    analyzer = s.schema["content"].analyzer
    for docnum in range(s.doc_count_all()):
        f = s.stored_fields(docnum)
        text = "\n".join(str(f.get(k) or "") for k in ("title", "summary", "body"))
        want = Counter(t.text for t in analyzer(text[:FEEDBACK_CHARS]))
        got = words(docnum)
        assert list(got.items()) == list(want.items()), docnum
    # a word with accents gives its folded form too, a stop word nothing; Thai is cut by ICU
    for text in ("Người lao động di cư, the migrants’ wages", "แรงงานข้ามชาติ migrant workers"):
        want = Counter(t.text for t in analyzer(text))
        assert list(words.count(text).items()) == list(want.items())
        assert list(words.count(text).items()) == list(want.items())  # remembered words
    assert {"nguoi", "dong", "wage"} <= set(words.count("Người lao động di cư, the wages"))


OPENING = "Seasonal crews on the harbour boats were paid late again this spring."


def test_a_title_made_from_the_body_is_not_read_again(tmp_path: Path) -> None:
    """A record without a title shows its opening as one; its words are the body's
    alone (the opening once), a record's own title is read with its body."""
    body = OPENING + " The port authority promised a new wage board for the fleet."
    corpus = tmp_path / "titles.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"_id": "made", "text": body}) + "\n")
        f.write(json.dumps({"_id": "own", "title": "Harbour wage board", "text": body}) + "\n")
    build_shards([corpus], tmp_path / "ix", workers=1)
    with SearchIndex(tmp_path / "ix") as ix:
        assert ix.get("made").title.startswith("Seasonal crews")  # shown as its title
        s = ix._snapshot().searcher
        analyzer = s.schema["content"].analyzer
        words = DocumentWords(s)
        for doc_id, title in (("made", ""), ("own", "Harbour wage board")):
            n = s.document_number(id=doc_id)
            f = s.stored_fields(n)
            assert own_title(s, n, f) == title
            text = "\n".join((title, f.get("summary") or "", f["body"]))
            assert words(n) == Counter(t.text for t in analyzer(text))
        made, own = (words(s.document_number(id=i)) for i in ("made", "own"))
        assert made["season"] == own["season"] and own["board"] == made["board"] + 1
