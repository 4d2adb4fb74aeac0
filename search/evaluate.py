"""Which documents a query matches: the parsed query tree, evaluated over arrays.

The tree the query layer builds (Whoosh query objects) is walked once; each
node becomes a boolean mask over the index's document numbers:

* a term is its postings (:mod:`migsearch.search.postings`);
* ``Or``, ``And``, ``AndNot`` and ``Not`` are unions, intersections and
  complements of their children's masks;
* a multi-term node (a bounded prefix ``migra*``, a year range) is the union
  of the terms it expands to in this index;
* any other node (a phrase, which needs word positions) is matched by Whoosh's
  own matcher for that node alone, segment by segment, and remembered.

Only *which* documents match is decided here; their order is the ranking
model's (:mod:`migsearch.search.ranking`), which reads the words of the query,
not the shape of its tree. :meth:`Evaluator.expansions` gives the ranking the
words that prefixes expanded to, from the same expansion that matched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import query as Q
from whoosh.query.qcore import QueryError as WhooshQueryError
from whoosh.reading import TermNotFound

from migsearch.search.cache import BoundedCache
from migsearch.search.postings import PostingsReader

__all__ = ["MATCH_CACHE_BYTES", "TEXT_FIELDS", "Evaluator", "positive_leaves"]

#: Fields whose words are ranked (the others, countries or years, only filter).
TEXT_FIELDS = ("content", "title")
#: Match sets kept per opened index (one byte per document each).
MATCH_CACHE_BYTES = 64 * 1024 * 1024


class Evaluator:
    """Match sets of query trees over one opened index."""

    def __init__(self, postings: PostingsReader) -> None:
        self.postings = postings
        self.searcher = postings.searcher
        self.n = postings.n
        #: live-document masks of whole queries and of nodes matched by Whoosh, by repr
        self.cache: BoundedCache[np.ndarray] = BoundedCache(
            MATCH_CACHE_BYTES, sizeof=lambda m: m.nbytes
        )
        self._expanded: BoundedCache[tuple[str, ...]] = BoundedCache(4096)

    def matches(self, q: Q.Query) -> np.ndarray:
        """Boolean mask of the live documents ``q`` matches (remembered per query)."""
        return self.cache.get_or_compute(repr(q), lambda: self._mask(q) & self.postings.live)

    def expansions(self, q: Q.Query) -> list[tuple[str, ...]]:
        """The words each multi-term node of a text field expands to, one group per node.

        Negated nodes are left out: they match no document that is ranked.
        """
        return [
            self._expand(node)
            for node in positive_leaves(q)
            if isinstance(node, Q.MultiTerm)
            if node.field() in TEXT_FIELDS
        ]

    # ------------------------------------------------------------ nodes
    def _mask(self, q: Q.Query) -> np.ndarray:
        t = type(q)
        if t is Q.Term:
            return self._terms(q.fieldname, (q.text,))
        if t is Q.Or and not q.minmatch:
            return self._combine(np.logical_or, q.subqueries, False)
        if t is Q.And:
            return self._combine(np.logical_and, q.subqueries, True)
        if t is Q.AndNot:
            return self._mask(q.a) & ~self._mask(q.b)
        if t is Q.Not:
            return ~self._mask(q.query)
        if isinstance(q, Q.MultiTerm):
            return self._terms(q.field(), self._expand(q))
        return self.matches_by_whoosh(q)

    def _combine(self, op: Any, subs: list[Q.Query], empty: bool) -> np.ndarray:
        if not subs:
            return np.zeros(self.n, dtype=bool)
        out = self._mask(subs[0])
        for s in subs[1:]:
            out = op(out, self._mask(s))
        return out

    def _terms(self, fieldname: str, texts: tuple[str, ...]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for text in texts:
            ids, _ = self.postings.postings(fieldname, text)
            mask[ids] = True
        return mask

    def _expand(self, node: Q.MultiTerm) -> tuple[str, ...]:
        def expand() -> tuple[str, ...]:
            fieldname = node.field()
            if fieldname not in self.postings.schema:
                return ()
            field = self.postings.schema[fieldname]
            reader = self.searcher.reader()
            # as Whoosh's own matcher: an empty value (an undated year) is no term
            return tuple(field.from_bytes(b) for _, b in node.expanded_terms(reader) if b)

        return self._expanded.get_or_compute(repr(node), expand)

    def matches_by_whoosh(self, q: Q.Query) -> np.ndarray:
        """A node matched by Whoosh's own matcher, segment by segment (remembered)."""

        def run() -> np.ndarray:
            mask = np.zeros(self.n, dtype=bool)
            for sub, offset in self.postings.leaves:
                try:
                    ids = np.fromiter(q.matcher(sub, sub.boolean_context()).all_ids(), np.int64)
                except (TermNotFound, WhooshQueryError):  # nothing this segment can match
                    continue
                mask[ids + offset] = True
            return mask & self.postings.live

        return self.cache.get_or_compute(repr(q), run)


def positive_leaves(q: Q.Query) -> Iterator[Q.Query]:
    """Leaves of ``q`` that are not negated (``NOT x``, the right side of ``a ANDNOT b``)."""
    if isinstance(q, Q.Not):
        return
    if isinstance(q, Q.AndNot):
        yield from positive_leaves(q.a)
    elif q.is_leaf():
        yield q
    else:
        for c in q.children():
            yield from positive_leaves(c)
