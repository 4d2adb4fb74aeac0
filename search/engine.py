"""Opening an index and answering searches: the steps of a search, in order.

A search resolves its request, evaluates the query to the set of matching
documents, intersects it with the request's filters, counts every facet over
the matches (each facet ignoring its own filter), orders and cuts the page,
and highlights the hits on it. Each step is its own module; this one only
runs them against the newest :class:`~migsearch.search.snapshot.Snapshot`
(:mod:`~migsearch.search.follow` reopens it when another process commits).

Searches run in parallel threads: none holds a lock for its run, and each
runs under a time limit (:mod:`~migsearch.search.deadline`).

Documents that tie (equal scores; equal dates when sorted by date or when
unscored) are ordered by document id, the same rule as a shard set's
(:class:`IdOrder`): a document number is only an insertion order, which a
shard set does not have and a rebuild may change.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from migsearch.errors import DocumentNotFoundError, QueryError
from migsearch.indexer.store.shardset import shard_count
from migsearch.indexer.store.storage import last_commit_time
from migsearch.search.columns import column_values, docs_by_id
from migsearch.search.deadline import DEFAULT_TIMEOUT, check_deadline, paused
from migsearch.search.docset import DocSet, restrictor
from migsearch.search.facets import FACETS, FILTERS, YEARS, Column, Facet, Filter, check_known
from migsearch.search.follow import CommitFollower
from migsearch.search.highlight import page_snippets, query_words
from migsearch.search.order import best_first, by_date
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.query.spelling import respell
from migsearch.search.request import ResolvedRequest, SearchRequest
from migsearch.search.results import Document, FacetValue, Hit, SearchResult
from migsearch.search.searchable import Searchable
from migsearch.search.similar import document_text, like_query
from migsearch.search.snapshot import Snapshot

__all__ = [
    "SCHEDULER_VARIABLE",
    "IdOrder",
    "SearchIndex",
    "index_summary",
    "open_index",
    "stored_hit",
]

#: the environment variable naming the Dask scheduler that serves sharded indexes
SCHEDULER_VARIABLE = "MIGSEARCH_SCHEDULER"

T = TypeVar("T")


def open_index(
    index_dir: str | os.PathLike[str],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    warm: bool = False,
    processes: bool | None = None,
) -> SearchIndex:
    """Open the index at ``index_dir`` for searching (raises IndexMissingError).

    A sharded index (a folder with a shard manifest) opens as a
    :class:`~migsearch.search.shards.coordinator.ShardedIndex`, which answers
    every search as one index would: its shards searched in threads of this
    process, in ``processes`` of their own (one per shard: they search at once,
    where threads take turns; None: when the set is large enough to gain,
    :func:`~migsearch.search.shards.processes.worth_processes`), or by the
    workers of the Dask cluster whose scheduler :data:`SCHEDULER_VARIABLE` names
    (``tcp://host:8786``).
    """
    shards = shard_count(index_dir)
    if shards:
        from migsearch.search.shards.coordinator import ShardedIndex, cluster_group

        scheduler = os.environ.get(SCHEDULER_VARIABLE)
        group = cluster_group(scheduler, index_dir, shards) if scheduler else None
        if group is None and processes is None:
            from migsearch.search.shards.processes import worth_processes

            processes = worth_processes(index_dir, shards)
        ix = ShardedIndex(
            index_dir, shards, timeout=timeout, warm=warm, group=group, processes=bool(processes)
        )
        return ix  # type: ignore[return-value]
    return SearchIndex(index_dir, timeout=timeout, warm=warm)


class SearchIndex(Searchable):
    """A searchable index, safe to share between threads; it follows new commits by itself.

    ``timeout``: seconds one search (or more-like-this) may run before it is
    stopped with SearchTimeoutError; None for no limit. ``warm``: read every
    commit's facet columns as soon as it is opened (what a server wants).
    """

    def __init__(
        self,
        index_dir: str | os.PathLike[str],
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        warm: bool = False,
    ) -> None:
        self.path = Path(index_dir)
        self.timeout = timeout
        self._commits = CommitFollower(self.path, warm=warm)
        self._order: tuple[Snapshot, IdOrder] | None = None
        self._ordering = threading.Lock()

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._commits.close()

    def refresh(self) -> int:
        """Open the newest commit now if another process committed; its generation."""
        return self._commits.refresh().generation

    def _snapshot(self) -> Snapshot:
        """The newest snapshot, not held: for tests and tools that search from one thread
        and need its arrays (a search holds its snapshot while it runs)."""
        return self._commits.refresh()

    def on_snapshot(self, step: Callable[[Snapshot], T]) -> T:
        """``step`` on the newest snapshot, held while it runs (a shard of a set runs
        its part of a search so)."""
        return self._run(step)

    def id_order(self, snap: Snapshot) -> IdOrder:
        """The documents of ``snap`` in id order, read once per commit (a one-time
        load, not counted in a search's time)."""
        with self._ordering:
            got = self._order
            if got is None or got[0] is not snap:
                with paused():
                    got = self._order = (snap, IdOrder.of(snap))
        return got[1]

    def _run(self, step: Callable[[Snapshot], T]) -> T:
        """``step`` on the newest snapshot; once more on a newer one if a commit
        removed a file under it (a merge or a rebuild swap deletes old segments)."""
        for attempt in (0, 1):
            with self._commits.using() as snap:
                try:
                    return step(snap)
                except OSError:
                    if attempt or not self._commits.stale(snap):
                        raise
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ info
    def doc_count(self) -> int:
        return self._run(lambda snap: snap.postings.n_docs)

    def status(self) -> dict[str, Any]:
        """What a health probe reports: documents, generation and last commit (cheap)."""
        return self._run(
            lambda snap: {
                "documents": snap.postings.n_docs,
                "index": str(self.path.absolute()),
                "generation": snap.generation,
                "last_commit": last_commit_time(self.path),
            }
        )

    def generation(self) -> int:
        """The number of the commit searches read now; it grows with each commit."""
        return int(self._snapshot().generation)

    def stats(self) -> dict[str, Any]:
        def step(snap: Snapshot) -> dict[str, Any]:
            counts = index_summary(snap)
            return {
                "documents": counts["documents"],
                "index": str(self.path.absolute()),
                "generation": snap.generation,
                "last_commit": last_commit_time(self.path),
                "sources": len(counts["sources"]),
                "countries": len(counts["countries"]),
                "themes": dict(counts["themes"]),
                "years": dict(sorted(counts["years"])),
                "undated": counts["undated"],
            }

        return self._run(step)

    def get(self, doc_id: str) -> Document:
        fields = self._run(lambda snap: snap.searcher.document(id=doc_id))
        if fields is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        return Document.from_stored(fields)

    def _similar(self, doc_id: str, limit: int) -> list[Hit]:
        def step(snap: Snapshot) -> list[Hit]:
            docnum, text = document_text(snap, doc_id)
            try:
                pq = like_query(snap, text)
            except QueryError:  # a document without a searchable word has no neighbours
                return []
            return self._like(snap, pq, limit, docnum)

        return self._run(step)

    def _similar_text(self, text: str, limit: int) -> tuple[list[dict[str, Any]], list[Hit]]:
        def step(snap: Snapshot) -> tuple[list[dict[str, Any]], list[Hit]]:
            pq = like_query(snap, text)
            return pq.notices, self._like(snap, pq, limit, None)

        return self._run(step)

    def _like(
        self, snap: Snapshot, pq: ParsedQuery, limit: int, leave_out: int | None
    ) -> list[Hit]:
        matched = snap.matches(pq)
        if leave_out is not None:
            mask = matched.mask.copy()
            mask[leave_out] = False
            matched = DocSet(mask)
        return self._page(snap, pq, matched, "relevance", limit, 1, True)

    # ------------------------------------------------------------ searching
    def _answer(
        self, req: SearchRequest, rr: ResolvedRequest, pq: ParsedQuery, sort: str
    ) -> SearchResult:
        return self._run(lambda snap: self._search(snap, req, rr, pq, sort))

    def _search(
        self, snap: Snapshot, req: SearchRequest, rr: ResolvedRequest, pq: ParsedQuery, sort: str
    ) -> SearchResult:
        pq = snap.ranker.focus(pq)
        base = snap.matches(pq)
        filters: dict[str, DocSet] = {}
        for name, f in FILTERS.items():
            wanted = f.wanted(rr)
            if wanted:
                if f.unknown is not None:
                    _check_known(snap, f, wanted)
                filters[name] = snap.filter(f, wanted, f.column_for(rr))
        check_deadline()

        restrict = restrictor(base, filters)

        matched = restrict(())
        every = snap.ranker.all_words(pq)
        all_words = len(DocSet(every) & matched) if every is not None else None
        hits = self._page(snap, pq, matched, sort, req.limit, req.page, req.highlight)
        facets: dict[str, list[FacetValue]] = {}
        if req.facets:
            check_deadline()
            for facet in FACETS:
                facets[facet.key] = _facet_values(
                    snap, facet, facet.column_for(rr), restrict, req.facet_limit
                )
        # every query may get one: an unknown word can hide behind others that match
        suggestion = None
        if pq.query is not None and not pq.long:
            check_deadline()
            suggestion = self._suggest(snap, pq, list(filters.values()))
        return SearchResult.of_page(
            pq,
            req,
            total=len(matched),
            total_all_words=all_words,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
        )

    def _page(
        self,
        snap: Snapshot,
        pq: ParsedQuery,
        matched: DocSet,
        sort: str,
        limit: int,
        page: int,
        want_highlight: bool,
    ) -> list[Hit]:
        start = (page - 1) * limit
        if start >= len(matched):
            return []
        scores: np.ndarray | None = None
        order = self.id_order(snap)
        if sort == "relevance" and pq.query is not None:
            ids, sc = snap.ranked(pq, order.place)
            keep = matched.mask[ids]
            docnums, scores = order.best_first(ids[keep], sc[keep], start + limit)
            docnums, scores = docnums[start:], scores[start:]
        else:
            docnums = order.by_date(matched.ids(), start + limit, sort == "oldest")[start:]
        s = snap.searcher
        words: frozenset[str] = frozenset()
        if want_highlight and pq.query is not None:
            # as Whoosh: a phrase's words count when it matches a document of the results
            words = query_words(
                pq.query,
                s.reader(),
                "content",
                lambda node: bool((snap.evaluator.matches_by_whoosh(node) & matched.mask).any()),
            )
        typed = tuple(pq.terms) if pq.expansions else None
        return [
            stored_hit(snap, n, words, typed, None if scores is None else float(scores[i]))
            for i, n in enumerate(docnums.tolist())
        ]

    def _suggestion(self, pq: ParsedQuery, within: Sequence[DocSet]) -> str | None:
        return self._run(lambda snap: self._suggest(snap, pq, within))

    def _suggest(self, snap: Snapshot, pq: ParsedQuery, within: Sequence[DocSet]) -> str | None:
        """``pq`` respelt with the index's words, if that finds more within the filters."""
        better = snap.respellings.get_or_compute(
            pq.text, lambda: respell(snap.searcher.reader(), pq.text)
        )
        if better is None:
            return None
        try:
            bq = parse_query(better)
        except QueryError:
            return None

        def count(q: ParsedQuery) -> int:
            docs = snap.matches(q)
            for f in within:
                docs = docs & f
            return len(docs)

        return better if count(bq) > count(pq) else None

    def _top(self, text: str, top: int) -> list[tuple[str, float]]:
        pq = parse_query(text)
        return self._run(lambda snap: _top_ids(snap, self.id_order(snap), pq, top))


@dataclass(frozen=True)
class IdOrder:
    """The documents of a snapshot in id order: the order ties take, in one index and
    in each shard of a set alike. Ranking and sorting run over *places* (a document's
    rank in id order), so the orders of :mod:`~migsearch.search.order`, which break
    ties by the lower number, break them by id.

    The order comes sorted from each segment's facet code file
    (:func:`~migsearch.search.columns.docs_by_id`); the ids themselves are read
    only when a shard first sends some with its candidates.
    """

    #: the place of each document number, and the document number at each place
    place: np.ndarray
    doc: np.ndarray
    #: the date key of each place
    date_key: np.ndarray
    reader: Any = field(repr=False, compare=False)

    @classmethod
    def of(cls, snap: Snapshot) -> IdOrder:
        reader = snap.searcher.reader()
        doc = docs_by_id(reader)
        place = np.empty(len(doc), dtype=np.int64)
        place[doc] = np.arange(len(doc))
        return cls(place, doc, snap.date_key[doc], reader)

    @cached_property
    def ids(self) -> list[str]:
        """Each document number's id (what a shard sends with its candidates, and
        :meth:`SearchIndex._top` gives; read when first asked)."""
        return column_values(self.reader, "id")

    @cached_property
    def dates(self) -> list[str]:
        """Each document number's stored date (what a shard sends with its candidates;
        read when first asked, one index never needs it)."""
        return column_values(self.reader, "date")

    def best_first(
        self, docnums: np.ndarray, scores: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best of ``docnums`` by score (:func:`best_first`), ties by id."""
        places, best = best_first(self.place[docnums], scores, self.date_key, k)
        return self.doc[places], best

    def by_date(self, docnums: np.ndarray, k: int, oldest: bool = False) -> np.ndarray:
        """The first ``k`` of ``docnums`` by date (:func:`by_date`), ties by id."""
        places = np.sort(self.place[docnums])
        return self.doc[by_date(places, self.date_key, k, oldest)]


def index_summary(snap: Snapshot) -> dict[str, Any]:
    """The live documents of ``snap`` counted as ``stats`` reports them: documents,
    the full value counts of sources, countries, themes and years, and the undated
    (full counts, so that a shard set can sum its shards')."""
    live = snap.live
    facet = {f.key: f for f in FACETS}
    out: dict[str, Any] = {"documents": int(np.count_nonzero(live))}
    for key in ("sources", "countries", "themes"):
        out[key] = snap.column(facet[key].column).counts(live)
    out["years"] = snap.column(YEARS).counts(live)
    out["undated"] = int(np.count_nonzero(live & (snap.date_key == 0)))
    return out


def stored_hit(
    snap: Snapshot,
    n: int,
    words: frozenset[str],
    typed: tuple[str, ...] | None,
    score: float | None = None,
) -> Hit:
    """Document ``n`` of ``snap`` as a hit: its stored fields, ``score`` rounded as a
    result shows it, and its snippet for ``words`` (``typed``: the words as typed, when
    an expansion added others), made once per snapshot and kept in its cache. One
    function for one index's page and a shard's hits, so both make the same snippet
    under the same cache key. Highlighting is the slow part of a page: the time limit
    is checked before each hit."""
    check_deadline()
    f = snap.searcher.stored_fields(n)
    hl, at = "", None
    if words:
        hl, at = snap.snippets.get_or_compute(
            (n, words, typed),
            lambda: page_snippets(
                snap.highlighter,
                f.get("summary") or "",
                f.get("body") or "",
                f.get("pages") or (),
                words,
                None if typed is None else list(typed),
            ),
        )
    return Hit.from_stored(f, None if score is None else round(score, 4), hl, at)


def _check_known(snap: Snapshot, f: Filter, wanted: tuple[str, ...]) -> None:
    check_known(f, wanted, snap.column(f.column).values)


def _top_ids(snap: Snapshot, order: IdOrder, pq: ParsedQuery, top: int) -> list[tuple[str, float]]:
    """The ``top`` ids and scores of ``pq``, focused as a search focuses it."""
    pq = snap.ranker.focus(pq)
    if pq.query is None:
        raise QueryError("the query is empty", 0)
    ids, sc = snap.ranked(pq, order.place)
    ids, sc = order.best_first(ids, sc, top)
    return [(order.ids[d], float(x)) for d, x in zip(ids.tolist(), sc, strict=True)]


def _facet_values(
    snap: Snapshot, facet: Facet, column: Column, restrict: Any, facet_limit: int
) -> list[FacetValue]:
    limit = facet_limit if facet.limited else None
    counts = snap.column(column).counts(restrict(facet.ignores), limit)
    label = facet.label
    return [FacetValue(v, n, label(v) if label else None) for v, n in counts]
