"""The Whoosh schema: which record fields are searched, stored, faceted and sorted.

``content`` (title + summary + body, not stored) is the main ranked field: one
field with BM25 ranks better on real collections than several small ones.
``title`` is indexed again on its own so the query layer can weight it up.
Facet fields are comma-separated keywords with a column (``sortable``) so facet
counts can be read from per-segment arrays instead of Whoosh's ``groupedby``.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from .analysis import text_analyzer

__all__ = ["FACET_FIELDS", "SCHEMA_VERSION", "make_schema"]

#: Bumped whenever the schema changes in a way an old index cannot serve.
SCHEMA_VERSION = 1

#: Multi-valued keyword fields that facet counts are computed for.
FACET_FIELDS = ("countries", "regions", "themes")


def make_schema() -> Schema:
    ana = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=ana, stored=True, phrase=True),
        summary=STORED(),
        body=STORED(),
        content=TEXT(analyzer=ana, phrase=True),
        date=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        countries=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        primary_country=ID(stored=True),
        regions=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        themes=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        type=ID(stored=True, sortable=True),
        url=STORED(),
        source=ID(stored=True, sortable=True),
        source_hash=ID(stored=True, sortable=True),
    )
