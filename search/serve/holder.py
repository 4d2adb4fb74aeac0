"""The one opened index of a server process, shared by every request.

Sharing one :class:`SearchIndex` keeps the engine's per-commit caches (filter
sets, facet arrays, postings) warm across requests, and requests search it
in parallel threads. A follower thread looks for new commits every
:data:`FOLLOW_SECONDS` and opens each one (columns read, files held) before
it goes live, so an ``index`` run while the server is up shows within about
a second, and no request waits for the opening. The server also starts when
no index exists yet: until one appears every call raises IndexMissingError,
and the follower (or the next call) tries again.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from migsearch.errors import DocumentNotFoundError, MigsearchError
from migsearch.search.deadline import DEFAULT_TIMEOUT
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.request import SearchRequest
from migsearch.search.results import Document, SearchResult

__all__ = ["FOLLOW_SECONDS", "MAX_ID_CHARS", "IndexHolder", "holder_of"]

log = logging.getLogger("migsearch.api")

#: characters in a document id; longer ones cannot exist, so they are a 404 at once
MAX_ID_CHARS = 512
#: how often the follower looks for a new commit
FOLLOW_SECONDS = 0.5
#: the search run once at start (any word: it is the code path that is warmed)
WARM_UP_QUERY = "migration"


class IndexHolder:
    """Opens the index on first use, follows its commits, and answers the server's questions.

    ``timeout``: seconds one search may run (None: no limit). ``processes``: where a
    sharded index's shards are searched (open_index's; None: by the set's size).
    """

    def __init__(
        self,
        path: Path,
        timeout: float | None = DEFAULT_TIMEOUT,
        processes: bool | None = None,
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.processes = processes
        self._ix: SearchIndex | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None

    def get(self) -> SearchIndex:
        ix = self._ix
        if ix is not None:
            return ix
        with self._lock:
            if self._ix is None:
                self._ix = open_index(
                    self.path, timeout=self.timeout, warm=True, processes=self.processes
                )
            return self._ix

    # ------------------------------------------------------------ following commits
    def start_following(self) -> None:
        """Start the thread that opens new commits before requests need them."""
        if self._follower is None:
            self._follower = threading.Thread(
                target=self._follow, name="migsearch-follow", daemon=True
            )
            self._follower.start()

    def _follow(self) -> None:
        while not self._stop.wait(FOLLOW_SECONDS):
            try:
                self.get().refresh()
            except MigsearchError:
                pass  # no index yet, or one being swapped in: the next round looks again
            except Exception:  # never let the follower die: requests open commits too
                log.exception("following the commits of %s", self.path)

    def warm_up(self) -> None:
        """Open the index and run one small search, so that no request pays the
        opening or the imports a query needs (the stemmer's NLTK alone takes a
        second or more, and an import holds the interpreter for long stretches,
        stalling every other request). The server calls this before it listens."""
        try:
            self.get().search(SearchRequest(query=WARM_UP_QUERY, limit=1))
        except MigsearchError:
            pass  # no index yet: the first request opens it
        except Exception:
            log.exception("warming up %s", self.path)

    # ------------------------------------------------------------ questions
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
        """Index path, live documents, generation and last commit: read from the
        opened commit, so a probe costs microseconds even while searches run."""
        return self.get().status()

    async def health_now(self) -> dict[str, Any]:
        """:meth:`health` answered on the event loop once the index is open.

        A probe must answer while searches keep every worker thread busy: on
        the event loop it waits for no thread of the pool, only its turn at
        the interpreter. Opening the index (the first call) is slow disk
        work, so that one still goes to a worker thread.
        """
        if self._ix is None:
            return await run_in_threadpool(self.health)
        return self.health()

    def close(self) -> None:
        self._stop.set()
        if self._follower is not None:
            self._follower.join(timeout=5)
            self._follower = None
        with self._lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None


async def holder_of(request: Request) -> IndexHolder:
    """The app's holder, as a FastAPI dependency of the routes (async: FastAPI would
    run a plain function in a worker thread, one more wait on a busy server)."""
    holder: IndexHolder = request.app.state.index
    return holder
