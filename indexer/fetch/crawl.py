"""The crawl plan: seed → listing → detail page → attachments, in scope and within depth.

A seed is whatever the user named: a listing page, a single page, a
document, a sitemap or an RSS/Atom feed, told apart by what the fetched bytes
are. From a listing page (the ingest pipeline's listing detector decides) each
item's link is followed to its detail page, and the next page of the listing
is read too; from a sitemap, each page; from a feed, each entry's link and its
enclosures. A detail page's attached documents are fetched with it. What each
resource was found as (a listing item's title and blurb, a feed entry's date)
is kept for :mod:`.resources`, which makes one record of it all.

Manners that belong to the plan rather than to one request: only URLs on a
seed's site are followed (``same_site``), listings are expanded ``depth``
levels deep (1: the seed's items, not their own listings), and a run visits at
most ``max_pages`` URLs. Resources indexed from a seed on an earlier run that
this run did not reach are asked for once more, so one that now answers 404 or
410 is removed from the index, while one merely dropped from the listing stays.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from migsearch.errors import IngestError
from migsearch.indexer.fetch.cache import Cache, Run
from migsearch.indexer.fetch.client import Fetcher, FetchSettings
from migsearch.indexer.fetch.discover import page_links, read_feed, read_sitemap
from migsearch.indexer.fetch.hosts import HostGate
from migsearch.indexer.fetch.reading import page_text
from migsearch.indexer.fetch.sniff import kind
from migsearch.indexer.fetch.urls import same_site, site_of
from migsearch.indexer.fetch.visit import GONE_RESULTS, Fetched, Visitor
from migsearch.indexer.ingest.html import HtmlPage, parse_html

__all__ = ["CrawlProgress", "CrawlReport", "CrawlSettings", "Item", "Resource", "crawl"]


@dataclass(frozen=True)
class CrawlSettings:
    depth: int = 1  # listing levels followed from a seed
    max_pages: int = 5000  # URLs visited in one run
    rate: float = 1.0  # requests per second per host (0: no limit)
    per_host: int = 2  # requests open at once per host
    workers: int = 4  # requests open at once in all
    same_site: bool = True
    fetch: FetchSettings = field(default_factory=FetchSettings)

    def key(self) -> dict[str, object]:
        """What makes two runs the same crawl (for resuming)."""
        return {"depth": self.depth, "max_pages": self.max_pages, "same_site": self.same_site}


@dataclass
class Item:
    """How a resource was presented where it was found (a listing item, a feed entry)."""

    title: str
    summary: str = ""
    date: str | None = None
    type: str | None = None


@dataclass
class Resource:
    """One resource: its own URL, where it was found, and what was fetched for it."""

    url: str
    seed: str
    item: Item | None = None
    main: Fetched | None = None  # the detail page, or the document itself
    page: HtmlPage | None = None  # the detail page read
    attachment_urls: list[str] = field(default_factory=list)


@dataclass
class CrawlProgress:
    visited: int
    queued: int
    url: str
    result: str


@dataclass
class CrawlReport:
    seeds: list[str]
    resources: list[Resource] = field(default_factory=list)
    visits: dict[str, Fetched] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)  # resources answering 404/410
    kept: list[tuple[str, str]] = field(default_factory=list)  # (seed, url) indexed before,
    # not reached this run, still there
    errors: list[str] = field(default_factory=list)
    off_site: int = 0
    truncated: int = 0  # URLs not visited for max_pages
    seconds: float = 0.0
    resumed: bool = False

    def count(self, result: str) -> int:
        return sum(1 for f in self.visits.values() if f.result == result)

    @property
    def requests(self) -> int:
        return sum(1 for f in self.visits.values() if f.requested)


@dataclass
class _Task:
    url: str
    role: str  # seed, listing, sitemap, resource, attachment, recheck
    depth: int
    seed: str
    found_on: str | None = None
    item: Item | None = None
    enclosures: list[str] = field(default_factory=list)


class _Crawl:
    def __init__(
        self,
        seeds: list[str],
        cache: Cache,
        run: Run,
        settings: CrawlSettings,
        on_progress: Callable[[CrawlProgress], None] | None,
    ) -> None:
        self.s = settings
        self.sites = {site_of(u) for u in seeds}
        self.report = CrawlReport(seeds=list(seeds), resumed=run.resumed)
        self.on_progress = on_progress
        self.queue: deque[_Task] = deque()
        self.seen: set[str] = set()
        self.by_url: dict[str, Resource] = {}
        interval = 1.0 / settings.rate if settings.rate > 0 else 0.0
        self.gate = HostGate(interval, settings.per_host)
        self.fetcher = Fetcher(settings.fetch, self.gate, connections=settings.workers)
        self.visitor = Visitor(cache, self.fetcher, run, refuse=self._out_of_scope)
        self.fetcher.allow = lambda u: self._out_of_scope(u) or self.visitor.robots.refuse(u)
        self.cache = cache

    def _out_of_scope(self, url: str) -> str | None:
        if self.s.same_site and not any(same_site(url, s) for s in self.sites):
            return "outside the site being indexed"
        return None

    def add(self, task: _Task) -> None:
        if task.url in self.seen:
            return
        if self._out_of_scope(task.url):
            self.report.off_site += 1
            self._listed_only(task)
            return
        if len(self.seen) >= self.s.max_pages:
            self.report.truncated += 1
            self._listed_only(task)
            return
        self.seen.add(task.url)
        self.queue.append(task)

    def _listed_only(self, task: _Task) -> None:
        """A listed resource whose page is not read (off the site, forbidden, failing):
        its record is what the listing says of it."""
        if task.role == "resource" and task.item is not None and task.url not in self.by_url:
            self.seen.add(task.url)
            res = Resource(task.url, task.seed, task.item)
            self.by_url[task.url] = res
            self.report.resources.append(res)

    def _visit(self, task: _Task) -> Fetched:
        return self.visitor.visit(task.url, role=task.role, found_on=task.found_on)

    def run(self) -> CrawlReport:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.s.workers) as pool:
            self._drain(pool)
            self._recheck()
            self._drain(pool)
        self.fetcher.close()
        self.report.seconds = time.monotonic() - started
        return self.report

    def _drain(self, pool: ThreadPoolExecutor) -> None:
        pending: dict[Future[Fetched], _Task] = {}
        while self.queue or pending:
            while self.queue and len(pending) < 2 * self.s.workers:
                task = self.queue.popleft()
                pending[pool.submit(self._visit, task)] = task
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                got = fut.result()
                self.report.visits[task.url] = got
                self._handle(task, got)
                if self.on_progress:
                    self.on_progress(
                        CrawlProgress(
                            len(self.report.visits),
                            len(self.queue) + len(pending),
                            task.url,
                            got.result,
                        )
                    )

    def _recheck(self) -> None:
        for seed in self.report.seeds:
            for url in self.cache.resources(seed):
                if url in self.by_url or url in self.seen:
                    continue
                if self._out_of_scope(url):  # listed on another site once: not ours to ask
                    self.report.kept.append((seed, url))
                else:
                    self.add(_Task(url, "recheck", 1, seed))

    # ------------------------------------------------------------ outcomes
    def _handle(self, task: _Task, got: Fetched) -> None:
        if task.role == "attachment":
            return  # read with its resource
        if task.role == "recheck":
            if got.result in GONE_RESULTS:
                self.report.gone.append(task.url)
            else:
                self.report.kept.append((task.seed, task.url))
            return
        if got.body is None:
            if task.role in ("seed", "resource") and got.result in GONE_RESULTS:
                self.report.gone.append(task.url)
            else:
                self._listed_only(task)
            self.report.errors.append(f"{task.url}: {got.error}")
            return
        if got.stale:
            self.report.errors.append(f"{task.url}: {got.error}; using the copy fetched before")
        what = kind(got.media)
        try:
            if what == "sitemap":
                self._sitemap(task, got)
            elif what == "feed":
                self._feed(task, got)
            elif what == "page":
                self._page(task, got)
            elif task.role in ("seed", "resource"):
                self._resource(task, got)
            else:
                self.report.errors.append(f"{task.url}: a {got.media} where a listing was expected")
        except (IngestError, ValueError) as e:
            self.report.errors.append(
                f"{task.url}: {e}" if not isinstance(e, IngestError) else str(e)
            )

    def _sitemap(self, task: _Task, got: Fetched) -> None:
        sm = read_sitemap(got.body or b"", got.final_url)
        for child in sm.sitemaps:
            self.add(_Task(child, "sitemap", task.depth, task.seed, task.url))
        if task.depth < self.s.depth:
            for url, _ in sm.pages:
                self.add(_Task(url, "resource", task.depth + 1, task.seed, task.url))

    def _feed(self, task: _Task, got: Fetched) -> None:
        for e in read_feed(got.body or b"", got.final_url):
            item = Item(e.title, e.summary, e.date) if e.title else None
            self._follow(
                _Task(e.url, "resource", task.depth + 1, task.seed, task.url, item, e.enclosures)
            )

    def _follow(self, task: _Task) -> None:
        """Fetch a listed resource within the depth limit; beyond it, index what the list says."""
        if task.depth <= self.s.depth:
            self.add(task)
        else:
            self._listed_only(task)

    def _page(self, task: _Task, got: Fetched) -> None:
        text = page_text(got)
        page = parse_html(text, base_url=got.final_url)
        expand = task.role in ("seed", "listing") or task.depth < self.s.depth
        if page.items and expand:
            for pos, it in enumerate(page.items, start=1):
                item = Item(it.title, it.summary, it.date, it.type)
                if it.url:
                    self._follow(
                        _Task(it.url, "resource", task.depth + 1, task.seed, task.url, item)
                    )
                else:  # an item without a page of its own is a resource all the same
                    key = f"{got.final_url}#item-{pos}"
                    self.by_url[key] = Resource(key, task.seed, item)
                    self.report.resources.append(self.by_url[key])
            nxt = page_links(text, got.final_url).next_page
            if nxt:
                self.add(_Task(nxt, "listing", task.depth, task.seed, task.url))
            return
        if task.role == "listing":
            return  # a "next page" that holds no listing
        res = self._resource(task, got)
        res.page = page
        for url in page_links(text, got.final_url).attachments:
            res.attachment_urls.append(url)
            self.add(_Task(url, "attachment", task.depth, task.seed, task.url))

    def _resource(self, task: _Task, got: Fetched) -> Resource:
        res = Resource(task.url, task.seed, task.item, got)
        self.by_url[task.url] = res
        self.report.resources.append(res)
        for url in task.enclosures:
            res.attachment_urls.append(url)
            self.add(_Task(url, "attachment", task.depth, task.seed, task.url))
        return res


def crawl(
    seeds: list[str],
    cache: Cache,
    run: Run,
    settings: CrawlSettings,
    on_progress: Callable[[CrawlProgress], None] | None = None,
) -> CrawlReport:
    """Visit ``seeds`` and what they lead to; every fetch is in ``cache`` when this returns."""
    c = _Crawl(seeds, cache, run, settings, on_progress)
    for url in seeds:
        c.add(_Task(url, "seed", 0, url))
    return c.run()
