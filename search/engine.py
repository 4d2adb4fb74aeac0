"""Opening an index and answering searches: the steps of a search, in order.

A search resolves its request, evaluates the query to the set of matching
documents, intersects it with the request's filters, counts every facet over
the matches (each facet ignoring its own filter), orders and cuts the page,
and highlights the hits on it. Each step is its own module; this one only
runs them against the current :class:`~migsearch.search.snapshot.Snapshot`,
reopened when another process commits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from migsearch.errors import DocumentNotFoundError, MigsearchError, QueryError, UsageError
from migsearch.indexer.store.storage import commit_stamp, last_commit_time, open_existing
from migsearch.indexer.vocabulary.suggest import closest
from migsearch.search.docset import DocSet
from migsearch.search.facets import FACETS, FILTERS, YEARS, Column, Facet, Filter
from migsearch.search.highlight import page_snippets, query_words
from migsearch.search.order import best_first, by_date
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.query.spelling import respell
from migsearch.search.request import MAX_LIMIT, SearchRequest
from migsearch.search.results import Document, FacetValue, Hit, SearchResult, fill_year_gaps
from migsearch.search.similar import document_text, like_query
from migsearch.search.snapshot import Snapshot

__all__ = ["SearchIndex", "open_index"]


def open_index(index_dir: str | os.PathLike[str]) -> SearchIndex:
    """Open the index at ``index_dir`` for searching (raises IndexMissingError)."""
    return SearchIndex(index_dir)


class SearchIndex:
    """A searchable index. Thread-safe; reopens itself when a new commit lands."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.path = Path(index_dir)
        self._ix = open_existing(self.path)
        # one search at a time: Whoosh's readers share file handles between threads
        self._lock = threading.RLock()
        self._snap: Snapshot | None = None

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._snap is not None:
                self._snap.close()
                self._snap = None
            self._ix.close()

    def _snapshot(self) -> Snapshot:
        """The current snapshot, reopened if another process committed since."""
        with self._lock:
            latest = commit_stamp(self.path)
            snap = self._snap
            if snap is not None and snap.stamp == latest:
                return snap
            if snap is not None:
                snap.close()
            self._ix.close()
            self._ix = open_existing(self.path)
            self._snap = Snapshot(self._ix, latest)
            return self._snap

    # ------------------------------------------------------------ info
    def doc_count(self) -> int:
        return self._snapshot().searcher.doc_count()

    def generation(self) -> int:
        """The number of the commit searches read now; it grows with each commit."""
        return int(self._snapshot().generation)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            snap = self._snapshot()
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

    def get(self, doc_id: str) -> Document:
        with self._lock:
            fields = self._snapshot().searcher.document(id=doc_id)
        if fields is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        return Document.from_stored(fields)

    def similar(self, doc_id: str, *, limit: int = 10) -> SearchResult:
        """Documents most like ``doc_id`` (more like this), as a one-page result without facets."""
        _check_limit(limit)
        with self._lock:
            snap = self._snapshot()
            docnum, text = document_text(snap, doc_id)
            try:
                pq = like_query(snap, text)
            except QueryError:  # a document without a searchable word has no neighbours
                hits: list[Hit] = []
            else:
                hits = self._like(snap, pq, limit, docnum)
        return SearchResult(
            query=f"similar:{doc_id}", total=len(hits), page=1, limit=limit, hits=hits, facets={}
        )

    def similar_text(self, text: str, *, limit: int = 10) -> SearchResult:
        """Documents most like a pasted ``text``, as a one-page result without facets.

        The text is read as plain words whatever it holds (no query syntax) and
        searched by its key terms; raises QueryError when it has no searchable word.
        """
        _check_limit(limit)
        with self._lock:
            snap = self._snapshot()
            pq = like_query(snap, text)
            hits = self._like(snap, pq, limit, None)
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
        req = SearchRequest.of(query, **options)
        rr = req.resolve()
        pq = parse_query(req.query)
        sort = "newest" if pq.query is None and rr.sort == "relevance" else rr.sort

        with self._lock:
            snap = self._snapshot()
            pq = snap.ranker.focus(pq)
            base = snap.matches(pq)
            filters: dict[str, DocSet] = {}
            for name, f in FILTERS.items():
                wanted = f.wanted(rr)
                if wanted:
                    if f.unknown is not None:
                        _check_known(snap, f, wanted)
                    filters[name] = snap.filter(f, wanted, f.column_for(rr))

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
                for facet in FACETS:
                    facets[facet.key] = _facet_values(
                        snap, facet, facet.column_for(rr), restrict, req.facet_limit
                    )
            # every query may get one: an unknown word can hide behind others that match
            suggestion = None
            if pq.query is not None and not pq.long:
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
            f = s.stored_fields(n)
            hl, at = "", None
            if words:
                hl, at = page_snippets(
                    snap.highlighter,
                    f.get("summary") or "",
                    f.get("body") or "",
                    f.get("pages") or (),
                    words,
                    typed,
                )
            score = round(float(scores[i]), 4) if scores is not None else None
            out.append(Hit.from_stored(f, score, hl, at))
        return out

    def suggest(self, text: str, *, within: Sequence[DocSet] = ()) -> str | None:
        """A respelling of ``text`` with words from the index, when it finds more documents.

        ``within``: document sets (the search's filters) both counts are limited to, so
        a suggestion never promises hits that the chosen filters would hide.
        """
        try:
            pq = parse_query(text)
        except QueryError:
            return None
        if pq.query is None:
            return None
        with self._lock:
            return self._suggest(self._snapshot(), pq, within)

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
        page = 1
        while True:
            res = self.search(query, page=page, limit=MAX_LIMIT, facets=False, **kw)
            yield from res.hits
            if page * MAX_LIMIT >= res.total:
                return
            page += 1

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
        with self._lock:
            snap = self._snapshot()
            for qid, text in queries:
                try:
                    pq = snap.ranker.focus(parse_query(text))
                    if pq.query is None:
                        raise QueryError("the query is empty", 0)
                except MigsearchError as e:
                    if on_error is None:
                        raise
                    on_error(qid, e)
                    yield qid, []
                    continue
                ids, sc = snap.ranked(pq)
                ids, sc = best_first(ids, sc, snap.date_key, top)
                s = snap.searcher
                yield (
                    qid,
                    [
                        (s.stored_fields(int(d))["id"], float(x))
                        for d, x in zip(ids, sc, strict=True)
                    ],
                )


def _check_known(snap: Snapshot, f: Filter, wanted: tuple[str, ...]) -> None:
    """Raise ``f.unknown`` for a wanted value that no value of the index is (``--type pdf``
    on an index without PDFs), naming the close ones, or all of them."""
    values = snap.column(f.column).values
    for w in wanted:
        accept = f.accepts((w,))
        if not any(accept(v) for v in values):
            assert f.unknown is not None
            close = closest(w.casefold(), {v.casefold(): v for v in values})
            raise f.unknown(w, close, known=sorted(values))


def _check_limit(limit: int) -> None:
    if limit < 1 or limit > MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")


def _facet_values(
    snap: Snapshot, facet: Facet, column: Column, restrict: Any, facet_limit: int
) -> list[FacetValue]:
    counts = snap.column(column).counts(restrict(facet.ignores).mask)
    if facet.limited:
        counts = counts[:facet_limit]
    label = facet.label
    return [FacetValue(v, n, label(v) if label else None) for v, n in counts]
