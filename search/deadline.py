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

#: (monotonic time at which the running search must stop, its limit in seconds)
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("migsearch_deadline", default=None)

#: a search's limit as another process takes it: (wall-clock end, the limit in seconds)
Carried = tuple[float, float]


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the block as one search that may take ``seconds`` (None or 0: no limit).

    Nested limits keep the earlier end: a step cannot extend the search it is part of.
    """
    outer = _DEADLINE.get()
    new = (time.monotonic() + seconds, seconds) if seconds and seconds > 0 else None
    if outer is not None and (new is None or outer[0] < new[0]):
        new = outer
    token = _DEADLINE.set(new)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline() -> None:
    """Raise SearchTimeoutError if the running search is past its limit."""
    d = _DEADLINE.get()
    if d is not None and time.monotonic() > d[0]:
        raise SearchTimeoutError(d[1])


@contextmanager
def paused() -> Iterator[None]:
    """Run the block outside the running search's time (its end moves by the block's
    duration): a one-time load of the index's arrays, such as a facet column that
    takes seconds at a million documents, is not the query's cost and must not make
    the first search of a large index time out."""
    start = time.monotonic()
    try:
        yield
    finally:
        d = _DEADLINE.get()
        if d is not None:
            _DEADLINE.set((d[0] + time.monotonic() - start, d[1]))


def remaining() -> float | None:
    """Seconds the running search has left (0 when past its limit); None without a limit."""
    d = _DEADLINE.get()
    return None if d is None else max(d[0] - time.monotonic(), 0.0)


def carried() -> Carried | None:
    """The running search's limit to send to another process (None: no limit).

    A monotonic time means nothing in another process, so the end travels as a
    wall-clock time: on one machine that is exact, across machines it is as good
    as their clocks agree (NTP keeps them within milliseconds).
    """
    d = _DEADLINE.get()
    if d is None:
        return None
    return (time.time() + (d[0] - time.monotonic()), d[1])


@contextmanager
def carried_limit(limit: Carried | None) -> Iterator[None]:
    """Run the block (a shard's step on a worker) under a limit :func:`carried` sent:
    it stops when the search that sent it must, and raises the error that search
    would raise, naming its limit."""
    if limit is None:
        yield
        return
    end, seconds = limit
    token = _DEADLINE.set((time.monotonic() + (end - time.time()), seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)
