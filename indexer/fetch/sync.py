"""``migsearch index URL``: a crawl, then the index updated from it, then the run closed.

The crawl fills the cache; the writer then indexes each resource whose hash
changed and removes those that answer 404 or 410; only after the index has
committed is the run marked finished. A run killed anywhere before that is
resumed by the next identical command: what it fetched is taken from the
cache without asking again, and the index is brought up to date from there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from migsearch.errors import UsageError
from migsearch.indexer.fetch.cache import Cache, Entry, cache_dir_for
from migsearch.indexer.fetch.crawl import CrawlProgress, CrawlReport, CrawlSettings, crawl
from migsearch.indexer.fetch.resources import prepared_source
from migsearch.indexer.fetch.urls import normalize
from migsearch.indexer.store.session import hold_lock, log_notice
from migsearch.indexer.store.writer import IndexReport, build_index

__all__ = ["SyncReport", "fetch_log", "fetch_summary", "index_urls"]


@dataclass
class SyncReport:
    crawl: CrawlReport
    index: IndexReport


def index_urls(
    urls: Iterable[str],
    index_dir: str | os.PathLike[str],
    *,
    paths: Iterable[str | os.PathLike[str]] = (),
    settings: CrawlSettings | None = None,
    rebuild: bool = False,
    workers: int | None = None,
    on_fetch: Callable[[CrawlProgress], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    **writing: Any,
) -> SyncReport:
    """Crawl ``urls`` and index what they lead to (with any file ``paths``) into ``index_dir``.

    The index's writer lock is held from the first request to the commit (``wait``:
    seconds to wait for another writer); the rest of ``writing`` goes to
    :func:`~migsearch.indexer.store.writer.build_index` as it is (``on_warning``,
    ``on_notice``).
    """
    settings = settings or CrawlSettings()
    seeds = list(dict.fromkeys(normalize(u) for u in urls))
    if not seeds:
        raise UsageError("no URL to index")
    # the run writes the index from its first request: a second writer fails (or waits)
    # before it fetches anything, and no other run writes the index meanwhile
    held = hold_lock(
        index_dir,
        rebuild=rebuild,
        wait=writing.pop("wait", 0.0),
        on_notice=writing.get("on_notice") or log_notice,
    )
    with held, Cache(cache_dir_for(index_dir)) as cache:
        run = cache.start_run({"seeds": sorted(seeds), **settings.key()})
        report = crawl(seeds, cache, run, settings, on_fetch)
        for msg in report.errors:
            if on_error:
                on_error(msg)
        prepared = [prepared_source(r, report.visits) for r in report.resources]
        ix = build_index(
            paths,
            index_dir,
            rebuild=rebuild,
            workers=workers,
            on_progress=on_progress,
            on_error=on_error,
            prepared=prepared,
            vanished=report.gone,
            lock=held,
            **writing,
        )
        ix.failed += len(report.errors)
        ix.errors[:0] = report.errors
        for seed in seeds:
            reached = [r.url for r in report.resources if r.seed == seed]
            kept = [u for s, u in report.kept if s == seed]
            cache.set_resources(seed, reached + kept)
        cache.finish_run(run)
    return SyncReport(report, ix)


def fetch_summary(report: CrawlReport) -> dict[str, object]:
    """The crawl's counts, as ``index --json`` prints them under ``fetched``."""
    return {
        "urls": len(report.visits),
        "requests": report.requests,
        "downloaded": report.count("downloaded"),
        "not_modified": report.count("not-modified"),
        "not_found": report.count("not-found") + report.count("gone"),
        "blocked": report.count("blocked"),
        "failed": report.count("failed"),
        "off_site": report.off_site,
        "not_visited": report.truncated,
        "resources": len(report.resources),
        "removed": len(report.gone),
        "resumed": report.resumed,
        "seconds": round(report.seconds, 3),
    }


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds") if t else None


def fetch_log(index_dir: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Every URL in the index's fetch cache: when it was fetched, and with what result."""
    folder = cache_dir_for(index_dir)
    if not (folder / "fetches.sqlite").exists():
        raise UsageError(
            f"nothing was fetched for {index_dir} (no cache at {folder}); "
            f"index a URL first: migsearch index URL --index {index_dir}"
        )
    with Cache(folder, create=False) as cache:
        entries = cache.entries()
    return [_row(e) for e in entries]


def _row(e: Entry) -> dict[str, object]:
    return {
        "url": e.url,
        "final_url": e.final_url if e.final_url != e.url else None,
        "result": e.result,
        "status": e.status or None,
        "detail": e.detail,
        "type": e.media,
        "size": e.size,
        "etag": e.etag,
        "last_modified": e.last_modified,
        "fetched_at": _iso(e.fetched_at),
        "checked_at": _iso(e.checked_at),
        "role": e.role,
        "found_on": e.found_on,
    }
