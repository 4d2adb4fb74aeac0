"""migsearch: full-text search for labour-migration documents.

Two calls cover most uses::

    import migsearch

    report = migsearch.build_index(["corpus"], "migsearch-index")
    with migsearch.open_index("migsearch-index") as ix:
        result = ix.search("migrant fishers", countries=["ASEAN"])

The package reads in the order its data flows: ``indexer.vocabulary`` (what
the domain's words mean) → ``indexer.ingest`` (sources to records) →
``indexer.store`` (the index on disk) → ``search`` (queries, ranking, facets)
→ ``search.serve`` (HTTP). Names here are loaded on first use, so that
``import migsearch`` costs nothing until a search or a build needs its modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "Document",
    "FacetValue",
    "Hit",
    "IndexReport",
    "SearchIndex",
    "SearchResult",
    "build_index",
    "open_index",
]

_FROM = {
    "build_index": "migsearch.indexer.store.writer",
    "IndexReport": "migsearch.indexer.store.writer",
    "open_index": "migsearch.search.engine",
    "SearchIndex": "migsearch.search.engine",
    "SearchResult": "migsearch.search.results",
    "Hit": "migsearch.search.results",
    "FacetValue": "migsearch.search.results",
    "Document": "migsearch.search.results",
}

if TYPE_CHECKING:  # pragma: no cover
    from migsearch.indexer.store.writer import IndexReport, build_index
    from migsearch.search.engine import SearchIndex, open_index
    from migsearch.search.results import Document, FacetValue, Hit, SearchResult


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'migsearch' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
