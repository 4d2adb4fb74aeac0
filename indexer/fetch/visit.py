"""Visiting one URL: from the cache when it is current, else politely from the web.

A visit asks, in order: did an interrupted run of this crawl already get
this URL (then the cached row is the answer and nothing is requested)? Does
robots.txt forbid it (then it is never requested)? Otherwise it is fetched,
conditionally when the cache has validators and bytes, and the outcome is
stored before the visit returns, so a kill at any point loses at most the
fetches still in flight.

A fetch that fails for a passing reason (a timeout, a 503) falls back on the
bytes fetched last time, if any: a site having a bad minute must not change
the index. Only a 404 or 410 says the resource is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from migsearch.indexer.fetch.cache import Cache, Entry, Run
from migsearch.indexer.fetch.client import Fetcher, Response, Validators
from migsearch.indexer.fetch.robots import Robots, RobotsRules
from migsearch.indexer.fetch.sniff import sniff, unwrap
from migsearch.indexer.fetch.urls import host_key

__all__ = ["GONE_RESULTS", "Fetched", "Visitor"]

#: results that say the URL no longer exists
GONE_RESULTS = frozenset({"not-found", "gone"})
#: rows an interrupted run left that a resumed run takes as they are
_RESUMABLE = frozenset({"downloaded", "not-modified", "not-found", "gone", "blocked"})


@dataclass
class Fetched:
    """What one visit came to."""

    url: str
    entry: Entry
    body: bytes | None  # current bytes (downloaded now or before), None when there are none
    requested: bool  # a request went out for it in this run
    stale: bool = False  # the fetch failed and ``body`` is last time's

    @property
    def result(self) -> str:
        return self.entry.result

    @property
    def media(self) -> str:
        return self.entry.media or "application/octet-stream"

    @property
    def final_url(self) -> str:
        return self.entry.final_url or self.url

    @property
    def error(self) -> str | None:
        """One line when there is no current body, or it is last time's."""
        e = self.entry
        if e.result in ("downloaded", "not-modified"):
            return None
        if e.result in GONE_RESULTS:
            return f"HTTP {e.status}"
        return e.detail or e.result


class Visitor:
    """Visits URLs through one cache, fetcher and robots policy. Thread-safe."""

    def __init__(
        self,
        cache: Cache,
        fetcher: Fetcher,
        run: Run,
        refuse: Callable[[str], str | None] | None = None,
    ) -> None:
        self.cache = cache
        self.fetcher = fetcher
        self.run = run
        self.refuse = refuse
        self.robots = Robots(self._load_robots, self._obey_delay)

    def _obey_delay(self, origin: str, rules: RobotsRules) -> None:
        """A Crawl-delay slows the host down before its first page is asked for."""
        if rules.crawl_delay:
            self.fetcher.gate.slow_down(host_key(origin), rules.crawl_delay)

    def _load_robots(self, url: str) -> tuple[int, str | None, str | None]:
        got = self.visit(url, role="robots", check=False)
        if got.body is not None and (got.result != "failed" or got.stale):
            return 200, got.body.decode("utf-8", "replace"), None
        return got.entry.status, None, got.entry.detail

    def visit(
        self, url: str, *, role: str, found_on: str | None = None, check: bool = True
    ) -> Fetched:
        old = self.cache.entry(url)
        if (
            old is not None
            and self.run.resumed
            and old.run == self.run.id
            and old.result in _RESUMABLE
        ):
            return Fetched(url, old, self.cache.body(old), requested=False)
        now = time.time()
        if check:
            refusal = (self.refuse(url) if self.refuse else None) or self.robots.refuse(url)
            if refusal:
                e = Entry(
                    url,
                    "blocked",
                    now,
                    detail=refusal,
                    run=self.run.id,
                    role=role,
                    found_on=found_on,
                )
                return Fetched(url, self.cache.put(e), None, requested=False)
        old_body = self.cache.body(old) if old is not None else None
        validators = (
            Validators(old.etag, old.last_modified)
            if old is not None and old_body is not None
            else None
        )
        resp = self.fetcher.get(url, validators, check=check)
        return self._store(url, resp, old, old_body, role, found_on)

    def _store(
        self,
        url: str,
        resp: Response,
        old: Entry | None,
        old_body: bytes | None,
        role: str,
        found_on: str | None,
    ) -> Fetched:
        now = time.time()
        e = Entry(
            url,
            "failed",
            now,
            final_url=resp.final_url,
            status=resp.status,
            run=self.run.id,
            role=role,
            found_on=found_on,
        )
        if resp.not_modified and old is not None and old_body is not None:
            e.result = "not-modified"
            for keep in ("media", "charset", "sha1", "size", "fetched_at"):
                setattr(e, keep, getattr(old, keep))
            e.etag = resp.etag or old.etag
            e.last_modified = resp.last_modified or old.last_modified
            return Fetched(url, self.cache.put(e), old_body, requested=True)
        if resp.ok:
            body = unwrap(resp.body, self.fetcher.settings.max_bytes)
            if body is None:
                e.detail = "a compressed body that is corrupt or inflates past the size cap"
            elif not body.strip():
                e.detail = "empty body"
            else:
                e.result = "downloaded"
                e.media = sniff(body, resp.content_type, resp.final_url)
                e.charset, e.etag, e.last_modified = resp.charset, resp.etag, resp.last_modified
                e.fetched_at = now
                return Fetched(url, self.cache.put(e, body), body, requested=True)
        elif resp.status in (404, 410):
            e.result = "not-found" if resp.status == 404 else "gone"
            return Fetched(url, self.cache.put(e), None, requested=True)
        else:
            e.detail = resp.error or f"HTTP {resp.status}"
        if old is not None and old_body is not None:
            # keep what the last good fetch gave, and say that it is stale
            for keep in ("media", "charset", "etag", "last_modified", "sha1", "size", "fetched_at"):
                setattr(e, keep, getattr(old, keep))
            return Fetched(url, self.cache.put(e), old_body, requested=True, stale=True)
        return Fetched(url, self.cache.put(e), None, requested=True)
