"""Facets and filters on single-valued fields: document type and source.

Countries, regions and themes are multi-valued comma lists (``search.facets``);
``type`` and ``source`` hold one value per document, and a source may itself
contain a comma (a URL), so they are read whole from their columns instead.
Filters are plain document-number sets, which the engine intersects with its
other filters, and counts run over the matched documents only.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from .facets import column_values

__all__ = ["VALUE_FACETS", "ValueColumn", "source_label", "type_label"]

#: facet key in results → index field
VALUE_FACETS = {"types": "type", "sources": "source"}


class ValueColumn:
    """One single-valued column as a list indexed by document number."""

    def __init__(self, reader, fieldname: str) -> None:
        self.fieldname = fieldname
        self.values: list[str] = column_values(reader, fieldname)

    def docs_with(self, wanted: Iterable[str]) -> frozenset[int]:
        """Documents whose value is one of ``wanted`` (exact, or case-insensitive for types)."""
        want = set(wanted)
        if self.fieldname == "type":
            want = {w.lower() for w in want}
            return frozenset(n for n, v in enumerate(self.values) if v and v.lower() in want)
        return frozenset(n for n, v in enumerate(self.values) if v in want)

    def count(self, docs: Iterable[int]) -> list[tuple[str, int]]:
        """(value, count) over ``docs``, most frequent first, ties by value; empty values skipped."""
        vals = self.values
        c = Counter(vals[n] for n in docs)
        c.pop("", None)
        return sorted(c.items(), key=lambda vc: (-vc[1], vc[0]))


def type_label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def source_label(value: str) -> str:
    """A short name: the host of a URL, the file name of a path."""
    if "://" in value:
        return urlsplit(value).netloc or value
    return os.path.basename(value.rstrip("/\\")) or value
