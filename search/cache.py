"""The one kind of cache the search core keeps: bounded, least recently used, thread-safe.

Every memo of the search core (postings, match sets, filter masks, ranked
scores, respellings, analysed words) is one of these, so "how big may it grow"
and "what goes first" are decided in one place.

Why not ``cachetools``: its LRU bookkeeping runs in Python on every hit and
its caches need a lock of their own around them anyway; here a hit is a dict
``pop`` and re-insert under one uncontended lock, which matters on the hottest
path (one lookup per word of every highlighted snippet). ``functools.lru_cache``
cannot bound by size (postings are counted in entries, masks in bytes) nor be
cleared per opened index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedCache"]

V = TypeVar("V")

_MISSING = object()


class BoundedCache(Generic[V]):
    """A mapping that forgets its least recently used entries past ``maxsize``.

    ``sizeof(value)`` gives each entry's size (1 per entry when omitted), so the
    bound can be a number of entries, of postings or of bytes. A value larger
    than the whole bound is returned but not kept.
    """

    def __init__(self, maxsize: int, sizeof: Callable[[V], int] | None = None) -> None:
        self.maxsize = maxsize
        self._sizeof = sizeof
        self._data: dict[Hashable, tuple[V, int]] = {}
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._data

    @property
    def size(self) -> int:
        """Sum of the sizes of the entries kept."""
        return self._size

    def get(self, key: Hashable, default: V | None = None) -> V | None:
        with self._lock:
            got = self._data.pop(key, _MISSING)
            if got is _MISSING:
                return default
            self._data[key] = got  # type: ignore[assignment]  # most recent last
            return got[0]  # type: ignore[index]

    def put(self, key: Hashable, value: V) -> V:
        size = self._sizeof(value) if self._sizeof is not None else 1
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._size -= old[1]
            if size > self.maxsize:
                return value
            self._data[key] = (value, size)
            self._size += size
            while self._size > self.maxsize:
                oldest = next(iter(self._data))
                self._size -= self._data.pop(oldest)[1]
        return value

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, computed (outside the lock) and kept when absent."""
        got = self.get(key, _MISSING)  # type: ignore[arg-type]
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        return self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._size = 0
