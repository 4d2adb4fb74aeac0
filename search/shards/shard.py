"""One shard's part of a search over a shard set.

A :class:`ShardSearcher` opens one shard (an ordinary index, followed as its
commits land) and answers the coordinator's phases
(:mod:`~migsearch.search.shards.coordinator`). Everything it takes and gives
is plain data — the request, the query's words, the set's statistics, lists
of scores and ids — so the same object serves in this process and on the
worker of a cluster.

It scores its documents with the statistics of the whole set, and its lists
come in the set's order: equal scores (and equal dates) by document id, not
by document number, which only means something inside one shard. Results
name documents by id, so a commit landing between two phases of a search
cannot make one phase's number point at another document.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, TypeVar

import numpy as np

from migsearch.indexer.store.storage import last_commit_time
from migsearch.search.cache import BoundedCache
from migsearch.search.docset import DocSet, restrictor
from migsearch.search.engine import SearchIndex, index_summary, stored_hit
from migsearch.search.evaluate import MAX_EXPANDED_TERMS
from migsearch.search.facets import FACETS, FILTERS
from migsearch.search.highlight import query_words
from migsearch.search.query.parse import ParsedQuery, parse_passage, parse_query
from migsearch.search.query.prefix import (
    PrefixCandidates,
    prefixes_in,
    ranges_in,
    with_expansions,
)
from migsearch.search.query.spelling import Spellings, spellings
from migsearch.search.ranking import QueryWords, Ranker, lifted, partial_max
from migsearch.search.request import SearchRequest
from migsearch.search.results import Hit
from migsearch.search.shards.statistics import CollectionStats, ShardCounts
from migsearch.search.snapshot import Snapshot

__all__ = ["Candidate", "QuerySpec", "ShardPage", "ShardSearcher"]

T = TypeVar("T")
#: the ranked fields whose lengths the statistics carry
_LENGTH_FIELDS = ("content", "title")


@dataclass(frozen=True)
class QuerySpec:
    """What each shard parses: a query as typed, or a passage (more like this), with
    the expansion the set chose for each of its prefixes (field, prefix, terms)."""

    text: str | None
    passage: bool = False
    prefixes: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def parse(self) -> ParsedQuery:
        pq = parse_passage(self.text or "") if self.passage else parse_query(self.text)
        if self.prefixes and pq.query is not None:
            fixed = {(f, t): terms for f, t, terms in self.prefixes}
            pq = replace(pq, query=with_expansions(pq.query, fixed))
        return pq


@dataclass(frozen=True)
class Candidate:
    """A document that may be on the page: its score (None by date), date and id."""

    score: float | None
    date: str
    id: str
    shard: int = -1


@dataclass
class ShardPage:
    """A shard's part of a page: its best candidates and its counts over all matches."""

    total: int
    all_words: int | None
    candidates: list[Candidate]
    #: every facet's full counts (the coordinator sums them and cuts the top)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: the words to highlight that this shard's matches justify (a phrase that matches here)
    words: frozenset[str] = frozenset()
    #: the column values of the filters whose unknown values are errors
    values: dict[str, list[str]] = field(default_factory=dict)


