"""Opening an index and answering searches: ranked page, highlights, facets.

A search runs in two passes over the same query. The unscored pass collects the
set of matching document numbers, from which the total and every facet count
come (each facet ignoring its own filter, DESIGN §4); the scored pass ranks
only the page that is shown. Filters are document-number sets cached per
opened reader, so refining a search by a facet does not re-run the text query.
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import highlight, sorting
from whoosh import query as Q

from migsearch.errors import DocumentNotFoundError, QueryError, UsageError
from migsearch.indexer.store.storage import commit_stamp, last_commit_time, open_existing
from migsearch.indexer.vocabulary.countries import country_label, region_label
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search import evaluate as fast
from migsearch.search import ranking as _ranking
from migsearch.search.facets import DocSet, FacetArrays, column_values, count_values
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.query.spelling import respell
from migsearch.search.query.synonyms import TypedWordsFirst
from migsearch.search.ranking import rank_query, weighting
from migsearch.search.request import MAX_LIMIT, SearchRequest
from migsearch.search.results import Document, FacetValue, Hit, SearchResult, fill_year_gaps
from migsearch.search.similar import similar_hits
from migsearch.search.valuefacets import VALUE_FACETS, ValueColumn, source_label, type_label

__all__ = ["SearchIndex", "open_index"]

SNIPPET_CHARS = 4000


def open_index(index_dir: str | os.PathLike[str]) -> SearchIndex:
    """Open the index at ``index_dir`` for searching (raises IndexMissingError)."""
    return SearchIndex(index_dir)


@dataclass
class _Snapshot:
    """One opened searcher and everything cached against its document numbers."""

    searcher: Any
    generation: int
    arrays: dict[str, FacetArrays]
    dates: list[str]
    filter_cache: dict[tuple[str, ...], DocSet]
    query_cache: dict[str, DocSet]
    #: array scoring (search/fast.py), None when the weighting model is not supported
    scorer: fast.ArrayScorer | None = None
    years: FacetArrays | None = None
    #: date column as an array, and a sort key per document (0 = undated)
    date_arr: np.ndarray | None = None
    date_key: np.ndarray | None = None
    #: ranked (document numbers, scores) of rank queries, per query
    ranked_cache: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: the commit this snapshot reads (indexer.store.storage.commit_stamp)
    stamp: Any = None


class SearchIndex:
    """A searchable index. Thread-safe; reopens itself when a new commit lands."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.path = Path(index_dir)
        self._ix = open_existing(self.path)
        self._lock = threading.RLock()
        self._snap: _Snapshot | None = None
        self.weighting = weighting()
        #: single-valued facet columns (type, source) of the current generation
        self._columns: dict[tuple[int, str], ValueColumn] = {}
        #: respellings by (generation, query): the lexicon walk costs ~10 ms a word
        self._respelt: dict[tuple[int, str], str | None] = {}

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._snap is not None:
                self._snap.searcher.close()
                self._snap = None
            self._ix.close()

    def _snapshot(self) -> _Snapshot:
        """The current snapshot, reopened if another process committed since."""
        with self._lock:
            latest = commit_stamp(self.path)
            snap = self._snap
            if snap is not None and snap.stamp == latest:
                return snap
            if snap is not None:
                snap.searcher.close()
            self._ix.close()
            self._ix = open_existing(self.path)
            s = self._ix.searcher(weighting=self.weighting)
            r = s.reader()
            arrays = {f: FacetArrays.load(r, f) for f in ("countries", "regions", "themes")}
            dates = column_values(r, "date")
            snap = _Snapshot(s, self._ix.latest_generation(), arrays, dates, {}, {}, stamp=latest)
            snap.years = FacetArrays.from_column([d[:4] for d in dates], multi=False)
            snap.date_arr = np.asarray(dates, dtype=str) if dates else np.zeros(0, dtype=str)
            _, snap.date_key = np.unique(snap.date_arr, return_inverse=True)
            if dates and dates.count("") == 0:
                snap.date_key = snap.date_key + 1  # keep 0 for "undated"
            if fast.supports(s.weighting):
                snap.scorer = fast.ArrayScorer(s)
                stats = getattr(_ranking, "collection_stats", None)
                if stats is not None:  # the ranking module reads the same postings: share them
                    snap.scorer.shared_postings = stats(s).postings
            self._snap = snap
            return self._snap

    # ------------------------------------------------------------ info
    def doc_count(self) -> int:
        return self._snapshot().searcher.doc_count()

    def stats(self) -> dict[str, Any]:
        snap = self._snapshot()
        r = snap.searcher.reader()
        live = list(r.all_doc_ids())
        years = Counter_of(snap.dates[n][:4] for n in live if snap.dates[n])
        return {
            "documents": len(live),
            "index": str(self.path.absolute()),
            "generation": snap.generation,
            "last_commit": last_commit_time(self.path),
            "sources": len({src[n] for n in live}) if (src := column_values(r, "source")) else 0,
            "countries": len(count_values(snap.arrays["countries"], live)),
            "themes": dict(count_values(snap.arrays["themes"], live)),
            "years": dict(sorted(years.items())),
            "undated": sum(1 for n in live if not snap.dates[n]),
        }

    def get(self, doc_id: str) -> Document:
        s = self._snapshot().searcher
        fields = s.document(id=doc_id)
        if fields is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        return Document.from_stored(fields)

    def similar(self, doc_id: str, *, limit: int = 10) -> SearchResult:
        """Documents most like ``doc_id`` (more like this), as a one-page result without facets."""
        if limit < 1 or limit > MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")
        with self._lock:
            snap = self._snapshot()
            hits = similar_hits(snap.searcher, doc_id, limit, scorer=snap.scorer)
        return SearchResult(
            query=f"similar:{doc_id}", total=len(hits), page=1, limit=limit, hits=hits, facets={}
        )

    # ------------------------------------------------------------ searching
    def _live(self, snap: _Snapshot) -> np.ndarray:
        if snap.scorer is not None:
            return snap.scorer.live
        r = snap.searcher.reader()
        live = np.zeros(r.doc_count_all(), dtype=bool)
        ids = np.fromiter(r.all_doc_ids(), dtype=np.int64)
        live[ids] = True
        return live

    def _filter_set(self, snap: _Snapshot, key: tuple[str, ...]) -> DocSet:
        cached = snap.filter_cache.get(key)
        if cached is not None:
            return cached
        kind, *vals = key
        if kind in ("countries", "themes"):
            mask = snap.arrays[kind].mask_with_any(vals)
        elif kind == "date":
            lo, hi = vals
            d = snap.date_arr
            mask = d != ""
            if lo:
                mask &= d >= lo
            if hi:
                mask &= d <= hi
        else:
            raise AssertionError(kind)
        live = DocSet(mask & self._live(snap))
        if len(snap.filter_cache) > 256:
            snap.filter_cache.clear()
        snap.filter_cache[key] = live
        return live

    def _matches(self, snap: _Snapshot, pq: ParsedQuery) -> DocSet:
        key = repr(pq.query)
        cached = snap.query_cache.get(key)
        if cached is not None:
            return cached
        if pq.query is None:
            mask = self._live(snap)
        elif snap.scorer is not None:
            ids, _ = snap.scorer.evaluate(pq.query)
            mask = np.zeros(snap.scorer.n, dtype=bool)
            mask[ids] = True
        else:
            mask = np.zeros(snap.searcher.reader().doc_count_all(), dtype=bool)
            ids = np.fromiter(pq.query.docs(snap.searcher), dtype=np.int64)
            mask[ids] = True
        docs = DocSet(mask)
        if len(snap.query_cache) > 64:
            snap.query_cache.clear()
        snap.query_cache[key] = docs
        return docs

    def _ranked(self, snap: _Snapshot, pq: ParsedQuery) -> tuple[np.ndarray, np.ndarray]:
        """Every document the rank query matches, with its score (array scoring only)."""
        assert snap.scorer is not None and pq.query is not None
        rq = rank_query(pq.query, pq.terms, synonyms=pq.synonym_terms)
        key = repr(rq)
        cached = snap.ranked_cache.get(key)
        if cached is None:
            cached = snap.scorer.evaluate(rq)
            if len(snap.ranked_cache) > 64:
                snap.ranked_cache.clear()
            snap.ranked_cache[key] = cached
        return cached

    def search(self, query: str | SearchRequest | None = None, **options: Any) -> SearchResult:
        """One page of ranked hits with facet counts over all matches.

        ``query`` is the query text or a whole :class:`SearchRequest`; ``options``
        are the request's other fields (``countries``, ``themes``, ``types``,
        ``sources``, ``date_from``, ``date_to``, ``sort``, ``limit``, ``page``,
        ``facets``, ``highlight``, ``facet_limit``, ``year_histogram``).
        """
        req = SearchRequest.of(query, **options)
        rr = req.resolve()
        pq = parse_query(req.query)
        sort, limit, page, facets = rr.sort, req.limit, req.page, req.facets
        highlight, facet_limit, year_histogram = req.highlight, req.facet_limit, req.year_histogram
        types, sources = req.types, req.sources
        country_codes, theme_ids, lo, hi = rr.country_codes, rr.theme_ids, rr.date_lo, rr.date_hi
        if pq.query is None and sort == "relevance":
            sort = "newest"

        with self._lock:
            snap = self._snapshot()
            base = self._matches(snap, pq)
            filters: dict[str, DocSet | None] = {
                "countries": self._filter_set(snap, ("countries", *country_codes))
                if country_codes
                else None,
                "themes": self._filter_set(snap, ("themes", *theme_ids)) if theme_ids else None,
                "date": self._filter_set(snap, ("date", lo, hi)) if (lo or hi) else None,
                "type": self._column(snap, "type").docs_with(types) if types else None,
                "source": self._column(snap, "source").docs_with(sources) if sources else None,
            }

            def restrict(skip: str | None) -> DocSet:
                docs = base
                for name, f in sorted(filters.items(), key=lambda kv: len(kv[1] or ())):
                    if f is not None and name != skip:
                        docs = docs & f
                return docs

            matched = restrict(None)
            hits = self._page(snap, pq, matched, sort, limit, page, highlight)
            facet_out: dict[str, list[FacetValue]] = {}
            if facets:
                facet_out = self._facets(snap, restrict, facet_limit)
                for key, fieldname in VALUE_FACETS.items():
                    label = type_label if fieldname == "type" else source_label
                    counts = self._column(snap, fieldname).count(restrict(fieldname))
                    facet_out[key] = [FacetValue(v, n, label(v)) for v, n in counts[:facet_limit]]
        suggestion = None
        # every query may get one: an unknown word can hide behind others that match
        if pq.query is not None:
            suggestion = self._suggest(pq, [f for f in filters.values() if f is not None])
        return SearchResult(
            query=pq.text,
            total=len(matched),
            page=page,
            limit=limit,
            hits=hits,
            facets=facet_out,
            suggestion=suggestion,
            expansions=pq.expansions,
            year_histogram=fill_year_gaps(facet_out.get("years", [])) if year_histogram else None,
        )

    def _column(self, snap: _Snapshot, fieldname: str) -> ValueColumn:
        key = (snap.generation, fieldname)
        col = self._columns.get(key)
        if col is None:
            self._columns = {k: v for k, v in self._columns.items() if k[0] == snap.generation}
            col = self._columns[key] = ValueColumn(snap.searcher.reader(), fieldname)
        return col

    def _facets(self, snap: _Snapshot, restrict, facet_limit: int) -> dict[str, list[FacetValue]]:
        out: dict[str, list[FacetValue]] = {}
        docs_c = restrict("countries")
        out["countries"] = [
            FacetValue(v, n, country_label(v))
            for v, n in count_values(snap.arrays["countries"], docs_c)[:facet_limit]
        ]
        out["regions"] = [
            FacetValue(v, n, region_label(v))
            for v, n in count_values(snap.arrays["regions"], docs_c)[:facet_limit]
        ]
        out["themes"] = [
            FacetValue(v, n, theme_label(v))
            for v, n in count_values(snap.arrays["themes"], restrict("themes"))[:facet_limit]
        ]
        out["years"] = [FacetValue(y, n) for y, n in count_values(snap.years, restrict("date"))]
        return out

    def _page(self, snap, pq, matched, sort, limit, page, want_highlight) -> list[Hit]:
        if not matched:
            return []
        s = snap.searcher
        start = (page - 1) * limit
        if start >= len(matched):
            return []
        if snap.scorer is not None:
            return self._page_arrays(snap, pq, matched, sort, start, limit, want_highlight)
        if sort == "relevance" and pq.query is not None:
            rq = rank_query(pq.query, pq.terms, synonyms=pq.synonym_terms)
            results = s.search(rq, filter=set(matched), limit=start + limit, terms=True)
        else:
            date_facet = sorting.FieldFacet("date", reverse=(sort == "newest"))
            if sort == "oldest":
                # undated documents last, whichever the direction
                date_facet = sorting.TranslateFacet(_undated_last, sorting.FieldFacet("date"))
            q = pq.query if pq.query is not None else Q.Every()
            results = s.search(
                q, filter=set(matched), limit=start + limit, sortedby=[date_facet], terms=True
            )
        out = []
        fmt = BoldFormatter()
        for hit in results[start : start + limit]:
            f = hit.fields()
            hl = ""
            if want_highlight and pq.query is not None:
                text = _snippet_source(f.get("summary") or "", f.get("body") or "")
                results.formatter = fmt
                results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
                if pq.expansions:
                    results.scorer = TypedWordsFirst(pq.terms)
                try:
                    hl = hit.highlights("content", text=text, top=2)
                except Exception:  # highlighting is a nicety; never fail a search for it
                    hl = ""
            score = (
                round(float(hit.score), 4)
                if hit.score is not None and sort == "relevance"
                else None
            )
            out.append(Hit.from_stored(f, score, hl))
        return out

    def _page_arrays(self, snap, pq, matched, sort, start, limit, want_highlight) -> list[Hit]:
        """The page from array scores (or date keys): no Whoosh collector involved."""
        s = snap.searcher
        scores: np.ndarray | None = None
        if sort == "relevance" and pq.query is not None:
            ids, sc = self._ranked(snap, pq)
            keep = matched.mask[ids]
            ids, sc = ids[keep], sc[keep]
            best = fast.top_k(ids, sc, start + limit)
            collected = ids[best]
            docnums, scores = collected[start:], sc[best][start:]
        else:
            collected = matched.ids()
            key = snap.date_key[collected]
            if sort == "oldest":  # undated documents last, whichever the direction
                key = np.where(key == 0, key.max(initial=0) + 1, key)
                order = np.lexsort((collected, key))
            else:
                order = np.lexsort((collected, -key))
            collected = collected[order[: start + limit]]
            docnums = collected[start:]
        words: frozenset[str] = frozenset()
        if want_highlight and pq.query is not None:
            # as Whoosh: words matched in any document of the results
            words = fast.query_words(pq.query, s, "content", matched.mask, snap.scorer)
        analyzer = s.schema["content"].analyzer
        fmt = BoldFormatter()
        frag = highlight.ContextFragmenter(maxchars=220, surround=60)
        hl_scorer = TypedWordsFirst(pq.terms) if pq.expansions else None
        out = []
        for i, n in enumerate(docnums.tolist()):
            f = s.stored_fields(n)
            hl = ""
            if words:
                text = _snippet_source(f.get("summary") or "", f.get("body") or "")
                try:
                    hl = fast.highlight_text(text, words, analyzer, frag, fmt, hl_scorer, top=2)
                except Exception:  # highlighting is a nicety; never fail a search for it
                    hl = ""
            score = round(float(scores[i]), 4) if scores is not None else None
            out.append(Hit.from_stored(f, score, hl))
        return out

    def suggest(self, text: str, *, within: Sequence[Any] = ()) -> str | None:
        """A respelling of ``text`` with words from the index, when it finds more documents.

        ``within``: document sets (the search's filters) both counts are limited to, so
        a suggestion never promises hits that the chosen filters would hide.
        """
        try:
            pq = parse_query(text)
        except QueryError:
            return None
        return self._suggest(pq, within)

    def _suggest(self, pq: ParsedQuery, within: Sequence[Any]) -> str | None:
        if pq.query is None:
            return None
        with self._lock:
            snap = self._snapshot()
            key = (snap.generation, pq.text)
            if key in self._respelt:
                better = self._respelt[key]
            else:
                better = respell(snap.searcher.reader(), pq.text)
                if len(self._respelt) > 1024:
                    self._respelt.clear()
                self._respelt[key] = better
            if better is None:
                return None
            try:
                bq = parse_query(better)
            except QueryError:
                return None

            def count(q: ParsedQuery) -> int:
                docs = self._matches(snap, q)
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
        self, queries: Iterable[tuple[str, str]], top: int = 100
    ) -> Iterator[tuple[str, list[tuple[str, float]]]]:
        """Rank ``top`` documents for each (qid, text): the same ranking as ``search``."""
        with self._lock:
            snap = self._snapshot()
            for qid, text in queries:
                try:
                    pq = parse_query(text)
                except QueryError:
                    yield qid, []
                    continue
                if pq.query is None:
                    yield qid, []
                    continue
                if snap.scorer is not None:
                    ids, sc = self._ranked(snap, pq)
                    best = fast.top_k(ids, sc, top)
                    s = snap.searcher
                    yield qid, [(s.stored_fields(int(ids[i]))["id"], float(sc[i])) for i in best]
                    continue
                results = snap.searcher.search(
                    rank_query(pq.query, pq.terms, synonyms=pq.synonym_terms), limit=top
                )
                yield qid, [(h["id"], float(h.score)) for h in results]


def _snippet_source(summary: str, body: str) -> str:
    """The text highlights are cut from: the body's start, with the summary only if it adds."""
    head = body[:SNIPPET_CHARS]
    if not summary or summary[:200] in head:
        return head
    return summary + "\n" + head


def _undated_last(v: str | bytes) -> str | bytes:
    """Sort key for oldest-first: an empty date sorts after every real one."""
    if v:
        return v
    return b"\xff" if isinstance(v, bytes) else "\uffff"


class BoldFormatter(highlight.Formatter):
    """``<b>word</b>`` around matches, everything else HTML-escaped (pages are untrusted)."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<b>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</b>"


def Counter_of(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out
