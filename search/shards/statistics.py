"""The statistics of a whole shard set, gathered from its shards for one search.

BM25F reads four things from its collection: the number of live documents,
the mean length of each ranked field, and each word's document frequency
(for its IDF). A shard that scored its documents with its own would rank
them by its own little collection; every shard is given these instead (the
classic first phase of distributed search: gather the statistics, then
score), so a document scores exactly what it would in one index holding the
same documents.

A shard's counts are :class:`ShardCounts`; their sum, with the document
frequencies of the words a search needs, is a :class:`CollectionStats`, the
:class:`~migsearch.search.bm25.Statistics` the shards' scorers read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from migsearch.search.bm25 import IDF_FIELD, lucene_idf

__all__ = ["CollectionStats", "ShardCounts"]


@dataclass(frozen=True)
class ShardCounts:
    """One shard's part: live documents, document numbers (deleted ones included, as
    the mean field lengths count them), total length of each ranked field, and the
    document frequencies of the words asked for."""

    n_docs: int
    n_all: int
    lengths: tuple[tuple[str, float], ...]
    df: Mapping[str, int] = field(default_factory=dict)


@dataclass
class CollectionStats:
    """The statistics of the whole set: what one index of all its documents would have."""

    n_docs: int
    n_all: int
    lengths: dict[str, float]
    df: dict[str, int]

    @classmethod
    def of(cls, parts: Iterable[ShardCounts]) -> CollectionStats:
        parts = list(parts)
        lengths: dict[str, float] = {}
        df: dict[str, int] = {}
        for p in parts:
            for name, total in p.lengths:
                lengths[name] = lengths.get(name, 0.0) + total
            for t, n in p.df.items():
                df[t] = df.get(t, 0) + n
        return cls(sum(p.n_docs for p in parts), sum(p.n_all for p in parts), lengths, df)

    def add(self, parts: Iterable[ShardCounts]) -> None:
        """Add the document frequencies of more words (gathered later in a search)."""
        for p in parts:
            for t, n in p.df.items():
                self.df[t] = self.df.get(t, 0) + n

    def missing(self, terms: Iterable[str]) -> list[str]:
        """Those of ``terms`` whose document frequency is not known yet, once each."""
        return [t for t in dict.fromkeys(terms) if t not in self.df]

    # ------------------------------------------------------------ bm25.Statistics
    def doc_frequency(self, fieldname: str, text: str) -> int:
        if fieldname != IDF_FIELD:
            raise ValueError(f"only {IDF_FIELD!r} document frequencies are gathered")
        try:
            return self.df[text]
        except KeyError:
            raise KeyError(f"the document frequency of {text!r} was not gathered") from None

    def avg_length(self, fieldname: str) -> float:
        """As one index computes it: total length over all document numbers."""
        return max(self.lengths.get(fieldname, 0.0) / max(self.n_all, 1), 1e-9)

    def idf(self, term: str) -> float:
        return lucene_idf(self.doc_frequency(IDF_FIELD, term), max(self.n_docs, 1))
