"""Stored columns of an opened index as arrays: what facets count and filters test.

Whoosh's ``groupedby`` re-reads every matched document's terms and takes most
of a faceted query's time on large result sets. Here a facet field's column is
decoded once per opened index into two parallel numpy arrays, one entry per
(document, value) pair: the document number and a small integer id of the
value. Counting a result set, given as a boolean mask over document numbers,
is one gather and one ``bincount``: about a millisecond for 100,000 documents,
whatever the size of the result set. A filter is the mask of the documents
having one of the accepted values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.columns import TranslatingColumnReader, VarBytesColumn

__all__ = ["FacetArrays", "column_values"]


def column_values(reader: Any, fieldname: str) -> list[str]:
    """A column as a list indexed by document number ([] for an empty index)."""
    if reader.doc_count_all() == 0:
        return []
    out: list[str] = []
    for leaf, _offset in reader.leaf_readers():
        got = _segment_column(leaf, fieldname)
        out += got if got is not None else list(leaf.column_reader(fieldname))
    return out


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

    @classmethod
    def from_column(cls, col: Sequence[str], multi: bool = True) -> FacetArrays:
        """From raw column strings: comma-separated values, or one value each (``multi=False``).

        Empty strings are no value.
        """
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

    def counts(self, mask: np.ndarray) -> list[tuple[str, int]]:
        """(value, count) over the documents of ``mask``, most frequent first, ties by value."""
        if not len(self.doc):
            return []
        c = np.bincount(self.val[mask[self.doc]], minlength=len(self.values))
        pairs = [(self.values[i], int(c[i])) for i in np.flatnonzero(c)]
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))

    def mask_where(self, accept: Callable[[str], bool]) -> np.ndarray:
        """Documents having at least one value that ``accept`` takes, as a boolean mask."""
        ids = [i for i, v in enumerate(self.values) if accept(v)]
        mask = np.zeros(self.n_docs, dtype=bool)
        if ids:
            mask[self.doc[np.isin(self.val, ids)]] = True
        return mask
