"""How matches are ordered: the weighting model and the scored form of a query.

Kept apart from parsing so ranking can be tuned without touching what matches:
:func:`rank_query` wraps the parsed query in :class:`RankedQuery`, which lets the
parsed query decide *which* documents match (and which terms matched, for
highlighting) and replaces only the score.

The score is BM25F in its proper form (Robertson & Zaragoza, "The Probabilistic
Relevance Framework", 2009): each field's term frequency is length-normalised
with its own ``b``, the fields are summed with their weights, and only then
saturated with ``k1``, so a word in the title and the text is not counted as
two independent pieces of evidence. Whoosh's own ``BM25F`` saturates per field
and adds the fields up, which over-rewards titles. IDF is Lucene's
``log(1 + (N - df + 0.5) / (df + 0.5))``, never negative.

On top of that, two query-side steps:

* short queries (2-4 words joined by OR) rank the documents that contain every
  word above those that contain only some, as users expect of a search box;
* pseudo-relevance feedback (RM3, Lavrenko & Croft 2001; Abdul-Jaleel et al.
  2004) for queries of three words or more that are an OR of words and phrases
  (no AND, NOT or field the user typed): the words that weigh most in the top documents of a first pass
  (each document's word distribution weighted by its first-pass score; words
  from its stored title, summary and body, analysed as the index does) are
  added to the query with a share of the weight, and a second pass re-scores.
  It only reorders: a document that does not match the user's query never
  appears because of an added word.

Scores are computed once per searcher for the whole index (all segments), then
handed to each segment's matcher, so segmenting never changes the ranking.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from whoosh import query as Q
from whoosh.matching import WrappingMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.wrappers import WrappingQuery
from whoosh.scoring import BM25F, WeightingModel

from migsearch.search.evaluate import _lengths_bulk, _read_all

__all__ = [
    "DEFAULT_PARAMS",
    "SYNONYM_WEIGHT",
    "RankParams",
    "RankedQuery",
    "rank_query",
    "weighting",
]

#: Queries with at most this many words rank documents having all of them first.
SHORT_QUERY_WORDS = 4


@dataclass(frozen=True)
class RankParams:
    """Ranking parameters.

    The defaults were chosen on SciFact's 809 train queries and on Cranfield
    (bench/ir_eval.py; SciFact's test queries were not used for choosing). On
    SciFact train, k1 in 1.0-1.6, b in 0.6-0.9 and title weights 0.5-1.5 are
    within 0.005 nDCG@10 of each other. Feedback with documents weighted by
    exp(score) and the query keeping 0.7 gave SciFact train nDCG@10 0.713 (0.704
    without feedback) and Cranfield MAP@100 0.352 (0.312 without);
    score-proportional document weights were level with no feedback on SciFact. Cranfield would take even more feedback (0.5: MAP
    0.363), SciFact train peaks at 0.7.
    """

    k1: float = 1.2
    #: length normalisation of the ``content`` field (title + summary + body)
    b_content: float = 0.75
    #: length normalisation of the ``title`` field
    b_title: float = 0.75
    #: extra weight of a title occurrence (the title is also part of ``content``,
    #: so a title word counts twice before saturation)
    title_weight: float = 1.0
    #: pseudo-relevance feedback: top documents read, words added, and the share
    #: of the weight the user's own words keep
    fb_docs: int = 10
    fb_terms: int = 20
    fb_original_weight: float = 0.7
    #: feedback only for queries of at least this many words: one- and two-word
    #: searches keep the plain, predictable order
    fb_min_words: int = 3
    #: top documents weigh exp(score / T) in the feedback model (0: in proportion to score)
    fb_temperature: float = 1.0
    #: feedback words found in more than this share of documents are not added
    fb_max_df: float = 0.25
    #: all-words-first for short OR queries
    all_words_first: bool = True


DEFAULT_PARAMS = RankParams()

_FIELDS = ("content", "title")


def weighting() -> WeightingModel:
    """Whoosh's model, used for anything not scored by :class:`RankedQuery`."""
    return BM25F(B=0.75, K1=1.2)


#: Weight of a thesaurus equivalent against a word the user typed (the parser's boost).
SYNONYM_WEIGHT = 0.8


def rank_query(
    q: Q.Query,
    terms: list[str],
    params: RankParams | None = None,
    synonyms: list[str] | None = None,
) -> Q.Query:
    """The query that scores documents; it matches exactly the documents ``q`` matches.

    ``synonyms`` are the analysed words of thesaurus expansions: they add to a
    document's score at :data:`SYNONYM_WEIGHT`, so a document found only through
    "irregular" for "undocumented" is ranked by it instead of scoring zero, but
    they never count as typed words for all-words-first or feedback.
    """
    if not terms:
        return q
    extra = tuple(t for t in (synonyms or ()) if t not in terms)
    return RankedQuery(q, terms, params or DEFAULT_PARAMS, extra)


# --------------------------------------------------------------------------- statistics

#: Cached postings of an opened searcher are dropped past this many entries in all.
POSTINGS_CACHE = 4_000_000
#: Feedback reads at most this many characters of a document's stored text.
FEEDBACK_CHARS = 20_000


class CollectionStats:
    """What BM25F needs from one opened (top-level) searcher, as arrays.

    Built once per searcher and cached: field lengths, which documents are live,
    postings of the terms asked for so far, and analysed words of documents
    used for feedback. Document numbers are the searcher's global ones.
    """

    def __init__(self, top: Any) -> None:
        self.searcher = top
        self.n = top.doc_count_all()
        self.n_docs = max(top.doc_count(), 1)
        self.leaves = list(top.leaf_searchers())
        r = top.reader()
        self.live = np.ones(self.n, dtype=bool)
        self.lengths: dict[str, np.ndarray] = {}
        self.avg: dict[str, float] = {}
        for f in _FIELDS:
            if f not in top.schema:
                continue
            arr = np.zeros(self.n, dtype=np.float64)
            for sub, offset in self.leaves:
                sr = sub.reader()
                k = sr.doc_count_all()
                bulk = _lengths_bulk(sr, f, 0)  # one read per segment (search/fast.py)
                if bulk is None:
                    dfl = sr.doc_field_length
                    bulk = np.fromiter((dfl(i, f, 0) for i in range(k)), np.float64, count=k)
                arr[offset : offset + k] = bulk
            self.lengths[f] = arr
            self.avg[f] = max(r.field_length(f) / max(self.n, 1), 1e-9)
        for sub, offset in self.leaves:
            sr = sub.reader()
            if sr.has_deletions():
                for i in range(sr.doc_count_all()):
                    if sr.is_deleted(i):
                        self.live[offset + i] = False
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._entries = 0
        self._idf: dict[str, float] = {}
        self._words: dict[int, Counter[str]] = {}

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, term frequencies) of ``term`` in ``field``, all segments."""
        key = (field, term)
        got = self._postings.get(key)
        if got is not None:
            return got
        id_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for sub, offset in self.leaves:
            try:
                m = sub.reader().postings(field, term)
            except Exception:  # TermNotFound, or a field this index does not have
                continue
            ids, tfs = _read_postings(m)
            id_parts.append(ids + offset)
            tf_parts.append(tfs)
        if id_parts:
            got = (np.concatenate(id_parts), np.concatenate(tf_parts))
        else:
            got = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
        if self._entries + len(got[0]) > POSTINGS_CACHE:
            self._postings.clear()
            self._entries = 0
        self._postings[key] = got
        self._entries += len(got[0])
        return got

    def df(self, term: str) -> int:
        return self.searcher.doc_frequency("content", term)

    def idf(self, term: str) -> float:
        v = self._idf.get(term)
        if v is None:
            df = self.searcher.doc_frequency("content", term)
            v = math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5)) if df else 0.0
            self._idf[term] = v
        return v

    def bm25f(self, weights: dict[str, float], p: RankParams) -> tuple[np.ndarray, np.ndarray]:
        """Weighted BM25F score and number of query words of every document (dense)."""
        total = np.zeros(self.n, dtype=np.float64)
        hits = np.zeros(self.n, dtype=np.int32)
        fw = {"content": 1.0, "title": p.title_weight}
        fb = {"content": p.b_content, "title": p.b_title}
        for term, qw in weights.items():
            idf = self.idf(term)
            if qw <= 0 or idf <= 0:
                continue
            tf = np.zeros(self.n, dtype=np.float64)
            for f, lens in self.lengths.items():
                w, b = fw[f], fb[f]
                if not w:
                    continue
                ids, freq = self.postings(f, term)
                if len(ids):
                    tf[ids] += w * freq / (1.0 - b + b * lens[ids] / self.avg[f])
            tf[~self.live] = 0.0
            has = np.flatnonzero(tf)
            t = tf[has]
            total[has] += qw * idf * t * (p.k1 + 1.0) / (t + p.k1)
            hits[has] += 1
        return total, hits

    def words(self, docnum: int) -> Counter[str]:
        """Analysed words of a stored document (the text its ``content`` was built from)."""
        got = self._words.get(docnum)
        if got is None:
            fields = self.searcher.stored_fields(docnum)
            text = "\n".join(str(fields.get(k) or "") for k in ("title", "summary", "body"))
            ana = self.searcher.schema["content"].analyzer
            got = Counter(t.text for t in ana(text[:FEEDBACK_CHARS]))
            if len(self._words) > 10_000:
                self._words.clear()
            self._words[docnum] = got
        return got


def _read_postings(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (document number, frequency) pairs of a leaf matcher, deleted documents included
    (callers mask them with ``live``): whole blocks at a time on Whoosh's own format."""
    if isinstance(m, FilterMatcher):  # the deletions filter
        m = m.child
    if hasattr(m, "_read_data") and hasattr(m, "_next_block") and not m._byteids:
        return _read_all(m)  # block ids decoded with numpy (search/fast.py)
    if all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.append(np.asarray(m._ids, dtype=np.int64))
            tfs.append(np.asarray(m._weights, dtype=np.float64))
            m._next_block()
        if ids:
            return np.concatenate(ids), np.concatenate(tfs)
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    one_ids: list[int] = []
    one_tfs: list[float] = []
    while m.is_active():
        one_ids.append(m.id())
        one_tfs.append(m.weight())
        m.next()
    return np.asarray(one_ids, dtype=np.int64), np.asarray(one_tfs, dtype=np.float64)


