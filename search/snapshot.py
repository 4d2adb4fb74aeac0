"""One opened commit of an index, and everything computed against its document numbers.

Document numbers are only meaningful for the searcher that assigned them, so
the postings reader, the evaluator, the ranking model, facet columns, filter
masks and their caches all belong to one :class:`Snapshot` and are dropped
with it when a new commit is opened.

A snapshot is shared by every search that runs while it is current, in as
many threads as there are: its files are opened for concurrent readers
(:mod:`migsearch.search.filemap`), its caches are thread-safe, and what it
computes once (columns, the date order) is computed by one thread while the
others wait for it. Each search holds it (:meth:`Snapshot.retain` /
:meth:`Snapshot.release`); a snapshot replaced by a newer commit is closed
when its last search lets go, never under one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

import numpy as np

from migsearch.indexer.store.facetcodes import Encoded
from migsearch.search.cache import BoundedCache
from migsearch.search.columns import FacetArrays, column_lists, joined, prefixed
from migsearch.search.deadline import paused
from migsearch.search.docset import DocSet
from migsearch.search.evaluate import Evaluator
from migsearch.search.facets import FACETS, Column, Filter
from migsearch.search.highlight import Highlighter
from migsearch.search.postings import PostingsReader
from migsearch.search.query.parse import ParsedQuery
from migsearch.search.ranking import Ranker

__all__ = ["FILTER_CACHE_BYTES", "RANKED_CACHE_BYTES", "SNIPPETS_KEPT", "Snapshot"]

#: Filter masks kept per opened index (one byte per document each).
FILTER_CACHE_BYTES = 32 * 1024 * 1024
#: Ranked matches kept per opened index (16 bytes per match each).
RANKED_CACHE_BYTES = 64 * 1024 * 1024
#: Highlights kept per opened index (a few hundred characters each).
SNIPPETS_KEPT = 10_000
#: The stored fields that snippets, hits and feedback read.
_TEXT_FIELDS = ("content", "title")

T = TypeVar("T")


class Snapshot:
    """An opened searcher of one commit, with its arrays and caches.

    ``shared``: its files may be read by many threads at once; when False
    (an index whose files Whoosh reads through one shared cursor), searches
    take :attr:`exclusive` in turn.
    """

    def __init__(self, ix: Any, stamp: Any, *, shared: bool = True) -> None:
        self.ix = ix
        self.searcher = ix.searcher()
        #: the commit this snapshot reads (migsearch.indexer.store.storage.commit_stamp)
        self.stamp = stamp
        gen = self.searcher.reader().generation()
        #: Whoosh's generation number of the commit (an empty index's reader has none)
        self.generation: int = gen if gen is not None else ix.latest_generation()
        #: held around each search (a no-op when the files are shared between threads)
        self.exclusive: AbstractContextManager[Any] = nullcontext() if shared else threading.RLock()
        self.postings = PostingsReader(self.searcher)
        self.evaluator = Evaluator(self.postings)
        self.ranker = Ranker(self.postings, self.evaluator)
        self.highlighter = Highlighter(self.searcher.schema["content"].analyzer)
        #: highlights of a document for a query's words (a facet click or the next page
        #: shows many of the same hits again): (snippet, page)
        self.snippets: BoundedCache[tuple[str, int | None]] = BoundedCache(SNIPPETS_KEPT)
        #: respellings of query texts ("Did you mean"): the lexicon walk costs ~10 ms a word
        self.respellings: BoundedCache[str | None] = BoundedCache(1024)
        #: columns as read, encoded (distinct values, each document's value numbers)
        self._raw: dict[str, Encoded] = {}
        self._columns: dict[Column, FacetArrays] = {}
        self._date_key: np.ndarray | None = None
        self._filters: BoundedCache[DocSet] = BoundedCache(
            FILTER_CACHE_BYTES, sizeof=lambda d: d.mask.nbytes
        )
        self._ranked: BoundedCache[tuple[np.ndarray, np.ndarray]] = BoundedCache(
            RANKED_CACHE_BYTES, sizeof=lambda r: r[0].nbytes + r[1].nbytes
        )
        #: computes a lazily read array once while other threads wait for it
        self._compute = threading.RLock()
        self._state = threading.Lock()
        self._users = 0
        self._retired = False
        self._closed = False

    # ------------------------------------------------------------ lifetime
    def retain(self) -> bool:
        """Start using this snapshot; False if it is already closed (open a newer one)."""
        with self._state:
            if self._closed:
                return False
            self._users += 1
            return True

    def release(self) -> None:
        """Stop using it; the last user of a retired snapshot closes it."""
        with self._state:
            self._users -= 1
            last = self._retired and self._users == 0 and not self._closed
            if last:
                self._closed = True
        if last:
            self._close()

    def retire(self) -> None:
        """A newer commit replaced this one: close it as soon as no search uses it."""
        with self._state:
            self._retired = True
            now = self._users == 0 and not self._closed
            if now:
                self._closed = True
        if now:
            self._close()

    def _close(self) -> None:
        self.searcher.close()

    def warm(self) -> None:
        """Read now what searches would read on first use (facet columns, the date
        order, field lengths, the stored fields' file).

        A server does this before a new commit goes live, so no request pays
        for it, and so the snapshot holds every file it needs even if a later
        commit deletes them.
        """
        for facet in FACETS:
            self.column(facet.column)
        _ = self.date_key
        for name in _TEXT_FIELDS:
            self.postings.lengths(name)
        if self.postings.n:
            self.searcher.stored_fields(0)

    # ------------------------------------------------------------ arrays
    def _once(self, get: Callable[[], T | None], compute: Callable[[], T]) -> T:
        """``get()`` if set, else ``compute()`` in one thread while the others wait."""
        got = get()
        if got is not None:
            return got
        with paused(), self._compute:  # loading once is not the search's time
            got = get()
            return got if got is not None else compute()

    @property
    def live(self) -> np.ndarray:
        """Mask of the documents that are not deleted."""
        return self.postings.live

    @property
    def date_key(self) -> np.ndarray:
        """A sort key per document number that orders dates; 0 for undated."""

        def compute() -> np.ndarray:
            col = self._column_lists("date")
            dated = np.diff(col.starts) > 0  # one date at most; none is undated
            code = col.ids[col.starts[:-1][dated]]
            used = np.flatnonzero(np.bincount(code, minlength=len(col.values)))
            by_date = used[np.argsort(np.asarray(col.values, dtype=object)[used], kind="stable")]
            rank = np.zeros(len(col.values), dtype=np.int64)
            rank[by_date] = np.arange(1, len(by_date) + 1)  # 0 stays for undated
            key = np.zeros(col.docs, dtype=np.int64)
            key[dated] = rank[code]
            self._date_key = key
            return key

        return self._once(lambda: self._date_key, compute)

    def _column_lists(self, field: str) -> Encoded:
        def compute() -> Encoded:
            got = self._raw[field] = column_lists(self.searcher.reader(), field)
            return got

        return self._once(lambda: self._raw.get(field), compute)

    def column(self, c: Column) -> FacetArrays:
        """The (document, value) arrays of a facet column, read on first use."""

        def compute() -> FacetArrays:
            col = self._column_lists(c.field)
            for extra in c.also:  # a country's mentions count as countries too
                col = joined(col, self._column_lists(extra))
            if c.prefix:
                col = prefixed(col, c.prefix)
            got = self._columns[c] = FacetArrays.from_encoded(col)
            return got

        return self._once(lambda: self._columns.get(c), compute)

    # ------------------------------------------------------------ matching
    def matches(self, pq: ParsedQuery) -> DocSet:
        """Live documents the query matches (every live document for no query)."""
        if pq.query is None:
            return DocSet(self.live)
        return DocSet(self.evaluator.matches(pq.query))

    def filter(self, f: Filter, wanted: tuple[str, ...], column: Column | None = None) -> DocSet:
        """Live documents ``f`` keeps for the ``wanted`` values in ``column`` (by default
        the filter's own; remembered)."""
        col = column or f.column

        def compute() -> DocSet:
            return DocSet(self.column(col).mask_where(f.accepts(wanted)) & self.live)

        return self._filters.get_or_compute((f.name, col, wanted), compute)

    def ranked(self, pq: ParsedQuery, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every document the query matches, ascending, with its relevance score
        (remembered: a facet click or the next page ranks the same query again).
        ``place``: this snapshot's id order (``IdOrder.place``; ties at the feedback cut)."""
        q = pq.query
        assert q is not None

        def rank() -> tuple[np.ndarray, np.ndarray]:
            ids = self.matches(pq).ids()
            words = self.ranker.query_words(pq)
            return ids, self.ranker.scores(words, place)[ids]

        key = (repr(q), tuple(pq.terms), tuple(pq.synonym_terms), self.ranker.params)
        return self._ranked.get_or_compute(key, rank)
