"""Facet counts from per-index value arrays, not Whoosh's ``groupedby``.

``groupedby`` with ``allow_overlap`` re-reads every matched document's terms and
takes most of a faceted query's time on large result sets. Here each facet
field's column is decoded once per opened reader into two parallel numpy
arrays, one entry per (document, value) pair: the document number and a small
integer id of the value. Counting a result set, given as a boolean mask over
document numbers, is one gather and one ``bincount``: about a millisecond for
100,000 documents, whatever the size of the result set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DocSet", "FacetArrays", "column_values", "count_values", "to_mask"]


class DocSet:
    """A set of document numbers held as a boolean mask over the index.

    Behaves like the frozensets it replaces where the engine uses them
    (``&``, ``len``, iteration, ``in``), at numpy speed.
    """

    __slots__ = ("_n", "mask")

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask
        self._n: int | None = None

    def __len__(self) -> int:
        if self._n is None:
            self._n = int(np.count_nonzero(self.mask))
        return self._n

    def __bool__(self) -> bool:
        return len(self) > 0

    def __and__(self, other: object) -> DocSet:
        if isinstance(other, DocSet):
            return DocSet(self.mask & other.mask)
        if isinstance(other, (set, frozenset)):
            return DocSet(self.mask & to_mask(other, len(self.mask)))
        return NotImplemented

    __rand__ = __and__

    def __iter__(self):
        return iter(np.flatnonzero(self.mask).tolist())

    def __contains__(self, n: object) -> bool:
        return isinstance(n, (int, np.integer)) and 0 <= n < len(self.mask) and bool(self.mask[n])

    def ids(self) -> np.ndarray:
        return np.flatnonzero(self.mask)


def column_values(reader, fieldname: str) -> list[str]:
    """A column as a list indexed by document number ([] for an empty index)."""
    if reader.doc_count_all() == 0:
        return []
    try:
        return _column_values_bulk(reader, fieldname)
    except _NotBulk:
        return list(reader.column_reader(fieldname))


class _NotBulk(Exception):
    pass


def _column_values_bulk(reader, fieldname: str) -> list[str]:
    """Whoosh's variable-bytes column read in one piece per segment, not a file read per document.

    Opening a 100,000-document index spends most of its time in per-document
    column reads otherwise. Any other column layout raises ``_NotBulk``.
    """
    from whoosh.columns import TranslatingColumnReader, VarBytesColumn

    out: list[str] = []
    for leaf, _offset in reader.leaf_readers():
        cr = leaf.column_reader(fieldname)
        inner = getattr(cr, "_reader", None)
        if type(cr) is not TranslatingColumnReader or type(inner) is not VarBytesColumn.Reader:
            raise _NotBulk
        offsets, lengths = inner._offsets, inner._lengths
        n = leaf.doc_count_all()
        if len(lengths) != n:
            raise _NotBulk
        end = max((o + ln for o, ln in zip(offsets, lengths, strict=True)), default=0)
        data = bytes(inner._dbfile.get(inner._basepos, end)) if end else b""
        translate = cr._translate
        seen: dict[bytes, str] = {}
        for o, ln in zip(offsets, lengths, strict=True):
            raw = data[o : o + ln] if ln else b""
            v = seen.get(raw)
            if v is None:
                v = seen[raw] = translate(raw)
            out.append(v)
    return out


def to_mask(docnums: Iterable[int] | np.ndarray, n_docs: int) -> np.ndarray:
    """A boolean mask of length ``n_docs`` from document numbers (or a mask, returned as is)."""
    if isinstance(docnums, DocSet):
        return docnums.mask
    if isinstance(docnums, np.ndarray) and docnums.dtype == bool:
        return docnums
    mask = np.zeros(n_docs, dtype=bool)
    idx = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
    if len(idx):
        mask[idx] = True
    return mask


@dataclass
class FacetArrays:
    """(document, value id) pairs of one facet field, and the id → value table."""

    values: list[str]
    doc: np.ndarray  # int64 document number of each pair
    val: np.ndarray  # int32 value id of each pair
    n_docs: int

    @classmethod
    def load(cls, reader, fieldname: str) -> FacetArrays:
        """Decode a comma-separated keyword column (``sortable`` KEYWORD field)."""
        return cls.from_column(column_values(reader, fieldname))

    @classmethod
    def from_column(cls, col: Sequence[str], multi: bool = True) -> FacetArrays:
        """From raw column strings: comma-separated values, or one value each (``multi=False``)."""
        table: dict[str, int] = {}
        values: list[str] = []
        cache: dict[str, list[int]] = {}
        docs: list[int] = []
        vals: list[int] = []
        for n, raw in enumerate(col):
            if not raw:
                continue
            ids = cache.get(raw)
            if ids is None:
                parts = [p for p in raw.split(",") if p] if multi else [raw]
                ids = []
                for p in dict.fromkeys(parts):
                    i = table.get(p)
                    if i is None:
                        i = table[p] = len(values)
                        values.append(p)
                    ids.append(i)
                cache[raw] = ids
            for i in ids:
                docs.append(n)
                vals.append(i)
        return cls(
            values,
            np.asarray(docs, dtype=np.int64),
            np.asarray(vals, dtype=np.int32),
            len(col),
        )

    @property
    def per_doc(self) -> list[tuple[int, ...]]:
        """Value ids of each document (for callers that want a list; counting does not)."""
        out: list[list[int]] = [[] for _ in range(self.n_docs)]
        for d, v in zip(self.doc.tolist(), self.val.tolist(), strict=True):
            out[d].append(v)
        return [tuple(x) for x in out]

    def counts(self, docnums: Iterable[int] | np.ndarray) -> np.ndarray:
        """Count of each value id over ``docnums`` (numbers or a boolean mask)."""
        mask = to_mask(docnums, self.n_docs)
        if not len(self.doc):
            return np.zeros(len(self.values), dtype=np.int64)
        return np.bincount(self.val[mask[self.doc]], minlength=len(self.values))

    def count(self, docnums: Iterable[int] | np.ndarray) -> Counter[str]:
        c = self.counts(docnums)
        return Counter({self.values[i]: int(c[i]) for i in np.flatnonzero(c)})

    def mask_with_any(self, wanted: Iterable[str]) -> np.ndarray:
        """Documents having at least one of the ``wanted`` values, as a boolean mask."""
        want = set(wanted)
        ids = [i for i, v in enumerate(self.values) if v in want]
        mask = np.zeros(self.n_docs, dtype=bool)
        if ids:
            mask[self.doc[np.isin(self.val, ids)]] = True
        return mask

    def docs_with_any(self, wanted: Iterable[str]) -> set[int]:
        return set(np.flatnonzero(self.mask_with_any(wanted)).tolist())


def count_values(arrays: FacetArrays, docnums: Iterable[int] | np.ndarray) -> list[tuple[str, int]]:
    """(value, count) pairs, most frequent first, ties by value."""
    c = arrays.counts(docnums)
    pairs = [(arrays.values[i], int(c[i])) for i in np.flatnonzero(c)]
    return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))
