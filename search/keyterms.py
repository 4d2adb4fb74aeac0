"""Key terms: the words of a long text that say most about what it is about.

A pasted paragraph, a whole report used as a query, or a document whose
neighbours are wanted ("more like this") has far more words than a search
needs: most of them are common, and each costs a pass over its postings. As
in Lucene's more-like-this and in query-likelihood practice for verbose
queries, each distinct word is weighed by how often the text uses it and how
rare it is in the index (``count × IDF``), and only the heaviest
:data:`MAX_QUERY_TERMS` are kept. The ranking then weighs each kept word by
its count in the text (a word said five times matters more than one said
once), and BM25F adds its IDF.

Used for long free-text queries (:func:`focus`, a rewrite of the parsed query
that says what it kept) and for similar documents (:mod:`~migsearch.search.similar`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from whoosh import query as Q

from migsearch.search.query.parse import DEFAULT_FIELDS, ParsedQuery, notice

__all__ = ["MAX_QUERY_TERMS", "focus", "key_terms"]

#: words a query is searched with, at most (chosen on tuning halves: bench/tune_ranking.py)
MAX_QUERY_TERMS = 64


def key_terms(
    words: Iterable[str], idf: Callable[[str], float], limit: int = MAX_QUERY_TERMS
) -> dict[str, int]:
    """The ``limit`` heaviest of ``words`` (analysed, repeats counted) with their counts.

    Weight is ``count × idf``; a word no document has (IDF 0) is dropped. Ties
    keep the word met first, so the choice never depends on hashing.
    """
    counts = Counter(words)
    weighed = [(c * idf(w), i, w) for i, (w, c) in enumerate(counts.items())]
    best = sorted((x for x in weighed if x[0] > 0), key=lambda x: (-x[0], x[1]))[:limit]
    return {w: counts[w] for _, _, w in sorted(best, key=lambda x: x[1])}


def _bag_of_words(q: Q.Query) -> bool:
    """An OR of plain words in the text fields: what a pasted text parses to."""
    if isinstance(q, Q.Term):
        return q.fieldname in DEFAULT_FIELDS
    if isinstance(q, Q.Phrase):
        return q.fieldname in DEFAULT_FIELDS
    return type(q) is Q.Or and all(_bag_of_words(c) for c in q.subqueries)


def focus(
    pq: ParsedQuery, idf: Callable[[str], float], limit: int = MAX_QUERY_TERMS
) -> ParsedQuery:
    """``pq`` searched by its key terms when it is a long OR of words; else ``pq`` itself.

    Only a text that parses to an OR of words and phrases (no operator, field or
    prefix: the user asked for nothing precise) with more than ``limit``
    distinct words is rewritten: it then matches the documents that have one of
    its key terms, ranked by them, and a notice says so. Its thesaurus and
    country expansions go with the words that were left out.
    """
    if pq.query is None or not _bag_of_words(pq.query):
        return pq
    distinct = len(dict.fromkeys(pq.terms))
    if distinct <= limit:
        return pq
    kept = key_terms(pq.terms, idf, limit)
    if not kept:
        return pq
    q = Q.Or([Q.Or([Q.Term(f, w, boost=b) for f, b in DEFAULT_FIELDS.items()]) for w in kept])
    said = notice(
        "key-words",
        f"searched for the {len(kept)} most distinctive of its {distinct:,} words",
    )
    return replace(
        pq,
        query=q,
        terms=[w for w, c in kept.items() for _ in range(c)],
        expansions=[],
        synonym_terms=[],
        notices=[*pq.notices, said],
        long=True,
    )
