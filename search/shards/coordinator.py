"""A search over a shard set, in phases, with the answer one index would give.

:class:`ShardedIndex` has the public face of
:class:`~migsearch.search.engine.SearchIndex` (``open_index`` returns one for
a folder with a shard manifest), so the CLI, the Python API and the server
use a set as they use one index. A search runs these phases, each on every
shard at once (:mod:`.local` in this process, :mod:`.cluster` on Dask workers):

1. **statistics**: live documents, field lengths and the document frequencies
   of the query's words, summed (:mod:`.statistics`); a long free text is then
   cut to its key terms with the set's IDF, as one index would cut it;
2. **words**: what each prefix expands to, united over the shards, and the
   document frequencies of those words;
3. **feedback** (queries RM3 applies to): each shard's best first-pass
   documents with their words; the set's best of them make the feedback words
   (with their document frequencies gathered too);
4. **all words first** (short OR queries): each shard's best score of a
   document without every word; the set's maximum is the lift;
5. **page**: each shard's best ``start + limit`` documents in the set's order
   (score, then id; unscored ones by date, then id), with its full facet counts and totals; the
   coordinator merges them, sums counts (full counts, so the top N is exact)
   and cuts the page;
6. **hits**: the shard holding each hit of the page makes its snippet.

Scores are those of one index holding the same documents, to the last bit.
Equal scores and dates are ordered by document id, as one index orders them
(:class:`~migsearch.search.engine.IdOrder`), at the feedback cut too. "Did you
mean" respells with the word counts of the whole set (each shard's lexicon's
counts added up, :mod:`~migsearch.search.query.spelling`), as one index would;
the column values that unknown-value errors suggest from are united over the
shards.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from whoosh import query as Q

from migsearch.errors import DocumentNotFoundError, QueryError
from migsearch.indexer.store.shardset import shard_folders, shard_of
from migsearch.search.deadline import DEFAULT_TIMEOUT
from migsearch.search.docset import DocSet
from migsearch.search.evaluate import MAX_EXPANDED_TERMS, positive_leaves, too_wide
from migsearch.search.facets import FACETS, FILTERS, check_known
from migsearch.search.feedback import feedback_words, rm3
from migsearch.search.keyterms import focus
from migsearch.search.query.parse import ParsedQuery, parse_query
from migsearch.search.query.prefix import (
    MAX_EXPANSIONS,
    PrefixCandidates,
    choose,
    prefixes_in,
    ranges_in,
)
from migsearch.search.query.spelling import Spellings, respell_with
from migsearch.search.ranking import (
    DEFAULT_PARAMS,
    QueryWords,
    Ranker,
    short_or_query,
    typed_terms,
)
from migsearch.search.request import ResolvedRequest, SearchRequest
from migsearch.search.results import Document, FacetValue, Hit, SearchResult
from migsearch.search.searchable import Searchable
from migsearch.search.shards.shard import Candidate, QuerySpec, ShardPage
from migsearch.search.shards.statistics import CollectionStats
from migsearch.search.similar import TEXT_CHARS

__all__ = ["ShardGroup", "ShardedIndex", "merge_candidates"]

P = DEFAULT_PARAMS


class ShardGroup(Protocol):
    """Where the shards run: every phase is ``all`` (one call per shard) or ``each``."""

    @property
    def count(self) -> int: ...

    def all(self, method: str, *args: Any) -> list[Any]: ...

    def each(self, calls: dict[int, tuple[Any, ...]], method: str) -> list[Any]: ...

    def one(self, k: int, method: str, *args: Any) -> Any: ...

    def close(self) -> None: ...


def local_group(path: Path, shards: int, warm: bool, processes: bool = False) -> ShardGroup:
    """The shards on this machine: in threads of this process, or in ``processes`` of
    their own (:mod:`.processes`: faster for a large set, slower to open)."""
    if processes:
        from migsearch.search.shards.processes import ProcessShards

        return ProcessShards(shard_folders(path, shards), warm=warm)
    from migsearch.search.shards.local import LocalShards

    return LocalShards(shard_folders(path, shards), warm=warm)


def cluster_group(scheduler: str, path: str | os.PathLike[str], shards: int) -> ShardGroup:
    from migsearch.search.shards.cluster import ClusterShards, connect

    return ClusterShards(connect(scheduler), path, shards)


class ShardedIndex(Searchable):
    """A shard set searched as one index (the public methods of SearchIndex)."""

    def __init__(
        self,
        index_dir: str | os.PathLike[str],
        shards: int,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        warm: bool = False,
        group: ShardGroup | None = None,
        processes: bool = False,
    ) -> None:
        self.path = Path(index_dir)
        self.timeout = timeout
        self.shards = (
            group if group is not None else local_group(self.path, shards, warm, processes)
        )

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self.shards.close()

    def refresh(self) -> int:
        return sum(self.shards.all("refresh"))

    # ------------------------------------------------------------ info
    def doc_count(self) -> int:
        return sum(s["documents"] for s in self.shards.all("status"))

    def generation(self) -> int:
        """Grows with every commit of any shard (the sum of theirs)."""
        return sum(s["generation"] for s in self.shards.all("status"))

    def status(self) -> dict[str, Any]:
        parts = self.shards.all("status")
        commits = [s["last_commit"] for s in parts if s["last_commit"]]
        return {
            "documents": sum(s["documents"] for s in parts),
            "index": str(self.path.absolute()),
            "generation": sum(s["generation"] for s in parts),
            "last_commit": max(commits) if commits else None,
            "shards": len(parts),
        }

    def stats(self) -> dict[str, Any]:
        parts = self.shards.all("summary")
        st = self.status()

        def summed(key: str) -> dict[str, int]:
            out: dict[str, int] = {}
            for p in parts:
                for v, n in p[key]:
                    out[v] = out.get(v, 0) + n
            return out

        themes = summed("themes")
        return {
            "documents": sum(p["documents"] for p in parts),
            "index": st["index"],
            "generation": st["generation"],
            "last_commit": st["last_commit"],
            "sources": len(summed("sources")),
            "countries": len(summed("countries")),
            "themes": dict(sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))),
            "years": dict(sorted(summed("years").items())),
            "undated": sum(p["undated"] for p in parts),
        }

    def get(self, doc_id: str) -> Document:
        fields = self.shards.one(shard_of(doc_id, self.shards.count), "document", doc_id)
        if fields is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        return Document.from_stored(fields)

    # ------------------------------------------------------------ searching
    def _answer(
        self, req: SearchRequest, rr: ResolvedRequest, pq0: ParsedQuery, sort: str
    ) -> SearchResult:
        spec, pq, words, stats, expanded, lift = self._rank(QuerySpec(req.query), pq0)
        start = (req.page - 1) * req.limit
        pages: list[ShardPage] = self.shards.all(
            "page", spec, req, words, stats, expanded, lift, start + req.limit, sort, None
        )
        for name, values in _values(pages).items():
            f = FILTERS[name]
            check_known(f, f.wanted(rr), values)
        ranked = sort == "relevance" and pq.query is not None
        best = merge_candidates(pages, start + req.limit, sort, ranked)[start:]
        hl = frozenset().union(*(p.words for p in pages)) if req.highlight else frozenset()
        hits = self._hits(best, hl, pq, ranked)
        total = sum(p.total for p in pages)
        facets = _facets(pages, rr, req) if req.facets else {}
        suggestion = None
        if pq.query is not None and not pq.long:
            suggestion = self._suggest(pq, req, stats, total)
        every = [p.all_words for p in pages]
        return SearchResult.of_page(
            pq,
            req,
            total=total,
            total_all_words=None if None in every else sum(every),  # type: ignore[arg-type]
            hits=hits,
            facets=facets,
            suggestion=suggestion,
        )

    def _rank(
        self, spec: QuerySpec, pq0: ParsedQuery
    ) -> tuple[
        QuerySpec,
        ParsedQuery,
        QueryWords | None,
        CollectionStats,
        dict[str, float] | None,
        float | None,
    ]:
        """Phases 1-4: the query for the shards (its prefixes' expansions fixed), the
        focused query, its words, the set's statistics, the feedback weights and the
        lift (None where they do not apply)."""
        stats = CollectionStats.of(
            self.shards.all("counts", list(dict.fromkeys([*pq0.terms, *pq0.synonym_terms])))
        )
        pq = focus(pq0, stats.idf, P.max_query_terms)
        if pq.query is None:
            return spec, pq, None, stats, None, None
        if prefixes_in(pq0.query):  # type: ignore[arg-type]
            spec = self._expand_prefixes(spec)
        if ranges_in(pq0.query):  # type: ignore[arg-type]
            self._check_ranges(spec, pq0)
        groups: list[tuple[str, ...]] = []
        if any(isinstance(n, Q.MultiTerm) for n in positive_leaves(pq.query)):  # prefixes
            parts = self.shards.all("expansions", spec, stats)
            groups = [
                tuple(sorted(set().union(*(p[i] for p in parts)))) for i in range(len(parts[0]))
            ]
        words = QueryWords.of(pq.query, typed_terms(pq, P), pq.synonym_terms, groups)
        self._gather(stats, [*words.terms, *words.synonyms])
        expanded = None
        if Ranker.feedback_applies(words, P, stats.idf):
            tops = self.shards.all("feedback_top", spec, words, stats, P.fb_docs)
            merged = sorted((t for top in tops for t in top), key=lambda t: (-t[0], t[1]))
            top = [(s, counts) for s, _, counts in merged[: P.fb_docs]]
            cands = feedback_words(top, terms=P.fb_terms, temperature=P.fb_temperature)
            self._gather(stats, [w for w, _ in cands])
            expanded = rm3(
                words.weights(P.qtf_power),
                top,
                lambda w: stats.doc_frequency("content", w),
                max(stats.n_docs, 1),
                terms=P.fb_terms,
                original_weight=P.fb_original_weight,
                temperature=P.fb_temperature,
                max_df=P.fb_max_df,
            )
        lift = None
        if short_or_query(words) and P.all_words_first:
            maxima = [m for m in self.shards.all("partial_max", spec, words, stats, expanded)]
            found = [m for m in maxima if m is not None]
            lift = max(found) if found else None
        return spec, pq, words, stats, expanded, lift

    def _counted(self, pq: ParsedQuery) -> QuerySpec:
        """The spec of a query whose matches are only counted ("Did you mean")."""
        spec = QuerySpec(pq.text)
        if pq.query is not None and prefixes_in(pq.query):
            spec = self._expand_prefixes(spec)
        return spec

    def _expand_prefixes(self, spec: QuerySpec) -> QuerySpec:
        """``spec`` with each prefix expanding to the set's most frequent terms: the
        shards' candidates and counts added up, chosen as one index chooses."""
        parts: dict[tuple[str, str], list[PrefixCandidates]] = {}
        for shard in self.shards.all("prefix_candidates", spec):
            for fieldname, text, cands in shard:
                parts.setdefault((fieldname, text), []).append(cands)
        fixed = []
        for (fieldname, text), found in parts.items():
            chosen = choose(PrefixCandidates.merged(found), MAX_EXPANSIONS)
            fixed.append((fieldname, text, tuple(b.decode("utf-8") for b in chosen)))
        return replace(spec, prefixes=tuple(fixed))

    def _check_ranges(self, spec: QuerySpec, pq0: ParsedQuery) -> None:
        """Refuse a range whose words in the whole set are more than one index may
        expand a range to, as one index of the same documents refuses it."""
        words: dict[str, set[bytes]] = {}
        for shard in self.shards.all("range_terms", spec):
            for key, terms in shard:
                words.setdefault(key, set()).update(terms)
        for node in ranges_in(pq0.query):  # type: ignore[arg-type]
            if len(words.get(repr(node), ())) > MAX_EXPANDED_TERMS:
                raise QueryError(too_wide(node), None)

    def _gather(self, stats: CollectionStats, terms: Iterable[str]) -> None:
        missing = stats.missing(terms)
        if missing:
            stats.add(self.shards.all("counts", missing))

    def _hits(
        self, best: list[Candidate], words: frozenset[str], pq: ParsedQuery, ranked: bool
    ) -> list[Hit]:
        """Phase 6: each shard makes the hits it holds; in page order."""
        typed = tuple(pq.terms) if pq.expansions else None
        by_shard: dict[int, list[str]] = {}
        for c in best:
            by_shard.setdefault(c.shard, []).append(c.id)
        calls = {k: (ids, words, typed) for k, ids in by_shard.items()}
        made: dict[tuple[int, str], Hit | None] = {}
        for k, hits in zip(calls, self.shards.each(calls, "hits"), strict=True):
            for doc_id, hit in zip(by_shard[k], hits, strict=True):
                made[(k, doc_id)] = hit
        out = []
        for c in best:
            hit = made[(c.shard, c.id)]
            if hit is not None:
                score = round(c.score, 4) if ranked and c.score is not None else None
                out.append(replace(hit, score=score))
        return out

    def _suggest(
        self, pq: ParsedQuery, req: SearchRequest, stats: CollectionStats, total: int
    ) -> str | None:
        """The query respelt with the words of the whole set, if that finds more than it
        (``total``) under the request's filters."""
        better = respell_with(pq.text, Spellings.merged(self.shards.all("spellings", pq.text)))
        if better is None:
            return None
        try:
            bq = parse_query(better)
        except QueryError:
            return None
        found = sum(self.shards.all("count", self._counted(bq), req, stats))
        return better if found > total else None

    def _suggestion(self, pq: ParsedQuery, within: Sequence[DocSet]) -> str | None:
        """``within`` is one index's document sets and is not taken here (a search
        takes the request's filters)."""
        stats = CollectionStats.of(self.shards.all("counts", []))
        total = sum(self.shards.all("count", self._counted(pq), SearchRequest(), stats))
        return self._suggest(pq, SearchRequest(), stats, total)

    def _ranked_ids(
        self, spec: QuerySpec, req: SearchRequest, k: int, leave_out: str | None = None
    ) -> tuple[ParsedQuery, list[Candidate], frozenset[str]]:
        spec, pq, words, stats, expanded, lift = self._rank(spec, spec.parse())
        if pq.query is None:
            raise QueryError("the query is empty", 0)
        pages = self.shards.all(
            "page", spec, req, words, stats, expanded, lift, k, "relevance", leave_out
        )
        hl = frozenset().union(*(p.words for p in pages))
        return pq, merge_candidates(pages, k, "relevance", True), hl

    def _similar(self, doc_id: str, limit: int) -> list[Hit]:
        f = self.shards.one(shard_of(doc_id, self.shards.count), "document", doc_id)
        if f is None:
            raise DocumentNotFoundError(f"no document with id {doc_id!r}")
        text = "\n".join(
            (f.get("title") or "", f.get("summary") or "", (f.get("body") or "")[:TEXT_CHARS])
        )
        req = SearchRequest(limit=limit, facets=False)
        try:
            pq, best, hl = self._ranked_ids(QuerySpec(text, passage=True), req, limit, doc_id)
        except QueryError:  # a document without a searchable word has no neighbours
            return []
        return self._hits(best, hl, pq, True)

    def _similar_text(self, text: str, limit: int) -> tuple[list[dict[str, Any]], list[Hit]]:
        req = SearchRequest(limit=limit, facets=False)
        pq, best, hl = self._ranked_ids(QuerySpec(text, passage=True), req, limit)
        return pq.notices, self._hits(best, hl, pq, True)

    def _top(self, text: str, top: int) -> list[tuple[str, float]]:
        req = SearchRequest(facets=False, highlight=False)
        _, best, _ = self._ranked_ids(QuerySpec(text), req, top)
        return [(c.id, float(c.score or 0.0)) for c in best]


def merge_candidates(pages: list[ShardPage], k: int, sort: str, ranked: bool) -> list[Candidate]:
    """The first ``k`` of the shards' candidates in the set's order.

    By relevance: scored documents by score, equal scores by id; then those that
    scored 0, newest first. By date: newest (or oldest) first, undated last. Equal
    dates by id.
    """
    cands = sorted((c for p in pages for c in p.candidates), key=lambda c: c.id)
    if ranked:
        scored = sorted((c for c in cands if c.score), key=lambda c: -(c.score or 0.0))
        rest = [c for c in cands if not c.score]
        return (scored + _by_date(rest, newest=True))[:k]
    return _by_date(cands, newest=sort != "oldest")[:k]


def _by_date(cands: list[Candidate], *, newest: bool) -> list[Candidate]:
    """``cands`` (in id order) by date, undated last; stable, so equal dates keep id order."""
    dated = [c for c in cands if c.date]
    undated = [c for c in cands if not c.date]
    return sorted(dated, key=lambda c: c.date, reverse=newest) + undated


def _values(pages: list[ShardPage]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for p in pages:
        for name, values in p.values.items():
            out.setdefault(name, set()).update(values)
    return {name: sorted(v) for name, v in out.items()}


def _facets(pages: list[ShardPage], rr: Any, req: SearchRequest) -> dict[str, list[FacetValue]]:
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        counts: dict[str, int] = {}
        for p in pages:
            got = p.facets.get(facet.key, ())
            if not counts:
                counts = dict(got)
                continue
            for v, n in got:
                counts[v] = counts.get(v, 0) + n
        # by value, then stably by count, most first: ties stay in value order
        ordered = sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)
        if facet.limited:
            ordered = ordered[: max(req.facet_limit, 0)]
        label = facet.label
        out[facet.key] = [FacetValue(v, n, label(v) if label else None) for v, n in ordered]
    return out