class ShardSearcher:
    """Answers the phases of a search for one shard folder."""

    def __init__(self, path: str | os.PathLike[str], number: int, *, warm: bool = False) -> None:
        self.number = number
        self.index = SearchIndex(path, timeout=None, warm=warm)
        #: first and second passes of the searches in flight (a search asks for them in
        #: two or three phases)
        self._passes: BoundedCache[tuple[np.ndarray, dict[str, np.ndarray]]] = BoundedCache(16)
        #: what the lexicon knows of query texts: its walk costs ~10 ms an unknown word
        self._spellings: BoundedCache[Spellings] = BoundedCache(1024)

    def close(self) -> None:
        self.index.close()

    def _run(self, step: Callable[[Snapshot], T]) -> T:
        return self.index.on_snapshot(step)

    # ------------------------------------------------------------ statistics
    def counts(self, terms: list[str]) -> ShardCounts:
        """This shard's part of the statistics, with the document frequencies of ``terms``."""

        def step(snap: Snapshot) -> ShardCounts:
            pr = snap.postings
            reader = snap.searcher.reader()
            lengths = tuple((f, float(reader.field_length(f))) for f in _LENGTH_FIELDS)
            df = {t: pr.doc_frequency("content", t) for t in terms}
            return ShardCounts(pr.n_docs, pr.n, lengths, df)

        return self._run(step)

    def prefix_candidates(self, spec: QuerySpec) -> list[tuple[str, str, PrefixCandidates]]:
        """What this shard has for each prefix of the query (its field, its text)."""

        def step(snap: Snapshot) -> list[tuple[str, str, PrefixCandidates]]:
            q = spec.parse().query
            reader = snap.searcher.reader()
            nodes = prefixes_in(q) if q is not None else []
            return [(n.fieldname, n.text, n.candidates(reader)) for n in nodes]

        return self._run(step)

    def range_terms(self, spec: QuerySpec) -> list[tuple[str, frozenset[bytes]]]:
        """The words each range (any multi-term node but a prefix) stands for here, by
        the node's repr; at most one more than one index may expand to."""

        def step(snap: Snapshot) -> list[tuple[str, frozenset[bytes]]]:
            q = spec.parse().query
            reader = snap.searcher.reader()
            out = []
            for node in ranges_in(q) if q is not None else []:
                terms = (b for _, b in node.expanded_terms(reader) if b)
                out.append((repr(node), frozenset(islice(terms, MAX_EXPANDED_TERMS + 1))))
            return out

        return self._run(step)

    def expansions(self, spec: QuerySpec, stats: CollectionStats) -> list[tuple[str, ...]]:
        """The words each prefix of the query expands to in this shard."""

        def step(snap: Snapshot) -> list[tuple[str, ...]]:
            pq = snap.ranker.with_stats(stats).focus(spec.parse())
            return snap.evaluator.expansions(pq.query) if pq.query is not None else []

        return self._run(step)

    # ------------------------------------------------------------ ranking phases
    def feedback_top(
        self, spec: QuerySpec, words: QueryWords, stats: CollectionStats, docs: int
    ) -> list[tuple[float, str, Counter[str]]]:
        """The ``docs`` best documents of the first pass: score, id and words (equal
        scores by id, so the set's cut through a tie is the same whatever the shards)."""

        def step(snap: Snapshot) -> list[tuple[float, str, Counter[str]]]:
            ranker = snap.ranker.with_stats(stats)
            total, _ = self._pass(snap, ranker, words, stats, None)
            order = self.index.id_order(snap)
            scored = np.flatnonzero(total > 0)
            top, scores = order.best_first(scored, total[scored], docs)
            return [
                (s, order.ids[d], ranker.words(d))
                for s, d in zip(scores.tolist(), top.tolist(), strict=True)
            ]

        return self._run(step)

    def partial_max(
        self,
        spec: QuerySpec,
        words: QueryWords,
        stats: CollectionStats,
        expanded: dict[str, float] | None,
    ) -> float | None:
        """The best score here of a document without every word (all words first)."""

        def step(snap: Snapshot) -> float | None:
            ranker = snap.ranker.with_stats(stats)
            scored = self._pass(snap, ranker, words, stats, expanded)
            total, every = _coordinated(ranker, words, scored)
            return partial_max(total, every) if every is not None else None

        return self._run(step)

    def page(
        self,
        spec: QuerySpec,
        req: SearchRequest,
        words: QueryWords | None,
        stats: CollectionStats,
        expanded: dict[str, float] | None,
        lift: float | None,
        k: int,
        sort: str,
        leave_out: str | None = None,
    ) -> ShardPage:
        """The best ``k`` here in the set's order, and the counts over all matches."""
        rr = req.resolve()

        def step(snap: Snapshot) -> ShardPage:
            ranker = snap.ranker.with_stats(stats)
            pq = ranker.focus(spec.parse())
            base = snap.matches(pq)
            if leave_out is not None:
                n = snap.searcher.document_number(id=leave_out)
                if n is not None:
                    mask = base.mask.copy()
                    mask[n] = False
                    base = DocSet(mask)
            filters: dict[str, DocSet] = {}
            values: dict[str, list[str]] = {}
            for name, f in FILTERS.items():
                wanted = f.wanted(rr)
                if wanted:
                    if f.unknown is not None:
                        values[name] = list(snap.column(f.column).values)
                    filters[name] = snap.filter(f, wanted, f.column_for(rr))

            restrict = restrictor(base, filters)

            matched = restrict(())
            out = ShardPage(total=len(matched), all_words=None, candidates=[], values=values)
            if words is not None:
                every = ranker.all_words(pq, words)
                out.all_words = len(DocSet(every) & matched) if every is not None else None
            out.candidates = self._best(snap, ranker, pq, words, stats, expanded, lift)(
                matched, sort, k
            )
            if req.facets:
                for facet in FACETS:
                    column = snap.column(facet.column_for(rr))
                    out.facets[facet.key] = column.counts(restrict(facet.ignores))
            if req.highlight and pq.query is not None and out.candidates:
                out.words = query_words(
                    pq.query,
                    snap.searcher.reader(),
                    "content",
                    lambda node: bool(
                        (snap.evaluator.matches_by_whoosh(node) & matched.mask).any()
                    ),
                )
            return out

        return self._run(step)

    def _best(
        self,
        snap: Snapshot,
        ranker: Ranker,
        pq: ParsedQuery,
        words: QueryWords | None,
        stats: CollectionStats,
        expanded: dict[str, float] | None,
        lift: float | None,
    ) -> Callable[[DocSet, str, int], list[Candidate]]:
        def best(matched: DocSet, sort: str, k: int) -> list[Candidate]:
            if k <= 0:
                return []
            order = self.index.id_order(snap)
            docnums = matched.ids()
            scores: np.ndarray | None = None
            if sort == "relevance" and pq.query is not None and words is not None:
                scored = self._pass(snap, ranker, words, stats, expanded)
                total, every = _coordinated(ranker, words, scored)
                if every is not None:
                    total = lifted(total, every, lift)
                docnums, scores = order.best_first(docnums, total[docnums], k)
            else:
                docnums = order.by_date(docnums, k, sort == "oldest")
            out = []
            for i, d in enumerate(docnums.tolist()):
                s = float(scores[i]) if scores is not None else None
                out.append(Candidate(s, order.dates[d], order.ids[d], self.number))
            return out

        return best

    def _pass(
        self,
        snap: Snapshot,
        ranker: Ranker,
        words: QueryWords,
        stats: CollectionStats,
        expanded: dict[str, float] | None,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The first pass (scores, each word's documents), or the second pass's scores
        with the first's documents, remembered for the next phase."""
        known = tuple((t, stats.df.get(t)) for t in (*words.terms, *words.synonyms))
        base = (id(snap), words, stats.n_docs, stats.n_all, tuple(stats.lengths.items()), known)
        p = ranker.params

        def first() -> tuple[np.ndarray, dict[str, np.ndarray]]:
            return ranker.first_pass(words, p)

        total, present = self._passes.get_or_compute(base, first)
        if expanded is None:
            return total, present
        key = (base, tuple(sorted(expanded.items())))
        second = self._passes.get_or_compute(
            key, lambda: (ranker.second_pass(expanded, p), present)
        )
        return second

    # ------------------------------------------------------------ hits and the rest
    def hits(
        self, ids: list[str], words: frozenset[str], typed: tuple[str, ...] | None
    ) -> list[Hit | None]:
        """The hits of documents ``ids`` (score to be set), snippets for ``words``."""

        def step(snap: Snapshot) -> list[Hit | None]:
            number = snap.searcher.document_number
            # None: removed by a commit since the page was ranked
            return [
                None if (n := number(id=doc_id)) is None else stored_hit(snap, n, words, typed)
                for doc_id in ids
            ]

        return self._run(step)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        fields = self._run(lambda snap: snap.searcher.document(id=doc_id))
        return dict(fields) if fields is not None else None

    def spellings(self, text: str) -> Spellings:
        """What this shard's lexicon knows of the words of ``text`` ("Did you mean")."""
        return self._run(
            lambda snap: self._spellings.get_or_compute(
                (id(snap), text), lambda: spellings(snap.searcher.reader(), text)
            )
        )

    def count(self, spec: QuerySpec, req: SearchRequest, stats: CollectionStats) -> int:
        """Documents here that the query and every filter of ``req`` keep."""
        plain = replace(req, facets=False, highlight=False)
        return self.page(spec, plain, None, stats, None, None, 0, "newest").total

    def summary(self) -> dict[str, Any]:
        """What ``stats`` sums over shards: documents, facet counts, years, undated."""
        return self._run(index_summary)

    def status(self) -> dict[str, Any]:
        st = self.index.status()
        return {
            "documents": st["documents"],
            "generation": st["generation"],
            "last_commit": last_commit_time(self.index.path),
        }

    def refresh(self) -> int:
        return self.index.refresh()


def _coordinated(
    ranker: Ranker, words: QueryWords, scored: tuple[np.ndarray, dict[str, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray | None]:
    """The scores of a pass (``scored``: scores and each word's documents) with all
    words first applied, and the documents having every word."""
    total, present = scored
    return ranker.coordinated(words, present, total, ranker.params)
