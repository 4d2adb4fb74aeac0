"""A shard set searched with each shard in a process of its own
(search/shards/processes.py): real processes, the same answers as threads, a killed
shard process restarted, and a search's time limit kept."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from support import CORPUS
from wide_index import slow_phrase, write_wide_corpus

from migsearch.errors import SearchTimeoutError, ShardUnavailableError
from migsearch.indexer.store.shards import build_shards
from migsearch.search.engine import open_index
from migsearch.search.shards.processes import ProcessShards

QUERIES = [
    {"query": "migrant workers"},
    {"query": "domestic workers wages recruitment fees", "countries": ("ASEAN",)},
    {"query": "trafficking OR smuggling", "years": ("2019", "2020", "2021")},
    {"query": "migra*", "countries": ("ASEAN",)},
    {"query": '"forced labour" debt'},
    {"query": None, "themes": ("recruitment",)},
    {"query": "workers", "page": 2, "limit": 5},
]


def _answer(ix: object, options: dict) -> tuple:
    r = ix.search(**options)  # type: ignore[attr-defined]
    return r.total, r.facets, r.year_histogram, [(h.id, h.score, h.highlights) for h in r.hits]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a child that ended but was not yet reaped is a zombie: gone for our purpose
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("procs") / "three"
    build_shards([CORPUS], index, shards=3, workers=1)
    return index


def test_shards_in_processes_answer_as_in_threads(three: Path) -> None:
    with open_index(three) as threads:
        want = [_answer(threads, o) for o in QUERIES]
        hit = threads.search("migrant workers").hits[0]
        similar = [(h.id, h.score) for h in threads.similar(hit.id, limit=5).hits]
        stats = threads.stats()
        document = threads.get(hit.id)
    with open_index(three, processes=True) as procs:
        assert isinstance(procs.shards, ProcessShards)  # type: ignore[attr-defined]
        pids = procs.shards.pids  # type: ignore[attr-defined]
        assert len(pids) == 3 and os.getpid() not in pids and all(_alive(p) for p in pids)
        assert [_answer(procs, o) for o in QUERIES] == want
        assert procs.get(hit.id) == document
        assert [(h.id, h.score) for h in procs.similar(hit.id, limit=5).hits] == similar
        assert procs.stats()["documents"] == stats["documents"]
    time.sleep(0.2)
    assert not any(_alive(p) for p in pids), "closing the index leaves no shard process"


def test_a_killed_shard_process_fails_its_search_clearly_and_is_started_again(
    three: Path,
) -> None:
    with open_index(three) as threads:
        want = [_answer(threads, o) for o in QUERIES]
    with open_index(three, processes=True) as procs:
        procs.timeout = 120  # a loaded machine restarts a shard process slowly: no time-outs
        answers: list[tuple[int, object]] = []
        stop = threading.Event()

        def search() -> None:
            i = 0
            while not stop.is_set():
                q = i % len(QUERIES)
                try:
                    answers.append((q, _answer(procs, QUERIES[q])))
                except ShardUnavailableError as e:
                    answers.append((q, e))
                i += 1

        t = threading.Thread(target=search)
        t.start()
        while len(answers) < 3:
            time.sleep(0.01)
        victim = procs.shards.pids[1]  # type: ignore[attr-defined]
        os.kill(victim, signal.SIGKILL)
        killed_at = len(answers)
        deadline = time.monotonic() + 90
        while len(answers) < killed_at + 3 and time.monotonic() < deadline and t.is_alive():
            time.sleep(0.05)  # the search after the kill fails, the next ones get answers
        stop.set()
        t.join(60)
        assert not t.is_alive()
        assert len(answers) > killed_at + 1
        failed = [got for _, got in answers if isinstance(got, ShardUnavailableError)]
        assert len(failed) <= 1, failed  # only the search the kill cut through
        for q, got in answers:
            if not isinstance(got, ShardUnavailableError):
                assert got == want[q], QUERIES[q]
        for e in failed:
            assert "shard 1" in str(e) and "started again" in str(e)
        assert [_answer(procs, o) for o in QUERIES] == want
        assert victim not in procs.shards.pids  # type: ignore[attr-defined]


def test_a_search_in_shard_processes_stops_at_its_limit(tmp_path: Path) -> None:
    """As in tests/search/test_deadline.py: the limit is a quarter of what the slow
    phrase takes unlimited, and the search may overrun it by half of that."""
    index = tmp_path / "wide"
    build_shards([write_wide_corpus(tmp_path / "src", docs=400)], index, shards=2, workers=1)
    with open_index(index, timeout=None, processes=True) as ix:
        ix.search("alpha bravo", limit=1)
        t = time.monotonic()
        assert ix.search(slow_phrase(0)).total == 0
        full = time.monotonic() - t
        assert full > 0.5, f"the slow phrase took {full:.2f} s: too quick to test a limit"
        ix.timeout = full / 4
        t = time.monotonic()
        with pytest.raises(SearchTimeoutError) as e:
            ix.search(slow_phrase(1))
        took = time.monotonic() - t
        assert took < full / 4 + max(1.0, full / 2), (took, full)
        assert str(e.value) == str(SearchTimeoutError(full / 4))
        res = ix.search("alpha", limit=3)  # the shard processes answer the next search
        assert res.total == 400 and len(res.hits) == 3


def test_a_shard_that_cannot_open_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception) as e:
        ProcessShards([tmp_path / "no-such-shard"])
    assert "Traceback" not in str(e.value)
    assert type(e.value).__module__.startswith("migsearch"), repr(e.value)
