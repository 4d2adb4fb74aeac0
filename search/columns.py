"""Stored columns of an opened index as arrays: what facets count and filters test.

Whoosh's ``groupedby`` re-reads every matched document's terms and takes most
of a faceted query's time on large result sets. Here a facet field's column is
decoded once per opened index into two parallel numpy arrays, one entry per
(document, value) pair: the document number and a small integer id of the
value. A filter is the mask of the documents having one of the accepted values.

Counting a result set (a :class:`~migsearch.search.docset.DocSet`) splits
the values in two. A value held by many documents (at least one in
:data:`DENSE_SHARE`) also has a bitmap of them, and is counted by AND and
popcount over packed bits: a twelfth of a millisecond for 100,000 documents
and two dozen such values, against a gather over every pair. The other values
are counted by one ``bincount`` of their pairs in the set: where a document
has at most one of them (a source, a type), through a value code per document
read at the set's document numbers, so the cost follows the set's size; else
through a gather over all their pairs. The set's numbers and packed bits are
made once for all the facets of a page. The order (most frequent first, ties
by value) is one ``lexsort``, and a caller that shows only the first few
values asks for those alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.columns import TranslatingColumnReader, VarBytesColumn

from migsearch.indexer.store.facetcodes import (
    Encoded,
    encode,
    id_keys,
    is_list,
    read_codes,
    read_order,
)
from migsearch.search.docset import DocSet, packed_bits

__all__ = [
    "DENSE_SHARE",
    "FacetArrays",
    "column_lists",
    "column_values",
    "docs_by_id",
    "joined",
    "prefixed",
]

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


def column_lists(reader: Any, fieldname: str) -> Encoded:
    """A column encoded (``indexer.store.facetcodes.Encoded``): its distinct values,
    and the numbers of each document's values.

    Read from the segments' facet code files where they exist, with no step per
    document; encoded from Whoosh's column elsewhere.
    """
    listed = is_list(reader.schema[fieldname])
    if reader.doc_count_all() == 0:
        return encode([], listed)
    table: dict[str, int] = {}
    starts, ids = [np.zeros(1, dtype=np.int64)], []
    for leaf, _offset in reader.leaf_readers():
        col = None
        if hasattr(leaf, "segment"):
            col = read_codes(leaf.storage(), leaf.segment(), fieldname)
        if col is None:
            got = _segment_column(leaf, fieldname)
            col = encode(got if got is not None else leaf.column_reader(fieldname), listed)
        remap = np.fromiter(
            (table.setdefault(v, len(table)) for v in col.values),
            dtype=np.int32,
            count=len(col.values),
        )
        starts.append(col.starts[1:] + (starts[-1][-1] - col.starts[0]))
        ids.append(remap[col.ids] if len(col.values) else col.ids)
    return Encoded(list(table), np.concatenate(starts), np.concatenate(ids).astype(np.int32))


def docs_by_id(reader: Any) -> np.ndarray:
    """Every document number of ``reader`` in ascending order of id (equal ids by number).

    Each segment's file gives its documents sorted already (``read_order``); a
    segment without one is sorted here. The runs, one per segment in number order,
    then take a single stable sort, which merges them.
    """
    keys, docs = [np.zeros(0, dtype="S1")], [np.zeros(0, dtype=np.int64)]
    for leaf, offset in reader.leaf_readers() if reader.doc_count_all() else ():
        got = read_order(leaf.storage(), leaf.segment()) if hasattr(leaf, "segment") else None
        if got is None:
            got_ids = _segment_column(leaf, "id")
            k = id_keys(got_ids if got_ids is not None else leaf.column_reader("id"))
            by_id = np.argsort(k, kind="stable")
            got = k[by_id], by_id.astype(np.int64)
        keys.append(got[0])
        docs.append(got[1] + offset)
    return np.concatenate(docs)[np.argsort(np.concatenate(keys), kind="stable")]


def joined(a: Encoded, b: Encoded) -> Encoded:
    """Two columns of the same documents as one: each document's values of ``a``,
    then those of ``b`` it does not have already."""
    table = {v: i for i, v in enumerate(a.values)}
    values = list(a.values)
    for v in b.values:
        if v not in table:
            table[v] = len(values)
            values.append(v)
    remap = np.asarray([table[v] for v in b.values], dtype=np.int32)
    doc = np.concatenate([_pair_docs(a), _pair_docs(b)])
    val = np.concatenate([a.ids, remap[b.ids] if len(b.ids) else b.ids])
    return _from_pairs(values, doc, val, a.docs)


def prefixed(a: Encoded, n: int) -> Encoded:
    """The column with each value cut to its first ``n`` characters (a date's year)."""
    table: dict[str, int] = {}
    remap = np.asarray([table.setdefault(v[:n], len(table)) for v in a.values], dtype=np.int32)
    return _from_pairs(list(table), _pair_docs(a), remap[a.ids] if len(a.ids) else a.ids, a.docs)


def _pair_docs(a: Encoded) -> np.ndarray:
    """The document of each of ``a``'s numbers."""
    return np.repeat(np.arange(a.docs, dtype=np.int64), np.diff(a.starts))


def _from_pairs(values: list[str], doc: np.ndarray, val: np.ndarray, docs: int) -> Encoded:
    """(document, value) pairs as a column: a document's first pair of a value kept,
    pairs in order of document, then of their place in the given order."""
    key = doc * max(len(values), 1) + val
    _, first = np.unique(key, return_index=True)  # the first pair of each (document, value)
    first.sort()
    first = first[np.argsort(doc[first], kind="stable")]
    counts = np.bincount(doc[first], minlength=docs)
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Encoded(values, starts, val[first].astype(np.int32))


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
            self._bitmaps[row] = packed_bits(_mask_of(self.doc[at], self.n_docs), words)
        #: the pairs of the other values
        self._sparse_doc = self.doc[sparse_pair]
        self._sparse_val = self.val[sparse_pair].astype(np.intp)  # as bincount takes it
        #: where no document has two of them: each document's value id (``n_values``
        #: for none), read at a set's numbers rather than gathering every pair
        self._code: np.ndarray | None = None
        sparse = len(self._sparse_doc)
        if sparse and sparse * 8 >= self.n_docs and np.bincount(self._sparse_doc).max() <= 1:
            code = np.full(self.n_docs, n_values, dtype=np.intp)
            code[self._sparse_doc] = self._sparse_val
            self._code = code
        #: each value's place in the sorted values (ties of equal counts go by value)
        rank = np.empty(n_values, dtype=np.int64)
        rank[sorted(range(n_values), key=self.values.__getitem__)] = np.arange(n_values)
        self._rank = rank

    @classmethod
    def from_column(cls, col: Sequence[str], multi: bool = True) -> FacetArrays:
        """From raw column strings: comma-separated values, or one value each (``multi=False``).

        Empty strings are no value.
        """
        return cls.from_encoded(encode(col, multi))

    @classmethod
    def from_encoded(cls, col: Encoded) -> FacetArrays:
        """From an encoded column (:func:`column_lists`): no step per document."""
        return cls(col.values, _pair_docs(col), col.ids.astype(np.int32), col.docs)

    def counts(self, docs: DocSet | np.ndarray, limit: int | None = None) -> list[tuple[str, int]]:
        """(value, count) over the documents of ``docs`` (a set, or a boolean mask), most
        frequent first, ties by value; only the first ``limit`` of them when given."""
        if not len(self.doc):
            return []
        if not isinstance(docs, DocSet):
            docs = DocSet(docs)
        n_values = len(self.values)
        if self._code is not None:
            kept = self._code[docs.ids()]
        else:  # pairs outside the set count for a value past the last (cheaper than selecting)
            kept = np.where(docs.mask[self._sparse_doc], self._sparse_val, n_values)
        c = np.bincount(kept, minlength=n_values + 1)[:n_values].astype(np.int64)
        if len(self._dense):
            c[self._dense] = _popcount(self._bitmaps & docs.bits())
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


#: set bits of each byte, for numpy without ``bitwise_count`` (before 2.0)
_BYTE_BITS = np.array([bin(b).count("1") for b in range(256)], dtype=np.int64)


def _popcount(rows: np.ndarray) -> np.ndarray:
    """Set bits of each row of a 2-d array of 64-bit words."""
    if hasattr(np, "bitwise_count"):
        # a row holds under 2**32 bits for any index this size of machine holds
        return np.bitwise_count(rows).sum(axis=1, dtype=np.uint32).astype(np.int64)
    return _BYTE_BITS[rows.view(np.uint8)].sum(axis=1)
