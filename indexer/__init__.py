"""Building a migsearch index: ``build_index(paths, index_dir)``.

Three stages, one sub-package each: :mod:`.vocabulary` (what the domain's
words mean: data files, analyzer, gazetteer, themes, thesaurus, dates),
:mod:`.ingest` (sources → formats → main content / listings → dates →
tagging → records) and :mod:`.store` (schema, the index folder, the
incremental writer). Names here resolve lazily, so that importing a small
submodule (the analyzer, a resolver) does not load the whole pipeline.
"""

from __future__ import annotations

from typing import Any

__all__ = ["IndexReport", "build_index"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from migsearch.indexer.store import writer as build

        return getattr(build, name)
    raise AttributeError(f"module 'indexer' has no attribute {name!r}")
