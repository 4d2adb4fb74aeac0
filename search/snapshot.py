"""One opened commit of an index, and everything computed against its document numbers.

Document numbers are only meaningful for the searcher that assigned them, so
the postings reader, the evaluator, the ranking model, facet columns, filter
masks and their caches all belong to one :class:`Snapshot` and are dropped
with it when a new commit is opened.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from migsearch.search.cache import BoundedCache
from migsearch.search.columns import FacetArrays, column_values
from migsearch.search.docset import DocSet
from migsearch.search.evaluate import Evaluator
from migsearch.search.facets import Column, Filter
from migsearch.search.highlight import Highlighter
from migsearch.search.postings import PostingsReader
from migsearch.search.query.parse import ParsedQuery
from migsearch.search.ranking import Ranker

__all__ = ["FILTER_CACHE_BYTES", "RANKED_CACHE_BYTES", "Snapshot"]

#: Filter masks kept per opened index (one byte per document each).
FILTER_CACHE_BYTES = 32 * 1024 * 1024
#: Ranked matches kept per opened index (16 bytes per match each).
RANKED_CACHE_BYTES = 64 * 1024 * 1024


class Snapshot:
    """An opened searcher of one commit, with its arrays and caches."""

    def __init__(self, ix: Any, stamp: Any) -> None:
        self.searcher = ix.searcher()
        #: the commit this snapshot reads (migsearch.indexer.store.storage.commit_stamp)
        self.stamp = stamp
        self.generation = ix.latest_generation()
        self.postings = PostingsReader(self.searcher)
        self.evaluator = Evaluator(self.postings)
        self.ranker = Ranker(self.postings, self.evaluator)
        self.highlighter = Highlighter(self.searcher.schema["content"].analyzer)
        #: respellings of query texts ("Did you mean"): the lexicon walk costs ~10 ms a word
        self.respellings: BoundedCache[str | None] = BoundedCache(1024)
        self._raw: dict[str, list[str]] = {}
        self._columns: dict[Column, FacetArrays] = {}
        self._filters: BoundedCache[DocSet] = BoundedCache(
            FILTER_CACHE_BYTES, sizeof=lambda d: d.mask.nbytes
        )
        self._ranked: BoundedCache[tuple[np.ndarray, np.ndarray]] = BoundedCache(
            RANKED_CACHE_BYTES, sizeof=lambda r: r[0].nbytes + r[1].nbytes
        )
        dates = np.asarray(self._column_values("date"), dtype=str)
        _, key = np.unique(dates, return_inverse=True)
        if len(dates) and not (dates == "").any():
            key = key + 1  # keep 0 for "undated"
        #: a sort key per document number that orders dates; 0 for undated
        self.date_key: np.ndarray = key.reshape(-1)

    def close(self) -> None:
        self.searcher.close()

    @property
    def live(self) -> np.ndarray:
        """Mask of the documents that are not deleted."""
        return self.postings.live

    def _column_values(self, field: str) -> list[str]:
        got = self._raw.get(field)
        if got is None:
            got = self._raw[field] = column_values(self.searcher.reader(), field)
        return got

    def column(self, c: Column) -> FacetArrays:
        """The (document, value) arrays of a facet column, read on first use."""
        got = self._columns.get(c)
        if got is None:
            raw = self._column_values(c.field)
            if c.prefix:
                raw = [v[: c.prefix] for v in raw]
            got = self._columns[c] = FacetArrays.from_column(raw, multi=c.multi)
        return got

    def matches(self, pq: ParsedQuery) -> DocSet:
        """Live documents the query matches (every live document for no query)."""
        if pq.query is None:
            return DocSet(self.live)
        return DocSet(self.evaluator.matches(pq.query))

    def filter(self, f: Filter, wanted: tuple[str, ...]) -> DocSet:
        """Live documents ``f`` keeps for the ``wanted`` values (remembered)."""

        def compute() -> DocSet:
            return DocSet(self.column(f.column).mask_where(f.accepts(wanted)) & self.live)

        return self._filters.get_or_compute((f.name, wanted), compute)

    def ranked(self, pq: ParsedQuery) -> tuple[np.ndarray, np.ndarray]:
        """Every document the query matches, ascending, with its relevance score
        (remembered: a facet click or the next page ranks the same query again)."""
        q = pq.query
        assert q is not None

        def rank() -> tuple[np.ndarray, np.ndarray]:
            ids = self.matches(pq).ids()
            words = self.ranker.query_words(pq)
            return ids, self.ranker.scores(words)[ids]

        key = (repr(q), tuple(pq.terms), tuple(pq.synonym_terms), self.ranker.params)
        return self._ranked.get_or_compute(key, rank)
