"""A real server that keeps answering (serve/holder.py, serve/app.py).

* /api/health answers in well under 100 ms while a slow search runs;
* a search past ``--timeout`` is a 504 with a JSON body (the page: an HTML
  504), and the server answers the next request at once;
* while real ``migsearch index`` runs commit and a ``--rebuild`` swaps the
  index, clients searching in threads get no failed request, and each
  commit shows in /api/health within 2 s.
"""

from __future__ import annotations

import json
import random
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
from server_fixtures import CORPUS, Server, build_index, cli
from wide_index import SLOW_PHRASE


@pytest.fixture()
def wide_server(wide_index: Path, tmp_path: Path):
    server = Server(wide_index, log=tmp_path / "server.log", extra=["--timeout", "60"])
    server.wait_ready()
    yield server
    server.stop()


def test_health_answers_at_once_while_a_slow_search_runs(wide_server: Server) -> None:
    # both clients made before the clock starts: making one loads the CA bundle,
    # which holds this test's interpreter for a few hundred milliseconds
    with (
        httpx.Client(base_url=wide_server.url, timeout=120) as http,
        httpx.Client(base_url=wide_server.url, timeout=120) as h,
    ):
        assert http.get("/api/search", params={"q": "alpha"}).status_code == 200
        stop = threading.Event()
        slow: list[tuple[int, float, float]] = []  # (status, start, end)

        def run_slow() -> None:
            # phrases of different lengths, so that none is answered from a cache
            for n in range(60, 20, -1):
                if stop.is_set():
                    return
                phrase = '"' + " ".join(["bravo alpha"] * n) + '"'
                t = time.monotonic()
                status = h.get("/api/search", params={"q": phrase}).status_code
                slow.append((status, t, time.monotonic()))

        th = threading.Thread(target=run_slow)
        th.start()
        time.sleep(0.3)
        health = []
        begin = time.monotonic()
        for _ in range(10):
            t = time.monotonic()
            r = http.get("/api/health")
            health.append(time.monotonic() - t)
            assert r.status_code == 200 and r.json()["documents"] > 0
            time.sleep(0.02)
        quick = http.get("/api/search", params={"q": "w17"})
        assert quick.status_code == 200 and quick.json()["total"] >= 1
        end = time.monotonic()
        stop.set()
        th.join()
    assert slow and all(status == 200 for status, _, _ in slow), slow
    # a slow search was running the whole time the probes ran
    busy = [(a, b) for _, a, b in slow if a <= begin + 0.05 and b >= end - 0.05]
    cover = [(a, b) for _, a, b in slow if a < end and b > begin]
    assert busy or sum(min(b, end) - max(a, begin) for a, b in cover) >= 0.9 * (end - begin), (
        slow,
        begin,
        end,
    )
    # health waits for no search: each probe is a small part of a slow search's time
    # (a fixed 0.1 s failed on a loaded machine at 0.113 s)
    slowest_wait = sorted(b - a for _, a, b in slow)[len(slow) // 2]
    assert max(health) < min(0.5, slowest_wait / 4), (health, slowest_wait)


def test_a_search_past_the_time_limit_is_a_504_and_the_server_goes_on(
    wide_index: Path, tmp_path: Path
) -> None:
    server = Server(wide_index, log=tmp_path / "server.log", extra=["--timeout", "0.2"])
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=60) as http:
            # a rare word is quick; the phrase walks every position of every document
            assert http.get("/api/search", params={"q": "w5"}).status_code == 200
            t = time.monotonic()
            r = http.get("/api/search", params={"q": SLOW_PHRASE})
            assert time.monotonic() - t < 3.0
            assert r.status_code == 504
            body = r.json()
            assert body["type"] == "SearchTimeoutError"
            assert "time limit of 0.2 s" in body["error"] and "\n" not in body["error"]
            page = http.get("/", params={"q": SLOW_PHRASE})
            assert page.status_code == 504 and "time limit" in page.text
            assert "text/html" in page.headers["content-type"]
            r = http.get("/api/search", params={"q": "w3"})
            assert r.status_code == 200 and r.json()["total"] >= 1
    finally:
        server.stop()


