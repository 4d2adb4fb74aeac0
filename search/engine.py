"""Opening an index and answering searches: the steps of a search, in order.

A search resolves its request, evaluates the query to the set of matching
documents, intersects it with the request's filters, counts every facet over
the matches (each facet ignoring its own filter), orders and cuts the page,
and highlights the hits on it. Each step is its own module; this one only
runs them against the newest :class:`~migsearch.search.snapshot.Snapshot`
(:mod:`~migsearch.search.follow` reopens it when another process commits).

Searches run in parallel threads: none holds a lock for its run, and each
runs under a time limit (:mod:`~migsearch.search.deadline`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from migsearch.errors import DocumentNotFoundError, MigsearchError, QueryError, UsageError
from migsearch.indexer.store.shardset import shard_count
from migsearch.indexer.store.storage import last_commit_time
from migsearch.indexer.vocabulary.nltk_import import import_nltk
from migsearch.search.deadline import DEFAULT_TIMEOUT, check_deadline, time_limit
from migsearch.search.docset import DocSet
from migsearch.search.facets import FACETS, FILTERS, YEARS, Column, Facet, Filter, check_known
from migsearch.search.follow import CommitFollower
from migsearch.search.highlight import page_snippets, query_words
from migsearch.search.order import best_first, by_date
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.query.spelling import respell
from migsearch.search.request import MAX_LIMIT, SearchRequest
from migsearch.search.results import (
    Document,
    FacetValue,
    Hit,
    SearchResult,
    every_hit,
    fill_year_gaps,
)
from migsearch.search.similar import document_text, like_query
from migsearch.search.snapshot import Snapshot

__all__ = ["SCHEDULER_VARIABLE", "SearchIndex", "open_index"]

#: the environment variable naming the Dask scheduler that serves sharded indexes
SCHEDULER_VARIABLE = "MIGSEARCH_SCHEDULER"

T = TypeVar("T")


def open_index(
    index_dir: str | os.PathLike[str],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    warm: bool = False,
) -> SearchIndex:
    """Open the index at ``index_dir`` for searching (raises IndexMissingError).

    A sharded index (a folder with a shard manifest) opens as a
    :class:`~migsearch.search.shards.coordinator.ShardedIndex`, which answers
    every search as one index would: its shards searched in this process, or by
    the workers of the Dask cluster whose scheduler :data:`SCHEDULER_VARIABLE`
    names (``tcp://host:8786``).
    """
    shards = shard_count(index_dir)
    if shards:
        from migsearch.search.shards.coordinator import ShardedIndex, cluster_group

        scheduler = os.environ.get(SCHEDULER_VARIABLE)
        group = cluster_group(scheduler, index_dir, shards) if scheduler else None
        ix = ShardedIndex(index_dir, shards, timeout=timeout, warm=warm, group=group)
        return ix  # type: ignore[return-value]
    return SearchIndex(index_dir, timeout=timeout, warm=warm)


class SearchIndex:
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

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            live = snap.live
            facet = {f.key: f for f in FACETS}

            def counts(key: str) -> list[tuple[str, int]]:
                return snap.column(facet[key].column).counts(live)

            return {
                "documents": int(np.count_nonzero(live)),
                "index": str(self.path.absolute()),
                "generation": snap.generation,
                "last_commit": last_commit_time(self.path),
                "sources": len(counts("sources")),
                "countries": len(counts("countries")),
                "themes": dict(counts("themes")),
                "years": dict(sorted(snap.column(YEARS).counts(live))),
                "undated": int(np.count_nonzero(live & (snap.date_key == 0))),
            }

        return self._run(step)

    def get(self, doc_id: str) -> Document:
        fields = self._run(lambda snap: snap.searcher.document(id=doc_id))
        if fields is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        return Document.from_stored(fields)

    def similar(self, doc_id: str, *, limit: int = 10) -> SearchResult:
        """Documents most like ``doc_id`` (more like this), as a one-page result without facets."""
        _check_limit(limit)
        import_nltk()

        def step(snap: Snapshot) -> list[Hit]:
            docnum, text = document_text(snap, doc_id)
            try:
                pq = like_query(snap, text)
            except QueryError:  # a document without a searchable word has no neighbours
                return []
            return self._like(snap, pq, limit, docnum)

        with time_limit(self.timeout):
            hits = self._run(step)
        return SearchResult(
            query=f"similar:{doc_id}", total=len(hits), page=1, limit=limit, hits=hits, facets={}
        )

    def similar_text(self, text: str, *, limit: int = 10) -> SearchResult:
        """Documents most like a pasted ``text``, as a one-page result without facets.

        The text is read as plain words whatever it holds (no query syntax) and
        searched by its key terms; raises QueryError when it has no searchable word.
        """
        _check_limit(limit)
        import_nltk()

        def step(snap: Snapshot) -> tuple[ParsedQuery, list[Hit]]:
            pq = like_query(snap, text)
            return pq, self._like(snap, pq, limit, None)

        with time_limit(self.timeout):
            pq, hits = self._run(step)
        return SearchResult(
            query="similar:text",
            total=len(hits),
            page=1,
            limit=limit,
            hits=hits,
            facets={},
            notices=pq.notices,
        )

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
        sort = "newest" if pq.query is None and rr.sort == "relevance" else rr.sort
        with time_limit(self.timeout):
            return self._run(lambda snap: self._search(snap, req, rr, pq, sort))

    def _search(
        self, snap: Snapshot, req: SearchRequest, rr: Any, pq: ParsedQuery, sort: str
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

        restricted: dict[tuple[str, ...], DocSet] = {}

        def restrict(skip: tuple[str, ...]) -> DocSet:
            """The matches under every filter but those in ``skip`` (a facet's own)."""
            docs = restricted.get(skip)
            if docs is None:
                docs = base
                for name, f in sorted(filters.items(), key=lambda kv: len(kv[1])):
                    if name not in skip:
                        docs = docs & f
                restricted[skip] = docs
            return docs

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
        return SearchResult(
            query=pq.text,
            total=len(matched),
            total_all_words=all_words,
            page=req.page,
            limit=req.limit,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
            expansions=pq.expansions,
            notices=pq.notices,
            year_histogram=fill_year_gaps(facets.get("years", [])) if req.year_histogram else None,
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
        if sort == "relevance" and pq.query is not None:
            ids, sc = snap.ranked(pq)
            keep = matched.mask[ids]
            docnums, scores = best_first(ids[keep], sc[keep], snap.date_key, start + limit)
            docnums, scores = docnums[start:], scores[start:]
        else:
            docnums = by_date(matched.ids(), snap.date_key, start + limit, sort == "oldest")
            docnums = docnums[start:]
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
        typed = pq.terms if pq.expansions else None
        out = []
        for i, n in enumerate(docnums.tolist()):
            check_deadline()
            f = s.stored_fields(n)
            hl, at = "", None
            if words:
                hl, at = snap.snippets.get_or_compute(
                    (n, words, None if typed is None else tuple(typed)),
                    lambda f=f: page_snippets(
                        snap.highlighter,
                        f.get("summary") or "",
                        f.get("body") or "",
                        f.get("pages") or (),
                        words,
                        typed,
                    ),
                )
            score = round(float(scores[i]), 4) if scores is not None else None
            out.append(Hit.from_stored(f, score, hl, at))
        return out

    def suggest(self, text: str, *, within: Sequence[DocSet] = ()) -> str | None:
        """A respelling of ``text`` with words from the index, when it finds more documents.

        ``within``: document sets (the search's filters) both counts are limited to, so
        a suggestion never promises hits that the chosen filters would hide.
        """
        import_nltk()
        try:
            pq = parse_query(text)
        except QueryError:
            return None
        if pq.query is None:
            return None
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
                pq = parse_query(text)
                ranked = self._run(lambda snap, pq=pq: _top_ids(snap, pq, top))
            except MigsearchError as e:
                if on_error is None:
                    raise
                on_error(qid, e)
                yield qid, []
                continue
            yield qid, ranked


def _check_known(snap: Snapshot, f: Filter, wanted: tuple[str, ...]) -> None:
    check_known(f, wanted, snap.column(f.column).values)


def _check_limit(limit: int) -> None:
    if limit < 1 or limit > MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")


def _top_ids(snap: Snapshot, pq: ParsedQuery, top: int) -> list[tuple[str, float]]:
    """The ``top`` ids and scores of ``pq``, focused as a search focuses it."""
    pq = snap.ranker.focus(pq)
    if pq.query is None:
        raise QueryError("the query is empty", 0)
    ids, sc = snap.ranked(pq)
    ids, sc = best_first(ids, sc, snap.date_key, top)
    stored = snap.searcher.stored_fields
    return [(stored(int(d))["id"], float(x)) for d, x in zip(ids, sc, strict=True)]


def _facet_values(
    snap: Snapshot, facet: Facet, column: Column, restrict: Any, facet_limit: int
) -> list[FacetValue]:
    limit = facet_limit if facet.limited else None
    counts = snap.column(column).counts(restrict(facet.ignores).mask, limit)
    label = facet.label
    return [FacetValue(v, n, label(v) if label else None) for v, n in counts]
