"""Searching from many threads while other processes write (search/follow.py, search/filemap.py).

One SearchIndex is shared by threads that search at once: their results must
be those of one thread searching alone, a slow search must not hold up the
others, and while real ``migsearch index`` processes commit and rebuild, no
search may fail and every commit must become visible, a rebuild that lands
on the same generation number included.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from support import CORPUS, ROOT
from wide_index import SLOW_VARIANTS, slow_phrase

from migsearch.errors import DocumentNotFoundError
from migsearch.indexer.store.storage import commit_stamp
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index

QUERIES = [
    "migrant workers",
    "fishers",
    '"domestic workers"',
    "recruitment fees",
    "trafficking country:THA",
    "migra* AND year:2014..2016",
    "fish* OR OFW",
    "remittances NOT covid",
    "migrant workers ANDNOT fishers",
    "title:labour",
    "",
    "skills recognition asean",
]


def _result(ix, q: str, page: int = 1) -> dict:
    return ix.search(q, page=page, limit=5).to_dict()


def test_threads_share_one_index_and_get_what_one_thread_gets(corpus_index: Path) -> None:
    with open_index(corpus_index) as ix:
        alone = {(q, p): _result(ix, q, p) for q in QUERIES for p in (1, 2)}
    with open_index(corpus_index) as ix:  # fresh caches: the threads fill them together
        errors: list[BaseException] = []
        got: list[tuple[tuple[str, int], dict]] = []

        def worker(seed: int) -> None:
            keys = list(alone) * 3
            random.Random(seed).shuffle(keys)
            try:
                for q, p in keys:
                    got.append(((q, p), _result(ix, q, p)))
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors
    assert len(got) == 8 * 3 * len(alone)
    for key, res in got:
        assert res == alone[key], key


def test_a_slow_search_does_not_hold_up_the_others(wide_index: Path) -> None:
    """Quick searches answer while slow ones run back to back in another thread.

    Behind one lock, each quick search would wait for the rest of a slow one (half
    of one on average), so four of them would take more than a whole slow search.
    The slow searches run back to back so that one is always running, however fast
    the machine is that day, each a different variant of the phrase: a repeated
    one would be answered from the cache its first run left.
    """
    with open_index(wide_index, timeout=None) as ix:
        ix.search("alpha", limit=1)
        stop = threading.Event()
        slow_took: list[float] = []

        def slow() -> None:
            for variant in range(SLOW_VARIANTS):
                if stop.is_set():
                    break
                t = time.monotonic()
                ix.search(slow_phrase(variant))
                slow_took.append(time.monotonic() - t)

        th = threading.Thread(target=slow)
        th.start()
        time.sleep(0.2)
        quick = []
        for q in ("alpha", "w12", "charlie delta", "w3 OR w4"):
            t = time.monotonic()
            assert ix.search(q, limit=3).total > 0
            quick.append(time.monotonic() - t)
            assert ix.doc_count() > 0
        stop.set()
        th.join()
    assert slow_took, "the slow search never finished"
    assert sum(quick) < min(slow_took), (quick, slow_took)
    assert max(quick) < min(slow_took) / 2, (quick, slow_took)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migsearch.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def _record(n: int) -> str:
    return json.dumps(
        {"id": f"late-{n}", "title": f"Late arrival {n} zebrafinch", "text": "Seasonal work."}
    )


def test_searches_never_fail_while_index_runs_commit_and_rebuild(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(CORPUS, src / "corpus", ignore=shutil.ignore_patterns("README*"))
    ix_dir = tmp_path / "ix"
    first = build_index([src], ix_dir, workers=1).documents
    stop = threading.Event()
    rebuilding = threading.Event()
    errors: list[BaseException] = []
    searches = [0]

    with open_index(ix_dir) as ix:

        def reader(seed: int) -> None:
            rng = random.Random(seed)
            while not stop.is_set():
                try:
                    ix.search(rng.choice(QUERIES), limit=5)
                    hit = ix.search("zebrafinch OR fishers", limit=1).hits[0]
                    try:
                        ix.get(hit.id)
                    except DocumentNotFoundError:
                        # two calls may see two commits: fair only once the rebuild (which
                        # removes documents; the incremental runs only add) has started
                        if not rebuilding.is_set():
                            raise
                    searches[0] += 1
                except BaseException as e:
                    errors.append(e)
                    return

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        try:
            expected = first
            for n in range(2):  # incremental runs, each one more record
                (src / f"late{n}.jsonl").write_text(_record(n) + "\n")
                r = _cli("index", str(src), "--index", str(ix_dir), "--json")
                assert r.returncode == 0, r.stderr
                expected += 1
                _wait(lambda e=expected: ix.doc_count() == e)
                assert ix.search("zebrafinch").total == n + 1
            # a rebuild of fewer files: its first commit reuses generation 1
            shutil.rmtree(src / "corpus")
            before = commit_stamp(ix_dir)
            rebuilding.set()
            r = _cli("index", str(src), "--index", str(ix_dir), "--rebuild", "--json")
            assert r.returncode == 0, r.stderr
            after = commit_stamp(ix_dir)
            assert after is not None and before is not None and after != before
            _wait(lambda: ix.doc_count() == 2)
            assert ix.search("zebrafinch").total == 2
            assert ix.search("fishers").total == 0
        finally:
            stop.set()
            for t in threads:
                t.join()
    assert not errors, errors[:3]
    assert searches[0] > 0


def _wait(ok, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, "the new commit never became visible"
        time.sleep(0.05)


def test_a_rebuild_is_seen_whatever_generation_it_lands_on(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(CORPUS, src / "corpus", ignore=shutil.ignore_patterns("README*"))
    ix_dir = tmp_path / "ix"
    build_index([src], ix_dir, workers=1)
    with open_index(ix_dir) as ix:
        gen = ix.refresh()
        assert ix.doc_count() > 2
        shutil.rmtree(src / "corpus")
        for n in range(2):
            (src / f"late{n}.jsonl").write_text(_record(n) + "\n")
        build_index([src], ix_dir, rebuild=True, workers=1)
        # the stamp, not the generation number, tells commits apart: a rebuild may
        # number its commit as the one it replaces (it did before generation folders)
        assert ix.refresh() >= gen
        assert ix.doc_count() == 2
        assert ix.search("fishers").total == 0
        assert ix.stats()["documents"] == 2
