"""One polite GET against a real server on 127.0.0.1: user agent, redirects, retries with
Retry-After, timeouts, size caps, conditional requests."""

from __future__ import annotations

import time
from importlib.metadata import version

from library_site import LibrarySite, Route

from migsearch.indexer.fetch.client import (
    Fetcher,
    FetchSettings,
    Validators,
    retry_after,
    user_agent,
)
from migsearch.indexer.fetch.hosts import HostGate


def _fetcher(**kw: object) -> Fetcher:
    settings = FetchSettings(**{"timeout": 2.0, "backoff": 0.05, **kw})  # type: ignore[arg-type]
    return Fetcher(settings, HostGate(0, 4))


def test_user_agent_names_the_project_and_its_version(site: LibrarySite) -> None:
    site.set("/a", Route(b"<html>a</html>"))
    with _fetcher() as f:
        r = f.get(site.url("/a"))
    assert r.ok and r.body == b"<html>a</html>" and r.content_type == "text/html"
    assert r.charset == "utf-8"
    ua = site.hits()[0].headers["user-agent"]
    assert ua == user_agent()
    assert ua.startswith(f"migsearch/{version('migsearch')} (")


def test_redirects_are_followed_and_each_hop_is_checked(site: LibrarySite) -> None:
    site.set("/old", Route(status=301, location="/mid"))
    site.set("/mid", Route(status=302, location="/new"))
    site.set("/new", Route(b"new"))
    with _fetcher() as f:
        r = f.get(site.url("/old"))
        assert r.ok and r.body == b"new" and r.final_url == site.url("/new")
        assert r.redirects == [site.url("/old"), site.url("/mid")]
        f.allow = lambda u: "forbidden" if u.endswith("/new") else None
        r = f.get(site.url("/old"))
    assert r.error == f"redirected to {site.url('/new')}: forbidden"
    assert site.paths().count("/new") == 1  # the refused hop was not requested


def test_a_redirect_loop_ends(site: LibrarySite) -> None:
    site.set("/a", Route(status=302, location="/b"))
    site.set("/b", Route(status=302, location="/a"))
    with _fetcher(max_redirects=3) as f:
        r = f.get(site.url("/a"))
    assert r.error == "more than 3 redirects" and len(site.hits()) == 4


def test_429_and_503_are_retried_after_the_wait_the_server_asks(site: LibrarySite) -> None:
    site.set("/busy", Route(b"done", fail_first=1, fail_status=429, retry_after="1"))
    site.set("/down", Route(b"up", fail_first=2, fail_status=503))
    with _fetcher(retries=2) as f:
        r = f.get(site.url("/busy"))
        assert r.ok and r.body == b"done" and r.attempts == 2
        times = [h.at for h in site.hits() if h.path == "/busy"]
        assert times[1] - times[0] >= 0.95  # Retry-After: 1
        r = f.get(site.url("/down"))
    assert r.ok and r.attempts == 3  # backoff 0.05 s, then 0.1 s


def test_retries_give_up_with_the_last_answer(site: LibrarySite) -> None:
    site.set("/down", Route(b"up", fail_first=10, fail_status=503))
    site.set("/slow", Route(b"late", fail_first=1, fail_status=503, retry_after="3600"))
    with _fetcher(retries=1, max_wait=10) as f:
        r = f.get(site.url("/down"))
        assert (r.status, r.error, r.attempts) == (503, "HTTP 503", 2)
        started = time.monotonic()
        r = f.get(site.url("/slow"))
    assert r.error == "the server asked to wait 3600 s (more than 10 s)"
    assert time.monotonic() - started < 2


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("120") == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert retry_after("soon") is None and retry_after(None) is None


def test_a_slow_server_times_out_and_is_retried(site: LibrarySite) -> None:
    site.set("/slow", Route(b"late", delay=1.5))
    with _fetcher(timeout=0.3, retries=1) as f:
        started = time.monotonic()
        r = f.get(site.url("/slow"))
    assert r.error == "timed out (no answer within 0.3 s)" and r.status == 0
    assert r.attempts == 2 and time.monotonic() - started < 1.5


def test_size_cap_on_the_declared_length_and_on_the_bytes(site: LibrarySite) -> None:
    site.set("/claimed", Route(content_type="application/pdf", declare_length=5_000_000))
    site.set("/stream", Route(content_type="application/pdf", stream=5_000_000))
    site.set("/small", Route(b"x" * 1000, "application/pdf"))
    with _fetcher(max_bytes=1_000_000) as f:
        assert f.get(site.url("/claimed")).error == "5.0 MB is over the 1.0 MB limit"
        started = time.monotonic()
        r = f.get(site.url("/stream"))
        assert r.error == "more than the 1.0 MB limit (download stopped)" and r.body == b""
        assert time.monotonic() - started < 5
        assert f.get(site.url("/small")).ok


def test_conditional_requests_send_the_validators(site: LibrarySite) -> None:
    site.set("/a", Route(b"body"))
    with _fetcher() as f:
        first = f.get(site.url("/a"))
        assert first.etag and first.last_modified
        again = f.get(site.url("/a"), Validators(first.etag, first.last_modified))
        assert again.not_modified and again.body == b"" and again.error is None
        only_date = f.get(site.url("/a"), Validators(None, first.last_modified))
        assert only_date.not_modified
    hits = site.hits()
    assert not hits[0].conditional
    assert hits[1].headers["if-none-match"] == first.etag
    assert hits[2].headers["if-modified-since"] == first.last_modified


def test_errors_are_answers_not_exceptions(site: LibrarySite) -> None:
    site.set("/gone", Route(status=410))
    with _fetcher(retries=0) as f:
        assert f.get(site.url("/gone")).status == 410
        assert f.get(site.url("/none")).error == "HTTP 404"
        closed = f.get("http://127.0.0.1:9/")  # the discard port: nothing listens
    assert closed.status == 0 and closed.error and closed.error.startswith("network error")
