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
  or field the user asked for): a second pass with the top documents' words.

Documents with no scored word (``country:THA``, ``year:2015``, or the part of
``fishers OR country:THA`` that only the country matched) all score 0 and come
after every scored one, newest first, then by document number
(:func:`migsearch.search.order.best_first`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from migsearch.search.bm25 import BM25FParams, Scorer
from migsearch.search.evaluate import TEXT_FIELDS, Evaluator
from migsearch.search.feedback import DocumentWords, rm3
from migsearch.search.postings import PostingsReader

__all__ = [
    "DEFAULT_PARAMS",
    "SHORT_QUERY_WORDS",
    "SYNONYM_WEIGHT",
    "QueryWords",
    "RankParams",
    "Ranker",
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
    #: top documents weigh exp(score / T) in the feedback model (0: in proportion to score)
    fb_temperature: float = 1.0
    #: feedback words found in more than this share of documents are not added
    fb_max_df: float = 0.25
    #: all-words-first for short OR queries
    all_words_first: bool = True

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

    @classmethod
    def of(
        cls,
        q: Q.Query,
        typed: list[str],
        synonyms: list[str] | None = None,
        prefixes: list[tuple[str, ...]] | None = None,
    ) -> QueryWords:
        """The words of parsed query ``q``: ``typed`` analysed words, ``prefixes``' expansions."""
        groups = [(t,) for t in dict.fromkeys(typed)]
        groups += [g for g in (prefixes or ()) if g]
        words = {t for g in groups for t in g}
        return cls(
            groups=tuple(groups),
            synonyms=tuple(t for t in dict.fromkeys(synonyms or ()) if t not in words),
            any_of=isinstance(q, Q.Or),
            free_text=_bag_of_words(q),
        )

    @property
    def terms(self) -> tuple[str, ...]:
        """Every scored word at weight 1, once."""
        return tuple(dict.fromkeys(t for g in self.groups for t in g))


def _bag_of_words(q: Q.Query) -> bool:
    """An OR of words and phrases (what a typed sentence parses to, thesaurus phrases
    included): no AND, NOT, prefix, field restriction or other operator the user asked for."""
    if isinstance(q, Q.Term | Q.Phrase):
        return q.fieldname in TEXT_FIELDS or q.fieldname == "countries"
    return type(q) is Q.Or and all(_bag_of_words(c) for c in q.subqueries)


class Ranker:
    """The ranking model over one opened index."""

    def __init__(self, postings: PostingsReader, evaluator: Evaluator) -> None:
        self.scorer = Scorer(postings)
        self.evaluator = evaluator
        self.words = DocumentWords(postings.searcher)

    def query_words(self, q: Q.Query, typed: list[str], synonyms: list[str]) -> QueryWords:
        return QueryWords.of(q, typed, synonyms, self.evaluator.expansions(q))

    def scores(self, words: QueryWords, p: RankParams = DEFAULT_PARAMS) -> np.ndarray:
        """Score of every document number (0: none of the query's words)."""
        bm25 = p.bm25
        weights = dict.fromkeys(words.terms, 1.0)
        total, present = self.scorer.scores(weights, bm25)
        if words.synonyms:
            total = (
                total + self.scorer.scores(dict.fromkeys(words.synonyms, SYNONYM_WEIGHT), bm25)[0]
            )
        n = len(words.groups)
        if p.fb_docs and p.fb_terms and n >= p.fb_min_words and words.free_text:
            expanded = rm3(
                weights,
                total,
                self.words,
                self.scorer.doc_frequency,
                self.scorer.n_docs,
                docs=p.fb_docs,
                terms=p.fb_terms,
                original_weight=p.fb_original_weight,
                temperature=p.fb_temperature,
                max_df=p.fb_max_df,
            )
            total, _ = self.scorer.scores(expanded, bm25)
        if p.all_words_first and words.any_of and 1 < n <= SHORT_QUERY_WORDS:
            every = _groups_present(words.groups, present, len(total)) >= n
            partial = total[~every]
            lift = float(partial.max()) if len(partial) else 0.0
            total = np.where(every, total + lift, total)
        return total

    def weighted(
        self, weights: dict[str, float], params: RankParams = DEFAULT_PARAMS
    ) -> np.ndarray:
        """Plain BM25F of weighted words (more like this): no feedback, no all-words-first."""
        return self.scorer.scores(weights, params.bm25)[0]


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
