"""Starting without an index, following new commits, several worker processes (``serve/app.py``)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import httpx
from server_fixtures import CORPUS, CORS_ORIGIN, Server, build_index


def test_server_starts_without_index_then_follows_new_commits(tmp_path):
    ix = tmp_path / "index"
    server = Server(ix, log=tmp_path / "server.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            r = http.get("/api/health")
            assert r.status_code == 503
            assert r.json()["type"] == "IndexMissingError"
            r = http.get("/api/search", params={"q": "migrant"})
            assert r.status_code == 503 and "index" in r.json()["error"]
            r = http.get("/")
            assert r.status_code == 503 and "No index yet" in r.text

            sources = tmp_path / "sources"
            shutil.copytree(CORPUS, sources / "corpus", ignore=shutil.ignore_patterns("README*"))
            first = build_index([sources], ix)["documents"]
            body = _wait_for(http, lambda b: b.get("documents") == first)
            gen = body["generation"]

            (sources / "new.jsonl").write_text(
                json.dumps(
                    {
                        "id": "late-arrival",
                        "title": "Seasonal farm workers quokkaberry",
                        "text": "Seasonal migrant farm workers quokkaberry in orchards.",
                    }
                )
                + "\n"
            )
            assert http.get("/api/search", params={"q": "quokkaberry"}).json()["total"] == 0
            counts = build_index([sources], ix)
            assert counts["added"] == 1
            body = _wait_for(http, lambda b: b.get("documents") == first + 1)
            assert body["generation"] > gen
            hits = http.get("/api/search", params={"q": "quokkaberry"}).json()["hits"]
            assert [h["id"] for h in hits] == ["late-arrival"]
            assert http.get("/api/documents/late-arrival").status_code == 200
        assert server.proc.poll() is None, "the server restarted or died"
    finally:
        server.stop()


def test_several_worker_processes(web_index, tmp_path):
    """WEB_CONCURRENCY=2: two processes on one port, each opening the index (and CORS) itself."""
    server = Server(
        web_index, cors=[CORS_ORIGIN], log=tmp_path / "server.log", env={"WEB_CONCURRENCY": "2"}
    )
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            _wait_for(http, lambda b: b.get("documents", 0) > 0)
            for _ in range(6):
                r = http.get(
                    "/api/search", params={"q": "fishers"}, headers={"Origin": CORS_ORIGIN}
                )
                assert r.status_code == 200 and r.json()["total"] > 0
                assert r.headers["access-control-allow-origin"] == CORS_ORIGIN
        # each process warms up (opens the index, runs one search) before its startup
        # completes; the first one ready may answer every request meanwhile
        deadline = time.monotonic() + 60
        while server.log().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.2)
        assert server.log().count("Application startup complete") == 2
    finally:
        server.stop()


def _wait_for(http: httpx.Client, ok, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    body: dict = {}
    while time.monotonic() < deadline:
        r = http.get("/api/health")
        body = r.json()
        if r.status_code == 200 and ok(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"health never matched: {body}")


def test_a_port_in_use_is_one_error_line(live_server: Server, tmp_path):
    """A second server on the same port: one line on stderr and status 1, no uvicorn log."""
    from support import run_cli

    res = run_cli("serve", "--index", str(tmp_path / "ix"), "--port", str(live_server.port))
    assert res.returncode == 1
    assert (
        res.stderr == f"Error: cannot listen on 127.0.0.1:{live_server.port}: the port is in use\n"
    )
    assert res.stdout == ""
    assert httpx.get(live_server.url + "/api/health").status_code == 200  # the first one is fine


def _descendants(pid: int) -> set[int]:
    """Every live process under ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(") ", 1)[1].split()
            if fields[0] != "Z":
                parents[int(d.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found.update(kids)
        todo += kids
    return found


def test_a_sharded_index_served_with_its_shards_in_processes(tmp_path):
    """Two server processes, each with a process per shard: the answers of threads."""
    from migsearch.indexer.store.shards import build_shards
    from migsearch.search.engine import open_index

    index = tmp_path / "two"
    build_shards([CORPUS], index, shards=2, workers=1)
    with open_index(index, processes=False) as ix:
        want = ix.search("migrant workers", countries=["ASEAN"])
    server = Server(
        index,
        log=tmp_path / "server.log",
        env={"WEB_CONCURRENCY": "2"},
        extra=["--shards-in", "processes"],
    )
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            _wait_for(http, lambda b: b.get("documents", 0) > 0)
            for _ in range(4):
                r = http.get("/api/search", params={"q": "migrant workers", "country": "ASEAN"})
                assert r.status_code == 200, r.text
                body = r.json()
                assert body["total"] == want.total
                assert [h["id"] for h in body["hits"]] == [h.id for h in want.hits]
        shard_procs = [
            p
            for p in _descendants(server.proc.pid)
            if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
        ]
        assert len(shard_procs) >= 2, server.log()  # each server process that answered has 2
    finally:
        server.stop()
    deadline = time.monotonic() + 10
    while (left := [p for p in shard_procs if _running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], "stopping the server stops its shard processes"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
