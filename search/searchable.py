"""What every index answers the same way, whether one index or a shard set holds its documents.

:class:`~migsearch.search.engine.SearchIndex` (one index) and
:class:`~migsearch.search.shards.coordinator.ShardedIndex` (a shard set, searched
in this process or on a cluster) have one public face, so the CLI, the Python API
and the server use either without knowing which it is. The parts of that face
that do not depend on where the documents are live here, once: reading a request
into a query and an order, the time limit around a search, more like this as a
one-page result, paging an export, ranking a batch with its error policy. The
two classes then answer alike by construction; each gives only the steps that
read its documents (the ``_`` methods below).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Self

from migsearch.errors import MigsearchError, QueryError, UsageError
from migsearch.indexer.vocabulary.nltk_import import import_nltk
from migsearch.search.deadline import time_limit
from migsearch.search.docset import DocSet
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.request import MAX_LIMIT, ResolvedRequest, SearchRequest
from migsearch.search.results import Hit, SearchResult, every_hit

__all__ = ["Searchable", "check_limit"]


class Searchable(ABC):
    """The public search methods, on top of the steps a subclass gives."""

    #: seconds one search (or more-like-this) may run; None for no limit
    timeout: float | None

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Close the index's files."""

    # ------------------------------------------------------------ searching
    def search(self, query: str | SearchRequest | None = None, **options: Any) -> SearchResult:
        """One page of ranked hits with facet counts over all matches.

        ``query`` is the query text or a whole :class:`SearchRequest`; ``options``
        are the request's other fields (``countries``, ``mentions``, ``corridors``,
        ``groups``, ``themes``, ``types``, ``publishers``, ``sources``, ``languages``,
        ``years``, ``date_from``, ``date_to``, ``sort``, ``limit``, ``page``,
        ``facets``, ``highlight``, ``facet_limit``, ``year_histogram``).
        """
        import_nltk()  # the stemmer's, before parsing needs it (see nltk_import)
        req = SearchRequest.of(query, **options)
        rr = req.resolve()
        pq = parse_query(req.query)
        # a browse (no words) has nothing to rank: its "relevance" is the newest first
        sort = "newest" if pq.query is None and rr.sort == "relevance" else rr.sort
        with time_limit(self.timeout):
            return self._answer(req, rr, pq, sort)

    def similar(self, doc_id: str, *, limit: int = 10) -> SearchResult:
        """Documents most like ``doc_id`` (more like this), as a one-page result without facets."""
        check_limit(limit)
        import_nltk()
        with time_limit(self.timeout):
            hits = self._similar(doc_id, limit)
        return SearchResult.one_page(f"similar:{doc_id}", hits, limit)

    def similar_text(self, text: str, *, limit: int = 10) -> SearchResult:
        """Documents most like a pasted ``text``, as a one-page result without facets.

        The text is read as plain words whatever it holds (no query syntax) and
        searched by its key terms; raises QueryError when it has no searchable word.
        """
        check_limit(limit)
        import_nltk()
        with time_limit(self.timeout):
            notices, hits = self._similar_text(text, limit)
        return SearchResult.one_page("similar:text", hits, limit, notices)

    def suggest(self, text: str, *, within: Sequence[DocSet] = ()) -> str | None:
        """A respelling of ``text`` with words from the index, when it finds more documents.

        ``within``: document sets (the search's filters) both counts are limited to, so
        a suggestion never promises hits that the chosen filters would hide (one
        index's document sets; a shard set takes the request's filters in a search).
        """
        import_nltk()
        try:
            pq = parse_query(text)
        except QueryError:
            return None
        if pq.query is None:
            return None
        return self._suggestion(pq, within)

    def iter_hits(self, query: str | None = None, **kw: Any) -> Iterator[Hit]:
        """Every hit of a search, page after page (export).

        A generator: one page of hits is in memory at a time. Snippets are off
        unless ``highlight=True`` is passed, since they are most of an export's cost.
        """
        kw.setdefault("highlight", False)
        return every_hit(self.search, query, MAX_LIMIT, **kw)

    def batch(
        self,
        queries: Iterable[tuple[str, str]],
        top: int = 100,
        *,
        on_error: Callable[[str, MigsearchError], None] | None = None,
    ) -> Iterator[tuple[str, list[tuple[str, float]]]]:
        """Rank ``top`` documents for each (qid, text): the same ranking as ``search``.

        A query that cannot be run (short malformed syntax, nothing but stop
        words, an empty text) raises its error, unless ``on_error`` is given:
        it is then called with the query's id and error, the query yields an
        empty ranking, and the run goes on. Failures are never silent.
        """
        import_nltk()
        for qid, text in queries:
            try:
                ranked = self._top(text, top)
            except MigsearchError as e:
                if on_error is None:
                    raise
                on_error(qid, e)
                yield qid, []
                continue
            yield qid, ranked

    # ------------------------------------------------------------ the steps a subclass gives
    @abstractmethod
    def _answer(
        self, req: SearchRequest, rr: ResolvedRequest, pq: ParsedQuery, sort: str
    ) -> SearchResult:
        """The answer to ``req`` (read into ``rr`` and ``pq``), under the time limit."""

    @abstractmethod
    def _similar(self, doc_id: str, limit: int) -> list[Hit]:
        """Up to ``limit`` hits like the document ``doc_id`` (not itself)."""

    @abstractmethod
    def _similar_text(self, text: str, limit: int) -> tuple[list[dict[str, Any]], list[Hit]]:
        """The notices of how ``text`` was read, and its hits."""

    @abstractmethod
    def _suggestion(self, pq: ParsedQuery, within: Sequence[DocSet]) -> str | None:
        """``pq`` respelt, if that finds more within the filters ``within``."""

    @abstractmethod
    def _top(self, text: str, top: int) -> list[tuple[str, float]]:
        """The ``top`` ids and scores of query ``text`` (raises its MigsearchError)."""


def check_limit(limit: int) -> None:
    """A page's size, as the request checks it (more like this takes no request)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")
