"""robots.txt: may migsearch fetch this URL, and how slowly?

Read with Protego rather than the standard library's ``urllib.robotparser``:
Protego follows what crawlers and RFC 9309 do today — ``*`` and ``$``
wildcards in paths, the longest matching rule winning (the standard parser
takes the first rule in file order, so ``Allow: /a/b`` after
``Disallow: /a`` is ignored), and user-agent matching by product token —
and it reads ``Crawl-delay`` and ``Sitemap`` lines.

What an unreadable robots.txt means follows RFC 9309: a 4xx answer (there is
none) allows everything; a 5xx answer or no answer at all forbids everything
on that host for this run, since the site may be in trouble.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

from migsearch.indexer.fetch.urls import origin

__all__ = ["AGENT", "Robots", "RobotsRules"]

#: the product token robots.txt rules are matched against
AGENT = "migsearch"


@dataclass(frozen=True)
class RobotsRules:
    """One host's rules; ``refusal`` set when the whole host is off limits."""

    parser: Protego | None = None
    refusal: str | None = None

    def refuse(self, url: str) -> str | None:
        if self.refusal:
            return self.refusal
        if self.parser is not None and not self.parser.can_fetch(url, AGENT):
            return "blocked by robots.txt"
        return None

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        d = self.parser.crawl_delay(AGENT)
        return float(d) if d is not None else None

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


def rules_from(status: int, text: str | None, error: str | None) -> RobotsRules:
    """The rules an answer for robots.txt gives (RFC 9309's reading of each status)."""
    if 200 <= status < 300 and text is not None:
        return RobotsRules(Protego.parse(text))
    if 400 <= status < 500:
        return RobotsRules()
    why = f"HTTP {status}" if status else (error or "no answer")
    return RobotsRules(refusal=f"robots.txt could not be read ({why}), so the site is not crawled")


class Robots:
    """Rules per origin, each loaded once by ``load(robots_url)`` → (status, text, error)."""

    def __init__(
        self,
        load: Callable[[str], tuple[int, str | None, str | None]],
        on_rules: Callable[[str, RobotsRules], None] | None = None,
    ) -> None:
        self._load = load
        self._on_rules = on_rules
        self._rules: dict[str, RobotsRules] = {}
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def rules(self, url: str) -> RobotsRules:
        key = origin(url)
        with self._lock:
            got = self._rules.get(key)
            if got is not None:
                return got
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one load per origin even when many threads ask at once
            with self._lock:
                got = self._rules.get(key)
            if got is None:
                got = rules_from(*self._load(key + "/robots.txt"))
                with self._lock:
                    self._rules[key] = got
                if self._on_rules:
                    self._on_rules(key, got)
            return got

    def refuse(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None."""
        return self.rules(url).refuse(url)
