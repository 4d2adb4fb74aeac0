"""Facets and filters on single-valued fields: document type and source.

Countries, regions and themes are multi-valued comma lists (``search.facets``);
``type`` and ``source`` hold one value per document, and a source may itself
contain a comma (a URL), so they are read whole from their columns instead.
Filters are document masks (``DocSet``) like the engine's other filters, and
counts run over the matched documents only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.parse import urlsplit

import numpy as np

from migsearch.search.facets import DocSet, column_values, to_mask

__all__ = ["VALUE_FACETS", "ValueColumn", "source_label", "type_label"]

#: facet key in results → index field
VALUE_FACETS = {"types": "type", "sources": "source"}


class ValueColumn:
    """One single-valued column as a code per document number (-1: no value).

    Counting a result set is then one ``bincount`` over its mask, and a filter
    a comparison over the code array, as for the multi-valued facets.
    """

    def __init__(self, reader, fieldname: str) -> None:
        self.fieldname = fieldname
        col = column_values(reader, fieldname)
        table: dict[str, int] = {}
        codes = np.full(len(col), -1, dtype=np.int32)
        for n, v in enumerate(col):
            if v:
                codes[n] = table.setdefault(v, len(table))
        self.values: list[str] = list(table)
        self.codes = codes

    def docs_with(self, wanted: Iterable[str]) -> DocSet:
        """Documents whose value is one of ``wanted`` (any case for types; paths made absolute)."""
        want = set(wanted)
        if self.fieldname == "type":
            want = {w.lower() for w in want}
            ids = [i for i, v in enumerate(self.values) if v.lower() in want]
        else:
            # sources are stored absolute; let "corpus/a.txt" name the same file
            want |= {os.path.abspath(w) for w in want if "://" not in w}
            ids = [i for i, v in enumerate(self.values) if v in want]
        return DocSet(np.isin(self.codes, np.asarray(ids, dtype=np.int32)))

    def count(self, docs: Iterable[int]) -> list[tuple[str, int]]:
        """(value, count) over ``docs``, most frequent first, ties by value; empty values skipped."""
        if not self.values:
            return []
        picked = self.codes[to_mask(docs, len(self.codes))]
        counts = np.bincount(picked[picked >= 0], minlength=len(self.values))
        pairs = [(self.values[i], int(k)) for i, k in enumerate(counts) if k]
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))


def type_label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def source_label(value: str) -> str:
    """A short name: the host of a URL, the file name of a path."""
    if "://" in value:
        return urlsplit(value).netloc or value
    return os.path.basename(value.rstrip("/\\")) or value
