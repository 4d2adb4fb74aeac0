"""Pseudo-relevance feedback (RM3): words of the top documents added to a query.

RM3 (Lavrenko & Croft 2001; Abdul-Jaleel et al. 2004): the top documents of a
first pass, each weighted by its score, are read back as word distributions;
the words that weigh most in their mixture are added to the query with a share
of the weight, and a second pass re-scores. It only reorders what the query
matches: a document never appears because of an added word.

Documents' words come from their stored title, summary and body, analysed as
the index analyses ``content``, so they are the same stems the postings hold.
A title made from the body (a record without one) is not read: it is the body's
opening, which would count twice (:func:`own_title`).
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Any

import numpy as np

from migsearch.indexer.vocabulary.analysis import has_unspaced, text_analyzer, word_terms
from migsearch.search.cache import BoundedCache
from migsearch.search.highlight import plain_words

__all__ = [
    "FEEDBACK_CHARS",
    "DocumentWords",
    "feedback_words",
    "own_title",
    "rm3",
    "top_documents",
]

#: Feedback reads at most this many characters of a document's stored text.
FEEDBACK_CHARS = 20_000


class DocumentWords:
    """Analysed words of stored documents, remembered per opened index.

    When the analyzer takes a text word by word (``plain_words``), each distinct
    word is analysed once and remembered: the same terms in the same order as
    analysing the whole text, at a dictionary look-up per word once the common
    words are known (the stemmer costs tens of microseconds a new word).
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._analyzer = searcher.schema["content"].analyzer
        self._cache: BoundedCache[Counter[str]] = BoundedCache(10_000)
        self._words = plain_words(self._analyzer)
        #: a word's terms (a word with accents gives two; a stop word none)
        self._terms: BoundedCache[tuple[str, ...]] = BoundedCache(200_000)
        #: the analyzer of every text field: a new word's terms are read without a token stream
        self._own = self._words is not None and self._analyzer == text_analyzer()

    def __call__(self, docnum: int) -> Counter[str]:
        return self._cache.get_or_compute(docnum, lambda: self._read(docnum))

    def _read(self, docnum: int) -> Counter[str]:
        fields = self.searcher.stored_fields(docnum)
        title = own_title(self.searcher, docnum, fields)
        text = "\n".join((title, str(fields.get("summary") or ""), str(fields.get("body") or "")))
        return self.count(text[:FEEDBACK_CHARS])

    def count(self, text: str) -> Counter[str]:
        """The analysed terms of ``text``, counted (in the order they come)."""
        if self._words is None or has_unspaced(text):
            return Counter(t.text for t in self._analyzer(text))
        words = self._words.findall(text)
        got = list(map(self._terms.peek(), words))
        if None in got:
            for i, terms in enumerate(got):
                if terms is None:
                    got[i] = self._terms.put(words[i], self._word_terms(words[i]))
        return Counter(chain.from_iterable(got))

    def _word_terms(self, word: str) -> tuple[str, ...]:
        if self._own:
            return word_terms(word)
        return tuple(t.text for t in self._analyzer(word))


def own_title(searcher: Any, docnum: int, fields: dict[str, Any]) -> str:
    """The stored title of ``docnum`` (``fields``, its stored fields), or "" when it was
    made from the body (``Record.title_made``).

    Such a title is stored to be shown but not indexed, so its indexed length is 0;
    a record's own title of no indexed word has nothing to read either way. Read
    with the body, a made title would count the body's opening twice.
    """
    if not searcher.reader().doc_field_length(docnum, "title", 0):
        return ""
    return str(fields.get("title") or "")


def top_documents(first: np.ndarray, docs: int, place: np.ndarray) -> list[tuple[float, int]]:
    """The ``docs`` best-scored document numbers of ``first`` (a score per document
    number; 0 for none), as (score, number), best first.

    Equal scores go by ``place``, each document number's place in id order
    (:class:`~migsearch.search.engine.IdOrder`): the cut through a run of equal
    scores then keeps the documents a shard set keeps, which has no document
    numbers across its shards but the same ids, so both feed back the same words.
    """
    scored = np.flatnonzero(first)
    k = min(docs, len(scored))
    if k <= 0:
        return []
    # everything scoring at least the k-th best, so the whole tie at the cut is sorted.
    # Selected among the scored documents only: NumPy's partition of an array mostly of
    # zeros (a query's words are in a few percent of documents) takes 20-50 times as
    # long as of its non-zero part (13 against 0.3 ms at 100,000 documents, 1% scored);
    # the cut is the same, scores being positive (weights and IDF are)
    values = first[scored]
    kth = np.partition(values, len(values) - k)[len(values) - k]
    cand = scored[values >= kth]
    best = cand[np.lexsort((place[cand], -first[cand]))[:k]]
    return list(zip(first[best].tolist(), best.tolist(), strict=True))


def feedback_words(
    top: list[tuple[float, Counter[str]]], *, terms: int, temperature: float
) -> list[tuple[str, float]]:
    """The ``4 × terms`` heaviest candidate words of the relevance model of ``top``
    (each top document's score and words, best first), heaviest first.

    Documents weigh exp(score / ``temperature``) (RM1's posterior; 0: in proportion to
    the score). The order of ``top`` is the order words are met in, which decides
    between words of equal weight: it must be the same wherever the documents are.
    """
    if not top:
        return []
    doc_scores = np.array([s for s, _ in top], dtype=np.float64)
    if temperature > 0:
        doc_scores = np.exp((doc_scores - doc_scores.max()) / temperature)
    total = float(doc_scores.sum()) or 1.0
    rm: dict[str, float] = {}
    for (_, counts), s in zip(top, doc_scores.tolist(), strict=True):
        length = sum(counts.values()) or 1
        share = s / total / length
        for w, c in counts.items():
            rm[w] = rm.get(w, 0.0) + share * c
    cands = [(w, v) for w, v in rm.items() if len(w) > 1 and not w.isdigit()]
    cands.sort(key=lambda wv: -wv[1])
    return cands[: 4 * terms]


def rm3(
    weights: dict[str, float],
    top: list[tuple[float, Counter[str]]],
    doc_frequency: Any,
    n_docs: int,
    *,
    terms: int,
    original_weight: float,
    temperature: float,
    max_df: float,
) -> dict[str, float]:
    """The query's ``weights`` mixed with those of the words of its top documents.

    ``top``: the first pass's best documents (:func:`top_documents`), their scores
    and words, best first. The ``terms`` heaviest words of their relevance model
    (:func:`feedback_words`) not found in more than ``max_df`` of all documents are
    added; the query keeps ``original_weight``.
    """
    if not top:
        return weights
    cands = feedback_words(top, terms=terms, temperature=temperature)
    # words in a large share of all documents add little and cost the most to read
    limit = max_df * n_docs
    best: list[tuple[str, float]] = []
    for w, v in cands:  # heaviest first, looked up only until enough are kept
        if w in weights or doc_frequency(w) <= limit:
            best.append((w, v))
            if len(best) == terms:
                break
    norm_rm = sum(v for _, v in best) or 1.0
    norm_q = sum(weights.values()) or 1.0
    out = {t: original_weight * v / norm_q for t, v in weights.items()}
    for w, v in best:
        out[w] = out.get(w, 0.0) + (1.0 - original_weight) * v / norm_rm
    return out
