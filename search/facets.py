"""Facet counts from per-index value arrays, not Whoosh's ``groupedby``.

``groupedby`` with ``allow_overlap`` re-reads every matched document's terms and
takes most of a faceted query's time on large result sets. Here each facet
field's values are decoded once per opened reader into a list indexed by
document number (a tuple of small integer ids per document); counting a
result set is then a loop over its document numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["FacetArrays", "column_values", "count_values"]


def column_values(reader, fieldname: str) -> list[str]:
    """A column as a list indexed by document number ([] for an empty index)."""
    if reader.doc_count_all() == 0:
        return []
    return list(reader.column_reader(fieldname))


@dataclass
class FacetArrays:
    """Per-document value ids of one multi-valued facet field, and the id → value table."""

    values: list[str]
    per_doc: list[tuple[int, ...]]

    @classmethod
    def load(cls, reader, fieldname: str) -> FacetArrays:
        col = column_values(reader, fieldname)
        table: dict[str, int] = {}
        values: list[str] = []
        per_doc: list[tuple[int, ...]] = []
        cache: dict[str, tuple[int, ...]] = {}
        for raw in col:
            ids = cache.get(raw)
            if ids is None:
                parts = [p for p in raw.split(",") if p] if raw else []
                out = []
                for p in parts:
                    i = table.get(p)
                    if i is None:
                        i = table[p] = len(values)
                        values.append(p)
                    out.append(i)
                ids = cache[raw] = tuple(out)
            per_doc.append(ids)
        return cls(values, per_doc)

    def count(self, docnums: Iterable[int]) -> Counter[str]:
        per_doc = self.per_doc
        c: Counter[int] = Counter()
        for n in docnums:
            ids = per_doc[n]
            if ids:
                c.update(ids)
        return Counter({self.values[i]: k for i, k in c.items()})

    def docs_with_any(self, wanted: Iterable[str]) -> set[int]:
        want = {i for i, v in enumerate(self.values) if v in set(wanted)}
        return {n for n, ids in enumerate(self.per_doc) if want.intersection(ids)}


def count_values(arrays: FacetArrays, docnums: Iterable[int]) -> list[tuple[str, int]]:
    """(value, count) pairs, most frequent first, ties by value."""
    c = arrays.count(docnums)
    return sorted(c.items(), key=lambda vc: (-vc[1], vc[0]))