_STATS: weakref.WeakKeyDictionary[Any, CollectionStats] = weakref.WeakKeyDictionary()
_STATS_LOCK = threading.Lock()


def collection_stats(top: Any) -> CollectionStats:
    """The (cached) statistics of an opened top-level searcher."""
    with _STATS_LOCK:
        got = _STATS.get(top)
        if got is None:
            got = _STATS[top] = CollectionStats(top)
        return got


def _feedback(
    stats: CollectionStats, weights: dict[str, float], first: np.ndarray, p: RankParams
) -> dict[str, float]:
    """RM3: the query's weights mixed with those of the top documents' words."""
    k = min(p.fb_docs, int(np.count_nonzero(first)))
    if k <= 0:
        return weights
    best_docs = np.argpartition(-first, k - 1)[:k]
    doc_scores = first[best_docs]
    if p.fb_temperature > 0:  # P(D|Q) ∝ exp(score / T), as RM1's posterior
        doc_scores = np.exp((doc_scores - doc_scores.max()) / p.fb_temperature)
    total = float(doc_scores.sum()) or 1.0
    rm: dict[str, float] = {}
    for d, s in zip(best_docs.tolist(), doc_scores.tolist(), strict=True):
        words = stats.words(d)
        length = sum(words.values()) or 1
        share = s / total / length
        for w, c in words.items():
            rm[w] = rm.get(w, 0.0) + share * c
    cands = [(w, v) for w, v in rm.items() if len(w) > 1 and not w.isdigit()]
    cands.sort(key=lambda wv: -wv[1])
    # words in a large share of all documents add little and cost the most to read
    limit = p.fb_max_df * stats.n_docs
    best = [(w, v) for w, v in cands[: 4 * p.fb_terms] if w in weights or stats.df(w) <= limit]
    best = best[: p.fb_terms]
    norm_rm = sum(v for _, v in best) or 1.0
    norm_q = sum(weights.values()) or 1.0
    alpha = p.fb_original_weight
    out = {t: alpha * v / norm_q for t, v in weights.items()}
    for w, v in best:
        out[w] = out.get(w, 0.0) + (1.0 - alpha) * v / norm_rm
    return out


