"""The one kind of cache the search core keeps: bounded, recently used entries kept, thread-safe.

Every memo of the search core (postings, match sets, filter masks, ranked
scores, respellings, analysed words) is one of these, so "how big may it grow"
and "what goes first" are decided in one place.

Eviction is CLOCK ("second chance"), the usual close approximation of least
recently used: a hit only marks its entry as used; when the cache is over its
bound, the oldest entries go, except those used since they were last looked at,
which are moved to the young end instead. A hit is thus one dict lookup and no
lock, which matters on the hottest path (one lookup per word of every
highlighted snippet); inserting and evicting take a lock.

Why not ``cachetools``: its LRU bookkeeping runs in Python on every hit and its
caches need a lock of their own around them anyway. ``functools.lru_cache``
cannot bound by size (postings are counted in entries, masks in bytes) nor be
dropped with the index it was computed for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["BoundedCache"]

V = TypeVar("V")

_MISSING = object()


class BoundedCache(Generic[V]):
    """A mapping that forgets entries not used lately once it holds more than ``maxsize``.

    ``sizeof(value)`` gives each entry's size (1 per entry when omitted), so the
    bound can be a number of entries, of postings or of bytes. A value larger
    than the whole bound is returned but not kept.
    """

    def __init__(self, maxsize: int, sizeof: Callable[[V], int] | None = None) -> None:
        self.maxsize = maxsize
        self._sizeof = sizeof
        self._values: dict[Hashable, V] = {}
        self._sizes: dict[Hashable, int] = {}
        #: keys used since the eviction last looked at them
        self._used: set[Hashable] = set()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value of ``key``, or ``default``; never blocks."""
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._used.add(key)
        return value

    def peek(self) -> Callable[[Hashable, Any], Any]:
        """A lookup function for hot loops: a plain dict lookup whose hits are not marked
        as used, so its entries leave in the order they came (first in, first out)."""
        return self._values.get

    def put(self, key: Hashable, value: V) -> V:
        """Keep ``value`` under ``key`` (replacing any), evicting as needed; returns it."""
        size = self._sizeof(value) if self._sizeof is not None else 1
        with self._lock:
            values, sizes, used = self._values, self._sizes, self._used
            if key in values:
                del values[key]
                self._size -= sizes.pop(key)
            if size > self.maxsize:
                return value
            values[key] = value
            sizes[key] = size
            used.discard(key)
            self._size += size
            while self._size > self.maxsize:
                oldest = next(iter(values))
                old = values.pop(oldest)
                if oldest in used:
                    used.discard(oldest)
                    values[oldest] = old  # a second chance, at the young end
                else:
                    self._size -= sizes.pop(oldest)
        return value

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, computed (outside the lock) and kept when absent."""
        value = self._values.get(key, _MISSING)
        if value is not _MISSING:
            self._used.add(key)
            return value  # type: ignore[return-value]
        return self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._sizes.clear()
            self._used.clear()
            self._size = 0
