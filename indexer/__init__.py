"""Building a migsearch index: ``indexer.build_index(paths, index_dir)`` (DESIGN §5).

Resolved lazily so that importing a small submodule (``indexer.errors``) does
not load the whole ingestion pipeline.
"""

from __future__ import annotations

from typing import Any

__all__ = ["IndexReport", "build_index"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from migsearch.indexer.store import writer as build

        return getattr(build, name)
    raise AttributeError(f"module 'indexer' has no attribute {name!r}")
