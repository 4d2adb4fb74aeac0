"""Per-host manners: at most so many requests at once, and no faster than a rate.

Every request to a host passes through :meth:`HostGate.slot`. Requests to one
host start at least ``interval`` seconds apart (a robots.txt ``Crawl-delay``
may lengthen it, never shorten it) and no more than ``concurrency`` of them
are open together; a server that answers 429 or 503 with ``Retry-After``
pauses its whole host, not just the one request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["HostGate"]


@dataclass
class _Host:
    slots: threading.Semaphore
    interval: float
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostGate:
    """Rate limit and concurrency cap, one of each per host."""

    def __init__(self, interval: float, concurrency: int) -> None:
        if interval < 0 or concurrency < 1:
            raise ValueError("interval must be >= 0 and concurrency >= 1")
        self.interval = interval
        self.concurrency = concurrency
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, host: str) -> _Host:
        with self._lock:
            h = self._hosts.get(host)
            if h is None:
                h = _Host(threading.Semaphore(self.concurrency), self.interval)
                self._hosts[host] = h
            return h

    def slow_down(self, host: str, interval: float) -> None:
        """Space this host's requests at least ``interval`` seconds apart (Crawl-delay)."""
        h = self._host(host)
        with h.lock:
            h.interval = max(h.interval, interval)

    def pause(self, host: str, seconds: float) -> None:
        """Start no request to this host for ``seconds`` (the server asked to wait)."""
        h = self._host(host)
        with h.lock:
            h.next_start = max(h.next_start, time.monotonic() + seconds)

    def interval_of(self, host: str) -> float:
        return self._host(host).interval

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's request slots, starting no sooner than its rate allows."""
        h = self._host(host)
        h.slots.acquire()
        try:
            while True:
                with h.lock:
                    now = time.monotonic()
                    if now >= h.next_start:
                        h.next_start = now + h.interval
                        break
                    wait = h.next_start - now
                time.sleep(wait)
            yield
        finally:
            h.slots.release()
