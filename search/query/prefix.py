"""Bounded prefix search: ``migra*`` without the cost of an unbounded wildcard.

Whoosh's own wildcard and prefix queries expand to every index term that fits,
which on a few thousand documents can mean thousands of terms and seconds per
query. Here a prefix must have at least :data:`MIN_PREFIX` letters (checked by
the query validator, with a position) and expands to at most
:data:`MAX_EXPANSIONS` index terms, the most frequent first, so the worst case
is a bounded OR of ordinary term queries.

The content field is stemmed, so ``migration*`` would find little under its
own spelling (the index holds ``migrat``): the stem of the prefix, when it is
an index term, is added to the expansion.

A shard set expands a prefix as one index of all its documents would: each
shard sends the terms it has for the prefix with their document counts
(:meth:`BoundedPrefix.candidates`), the coordinator adds them up and keeps the
set's most frequent (:func:`choose`, the same choice one index makes on its
own counts), and every shard then matches and ranks that expansion
(:func:`with_expansions` fixes it in the shard's query), so the limit holds for
the whole set rather than for each shard.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser
from whoosh import query as Q
from whoosh.qparser import syntax

from migsearch.indexer.vocabulary.analysis import stem

__all__ = [
    "MAX_EXPANSIONS",
    "MIN_PREFIX",
    "BoundedPrefix",
    "BoundedPrefixPlugin",
    "PrefixCandidates",
    "choose",
    "prefixes_in",
    "ranges_in",
    "with_expansions",
]

#: letters a prefix needs before ``*``
MIN_PREFIX = 3
#: index terms one prefix may expand to (most frequent kept)
MAX_EXPANSIONS = 50


@dataclass
class PrefixCandidates:
    """What an index has for one prefix: each term it expands to with its document
    count, and the stem of the prefix with its count (plain data: a shard set adds
    its shards' up)."""

    terms: dict[bytes, int] = field(default_factory=dict)
    stem: bytes = b""
    stem_count: int = 0

    @classmethod
    def merged(cls, parts: Iterable[PrefixCandidates]) -> PrefixCandidates:
        out = cls()
        for p in parts:
            for b, n in p.terms.items():
                out.terms[b] = out.terms.get(b, 0) + n
            out.stem = p.stem
            out.stem_count += p.stem_count
        return out


def choose(cands: PrefixCandidates, limit: int) -> list[bytes]:
    """The ``limit`` most frequent terms (equal counts: the later term first, as a
    heap of (count, term) keeps them), in term order; the prefix's stem replaces one
    of them when it is an index term."""
    top = heapq.nlargest(limit, ((n, b) for b, n in cands.terms.items()))
    found = sorted(b for _, b in top)
    # "migration*": the index holds the stem "migrat" for migration(s)
    if cands.stem not in found and cands.stem_count:
        found = sorted([*found[: limit - 1], cands.stem])
    return found


class BoundedPrefix(Q.Prefix):
    """A prefix query that expands to at most ``limit`` terms, most frequent first.

    Scored like the OR of its terms (not constant-score), so a document that
    uses the matching words often ranks above one that mentions them once.
    """

    def __init__(
        self,
        fieldname: str,
        text: str,
        boost: float = 1.0,
        limit: int = MAX_EXPANSIONS,
        fixed: tuple[str, ...] | None = None,
    ) -> None:
        super().__init__(fieldname, text, boost=boost, constantscore=False)
        self.limit = limit
        #: the expansion chosen for the whole shard set, when this is a shard's query
        self.fixed = fixed

    def __eq__(self, other: object) -> bool:
        return (
            super().__eq__(other)
            and self.limit == other.limit  # type: ignore[attr-defined]
            and self.fixed == other.fixed  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.limit) ^ hash(self.fixed)

    def __repr__(self) -> str:
        # the evaluator remembers matches by repr: a fixed expansion is another query
        base = super().__repr__()
        return base if self.fixed is None else f"{base[:-1]}, fixed={self.fixed!r})"

    def __unicode__(self) -> str:
        return f"{self.fieldname}:{self.text}*"

    __str__ = __unicode__

    def _btexts(self, ixreader: Any) -> list[bytes]:
        if self.fieldname not in ixreader.schema:
            return []
        if self.fixed is not None:
            return [t.encode("utf-8") for t in self.fixed]
        return choose(self.candidates(ixreader), self.limit)

    def candidates(self, ixreader: Any) -> PrefixCandidates:
        """The terms ``ixreader`` has for this prefix, and its stem, with their counts."""
        fieldname = self.fieldname
        if fieldname not in ixreader.schema:
            return PrefixCandidates()
        freq = ixreader.doc_frequency
        stemmed = stem(self.text).encode("utf-8")
        # expand_prefix is a lexicon walk from the prefix: cheap with >= 3 letters
        terms = {b: freq(fieldname, b) for b in ixreader.expand_prefix(fieldname, self.text)}
        return PrefixCandidates(terms, stemmed, freq(fieldname, stemmed))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        # Prefix.matcher turns an empty prefix into Every(); this query never has one
        return Q.MultiTerm.matcher(self, searcher, context)


class BoundedPrefixPlugin(qparser.TaggingPlugin):
    """Tags ``word*`` as a :class:`BoundedPrefix` (replaces Whoosh's WildcardPlugin)."""

    expr = r"(?P<text>[^\s()\"*:^]+)\*(?=$|[\s)])"
    priority = 0

    class PrefixNode(syntax.TextNode):
        def r(self) -> str:
            return f"BoundedPrefix {self.text!r}"

        def query(self, parser: Any) -> Q.Query:
            fieldname = self.fieldname or parser.fieldname
            return BoundedPrefix(fieldname, self.text.lower(), boost=self.boost)

    nodetype = PrefixNode


def prefixes_in(q: Q.Query) -> list[BoundedPrefix]:
    """The bounded prefixes of a query tree, negated ones too (they decide matches)."""
    return [node for node in q.leaves() if isinstance(node, BoundedPrefix)]


def ranges_in(q: Q.Query) -> list[Q.MultiTerm]:
    """The other multi-term nodes of a query tree (ranges): a shard set checks that
    their words together are not more than one index would expand them to."""
    return [
        n for n in q.leaves() if isinstance(n, Q.MultiTerm) and not isinstance(n, BoundedPrefix)
    ]


def with_expansions(q: Q.Query, fixed: Mapping[tuple[str, str], tuple[str, ...]]) -> Q.Query:
    """``q`` with each prefix of ``fixed`` (by field and text) expanding to its terms there."""

    def fix(node: Q.Query) -> Q.Query:
        if isinstance(node, BoundedPrefix) and (node.fieldname, node.text) in fixed:
            terms = fixed[(node.fieldname, node.text)]
            return BoundedPrefix(node.fieldname, node.text, node.boost, node.limit, terms)
        return node

    return q.accept(fix)
