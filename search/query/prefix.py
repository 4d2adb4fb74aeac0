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
"""

from __future__ import annotations

import heapq
from typing import Any

from whoosh import qparser
from whoosh import query as Q
from whoosh.qparser import syntax

from migsearch.indexer.vocabulary.analysis import stem

__all__ = ["MAX_EXPANSIONS", "MIN_PREFIX", "BoundedPrefix", "BoundedPrefixPlugin"]

#: letters a prefix needs before ``*``
MIN_PREFIX = 3
#: index terms one prefix may expand to (most frequent kept)
MAX_EXPANSIONS = 50


class BoundedPrefix(Q.Prefix):
    """A prefix query that expands to at most ``limit`` terms, most frequent first.

    Scored like the OR of its terms (not constant-score), so a document that
    uses the matching words often ranks above one that mentions them once.
    """

    def __init__(
        self, fieldname: str, text: str, boost: float = 1.0, limit: int = MAX_EXPANSIONS
    ) -> None:
        super().__init__(fieldname, text, boost=boost, constantscore=False)
        self.limit = limit

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and self.limit == other.limit  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.limit)

    def __unicode__(self) -> str:
        return f"{self.fieldname}:{self.text}*"

    __str__ = __unicode__

    def _btexts(self, ixreader: Any) -> list[bytes]:
        if self.fieldname not in ixreader.schema:
            return []
        found = self._top_terms(ixreader, self.text)
        # "migration*": the index holds the stem "migrat" for migration(s)
        stemmed = stem(self.text).encode("utf-8")
        if stemmed not in found and ixreader.doc_frequency(self.fieldname, stemmed):
            found = sorted([*found[: self.limit - 1], stemmed])
        return found

    def _top_terms(self, ixreader: Any, prefix: str) -> list[bytes]:
        fieldname = self.fieldname
        freq = ixreader.doc_frequency
        # expand_prefix is a lexicon walk from the prefix: cheap with >= 3 letters
        candidates = ((freq(fieldname, b), b) for b in ixreader.expand_prefix(fieldname, prefix))
        top = heapq.nlargest(self.limit, candidates)
        return sorted(b for _, b in top)

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
