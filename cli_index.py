"""The work behind ``migsearch index`` and ``migsearch sources``, apart from their declarations.

``index`` takes files, folders and URLs: files go straight to the writer,
URLs through a crawl (:func:`migsearch.indexer.fetch.sync.index_urls`). This
module holds what that adds to the command line — the crawl's options, the
status line while fetching, the progress bar while indexing, the summary
lines — so ``cli.py`` stays a list of commands. Like the rest of the CLI it
only parses, calls the library and prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from migsearch.cli_output import plural

__all__ = [
    "crawl_options",
    "index_json",
    "index_lines",
    "nothing_indexed",
    "run_index",
    "skipped_counts",
    "source_lines",
    "wait_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: option → (default, smallest, largest, help); int bounds make a whole-number option
CRAWL_OPTIONS: dict[str, tuple[Any, Any, Any, str]] = {
    "--depth": (1, 0, 10, "Listing levels to follow from a URL (0: the listing alone)."),
    "--max-pages": (5000, 1, 1_000_000, "URLs to visit at most in one run."),
    "--rate": (1.0, 0.0, 1000.0, "Requests per second to one host (0: no limit)."),
    "--per-host": (2, 1, 32, "Requests open at once to one host."),
    "--timeout": (20.0, 0.1, 600.0, "Seconds to wait for a server."),
    "--retries": (2, 0, 10, "Retries after a timeout, 429 or 5xx."),
    "--max-size": (50.0, 0.001, 2048.0, "Largest download, in MB."),
}


def crawl_options(fn: F) -> F:
    """The options of `index URL`: how far and how politely to crawl."""
    fn = click.option(
        "--any-site", is_flag=True, help="Follow links to other sites too (default: same site)."
    )(fn)
    for name, (default, low, high, help) in reversed(CRAWL_OPTIONS.items()):
        kind = (
            click.IntRange(low, high) if isinstance(default, int) else click.FloatRange(low, high)
        )
        fn = click.option(name, default=default, show_default=True, type=kind, help=help)(fn)
    return fn


def wait_option(fn: F) -> F:
    """``--wait``: how long `index` waits for another run writing the same index."""
    return click.option(
        "--wait",
        default=0.0,
        show_default=True,
        metavar="SECONDS",
        type=click.FloatRange(0, 86_400),
        help="Wait this long for another run writing the same index, instead of failing at once.",
    )(fn)


def _settings(opts: dict[str, Any]) -> Any:
    from migsearch.indexer.fetch.client import FetchSettings
    from migsearch.indexer.fetch.crawl import CrawlSettings

    return CrawlSettings(
        depth=opts["depth"],
        max_pages=opts["max_pages"],
        rate=opts["rate"],
        per_host=opts["per_host"],
        workers=max(4, opts["per_host"]),
        same_site=not opts["any_site"],
        fetch=FetchSettings(
            timeout=opts["timeout"],
            retries=opts["retries"],
            max_bytes=int(opts["max_size"] * 1_000_000),
        ),
    )


class _Screen:
    """The status line while fetching and the bar while indexing, on a terminal only."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.bar: Any = None
        self.status = False

    def fetched(self, p: Any) -> None:
        if self.show:
            url = p.url if len(p.url) <= 60 else p.url[:57] + "..."
            line = f"\rFetching: {p.visited} done, {p.queued} to go  {url}\x1b[K"
            click.echo(line, nl=False, err=True)
            self.status = True

    def indexed(self, done: int, total: int) -> None:
        if not self.show:
            return
        if self.status:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.status = False
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Indexing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.status:
            click.echo("\r\x1b[K", nl=False, err=True)
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def run_index(
    paths: tuple[str, ...],
    index_dir: str,
    *,
    rebuild: bool,
    workers: int | None,
    quiet: bool,
    crawl: dict[str, Any],
    wait: float = 0.0,
    shards: int | None = None,
) -> tuple[Any, Any]:
    """Index files and URLs; (the IndexReport, the CrawlReport or None when no URL)."""
    from migsearch.indexer.fetch.urls import is_web_url
    from migsearch.indexer.store.shardset import shard_count
    from migsearch.indexer.store.writer import build_index

    urls = [p for p in paths if is_web_url(p)]
    files = [p for p in paths if not is_web_url(p)]
    if (shards or 1) > 1 or shard_count(index_dir):
        if urls:
            raise click.UsageError("a sharded index is built from files and folders, not URLs")
        return _run_shards(files, index_dir, rebuild, workers, wait, shards), None
    screen = _Screen(sys.stderr.isatty() and not quiet)
    common: dict[str, Any] = {
        "rebuild": rebuild,
        "workers": workers,
        "wait": wait,
        "on_progress": screen.indexed,
        "on_error": lambda msg: click.echo(f"skipped: {msg}", err=True),
        "on_warning": lambda msg: click.echo(f"warning: {msg}", err=True),
        "on_notice": lambda msg: click.echo(msg, err=True),
    }
    try:
        if not urls:
            return build_index(files, index_dir, **common), None
        from migsearch.indexer.fetch.sync import index_urls

        sync = index_urls(
            urls,
            index_dir,
            paths=files,
            settings=_settings(crawl),
            on_fetch=screen.fetched,
            **common,
        )
        return sync.index, sync.crawl
    finally:
        screen.close()


