"""How matches are ordered: the weighting model and the scored form of a query.

Kept apart from parsing so ranking can be tuned (BM25 parameters, field
weights, all-words-first for short queries) without touching what matches:
the engine always ranks within the set of documents the parsed query matches.
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.scoring import BM25F, WeightingModel

__all__ = ["rank_query", "weighting"]

#: Queries with at most this many words rank documents having all of them first.
SHORT_QUERY_WORDS = 4
ALL_WORDS_BOOST = 3.0


def weighting() -> WeightingModel:
    return BM25F(B=0.75, K1=1.2)


def rank_query(q: Q.Query, terms: list[str]) -> Q.Query:
    """The query that scores documents; it must match no document ``q`` does not."""
    if isinstance(q, Q.Or) and 1 < len(terms) <= SHORT_QUERY_WORDS:
        every_word = Q.And(
            [Q.Or([Q.Term("title", t), Q.Term("content", t)]) for t in terms],
            boost=ALL_WORDS_BOOST,
        )
        return Q.Or([q, every_word])
    return q
