"""The one opened index of a server process, shared by every request.

Sharing one :class:`SearchIndex` keeps the engine's per-reader caches (filter
sets, facet arrays) warm across requests; the engine notices a new commit and
reopens by itself, so an ``index`` run while the server is up shows without a
restart. The server also starts when no index exists yet: until one appears
every call raises IndexMissingError, and the next call tries again.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import Request

from migsearch.errors import DocumentNotFoundError
from migsearch.indexer.store.storage import commit_stamp
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.request import SearchRequest
from migsearch.search.results import Document, SearchResult

__all__ = ["MAX_ID_CHARS", "IndexHolder", "holder_of"]

#: characters in a document id; longer ones cannot exist, so they are a 404 at once
MAX_ID_CHARS = 512


class IndexHolder:
    """Opens the index on first use and answers the server's three questions of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ix: SearchIndex | None = None
        self._lock = threading.Lock()
        self._health: tuple[Any, dict[str, Any]] | None = None

    def get(self) -> SearchIndex:
        ix = self._ix
        if ix is not None:
            return ix
        with self._lock:
            if self._ix is None:
                self._ix = open_index(self.path)
            return self._ix

    def search(self, request: SearchRequest) -> SearchResult:
        return self.get().search(request)

    def document(self, doc_id: str) -> Document:
        """One stored document; an id too long to exist is not even looked up."""
        if len(doc_id) > MAX_ID_CHARS:
            raise DocumentNotFoundError("no document with an id that long")
        return self.get().get(doc_id)

    def similar(self, doc_id: str, limit: int) -> SearchResult:
        """Documents like ``doc_id``; an id too long to exist is not even looked up."""
        if len(doc_id) > MAX_ID_CHARS:
            raise DocumentNotFoundError("no document with an id that long")
        return self.get().similar(doc_id, limit=limit)

    def health(self) -> dict[str, Any]:
        """Index statistics for /api/health, recomputed only when the index changed.

        ``stats()`` walks every document (years, sources), a few hundred
        milliseconds on a large index: too much for a probe polled every few
        seconds. The live document count and the commit stamp are cheap and
        change with every commit, so they key the cache.
        """
        ix = self.get()
        key = (ix.doc_count(), commit_stamp(self.path))
        with self._lock:
            if self._health is not None and self._health[0] == key:
                return self._health[1]
        st = ix.stats()
        with self._lock:
            self._health = (key, st)
        return st

    def close(self) -> None:
        with self._lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None


def holder_of(request: Request) -> IndexHolder:
    """The app's holder, as a FastAPI dependency of the routes."""
    holder: IndexHolder = request.app.state.index
    return holder