def _run_shards(
    files: list[str],
    index_dir: str,
    rebuild: bool,
    workers: int | None,
    wait: float,
    shards: int | None,
) -> Any:
    import os

    from migsearch.indexer.store.shards import build_shards
    from migsearch.search.engine import SCHEDULER_VARIABLE

    runner = None
    scheduler = os.environ.get(SCHEDULER_VARIABLE)
    if scheduler:  # each shard's run a task on the cluster's workers
        from migsearch.search.shards.cluster import TaskRunner, connect

        runner = TaskRunner(connect(scheduler))
        files = [os.path.abspath(f) for f in files]
    try:
        return build_shards(
            files,
            index_dir,
            shards=shards,
            rebuild=rebuild,
            workers=workers,
            wait=wait,
            on_error=lambda msg: click.echo(f"skipped: {msg}", err=True),
            on_warning=lambda msg: click.echo(f"warning: {msg}", err=True),
            on_notice=lambda msg: click.echo(msg, err=True),
            runner=runner,
        )
    finally:
        if runner is not None:
            runner.client.close()


def index_json(report: Any, crawl: Any) -> dict[str, Any]:
    d = report.to_dict()
    keys = ("added", "updated", "unchanged", "removed", "failed", "documents", "skipped", "notes")
    out = {k: d[k] for k in keys}
    # what standard error said, so that a program reading only the JSON can tell which
    # records failed ("failed" counts them; "skipped" names whole files only)
    out["errors"], out["warnings"] = d["errors"], d["warnings"]
    if crawl is not None:
        from migsearch.indexer.fetch.sync import fetch_summary

        out["fetched"] = fetch_summary(crawl)
    return out


def skipped_counts(report: Any) -> str:
    """The files a run did not index, counted ("3 skipped: 2 .xlsx (unsupported), 1 empty")."""
    from migsearch.indexer.ingest.sources import Skipped, skipped_summary

    return skipped_summary(Skipped(**d) for d in report.skipped)


def nothing_indexed(report: Any) -> str | None:
    """Why a run that indexed nothing at all is an error (some files failing is
    normal), as the end of the error line (" (2 failures)", ": 1 skipped: 1 .xlsx
    (unsupported)"), or None when it indexed something or met nothing to index."""
    if report.added or report.updated or report.unchanged:
        return None
    if not (report.failed or report.skipped):
        return None
    if all(s["kind"] == "failed" for s in report.skipped):
        return f" ({plural(report.failed, 'failure')})"
    return ": " + skipped_counts(report)


def index_lines(report: Any, crawl: Any, index_dir: str) -> list[str]:
    """The summary `index` prints: the crawl's, then the index's."""
    lines = [] if crawl is None else [_fetch_line(crawl)]
    skipped = skipped_counts(report)
    skipped = f" {skipped} (--json lists them)." if skipped else ""
    if not report.changed:
        lines.append(
            f"Index unchanged: {plural(report.unchanged, 'document')} from "
            f"{plural(report.sources, 'source')} already up to date "
            f"({report.documents} in {index_dir}).{skipped}"
        )
    else:
        lines.append(
            f"Indexed {plural(report.sources, 'source')} into {index_dir}: {report.added} added, "
            f"{report.updated} updated, {report.unchanged} unchanged, {report.removed} removed, "
            f"{report.failed} failed; {plural(report.documents, 'document')}.{skipped}"
        )
    return lines


def _fetch_line(crawl: Any) -> str:
    from migsearch.indexer.fetch.sync import fetch_summary

    f = fetch_summary(crawl)
    parts = [f"{f['downloaded']} downloaded", f"{f['not_modified']} not modified"]
    for key, label in (
        ("not_found", "not found"),
        ("blocked", "blocked by robots.txt"),
        ("failed", "failed"),
    ):
        if f[key]:
            parts.append(f"{f[key]} {label}")
    line = (
        f"Fetched {plural(int(f['urls']), 'URL')} ({f['requests']} requests) "
        f"in {f['seconds']:.1f} s: " + ", ".join(parts)
    )
    if f["off_site"]:
        line += f"; {plural(int(f['off_site']), 'link')} to other sites not followed"
    if f["not_visited"]:
        line += f"; {f['not_visited']} not visited (--max-pages)"
    if f["resumed"]:
        line += "; resumed an interrupted run"
    return line + "."


def source_lines(rows: list[dict[str, Any]], cache: str) -> list[str]:
    """`sources` as text: one line per URL, then the counts."""
    lines = []
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["result"])] = counts.get(str(r["result"]), 0) + 1
        when = str(r["checked_at"] or "").replace("T", " ")[:19]
        size = f"{int(r['size']) / 1000:.1f} kB" if r["size"] else ""
        line = f"{when}  {r['result']:<12} {r['status'] or '-':>3}  {size:>10}  {r['url']}"
        if r["final_url"]:
            line += f" -> {r['final_url']}"
        if r["detail"] and r["result"] not in ("downloaded", "not-modified"):
            line += f"  ({r['detail']})"
        lines.append(line)
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    lines.append(f"{plural(len(rows), 'URL')} in {cache}: {summary}.")
    return lines
