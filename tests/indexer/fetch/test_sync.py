"""index_urls: files and URLs in one index, the run closed only after the commit, the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CORPUS

from migsearch.errors import UsageError
from migsearch.indexer.fetch.cache import Cache, cache_dir_for
from migsearch.indexer.fetch.client import FetchSettings
from migsearch.indexer.fetch.crawl import CrawlSettings
from migsearch.indexer.fetch.sync import fetch_log, fetch_summary, index_urls
from migsearch.search.engine import open_index

FAST = CrawlSettings(
    rate=0, fetch=FetchSettings(timeout=1.0, retries=1, backoff=0.05, max_bytes=1_000_000)
)


def test_files_and_urls_in_one_index(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ix = tmp_path / "ix"
    progress: list[int] = []
    sync = index_urls(
        [library.url("/resources")],
        ix,
        paths=[CORPUS / "000_c4eb84cda103fd2c.txt"],
        settings=FAST,
        on_fetch=lambda p: progress.append(p.visited),
    )
    assert sync.index.documents == 10 + 9
    assert progress == sorted(progress) and progress[-1] == len(sync.crawl.visits)
    with open_index(ix) as s:
        assert s.search("Pattani").total == 1  # from a text attachment
        assert s.search("migrant fishers").total >= 2  # the corpus page and the site
    summary = fetch_summary(sync.crawl)
    assert summary["resources"] == 9 and summary["requests"] == len(sync.crawl.visits) - 1
    with Cache(cache_dir_for(ix)) as cache:
        assert not cache.start_run({"seeds": [library.url("/resources")], **FAST.key()}).resumed
    rows = fetch_log(ix)
    assert {r["url"] for r in rows} >= {library.url("/resources"), library.url("/robots.txt")}
    assert all(r["checked_at"] for r in rows)


def test_no_url_or_a_bad_one_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        index_urls([], tmp_path / "ix")
    with pytest.raises(UsageError, match="not an http"):
        index_urls(["ftp://x.org/"], tmp_path / "ix")
    with pytest.raises(UsageError, match="nothing was fetched"):
        fetch_log(tmp_path / "ix")
