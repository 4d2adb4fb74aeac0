"""Which documents a query matches: the parsed query tree, evaluated over arrays.

The tree the query layer builds (Whoosh query objects) is walked once; each
node becomes a boolean mask over the index's document numbers:

* a term is its postings (:mod:`migsearch.search.postings`);
* ``Or``, ``And``, ``AndNot`` and ``Not`` are unions, intersections and
  complements of their children's masks;
* a multi-term node (a bounded prefix ``migra*``, a year range) is the union
  of the terms it expands to in this index, at most :data:`MAX_EXPANDED_TERMS`
  of them: a range over a text field (``text:[a TO z]``) would otherwise read
  the postings of every word of the index, so it is refused with a QueryError;
* any other node (a phrase, which needs word positions) is matched by Whoosh's
  own matcher for that node alone, segment by segment, and remembered; the
  term matchers under it check the search's deadline as they move.

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
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query.qcore import QueryError as WhooshQueryError
from whoosh.reading import TermNotFound

from migsearch.errors import QueryError
from migsearch.search.cache import BoundedCache
from migsearch.search.deadline import check_deadline
from migsearch.search.postings import PostingsReader
from migsearch.search.query.syntax import USER_FIELDS

__all__ = [
    "MATCH_CACHE_BYTES",
    "MAX_EXPANDED_TERMS",
    "TEXT_FIELDS",
    "Evaluator",
    "positive_leaves",
    "too_wide",
]

#: Fields whose words are ranked (the others, countries or years, only filter).
TEXT_FIELDS = ("content", "title")
#: Match sets kept per opened index (one byte per document each).
MATCH_CACHE_BYTES = 64 * 1024 * 1024
#: Index words one range or wildcard may stand for (a century of years is 100).
MAX_EXPANDED_TERMS = 1000
#: Postings a Whoosh term matcher moves over between two deadline checks.
_STEPS_PER_CHECK = 64
#: the name a user types for each index field (``text:`` for ``content``)
_TYPED_NAME = {index: typed for typed, index in reversed(USER_FIELDS.items())}


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
            check_deadline()
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
            out: list[str] = []
            for _, b in node.expanded_terms(reader):
                if not b:  # as Whoosh's own matcher: an empty value (an undated year) is no term
                    continue
                out.append(field.from_bytes(b))
                if len(out) > MAX_EXPANDED_TERMS:
                    raise QueryError(too_wide(node), None)
                if len(out) % 256 == 0:
                    check_deadline()
            return tuple(out)

        return self._expanded.get_or_compute(repr(node), expand)

    def matches_by_whoosh(self, q: Q.Query) -> np.ndarray:
        """A node matched by Whoosh's own matcher, segment by segment (remembered)."""

        def run() -> np.ndarray:
            mask = np.zeros(self.n, dtype=bool)
            for sub, offset in self.postings.leaves:
                searcher = _DeadlineSearcher(sub)
                try:
                    m = q.matcher(searcher, sub.boolean_context())
                    ids = np.fromiter(m.all_ids(), np.int64)
                except (TermNotFound, WhooshQueryError):  # nothing this segment can match
                    continue
                mask[ids + offset] = True
            return mask & self.postings.live

        return self.cache.get_or_compute(repr(q), run)


def too_wide(node: Q.MultiTerm) -> str:
    """The refusal of a range or wildcard that stands for too many words (a shard set
    refuses with it when its shards' words together are too many)."""
    field = node.field()
    shown = str(node).replace(f"{field}:", f"{_TYPED_NAME.get(field, field)}:", 1)
    return (
        f"{shown} stands for more than {MAX_EXPANDED_TERMS:,} words of the index: "
        "narrow it (ranges are meant for year:, e.g. year:2014..2016)"
    )


class _DeadlineMatcher(WrappingMatcher):
    """A term's matcher that checks the search's deadline every so many moves.

    Whoosh's phrase matcher loops over candidate documents inside one call;
    its term matchers are where that loop moves, so that is where it can stop.
    """

    def __init__(self, child: Any, boost: float = 1.0) -> None:
        super().__init__(child, boost=boost)
        self._steps = 0

    def _tick(self) -> None:
        self._steps += 1
        if self._steps % _STEPS_PER_CHECK == 0:
            check_deadline()

    def next(self) -> Any:
        self._tick()
        return self.child.next()

    def skip_to(self, id: int) -> Any:
        self._tick()
        return self.child.skip_to(id)


class _DeadlineSearcher:
    """A Whoosh searcher whose term matchers check the search's deadline."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self._searcher, name)

    def postings(self, fieldname: str, text: Any, weighting: Any = None, qf: int = 1) -> Any:
        m = self._searcher.postings(fieldname, text, weighting=weighting, qf=qf)
        return _DeadlineMatcher(m)


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
