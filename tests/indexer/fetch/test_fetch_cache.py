"""The fetch cache: rows and bodies on disk, runs that resume, what a killed writer leaves."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from migsearch.indexer.fetch.cache import Cache, Entry, cache_dir_for


def test_the_cache_sits_beside_the_index(tmp_path: Path) -> None:
    assert cache_dir_for(tmp_path / "ix") == tmp_path / "ix.web"


def test_rows_and_bodies_round_trip_and_bodies_are_shared(tmp_path: Path) -> None:
    with Cache(tmp_path / "c") as c:
        a = c.put(Entry("http://x/a", "downloaded", time.time(), etag='"1"'), b"same bytes")
        b = c.put(Entry("http://x/b", "downloaded", time.time()), b"same bytes")
        assert a.sha1 == b.sha1 and a.size == 10
        assert len(list((tmp_path / "c" / "bodies").rglob("*"))) == 2  # one folder, one file
        got = c.entry("http://x/a")
        assert got is not None and got.etag == '"1"' and c.body(got) == b"same bytes"
        c.put(Entry("http://x/a", "not-found", time.time(), status=404))
        got = c.entry("http://x/a")
        assert got is not None and got.result == "not-found" and c.body(got) is None
        assert [e.url for e in c.entries()] == ["http://x/a", "http://x/b"]
        assert c.entry("http://x/none") is None


def test_an_unfinished_run_of_the_same_crawl_is_resumed(tmp_path: Path) -> None:
    with Cache(tmp_path / "c") as c:
        key = {"seeds": ["http://x/"], "depth": 1}
        first = c.start_run(key)
        assert not first.resumed
        again = c.start_run(key)
        assert again.resumed and again.id == first.id
        c.finish_run(again)
        third = c.start_run(key)
        assert not third.resumed and third.id != first.id
        other = c.start_run({"seeds": ["http://y/"], "depth": 1})
        assert not other.resumed


def test_resources_per_seed(tmp_path: Path) -> None:
    with Cache(tmp_path / "c") as c:
        c.set_resources("http://x/", ["http://x/a", "http://x/b"])
        c.set_resources("http://x/", ["http://x/b"])
        c.set_resources("http://y/", ["http://y/a"])
        assert c.resources("http://x/") == ["http://x/b"]
        assert c.resources("http://y/") == ["http://y/a"]


WRITER = """
import sys, time
from migsearch.indexer.fetch.cache import Cache, Entry
c = Cache(sys.argv[1])
i = 0
while True:
    c.put(Entry(f"http://x/{i}", "downloaded", time.time()), f"body {i}".encode() * 100)
    print(i, flush=True)
    i += 1
"""


def test_a_writer_killed_mid_stream_leaves_every_committed_row_with_its_body(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "c"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        done = -1
        while done < 200:
            done = int(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait(10)
    with Cache(folder) as c:
        entries = c.entries()
        assert len(entries) >= 201
        for e in entries:
            n = int(e.url.rsplit("/", 1)[1])
            assert c.body(e) == f"body {n}".encode() * 100
