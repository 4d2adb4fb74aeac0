"""Stored columns of an opened index as arrays: what facets count and filters test.

Whoosh's ``groupedby`` re-reads every matched document's terms and takes most
of a faceted query's time on large result sets. Here a facet field's column is
decoded once per opened index into two parallel numpy arrays, one entry per
(document, value) pair: the document number and a small integer id of the
value. A filter is the mask of the documents having one of the accepted values.

Counting a result set, given as a boolean mask over document numbers, splits
the values in two. A value held by many documents (at least one in
:data:`DENSE_SHARE`) also has a bitmap of them, and is counted by AND and
popcount over packed bits: a twelfth of a millisecond for 100,000 documents
and two dozen such values, against a gather over every pair. The other values
are counted by one gather over their own pairs and a ``bincount``. The order
(most frequent first, ties by value) is one ``lexsort``, and a caller that
shows only the first few values asks for those alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.columns import TranslatingColumnReader, VarBytesColumn

from migsearch.indexer.store.facetcodes import read_codes

__all__ = ["DENSE_SHARE", "FacetArrays", "column_codes", "column_values", "encode"]

#: A value held by at least one document in this many is counted from its bitmap (a
#: bitmap then takes fewer bytes than the value's (document, value) pairs).
DENSE_SHARE = 64


def column_values(reader: Any, fieldname: str) -> list[str]:
    """A column as a list indexed by document number ([] for an empty index)."""
    if reader.doc_count_all() == 0:
        return []
    out: list[str] = []
    for leaf, _offset in reader.leaf_readers():
        got = _segment_column(leaf, fieldname)
        out += got if got is not None else list(leaf.column_reader(fieldname))
    return out


def column_codes(reader: Any, fieldname: str) -> tuple[list[str], np.ndarray]:
    """A column dictionary-encoded: its distinct values, and each document's code into them.

    Read from the segments' facet code files (``indexer.store.facetcodes``) where
    they exist, with no step per document; from Whoosh's column elsewhere.
    """
    if reader.doc_count_all() == 0:
        return [], np.zeros(0, dtype=np.uint32)
    table: dict[str, int] = {}
    parts: list[np.ndarray] = []
    for leaf, _offset in reader.leaf_readers():
        found = None
        if hasattr(leaf, "segment"):
            found = read_codes(leaf.storage(), leaf.segment(), fieldname)
        if found is None:
            got = _segment_column(leaf, fieldname)
            found = encode(got if got is not None else list(leaf.column_reader(fieldname)))
        values, codes = found
        remap = np.fromiter(
            (table.setdefault(v, len(table)) for v in values), dtype=np.uint32, count=len(values)
        )
        parts.append(remap[codes] if len(values) else codes)
    return list(table), np.concatenate(parts)


def encode(col: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """A column given as one string per document, dictionary-encoded (see :func:`column_codes`)."""
    table: dict[str, int] = {}
    codes = [table.setdefault(v, len(table)) for v in col]
    return list(table), np.asarray(codes, dtype=np.uint32)


def _segment_column(leaf: Any, fieldname: str) -> list[str] | None:
    """Whoosh's variable-bytes column read in one piece, not a file read per document.

    Opening a 100,000-document index spends most of its time in per-document
    column reads otherwise. None for any other column layout.
    """
    cr = leaf.column_reader(fieldname)
    inner = getattr(cr, "_reader", None)
    if type(cr) is not TranslatingColumnReader or type(inner) is not VarBytesColumn.Reader:
        return None
    offsets, lengths = inner._offsets, inner._lengths
    if len(lengths) != leaf.doc_count_all():
        return None
    end = max((o + ln for o, ln in zip(offsets, lengths, strict=True)), default=0)
    data = bytes(inner._dbfile.get(inner._basepos, end)) if end else b""
    translate = cr._translate
    seen: dict[bytes, str] = {}
    out: list[str] = []
    for o, ln in zip(offsets, lengths, strict=True):
        raw = data[o : o + ln] if ln else b""
        v = seen.get(raw)
        if v is None:
            v = seen[raw] = translate(raw)
        out.append(v)
    return out


@dataclass
class FacetArrays:
    """(document, value id) pairs of one column, and the id → value table."""

    values: list[str]
    doc: np.ndarray  # int64 document number of each pair
    val: np.ndarray  # int32 value id of each pair
    n_docs: int

    def __post_init__(self) -> None:
        n_values = len(self.values)
        per_value = np.bincount(self.val, minlength=n_values)
        dense = np.flatnonzero(per_value * DENSE_SHARE >= max(self.n_docs, 1))
        #: ids of the values counted from bitmaps, and their bitmaps (one row each,
        #: packed bits padded to whole 64-bit words)
        self._dense = dense
        words = -(-self.n_docs // 64)
        self._bitmaps = np.zeros((len(dense), words), dtype=np.uint64)
        sparse_pair = np.ones(len(self.val), dtype=bool)
        for row, v in enumerate(dense.tolist()):
            at = self.val == v
            sparse_pair &= ~at
            self._bitmaps[row] = _pack(_mask_of(self.doc[at], self.n_docs), words)
        #: the pairs of the other values
        self._sparse_doc = self.doc[sparse_pair]
        self._sparse_val = self.val[sparse_pair].astype(np.intp)  # as bincount takes it
        #: each value's place in the sorted values (ties of equal counts go by value)
        rank = np.empty(n_values, dtype=np.int64)
        rank[sorted(range(n_values), key=self.values.__getitem__)] = np.arange(n_values)
        self._rank = rank

    @classmethod
    def from_column(cls, col: Sequence[str], multi: bool = True) -> FacetArrays:
        """From raw column strings: comma-separated values, or one value each (``multi=False``).

        Empty strings are no value.
        """
        return cls.from_codes(*encode(col), multi=multi)

    @classmethod
    def from_codes(cls, raw: Sequence[str], codes: np.ndarray, multi: bool = True) -> FacetArrays:
        """From a dictionary-encoded column (:func:`column_codes`): the distinct raw
        strings, and each document's code into them.

        Each distinct string is split once; the pairs of every document are then
        laid out with array operations, in document order, a document's values in
        the order of its string.
        """
        table: dict[str, int] = {}
        values: list[str] = []
        ids_of: list[list[int]] = []
        for raw_value in raw:
            parts = (
                [p for p in raw_value.split(",") if p] if multi else [raw_value] * bool(raw_value)
            )
            ids = []
            for p in dict.fromkeys(parts):
                i = table.get(p)
                if i is None:
                    i = table[p] = len(values)
                    values.append(p)
                ids.append(i)
            ids_of.append(ids)
        sizes = np.fromiter(map(len, ids_of), dtype=np.int64, count=len(ids_of))
        flat = np.fromiter(
            (i for ids in ids_of for i in ids), dtype=np.int32, count=int(sizes.sum())
        )
        starts = np.cumsum(sizes) - sizes
        per_doc = sizes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        total = int(per_doc.sum())
        doc = np.repeat(np.arange(len(codes), dtype=np.int64), per_doc)
        # the k-th pair of a document is the k-th id of its string
        first_pair = np.cumsum(per_doc) - per_doc
        within = np.arange(total, dtype=np.int64) - np.repeat(first_pair, per_doc)
        val = flat[np.repeat(starts[codes], per_doc) + within] if total else np.zeros(0, np.int32)
        return cls(values, doc, val.astype(np.int32), len(codes))

    def counts(self, mask: np.ndarray, limit: int | None = None) -> list[tuple[str, int]]:
        """(value, count) over the documents of ``mask``, most frequent first, ties by value;
        only the first ``limit`` of them when given."""
        if not len(self.doc):
            return []
        n_values = len(self.values)
        # pairs outside the mask count for a value past the last (cheaper than selecting)
        kept = np.where(mask[self._sparse_doc], self._sparse_val, n_values)
        c = np.bincount(kept, minlength=n_values + 1)[:n_values].astype(np.int64)
        if len(self._dense):
            c[self._dense] = _popcount(self._bitmaps & _pack(mask, self._bitmaps.shape[1]))
        have = np.flatnonzero(c)
        order = have[np.lexsort((self._rank[have], -c[have]))]
        if limit is not None:
            order = order[: max(limit, 0)]
        values = self.values
        return [(values[i], n) for i, n in zip(order.tolist(), c[order].tolist(), strict=True)]

    def mask_where(self, accept: Callable[[str], bool]) -> np.ndarray:
        """Documents having at least one value that ``accept`` takes, as a boolean mask."""
        ids = [i for i, v in enumerate(self.values) if accept(v)]
        mask = np.zeros(self.n_docs, dtype=bool)
        if ids:
            mask[self.doc[np.isin(self.val, ids)]] = True
        return mask


def _mask_of(ids: np.ndarray, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[ids] = True
    return mask


def _pack(mask: np.ndarray, words: int) -> np.ndarray:
    """A boolean mask as packed bits in ``words`` 64-bit words (zero padded)."""
    packed = np.zeros(words * 8, dtype=np.uint8)
    bits = np.packbits(mask)
    packed[: len(bits)] = bits
    return packed.view(np.uint64)


#: set bits of each byte, for numpy without ``bitwise_count`` (before 2.0)
_BYTE_BITS = np.array([bin(b).count("1") for b in range(256)], dtype=np.int64)


def _popcount(rows: np.ndarray) -> np.ndarray:
    """Set bits of each row of a 2-d array of 64-bit words."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(rows).sum(axis=1, dtype=np.int64)
    return _BYTE_BITS[rows.view(np.uint8)].sum(axis=1)
