"""A shard set built and searched on a real local Dask cluster (search/shards/cluster.py):
a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, started here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import CORPUS
from wide_index import slow_phrase, write_wide_corpus

from migsearch.errors import MigsearchError, SearchTimeoutError
from migsearch.indexer.store.shards import build_shards
from migsearch.indexer.store.shardset import shard_count, shard_folders
from migsearch.search.engine import SCHEDULER_VARIABLE, open_index
from migsearch.search.shards.cluster import build_on_cluster, connect
from migsearch.search.shards.coordinator import ShardedIndex

START_TIMEOUT = 90.0
DASK = Path(sys.executable).with_name("dask")
QUERIES = [
    {"query": "migrant workers"},
    {"query": "domestic workers wages recruitment fees", "countries": ("ASEAN",)},
    {"query": "trafficking OR smuggling"},
    {"query": None, "themes": ("recruitment",)},
]


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(DASK), *args], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    procs: list[subprocess.Popen[bytes]] = []
    info = tmp_path / "scheduler.json"
    try:
        procs.append(
            _start(
                ["scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
                 "--scheduler-file", str(info)],
                tmp_path / "scheduler.log",
            )
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), (tmp_path / "scheduler.log").read_text()
        address = json.loads(info.read_text())["address"]
        workers = [
            _start(
                ["worker", address, "--host", "127.0.0.1", "--nthreads", "2", "--no-nanny",
                 "--dashboard-address", ":0", "--name", f"w{i}"],
                tmp_path / f"worker{i}.log",
            )
            for i in range(2)
        ]  # fmt: skip
        procs += workers
        client = connect(address)
        try:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        finally:
            client.close()
        yield address, workers
    finally:
        # workers first (a worker whose scheduler is gone may wait to reconnect), and a
        # process that has not left 5 s after SIGTERM is killed: a full CI run once spent
        # 30 s in this teardown (not reproduced alone, where it takes 0.3 s)
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(15)


def _answer(ix: object, options: dict) -> tuple:
    r = ix.search(**options)  # type: ignore[attr-defined]
    return r.total, r.facets, [(h.id, h.score, h.highlights) for h in r.hits]


def test_a_set_built_and_searched_on_a_cluster_answers_as_in_process(
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address, workers = cluster
    index = tmp_path / "ix"
    client = connect(address)
    try:
        report = build_on_cluster(client, [CORPUS], index, 2)
    finally:
        client.close()
    assert report.documents == 30 and shard_count(index) == 2
    assert all((f / "CURRENT").exists() for f in shard_folders(index, 2))
    here = tmp_path / "here"
    build_shards([CORPUS], here, shards=2)
    with open_index(here) as local:
        want = [_answer(local, o) for o in QUERIES]

    monkeypatch.setenv(SCHEDULER_VARIABLE, address)
    with open_index(index) as remote:
        assert isinstance(remote, ShardedIndex)
        assert type(remote.shards).__name__ == "ClusterShards"
        assert [_answer(remote, o) for o in QUERIES] == want

        # one worker is killed while searches run: each answer is the right one or a
        # migsearch error, never a partial or wrong one; later searches are answered
        answers: list[tuple[int, object]] = []
        stop = threading.Event()

        def search() -> None:
            i = 0
            while not stop.is_set():
                try:
                    answers.append((i % len(QUERIES), _answer(remote, QUERIES[i % len(QUERIES)])))
                except MigsearchError as e:
                    answers.append((i % len(QUERIES), e))
                i += 1

        t = threading.Thread(target=search)
        t.start()
        while len(answers) < 2:
            time.sleep(0.01)
        os.kill(workers[0].pid, signal.SIGKILL)
        killed_at = len(answers)
        time.sleep(3.0)
        stop.set()
        t.join(120)
        assert not t.is_alive()
        assert len(answers) > killed_at
        for q, got in answers:
            if not isinstance(got, MigsearchError):
                assert got == want[q], QUERIES[q]
        after = [_answer(remote, o) for o in QUERIES]  # the other worker serves every shard
        assert after == want


def test_a_slow_search_on_a_cluster_stops_at_its_limit_as_in_process(
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workers run a search's steps under the limit of the search that sent them.

    As in tests/search/test_deadline.py, the limit is a quarter of what the slow
    phrase takes unlimited, here on the cluster; each search uses another variant
    of the phrase so that none is answered from a cache. Each side may overrun the
    limit by half of what it takes unlimited: in process the two shards' threads
    share one interpreter and take about twice the cluster's time (7.5 s against
    3.4 s here), so their steps between two checks of the limit are twice as long
    (a CI run under load stopped at 3.1 s against a bound made from the cluster's).
    """
    address, _ = cluster
    index = tmp_path / "wide"
    build_shards([write_wide_corpus(tmp_path / "src", docs=400)], index, shards=2, workers=1)
    with open_index(index, timeout=None) as local:
        local.search("alpha bravo", limit=1)
        monkeypatch.setenv(SCHEDULER_VARIABLE, address)
        with open_index(index, timeout=None) as remote:
            assert type(remote.shards).__name__ == "ClusterShards"
            remote.search("alpha bravo", limit=1)  # the workers open their shards
            t = time.monotonic()
            assert remote.search(slow_phrase(0)).total == 0
            full = time.monotonic() - t
            assert full > 0.5, f"the slow phrase took {full:.2f} s: too quick to test a limit"
            limit = full / 4
            t = time.monotonic()
            assert local.search(slow_phrase(3)).total == 0
            full_local = time.monotonic() - t
            stopped = []
            for ix, variant, own in ((remote, 1, full), (local, 2, full_local)):
                ix.timeout = limit
                t = time.monotonic()
                with pytest.raises(SearchTimeoutError) as e:
                    ix.search(slow_phrase(variant))
                took = time.monotonic() - t
                assert took < limit + max(1.0, own / 2), (took, limit, own)
                stopped.append(str(e.value))
            assert stopped[0] == stopped[1] == str(SearchTimeoutError(limit))
            res = remote.search("alpha", limit=3)  # the workers answer the next search
            assert res.total == 400 and len(res.hits) == 3