def _record(n: int) -> str:
    return json.dumps({"id": f"late-{n}", "title": f"Late {n} zebrafinch", "text": "Farm work."})


def test_clients_get_no_error_while_index_runs_commit_and_rebuild(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(CORPUS, src / "corpus", ignore=shutil.ignore_patterns("README*"))
    ix = tmp_path / "ix"
    first = build_index([src], ix)["documents"]
    server = Server(ix, log=tmp_path / "server.log")
    stop = threading.Event()
    statuses: list[int] = []
    queries = ["migrant workers", "fishers", "zebrafinch", '"domestic workers"', "", "covid"]

    def client(seed: int) -> None:
        rng = random.Random(seed)
        # the page redirects an empty q= to the URL without it (303): followed, a 200
        with httpx.Client(base_url=server.url, timeout=30, follow_redirects=True) as h:
            while not stop.is_set():
                q = rng.choice(queries)
                path = rng.choice(["/api/search", "/"])
                try:
                    statuses.append(h.get(path, params={"q": q}).status_code)
                except httpx.HTTPError:
                    statuses.append(0)

    try:
        server.wait_ready()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            _until(http, lambda b: b.get("documents") == first, 20)
            lags = []
            for n in range(2):
                (src / f"late{n}.jsonl").write_text(_record(n) + "\n")
                build_index([src], ix)
                lags.append(_until(http, lambda b, n=n: b.get("documents") == first + n + 1))
            shutil.rmtree(src / "corpus")
            build_index_rebuild(src, ix)
            lags.append(_until(http, lambda b: b.get("documents") == 2))
            hits = http.get("/api/search", params={"q": "zebrafinch"}).json()
            assert hits["total"] == 2
            assert http.get("/api/search", params={"q": "fishers"}).json()["total"] == 0
        stop.set()
        for t in threads:
            t.join()
    finally:
        stop.set()
        server.stop()
    assert statuses and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    assert max(lags) < 2.0, lags


def build_index_rebuild(src: Path, ix: Path) -> None:
    import subprocess

    proc = subprocess.run(
        [*cli(), "index", str(src), "--index", str(ix), "--rebuild", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr


def _until(http: httpx.Client, ok, timeout: float = 10.0) -> float:
    """Seconds until /api/health satisfies ``ok`` (fails past ``timeout``)."""
    t = time.monotonic()
    body: dict = {}
    while time.monotonic() - t < timeout:
        # a new connection each time: one kept alive while an index was built sat idle
        # past the server's keep-alive timeout and was reset as it was reused (seen in CI)
        r = http.get("/api/health", headers={"Connection": "close"})
        body = r.json()
        if r.status_code == 200 and ok(body):
            return time.monotonic() - t
        time.sleep(0.05)
    raise AssertionError(f"health never matched: {body}")


def test_the_server_follows_a_rebuild_whatever_generation_it_lands_on(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(CORPUS, src / "corpus", ignore=shutil.ignore_patterns("README*"))
    ix = tmp_path / "ix"
    first = build_index([src], ix)["documents"]
    server = Server(ix, log=tmp_path / "server.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            before = http.get("/api/health").json()
            assert before["documents"] == first
            assert http.get("/api/search", params={"q": "fishers"}).json()["total"] > 0
            shutil.rmtree(src / "corpus")
            (src / "late.jsonl").write_text(_record(0) + "\n" + _record(1) + "\n")
            build_index_rebuild(src, ix)
            lag = _until(http, lambda b: b.get("documents") == 2)
            after = http.get("/api/health").json()
            # the follower compares commit stamps, not generation numbers: a rebuild
            # may number its commit as the one it replaces (it did before generation folders)
            assert after["generation"] >= before["generation"]
            assert http.get("/api/search", params={"q": "fishers"}).json()["total"] == 0
            assert http.get("/api/search", params={"q": "zebrafinch"}).json()["total"] == 2
    finally:
        server.stop()
    assert lag < 2.0, lag