def _bag_of_words(q: Q.Query) -> bool:
    """An OR of words and phrases (what a typed sentence parses to, thesaurus phrases
    included): no AND, NOT, field restriction or other operator the user asked for."""
    if isinstance(q, Q.Term | Q.Phrase):
        return q.fieldname in _FIELDS or q.fieldname == "countries"
    return type(q) is Q.Or and all(_bag_of_words(c) for c in q.subqueries)


# --------------------------------------------------------------------------- query


class RankedQuery(WrappingQuery):
    """``child`` decides what matches; BM25F (with feedback) decides the order."""

    def __init__(
        self,
        child: Q.Query,
        terms: list[str],
        params: RankParams = DEFAULT_PARAMS,
        synonyms: tuple[str, ...] = (),
    ):
        super().__init__(child)
        self.terms = list(terms)
        self.params = params
        self.synonyms = tuple(synonyms)
        self._cache: tuple[weakref.ref[Any], np.ndarray] | None = None

    def __repr__(self) -> str:
        return f"RankedQuery({self.child!r}, {self.terms!r})"

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and other.child == self.child  # type: ignore[attr-defined]
            and other.terms == self.terms  # type: ignore[attr-defined]
            and other.params == self.params  # type: ignore[attr-defined]
            and other.synonyms == self.synonyms  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash(
            (type(self).__name__, self.child, tuple(self.terms), self.params, self.synonyms)
        )

    def _rewrap(self, child: Q.Query) -> RankedQuery:
        return RankedQuery(child, self.terms, self.params, self.synonyms)

    def with_params(self, **changes: Any) -> RankedQuery:
        return RankedQuery(self.child, self.terms, replace(self.params, **changes), self.synonyms)

    def dense_scores(self, top: Any) -> np.ndarray:
        """Score of every document of ``top`` by global number (0 for no query word)."""
        cache = self._cache
        if cache is not None and cache[0]() is top:
            return cache[1]
        p = self.params
        stats = collection_stats(top)
        weights = dict.fromkeys(self.terms, 1.0)
        total, hits = stats.bm25f(weights, p)
        if self.synonyms:
            total = total + stats.bm25f(dict.fromkeys(self.synonyms, SYNONYM_WEIGHT), p)[0]
        n = len(self.terms)
        if p.fb_docs and p.fb_terms and n >= p.fb_min_words and _bag_of_words(self.child):
            total, _ = stats.bm25f(_feedback(stats, weights, total, p), p)
        if p.all_words_first and isinstance(self.child, Q.Or) and 1 < n <= SHORT_QUERY_WORDS:
            every = hits >= n
            partial = total[~every]
            lift = float(partial.max()) if len(partial) else 0.0
            total = np.where(every, total + lift, total)
        self._cache = (weakref.ref(top), total)
        return total

    def scores(self, top: Any) -> dict[int, float]:
        """:meth:`dense_scores` as a mapping of the documents that have a query word."""
        total = self.dense_scores(top)
        nz = np.flatnonzero(total)
        return dict(zip(nz.tolist(), total[nz].tolist(), strict=True))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        top = searcher.get_parent()
        offset = 0
        if top is not searcher:
            offset = next((o for s, o in top.leaf_searchers() if s is searcher), 0)
        child = self.child.matcher(searcher, context)
        return _ScoredMatcher(child, self.dense_scores(top), offset)


class _ScoredMatcher(WrappingMatcher):
    """The child's matches, scored from a precomputed table."""

    def __init__(self, child: Any, table: np.ndarray, offset: int) -> None:
        super().__init__(child)
        self._table = table
        self._offset = offset

    def _replacement(self, newchild: Any) -> _ScoredMatcher:
        return _ScoredMatcher(newchild, self._table, self._offset)

    def copy(self) -> _ScoredMatcher:
        return _ScoredMatcher(self.child.copy(), self._table, self._offset)

    def replace(self, minquality: float = 0) -> Any:
        # never let the child be optimised away on quality: its scores are not ours
        return self._replacement(self.child.replace(0)) if self.child.is_active() else self

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        return float(self._table[self.child.id() + self._offset])
