"""Searching a migsearch index from Python.

``migsearch.search.open_index(dir)`` is the entry point; see docs/python-api.md. Names
are resolved lazily so that importing one submodule (``migsearch.search.query``) does
not load the whole engine.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Document", "FacetValue", "Hit", "SearchIndex", "SearchResult", "open_index"]

_FROM = {
    "open_index": "engine",
    "SearchIndex": "engine",
    "SearchResult": "results",
    "Hit": "results",
    "FacetValue": "results",
    "Document": "results",
}


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
