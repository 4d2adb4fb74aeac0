"""The ranking model: how the documents a query matches are ordered.

Every query is ranked the same way, whatever its shape, from the words it
has (:class:`QueryWords`): the words the user typed, the words each prefix
(``migra*``) expanded to in this index, and the thesaurus equivalents the
query layer added. Which documents match is the evaluator's business
(:mod:`migsearch.search.evaluate`); the score is:

* BM25F over the typed and prefix words (:mod:`migsearch.search.bm25`), each
  at weight 1, plus the thesaurus equivalents at :data:`SYNONYM_WEIGHT`, so a
  document found only through "irregular" for "undocumented" ranks by it but
  below one that says what was typed;
* all words first: a short query (2-4 words or prefixes, joined by OR) ranks
  the documents that contain every one of them above those with only some, as
  users expect of a search box;
* pseudo-relevance feedback (:mod:`migsearch.search.feedback`) for queries of
  three words or more that are an OR of words and phrases (no AND, NOT, prefix
  or field the user asked for) and whose words are not common ones (their mean
  IDF at least ``fb_min_idf``): a second pass with the top documents' words.

Documents with no scored word (``country:THA``, ``year:2015``, or the part of
``fishers OR country:THA`` that only the country matched) all score 0 and come
after every scored one, newest first, then by document number
(:func:`migsearch.search.order.best_first`).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as Q

from migsearch.search.bm25 import BM25FParams, Scorer, Statistics
from migsearch.search.evaluate import TEXT_FIELDS, Evaluator
from migsearch.search.feedback import DocumentWords, rm3, top_documents
from migsearch.search.keyterms import MAX_QUERY_TERMS, focus
from migsearch.search.postings import PostingsReader
from migsearch.search.query.parse import ParsedQuery

__all__ = [
    "DEFAULT_PARAMS",
    "SHORT_QUERY_WORDS",
    "SYNONYM_WEIGHT",
    "QueryWords",
    "RankParams",
    "Ranker",
    "lifted",
    "mean_idf",
    "partial_max",
    "short_or_query",
    "typed_terms",
]

#: Queries with at most this many words rank documents having all of them first.
SHORT_QUERY_WORDS = 4
#: Weight of a thesaurus equivalent against a word the user typed.
SYNONYM_WEIGHT = 0.8


@dataclass(frozen=True)
class RankParams:
    """Ranking parameters.

    The defaults were chosen on SciFact's 809 train queries and on Cranfield
    (bench/ir_eval.py; SciFact's test queries were not used for choosing). On
    SciFact train, k1 in 1.0-1.6, b in 0.6-0.9 and title weights 0.5-1.5 are
    within 0.005 nDCG@10 of each other. Feedback with documents weighted by
    exp(score) and the query keeping 0.7 gave SciFact train nDCG@10 0.713 (0.704
    without feedback) and Cranfield MAP@100 0.352 (0.312 without);
    score-proportional document weights were level with no feedback on SciFact.
    Cranfield would take even more feedback (0.5: MAP 0.363), SciFact train
    peaks at 0.7.
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
    #: … and of at most this many: a long text says enough by itself
    fb_max_words: int = 1000
    #: top documents weigh exp(score / T) in the feedback model (0: in proportion to score)
    fb_temperature: float = 1.0
    #: feedback words found in more than this share of documents are not added
    fb_max_df: float = 0.25
    #: feedback only for queries whose words' mean IDF is at least this (1.5: the average
    #: word in fewer than about one document in four or five). Common words pick the
    #: first pass's top documents by what they happen to be about, and feedback drifts to
    #: that ("Shelter and Non-Food Items" to camps and food). On the tuning halves the
    #: gain of feedback rises with the query's mean IDF; nDCG@10 of the tuning halves
    #: against no such rule (bench/tune_ranking.py --grid feedback, bench/ir_eval.py): at
    #: 1.5 SciFact, Cranfield and the collections of their documents unchanged (Cranfield's
    #: tuning half: AP@100 -0.0002, nDCG@10 the same), ReliefWeb themes
    #: +0.001, mixed themes +0.019; at 2.0 Cranfield +0.002 but Cranfield by document
    #: -0.002, ReliefWeb themes +0.006, mixed themes +0.021; at 2.5 Cranfield -0.013
    fb_min_idf: float = 1.5
    #: all-words-first for short OR queries
    all_words_first: bool = True
    #: short OR queries: a document with k of the n words scores (k / n) ** coordination
    coordination: float = 0.0
    #: in a text of more than qtf_min_words words a word said n times weighs
    #: n ** qtf_power; a shorter query weighs every word once (on the tuning halves
    #: repeats help document-length queries and hurt SciFact's claims: 25 was best of
    #: 0, 10, 15, 20, 25 by the mean nDCG@10 of SciFact, Cranfield, Cranfield by document)
    qtf_power: float = 1.0
    qtf_min_words: int = 25
    #: words a long free-text query is searched with (its key terms)
    max_query_terms: int = MAX_QUERY_TERMS

    @property
    def bm25(self) -> BM25FParams:
        return BM25FParams(
            self.k1, (("content", 1.0, self.b_content), ("title", self.title_weight, self.b_title))
        )


DEFAULT_PARAMS = RankParams()


@dataclass(frozen=True)
class QueryWords:
    """What the ranking model reads from a query."""

    #: one group per word typed (its analysed term) or prefix (the terms it expanded to)
    groups: tuple[tuple[str, ...], ...]
    #: analysed thesaurus equivalents that are not typed words
    synonyms: tuple[str, ...] = ()
    #: the query is an OR at the top (all-words-first may apply)
    any_of: bool = False
    #: the query is an OR of plain words and phrases (feedback may apply)
    free_text: bool = False
    #: how often each typed word was typed (1 when not listed)
    counts: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(
        cls,
        q: Q.Query,
        typed: list[str],
        synonyms: list[str] | None = None,
        prefixes: list[tuple[str, ...]] | None = None,
    ) -> QueryWords:
        """The words of parsed query ``q``: ``typed`` analysed words (a word typed twice
        listed twice), ``prefixes``' expansions."""
        counts = Counter(typed)
        groups = [(t,) for t in counts]
        groups += [g for g in (prefixes or ()) if g]
        words = {t for g in groups for t in g}
        return cls(
            groups=tuple(groups),
            synonyms=tuple(t for t in dict.fromkeys(synonyms or ()) if t not in words),
            any_of=isinstance(_positive(q), Q.Or),
            free_text=_bag_of_words(q),
            counts=tuple((t, c) for t, c in counts.items() if c > 1),
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """Every scored word, once."""
        return tuple(dict.fromkeys(t for g in self.groups for t in g))

    def weights(self, qtf_power: float = 1.0) -> dict[str, float]:
        """Query weight of each scored word: its count to the power ``qtf_power``."""
        out = dict.fromkeys(self.terms, 1.0)
        for t, c in self.counts:
            out[t] = float(c) ** qtf_power
        return out


def _positive(q: Q.Query) -> Q.Query:
    """The part of ``q`` whose words are sought (``a b NOT c`` → ``a b``)."""
    return q.a if isinstance(q, Q.AndNot) else q


def _bag_of_words(q: Q.Query) -> bool:
    """An OR of words and phrases (what a typed sentence parses to, thesaurus phrases
    included): no AND, NOT, prefix, field restriction or other operator the user asked for."""
    if isinstance(q, Q.Term | Q.Phrase):
        return q.fieldname in TEXT_FIELDS or q.fieldname == "countries"
    return type(q) is Q.Or and all(_bag_of_words(c) for c in q.subqueries)


class Ranker:
    """The ranking model over one opened index.

    ``params`` are the model's parameters (:data:`DEFAULT_PARAMS`); a benchmark
    may set other ones on an opened index to compare. ``stats``: the collection
    statistics to score with, when not the index's own (a shard of a set,
    :meth:`with_stats`).

    :meth:`scores` runs the model's steps in order; each step is a method of
    its own so that a shard set can run them on every shard and do the global
    part between them (the top documents of feedback, the lift of all words first).
    """

    def __init__(
        self, postings: PostingsReader, evaluator: Evaluator, stats: Statistics | None = None
    ) -> None:
        self.scorer = Scorer(postings, stats)
        self.evaluator = evaluator
        self.postings = postings
        self.words = DocumentWords(postings.searcher)
        self.params = DEFAULT_PARAMS

    def with_stats(self, stats: Statistics) -> Ranker:
        """This model scoring with ``stats`` (sharing the index's caches of words)."""
        other = copy.copy(self)
        other.scorer = Scorer(self.postings, stats)
        return other

    def focus(self, pq: ParsedQuery) -> ParsedQuery:
        """``pq`` reduced to its key terms when it is a long free text (keyterms.focus)."""
        return focus(pq, self.scorer.idf, self.params.max_query_terms)

    def query_words(self, pq: ParsedQuery) -> QueryWords:
        assert pq.query is not None
        return QueryWords.of(
            pq.query,
            typed_terms(pq, self.params),
            pq.synonym_terms,
            self.evaluator.expansions(pq.query),
        )

    def all_words(self, pq: ParsedQuery, words: QueryWords | None = None) -> np.ndarray | None:
        """Live documents having every word of an OR query of two words or more (a prefix
        counts once, by any word it expands to); None for other queries."""
        if pq.query is None:
            return None
        words = words or self.query_words(pq)
        n = len(words.groups)
        if not words.any_of or n < 2:
            return None
        present = {}
        for t in words.terms:
            has = np.zeros(self.postings.n, dtype=bool)
            for f in TEXT_FIELDS:
                has[self.postings.postings(f, t)[0]] = True
            present[t] = np.flatnonzero(has)
        return (_groups_present(words.groups, present, self.postings.n) >= n) & self.postings.live

    def scores(
        self, words: QueryWords, place: np.ndarray, p: RankParams | None = None
    ) -> np.ndarray:
        """Score of every document number (0: none of the query's words). ``place``:
        each document number's place in id order, which decides between documents
        tied at the feedback cut (:func:`~migsearch.search.feedback.top_documents`)."""
        p = p or self.params
        total, present = self.first_pass(words, p)
        if self.feedback_applies(words, p, self.scorer.idf):
            top = [(s, self.words(d)) for s, d in top_documents(total, p.fb_docs, place)]
            total = self.second_pass(self.feedback(words, top, p), p)
        total, every = self.coordinated(words, present, total, p)
        if every is not None:
            total = lifted(total, every, partial_max(total, every))
        return total

    def first_pass(
        self, words: QueryWords, p: RankParams
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """BM25F of the query's words and synonyms, and each word's live documents."""
        bm25 = p.bm25
        total, present = self.scorer.scores(words.weights(p.qtf_power), bm25)
        if words.synonyms:
            syn = dict.fromkeys(words.synonyms, SYNONYM_WEIGHT)
            total = total + self.scorer.scores(syn, bm25)[0]
        return total, present

    @staticmethod
    def feedback_applies(words: QueryWords, p: RankParams, idf: Callable[[str], float]) -> bool:
        """Does feedback apply to ``words``? ``idf``: each word's IDF in the collection
        ranked (a shard set's, not one shard's, so that every shard agrees)."""
        n = len(words.groups)
        wanted = p.fb_min_words <= n <= p.fb_max_words
        if not (p.fb_docs and p.fb_terms and wanted and words.free_text):
            return False
        return mean_idf(words.weights(p.qtf_power), idf) >= p.fb_min_idf

    def feedback(
        self, words: QueryWords, top: list[tuple[float, Any]], p: RankParams
    ) -> dict[str, float]:
        """The query's weights with its top documents' words (RM3): ``top`` are the
        first pass's best documents, (score, words), best first."""
        return rm3(
            words.weights(p.qtf_power),
            top,
            self.scorer.doc_frequency,
            self.scorer.n_docs,
            terms=p.fb_terms,
            original_weight=p.fb_original_weight,
            temperature=p.fb_temperature,
            max_df=p.fb_max_df,
        )

    def second_pass(self, expanded: dict[str, float], p: RankParams) -> np.ndarray:
        return self.scorer.scores(expanded, p.bm25)[0]

    @staticmethod
    def coordinated(
        words: QueryWords, present: dict[str, np.ndarray], total: np.ndarray, p: RankParams
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """For a short OR query: the scores after coordination, and which documents have
        every word (to be lifted above the others); else the scores and None."""
        n = len(words.groups)
        if not short_or_query(words):
            return total, None
        have = _groups_present(words.groups, present, len(total))
        if p.coordination:
            total = total * (have / n) ** p.coordination
        return total, (have >= n) if p.all_words_first else None

    def weighted(self, weights: dict[str, float], params: RankParams | None = None) -> np.ndarray:
        """Plain BM25F of weighted words (more like this): no feedback, no all-words-first."""
        return self.scorer.scores(weights, (params or self.params).bm25)[0]


def mean_idf(weights: dict[str, float], idf: Callable[[str], float]) -> float:
    """The IDF of a query's words (``weights``: each word's query weight) averaged by
    their weights; words no document has are left out (0 when none is left)."""
    known = [(w, x) for t, w in weights.items() if (x := idf(t)) > 0 and w > 0]
    total = sum(w for w, _ in known)
    return sum(w * x for w, x in known) / total if total else 0.0


def typed_terms(pq: ParsedQuery, p: RankParams) -> list[str]:
    """The typed words scored: a short query counts each word once (only a long
    text's repeats say something)."""
    long = pq.long or len(pq.terms) > p.qtf_min_words
    return pq.terms if long else list(dict.fromkeys(pq.terms))


def short_or_query(words: QueryWords) -> bool:
    """Is it an OR of 2 to :data:`SHORT_QUERY_WORDS` words (all words first applies)?"""
    return words.any_of and 1 < len(words.groups) <= SHORT_QUERY_WORDS


def partial_max(total: np.ndarray, every: np.ndarray) -> float | None:
    """The best score of a document without every word; None when there is none."""
    partial = total[~every]
    return float(partial.max()) if len(partial) else None


def lifted(total: np.ndarray, every: np.ndarray, lift: float | None) -> np.ndarray:
    """All words first: the documents with every word lifted above the best of the others."""
    return np.where(every, total + (lift or 0.0), total)


def _groups_present(
    groups: tuple[tuple[str, ...], ...], present: dict[str, np.ndarray], n: int
) -> np.ndarray:
    """How many of the query's words (a prefix counts once) each document has."""
    hits = np.zeros(n, dtype=np.int32)
    empty = np.zeros(0, dtype=np.int64)
    for group in groups:
        if len(group) == 1:
            hits[present.get(group[0], empty)] += 1
        else:
            has = [present[t] for t in group if t in present]
            if has:
                hits[np.unique(np.concatenate(has))] += 1
    return hits
