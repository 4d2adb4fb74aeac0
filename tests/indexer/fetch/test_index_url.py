"""`migsearch index URL` against the fixture library, as a user runs it (the real CLI in a
subprocess, a real server on 127.0.0.1): one record per resource, a second run that only
asks conditionally and changes nothing, a third that updates exactly what the site changed,
robots.txt obeyed, and a crawl killed with SIGKILL that resumes without asking again."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from library_site import (
    PDF_TEXTS,
    TEXT_ATTACHMENTS,
    LibrarySite,
    Route,
    detail_page,
    listing_page,
)
from library_site import Resource as SiteResource
from library_site import resources as site_resources
from support import ROOT, run_cli

from migsearch.indexer.fetch.sniff import ingest_format
from migsearch.indexer.store.storage import index_exists, open_existing

#: fast and bounded: no rate limit on the local site, a short timeout for the slow page
FAST = ["--rate", "0", "--timeout", "1", "--retries", "1", "--max-size", "1"]


def _index(site: LibrarySite, ix: Path, *extra: str) -> tuple[dict, str]:
    r = run_cli("index", site.url("/resources"), "--index", str(ix), "--json", *FAST, *extra)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return json.loads(r.stdout), r.stderr


def _docs(ix: Path) -> dict[str, dict]:
    with open_existing(ix).searcher() as s:
        return {f["source"]: dict(f) for f in s.all_stored_fields()}


def _path(url: str, site: LibrarySite) -> str:
    return url.replace(site.url(""), "")


def test_listing_to_detail_to_attachments_one_record_per_resource(
    library: LibrarySite, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    out, err = _index(library, ix)
    docs = _docs(ix)
    by_path = {_path(k, library): v for k, v in docs.items()}
    # ten listed resources over two listing pages; the one answering 404 has no record
    assert set(by_path) == {
        "/resources/fishers-in-thailand",
        "/news/domestic-workers-hong-kong",
        "/old/malaysia-policy",
        "/private/draft-report",
        "/resources/slow-report",
        "/resources/migration-dataset",
        "/resources/nepal-remittances",
        "/resources/cambodia-recruitment",
        f"http://localhost:{library.port}/elsewhere/ilo-report",
    }
    assert out["added"] == 9 and out["documents"] == 9
    fishers = by_path["/resources/fishers-in-thailand"]
    res = {r.slug: r for r in site_resources(library.port)}["/resources/fishers-in-thailand"]
    # the listing's title and blurb, the detail page's text and date, the attachment's text
    assert fishers["title"] == res.title
    assert fishers["summary"] == res.blurb
    assert "596 fishers in Songkhla" in fishers["body"]
    assert fishers["date"] == "2015-04-27"
    assert fishers["type"] == "report"
    assert "identity documents kept by vessel owners in Pattani" in fishers["body"]
    assert "THA" in fishers["countries"]
    # the detail page's nav links the annual report PDF: furniture, not an attachment
    assert "/files/annual-report.pdf" not in library.paths()
    # the redirected resource keeps the listed link as its source, the final URL as its url
    malaysia = by_path["/old/malaysia-policy"]
    assert malaysia["url"] == library.url("/resources/malaysia-policy")
    assert "two million regular foreign workers" in malaysia["body"]
    # the PDFs' text: read through the ingest pipeline as soon as it reads PDF
    if ingest_format("application/pdf") is not None:
        assert PDF_TEXTS["/files/fishers-in-thailand.pdf"][:40] in fishers["body"]
        assert PDF_TEXTS["/files/malaysia-policy.pdf"][:40] in malaysia["body"]
    else:
        assert "files/fishers-in-thailand.pdf: application/pdf is not a format" in err
        # the Malaysia PDF is served as application/octet-stream: sniffed from its bytes
        assert "files/malaysia-policy.pdf: application/pdf is not a format" in err
    # listed but not read: their record is what the listing says
    for path, why in (
        ("/private/draft-report", "blocked by robots.txt"),
        ("/resources/slow-report", "timed out (no answer within 1 s)"),
    ):
        assert by_path[path]["body"] == by_path[path]["summary"] != ""
        assert f"{path}: {why}" in err
    assert "/resources/removed-study: HTTP 404" in err
    # the huge files: one refused on its Content-Length, one stopped at the cap
    assert "ilms-dataset.pdf: 30 MB is over the 1.0 MB limit" in err
    assert "ilms-dataset-stream.pdf: more than the 1.0 MB limit" in err
    assert "dataset gathers stocks and flows" in by_path["/resources/migration-dataset"]["body"]
    # never asked for: robots-forbidden, off-site
    assert not [p for p in library.paths() if p.startswith("/private/")]
    assert not [h for h in library.hits() if h.headers.get("host", "").startswith("localhost")]
    assert all(h.headers["user-agent"].startswith("migsearch/") for h in library.hits())
    f = out["fetched"]
    assert (f["blocked"], f["not_found"], f["off_site"], f["resumed"]) == (1, 1, 1, False)


def test_second_run_only_asks_conditionally_and_changes_nothing(
    library: LibrarySite, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    _index(library, ix)
    first = {h.path: h.status for h in library.hits()}
    generation = open_existing(ix).latest_generation()
    r = run_cli("sources", "--index", str(ix), "--json")
    stored = {
        _path(s["final_url"] or s["url"], library)
        for s in json.loads(r.stdout)["sources"]
        if s["result"] == "downloaded"
    }
    mark = len(library.hits())
    out, _ = _index(library, ix)
    second = library.hits(mark)
    assert (out["added"], out["updated"], out["removed"], out["unchanged"]) == (0, 0, 0, 9)
    assert open_existing(ix).latest_generation() == generation  # no commit
    for h in second:
        if h.path in stored or first.get(h.path) == 301:
            assert h.conditional, h.path
            assert h.status in (304, 301), (h.path, h.status)
        else:
            # no stored copy to validate: the 404, the slow page, the capped files
            assert not h.conditional
            assert h.path in {
                "/resources/removed-study",
                "/resources/slow-report",
                "/files/ilms-dataset.pdf",
                "/files/ilms-dataset-stream.pdf",
            }, h.path
    assert len(stored) == 14
    assert out["fetched"]["downloaded"] == 0
    assert out["fetched"]["not_modified"] == 13  # the summary does not count robots.txt


def test_third_run_after_the_site_changed_updates_exactly_what_changed(
    library: LibrarySite, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    _index(library, ix)
    before = _docs(ix)
    res = site_resources(library.port)
    # the news item's page is rewritten; the Nepal brief is taken down (410) and
    # dropped from the listing; the Cambodia report is still listed but answers 404;
    # a new brief is listed
    news = res[1]
    news.text = "The march ended with a petition signed by four thousand domestic workers."
    library.set(news.slug, Route(detail_page(news)))
    new = SiteResource(
        "/resources/sri-lanka-housemaids",
        "Pre-departure training for Sri Lankan housemaids bound for the Gulf",
        "Publication",
        "2018-02-14",
        "How Sri Lanka's compulsory pre-departure course prepares women for domestic work in Saudi Arabia and Kuwait, and what returnees say it lacked.",
        "The course lasts twenty-one days and ends with a test on contracts and wages.",
    )
    library.set(new.slug, Route(detail_page(new)))
    page2 = listing_page("All Resources", [res[8], res[9], new])
    library.set("/resources?page=2", Route(page2))
    library.set("/resources/nepal-remittances", Route(status=410))
    library.set("/resources/cambodia-recruitment", Route(status=404))
    out, _ = _index(library, ix)
    assert (out["added"], out["updated"], out["removed"], out["unchanged"]) == (1, 1, 2, 6)
    after = _docs(ix)
    gone = {
        library.url("/resources/nepal-remittances"),
        library.url("/resources/cambodia-recruitment"),
    }
    assert set(before) - set(after) == gone
    assert set(after) - set(before) == {library.url(new.slug)}
    assert "twenty-one days" in after[library.url(new.slug)]["body"]
    changed = [s for s in set(after) & set(before) if after[s]["body"] != before[s]["body"]]
    assert changed == [library.url(news.slug)]
    assert "petition signed by four thousand" in after[library.url(news.slug)]["body"]
    # unchanged records were not rewritten
    for s in set(after) & set(before) - {library.url(news.slug)}:
        assert after[s] == before[s]


def test_robots_forbidden_path_is_never_requested_even_through_a_redirect(
    library: LibrarySite, tmp_path: Path
) -> None:
    library.set("/resources/moved", Route(status=302, location="/private/draft-report"))
    res = site_resources(library.port)
    res[1].slug = "/resources/moved"
    library.set("/resources", Route(listing_page("All Resources", res[:7], "/resources?page=2")))
    _, err = _index(library, tmp_path / "ix")
    assert "/resources/moved" in library.paths()
    assert not [p for p in library.paths() if p.startswith("/private/")]
    assert (
        "redirected to " + library.url("/private/draft-report") + ": blocked by robots.txt" in err
    )


def _cached_urls(cache: Path) -> set[str]:
    if not (cache / "fetches.sqlite").exists():
        return set()
    db = sqlite3.connect(f"file:{cache / 'fetches.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT url FROM fetches WHERE result IN ('downloaded', 'not-modified', 'not-found', 'gone', 'blocked')"
        ).fetchall()
    except sqlite3.OperationalError:
        return set()
    finally:
        db.close()
    return {r[0] for r in rows}


def test_a_killed_crawl_resumes_without_asking_again_for_what_it_cached(
    library: LibrarySite, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    cache = tmp_path / "ix.web"
    library.hold_after(8)  # eight answers, then the server holds every request
    cmd = [sys.executable, "-m", "migsearch.cli", "index", library.url("/resources")]
    proc = subprocess.Popen([*cmd, "--index", str(ix), *FAST], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(_cached_urls(cache)) < 7 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # let the last answered fetches reach the cache
        cached = _cached_urls(cache)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        library.release()
    assert proc.returncode == -signal.SIGKILL
    assert len(cached) >= 7
    assert not index_exists(ix)  # killed before indexing
    mark = len(library.hits())
    out, _ = _index(library, ix)
    asked_again = {library.url(p) for p in library.paths(mark)} & cached
    assert asked_again == set()
    assert out["fetched"]["resumed"] is True
    assert out["added"] == 9 and out["documents"] == 9
    # and the run after it is an ordinary sync again
    out, _ = _index(library, ix)
    assert out["fetched"]["resumed"] is False
    assert (out["added"], out["updated"], out["removed"]) == (0, 0, 0)


def test_a_crawl_holds_the_index_from_its_first_request(
    library: LibrarySite, tmp_path: Path
) -> None:
    """While `index URL` fetches, another writer of the index fails at once (it used to
    be told only after the whole crawl, and two crawls filled one cache together); and a
    crawl killed mid-way leaves a lock the next run reports and takes."""
    ix = tmp_path / "ix"
    library.hold_after(3)  # the crawl is under way, then waits on the server
    cmd = [sys.executable, "-m", "migsearch.cli", "index", library.url("/resources")]
    crawl = subprocess.Popen(
        [*cmd, "--index", str(ix), *FAST], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(library.hits()) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        asked = -1
        while asked != len(library.hits()):  # its requests in flight have arrived and wait
            asked = len(library.hits())
            time.sleep(0.5)
        docs = tmp_path / "notes.txt"
        docs.write_text("Migrant workers in Thailand and Malaysia.\n", encoding="utf-8")
        for second in (["index", str(docs)], ["index", library.url("/resources"), *FAST]):
            r = run_cli(*second, "--index", str(ix))
            assert r.returncode == 1, r.stderr
            [line] = r.stderr.strip().splitlines()
            assert line.startswith(f"Error: the index at {ix} is being written by another")
            assert f"(pid {crawl.pid}, index since " in line
        assert len(library.hits()) == asked  # the refused crawl asked nothing
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(10)
    finally:
        if crawl.poll() is None:
            crawl.kill()
        library.release()
    out, err = _index(library, ix)
    assert f"recovered: the previous writer of {ix} (pid {crawl.pid}" in err
    assert out["added"] == 9 and out["documents"] == 9


def test_sources_lists_what_was_fetched_when_and_with_what_result(
    library: LibrarySite, tmp_path: Path
) -> None:
    ix = tmp_path / "ix"
    _index(library, ix)
    r = run_cli("sources", "--index", str(ix), "--json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["cache"] == str(tmp_path / "ix.web")
    rows = {_path(s["url"], library): s for s in got["sources"]}
    assert rows["/resources"]["result"] == "downloaded" and rows["/resources"]["status"] == 200
    assert rows["/resources"]["etag"] and rows["/resources"]["fetched_at"]
    assert rows["/private/draft-report"]["result"] == "blocked"
    assert rows["/resources/removed-study"]["result"] == "not-found"
    assert rows["/resources/slow-report"]["result"] == "failed"
    assert rows["/old/malaysia-policy"]["final_url"] == library.url("/resources/malaysia-policy")
    assert rows["/files/fishers-summary.txt"]["found_on"] == library.url(
        "/resources/fishers-in-thailand"
    )
    assert rows["/files/fishers-summary.txt"]["size"] == len(
        TEXT_ATTACHMENTS["/files/fishers-summary.txt"].encode()
    )
    text = run_cli("sources", "--index", str(ix))
    assert text.returncode == 0
    assert "blocked by robots.txt" in text.stdout
    assert text.stdout.strip().splitlines()[-1].startswith(f"{len(rows)} URLs in ")


def test_sources_without_a_cache_is_one_line_and_status_1(tmp_path: Path) -> None:
    r = run_cli("sources", "--index", str(tmp_path / "nothing"))
    assert r.returncode == 1
    assert r.stderr.strip().startswith("Error: nothing was fetched for")
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_urls_and_unreachable_sites_are_one_line_errors(tmp_path: Path) -> None:
    r = run_cli("index", "http://[bad", "--index", str(tmp_path / "ix"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "not a valid URL" in r.stderr
    # a closed port on the loopback address: nothing could be indexed
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run_cli("index", f"http://127.0.0.1:{port}/", "--index", str(tmp_path / "ix"), *FAST)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "robots.txt could not be read" in r.stderr
    assert "nothing could be indexed" in r.stderr


def test_progress_is_shown_on_a_terminal_and_nowhere_else(
    library: LibrarySite, tmp_path: Path
) -> None:
    import os
    import pty

    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "migsearch.cli", "index", library.url("/resources")]
    proc = subprocess.Popen(
        [*cmd, "--index", str(tmp_path / "ix"), *FAST],
        cwd=ROOT,
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(60) == 0
    screen = out.decode("utf-8", "replace")
    assert "\rFetching: 1 done, " in screen
    assert f"{library.url('/resources')}" in screen
    assert "Indexed 9 sources" in screen
    # not on a pipe: only the summary lines and the skipped ones
    r = run_cli("index", library.url("/resources"), "--index", str(tmp_path / "ix2"), *FAST)
    assert "Fetching:" not in r.stderr and "\r" not in r.stderr
    assert r.stdout.startswith("Fetched 18 URLs (17 requests) in ")
