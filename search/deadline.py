"""How long one search may run, and the checks that stop it when it runs over.

A search that reads a great many postings (a wide range, a long paste of
common words) must not hold a server's thread, nor a CLI user, without end.
The engine opens a :func:`time_limit` around each search; the loops that can
run long (decoding postings, scoring term by term, Whoosh's phrase matching,
highlighting hit by hit) call :func:`check_deadline` between their steps,
which raises :class:`~migsearch.errors.SearchTimeoutError` once the time is
up. Nothing is cached from a stopped step, so a later search starts clean.

The limit lives in a context variable: each thread (each request of the
server) has its own, and code deep in the search reads it without every
signature in between carrying it. A shard set searched in this process copies
the caller's context into its threads; one searched by the workers of a cluster
sends the limit with each task (:func:`carried`, taken up there by
:func:`carried_limit`), so a search stops at the same time and with the same
error wherever its shards run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from migsearch.errors import SearchTimeoutError

__all__ = [
    "DEFAULT_TIMEOUT",
    "Carried",
    "carried",
    "carried_limit",
    "check_deadline",
    "paused",
    "remaining",
    "time_limit",
]

#: Seconds a search may run unless told otherwise (``migsearch serve --timeout``).
DEFAULT_TIMEOUT = 5.0


class _Limit:
    """The running search's end (monotonic) and its limit in seconds.

    One object per search, shared by reference: a shard set searched in this
    process runs each phase in a copy of the caller's context, and a copy holds
    the same object, so time one shard's thread spends in a one-time load
    (:func:`paused`) moves the end for the whole search, in every later phase.
    """

    __slots__ = ("_active", "_lock", "_since", "end", "seconds")

    def __init__(self, end: float, seconds: float) -> None:
        self.end, self.seconds = end, seconds
        self._lock = threading.Lock()
        self._active = 0  # loads under way now, in any of the search's threads
        self._since = 0.0  # when the first of them began

    def pause(self) -> None:
        with self._lock:
            if not self._active:
                self._since = time.monotonic()
            self._active += 1

    def resume(self) -> None:
        """The end moves by the time some load was under way: loads that overlap (two
        shards reading their columns at once) count once, not once per shard."""
        with self._lock:
            self._active -= 1
            if not self._active:
                self.end += time.monotonic() - self._since


#: the running search's limit (None: no limit)
_DEADLINE: ContextVar[_Limit | None] = ContextVar("migsearch_deadline", default=None)

#: a search's limit as another process takes it: (wall-clock end, the limit in seconds)
Carried = tuple[float, float]


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the block as one search that may take ``seconds`` (None or 0: no limit).

    Nested limits keep the earlier end: a step cannot extend the search it is part of.
    """
    outer = _DEADLINE.get()
    new = _Limit(time.monotonic() + seconds, seconds) if seconds and seconds > 0 else None
    if outer is not None and (new is None or outer.end < new.end):
        new = outer
    token = _DEADLINE.set(new)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    """Raise SearchTimeoutError if the running search is past its limit."""
    d = _DEADLINE.get()
    if d is not None and time.monotonic() > d.end:
        raise SearchTimeoutError(d.seconds)


@contextmanager
def paused() -> Iterator[None]:
    """Run the block outside the running search's time (its end moves by the block's
    duration): a one-time load of the index's arrays, such as a facet column that
    takes seconds at a million documents, is not the query's cost and must not make
    the first search of a large index time out."""
    d = _DEADLINE.get()
    if d is None:
        yield
        return
    d.pause()
    try:
        yield
    finally:
        d.resume()


def remaining() -> float | None:
    """Seconds the running search has left (0 when past its limit); None without a limit."""
    d = _DEADLINE.get()
    return None if d is None else max(d.end - time.monotonic(), 0.0)


def carried() -> Carried | None:
    """The running search's limit to send to another process (None: no limit).

    A monotonic time means nothing in another process, so the end travels as a
    wall-clock time: on one machine that is exact, across machines it is as good
    as their clocks agree (NTP keeps them within milliseconds).
    """
    d = _DEADLINE.get()
    if d is None:
        return None
    return (time.time() + (d.end - time.monotonic()), d.seconds)


@contextmanager
def carried_limit(limit: Carried | None) -> Iterator[None]:
    """Run the block (a shard's step on a worker) under a limit :func:`carried` sent:
    it stops when the search that sent it must, and raises the error that search
    would raise, naming its limit."""
    if limit is None:
        yield
        return
    end, seconds = limit
    token = _DEADLINE.set(_Limit(time.monotonic() + (end - time.time()), seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)
